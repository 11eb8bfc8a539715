//! Bringing data in (HXL-tagged CSV, previewed, all-or-nothing) and taking it out (the
//! plan file, each table as HXL CSV).

use super::app::stamp;
use super::browser;
use super::share_panel::SharePanel;
use super::sheet_import::SheetImport;
use super::state::{Action, Edit, PlanRef};
use crate::engine::gaps::GapReport;
use crate::formats::hxl::{read_many, write_table, ImportBatch, TableKind};
use crate::formats::reports::gaps::gaps_hxl;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ImportPageProps {
    pub plan: PlanRef,
    pub report: Rc<GapReport>,
    pub dispatch: Callback<Action>,
    pub on_export: Callback<()>,
}

/// Files read and checked, waiting for the user's decision.
#[derive(Clone, PartialEq)]
enum Checked {
    /// Reading, checking or applying: a large file takes seconds, so the page says so.
    Busy(String),
    Ready(Vec<ImportBatch>),
    Refused(String),
}

#[function_component(ImportPage)]
pub fn import_page(props: &ImportPageProps) -> Html {
    let checked = use_state(|| None::<Checked>);

    let on_files = {
        let (checked, plan) = (checked.clone(), props.plan.clone());
        Callback::from(move |event: Event| {
            let Some(input) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
                return;
            };
            let Some(list) = input.files() else { return };
            let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
            input.set_value("");
            let (checked, plan) = (checked.clone(), plan.clone());
            checked.set(Some(Checked::Busy(format!("Reading and checking {} file(s)…", files.len()))));
            spawn_local(async move {
                let mut texts = Vec::new();
                for file in files {
                    let name = file.name();
                    match browser::read_text(file).await {
                        Ok(text) => texts.push((name, text)),
                        Err(e) => {
                            return checked.set(Some(Checked::Refused(format!("{name}: could not be read ({e})."))))
                        }
                    }
                }
                browser::yield_to_browser().await;
                checked.set(Some(match read_many(&texts, &plan) {
                    Ok(batches) => Checked::Ready(batches),
                    Err(errors) => Checked::Refused(errors.to_string()),
                }));
            });
        })
    };

    let on_confirm = {
        let (checked, dispatch) = (checked.clone(), props.dispatch.clone());
        Callback::from(move |_| {
            if let Some(Checked::Ready(batches)) = (*checked).clone() {
                let files = batches.len();
                let rows: usize = batches.iter().map(|b| b.preview.adds + b.preview.updates).sum();
                checked.set(Some(Checked::Busy(format!("Adding {rows} rows to the plan and saving…"))));
                let (checked, dispatch) = (checked.clone(), dispatch.clone());
                spawn_local(async move {
                    browser::yield_to_browser().await;
                    dispatch.emit(Action::Edit(Edit::Import(batches), stamp()));
                    dispatch.emit(Action::Notify(super::state::Notice::info(format!(
                        "Imported {files} file(s). Undo reverses the whole import."
                    ))));
                    checked.set(None);
                });
            }
        })
    };
    let on_cancel = {
        let checked = checked.clone();
        Callback::from(move |_| checked.set(None))
    };

    let export_table = |kind: TableKind| {
        let (plan, dispatch) = (props.plan.clone(), props.dispatch.clone());
        Callback::from(move |_| {
            let name = format!("{}-{}", crate::formats::planfile::slug(&plan.name), kind.file_name());
            if let Err(e) = browser::download(&name, "text/csv", &write_table(&plan, kind)) {
                dispatch.emit(Action::Notify(super::state::Notice::error(format!(
                    "The export could not be offered for download: {e}"
                ))));
            }
        })
    };

    let export_gaps = {
        let (plan, report, dispatch) = (props.plan.clone(), props.report.clone(), props.dispatch.clone());
        Callback::from(move |_| {
            let name = format!("{}-gaps-admin{}.csv", crate::formats::planfile::slug(&plan.name), report.level);
            if let Err(e) = browser::download(&name, "text/csv", &gaps_hxl(&report)) {
                dispatch.emit(Action::Notify(super::state::Notice::error(format!(
                    "The export could not be offered for download: {e}"
                ))));
            }
        })
    };

    html! {
        <>
        <section class="card" aria-labelledby="hxl-import-title">
            <h2 id="hxl-import-title">{"Import HXL-tagged CSV"}</h2>
            <p class="muted">{"Choose one or more CSV files with an HXL hashtag row (areas, people in need, 5W activities, standards, MEB, exchange rates). Files are checked together before anything changes; if any row has a problem, nothing is imported and every problem is listed with its file, row and column."}</p>
            <label>{"CSV files"}
                <input type="file" id="import-hxl-files" multiple=true accept=".csv,text/csv" onchange={on_files} />
            </label>
            { match &*checked {
                None => html! {},
                Some(Checked::Busy(text)) => html! { <p role="status" id="import-hxl-progress">{ text.clone() }</p> },
                Some(Checked::Refused(message)) => html! {
                    <div class="notice error" role="alert" id="import-errors">
                        <p>{ message }</p>
                        <button type="button" onclick={on_cancel}>{"Dismiss"}</button>
                    </div>
                },
                Some(Checked::Ready(batches)) => html! {
                    <div class="notice info" role="status" id="import-hxl-preview">
                        <div>
                            <p>{"Ready to import:"}</p>
                            <ul>
                            { for batches.iter().map(|b| html! {
                                <li>{ format!("{}: {} — {} new, {} updated, {} unchanged", b.file, b.kind(), b.preview.adds, b.preview.updates, b.preview.unchanged) }</li>
                            }) }
                            </ul>
                        </div>
                        <button type="button" class="primary" onclick={on_confirm}>{"Import these rows"}</button>
                        <button type="button" onclick={on_cancel}>{"Cancel"}</button>
                    </div>
                },
            } }
        </section>
        <SheetImport plan={props.plan.clone()} dispatch={props.dispatch.clone()} />
        <SharePanel plan={props.plan.clone()} dispatch={props.dispatch.clone()} on_export={props.on_export.clone()} />
        <section class="card" aria-labelledby="export-title">
            <h2 id="export-title">{"Export tables and reports"}</h2>
            <p>{"Tables as HXL-tagged CSV: "}
            { for TableKind::ALL.iter().map(|kind| html! {
                <button type="button" onclick={export_table(*kind)}>{ kind.to_string() }</button>
            }) }
            </p>
            <p>
                <button type="button" id="export-gaps" onclick={export_gaps}>{"Gap report (HXL CSV)"}</button>
                <span class="muted">{ format!(" One row per area and sector at admin level {}, with the filters above.", props.report.level) }</span>
            </p>
        </section>
        </>
    }
}
