//! Sharing by file: a partner's slice of the plan, and the conflicts a merged file leaves,
//! with which version came from where so they can be resolved in bulk.

use crate::model::change::Resolution;
use crate::model::rules::values::organisation_key;
use crate::model::sorting;
use crate::model::{Entry, Kind, Plan, Record, Table, TableName, TableVisitor};
use serde::Serialize;
use std::collections::BTreeSet;
use std::rc::Rc;

/// A plan file merged into the open plan, with the plan as it was before.
#[derive(Debug, Clone, PartialEq)]
pub struct AppliedMerge {
    pub file_name: String,
    pub incoming: Rc<Plan>,
    pub base: Rc<Plan>,
}

/// Where a competing version came from, relative to the last merged file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// It was in this plan before the file was merged.
    ThisPlan,
    /// It came with the file.
    File,
    /// Both had it, or no file was merged since the plan was opened.
    Unknown,
}

/// One competing version of a conflicting record.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionView {
    pub rev: String,
    pub by: String,
    pub at: String,
    pub deleted: bool,
    pub origin: Origin,
    /// The fields on which the versions differ, with this version's values.
    pub differences: Vec<(String, String)>,
}

/// A record with conflicting versions; the first version is the one in use.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictView {
    pub table: TableName,
    pub id: String,
    pub label: String,
    pub versions: Vec<VersionView>,
}

/// Which version to keep for every conflict at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// The version this plan had before the file was merged.
    ThisPlan,
    /// The version from the merged file.
    File,
    /// The version currently in use.
    InUse,
}

/// The copy of `plan` a partner gets: their organisation's activities (deleted ones too,
/// so deletions travel) and every other table whole.
pub fn partner_slice(plan: &Plan, organisation: &str) -> Plan {
    let wanted = organisation_key(organisation);
    let mut activities = Table::default();
    for entry in plan.activities.entries().filter(|e| organisation_key(&e.current.data.reporting_org) == wanted) {
        activities.insert_entry(entry.clone());
    }
    Plan { activities, ..plan.clone() }
}

/// The reporting organisations of live activities, one spelling each, sorted.
pub fn reporting_orgs(plan: &Plan) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut orgs: Vec<String> = plan
        .activities
        .live()
        .map(|r| r.data.reporting_org.trim())
        .filter(|org| !org.is_empty() && seen.insert(organisation_key(org)))
        .map(str::to_string)
        .collect();
    sorting::sort_by_key(&mut orgs, |org| organisation_key(org));
    orgs
}

/// Every record of `plan` with conflicting versions; `merge` says where versions came from.
pub fn conflicts(plan: &Plan, merge: Option<&AppliedMerge>) -> Vec<ConflictView> {
    let mut found = Conflicts { out: Vec::new(), merge };
    plan.visit(&mut found);
    found.out
}

/// Collects the conflicting records of every table.
struct Conflicts<'a> {
    out: Vec<ConflictView>,
    merge: Option<&'a AppliedMerge>,
}

impl TableVisitor for Conflicts<'_> {
    fn visit<K: Kind>(&mut self, table: &Table<K>) {
        let merge = self.merge.map(|m| (K::table(&m.base), K::table(&m.incoming)));
        collect(&mut self.out, K::TABLE, table, merge, |id, record| record.describe(id));
    }
}

/// The resolutions that keep `keep` for every conflict where that version is known.
pub fn bulk_resolutions(conflicts: &[ConflictView], keep: Keep) -> Vec<Resolution> {
    conflicts
        .iter()
        .filter_map(|c| {
            let chosen = match keep {
                Keep::InUse => c.versions.first(),
                Keep::ThisPlan => c.versions.iter().find(|v| v.origin == Origin::ThisPlan),
                Keep::File => c.versions.iter().find(|v| v.origin == Origin::File),
            }?;
            Some(Resolution { table: c.table, id: c.id.clone(), rev: chosen.rev.clone() })
        })
        .collect()
}

