//! Where plans are kept: a storage trait with an in-memory implementation (tests) and an
//! IndexedDB one (the browser).

pub mod chunks;
pub mod dump;
pub mod hooks;
#[cfg(target_arch = "wasm32")]
pub mod indexeddb;
pub mod memory;
pub mod revisions;

use crate::model::Plan;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// What the home screen lists without loading whole plans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub id: String,
    pub name: String,
    pub country: String,
    pub modified_at: String,
    /// Size of the stored plan in bytes.
    pub size: u64,
    pub activities: u64,
    /// Boundary shapes stored with the plan (0 in summaries written before they were counted).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub boundaries: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl PlanSummary {
    pub fn of(plan: &Plan, modified_at: &str, size: u64) -> PlanSummary {
        PlanSummary {
            id: plan.id.clone(),
            name: plan.name.clone(),
            country: plan.country.clone(),
            modified_at: modified_at.to_string(),
            size,
            activities: plan.activities.len_live() as u64,
            boundaries: plan.boundaries.len_live() as u64,
        }
    }
}

#[derive(Debug, Error, Clone, PartialEq)]
pub enum StoreError {
    #[error("The browser's storage is full, so the last change was not saved. Export the plan to a file now, then free space (delete old plans or browsing data).")]
    QuotaExceeded,
    #[error("This browser does not allow saving data here ({0}). Private windows often block storage; open cashplan in a normal window.")]
    Unavailable(String),
    #[error("Saving failed: {0}. Your changes are still on screen; export the plan to a file to keep them safe.")]
    WriteFailed(String),
    #[error("Reading stored plans failed: {0}.")]
    ReadFailed(String),
    #[error("The stored copy of plan {id} is damaged ({detail}). Import your latest exported file to recover it.")]
    Corrupt { id: String, detail: String },
    #[error("The stored copy of plan {id} was saved by a newer cashplan (version {version}; this one reads versions 1 to {supported}). It was left as it is: reload the page to update the app, then open it again.")]
    TooNew { id: String, version: u64, supported: u64 },
    #[error("Plan {id} could not be prepared for saving ({detail}), so nothing was written and the stored copy is as it was. Your changes are still on screen; export the plan to a file to keep them safe.")]
    Encode { id: String, detail: String },
    #[error("Another tab saved “{name}” at the same moment. Both versions are kept: the other tab's as “{name}”, this tab's as “{copy_name}” on the home screen. Open both to compare, and keep what you need.")]
    Conflict { name: String, copy_name: String },
}

/// Persistence for plans. Each `save` is atomic: the plan and its summary are written in
/// one transaction, so a failed save leaves the previous copy intact.
#[allow(async_fn_in_trait)]
pub trait PlanStore {
    async fn list(&self) -> Result<Vec<PlanSummary>, StoreError>;
    async fn load(&self, id: &str) -> Result<Option<Plan>, StoreError>;
    async fn save(&self, plan: &Plan, modified_at: &str) -> Result<PlanSummary, StoreError>;
    async fn delete(&self, id: &str) -> Result<(), StoreError>;
    /// The next save of plan `id` writes over whatever another tab stored since this one
    /// read it (the user chose this tab's version), instead of keeping it as a conflict copy.
    fn write_over(&self, id: &str);
}

#[cfg(test)]
pub(crate) mod testing {
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    /// The memory store never waits, so one poll finishes every call.
    pub fn now<F: Future>(future: F) -> F::Output {
        match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(value) => value,
            Poll::Pending => panic!("the memory store never waits"),
        }
    }
}
