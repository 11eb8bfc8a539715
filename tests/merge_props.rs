//! Property tests of plan merge: partners edit copies of one plan offline and merge them in
//! any order, so the result must not depend on the order or grouping of merges, merging a
//! file twice must change nothing, and no edit, deletion or resolution may be lost.

use cashplan::model::{Activity, Area, Need, Plan, Stamp, Table};
use proptest::prelude::*;
use serde::Serialize;

/// The record kinds a history edits; each gets a small pool of ids and values so replicas
/// often touch the same record, and sometimes make the very same edit independently.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Areas,
    Needs,
    Activities,
}

#[derive(Debug, Clone)]
enum Op {
    Upsert {
        kind: Kind,
        id: u8,
        value: u8,
    },
    Delete {
        kind: Kind,
        id: u8,
    },
    /// Keeps the `pick`-th competing version (modulo their number) when there is a conflict.
    Resolve {
        kind: Kind,
        id: u8,
        pick: u8,
    },
    /// Receives another replica's file and merges it in.
    Pull {
        from: usize,
    },
}

trait Sample: Serialize + Clone + PartialEq {
    fn id(n: u8) -> String;
    fn sample(n: u8, value: u8) -> Self;
}

impl Sample for Area {
    fn id(n: u8) -> String {
        format!("SY{n:02}")
    }
    fn sample(n: u8, value: u8) -> Self {
        let names = ["Aleppo", "Ḥalab", "حلب"];
        Area {
            names: Default::default(),
            code: Self::id(n),
            name: names[usize::from(value) % names.len()].to_string(),
            level: 1,
            parent: None,
            population: Some(1000 * u64::from(value)),
            household_size: None,
        }
    }
}

impl Sample for Need {
    fn id(n: u8) -> String {
        Need::id_for(&Area::id(n), "FSC")
    }
    fn sample(n: u8, value: u8) -> Self {
        Need {
            area: Area::id(n),
            sector: "FSC".into(),
            people_in_need: 500 * u64::from(value),
            households_in_need: None,
            severity: Some(value % 5 + 1),
        }
    }
}

impl Sample for Activity {
    fn id(n: u8) -> String {
        format!("a-{n}")
    }
    fn sample(n: u8, value: u8) -> Self {
        Activity {
            reporting_org: "WFP".into(),
            sector: "FSC".into(),
            area: Area::id(n),
            targeted: Some(100 * u64::from(value)),
            ..Activity::default()
        }
    }
}

const IDS: u8 = 3;
const VALUES: u8 = 3;
const MAX_REPLICAS: usize = 4;

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![Just(Kind::Areas), Just(Kind::Needs), Just(Kind::Activities)]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (kind(), 0..IDS, 0..VALUES).prop_map(|(kind, id, value)| Op::Upsert { kind, id, value }),
        1 => (kind(), 0..IDS).prop_map(|(kind, id)| Op::Delete { kind, id }),
        2 => (kind(), 0..IDS, any::<u8>()).prop_map(|(kind, id, pick)| Op::Resolve { kind, id, pick }),
        2 => (0..MAX_REPLICAS).prop_map(|from| Op::Pull { from }),
    ]
}

/// Replica index and operation, in the order the edits happened.
fn history() -> impl Strategy<Value = (usize, Vec<(usize, Op)>)> {
    (2..=MAX_REPLICAS, prop::collection::vec((0..MAX_REPLICAS, op()), 0..40))
}

fn stamp(replica: usize, step: usize) -> Stamp {
    Stamp { at: format!("2026-03-{:02}T10:{:02}:00Z", 1 + step / 60, step % 60), by: format!("partner-{replica}") }
}

fn base_plan() -> Plan {
    let stamp = Stamp { at: "2026-03-01T09:00:00Z".into(), by: "CWG".into() };
    let mut plan = Plan::new("p-merge", "Flood response", "SYR", "USD", &stamp);
    for n in 0..IDS {
        plan.areas.upsert(&Area::id(n), Area::sample(n, 0), &stamp);
        plan.needs.upsert(&Need::id(n), Need::sample(n, 0), &stamp);
    }
    plan
}