fn collect<T: Serialize>(
    out: &mut Vec<ConflictView>,
    table: TableName,
    current: &Table<T>,
    merge: Option<(&Table<T>, &Table<T>)>,
    label: impl Fn(&str, &T) -> String,
) {
    for entry in current.entries().filter(|e| !e.conflicts.is_empty()) {
        let id = entry.current.id.as_str();
        let origin = |rev: &str| {
            let Some((base, incoming)) = merge else { return Origin::Unknown };
            match (has_rev(base.entry(id), rev), has_rev(incoming.entry(id), rev)) {
                (true, false) => Origin::ThisPlan,
                (false, true) => Origin::File,
                _ => Origin::Unknown,
            }
        };
        let versions: Vec<&Record<T>> = std::iter::once(&entry.current).chain(&entry.conflicts).collect();
        let fields: Vec<serde_json::Value> =
            versions.iter().map(|r| serde_json::to_value(&r.data).unwrap_or_default()).collect();
        let differing = differing_fields(&fields);
        out.push(ConflictView {
            table,
            id: id.to_string(),
            label: label(id, &entry.current.data),
            versions: versions
                .iter()
                .zip(&fields)
                .map(|(record, value)| VersionView {
                    rev: record.rev.clone(),
                    by: record.modified_by.clone(),
                    at: record.modified_at.clone(),
                    deleted: record.deleted,
                    origin: origin(&record.rev),
                    differences: differing.iter().map(|f| (f.clone(), show(value.get(f)))).collect(),
                })
                .collect(),
        });
    }
}

fn has_rev<T>(entry: Option<&Entry<T>>, rev: &str) -> bool {
    entry.is_some_and(|e| std::iter::once(&e.current).chain(&e.conflicts).any(|r| r.rev == rev))
}

/// Top-level fields whose values are not the same in every version, in field order.
fn differing_fields(values: &[serde_json::Value]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for value in values {
        for key in value.as_object().into_iter().flat_map(|o| o.keys()) {
            if !names.contains(key) {
                names.push(key.clone());
            }
        }
    }
    names.retain(|name| values.iter().any(|v| v.get(name) != values.first().and_then(|f| f.get(name))));
    names
}

