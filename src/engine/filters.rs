//! The organisation and modality filters every view shares: which activities they keep,
//! and the plan narrowed to those activities (needs, areas and sectors untouched, so
//! coverage reads "what they cover of the need"). The Overview and the maps use the same.

use crate::model::{Modality, Plan, Table};

/// Organisation names match by the one key the rules know an organisation by
/// (`rules::values::organisation_key`): "Mercy Corps", "Mercy-Corps" and "mercy corps" are one.
pub fn same_name(a: &str, b: &str) -> bool {
    crate::model::rules::values::same_organisation(a, b)
}

/// Whether an activity of `org` with `modality` passes the chosen organisation and modality.
pub fn activity_matches(
    organisation: Option<&str>,
    chosen_modality: Option<Modality>,
    org: &str,
    modality: Option<Modality>,
) -> bool {
    organisation.is_none_or(|chosen| same_name(chosen, org)) && chosen_modality.is_none_or(|c| modality == Some(c))
}

/// The plan with only the live activities of the chosen organisation and modality; None
/// (and no copy) when neither is chosen.
pub fn narrowed_plan(plan: &Plan, organisation: Option<&str>, modality: Option<Modality>) -> Option<Plan> {
    if organisation.is_none() && modality.is_none() {
        return None;
    }
    let mut activities = Table::default();
    for entry in plan.activities.entries() {
        let current = &entry.current;
        if !current.deleted
            && activity_matches(organisation, modality, &current.data.reporting_org, current.data.modality)
        {
            activities.insert_entry(entry.clone());
        }
    }
    Some(Plan { activities, ..plan.clone() })
}
