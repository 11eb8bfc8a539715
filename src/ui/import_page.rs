//! Bringing data in (HXL-tagged CSV, previewed, all-or-nothing) and taking it out (the
//! plan file, each table as HXL CSV).

use super::boundary_flow::BoundaryStage;
use super::boundary_import::BoundaryImport;
use super::effects::{Download, ReadPurpose};
use super::export_privacy::ExportPrivacy;
use super::forms::take_files;
use super::share_panel::SharePanel;
use super::sheet_flow::SheetStage;
use super::state::{Action, HxlImport, Incoming, PlanRef};
use crate::engine::gaps::GapReport;
use crate::formats::hxl::TableKind;
use crate::formats::planfile::slug;
use crate::formats::reports::gaps::gaps_hxl;
use crate::model::boundary::stored_levels;
use crate::model::disclosure::SmallCounts;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ImportPageProps {
    pub plan: PlanRef,
    /// The gap report at the page's filters, None while it is being analysed.
    pub report: Option<Rc<GapReport>>,
    pub hxl: Option<HxlImport>,
    pub incoming: Option<Incoming>,
    pub sheet: SheetStage,
    pub boundaries: BoundaryStage,
    /// The other stored plans with boundaries to reuse: id, name and number of shapes.
    pub boundary_plans: Vec<(String, String, u64)>,
    /// Small counts hidden in downloads, for sharing outside the group.
    pub protect: Option<SmallCounts>,
    pub dispatch: Callback<Action>,
}

#[function_component(ImportPage)]
pub fn import_page(props: &ImportPageProps) -> Html {
    let on_files = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: Event| {
            dispatch.emit(Action::Choose { purpose: ReadPurpose::Hxl, files: take_files(&event) });
        })
    };
    let on_confirm = props.dispatch.reform(|_| Action::ConfirmHxl);
    let on_cancel = props.dispatch.reform(|_| Action::CancelHxl);
    let export_table = |kind: TableKind| {
        let plan = props.plan.clone();
        props.dispatch.reform(move |_| Action::Offer(Download::table(plan.0.clone(), kind)))
    };
    let export_gaps = {
        let (plan, report) = (props.plan.clone(), props.report.clone());
        Callback::from({
            let dispatch = props.dispatch.clone();
            move |_| {
                let Some(report) = &report else { return };
                let name = format!("{}-gaps-admin{}.csv", slug(&plan.name), report.level);
                dispatch.emit(Action::Offer(Download::csv(name, gaps_hxl(report))));
            }
        })
    };
    let level = props.report.as_ref().map(|r| r.level.to_string()).unwrap_or_else(|| "…".into());

    html! {
        <>
        <section class="card" aria-labelledby="hxl-import-title">
            <h2 id="hxl-import-title">{"Import HXL-tagged CSV"}</h2>
            <p class="muted">{"Choose one or more CSV files with an HXL hashtag row (areas, people in need, 5W activities, standards, MEB, exchange rates). Files are checked together before anything changes; if any row has a problem, nothing is imported and every problem is listed with its file, row and column."}</p>
            <label>{"CSV files"}
                <input type="file" id="import-hxl-files" multiple=true accept=".csv,text/csv" onchange={on_files} />
            </label>
            { match &props.hxl {
                None => html! {},
                Some(HxlImport::Busy(text) | HxlImport::Adding(text, _)) => html! { <p role="status" id="import-hxl-progress">{ text.clone() }</p> },
                Some(HxlImport::Refused(message)) => html! {
                    <div class="notice error" role="alert" id="import-errors">
                        <p>{ message }</p>
                        <button type="button" onclick={on_cancel}>{"Dismiss"}</button>
                    </div>
                },
                Some(HxlImport::Ready(batches)) => html! {
                    <div class="notice info" role="status" id="import-hxl-preview">
                        <div>
                            <p>{"Ready to import:"}</p>
                            <ul>
                            { for batches.iter().map(|b| html! {
                                <li>{ format!("{}: {} — {} new, {} updated, {} unchanged{}", b.file, b.kind(), b.preview.adds, b.preview.updates, b.preview.unchanged,
                                    if b.organisations.is_empty() { String::new() } else { format!("; {} organisations added to the Organisations table", b.organisations.len()) }) }
                                    { for b.notes.iter().map(|n| html! { <p class="import-note">{ format!("Note: {n}") }</p> }) }
                                    if !b.warnings.is_empty() {
                                        <details class="import-warnings" open=true>
                                            <summary>{ format!("{} to check (imported all the same)", b.warnings.len()) }</summary>
                                            <ul class="scroll-list">{ for b.warnings.iter().map(|w| html! { <li>{ w.to_string() }</li> }) }</ul>
                                        </details>
                                    }
                                </li>
                            }) }
                            </ul>
                        </div>
                        <button type="button" class="primary" onclick={on_confirm}>{"Import these rows"}</button>
                        <button type="button" onclick={on_cancel}>{"Cancel"}</button>
                    </div>
                },
            } }
        </section>
        <super::sheet_import::SheetImport plan={props.plan.clone()} stage={props.sheet.clone()} dispatch={props.dispatch.clone()} />
        <BoundaryImport stage={props.boundaries.clone()} stored_levels={stored_levels(&props.plan)} others={props.boundary_plans.clone()} dispatch={props.dispatch.clone()} />
        <SharePanel plan={props.plan.clone()} incoming={props.incoming.clone()} dispatch={props.dispatch.clone()} />
        <section class="card" aria-labelledby="export-title">
            <h2 id="export-title">{"Export tables and reports"}</h2>
            <ExportPrivacy protect={props.protect} dispatch={props.dispatch.clone()} />
            <p>{"Tables as HXL-tagged CSV: "}
            { for TableKind::ALL.iter().map(|kind| html! {
                <button type="button" onclick={export_table(*kind)}>{ kind.to_string() }</button>
            }) }
            </p>
            <p>
                <button type="button" id="export-gaps" onclick={export_gaps}>{"Gap report (HXL CSV)"}</button>
                <span class="muted">{ format!(" One row per area and sector at admin level {level}, with the filters above.") }</span>
            </p>
        </section>
        </>
    }
}
