//! Sharing a plan by file, on the plan's Import page: export the whole plan or a
//! partner's slice, merge a partner's file into the open plan after a preview, and
//! resolve the conflicts that leaves, one by one or all at once.

use super::app::stamp;
use super::browser;
use super::state::{
    bulk_resolutions, conflicts, partner_slice, reporting_orgs, Action, AppliedMerge, ConflictView, Edit, Keep, Notice,
    Origin, PlanRef,
};
use crate::engine::merge::{preview_merge, MergeSummary};
use crate::formats::planfile::{file_name, read_plan_file, write_plan_file};
use crate::model::Plan;
use crate::platform;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The last merged file, provided by the app to this panel (compared by identity).
#[derive(Clone, Debug, Default)]
pub struct MergeContext(pub Option<AppliedMerge>);

impl PartialEq for MergeContext {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Rc::ptr_eq(&a.incoming, &b.incoming) && Rc::ptr_eq(&a.base, &b.base),
            (None, None) => true,
            _ => false,
        }
    }
}

/// Writes `plan` — or, with `organisation`, that partner's slice — as a plan file and
/// offers it for download.
pub fn offer_plan_file(plan: &Plan, organisation: Option<&str>) -> Result<(), String> {
    let now = platform::now_rfc3339();
    let content = match organisation {
        Some(org) => partner_slice(plan, org),
        None => plan.clone(),
    };
    let text = write_plan_file(&content, &format!("cashplan {}", env!("CARGO_PKG_VERSION")), &now);
    let name = file_name(&plan.name, organisation, now.get(..10).unwrap_or("undated"));
    browser::download(&name, "application/json", &text).map_err(|e| {
        format!("The plan file could not be offered for download ({e}). Try again, or use another browser.")
    })
}

#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    pub plan: PlanRef,
    pub dispatch: Callback<Action>,
    pub on_export: Callback<()>,
}

/// A partner's file read and checked, waiting for the user to merge it.
#[derive(Clone, PartialEq)]
enum Incoming {
    Ready { file_name: String, plan: PlanRef },
    Refused(String),
}

