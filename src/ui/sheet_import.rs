//! The Import tab's "Spreadsheet (Excel or CSV)" section: a partner's own workbook read, its
//! columns and coded values mapped (proposed, reviewed, remembered per header set), checked
//! against the plan with a preview of what would be added, updated and rejected, then
//! imported as one undoable change. Also the plan as one Excel workbook.

mod mapping_view;
mod preview_view;
mod storage;

use super::app::stamp;
use super::browser;
use super::state::{Action, Edit, Notice, PlanRef};
use super::xl::{read_table, sheet_names, write_xlsx};
use crate::formats::planfile::slug;
use crate::formats::sheet::{
    header_key, plan_workbook, propose_mapping, read_mapping_file, scan_pii, write_mapping_file, ColumnMapping,
    PiiFinding, Preparation, Progress, RawTable, SheetImport as Checked, SheetImportErrors, SheetOptions, Step,
};
use crate::model::Plan;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[derive(Properties, PartialEq)]
pub struct SheetImportProps {
    pub plan: PlanRef,
    pub dispatch: Callback<Action>,
}

/// A sheet being mapped: the table as read, the mapping so far and the user's options.
#[derive(Clone, PartialEq)]
pub struct Draft {
    pub raw: Rc<RawTable>,
    pub mapping: ColumnMapping,
    pub options: SheetOptions,
    /// The mapping came back from an earlier file with the same headers.
    pub remembered: bool,
    /// The columns with personal data, found once: the mapping screen shows them on every
    /// change, and scanning 100k rows each time would make it sluggish.
    pub findings: Rc<Vec<PiiFinding>>,
    /// The page of columns shown, when the sheet has more than fit on one.
    pub page: usize,
}

#[derive(Clone, PartialEq)]
enum Stage {
    Idle,
    /// A long step is running; the text says which.
    Busy(String),
    PickSheet {
        file: String,
        bytes: Rc<Vec<u8>>,
        sheets: Vec<String>,
    },
    Mapping(Draft),
    Preview(Draft, Rc<Result<Checked, SheetImportErrors>>),
    Failed(String),
}

/// The file chosen in a file input; the input is cleared so the same file can be chosen again.
fn take_file(event: &Event) -> Option<web_sys::File> {
    let input = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())?;
    let file = input.files().and_then(|list| list.get(0));
    input.set_value("");
    file
}

/// Reads one sheet and finds its mapping: remembered for these headers, else proposed.
async fn open_sheet(stage: UseStateHandle<Stage>, file: String, bytes: Rc<Vec<u8>>, sheet: Option<String>) {
    stage.set(Stage::Busy(format!(
        "Reading {}{}…",
        file,
        sheet.as_ref().map(|s| format!(", sheet “{s}”")).unwrap_or_default()
    )));
    browser::yield_to_browser().await;
    let started = js_sys::Date::now();
    let raw = match read_table(&file, &bytes, sheet.as_deref()).await {
        Ok(raw) => raw,
        Err(e) => return stage.set(Stage::Failed(e)),
    };
    log_timing(
        &format!("read {file} ({} rows)", raw.rows.len()),
        started,
        "spreadsheet module, with the copy into the app",
    );
    stage.set(Stage::Busy(format!(
        "Proposing a mapping for {} columns and {} rows…",
        raw.headers.len(),
        raw.rows.len()
    )));
    browser::yield_to_browser().await;
    let started = js_sys::Date::now();
    let remembered = storage::recall(&header_key(&raw.headers)).filter(|m| m.columns.len() == raw.headers.len());
    let draft = Draft {
        remembered: remembered.is_some(),
        mapping: remembered.unwrap_or_else(|| propose_mapping(&raw)),
        findings: Rc::new(scan_pii(&raw)),
        raw: Rc::new(raw),
        options: SheetOptions { create_areas: true, skip_bad_rows: false },
        page: 0,
    };
    log_timing(&format!("mapped {file}"), started, if draft.remembered { "remembered" } else { "proposed" });
    stage.set(Stage::Mapping(draft));
}

/// Rows checked between two paints: small enough that the page answers within a fraction of
/// a second, large enough that the pauses do not add much to the whole.
const ROWS_PER_STEP: usize = 5_000;

