//! Benchmark of reading and simplifying the real Syria COD-AB boundaries (zipped shapefile,
//! admin 0–2; admin 2 has 76,433 vertices), as `cashplan map` and the geo module do, and of
//! rendering the admin 2 map. Skipped with a message when the real files are absent.

use cashplan::engine::map::{MapFigures, Measure};
use cashplan::formats::boundaries::{import, read_boundary_file, ImportOptions};
use cashplan::formats::map::{render_svg, MapDocument};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

const ZIP: &str = "shared/data/real/cod-ab-syria/syr_adm0-2_uncs_unocha_20201217_shp.zip";

fn bench(c: &mut Criterion) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(bytes) =
        [root.join("..").join(ZIP), root.join("../..").join(ZIP)].iter().find_map(|p| std::fs::read(p).ok())
    else {
        eprintln!("\n!!! SKIPPED: {ZIP} not found beside the project !!!\n");
        return;
    };
    let admin2 = ImportOptions { level: Some(2), ..ImportOptions::default() };
    let mut group = c.benchmark_group("boundaries");
    group.sample_size(10);
    group.bench_function("read_zip_admin_0_to_2", |b| b.iter(|| read_boundary_file("syria.zip", black_box(&bytes))));
    let file = read_boundary_file("syria.zip", &bytes).expect("the real zip reads");
    group.bench_function("simplify_admin_2", |b| b.iter(|| import(black_box(&file), &admin2)));
    group.bench_function("read_and_simplify_admin_2", |b| {
        b.iter(|| import(&read_boundary_file("syria.zip", black_box(&bytes)).expect("reads"), &admin2))
    });
    let (set, _) = import(&file, &admin2).expect("the real zip imports");
    let figures = MapFigures {
        level: 2,
        period: None,
        sector: None,
        organisation: None,
        modality: None,
        areas: Vec::new(),
        protect: None,
    };
    let document = MapDocument {
        title: "Benchmark".into(),
        measure: Measure::Coverage,
        figures: &figures,
        features: set.at_level(2).collect(),
        date: "2026-01-01".into(),
        source: "bench".into(),
        points: &[],
    };
    group.bench_function("render_svg_admin_2", |b| b.iter(|| render_svg(black_box(&document))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
