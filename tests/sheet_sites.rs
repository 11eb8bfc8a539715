//! Sites and camps (name and code) and the reporting month are activity fields on every path:
//! HXL and sheets read them, they tell distributions apart in the duplicate key, and an
//! undated row counts in its reporting month only. The real NW Syria 4W keeps its counts, and
//! with its site and month columns mapped its rows equal but for the site become distinct.

use cashplan::engine::gaps::{analyse, GapQuery};
use cashplan::formats::hxl::read_hxl;
use cashplan::formats::sheet::*;
use cashplan::model::{Month, Plan, Stamp};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn stamp() -> Stamp {
    Stamp { at: "2024-01-01T00:00:00Z".into(), by: "test".into() }
}

fn plan_with_area() -> Plan {
    let mut plan = Plan::new("p-test", "NWS", "SYR", "USD", &stamp());
    let areas = "Pcode,Name\n#adm1+code,#adm1+name\nSY02,Aleppo\n";
    read_hxl("areas.csv", areas, None, &plan).unwrap().apply(&mut plan, &stamp());
    plan
}

const HXL_4W: &str = "Org,Sector,Pcode,Camp,Camp code,Month,Modality,Value,Currency,People\n\
    #org+prog,#sector,#adm1+code,#loc+name,#loc+code,#date+reported,#modality,#value+transfer+hh,#currency,#targeted\n\
    Org A,MPC,SY02,Camp one,CP001,2023-03-31,cash,100,USD,50\n\
    Org A,MPC,SY02,Camp two,CP002,2023-03-31,cash,100,USD,70\n\
    Org A,MPC,SY02,Camp one,CP001,2023-04,cash,100,USD,30\n";

#[test]
fn hxl_rows_at_distinct_sites_or_months_are_distinct_activities() {
    let mut plan = plan_with_area();
    let batch = read_hxl("4w.csv", HXL_4W, None, &plan).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(batch.preview.adds, 3);
    batch.apply(&mut plan, &stamp());
    let mut sites: Vec<_> = plan
        .activities
        .live()
        .map(|r| (r.data.site.clone().unwrap(), r.data.site_code.clone().unwrap(), r.data.month.unwrap().to_string()))
        .collect();
    sites.sort();
    assert_eq!(
        sites,
        [
            ("Camp one".to_string(), "CP001".to_string(), "2023-03".to_string()),
            ("Camp one".into(), "CP001".into(), "2023-04".into()),
            ("Camp two".into(), "CP002".into(), "2023-03".into())
        ]
    );
    // The same rows again are the same activities (ids from the key, site and month included).
    let again = read_hxl("4w.csv", HXL_4W, None, &plan).unwrap();
    assert_eq!((again.preview.adds, again.preview.unchanged), (0, 3));

    // Undated rows count in their reporting month only.
    let in_month = |m: &str| analyse(&plan, &GapQuery { level: Some(1), period: Month::parse(m) }).totals.targeted;
    assert_eq!((in_month("2023-03"), in_month("2023-04"), in_month("2023-05")), (120, 30, 0));
}

#[test]
fn the_same_row_twice_is_still_a_duplicate_and_says_what_tells_rows_apart() {
    let twice = format!("{HXL_4W}Org A,MPC,SY02,Camp two,CP002,2023-03-31,cash,100,USD,70\n");
    let error = read_hxl("4w.csv", &twice, None, &plan_with_area()).unwrap_err().to_string();
    assert!(error.contains("the same record as row 4"), "{error}");
    assert!(error.contains("site, reporting month"), "{error}");
}

#[test]
fn sheets_read_months_however_written() {
    let text = "Partner,Cluster,Admin 1 Pcode,Site,Month of activity,Modality,Transfer value,Currency\n\
        Org A,MPC,SY02,Camp one,March 2023,cash,100,USD\n\
        Org A,MPC,SY02,Camp one,2023-04,cash,100,USD\n\
        Org A,MPC,SY02,Camp one,05/2023,cash,100,USD\n\
        Org A,MPC,SY02,Camp one,30/06/2023,cash,100,USD\n\
        Org A,MPC,SY02,Camp one,whenever,cash,100,USD\n";
    let raw = read_table("4w.csv", text.as_bytes(), None).unwrap();
    let mut mapping = propose_mapping(&raw);
    mapping.columns[4].hashtag = Some("#date+reported".into());
    assert_eq!(mapping.columns[3].hashtag.as_deref(), Some("#loc+name"));
    let options = SheetOptions { create_areas: true, skip_bad_rows: true };
    let import = prepare(&raw, &mapping, &plan_with_area(), &options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(import.rejected_rows().into_iter().collect::<Vec<_>>(), [6]);
    let mut plan = plan_with_area();
    for batch in import.batches {
        batch.apply(&mut plan, &stamp());
    }
    let mut months: Vec<String> = plan.activities.live().map(|r| r.data.month.unwrap().to_string()).collect();
    months.sort();
    assert_eq!(months, ["2023-03", "2023-04", "2023-05", "2023-06"]);
}

// --- The real Northwest Syria CWG 4W ---------------------------------------------------------

const REAL_FILE: &str = "nws-cwg-4w-2023.csv";

fn real_4w() -> Option<(RawTable, ColumnMapping)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let found: Option<PathBuf> = [root.join("../shared/data/real"), root.join("../../shared/data/real")]
        .into_iter()
        .map(|d| d.join(REAL_FILE))
        .find(|p| p.exists());
    let Some(path) = found else {
        eprintln!("\n!!! SKIPPED: {REAL_FILE} not found at ../shared/data/real beside the project !!!\n");
        return None;
    };
    let raw = read_table(REAL_FILE, &std::fs::read(path).unwrap(), None).unwrap();
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sheets/nws-cwg-4w.mapping.json"));
    Some((raw, read_mapping_file("nws-cwg-4w.mapping.json", &text.unwrap()).unwrap()))
}

fn rejected_by_reason(raw: &RawTable, mapping: &ColumnMapping) -> (usize, BTreeMap<RejectReason, usize>) {
    let options = SheetOptions { create_areas: true, skip_bad_rows: true };
    let import = prepare(raw, mapping, &Plan::new("p", "NWS", "SYR", "USD", &stamp()), &options).unwrap();
    (import.preview().unwrap().adds, import.rejected_by_reason())
}

// Computed independently from the CSV (python): of the 13 rows equal to an earlier row in every
// mapped column, 6 name another site in `location_other`; `month_of_activity` (the month's last
// day) is the same in all 13 pairs.
#[test]
fn real_4w_with_site_and_month_mapped_tells_distinct_sites_apart() {
    let Some((raw, mut mapping)) = real_4w() else { return };
    let expected = |duplicates: usize| {
        BTreeMap::from([
            (RejectReason::MissingValue, 51),
            (RejectReason::Duplicate, duplicates),
            (RejectReason::TransferIncomplete, 1),
        ])
    };
    assert_eq!(rejected_by_reason(&raw, &mapping), (501, expected(13)), "the current counts");
    let column = |header: &str| raw.headers.iter().position(|h| h == header).unwrap();
    mapping.columns[column("month_of_activity")].hashtag = Some("#date+reported".into());
    assert_eq!(rejected_by_reason(&raw, &mapping), (501, expected(13)), "one month per pair");
    // `camp_name` is NA throughout; the sites are named in `location_other`.
    mapping.columns[column("camp_name")].hashtag = None;
    mapping.columns[column("location_other")].hashtag = Some("#loc+name".into());
    assert_eq!(rejected_by_reason(&raw, &mapping), (507, expected(7)));
}