/// The rows checked against the plan a step at a time, with the progress shown in between.
async fn check_in_steps(
    stage: &UseStateHandle<Stage>,
    draft: &Draft,
    plan: &Plan,
) -> Result<Checked, SheetImportErrors> {
    let started = js_sys::Date::now();
    let (mut steps, mut longest, mut longest_at) = (0, 0.0_f64, String::new());
    stage.set(Stage::Busy(Progress::Mapping { done: 0, total: draft.raw.rows.len() }.to_string()));
    browser::yield_to_browser().await;
    let mut preparation = Preparation::new(&draft.raw, &draft.mapping, plan, draft.options);
    loop {
        let step_started = js_sys::Date::now();
        let step = preparation.step(ROWS_PER_STEP);
        let took = js_sys::Date::now() - step_started;
        steps += 1;
        if took > longest {
            longest = took;
            longest_at = match &step {
                Step::Working(progress) => format!("before “{progress}”"),
                Step::Done(_) => "the last".to_string(),
            };
        }
        match step {
            Step::Working(progress) => stage.set(Stage::Busy(progress.to_string())),
            Step::Done(result) => {
                log_timing(
                    &format!("checked {} ({} rows)", draft.raw.file, draft.raw.rows.len()),
                    started,
                    &format!("{steps} steps, longest {longest} ms: {longest_at}"),
                );
                return result;
            }
        }
        browser::yield_to_browser().await;
    }
}

/// "cashplan: checked partner.csv (100000 rows) in 812 ms (…)", for the import benchmark.
fn log_timing(what: &str, started: f64, detail: &str) {
    let line = format!("cashplan: {what} in {} ms ({detail})", js_sys::Date::now() - started);
    web_sys::console::info_1(&line.into());
}