#[function_component(SharePanel)]
pub fn share_panel(props: &SharePanelProps) -> Html {
    let incoming = use_state(|| None::<Incoming>);
    let merge = use_context::<MergeContext>().unwrap_or_default();
    let orgs = use_memo(props.plan.clone(), |plan| reporting_orgs(plan));
    let listed = use_memo((props.plan.clone(), merge.clone()), |(plan, merge)| conflicts(plan, merge.0.as_ref()));
    let partner = use_state(|| None::<String>);
    let chosen_partner = (*partner).clone().filter(|p| orgs.contains(p)).or_else(|| orgs.first().cloned());

    let on_partner = {
        let partner = partner.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                partner.set(Some(select.value()));
            }
        })
    };
    let export_slice = {
        let (plan, dispatch, chosen) = (props.plan.clone(), props.dispatch.clone(), chosen_partner.clone());
        Callback::from(move |_| {
            let Some(org) = chosen.as_deref() else { return };
            if let Err(message) = offer_plan_file(&plan, Some(org)) {
                dispatch.emit(Action::Notify(Notice::error(message)));
            }
        })
    };

    let on_file = {
        let incoming = incoming.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
                return;
            };
            let file = input.files().and_then(|files| files.get(0));
            input.set_value("");
            let Some(file) = file else { return };
            let incoming = incoming.clone();
            spawn_local(async move {
                let name = file.name();
                let checked = match browser::read_text(file).await {
                    Err(e) => Incoming::Refused(format!("{name}: could not be read ({e}). Choose the file again.")),
                    Ok(text) => match read_plan_file(&name, &text) {
                        Ok(plan) => Incoming::Ready { file_name: name, plan: PlanRef(Rc::new(plan)) },
                        Err(e) => Incoming::Refused(e.to_string()),
                    },
                };
                incoming.set(Some(checked));
            });
        })
    };
    // Counted against the plan as it is now, so edits made meanwhile are accounted for.
    let preview = use_memo((props.plan.clone(), (*incoming).clone()), |(plan, incoming)| match incoming {
        Some(Incoming::Ready { plan: file, .. }) => Some(preview_merge(plan, file).1),
        _ => None,
    });
    let on_merge = {
        let (incoming, dispatch, summary) = (incoming.clone(), props.dispatch.clone(), (*preview).clone());
        Callback::from(move |_| {
            let Some(Incoming::Ready { file_name, plan }) = (*incoming).clone() else { return };
            let counts = summary.as_ref().map(counts_text).unwrap_or_default();
            dispatch.emit(Action::Edit(Edit::MergeFile { file_name: file_name.clone(), incoming: plan.0 }, stamp()));
            dispatch.emit(Action::Notify(Notice::info(format!(
                "Merged {file_name}: {counts}. Undo reverses the whole merge."
            ))));
            incoming.set(None);
        })
    };
    let on_cancel = {
        let incoming = incoming.clone();
        Callback::from(move |_| incoming.set(None))
    };

    html! {
        <>
        <section class="card" aria-labelledby="share-title">
            <h2 id="share-title">{"Share by file"}</h2>
            <p>
                <button type="button" class="primary" id="export-plan" onclick={props.on_export.reform(|_| ())}>{"Export plan file"}</button>
                <span class="muted">{" The whole plan as a .cashplan.json file others can import and merge; it is also your backup."}</span>
            </p>
            if orgs.is_empty() {
                <p class="muted">{"Once activities are entered, you can export one partner's slice here."}</p>
            } else {
                <form class="inline" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    <label>{"Partner"}
                        <select id="export-partner" onchange={on_partner}>
                            { for orgs.iter().map(|org| html! {
                                <option value={org.clone()} selected={chosen_partner.as_deref() == Some(org.as_str())}>{ org }</option>
                            }) }
                        </select>
                    </label>
                    <button type="button" id="export-partner-slice" onclick={export_slice}>{"Export this partner's slice"}</button>
                </form>
                <p class="muted">{"The slice holds that organisation's activities plus all areas, sectors, organisations, needs, standards, MEB and exchange rates. The partner imports it, updates their activities and sends back their own slice for you to merge below."}</p>
            }
        </section>
        <section class="card" aria-labelledby="merge-title">
            <h2 id="merge-title">{"Merge a partner's plan file"}</h2>
            <p class="muted">{"New records are added and newer versions replace older ones. Where the partner and this plan changed the same record differently, both versions are kept as a conflict for you to resolve. Nothing changes until you confirm."}</p>
            <label>{"Partner's plan file"}
                <input type="file" id="merge-plan-file" accept=".json,application/json" onchange={on_file} />
            </label>
            { match (&*incoming, &*preview) {
                (Some(Incoming::Refused(message)), _) => html! {
                    <div class="notice error" role="alert" id="merge-errors">
                        <p>{ message }</p>
                        <button type="button" onclick={on_cancel}>{"Dismiss"}</button>
                    </div>
                },
                (Some(Incoming::Ready { file_name, plan: file }), Some(summary)) => html! {
                    <div class="notice info plans-merge-preview" role="status" id="merge-preview">
                        <p>
                            { format!("{file_name}: {}.", counts_text(summary)) }
                            if file.id != props.plan.id {
                                { format!(" Note: the file is a copy of another plan, “{}”; its records are added to this one.", file.name) }
                            }
                        </p>
                        <button type="button" class="primary" onclick={on_merge}>{"Merge into this plan"}</button>
                        <button type="button" onclick={on_cancel}>{"Cancel"}</button>
                    </div>
                },
                _ => html! {},
            } }
        </section>
        { conflict_list(&listed, merge.0.as_ref(), &props.dispatch) }
        </>
    }
}

