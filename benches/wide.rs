//! Benchmark of the spreadsheet import's worst shapes, timed once each (the slow cases took
//! minutes before, too long for criterion's samples): the mapping proposal for a sheet of
//! 50,000 columns, and `--skip-bad-rows` on 60,000 rows of which 50,000 are bad.
//! Run: `cargo bench --bench wide`.

use cashplan::formats::sheet::{prepare, propose_mapping, read_table, RawRow, RawTable, SheetOptions};
use cashplan::model::{Area, Plan, Stamp};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn timed<T>(what: &str, runs: usize, mut work: impl FnMut() -> T) {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let started = Instant::now();
        black_box(work());
        best = best.min(started.elapsed());
    }
    println!("{what}: {:.3} s (best of {runs})", best.as_secs_f64());
}

/// A sheet of `columns` headers none of which the proposal knows, and a few rows.
fn wide(columns: usize) -> RawTable {
    let headers: Vec<String> = (0..columns).map(|i| format!("Indicator {i} (people)")).collect();
    let rows = (0..20).map(|r| RawRow { line: r + 2, cells: (0..columns).map(|c| (r * c % 97).to_string()).collect() });
    RawTable {
        file: "wide.csv".into(),
        sheet: None,
        header_row: 1,
        headers,
        tags: Vec::new(),
        rows: rows.collect(),
        warnings: Vec::new(),
    }
}

/// 60,000 activity rows: 10,000 in known areas, 50,000 in an area the plan lacks.
fn mostly_bad() -> (String, Plan) {
    let stamp = Stamp { at: "2026-01-01T00:00:00Z".into(), by: "bench".into() };
    let mut plan = Plan::new("bench", "Benchmark", "SYR", "USD", &stamp);
    for g in 0..10 {
        let area = Area {
            code: format!("SY{g:02}"),
            name: format!("Gov {g}"),
            level: 1,
            parent: None,
            population: None,
            household_size: None,
            names: Default::default(),
        };
        plan.areas.upsert(&format!("SY{g:02}"), area, &stamp);
    }
    let mut text = String::from("Partner,Cluster,Admin1 Pcode,Beneficiaries,Activity\n");
    for i in 0..60_000 {
        let area = if i % 6 == 0 { format!("SY{:02}", i % 10) } else { "XX99".to_string() };
        text.push_str(&format!("NGO {},Food Security,{area},{},Distribution {i}\n", i % 40, 100 + i % 900));
    }
    (text, plan)
}

fn main() {
    let table = wide(50_000);
    timed("propose_mapping, 50,000 columns × 20 rows", 3, || propose_mapping(&table));

    let (text, plan) = mostly_bad();
    let raw = read_table("mostly-bad.csv", text.as_bytes(), None).expect("the generated sheet reads");
    let mapping = propose_mapping(&raw);
    let options = SheetOptions { create_areas: false, skip_bad_rows: true };
    let import = prepare(&raw, &mapping, &plan, &options).expect("the good rows import");
    assert_eq!(import.rejected_rows().len(), 50_000, "every row in the unknown area is set aside");
    assert_eq!(import.preview().map(|p| p.adds), Some(10_000));
    timed("prepare --skip-bad-rows, 60,000 rows of which 50,000 bad", 1, || prepare(&raw, &mapping, &plan, &options));
}
