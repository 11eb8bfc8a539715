//! Two tabs saving the same plan: optimistic concurrency on the stored copy. Every save
//! counts up the plan's stored revision (`<id>#revision`, beside its chunks); each store
//! remembers the revision it last read or wrote of each plan, and a save checks it against
//! the stored one inside the same transaction. When another tab saved in between, this
//! tab's version is not written over the other: it is kept as a conflict copy the user can
//! open, and the save ends in [`StoreError::Conflict`] saying so.

use super::StoreError;
use crate::model::Plan;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// The key of plan `id`'s stored revision.
pub fn revision_key(id: &str) -> String {
    format!("{id}#revision")
}

/// The stored revision from its stored text; plans stored before revisions were counted
/// are at 0.
pub fn parse(id: &str, text: Option<&str>) -> Result<u64, StoreError> {
    match text {
        None => Ok(0),
        Some(text) => text.parse().map_err(|_| StoreError::Corrupt {
            id: id.into(),
            detail: format!("the revision `{text}` is not a number"),
        }),
    }
}

/// What a save may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    /// Write the plan as this revision.
    Write(u64),
    /// Another tab saved since this one read the plan (at revision `seen`): keep both.
    Conflict { seen: u64 },
}

/// The revisions of the plans one store (one tab) last read or wrote.
#[derive(Debug, Default)]
pub struct Seen(RefCell<BTreeMap<String, u64>>);

impl Seen {
    pub fn note(&self, id: &str, revision: u64) {
        self.0.borrow_mut().insert(id.to_string(), revision);
    }

    pub fn forget(&self, id: &str) {
        self.0.borrow_mut().remove(id);
    }

    /// Whether plan `id` may be written over `stored`. A plan this tab never read (a new
    /// one, a copy) is written.
    pub fn turn(&self, id: &str, stored: u64) -> Turn {
        match self.0.borrow().get(id) {
            Some(&seen) if seen != stored => Turn::Conflict { seen },
            _ => Turn::Write(stored + 1),
        }
    }
}

/// This tab's version of `plan`, kept beside the other tab's: one copy per revision it
/// started from, so later saves of the same tab update that copy instead of adding more.
pub fn conflict_copy(plan: &Plan, seen: u64, modified_at: &str) -> Plan {
    let mut copy = plan.clone();
    copy.id = format!("{}~conflict-{seen}", plan.id);
    let when = modified_at.get(..16).unwrap_or(modified_at).replace('T', " ");
    copy.name = format!("{} (conflict copy, {when})", plan.name);
    copy
}

/// The error a conflicting save ends in, once the copy is stored.
pub fn conflict(plan: &Plan, copy: &Plan) -> StoreError {
    StoreError::Conflict { name: plan.name.clone(), copy_name: copy.name.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stamp;

    #[test]
    fn a_tab_writes_over_what_it_read_and_nothing_else() {
        let seen = Seen::default();
        assert_eq!(seen.turn("p", 0), Turn::Write(1), "a plan never read is written");
        seen.note("p", 3);
        assert_eq!(seen.turn("p", 3), Turn::Write(4));
        assert_eq!(seen.turn("p", 4), Turn::Conflict { seen: 3 }, "another tab saved revision 4");
        seen.forget("p");
        assert_eq!(seen.turn("p", 4), Turn::Write(5));
    }

    #[test]
    fn revisions_read_back_and_a_damaged_one_is_reported() {
        assert_eq!(parse("p", None), Ok(0));
        assert_eq!(parse("p", Some("12")), Ok(12));
        assert!(matches!(parse("p", Some("x")), Err(StoreError::Corrupt { .. })));
    }

    #[test]
    fn a_conflict_copy_says_what_it_is() {
        let plan = Plan::new("p", "Response", "SYR", "USD", &Stamp { at: "t".into(), by: "me".into() });
        let copy = conflict_copy(&plan, 3, "2026-03-04T05:06:07Z");
        assert_eq!(
            (copy.id.as_str(), copy.name.as_str()),
            ("p~conflict-3", "Response (conflict copy, 2026-03-04 05:06)")
        );
        assert!(conflict(&plan, &copy).to_string().contains("Response (conflict copy, 2026-03-04 05:06)"));
    }
}
