//! The browser checks a sheet in steps of a few thousand rows (`Preparation`) so the page stays
//! responsive; whatever the step size, the result must be exactly what `prepare` gives, for
//! clean sheets, sheets with rows set aside over several rounds, and refused sheets.

use cashplan::formats::sheet::*;
use cashplan::model::{Plan, Stamp};

fn plan() -> Plan {
    Plan::new("p-test", "NWS", "SYR", "USD", &Stamp { at: "2024-01-01T00:00:00Z".into(), by: "test".into() })
}

const HEADER: &str = "Partner,Cluster,Pcode,Governorate,People,Reached,Women,Men,Modality,Value,Currency,Start,End\n#org+prog,#sector,#adm1+code,#adm1+name,#targeted,#reached,#targeted+f+adults,#targeted+m+adults,#modality,#value+transfer+hh,#currency,#date+start,#date+end\n";

/// Rows with every kind of problem: set aside while mapping (row 7), in the first reading
/// (rows 5, 6, 8, 10), a breakdown warning (row 9) and reached above targeted (row 4, which
/// the rules flag and import).
const MIXED: &[&str] = &[
    "WFP,FSC,SY02,Aleppo,100,50,60,40,cash,150,USD,2023-01-01,2023-02-01",
    "IRC,FSC,SY02,Aleppo,100,120,,,cash,150,USD,,",
    "NRC,FSC,SY02,Aleppo,10,,,,in-kind,40,USD,,",
    "DRC,FSC,SY02,Aleppo,10,,,,voucher,,,,",
    "SC,FSC,SY02,Aleppo,-5,,,,,,,,",
    "CARE,FSC,SY07,Idleb,10,,,,,,,2023-03-01,2023-02-01",
    "MC,FSC,SY07,Idleb,90,,50,30,,,,,",
    "WFP,FSC,SY02,Aleppo,100,50,60,40,cash,150,USD,2023-01-01,2023-02-01",
    "UNICEF,WASH,SY07,Idleb,40,20,,,voucher,25,USD,2023-04-01,2023-05-01",
];

fn sheet(rows: &[&str]) -> (RawTable, ColumnMapping) {
    let raw = read_table("partner.csv", format!("{HEADER}{}\n", rows.join("\n")).as_bytes(), None).unwrap();
    let mapping = propose_mapping(&raw);
    (raw, mapping)
}

/// Steps through a preparation `rows` rows at a time; the result and every progress report.
fn stepwise(
    raw: &RawTable,
    mapping: &ColumnMapping,
    plan: &Plan,
    options: SheetOptions,
    rows: usize,
) -> (Result<SheetImport, SheetImportErrors>, Vec<Progress>) {
    let mut preparation = Preparation::new(raw, mapping, plan, options);
    let mut seen = Vec::new();
    for _ in 0..=raw.rows.len() * 2 + 10 {
        match preparation.step(rows) {
            Step::Working(progress) => seen.push(progress),
            Step::Done(result) => return (result, seen),
        }
    }
    panic!("the preparation never finished: {seen:?}");
}

#[test]
fn steps_of_any_size_give_what_prepare_gives() {
    let plan = plan();
    let (clean_raw, clean_mapping) = sheet(&MIXED[..1]);
    let (mixed_raw, mixed_mapping) = sheet(MIXED);
    let mut wrong_mapping = mixed_mapping.clone();
    wrong_mapping.columns.pop();
    let cases = [
        ("clean", &clean_raw, &clean_mapping, SheetOptions { create_areas: true, skip_bad_rows: false }),
        ("mixed, skipping", &mixed_raw, &mixed_mapping, SheetOptions { create_areas: true, skip_bad_rows: true }),
        ("mixed, refused", &mixed_raw, &mixed_mapping, SheetOptions { create_areas: true, skip_bad_rows: false }),
        ("mixed, no new areas", &mixed_raw, &mixed_mapping, SheetOptions { create_areas: false, skip_bad_rows: true }),
        (
            "mapping for other headers",
            &mixed_raw,
            &wrong_mapping,
            SheetOptions { create_areas: true, skip_bad_rows: true },
        ),
    ];
    for (name, raw, mapping, options) in cases {
        let expected = prepare(raw, mapping, &plan, &options);
        // A step of 0 rows is taken as 1, so it still finishes.
        for rows in [0, 1, 2, 4, 1000, usize::MAX] {
            let (result, _) = stepwise(raw, mapping, &plan, options, rows);
            assert_eq!(result, expected, "{name}, {rows} rows a step");
        }
    }
    let skipped =
        prepare(&mixed_raw, &mixed_mapping, &plan, &SheetOptions { create_areas: true, skip_bad_rows: true }).unwrap();
    assert_eq!(
        skipped.rejected_rows().len(),
        5,
        "the comparison covers rows set aside while mapping and while reading"
    );
    assert!(skipped.warnings.iter().any(|w| w.kind == WarningKind::ReachedAboveTargeted && w.line == Some(4)));
}

#[test]
fn progress_counts_the_rows_mapped_then_the_readings() {
    let (raw, mapping) = sheet(MIXED);
    let (result, progress) =
        stepwise(&raw, &mapping, &plan(), SheetOptions { create_areas: true, skip_bad_rows: true }, 4);
    assert!(result.is_ok());
    assert_eq!(
        &progress[..3],
        &[
            Progress::Mapping { done: 4, total: 9 },
            Progress::Mapping { done: 8, total: 9 },
            Progress::Mapping { done: 9, total: 9 },
        ]
    );
    // A reading takes two steps; the rows with problems found in the first reading are set
    // aside and the rest read again.
    let first = Progress::Checking { rows: 8, round: 1 };
    assert_eq!(&progress[3..5], &[first, first], "row 7 was set aside while mapping");
    assert_eq!(&progress[5..], &[Progress::Checking { rows: 8, round: 2 }; 2]);
    assert_eq!(progress[1].to_string(), "Checking rows 8 of 9…");
    assert_eq!(Progress::Mapping { done: 40_000, total: 100_000 }.to_string(), "Checking rows 40,000 of 100,000…");
}