#[function_component(SheetImport)]
pub fn sheet_import_section(props: &SheetImportProps) -> Html {
    let stage = use_state(|| Stage::Idle);

    let on_file = {
        let stage = stage.clone();
        Callback::from(move |event: Event| {
            let Some(file) = take_file(&event) else { return };
            let stage = stage.clone();
            spawn_local(async move {
                let name = file.name();
                stage.set(Stage::Busy(format!("Opening {name}…")));
                browser::yield_to_browser().await;
                let bytes = match browser::read_bytes(file).await {
                    Ok(bytes) => Rc::new(bytes),
                    Err(e) => {
                        return stage
                            .set(Stage::Failed(format!("{name}: could not be read ({e}). Choose the file again.")))
                    }
                };
                match sheet_names(&name, &bytes).await {
                    Err(e) => stage.set(Stage::Failed(e)),
                    Ok(sheets) if sheets.len() > 1 => stage.set(Stage::PickSheet { file: name, bytes, sheets }),
                    Ok(_) => open_sheet(stage, name, bytes, None).await,
                }
            });
        })
    };

    let on_pick = {
        let stage = stage.clone();
        Callback::from(move |sheet: String| {
            if let Stage::PickSheet { file, bytes, .. } = (*stage).clone() {
                spawn_local(open_sheet(stage.clone(), file, bytes, Some(sheet)));
            }
        })
    };

    let on_change = {
        let stage = stage.clone();
        Callback::from(move |draft: Draft| {
            storage::remember(&draft.mapping);
            stage.set(Stage::Mapping(draft));
        })
    };

    let on_check = {
        let (stage, plan) = (stage.clone(), props.plan.clone());
        Callback::from(move |draft: Draft| {
            let (stage, plan) = (stage.clone(), plan.clone());
            spawn_local(async move {
                let result = check_in_steps(&stage, &draft, &plan.0).await;
                stage.set(Stage::Preview(draft, Rc::new(result)));
            });
        })
    };

    let on_import = {
        let (stage, dispatch) = (stage.clone(), props.dispatch.clone());
        Callback::from(move |_| {
            let Stage::Preview(_, result) = &*stage else { return };
            let result = result.clone();
            let Ok(import) = result.as_ref() else { return };
            let added = import.preview().map_or(0, |p| p.adds + p.updates);
            // Applying and saving 100k rows takes a second or more: say so before the page
            // is busy, instead of leaving the preview on screen.
            stage.set(Stage::Busy(format!("Adding {added} rows to the plan and saving…")));
            let (stage, dispatch) = (stage.clone(), dispatch.clone());
            spawn_local(async move {
                browser::yield_to_browser().await;
                let Ok(import) = result.as_ref() else { return };
                dispatch.emit(Action::Edit(Edit::Import(import.batches.clone()), stamp()));
                dispatch.emit(Action::Notify(Notice::info(format!(
                    "Imported {}: {added} rows added or updated, {} new areas, {} rows skipped. Undo reverses the whole import.",
                    import.file,
                    import.areas_created(),
                    import.rejected_rows().len()
                ))));
                stage.set(Stage::Idle);
            });
        })
    };

    let on_back = {
        let stage = stage.clone();
        Callback::from(move |_| {
            if let Stage::Preview(draft, _) = (*stage).clone() {
                stage.set(Stage::Mapping(draft));
            }
        })
    };
    let on_cancel = {
        let stage = stage.clone();
        Callback::from(move |_| stage.set(Stage::Idle))
    };

    let on_save_mapping = {
        let (stage, dispatch) = (stage.clone(), props.dispatch.clone());
        Callback::from(move |_| {
            let Stage::Mapping(draft) = &*stage else { return };
            let name = format!(
                "{}.mapping.json",
                slug(draft.raw.file.rsplit_once('.').map_or(draft.raw.file.as_str(), |(stem, _)| stem))
            );
            if let Err(e) = browser::download(&name, "application/json", &write_mapping_file(&draft.mapping)) {
                dispatch
                    .emit(Action::Notify(Notice::error(format!("The mapping could not be offered for download: {e}"))));
            }
        })
    };

    let on_load_mapping = {
        let stage = stage.clone();
        Callback::from(move |event: Event| {
            let Some(file) = take_file(&event) else { return };
            let stage = stage.clone();
            spawn_local(async move {
                let Stage::Mapping(draft) = (*stage).clone() else { return };
                let name = file.name();
                let loaded = browser::read_text(file)
                    .await
                    .map_err(|e| format!("{name}: could not be read ({e})."))
                    .and_then(|text| read_mapping_file(&name, &text).map_err(|e| e.to_string()));
                match loaded {
                    Ok(mapping) if mapping.columns.len() == draft.raw.headers.len() => {
                        let mapping = ColumnMapping { header_key: header_key(&draft.raw.headers), ..mapping };
                        storage::remember(&mapping);
                        stage.set(Stage::Mapping(Draft { mapping, remembered: true, ..draft }));
                    }
                    Ok(mapping) => stage.set(Stage::Failed(format!(
                        "{name}: this mapping is for {} columns but {} has {}. Choose the mapping saved for this kind of file.",
                        mapping.columns.len(),
                        draft.raw.file,
                        draft.raw.headers.len()
                    ))),
                    Err(message) => stage.set(Stage::Failed(message)),
                }
            });
        })
    };

    let on_workbook = {
        let (plan, dispatch) = (props.plan.clone(), props.dispatch.clone());
        Callback::from(move |_| {
            let (plan, dispatch) = (plan.clone(), dispatch.clone());
            spawn_local(async move {
                let sheets = plan_workbook(&plan, crate::platform::today());
                let offered = write_xlsx(&sheets).await.and_then(|bytes| {
                    browser::download_bytes(&format!("{}.xlsx", slug(&plan.name)), XLSX_MIME, &bytes)
                });
                if let Err(e) = offered {
                    dispatch.emit(Action::Notify(Notice::error(format!(
                        "The workbook could not be offered for download: {e}"
                    ))));
                }
            });
        })
    };

    let body = match &*stage {
        Stage::Idle => html! {},
        Stage::Busy(text) => html! { <p role="status" id="sheet-progress" class="sheet-progress">{ text.clone() }</p> },
        Stage::Failed(message) => html! {
            <div class="notice error" role="alert" id="sheet-errors">
                <p>{ message.clone() }</p>
                <button type="button" onclick={on_cancel.clone()}>{"Dismiss"}</button>
            </div>
        },
        Stage::PickSheet { file, sheets, .. } => html! {
            <fieldset class="sheet-pick">
                <legend>{ format!("{file} has {} sheets: which one holds the data?", sheets.len()) }</legend>
                { for sheets.iter().map(|name| {
                    let (on_pick, name) = (on_pick.clone(), name.clone());
                    html! { <button type="button" onclick={Callback::from({ let name = name.clone(); move |_| on_pick.emit(name.clone()) })}>{ name }</button> }
                }) }
                <button type="button" onclick={on_cancel.clone()}>{"Cancel"}</button>
            </fieldset>
        },
        Stage::Mapping(draft) => mapping_view::mapping_screen(mapping_view::MappingScreen {
            draft,
            plan: &props.plan,
            on_change: on_change.clone(),
            on_check: on_check.clone(),
            on_cancel: on_cancel.clone(),
            on_save: on_save_mapping.clone(),
            on_load: on_load_mapping.clone(),
        }),
        Stage::Preview(draft, result) => {
            preview_view::preview_screen(draft, result, on_import.clone(), on_back.clone(), on_cancel.clone())
        }
    };

    html! {
        <section class="card sheet-import" aria-labelledby="sheet-import-title">
            <h2 id="sheet-import-title">{"Spreadsheet (Excel or CSV)"}</h2>
            <p class="muted">{"A partner's own 4W/5W or needs sheet, as it is: .xlsx, .xlsb, .xls, .ods or .csv. You map its columns to the plan's fields once; the mapping is remembered for files with the same headers, and can be saved for your whole group."}</p>
            <label>{"Spreadsheet file"}
                <input type="file" id="sheet-file" accept=".xlsx,.xlsm,.xlsb,.xls,.ods,.csv,.tsv,.txt" onchange={on_file} />
            </label>
            { body }
            <p class="sheet-workbook">
                <button type="button" id="export-workbook" onclick={on_workbook}>{"Export workbook (.xlsx)"}</button>
                <span class="muted">{" Every table with records, the gap report and the transfer value report, each sheet with its HXL hashtag row."}</span>
            </p>
        </section>
    }
}
