//! The 5W activity form, for adding and for editing every field: who, what, where (area,
//! site, coordinates), for whom, when (reporting month, dates), with which transfer. Each
//! problem is shown beside its field.

use super::area_picker::AreaPicker;
use super::forms::{clear_fields, field_value, set_field, SelectField, TextField};
use super::state::{Action, PlanRef};
use super::table::activity_checks::{activity_field, keeping_unshown, read_activity, vocabulary_options};
use super::table::checks::Problems;
use super::table::rows::Shared;
use super::table::specs::ORGANISATION_LIST;
use super::table::tree::AreaChoice;
use crate::model::change::Change;
use crate::model::{
    Activity, Conditionality, Frequency, Modality, Restriction, SocialProtectionLink, Status, ValueUnit,
};
use crate::platform;
use yew::prelude::*;

/// Cleared after an activity is added; the rest (who, where, when) is often the same for
/// the next row a partner reports.
const CLEARED_AFTER_ADD: &[&str] =
    &["activity-description", "activity-targeted", "activity-targeted-hh", "activity-reached", "activity-reached-hh"];

#[derive(Properties, PartialEq)]
pub struct ActivityFormProps {
    pub plan: PlanRef,
    pub dispatch: Callback<Action>,
    pub areas: Shared<Vec<AreaChoice>>,
    /// The activity being edited; None adds a new one.
    #[prop_or_default]
    pub editing: Option<String>,
    /// Called after a successful edit, or when the user cancels it.
    pub on_done: Callback<()>,
}

fn field_id(key: &str) -> String {
    format!("activity-{key}")
}

