//! Changes to a plan, as data: creating or replacing records, deleting them, resolving
//! conflicts, renaming, merging a partner's copy, and putting back what an earlier change
//! replaced. [`apply`] is the one function that changes a plan — the app's reducer, the
//! command line and (later) a worker all call it — and it returns the change that undoes
//! it, holding only the entries it replaced, so undo costs memory in proportion to the edit.

use super::kind::{EntriesReceiver, Kind, RecordsReceiver, TablePairVisitor, TableVisitorMut};
use super::record::{Entry, Stamp, Table};
use super::registry::{AnyEntries, AnyRecords, Plan, TableName};
use super::sorting;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::Arc;

/// Keep version `rev` of record `id` of `table`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    pub table: TableName,
    pub id: String,
    pub rev: String,
}

/// One change to a plan. Each change the user makes is one undo step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// Creates or replaces records of one table; an unchanged record keeps its revision.
    Put {
        records: AnyRecords,
    },
    /// Deletes records (tombstones, so the deletion travels in merges).
    Delete {
        table: TableName,
        ids: Vec<String>,
    },
    /// Keeps one version of each of these conflicting records.
    Resolve {
        resolutions: Vec<Resolution>,
    },
    Rename {
        name: String,
    },
    /// Merges the records of another copy of the plan (a partner's file).
    Merge {
        incoming: Arc<Plan>,
    },
    /// Puts back exactly these entries (or removes ids that had none): what undo applies.
    Restore {
        entries: Vec<AnyEntries>,
    },
    /// Several changes as one step (an import of several files), applied in order.
    Batch {
        changes: Vec<Change>,
    },
}

impl Change {
    /// Creates or replaces one record under `id`.
    pub fn put<K: Kind>(id: impl Into<String>, record: K) -> Change {
        Change::Put { records: K::wrap_records(vec![(id.into(), record)]) }
    }

    /// Creates or replaces one record keyed by its content (an area by its P-code).
    pub fn put_keyed<K: Kind>(record: K) -> Change {
        let id = record.natural_id().unwrap_or_default();
        Change::put(id, record)
    }

    pub fn delete(table: TableName, ids: Vec<String>) -> Change {
        Change::Delete { table, ids }
    }
}

/// What applying a change did.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The change that puts the plan back as it was.
    pub inverse: Change,
    /// False when the plan is exactly as before (an edit that changed nothing).
    pub changed: bool,
}

/// Applies `change` to `plan`, stamping new revisions with `stamp`.
pub fn apply(plan: &mut Plan, change: Change, stamp: &Stamp) -> Applied {
    match change {
        Change::Put { records } => {
            let (before, changed) = records.open(PutRecords { plan, stamp });
            restoring(vec![before], changed)
        }
        Change::Delete { table, ids } => {
            let mut delete = Edit { ids: &ids, stamp, op: EditOp::Delete, before: None, changed: false };
            plan.visit_table_mut(table, &mut delete);
            restoring(delete.before.into_iter().collect(), delete.changed)
        }
        Change::Resolve { resolutions } => {
            let mut befores = Vec::new();
            let mut changed = false;
            for table in distinct_tables(&resolutions) {
                let ids: Vec<String> = resolutions.iter().filter(|r| r.table == table).map(|r| r.id.clone()).collect();
                let revs: Vec<&str> = resolutions.iter().filter(|r| r.table == table).map(|r| r.rev.as_str()).collect();
                let mut resolve = Edit { ids: &ids, stamp, op: EditOp::Resolve(&revs), before: None, changed: false };
                plan.visit_table_mut(table, &mut resolve);
                befores.extend(resolve.before);
                changed |= resolve.changed;
            }
            restoring(befores, changed)
        }
        Change::Rename { name } => {
            let name = name.trim().to_string();
            let changed = plan.name != name;
            let old = std::mem::replace(&mut plan.name, name);
            Applied { inverse: Change::Rename { name: old }, changed }
        }
        Change::Merge { incoming } => {
            let before = plan.clone();
            *plan = plan.merged(&incoming);
            let mut replaced = Replaced(Vec::new());
            plan.visit_pairs(&before, &mut replaced);
            let changed = replaced.0.iter().any(|e| !e.is_empty());
            restoring(replaced.0, changed)
        }
        Change::Restore { entries } => {
            let mut befores = Vec::new();
            let changed = entries.iter().any(|e| !e.is_empty());
            for table_entries in entries {
                befores.push(table_entries.open(RestoreEntries { plan }));
            }
            befores.reverse();
            restoring(befores, changed)
        }
        Change::Batch { changes } => {
            let mut inverses = Vec::with_capacity(changes.len());
            let mut changed = false;
            for change in changes {
                let applied = apply(plan, change, stamp);
                changed |= applied.changed;
                inverses.push(applied.inverse);
            }
            inverses.reverse();
            Applied { inverse: Change::Batch { changes: inverses }, changed }
        }
    }
}

