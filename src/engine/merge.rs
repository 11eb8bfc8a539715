//! What merging an incoming plan (a partner's file) would change, shown before it is applied.

use crate::model::{Entry, Plan, Table};
use serde::Serialize;

/// Counts of records an import would add, update or leave alone, and the conflicts it
/// would create.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MergeSummary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub conflicts: usize,
}

impl MergeSummary {
    fn add_table<T: serde::Serialize + Clone + PartialEq>(&mut self, base: &Table<T>, merged: &Table<T>) {
        for entry in merged.entries() {
            let id = &entry.current.id;
            match base.entry(id) {
                None => self.added += 1,
                Some(before) if same_versions(before, entry) => self.unchanged += 1,
                Some(_) => self.updated += 1,
            }
            if !entry.conflicts.is_empty() && base.entry(id).is_none_or(|b| b.conflicts.len() < entry.conflicts.len()) {
                self.conflicts += 1;
            }
        }
    }
}

fn same_versions<T>(a: &Entry<T>, b: &Entry<T>) -> bool {
    a.current.rev == b.current.rev && a.conflicts.len() == b.conflicts.len()
}

/// Merges `incoming` into `base` and says what changed; the caller shows the summary and
/// keeps the merged plan only if the user confirms.
pub fn preview_merge(base: &Plan, incoming: &Plan) -> (Plan, MergeSummary) {
    let merged = base.merged(incoming);
    let mut summary = MergeSummary::default();
    summary.add_table(&base.areas, &merged.areas);
    summary.add_table(&base.sectors, &merged.sectors);
    summary.add_table(&base.organisations, &merged.organisations);
    summary.add_table(&base.needs, &merged.needs);
    summary.add_table(&base.activities, &merged.activities);
    summary.add_table(&base.standards, &merged.standards);
    summary.add_table(&base.mebs, &merged.mebs);
    summary.add_table(&base.exchange_rates, &merged.exchange_rates);
    (merged, summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Stamp};

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

    #[test]
    fn counts_new_updated_unchanged_and_conflicting_records() {
        let base_plan = Plan::new("p", "Plan", "SYR", "USD", &stamp("CWG"));
        let mut base = base_plan.clone();
        base.activities.upsert("a1", activity("A", 1), &stamp("CWG"));
        base.activities.upsert("a2", activity("A", 2), &stamp("CWG"));
        let mut partner = base.clone();
        partner.activities.upsert("a1", activity("A", 10), &stamp("A"));
        partner.activities.upsert("a2", activity("A", 20), &stamp("A"));
        partner.activities.upsert("a3", activity("A", 3), &stamp("A"));
        base.activities.upsert("a2", activity("A", 99), &stamp("CWG"));

        let (merged, summary) = preview_merge(&base, &partner);
        assert_eq!(summary.added, 1);
        assert_eq!(summary.updated, 2, "a1 updated, a2 gained a conflict");
        assert_eq!(summary.conflicts, 1);
        assert_eq!(summary.unchanged, 13, "the default sectors and the inter-sector figure");
        assert_eq!(merged.activities.get("a1").unwrap().data.reached, Some(10));
    }
}
