//! Sharing a plan by file, on the plan's Import page: export the whole plan or a
//! partner's slice, merge a partner's file into the open plan after a preview, and
//! resolve the conflicts that leaves, one by one or all at once.

use super::effects::ReadPurpose;
use super::forms::take_files;
use super::state::{
    bulk_resolutions, conflicts, reporting_orgs, Action, AppliedMerge, ConflictView, Incoming, Keep, Notice, Origin,
    PlanRef,
};
use crate::engine::merge::{preview_merge, MergeSummary};
use crate::model::change::{Change, Resolution};
use std::rc::Rc;
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

#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    pub plan: PlanRef,
    /// A partner's plan file read, waiting to be merged.
    pub incoming: Option<Incoming>,
    pub dispatch: Callback<Action>,
}

#[function_component(SharePanel)]
pub fn share_panel(props: &SharePanelProps) -> Html {
    let incoming = &props.incoming;
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
        let chosen = chosen_partner.clone();
        props.dispatch.reform(move |_| Action::ExportPlan { organisation: chosen.clone(), with_boundaries: false })
    };
    let on_file = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: Event| {
            dispatch.emit(Action::Choose { purpose: ReadPurpose::PartnerFile, files: take_files(&event) });
        })
    };
    // Counted against the plan as it is now, so edits made meanwhile are accounted for.
    let preview = use_memo((props.plan.clone(), incoming.clone()), |(plan, incoming)| match incoming {
        Some(Incoming::Ready { plan: file, .. }) => Some(preview_merge(plan, file).1),
        _ => None,
    });
    let on_merge = {
        let counts = (*preview).as_ref().map(counts_text).unwrap_or_default();
        props.dispatch.reform(move |_| Action::ConfirmMerge { counts: counts.clone() })
    };
    let on_cancel = props.dispatch.reform(|_| Action::CancelMerge);

    html! {
        <>
        <section class="card" aria-labelledby="share-title">
            <h2 id="share-title">{"Share by file"}</h2>
            <p>
                <button type="button" class="primary" id="export-plan" onclick={props.dispatch.reform(|_| Action::ExportPlan { organisation: None, with_boundaries: false })}>{"Export plan file"}</button>
                <span class="muted">{" The whole plan as a .cashplan.json file others can import and merge; it is also your backup."}</span>
            </p>
            if props.plan.boundaries.len_live() > 0 {
                <p>
                    <button type="button" id="export-plan-boundaries" onclick={props.dispatch.reform(|_| Action::ExportPlan { organisation: None, with_boundaries: true })}>{"Export plan file with its boundaries"}</button>
                    <span class="muted">{" The boundaries make the file much larger, so the plain export leaves them out; the Map page exports them on their own."}</span>
                </p>
            }
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
            { match (incoming, &*preview) {
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
            dispatch.emit(Action::Edit(Change::Resolve { resolutions: resolutions.clone() }));
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
                                move |_| Action::Edit(Change::Resolve { resolutions: vec![Resolution { table, id: id.clone(), rev: rev.clone() }] })
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