fn apply_to<T: Sample>(table: &mut Table<T>, op: &Op, stamp: &Stamp) {
    match *op {
        Op::Upsert { id, value, .. } => table.upsert(&T::id(id), T::sample(id, value), stamp),
        Op::Delete { id, .. } => {
            table.delete(&T::id(id), stamp);
        }
        Op::Resolve { id, pick, .. } => {
            let Some(entry) = table.entry(&T::id(id)) else { return };
            if entry.conflicts.is_empty() {
                return;
            }
            let competing: Vec<&String> =
                std::iter::once(&entry.current.rev).chain(entry.conflicts.iter().map(|c| &c.rev)).collect();
            let chosen = competing[usize::from(pick) % competing.len()].clone();
            assert!(table.resolve(&T::id(id), &chosen, stamp));
        }
        Op::Pull { .. } => {}
    }
}

fn apply(plan: &mut Plan, op: &Op, stamp: &Stamp) {
    let kind = match op {
        Op::Upsert { kind, .. } | Op::Delete { kind, .. } | Op::Resolve { kind, .. } => *kind,
        Op::Pull { .. } => return,
    };
    match kind {
        Kind::Areas => apply_to(&mut plan.areas, op, stamp),
        Kind::Needs => apply_to(&mut plan.needs, op, stamp),
        Kind::Activities => apply_to(&mut plan.activities, op, stamp),
    }
}

/// Plays a history and returns every replica's final plan.
fn replay(replicas: usize, ops: &[(usize, Op)]) -> Vec<Plan> {
    let mut plans = vec![base_plan(); replicas];
    for (step, (who, op)) in ops.iter().enumerate() {
        let who = who % replicas;
        match op {
            Op::Pull { from } => plans[who] = plans[who].merged(&plans[from % replicas]),
            _ => apply(&mut plans[who], op, &stamp(who, step)),
        }
    }
    plans
}

/// Per record: id, winning revision, tombstone flag and the losing revisions in file order.
/// Readable in a failure report, and sensitive to conflict order.
fn revisions(plan: &Plan) -> Vec<String> {
    fn of<T: Serialize + Clone + PartialEq>(name: &str, table: &Table<T>) -> Vec<String> {
        table
            .entries()
            .map(|e| {
                let conflicts: Vec<&str> = e.conflicts.iter().map(|c| c.rev.as_str()).collect();
                let dead = if e.current.deleted { " (deleted)" } else { "" };
                format!("{name}/{} {}{dead} conflicts {conflicts:?}", e.current.id, e.current.rev)
            })
            .collect()
    }
    let mut all = of("areas", &plan.areas);
    all.extend(of("sectors", &plan.sectors));
    all.extend(of("organisations", &plan.organisations));
    all.extend(of("needs", &plan.needs));
    all.extend(of("activities", &plan.activities));
    all.extend(of("standards", &plan.standards));
    all.extend(of("mebs", &plan.mebs));
    all.extend(of("exchange_rates", &plan.exchange_rates));
    all
}

/// Same revisions and conflicts, and the same file content (authors, times, ancestry).
fn assert_same(left: &Plan, right: &Plan, what: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(revisions(left), revisions(right), "{}: revisions differ", what);
    prop_assert!(left == right, "{}: same revisions but different record metadata", what);
    Ok(())
}

