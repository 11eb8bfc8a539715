//! Pick-lists built from the plan, for the selects of every form.

use crate::model::Plan;

pub use super::table::activity_checks::vocabulary_options;
pub use super::table::checks::check;

/// Areas as (code, "code — name (admin N)").
pub fn area_options(plan: &Plan) -> Vec<(String, String)> {
    plan.areas
        .live()
        .map(|r| (r.data.code.clone(), format!("{} — {} (admin {})", r.data.code, r.data.name, r.data.level)))
        .collect()
}

/// Sectors as (code, "code — name").
pub fn sector_options(plan: &Plan) -> Vec<(String, String)> {
    plan.sectors.live().map(|r| (r.data.code.clone(), format!("{} — {}", r.data.code, r.data.name))).collect()
}