fn show(value: Option<&serde_json::Value>) -> String {
    match value {
        None | Some(serde_json::Value::Null) => "—".into(),
        Some(serde_json::Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Action, AppState, Notice};
    use super::*;
    use crate::model::change::Change;
    use crate::model::Activity;
    use crate::model::Stamp;

    fn stamp(by: &str) -> Stamp {
        Stamp { at: "2026-01-01T00:00:00Z".into(), by: by.into() }
    }
    fn activity(org: &str, reached: u64) -> Activity {
        Activity {
            reporting_org: org.into(),
            sector: "MPC".into(),
            area: "SY02".into(),
            reached: Some(reached),
            ..Activity::default()
        }
    }
    /// The coordinator's plan and a partner's copy: both edited a1, the partner added a3.
    fn coordinator_and_partner() -> (Plan, Plan) {
        let mut shared = Plan::new("p", "Plan", "SYR", "USD", &stamp("CWG"));
        shared.activities.upsert("a1", activity("NGO A", 100), &stamp("CWG"));
        shared.activities.upsert("a2", activity("NGO B", 200), &stamp("CWG"));
        let mut partner = partner_slice(&shared, "ngo a");
        partner.activities.upsert("a1", activity("NGO A", 400), &stamp("NGO A"));
        partner.activities.upsert("a3", activity("NGO A", 50), &stamp("NGO A"));
        let mut coordinator = shared;
        coordinator.activities.upsert("a1", activity("NGO A", 300), &stamp("CWG"));
        (coordinator, partner)
    }
    fn merged_state() -> AppState {
        let (coordinator, partner) = coordinator_and_partner();
        let text = crate::formats::planfile::write_plan_file(&partner, "test", "2026-01-01T00:00:00Z").unwrap();
        let file = crate::ui::effects::ReadFile {
            name: "partner.cashplan.json".into(),
            bytes: Ok(Rc::new(text.into_bytes())),
        };
        AppState::default()
            .reduce(Action::Open(coordinator))
            .reduce(Action::FilesRead { purpose: crate::ui::effects::ReadPurpose::PartnerFile, files: vec![file] })
            .reduce(Action::ConfirmMerge { counts: "1 new".into() })
    }
    fn reached(state: &AppState, id: &str) -> Option<u64> {
        state.plan.as_ref()?.activities.get(id)?.data.reached
    }

    #[test]
    fn a_partner_slice_holds_their_activities_and_every_other_table() {
        let (coordinator, _) = coordinator_and_partner();
        let slice = partner_slice(&coordinator, "NGO  a");
        assert_eq!(slice.activities.live().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["a1"]);
        assert_eq!(slice.sectors, coordinator.sectors);
        assert_eq!(slice.id, coordinator.id, "so it merges back into the same plan");
        assert_eq!(reporting_orgs(&coordinator), ["NGO A", "NGO B"]);
    }

    #[test]
    fn a_merged_file_is_one_undo_step_and_its_conflicts_are_listed_with_their_origin() {
        let state = merged_state();
        assert_eq!(reached(&state, "a3"), Some(50), "the partner's new activity arrived");
        assert_eq!(reached(&state, "a2"), Some(200), "other partners' activities are untouched");
        let found = conflicts(state.plan.as_ref().unwrap(), state.last_merge.as_ref());
        assert_eq!(found.len(), 1);
        let conflict = &found[0];
        assert_eq!((conflict.table, conflict.id.as_str()), (TableName::Activities, "a1"));
        assert_eq!(conflict.label, "Activity of NGO A · MPC · SY02");
        let by_origin = |o: Origin| {
            conflict.versions.iter().find(|v| v.origin == o).map(|v| (v.by.as_str(), v.differences.clone()))
        };
        assert_eq!(by_origin(Origin::ThisPlan), Some(("CWG", vec![("reached".to_string(), "300".to_string())])));
        assert_eq!(by_origin(Origin::File), Some(("NGO A", vec![("reached".to_string(), "400".to_string())])));

        let undone = state.reduce(Action::Undo);
        assert_eq!(reached(&undone, "a3"), None);
        assert_eq!(undone.plan.as_ref().unwrap().conflict_count(), 0);
    }

    #[test]
    fn conflicts_are_resolved_in_bulk_for_either_side_as_one_undo_step() {
        let state = merged_state();
        let found = conflicts(state.plan.as_ref().unwrap(), state.last_merge.as_ref());
        for (keep, expected) in [(Keep::File, 400), (Keep::ThisPlan, 300)] {
            let resolved =
                state.clone().reduce(Action::Edit(Change::Resolve { resolutions: bulk_resolutions(&found, keep) }));
            assert_eq!(reached(&resolved, "a1"), Some(expected), "{keep:?}");
            assert_eq!(resolved.plan.as_ref().unwrap().conflict_count(), 0);
            let undone = resolved.reduce(Action::Undo);
            assert_eq!(undone.plan.as_ref().unwrap().conflict_count(), 1);
        }
    }

    #[test]
    fn without_a_known_file_only_the_version_in_use_can_be_kept_in_bulk() {
        let state = merged_state();
        let found = conflicts(state.plan.as_ref().unwrap(), None);
        assert!(found[0].versions.iter().all(|v| v.origin == Origin::Unknown));
        assert!(bulk_resolutions(&found, Keep::File).is_empty());
        let in_use = found[0].versions[0].rev.clone();
        assert_eq!(
            bulk_resolutions(&found, Keep::InUse),
            [Resolution { table: TableName::Activities, id: "a1".into(), rev: in_use }]
        );
        let other = state.reduce(Action::Notify(Notice::info("x")));
        assert!(other.last_merge.is_some(), "a notice does not forget the merge");
    }
}