fn restoring(entries: Vec<AnyEntries>, changed: bool) -> Applied {
    let entries = entries.into_iter().filter(|e| !e.is_empty()).collect();
    Applied { inverse: Change::Restore { entries }, changed }
}

fn distinct_tables(resolutions: &[Resolution]) -> Vec<TableName> {
    let mut tables: Vec<TableName> = resolutions.iter().map(|r| r.table).collect();
    sorting::sort(&mut tables);
    tables.dedup();
    tables
}

/// Each id's entry before the change, once (the first time the change touches it).
struct Before<K> {
    seen: HashSet<String>,
    entries: Vec<(String, Option<Arc<Entry<K>>>)>,
}

impl<K> Before<K> {
    fn new() -> Before<K> {
        Before { seen: HashSet::new(), entries: Vec::new() }
    }

    fn keep(&mut self, table: &Table<K>, id: &str) {
        if self.seen.insert(id.to_string()) {
            self.entries.push((id.to_string(), table.shared_entry(id)));
        }
    }
}

struct PutRecords<'a> {
    plan: &'a mut Plan,
    stamp: &'a Stamp,
}

impl RecordsReceiver for PutRecords<'_> {
    type Output = (AnyEntries, bool);
    fn receive<K: Kind>(self, rows: Vec<(String, K)>) -> Self::Output {
        let table = K::table_mut(self.plan);
        let mut before = Before::new();
        let mut changed = false;
        for (id, data) in rows {
            let previous = table.shared_entry(&id);
            if table.put(&id, data, self.stamp) {
                if before.seen.insert(id.clone()) {
                    before.entries.push((id, previous));
                }
                changed = true;
            }
        }
        (K::wrap_entries(before.entries), changed)
    }
}

enum EditOp<'a> {
    Delete,
    /// The revision to keep for each id, in the same order.
    Resolve(&'a [&'a str]),
}

/// Deletes or resolves the records `ids` of one table.
struct Edit<'a> {
    ids: &'a [String],
    stamp: &'a Stamp,
    op: EditOp<'a>,
    before: Option<AnyEntries>,
    changed: bool,
}

impl TableVisitorMut for Edit<'_> {
    fn visit<K: Kind>(&mut self, table: &mut Table<K>) {
        let mut before = Before::new();
        for (n, id) in self.ids.iter().enumerate() {
            let entry = table.shared_entry(id);
            let done = match self.op {
                EditOp::Delete => table.delete(id, self.stamp),
                EditOp::Resolve(revs) => revs.get(n).is_some_and(|rev| table.resolve(id, rev, self.stamp)),
            };
            if done && before.seen.insert(id.clone()) {
                before.entries.push((id.clone(), entry));
            }
            self.changed |= done;
        }
        self.before = Some(K::wrap_entries(before.entries));
    }
}

struct RestoreEntries<'a> {
    plan: &'a mut Plan,
}

