//! Benchmarks of editing and storing plans (`cargo bench --bench store`), on the synthetic
//! plans of `synthetic/`: the reducer's time per edit and `model::change::apply` alone at
//! 10k and 100k activities, the memory fifty edits hold at 100k, saving and restoring the
//! stored layout, and the time and peak memory to read plan files of 100k and 1M
//! activities — with reading the same activities from CSV with the csv crate (and summing
//! them per area and sector) as the baseline. Memory is counted by a counting allocator and
//! printed; times are criterion's.

#[path = "../tests/alloc_counter/mod.rs"]
mod alloc_counter;
mod synthetic;

use cashplan::formats::planfile::{read_plan_file, write_plan_file};
use cashplan::model::change::{apply, Change};
use cashplan::model::{Activity, Plan, Stamp};
use cashplan::store::chunks;
use cashplan::ui::state::{Action, AppState, Context};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::collections::HashMap;
use std::hint::black_box;
use synthetic::synthetic_plan;

#[global_allocator]
static COUNTING: alloc_counter::Counting = alloc_counter::Counting;

fn context() -> Context {
    Context { at: "2026-02-01T00:00:00Z".into(), new_id: "id".into() }
}

/// The `n`th edit of a plan of `size` activities: a new targeted figure for one activity.
fn edit(plan: &Plan, size: usize, n: usize) -> Change {
    let id = format!("A{:06}", (n * 7_919) % size);
    let data = plan.activities.get(&id).map(|r| r.data.clone()).unwrap_or_default();
    Change::put(id, Activity { targeted: Some(n as u64), ..data })
}

fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn editing(c: &mut Criterion) {
    let mut group = c.benchmark_group("edit");
    group.sample_size(20);
    for size in [10_000, 100_000] {
        let plan = synthetic_plan(size);
        let stamp = Stamp { at: "2026-02-01T00:00:00Z".into(), by: "bench".into() };
        let mut applied = plan.clone();
        let mut n = 0;
        group.bench_function(BenchmarkId::new("apply", size), |b| {
            b.iter(|| {
                n += 1;
                apply(&mut applied, edit(&plan, size, n), &stamp)
            })
        });
        let mut state = Some(AppState::default().update(Action::Open(plan.clone()), &context()).0);
        group.bench_function(BenchmarkId::new("reducer", size), |b| {
            b.iter(|| {
                n += 1;
                let before = state.take().unwrap_or_default();
                let (after, effects) = before.update(Action::Edit(edit(&plan, size, n)), &context());
                state = Some(after);
                effects
            })
        });
    }
    group.finish();
}

/// Prints what fifty edits through the reducer hold at 100k activities.
fn undo_memory(_: &mut Criterion) {
    let held = alloc_counter::held();
    let plan = synthetic_plan(100_000);
    let plan_bytes = alloc_counter::held() - held;
    let (mut state, _) = AppState::default().update(Action::Open(plan.clone()), &context());
    let opened = alloc_counter::held();
    for n in 1..=50 {
        state = state.update(Action::Edit(edit(&plan, 100_000, n)), &context()).0;
    }
    let grown = alloc_counter::held().saturating_sub(opened);
    println!(
        "memory: plan of 100000 activities {}; after 50 edits (with their undo steps) {} more",
        megabytes(plan_bytes),
        megabytes(grown)
    );
}

/// The activities as CSV, the baseline's input.
fn as_csv(plan: &Plan) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = ["id", "reporting_org", "sector", "area", "targeted", "reached", "start", "end"];
    writer.write_record(header).ok();
    for record in plan.activities.live() {
        let a = &record.data;
        let number = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
        let date = |d: Option<cashplan::model::IsoDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let row = [
            record.id.clone(),
            a.reporting_org.clone(),
            a.sector.clone(),
            a.area.clone(),
            number(a.targeted),
            number(a.reached),
            date(a.start),
            date(a.end),
        ];
        writer.write_record(&row).ok();
    }
    writer.into_inner().unwrap_or_default()
}

/// The baseline: every row read and typed, then targeted people summed per area and sector.
fn read_csv(bytes: &[u8]) -> HashMap<(String, String), u64> {
    #[derive(serde::Deserialize)]
    struct Row {
        sector: String,
        area: String,
        targeted: Option<u64>,
    }
    let mut sums = HashMap::new();
    for row in csv::Reader::from_reader(bytes).deserialize::<Row>().flatten() {
        *sums.entry((row.area, row.sector)).or_default() += row.targeted.unwrap_or(0);
    }
    sums
}

/// Runs `read` once and prints the most memory it held at once.
fn print_peak<T>(what: &str, size: usize, input: usize, read: impl FnOnce() -> T) {
    let held = alloc_counter::held();
    alloc_counter::reset_peak();
    let result = read();
    let peak = alloc_counter::peak() - held;
    drop(result);
    println!("memory: {what}/{size}: input {}, peak while reading {}", megabytes(input), megabytes(peak));
}

fn loading(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for size in [100_000, 1_000_000] {
        let plan = synthetic_plan(size);
        let file = write_plan_file(&plan, "bench", "2026-01-01T00:00:00Z").expect("a plan file");
        let csv = as_csv(&plan);
        let stored = chunks::prepare(&plan, "now", None, chunks::CHUNK_SIZE).ok();
        drop(plan);
        print_peak("plan-file", size, file.len(), || read_plan_file("bench", &file));
        print_peak("csv", size, csv.len(), || read_csv(&csv));
        group.bench_function(BenchmarkId::new("plan-file", size), |b| {
            b.iter(|| read_plan_file("bench", black_box(&file)))
        });
        group.bench_function(BenchmarkId::new("csv", size), |b| b.iter(|| read_csv(black_box(&csv))));
        if let Some(stored) = stored.filter(|_| size == 100_000) {
            let parts: Vec<&[u8]> = stored.chunks.iter().map(|(_, bytes)| bytes.as_slice()).collect();
            group.bench_function(BenchmarkId::new("stored", size), |b| {
                b.iter(|| chunks::assemble("bench", black_box(&stored.head), &parts))
            });
        }
    }
    group.finish();
}

fn saving(c: &mut Criterion) {
    let mut group = c.benchmark_group("save");
    group.sample_size(10);
    let plan = synthetic_plan(100_000);
    group.bench_function("stored/100000", |b| {
        b.iter(|| chunks::prepare(black_box(&plan), "now", None, chunks::CHUNK_SIZE))
    });
    group.bench_function("plan-file/100000", |b| b.iter(|| write_plan_file(black_box(&plan), "bench", "now")));
    group.finish();
}

criterion_group!(benches, editing, undo_memory, saving, loading);
criterion_main!(benches);