fn merge_all<'a>(plans: impl IntoIterator<Item = &'a Plan>) -> Option<Plan> {
    plans.into_iter().fold(None, |acc: Option<Plan>, p| Some(acc.map_or_else(|| p.clone(), |a| a.merged(p))))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn merge_is_commutative((replicas, ops) in history()) {
        let plans = replay(replicas, &ops);
        for a in &plans {
            for b in &plans {
                assert_same(&a.merged(b), &b.merged(a), "a+b vs b+a")?;
            }
        }
    }

    #[test]
    fn merge_is_associative((replicas, ops) in history()) {
        let plans = replay(replicas, &ops);
        for a in &plans {
            for b in &plans {
                for c in &plans {
                    assert_same(&a.merged(b).merged(c), &a.merged(&b.merged(c)), "(a+b)+c vs a+(b+c)")?;
                }
            }
        }
    }

    #[test]
    fn merge_is_idempotent((replicas, ops) in history()) {
        let plans = replay(replicas, &ops);
        for a in &plans {
            assert_same(&a.merged(a), a, "a+a vs a")?;
            for b in &plans {
                let ab = a.merged(b);
                assert_same(&ab.merged(b), &ab, "(a+b)+b vs a+b")?;
                assert_same(&ab.merged(a), &ab, "(a+b)+a vs a+b")?;
            }
        }
    }

    #[test]
    fn merging_all_replicas_in_any_order_agrees(
        (replicas, ops) in history(),
        order in Just((0..MAX_REPLICAS).collect::<Vec<_>>()).prop_shuffle(),
    ) {
        let plans = replay(replicas, &ops);
        let shuffled = order.iter().filter(|&&i| i < replicas).map(|&i| &plans[i]);
        let in_order = merge_all(&plans);
        prop_assert!(in_order.is_some());
        assert_same(&merge_all(shuffled).unwrap(), &in_order.unwrap(), "shuffled vs in order")?;
    }

    /// No replica's current version disappears: it wins, stays as a conflict, or is an
    /// ancestor of what won.
    #[test]
    fn merge_loses_no_edit((replicas, ops) in history()) {
        let plans = replay(replicas, &ops);
        let all = merge_all(&plans).unwrap();
        for plan in &plans {
            for record in plan.needs.entries().map(|e| &e.current) {
                let entry = all.needs.entry(&record.id);
                prop_assert!(entry.is_some(), "needs/{} vanished", record.id);
                let entry = entry.unwrap();
                let known = std::iter::once(&entry.current).chain(&entry.conflicts)
                    .any(|v| v.rev == record.rev || v.ancestors.contains(&record.rev));
                prop_assert!(known, "needs/{} rev {} lost", record.id, record.rev);
            }
        }
    }

    #[test]
    fn older_copy_of_itself_never_wins(
        (replicas, ops) in history(),
        later in prop::collection::vec((kind(), 0..IDS, 0..VALUES), 1..8),
    ) {
        let old = replay(replicas, &ops).swap_remove(0);
        let mut newer = old.clone();
        for (step, (kind, id, value)) in later.iter().enumerate() {
            apply(&mut newer, &Op::Upsert { kind: *kind, id: *id, value: *value }, &stamp(0, 100 + step));
        }
        assert_same(&newer.merged(&old), &newer, "newer+old vs newer")?;
        assert_same(&old.merged(&newer), &newer, "old+newer vs newer")?;
    }

    /// A deletion survives merging an older copy, unless a live conflicting version was
    /// waiting to be resolved (a deletion never beats a live edit: that version shows).
    #[test]
    fn deletion_survives_merge_with_older_copy((replicas, ops) in history(), kind in kind(), id in 0..IDS) {
        let old = replay(replicas, &ops).swap_remove(0);
        let had_live_conflict = match kind {
            Kind::Areas => old.areas.entry(&Area::id(id)).is_some_and(|e| e.conflicts.iter().any(|c| !c.deleted)),
            Kind::Needs => old.needs.entry(&Need::id(id)).is_some_and(|e| e.conflicts.iter().any(|c| !c.deleted)),
            Kind::Activities => {
                old.activities.entry(&Activity::id(id)).is_some_and(|e| e.conflicts.iter().any(|c| !c.deleted))
            }
        };
        let mut newer = old.clone();
        apply(&mut newer, &Op::Delete { kind, id }, &stamp(0, 200));
        for merged in [newer.merged(&old), old.merged(&newer)] {
            let live = match kind {
                Kind::Areas => merged.areas.get(&Area::id(id)).is_some(),
                Kind::Needs => merged.needs.get(&Need::id(id)).is_some(),
                Kind::Activities => merged.activities.get(&Activity::id(id)).is_some(),
            };
            prop_assert!(!live || had_live_conflict, "{:?} {} came back after merging an older copy", kind, id);
        }
    }

    /// CouchDB's rule: a deletion never wins over a live version; it is kept as a conflict
    /// for someone to resolve, so a partner's edit made meanwhile is not lost.
    #[test]
    fn a_deletion_never_beats_a_live_version((replicas, ops) in history()) {
        let plans = replay(replicas, &ops);
        for a in &plans {
            for b in &plans {
                let merged = a.merged(b);
                for entry in merged.needs.entries() {
                    prop_assert!(!entry.current.deleted || entry.conflicts.iter().all(|c| c.deleted),
                        "a deletion won over a live version: {:?}", revisions(&merged));
                }
                for entry in merged.activities.entries() {
                    prop_assert!(!entry.current.deleted || entry.conflicts.iter().all(|c| c.deleted),
                        "a deletion won over a live version: {:?}", revisions(&merged));
                }
            }
        }
    }

    /// Two partners edit the same need; the coordinator resolves the conflict; receiving
    /// either partner's (unchanged) file again must not bring the conflict back.
    #[test]
    fn resolved_conflict_stays_resolved(
        (replicas, ops) in history(),
        left in 1..VALUES, right in 1..VALUES, pick in any::<u8>(),
    ) {
        let start = replay(replicas, &ops).swap_remove(0);
        let (mut a, mut b) = (start.clone(), start);
        let id = Need::id(0);
        a.needs.upsert(&id, Need::sample(0, left + 10), &stamp(1, 300));
        b.needs.upsert(&id, Need::sample(0, right + 20), &stamp(2, 301));
        let mut merged = a.merged(&b);
        let entry = merged.needs.entry(&id).unwrap().clone();
        prop_assert!(!entry.conflicts.is_empty());
        let competing: Vec<_> = std::iter::once(&entry.current).chain(&entry.conflicts).collect();
        let chosen = competing[usize::from(pick) % competing.len()];
        prop_assert!(merged.needs.resolve(&id, &chosen.rev, &stamp(0, 302)));
        for again in [merged.merged(&a), merged.merged(&b), b.merged(&merged.merged(&a))] {
            let entry = again.needs.entry(&id).unwrap();
            prop_assert!(entry.conflicts.is_empty(), "conflict resurrected: {:?}", revisions(&again));
            prop_assert_eq!(&entry.current.data, &chosen.data);
            prop_assert_eq!(entry.current.deleted, chosen.deleted);
        }
    }
}

