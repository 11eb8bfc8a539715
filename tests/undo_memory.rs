//! Undo cannot exhaust memory: fifty edits through the reducer (each applied by
//! `model::change::apply`, its inverse kept on the undo stack) on a plan of 100,000
//! activities hold a small fraction of the plan's own memory more, counted byte by byte by
//! a counting allocator, never timed.

mod alloc_counter;

use cashplan::model::change::Change;
use cashplan::model::{Activity, Plan, Stamp};
use cashplan::ui::state::{Action, AppState, Context, UNDO_LIMIT};

#[global_allocator]
static COUNTING: alloc_counter::Counting = alloc_counter::Counting;

const ACTIVITIES: usize = 100_000;
const EDITS: usize = 50;

fn activity(n: usize) -> Activity {
    Activity {
        reporting_org: format!("Partner {}", n % 40),
        sector: ["FSC", "MPC", "SHL", "WASH"][n % 4].into(),
        area: format!("SY{:02}{:02}", n % 14 + 1, n % 7 + 1),
        targeted: Some((n % 900 + 100) as u64),
        ..Activity::default()
    }
}

fn big_plan() -> Plan {
    let stamp = Stamp { at: "2026-01-01T00:00:00Z".into(), by: "test".into() };
    let mut plan = Plan::new("big", "Big", "SYR", "USD", &stamp);
    for n in 0..ACTIVITIES {
        plan.activities.upsert(&format!("a-{n:06}"), activity(n), &stamp);
    }
    plan
}

#[test]
fn fifty_edits_on_a_plan_of_100k_activities_hold_a_fraction_of_the_plan() {
    let before_plan = alloc_counter::held();
    let plan = big_plan();
    let plan_bytes = alloc_counter::held() - before_plan;
    assert!(plan_bytes > 10 << 20, "the plan takes real memory ({plan_bytes} bytes)");

    let context = Context { at: "2026-02-01T00:00:00Z".into(), new_id: "id".into() };
    let (mut state, _) = AppState::default().update(Action::Open(plan), &context);
    let opened = alloc_counter::held();
    alloc_counter::reset_peak();
    for n in 0..EDITS {
        let edited = Activity { targeted: Some(5_000 + n as u64), ..activity(n * 1_999) };
        let change = Change::put(format!("a-{:06}", n * 1_999), edited);
        // The effects (a save, an analysis) would hold the plan only until they ran.
        let (next, _effects) = state.update(Action::Edit(change), &context);
        state = next;
    }
    let grown = alloc_counter::held().saturating_sub(opened);
    let peak = alloc_counter::peak().saturating_sub(opened);
    let plan = state.plan.as_deref().expect("the plan is open");
    assert_eq!(plan.activities.get("a-001999").map(|r| r.data.targeted), Some(Some(5_001)));
    // Each edit copies one path of the table's tree and keeps the entry it replaced: a few
    // kilobytes, where a copy of the plan per step would be fifty times the plan.
    assert!(
        grown < plan_bytes / 100,
        "{EDITS} edits hold {grown} bytes more, on a plan of {plan_bytes} bytes (at most 1% allowed)"
    );
    // Nor does any edit copy the plan for a moment.
    assert!(peak < plan_bytes / 100, "editing held up to {peak} bytes more at once, on a plan of {plan_bytes} bytes");
    eprintln!("plan: {plan_bytes} bytes; after {EDITS} edits: {grown} bytes more (peak {peak})");

    // And every step undoes.
    for _ in 0..EDITS.min(UNDO_LIMIT) {
        assert!(state.can_undo());
        state = state.update(Action::Undo, &context).0;
    }
    assert!(!state.can_undo());
    let plan = state.plan.as_deref().expect("the plan is open");
    assert_eq!(plan.activities.get("a-001999").map(|r| r.data.targeted), Some(activity(1_999).targeted));
}
