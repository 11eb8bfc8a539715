//! The home screen: the plans stored in this browser (open, rename, copy, delete with
//! undo), a new plan, and importing a plan file.

use super::effects::ReadPurpose;
use super::forms::{error_for, field_value, take_files, FieldErrors, TextField};
use super::route::Route;
use super::state::{validate_plan_name, Action, PendingImport, StorageInfo};
use crate::model::rules::values;
use crate::store::PlanSummary;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HomeProps {
    pub plans: Option<Vec<PlanSummary>>,
    pub storage: Option<StorageInfo>,
    pub pending_import: Option<PendingImport>,
    /// The organisation recorded on this browser's edits.
    pub organisation: String,
    pub dispatch: Callback<Action>,
}

/// Checks the new-plan form; the action that creates the plan, or the message for each bad field.
fn new_plan(name: &str, country: &str, currency: &str) -> Result<Action, FieldErrors> {
    let mut errors = Vec::new();
    let name = validate_plan_name(name).map_err(|e| errors.push(("plan-name", e))).ok();
    let is_country = country.trim().len() == 3 && country.trim().chars().all(|c| c.is_ascii_alphabetic());
    if !is_country {
        errors.push(("plan-country", "Use the 3-letter ISO code of the country, e.g. SYR.".to_string()));
    }
    let currency = values::currency(currency)
        .map_err(|_| errors.push(("plan-currency", "Use a 3-letter ISO currency code, e.g. USD.".to_string())))
        .ok();
    match (name, currency) {
        (Some(name), Some(currency)) if errors.is_empty() => {
            Ok(Action::CreatePlan { name, country: country.trim().to_uppercase(), currency })
        }
        _ => Err(errors),
    }
}

#[function_component(HomePage)]
pub fn home_page(props: &HomeProps) -> Html {
    let errors = use_state(FieldErrors::new);
    let renaming = use_state(|| None::<Renaming>);

    let on_create = {
        let (dispatch, errors) = (props.dispatch.clone(), errors.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let result =
                new_plan(&field_value("plan-name"), &field_value("plan-country"), &field_value("plan-currency"));
            match result {
                Ok(create) => {
                    errors.set(Vec::new());
                    dispatch.emit(create);
                }
                Err(found) => errors.set(found),
            }
        })
    };

    let on_organisation = props.dispatch.reform(|event: Event| {
        let value = event.target_unchecked_into::<web_sys::HtmlInputElement>().value();
        Action::SetOrganisation(value)
    });

    let on_file = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: Event| {
            let files = take_files(&event);
            dispatch.emit(Action::Choose { purpose: ReadPurpose::PlanFile, files });
        })
    };

    let error_for = |id: &str| error_for(&errors, id);

    html! {
        <>
        <section class="card" aria-labelledby="new-plan-title">
            <h2 id="new-plan-title">{"New plan"}</h2>
            <form class="inline" onsubmit={on_create} novalidate=true>
                <TextField id="plan-name" label="Plan name" error={error_for("plan-name")} />
                <TextField id="plan-country" label="Country (ISO3)" error={error_for("plan-country")} size=6 />
                <TextField id="plan-currency" label="Currency" value="USD" error={error_for("plan-currency")} size=6 />
                <button class="primary" type="submit">{"Create plan"}</button>
            </form>
        </section>

        <section class="card plans" aria-labelledby="plans-title">
            <h2 id="plans-title">{"Plans in this browser"}</h2>
            { plan_list(props, &renaming) }
        </section>

        <section class="card" aria-labelledby="import-title">
            <h2 id="import-title">{"Import a plan file"}</h2>
            <p class="muted">{"A .cashplan.json file exported from cashplan. A plan you already have is merged: new records are added, newer versions replace older ones, and conflicting edits are kept for you to resolve."}</p>
            <label>{"Plan file"}
                <input type="file" id="import-plan-file" accept=".json,application/json" onchange={on_file} />
            </label>
            if let Some(pending) = &props.pending_import {
                { import_preview(pending, &props.dispatch) }
            }
        </section>

        <section class="card" aria-labelledby="you-title">
            <h2 id="you-title">{"You"}</h2>
            <label>{"Your organisation (recorded on your edits)"}
                <input id="user-organisation" value={props.organisation.clone()} onchange={on_organisation} />
            </label>
            <p class="muted">{"Plans are kept in this browser only (IndexedDB). Nothing is sent anywhere. Export a plan file regularly to share it or keep a backup."}</p>
            <p id="storage-status">{ storage_text(props.storage.as_ref()) }</p>
        </section>
        </>
    }
}

/// The plan whose name is being edited, and what is wrong with the name typed, if anything.
#[derive(Clone, PartialEq)]
struct Renaming {
    id: String,
    error: Option<String>,
}

