//! Benchmark of a spreadsheet import at the size of a country-wide 5W: 100k generated rows
//! read, mapped (with decimal counts to round and coded values to translate), checked against
//! the plan with new areas created, through `prepare` (apply + read_hxl + the 5W checks).

use cashplan::formats::sheet::{prepare, propose_mapping, read_table, SheetOptions};
use cashplan::model::{Plan, Stamp};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

/// A partner-style CSV: no hashtags, headers the proposal knows, 40 governorates × 50
/// communities, sectors and statuses spelled as people write them.
fn partner_csv(rows: usize) -> String {
    let mut text = String::from("reporting_organisation,cluster,admin1pcode,governorate,admin2pcode,district,beneficiaries,women_18_60,men_18_60,project_status,start_date,activity\n");
    let sectors = ["Food Security", "Multipurpose - One time", "WASH", "Shelter"];
    let statuses = ["Completed", "Ongoing", "Planned"];
    for i in 0..rows {
        let (g, d) = (i % 40, (i / 40) % 50);
        let people = 100 + i % 900;
        text.push_str(&format!(
            "NGO {},{},SY{g:02},Gov {g},SY{g:02}{d:02},District {d},{people},{}.4,{}.6,{},2023-{:02}-01,Distribution {i}\n",
            i % 60,
            sectors[i % sectors.len()],
            people / 2,
            people / 2 - 1,
            statuses[i % statuses.len()],
            1 + i % 12,
        ));
    }
    text
}

/// The same rows as an .xlsx workbook (text and numbers as a partner's Excel has them).
fn partner_xlsx(text: &str) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let (r, c) = (r as u32, c as u16);
            let written = match cell.parse::<f64>() {
                Ok(number) => sheet.write_number(r, c, number).map(|_| ()),
                Err(_) => sheet.write_string(r, c, cell).map(|_| ()),
            };
            written.expect("the bench workbook is written");
        }
    }
    book.save_to_buffer().expect("the bench workbook is saved")
}

fn bench(c: &mut Criterion) {
    let stamp = Stamp { at: "2026-01-01T00:00:00Z".into(), by: "bench".into() };
    let plan = Plan::new("bench", "Benchmark", "SYR", "USD", &stamp);
    let text = partner_csv(100_000);
    let raw = read_table("partner.csv", text.as_bytes(), None).expect("the generated sheet reads");
    let mapping = propose_mapping(&raw);
    let options = SheetOptions { create_areas: true, skip_bad_rows: true };
    let import = prepare(&raw, &mapping, &plan, &options).expect("the generated sheet imports");
    assert!(import.preview().is_some_and(|p| p.adds > 0), "the benchmark must import rows");
    let mut group = c.benchmark_group("sheet_import");
    group.sample_size(10);
    group.bench_function("prepare_100k_rows", |b| b.iter(|| prepare(black_box(&raw), &mapping, &plan, &options)));
    group.bench_function("read_table_100k_rows", |b| {
        b.iter(|| read_table("partner.csv", black_box(text.as_bytes()), None))
    });
    let xlsx = partner_xlsx(&text);
    group
        .bench_function("read_table_100k_rows_xlsx", |b| b.iter(|| read_table("partner.xlsx", black_box(&xlsx), None)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
