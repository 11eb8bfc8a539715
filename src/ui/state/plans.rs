//! The home screen's plan operations: names for copies and renames, the copy itself, and
//! deleting with an undo.

use super::{AppState, Notice};
use crate::model::Plan;
use crate::store::PlanSummary;
use std::rc::Rc;

/// What the browser says about this site's storage.
#[derive(Debug, Clone, PartialEq)]
pub struct StorageInfo {
    /// Whether the browser promised not to evict the data (None: it did not say).
    pub persisted: Option<bool>,
    pub used_bytes: Option<f64>,
    pub quota_bytes: Option<f64>,
}

/// Longest plan name accepted; longer ones break the header and file names.
pub const NAME_MAX_CHARS: usize = 120;

/// Checks a plan name typed by the user; returns it trimmed, or what to fix.
pub fn validate_plan_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Give the plan a name, e.g. “Earthquake response 2026”.".into());
    }
    let length = name.chars().count();
    if length > NAME_MAX_CHARS {
        return Err(format!("Use at most {NAME_MAX_CHARS} characters (this name has {length})."));
    }
    Ok(name.to_string())
}

/// The name of a copy: “X (copy)”, or “X (copy 2)”… when that is taken. Copying a copy
/// does not stack suffixes.
pub fn copy_name(name: &str, taken: &[&str]) -> String {
    let base = strip_copy_suffix(name.trim());
    std::iter::once(format!("{base} (copy)"))
        .chain((2..).map(|n| format!("{base} (copy {n})")))
        .find(|candidate| !taken.contains(&candidate.as_str()))
        .unwrap_or_default()
}

fn strip_copy_suffix(name: &str) -> &str {
    let Some(inner) = name.strip_suffix(')') else { return name };
    let Some(at) = inner.rfind(" (copy") else { return name };
    let number = &inner[at + " (copy".len()..];
    let is_copy = number.is_empty()
        || number.strip_prefix(' ').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if is_copy {
        &name[..at]
    } else {
        name
    }
}

/// A copy of `plan` under a new id and name. Records keep their revisions: the copy is a
/// separate plan, so they never meet the original's in a merge.
pub fn duplicate_plan(plan: &Plan, id: &str, name: &str, created_at: &str) -> Plan {
    Plan { id: id.to_string(), name: name.to_string(), created_at: created_at.to_string(), ..plan.clone() }
}

impl AppState {
    pub(super) fn plan_deleted(&mut self, plan: Plan) {
        if let Some(plans) = &mut self.plans {
            plans.retain(|p| p.id != plan.id);
        }
        self.set_notice(Some(Notice::info(format!("Deleted “{}”.", plan.name))));
        self.recently_deleted = Some(Rc::new(plan));
    }

    /// A plan was written from the home screen: list it (most recent first) and say so.
    /// `template`'s `{}` becomes the plan's name.
    pub(super) fn stored_with_notice(&mut self, summary: PlanSummary, template: &str) {
        self.set_notice(Some(Notice::info(template.replace("{}", &summary.name))));
        self.upsert_summary(summary);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Action, AppState, NoticeKind};
    use super::*;
    use crate::model::Stamp;

    fn plan(id: &str, name: &str) -> Plan {
        Plan::new(id, name, "SYR", "USD", &Stamp { at: "2026-01-01T00:00:00Z".into(), by: "CWG".into() })
    }
    fn listed(plans: &[&Plan]) -> AppState {
        let summaries = plans.iter().map(|p| PlanSummary::of(p, "2026-01-01T00:00:00Z", 10)).collect();
        AppState::default().reduce(Action::PlansListed(summaries))
    }
    fn names(state: &AppState) -> Vec<String> {
        state.plans.iter().flatten().map(|p| p.name.clone()).collect()
    }

    #[test]
    fn copies_get_a_free_name_without_stacked_suffixes() {
        assert_eq!(copy_name("Plan", &[]), "Plan (copy)");
        assert_eq!(copy_name("Plan", &["Plan (copy)"]), "Plan (copy 2)");
        assert_eq!(copy_name("Plan (copy)", &["Plan (copy)"]), "Plan (copy 2)");
        assert_eq!(copy_name("Plan (copy 2)", &["Plan (copy)", "Plan (copy 2)"]), "Plan (copy 3)");
        assert_eq!(copy_name("Budget (copy editor)", &[]), "Budget (copy editor) (copy)");
    }

    #[test]
    fn names_are_trimmed_and_must_be_present_and_short() {
        assert_eq!(validate_plan_name("  Response  "), Ok("Response".to_string()));
        assert!(validate_plan_name("   ").unwrap_err().contains("name"));
        let long = "x".repeat(NAME_MAX_CHARS + 1);
        assert!(validate_plan_name(&long).unwrap_err().contains("121"));
    }

    #[test]
    fn a_duplicate_has_a_new_id_and_name_and_the_same_records() {
        let original = plan("p1", "Plan");
        let copy = duplicate_plan(&original, "p2", "Plan (copy)", "2026-02-02T00:00:00Z");
        assert_eq!((copy.id.as_str(), copy.name.as_str()), ("p2", "Plan (copy)"));
        assert_eq!(copy.sectors, original.sectors);
    }

    #[test]
    fn a_deleted_plan_can_be_restored_until_another_notice_replaces_the_offer() {
        let (a, b) = (plan("a", "Alpha"), plan("b", "Beta"));
        let state = listed(&[&a, &b]).reduce(Action::PlanDeleted(a.clone()));
        assert_eq!(names(&state), ["Beta"]);
        assert_eq!(state.notice.as_ref().map(|n| n.text.as_str()), Some("Deleted “Alpha”."));
        assert_eq!(state.recently_deleted.as_deref(), Some(&a));

        let restored = state.clone().reduce(Action::Restored(PlanSummary::of(&a, "2026-01-02T00:00:00Z", 10)));
        assert_eq!(names(&restored), ["Alpha", "Beta"]);
        assert!(restored.recently_deleted.is_none(), "undo is offered once");

        let replaced = state.clone().reduce(Action::Notify(Notice::error("something else")));
        assert!(replaced.recently_deleted.is_none());
        let dismissed = state.reduce(Action::DismissNotice);
        assert!(dismissed.recently_deleted.is_none());
    }

    #[test]
    fn copies_and_renames_are_listed_first_and_announced() {
        let a = plan("a", "Alpha");
        let copy = duplicate_plan(&a, "c", "Alpha (copy)", "t");
        let state = listed(&[&a]).reduce(Action::Duplicated(PlanSummary::of(&copy, "2026-01-03T00:00:00Z", 10)));
        assert_eq!(names(&state), ["Alpha (copy)", "Alpha"]);
        assert_eq!(state.notice.as_ref().map(|n| n.kind.clone()), Some(NoticeKind::Info));
        let mut renamed = a.clone();
        renamed.name = "Omega".into();
        let state = state.reduce(Action::PlanRenamed(PlanSummary::of(&renamed, "2026-01-04T00:00:00Z", 10)));
        assert_eq!(names(&state), ["Omega", "Alpha (copy)"]);
        assert_eq!(state.notice.map(|n| n.text), Some("Renamed to “Omega”.".to_string()));
    }
}