#[function_component(ActivityForm)]
pub fn activity_form(props: &ActivityFormProps) -> Html {
    let problems = use_state(Problems::new);
    let before: Option<Activity> =
        props.editing.as_ref().and_then(|id| props.plan.activities.get(id)).map(|r| r.data.clone());
    let start = |key: &str| match &before {
        Some(a) => activity_field(a, key),
        None => match key {
            "status" => Status::Ongoing.to_string(),
            "unit" => ValueUnit::Household.to_string(),
            "sp-link" => SocialProtectionLink::None.to_string(),
            "currency" => props.plan.currency.clone(),
            _ => String::new(),
        },
    };
    let error = |key: &str| problems.iter().find(|(k, _)| *k == key).map(|(_, m)| m.clone());
    // The dates start from the activity being edited, put in once (see forms::set_field):
    // this form re-renders whenever the page does, and a `value` attribute would wipe them.
    {
        let dates = ["start", "end"].map(|key| (field_id(key), start(key)));
        use_effect_with(props.editing.clone(), move |_| {
            for (id, value) in &dates {
                set_field(id, value);
            }
        });
    }

    let on_submit = {
        let (plan, dispatch, problems, editing, on_done) = (
            props.plan.clone(),
            props.dispatch.clone(),
            problems.clone(),
            props.editing.clone(),
            props.on_done.clone(),
        );
        let before = before.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match read_activity(&|key: &str| field_value(&field_id(key)), &plan) {
                Ok(activity) => {
                    problems.set(Problems::new());
                    let (id, activity) = match (&editing, &before) {
                        (Some(id), Some(before)) => (id.clone(), keeping_unshown(activity, before)),
                        _ => (platform::new_id("a"), activity),
                    };
                    dispatch.emit(Action::Edit(Change::put(id, activity)));
                    if editing.is_some() {
                        on_done.emit(());
                    } else {
                        clear_fields(CLEARED_AFTER_ADD);
                    }
                }
                Err(found) => problems.set(found),
            }
        })
    };

    let text = |key: &'static str, label: &'static str, numeric: bool| {
        html! { <TextField id={field_id(key)} {label} value={start(key)} error={error(key)} numeric={numeric} list={None::<AttrValue>} /> }
    };
    let org = |key: &'static str, label: &'static str| {
        html! { <TextField id={field_id(key)} {label} value={start(key)} error={error(key)} list={Some(AttrValue::from(ORGANISATION_LIST))} /> }
    };
    let select = |key: &'static str,
                  label: &'static str,
                  options: Vec<(String, String)>,
                  empty: Option<&'static str>| {
        let chosen = Some(start(key)).filter(|v| !v.is_empty());
        html! { <SelectField id={field_id(key)} {label} {options} selected={chosen} empty={empty.map(AttrValue::from)} error={error(key)} /> }
    };
    let date = |key: &'static str, label: &'static str| {
        let (id, message) = (field_id(key), error(key));
        let error_id = format!("{id}-error");
        html! {
            <label>{ label }
                <input type="date" id={id.clone()} name={id} aria-invalid={message.is_some().then_some("true")}
                    aria-describedby={message.is_some().then(|| error_id.clone())} />
                if let Some(message) = message { <span class="field-error" id={error_id}>{ message }</span> }
            </label>
        }
    };
    let sectors: Vec<(String, String)> =
        props.plan.sectors.live().map(|r| (r.id.clone(), format!("{} — {}", r.id, r.data.name))).collect();
    let editing = props.editing.is_some();
    let title = if editing { "Edit activity (5W)" } else { "Add an activity (5W)" };

    html! {
        <section class="card" aria-labelledby="activity-form-title">
            <h2 id="activity-form-title">{ title }</h2>
            <form class="tbl-form" onsubmit={on_submit} novalidate=true>
                <fieldset><legend>{"Who"}</legend>
                    { org("org", "Reporting organisation") }
                    { org("partner", "Implementing partner") }
                    { org("donor", "Donor") }
                </fieldset>
                <fieldset><legend>{"What"}</legend>
                    { select("sector", "Sector", sectors, Some("Choose…")) }
                    { text("description", "What (description)", false) }
                    { select("modality", "Modality", vocabulary_options::<Modality>(), Some("—")) }
                    { select("conditionality", "Conditionality", vocabulary_options::<Conditionality>(), Some("—")) }
                    { select("restriction", "Restriction", vocabulary_options::<Restriction>(), Some("—")) }
                    { text("mechanism", "Delivery mechanism", false) }
                    { select("status", "Status", vocabulary_options::<Status>(), None) }
                    { select("sp-link", "Social protection link", vocabulary_options::<SocialProtectionLink>(), None) }
                </fieldset>
                <fieldset><legend>{"Where"}</legend>
                    <AreaPicker id="activity-area" label="Area" choices={props.areas.clone()} value={Some(start("area"))} error={error("area")} />
                    { text("site", "Site or camp", false) }
                    { text("site-code", "Site or camp code", false) }
                    // Signed decimals: a text box, since a numeric keypad may have no minus sign.
                    { text("latitude", "Latitude (decimal degrees, e.g. 36.2021)", false) }
                    { text("longitude", "Longitude (decimal degrees, e.g. 37.1343)", false) }
                </fieldset>
                <fieldset><legend>{"For whom"}</legend>
                    { text("targeted", "People targeted", true) }
                    { text("targeted-hh", "Households targeted", true) }
                    { text("reached", "People reached", true) }
                    { text("reached-hh", "Households reached", true) }
                    { text("hh-size", "Household size", true) }
                    { text("criteria", "Targeting criteria (separate with ;)", false) }
                </fieldset>
                <fieldset><legend>{"Transfer"}</legend>
                    { text("value", "Transfer value", true) }
                    { select("unit", "Value per", vocabulary_options::<ValueUnit>(), None) }
                    { text("currency", "Currency", false) }
                    { select("frequency", "Frequency", vocabulary_options::<Frequency>(), Some("—")) }
                    { text("payments", "Number of payments", true) }
                </fieldset>
                <fieldset><legend>{"When"}</legend>
                    { text("month", "Reporting month (YYYY-MM)", false) }
                    { date("start", "Start date") }
                    { date("end", "End date") }
                </fieldset>
                <div class="tbl-form-actions">
                    <button type="submit" class="primary">{ if editing { "Save activity" } else { "Add activity" } }</button>
                    if editing {
                        <button type="button" onclick={props.on_done.reform(|_| ())}>{"Cancel"}</button>
                    }
                </div>
            </form>
        </section>
    }
}
