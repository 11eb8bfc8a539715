//! A value the mapping screen shows "(as proposed)" is imported as shown, however late the
//! column was mapped: the screen and the import read one meaning (`formats::sheet::meaning`).

use cashplan::formats::sheet::*;
use cashplan::model::{Modality, Plan, Restriction, Stamp};

fn stamp() -> Stamp {
    Stamp { at: "2024-01-01T00:00:00Z".into(), by: "test".into() }
}

fn new_plan() -> Plan {
    Plan::new("p-test", "NWS", "SYR", "USD", &stamp())
}

const OPTIONS: SheetOptions = SheetOptions { create_areas: true, skip_bad_rows: false };

const TEMPLATE: &str =
    "Partner,Cluster,Admin 1 Pcode,Governorate,Type of cash & restrictions,Transfer value,Currency\n\
    Org A,MPC,SY02,Aleppo,Cash - Unrestricted,100,USD\n\
    Org A,MPC,SY07,Idleb,Voucher - Unrestricted,50,USD\n\
    Org B,MPC,SY02,Aleppo,Cash - Unrestricted,120,USD\n";

/// The template opened, then its modality column (a header the list does not know) mapped by
/// the user on the screen, after the file was opened: the mapping holds no value choices for it.
fn opened_then_mapped(hashtag: &str) -> (RawTable, ColumnMapping) {
    let raw = read_table("4w.csv", TEMPLATE.as_bytes(), None).unwrap();
    let mut mapping = propose_mapping(&raw);
    let column = raw.headers.iter().position(|h| h == "Type of cash & restrictions").unwrap();
    mapping.columns[column].hashtag = Some(hashtag.into());
    assert!(!mapping.values.contains_key(hashtag));
    (raw, mapping)
}

fn imported(raw: &RawTable, mapping: &ColumnMapping) -> Plan {
    let import = prepare(raw, mapping, &new_plan(), &OPTIONS).unwrap_or_else(|e| panic!("{e}"));
    assert!(import.rejected.is_empty(), "{:?}", import.rejected);
    let mut plan = new_plan();
    for batch in import.batches {
        batch.apply(&mut plan, &stamp());
    }
    plan
}

#[test]
fn a_column_mapped_after_opening_imports_its_values_as_proposed() {
    let (raw, mapping) = opened_then_mapped("#modality+restriction");

    let shown = distinct_values(&raw, &mapping);
    let cash = shown.iter().find(|v| v.raw == "Cash - Unrestricted").unwrap();
    let expected = ValueChoice::Set(
        [("#modality".to_string(), "cash".to_string()), ("#modality+restriction".into(), "unrestricted".into())].into(),
    );
    assert_eq!(cash.proposal.as_ref(), Some(&expected));
    assert_eq!(meaning(&mapping, "#modality+restriction", "cash - unrestricted"), Some(expected));

    let plan = imported(&raw, &mapping);
    let activities: Vec<_> = plan.activities.live().map(|r| r.data.clone()).collect();
    assert_eq!(activities.len(), 3);
    assert!(activities.iter().all(|a| a.restriction == Some(Restriction::Unrestricted)));
    let vouchers = activities.iter().filter(|a| a.modality == Some(Modality::Voucher)).count();
    assert_eq!(vouchers, 1);
}

#[test]
fn a_stored_choice_still_wins_over_the_proposal_and_saving_stores_the_proposals() {
    let (raw, mut mapping) = opened_then_mapped("#modality");
    mapping.set_value("#modality", "Voucher - Unrestricted", ValueChoice::one("#modality", "cash"));
    let mut saved = mapping.clone();
    store_proposals(&raw, &mut saved);
    assert_eq!(saved.value_choice("#modality", "Voucher - Unrestricted"), Some(&ValueChoice::one("#modality", "cash")));
    assert!(saved.value_choice("#modality", "Cash - Unrestricted").is_some());

    let plan = imported(&raw, &mapping);
    assert!(plan.activities.live().all(|r| r.data.modality == Some(Modality::Cash)));
    // "Cash - Unrestricted" mapped to modality also gives the restriction it names.
    let restricted = plan.activities.live().filter(|r| r.data.restriction == Some(Restriction::Unrestricted)).count();
    assert_eq!(restricted, 2);
}