/// “1 new, 0 updated, 1 conflicting, 20 unchanged”. The engine counts a record that
/// gained a conflict as updated too; here each record is counted once.
fn counts_text(summary: &MergeSummary) -> String {
    let updated = summary.updated.saturating_sub(summary.conflicts);
    format!(
        "{} new, {updated} updated, {} conflicting, {} unchanged",
        summary.added, summary.conflicts, summary.unchanged
    )
}

fn conflict_list(listed: &[ConflictView], merge: Option<&AppliedMerge>, dispatch: &Callback<Action>) -> Html {
    let resolve_all = |keep: Keep, done: &'static str| {
        let (resolutions, dispatch) = (bulk_resolutions(listed, keep), dispatch.clone());
        Callback::from(move |_| {
            let count = resolutions.len();
            dispatch.emit(Action::Edit(Edit::ResolveMany(resolutions.clone()), stamp()));
            dispatch.emit(Action::Notify(Notice::info(format!(
                "Resolved {count} conflict(s), keeping {done}. Undo reverses this."
            ))));
        })
    };
    let has = |origin: Origin| listed.iter().any(|c| c.versions.iter().any(|v| v.origin == origin));
    let file = merge.map(|m| m.file_name.as_str()).unwrap_or("the file");
    html! {
        <section class="card" aria-labelledby="conflicts-title" id="conflicts">
            <h2 id="conflicts-title">{ format!("Conflicts ({})", listed.len()) }</h2>
            if listed.is_empty() {
                <p class="muted">{"No record has conflicting versions."}</p>
            } else {
                <p class="muted">{"These records were changed differently here and in a merged file. Keep one version of each; the other is dropped for good (Undo brings it back)."}</p>
                <p class="plans-bulk">
                    if has(Origin::ThisPlan) {
                        <button type="button" id="keep-ours-all" onclick={resolve_all(Keep::ThisPlan, "this plan's versions")}>{"Keep this plan's version for all"}</button>
                    }
                    if has(Origin::File) {
                        <button type="button" id="keep-incoming-all" onclick={resolve_all(Keep::File, "the incoming versions")}>{ format!("Keep the incoming version ({file}) for all") }</button>
                    }
                    if !has(Origin::ThisPlan) && !has(Origin::File) {
                        <button type="button" id="keep-in-use-all" onclick={resolve_all(Keep::InUse, "the versions in use")}>{"Keep the version in use for all"}</button>
                    }
                </p>
                <ul class="plans-conflicts">
                { for listed.iter().map(|conflict| html! {
                    <li data-conflict={conflict.id.clone()}>
                        <strong>{ &conflict.label }</strong>
                        <ul>
                        { for conflict.versions.iter().enumerate().map(|(index, version)| {
                            let keep = dispatch.reform({
                                let (table, id, rev) = (conflict.table, conflict.id.clone(), version.rev.clone());
                                move |_| Action::Edit(Edit::Resolve { table, id: id.clone(), rev: rev.clone() }, stamp())
                            });
                            let origin = match version.origin {
                                Origin::ThisPlan => " · this plan",
                                Origin::File => " · incoming",
                                Origin::Unknown => "",
                            };
                            let values: Vec<String> = version.differences.iter().map(|(field, value)| format!("{field}: {value}")).collect();
                            html! {
                                <li>
                                    { format!("{}{} by {} at {}{origin}", if index == 0 { "In use" } else { "Other version" },
                                        if version.deleted { " (deleted)" } else { "" }, if version.by.is_empty() { "unknown" } else { &version.by },
                                        version.at.replace('T', " ").trim_end_matches('Z')) }
                                    if !values.is_empty() { <span class="muted">{ format!(" — {}", values.join(", ")) }</span> }
                                    {" "}<button type="button" onclick={keep}>{"Keep this"}</button>
                                </li>
                            }
                        }) }
                        </ul>
                    </li>
                }) }
                </ul>
            }
        </section>
    }
}