impl EntriesReceiver for RestoreEntries<'_> {
    type Output = AnyEntries;
    fn receive<K: Kind>(self, entries: Vec<(String, Option<Arc<Entry<K>>>)>) -> AnyEntries {
        let table = K::table_mut(self.plan);
        let mut before = Before::new();
        for (id, _) in &entries {
            before.keep(table, id);
        }
        for (id, entry) in entries {
            table.restore(&id, entry);
        }
        K::wrap_entries(before.entries)
    }
}

/// For each table, the entries the merged plan (ours) replaced in the plan before (theirs).
struct Replaced(Vec<AnyEntries>);

impl TablePairVisitor for Replaced {
    fn visit<K: Kind>(&mut self, after: &Table<K>, before: &Table<K>) {
        if !after.ptr_eq(before) {
            self.0.push(K::wrap_entries(after.replaced_since(before)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Area};

    fn stamp() -> Stamp {
        Stamp { at: "2026-01-01T00:00:00Z".into(), by: "CWG".into() }
    }

    fn area(code: &str) -> Area {
        Area {
            names: Default::default(),
            code: code.into(),
            name: code.into(),
            level: 1,
            parent: None,
            population: None,
            household_size: None,
        }
    }

    fn activity(org: &str) -> Activity {
        Activity { reporting_org: org.into(), sector: "MPC".into(), area: "SY02".into(), ..Activity::default() }
    }

    /// Applies `change`, then its inverse, then the inverse of that: the plan goes there,
    /// back, and there again, exactly.
    fn round_trip(plan: &Plan, change: Change) -> Plan {
        let mut there = plan.clone();
        let applied = apply(&mut there, change, &stamp());
        assert!(applied.changed);
        let mut back = there.clone();
        let redo = apply(&mut back, applied.inverse, &stamp());
        assert_eq!(&back, plan, "the inverse puts the plan back exactly");
        let mut again = back;
        apply(&mut again, redo.inverse, &stamp());
        assert_eq!(again, there, "and its inverse redoes the change");
        there
    }

    #[test]
    fn every_kind_of_change_is_undone_exactly() {
        let mut plan = Plan::new("p", "Plan", "SYR", "USD", &stamp());
        plan.areas.upsert("SY02", area("SY02"), &stamp());
        plan.activities.upsert("a1", activity("WFP"), &stamp());
        let plan = round_trip(&plan, Change::put_keyed(area("SY07")));
        let plan = round_trip(&plan, Change::put("a1", activity("IRC")));
        let plan = round_trip(&plan, Change::delete(TableName::Activities, vec!["a1".into()]));
        let plan = round_trip(&plan, Change::Rename { name: "Renamed".into() });
        let mut partner = plan.clone();
        partner.activities.upsert("a2", activity("NRC"), &stamp());
        let plan = round_trip(&plan, Change::Merge { incoming: Arc::new(partner) });
        let batch = Change::Batch {
            changes: vec![
                Change::put("a3", activity("DRC")),
                Change::put("a3", activity("CARE")),
                Change::put_keyed(area("SY03")),
            ],
        };
        round_trip(&plan, batch);
    }

    #[test]
    fn an_edit_that_changes_nothing_says_so() {
        let mut plan = Plan::new("p", "Plan", "SYR", "USD", &stamp());
        plan.areas.upsert("SY02", area("SY02"), &stamp());
        let before = plan.clone();
        assert!(!apply(&mut plan, Change::put_keyed(area("SY02")), &stamp()).changed);
        assert!(!apply(&mut plan, Change::delete(TableName::Areas, vec!["nope".into()]), &stamp()).changed);
        assert_eq!(plan, before);
    }

    #[test]
    fn changes_are_data_that_travel() {
        let change = Change::Batch {
            changes: vec![Change::put_keyed(area("SY02")), Change::delete(TableName::Activities, vec!["a1".into()])],
        };
        let text = serde_json::to_string(&change).unwrap();
        assert_eq!(serde_json::from_str::<Change>(&text).unwrap(), change);
        assert!(text.contains(r#""table":"areas""#), "{text}");
    }
}
