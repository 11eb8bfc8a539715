//! Wrappers the app composes around its store: one tells a listener about every write
//! that succeeded (so other tabs hear of it), one makes writes fail like a full disk on
//! demand (a test hook, see [`FailSwitch`]).

use super::{PlanStore, PlanSummary, StoreError};
use crate::model::Plan;

/// A write that reached storage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Written<'a> {
    Saved(&'a PlanSummary),
    Deleted(&'a str),
}

/// Passes everything to `inner` and reports each successful write to `listener`.
pub struct Announcing<S> {
    inner: S,
    listener: Box<dyn Fn(Written<'_>)>,
}

impl<S> Announcing<S> {
    pub fn new(inner: S, listener: impl Fn(Written<'_>) + 'static) -> Announcing<S> {
        Announcing { inner, listener: Box::new(listener) }
    }
}

impl<S: PlanStore> PlanStore for Announcing<S> {
    async fn list(&self) -> Result<Vec<PlanSummary>, StoreError> {
        self.inner.list().await
    }
    async fn load(&self, id: &str) -> Result<Option<Plan>, StoreError> {
        self.inner.load(id).await
    }
    async fn save(&self, plan: &Plan, modified_at: &str) -> Result<PlanSummary, StoreError> {
        let summary = self.inner.save(plan, modified_at).await?;
        (self.listener)(Written::Saved(&summary));
        Ok(summary)
    }
    async fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.inner.delete(id).await?;
        (self.listener)(Written::Deleted(id));
        Ok(())
    }
    fn write_over(&self, id: &str) {
        self.inner.write_over(id);
    }
}

/// TEST HOOK: while `failing()` answers true, every write fails with
/// [`StoreError::QuotaExceeded`] and storage is left untouched, exactly like a full disk.
/// The browser app asks [`quota_error_simulated`], so an end-to-end test can switch a
/// full disk on and off from the page (tests/e2e/plans.test.mjs); real users never set
/// the key, and reading it costs one storage lookup per write.
pub struct FailSwitch<S> {
    inner: S,
    failing: Box<dyn Fn() -> bool>,
}

impl<S> FailSwitch<S> {
    pub fn new(inner: S, failing: impl Fn() -> bool + 'static) -> FailSwitch<S> {
        FailSwitch { inner, failing: Box::new(failing) }
    }
}

impl<S: PlanStore> PlanStore for FailSwitch<S> {
    async fn list(&self) -> Result<Vec<PlanSummary>, StoreError> {
        self.inner.list().await
    }
    async fn load(&self, id: &str) -> Result<Option<Plan>, StoreError> {
        self.inner.load(id).await
    }
    async fn save(&self, plan: &Plan, modified_at: &str) -> Result<PlanSummary, StoreError> {
        if (self.failing)() {
            return Err(StoreError::QuotaExceeded);
        }
        self.inner.save(plan, modified_at).await
    }
    async fn delete(&self, id: &str) -> Result<(), StoreError> {
        if (self.failing)() {
            return Err(StoreError::QuotaExceeded);
        }
        self.inner.delete(id).await
    }
    fn write_over(&self, id: &str) {
        self.inner.write_over(id);
    }
}

/// The key of the test hook: `"1"` in `localStorage` (every tab of the site) or in
/// `sessionStorage` (this tab only, which lets a test give one of two tabs unsaved work).
pub const SIMULATE_QUOTA_ERROR_KEY: &str = "cashplan.simulate-quota-error";

/// Whether a test asked for a simulated full disk (see [`FailSwitch`]).
#[cfg(target_arch = "wasm32")]
pub fn quota_error_simulated() -> bool {
    let window = gloo::utils::window();
    let is_set = |storage: Option<web_sys::Storage>| {
        storage.and_then(|s| s.get_item(SIMULATE_QUOTA_ERROR_KEY).ok().flatten()).as_deref() == Some("1")
    };
    is_set(window.local_storage().ok().flatten()) || is_set(window.session_storage().ok().flatten())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stamp;
    use crate::store::memory::MemoryStore;
    use crate::store::testing::now;
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    fn plan(id: &str) -> Plan {
        Plan::new(id, "Test", "SYR", "USD", &Stamp { at: "t".into(), by: "me".into() })
    }

    #[test]
    fn the_switch_fails_writes_like_a_full_disk_and_heals() {
        let on = Rc::new(Cell::new(false));
        let store = FailSwitch::new(MemoryStore::default(), {
            let on = on.clone();
            move || on.get()
        });
        now(store.save(&plan("a"), "t1")).unwrap();
        on.set(true);
        let mut renamed = plan("a");
        renamed.name = "Renamed".into();
        assert_eq!(now(store.save(&renamed, "t2")), Err(StoreError::QuotaExceeded));
        assert_eq!(now(store.delete("a")), Err(StoreError::QuotaExceeded));
        assert_eq!(now(store.load("a")).unwrap().unwrap().name, "Test", "reads still work; nothing changed");
        on.set(false);
        now(store.save(&renamed, "t3")).unwrap();
        assert_eq!(now(store.load("a")).unwrap().unwrap().name, "Renamed");
    }

    #[test]
    fn only_successful_writes_are_announced() {
        let heard = Rc::new(RefCell::new(Vec::new()));
        let on = Rc::new(Cell::new(false));
        let failing = FailSwitch::new(MemoryStore::default(), {
            let on = on.clone();
            move || on.get()
        });
        let store = Announcing::new(failing, {
            let heard = heard.clone();
            move |w: Written<'_>| {
                heard.borrow_mut().push(match w {
                    Written::Saved(s) => format!("saved {}", s.id),
                    Written::Deleted(id) => format!("deleted {id}"),
                })
            }
        });
        now(store.save(&plan("a"), "t1")).unwrap();
        on.set(true);
        assert!(now(store.save(&plan("b"), "t2")).is_err());
        on.set(false);
        now(store.delete("a")).unwrap();
        assert_eq!(*heard.borrow(), ["saved a", "deleted a"]);
    }
}