/// Found by the properties above: two coordinators resolve the same conflict the same way
/// (same revision), one of them also knowing a third partner's edit. Whichever file is
/// merged first must not decide whether that third edit comes back as a conflict.
#[test]
fn same_resolution_with_different_knowledge_merges_in_any_order() {
    let base = base_plan();
    let id = Need::id(0);
    let edit = |value: u8, by: usize| {
        let mut plan = base.clone();
        plan.needs.upsert(&id, Need::sample(0, value), &stamp(by, usize::from(value)));
        plan
    };
    let (a, b) = (edit(11, 1), edit(12, 2));
    let ab = a.merged(&b);
    let ab_current = ab.needs.entry(&id).unwrap().current.rev.clone();
    // A third edit that loses to the current winner, so both resolutions share a parent.
    let c = (13..60)
        .map(|v| edit(v, 3))
        .find(|c| cashplan::model::record::compare_revs(&c.needs.get(&id).unwrap().rev, &ab_current).is_lt())
        .expect("some value hashes below the current winner");
    let keep = a.needs.get(&id).unwrap().rev.clone();
    let (mut knows_two, mut knows_three) = (ab.clone(), ab.merged(&c));
    assert!(knows_two.needs.resolve(&id, &keep, &stamp(4, 40)));
    assert!(knows_three.needs.resolve(&id, &keep, &stamp(5, 41)));
    assert_eq!(knows_two.needs.get(&id).unwrap().rev, knows_three.needs.get(&id).unwrap().rev);
    // The first coordinator edits on; the stale third file arrives last.
    knows_two.needs.upsert(&id, Need::sample(0, 1), &stamp(4, 42));
    let one_way = knows_two.merged(&knows_three).merged(&c);
    let other_way = knows_two.merged(&knows_three.merged(&c));
    assert_eq!(revisions(&one_way), revisions(&other_way));
    assert!(one_way.needs.entry(&id).unwrap().conflicts.is_empty(), "{:?}", revisions(&one_way));
    assert_eq!(one_way, other_way);
}

#[test]
fn identical_edits_by_two_partners_keep_the_earliest_author() {
    let mut first = base_plan();
    let mut second = base_plan();
    first.needs.upsert(&Need::id(1), Need::sample(1, 2), &stamp(1, 5));
    second.needs.upsert(&Need::id(1), Need::sample(1, 2), &stamp(2, 9));
    for merged in [first.merged(&second), second.merged(&first)] {
        let record = merged.needs.get(&Need::id(1)).unwrap();
        assert_eq!((record.modified_by.as_str(), record.modified_at.as_str()), ("partner-1", "2026-03-01T10:05:00Z"));
    }
}
