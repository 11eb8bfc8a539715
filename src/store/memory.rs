//! An in-memory `PlanStore` for tests, with a switch that makes writes fail like a full disk.

use super::{decode, encode, PlanStore, PlanSummary, StoreError};
use crate::model::Plan;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

#[derive(Default)]
pub struct MemoryStore {
    plans: RefCell<BTreeMap<String, (String, PlanSummary)>>,
    fail_writes: Cell<Option<StoreError>>,
}

impl MemoryStore {
    /// Makes every later write fail with `error` (None heals the store).
    pub fn fail_writes_with(&self, error: Option<StoreError>) {
        self.fail_writes.set(error);
    }
}

impl PlanStore for MemoryStore {
    async fn list(&self) -> Result<Vec<PlanSummary>, StoreError> {
        let mut all: Vec<PlanSummary> = self.plans.borrow().values().map(|(_, s)| s.clone()).collect();
        all.sort_by(|a, b| b.modified_at.cmp(&a.modified_at));
        Ok(all)
    }

    async fn load(&self, id: &str) -> Result<Option<Plan>, StoreError> {
        self.plans.borrow().get(id).map(|(text, _)| decode(id, text)).transpose()
    }

    async fn save(&self, plan: &Plan, modified_at: &str) -> Result<PlanSummary, StoreError> {
        if let Some(error) = self.fail_writes.take() {
            self.fail_writes.set(Some(error.clone()));
            return Err(error);
        }
        let text = encode(plan);
        let summary = PlanSummary::of(plan, modified_at, text.len() as u64);
        self.plans.borrow_mut().insert(plan.id.clone(), (text, summary.clone()));
        Ok(summary)
    }

    async fn delete(&self, id: &str) -> Result<(), StoreError> {
        if let Some(error) = self.fail_writes.take() {
            self.fail_writes.set(Some(error.clone()));
            return Err(error);
        }
        self.plans.borrow_mut().remove(id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stamp;
    use crate::store::testing::now;

    fn plan(id: &str) -> Plan {
        Plan::new(id, "Test", "SYR", "USD", &Stamp { at: "t".into(), by: "me".into() })
    }

    #[test]
    fn saves_lists_loads_and_deletes() {
        let store = MemoryStore::default();
        now(store.save(&plan("a"), "2026-01-01T00:00:00Z")).unwrap();
        now(store.save(&plan("b"), "2026-01-02T00:00:00Z")).unwrap();
        let list = now(store.list()).unwrap();
        assert_eq!(list.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(now(store.load("a")).unwrap(), Some(plan("a")));
        now(store.delete("a")).unwrap();
        assert_eq!(now(store.load("a")).unwrap(), None);
    }

    #[test]
    fn a_failed_write_keeps_the_previous_copy() {
        let store = MemoryStore::default();
        let mut p = plan("a");
        now(store.save(&p, "t1")).unwrap();
        store.fail_writes_with(Some(StoreError::QuotaExceeded));
        p.name = "Renamed".into();
        assert_eq!(now(store.save(&p, "t2")), Err(StoreError::QuotaExceeded));
        assert_eq!(now(store.load("a")).unwrap().unwrap().name, "Test");
    }
}