fn plan_list(props: &HomeProps, renaming: &UseStateHandle<Option<Renaming>>) -> Html {
    let Some(plans) = &props.plans else {
        return html! { <p class="muted">{"Opening storage…"}</p> };
    };
    if plans.is_empty() {
        return html! { <p class="muted">{"No plans yet. Create one above or import a plan file."}</p> };
    }
    html! {
        <ul>
        { for plans.iter().map(|plan| {
            if renaming.as_ref().is_some_and(|r| r.id == plan.id) {
                return rename_form(plan, props, renaming);
            }
            let open = { let id = plan.id.clone(); props.dispatch.reform(move |_| Action::Navigate(Route::plan(&id))) };
            let delete = { let id = plan.id.clone(); props.dispatch.reform(move |_| Action::DeletePlan(id.clone())) };
            let duplicate = { let id = plan.id.clone(); props.dispatch.reform(move |_| Action::DuplicatePlan(id.clone())) };
            let rename = {
                let (id, renaming) = (plan.id.clone(), renaming.clone());
                Callback::from(move |_| renaming.set(Some(Renaming { id: id.clone(), error: None })))
            };
            html! {
                <li>
                    <strong>{ &plan.name }</strong>
                    <span class="muted">{ format!("{} · {} activities · modified {} · {:.1} KB", plan.country, plan.activities, plan.modified_at.replace('T', " ").trim_end_matches('Z'), plan.size as f64 / 1024.0) }</span>
                    <span class="spacer"></span>
                    <button type="button" class="primary" onclick={open} aria-label={format!("Open {}", plan.name)}>{"Open"}</button>
                    <button type="button" onclick={rename} aria-label={format!("Rename {}", plan.name)}>{"Rename"}</button>
                    <button type="button" onclick={duplicate} aria-label={format!("Duplicate {}", plan.name)}>{"Duplicate"}</button>
                    <button type="button" class="danger" onclick={delete} aria-label={format!("Delete {}", plan.name)}>{"Delete"}</button>
                </li>
            }
        }) }
        </ul>
    }
}

/// The plan's row as a form: the name in a field, saved on Enter, abandoned on Escape.
fn rename_form(plan: &PlanSummary, props: &HomeProps, renaming: &UseStateHandle<Option<Renaming>>) -> Html {
    let field = "rename-plan";
    let on_submit = {
        let (id, renaming, dispatch) = (plan.id.clone(), renaming.clone(), props.dispatch.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match validate_plan_name(&field_value(field)) {
                Ok(name) => {
                    renaming.set(None);
                    dispatch.emit(Action::RenamePlan { id: id.clone(), name });
                }
                Err(error) => renaming.set(Some(Renaming { id: id.clone(), error: Some(error) })),
            }
        })
    };
    let cancel = {
        let renaming = renaming.clone();
        Callback::from(move |_| renaming.set(None))
    };
    let on_key = {
        let renaming = renaming.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                renaming.set(None);
            }
        })
    };
    let error = renaming.as_ref().and_then(|r| r.error.clone());
    html! {
        <li class="plans-renaming">
            <form class="inline" onsubmit={on_submit} onkeydown={on_key} novalidate=true>
                <label>{ format!("New name for “{}”", plan.name) }
                    <input id={field} value={plan.name.clone()} autofocus=true aria-invalid={error.is_some().then_some("true")}
                        aria-describedby={error.is_some().then_some("rename-plan-error")} />
                    if let Some(error) = error {
                        <span class="field-error" id="rename-plan-error">{ error }</span>
                    }
                </label>
                <button type="submit" class="primary">{"Save name"}</button>
                <button type="button" onclick={cancel}>{"Cancel"}</button>
            </form>
        </li>
    }
}

fn import_preview(pending: &PendingImport, dispatch: &Callback<Action>) -> Html {
    let plan = &pending.result;
    let description = match &pending.merge {
        None => format!(
            "“{}” ({}) is new to this browser: {} areas, {} needs, {} activities.",
            plan.name, plan.country, plan.areas.len_live(), plan.needs.len_live(), plan.activities.len_live()
        ),
        Some(merge) => format!(
            "“{}” is already in this browser. Merging adds {} records, updates {}, leaves {} unchanged; {} records will have conflicts to resolve.",
            plan.name, merge.added, merge.updated, merge.unchanged, merge.conflicts
        ),
    };
    html! {
        <div class="notice info" role="status" id="import-preview">
            <p>{ format!("{}: {}", pending.file_name, description) }</p>
            <button type="button" class="primary" onclick={dispatch.reform(|_| Action::ConfirmImport)}>{"Import"}</button>
            <button type="button" onclick={dispatch.reform(|_| Action::CancelImport)}>{"Cancel"}</button>
        </div>
    }
}

fn storage_text(info: Option<&StorageInfo>) -> String {
    let Some(info) = info else { return "Checking storage…".into() };
    let kept = match info.persisted {
        Some(true) => "Storage is persistent: the browser will not clear your plans to free space.",
        Some(false) => "Storage is not persistent: the browser may clear your plans if the disk fills up. Export plan files as backups.",
        None => "This browser does not say whether it keeps your plans under storage pressure. Export plan files as backups.",
    };
    match (info.used_bytes, info.quota_bytes) {
        (Some(used), Some(quota)) => format!("{kept} Using {:.1} MB of {:.0} MB available.", used / 1e6, quota / 1e6),
        _ => kept.to_string(),
    }
}
