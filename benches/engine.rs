//! Benchmarks of the engine's analyses on synthetic plans of realistic shape: 4 admin levels
//! (14 governorates, 98 districts, 392 sub-districts, 1,960 communities with codes that are
//! not prefix-nested), 12 sectors, needs per community and sector, and 10k or 100k cash
//! activities (`synthetic/`); gap analysis and harmonisation. Storage and editing are
//! measured by `benches/store.rs`.

use cashplan::engine::gaps::{analyse, GapQuery};
use cashplan::engine::harmonise::{harmonise, overlap_groups, HarmoniseQuery, OverlapScope};
use cashplan::model::{IsoDate, Month};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::hint::black_box;
use synthetic::synthetic_plan;

mod synthetic;

fn harmonisation(c: &mut Criterion) {
    let mut group = c.benchmark_group("harmonise");
    group.sample_size(10);
    let today = IsoDate::new(2025, 6, 1).expect("valid date");
    for size in [10_000, 100_000] {
        let plan = synthetic_plan(size);
        group.bench_with_input(BenchmarkId::from_parameter(size), &plan, |b, plan| {
            b.iter(|| harmonise(black_box(plan), &HarmoniseQuery { level: Some(2), today }))
        });
        // What the overview and the harmonisation page show of overlaps: counted per area
        // and sector, never paired (the pairs of a busy plan run into millions).
        group.bench_with_input(BenchmarkId::new("overlaps-by-area", size), &plan, |b, plan| {
            b.iter(|| overlap_groups(black_box(plan), &OverlapScope::default()))
        });
    }
    group.finish();
}

fn gap_analysis(c: &mut Criterion) {
    let mut group = c.benchmark_group("gaps::analyse");
    group.sample_size(10);
    for size in [10_000, 100_000] {
        let plan = synthetic_plan(size);
        let queries = [
            ("communities", GapQuery { level: None, period: None }),
            ("districts", GapQuery { level: Some(2), period: None }),
            ("districts-2025-03", GapQuery { level: Some(2), period: Month::parse("2025-03") }),
        ];
        for (name, query) in queries {
            group.bench_with_input(BenchmarkId::new(name, size), &plan, |b, plan| {
                b.iter(|| analyse(black_box(plan), black_box(&query)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, gap_analysis, harmonisation);
criterion_main!(benches);
