//! The spreadsheet runner: asks the spreadsheet module (a second wasm file, loaded on first
//! use) for a file's sheets and table with its proposed mapping, recalls a remembered one, and checks the
//! mapped rows against the plan a step at a time, saying how far it got between steps.

use super::run::{mapping_key, recall};
use crate::formats::sheet::{
    header_key, read_mapping_file, reshape, scan_pii, OpenedSheet, Preparation, Progress, Step,
};
use crate::ui::browser;
use crate::ui::sheet_flow::{Draft, SheetJob, SheetMsg};
use crate::ui::state::{Action, AppState};
use crate::ui::xl::{read_table, sheet_names};
use std::rc::Rc;
use yew::Callback;

/// Rows checked between two paints: small enough that the page answers within a fraction of
/// a second, large enough that the pauses do not add much to the whole.
const ROWS_PER_STEP: usize = 5_000;

pub async fn run(job: SheetJob, dispatch: Callback<Action>) {
    let say = |msg: SheetMsg| dispatch.emit(Action::Sheet(msg));
    match job {
        SheetJob::ListSheets { file, bytes } => {
            browser::yield_to_browser().await;
            let sheets = sheet_names(&file, &bytes).await;
            say(SheetMsg::Sheets { file, bytes, sheets });
        }
        SheetJob::Open { file, bytes, sheet } => {
            browser::yield_to_browser().await;
            let started = js_sys::Date::now();
            let OpenedSheet { table: raw, proposal } = match read_table(&file, &bytes, sheet.as_deref()).await {
                Ok(opened) => opened,
                Err(e) => return say(SheetMsg::Opened(Err(e))),
            };
            log_timing(
                &format!("read {file} ({} rows)", raw.rows.len()),
                started,
                "spreadsheet module, with the copy into the app",
            );
            say(SheetMsg::Progress(format!(
                "Preparing the mapping of {} columns and {} rows…",
                raw.headers.len(),
                raw.rows.len()
            )));
            browser::yield_to_browser().await;
            let started = js_sys::Date::now();
            let remembered = recall(&mapping_key(&header_key(&raw.headers)))
                .and_then(|text| read_mapping_file("remembered mapping", &text).ok())
                .filter(|m| m.columns.len() == raw.headers.len());
            let draft = Draft {
                remembered: remembered.is_some(),
                mapping: remembered.unwrap_or(proposal),
                findings: Rc::new(scan_pii(&raw)),
                raw: Rc::new(raw),
                options: AppState::default_sheet_options(),
                page: 0,
                replace: None,
                keyed: None,
            };
            log_timing(&format!("mapped {file}"), started, if draft.remembered { "remembered" } else { "proposed" });
            say(SheetMsg::Opened(Ok(draft)));
        }
        SheetJob::Check { draft, plan } => {
            let started = js_sys::Date::now();
            let (mut steps, mut longest, mut longest_at) = (0, 0.0_f64, String::new());
            say(SheetMsg::Progress(Progress::Mapping { done: 0, total: draft.raw.rows.len() }.to_string()));
            browser::yield_to_browser().await;
            // A wide sheet is made long first; its rows keep their numbers in the user's file.
            let long = reshape(&draft.raw, &draft.mapping);
            let (raw, mapping) = long.as_ref().map_or((&*draft.raw, &draft.mapping), |(raw, mapping)| (raw, mapping));
            let mut preparation = Preparation::new(raw, mapping, &plan, draft.options);
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
                    Step::Working(progress) => say(SheetMsg::Progress(progress.to_string())),
                    Step::Done(result) => {
                        log_timing(
                            &format!("checked {} ({} rows)", draft.raw.file, draft.raw.rows.len()),
                            started,
                            &format!("{steps} steps, longest {longest} ms: {longest_at}"),
                        );
                        return say(SheetMsg::Checked { draft, result: Rc::new(result) });
                    }
                }
                browser::yield_to_browser().await;
            }
        }
    }
}

/// "cashplan: checked partner.csv (100000 rows) in 812 ms (…)", for the import benchmark.
fn log_timing(what: &str, started: f64, detail: &str) {
    let line = format!("cashplan: {what} in {} ms ({detail})", js_sys::Date::now() - started);
    web_sys::console::info_1(&line.into());
}
