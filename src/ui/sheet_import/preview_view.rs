//! The preview before anything changes: rows to add, update and reject (with reasons), and
//! the warnings grouped by kind with their first examples.

use super::problems_view::row_problems;
use super::Draft;
use crate::formats::sheet::{SheetImport, SheetImportErrors, SheetWarning};
use crate::model::sorting;
use std::collections::BTreeMap;
use yew::prelude::*;

/// Examples shown per warning kind.
const EXAMPLES: usize = 3;

fn warnings_by_kind(warnings: &[SheetWarning]) -> Html {
    if warnings.is_empty() {
        return html! {};
    }
    let mut groups: BTreeMap<_, Vec<&SheetWarning>> = BTreeMap::new();
    for w in warnings {
        groups.entry(w.kind).or_default().push(w);
    }
    html! {
        <div class="sheet-warnings" id="sheet-warnings">
            <h4>{ format!("Warnings ({})", warnings.len()) }</h4>
            <ul>
            { for groups.iter().map(|(kind, list)| html! {
                <li>
                    <strong>{ format!("{}: {}", kind.label(), list.len()) }</strong>
                    <ul>{ for list.iter().take(EXAMPLES).map(|w| html! { <li>{ w.message.clone() }</li> }) }</ul>
                </li>
            }) }
            </ul>
        </div>
    }
}

fn ready(import: &SheetImport, on_rejected: Callback<bool>) -> Html {
    let preview = import.preview();
    let rejected = import.rejected_rows().len();
    html! {
        <>
            <dl class="sheet-counts" id="sheet-counts">
                <dt>{"Rows read"}</dt><dd>{ import.rows_read }</dd>
                <dt>{"New areas"}</dt><dd>{ import.areas_created() }</dd>
                <dt>{ format!("{} to add", preview.map_or("rows".to_string(), |p| p.kind.to_string())) }</dt><dd>{ preview.map_or(0, |p| p.adds) }</dd>
                <dt>{"To update"}</dt><dd>{ preview.map_or(0, |p| p.updates) }</dd>
                <dt>{"Unchanged"}</dt><dd>{ preview.map_or(0, |p| p.unchanged) }</dd>
                <dt>{"Rejected (skipped)"}</dt><dd>{ rejected }</dd>
            </dl>
            { row_problems(&import.rejected, on_rejected) }
            { warnings_by_kind(&import.warnings) }
        </>
    }
}

fn refused(errors: &SheetImportErrors, on_rejected: Callback<bool>) -> Html {
    let rows: std::collections::BTreeSet<usize> = sorting::set_of(errors.rows.iter().map(|p| p.line));
    html! {
        <div class="notice error" role="alert" id="sheet-refused">
            <div>
                <p>{ format!("Nothing can be imported yet: {} problems with the whole file, {} rows with problems. Correct the mapping or the sheet, or choose to skip the rejected rows.", errors.whole_file.len(), rows.len()) }</p>
                <ul>{ for errors.whole_file.iter().map(|m| html! { <li>{ m.clone() }</li> }) }</ul>
                { row_problems(&errors.rows, on_rejected) }
            </div>
        </div>
    }
}

pub fn preview_screen(
    draft: &Draft,
    result: &Result<SheetImport, SheetImportErrors>,
    on_import: Callback<MouseEvent>,
    on_back: Callback<MouseEvent>,
    on_cancel: Callback<MouseEvent>,
    on_rejected: Callback<bool>,
    on_record_problems: Option<Callback<MouseEvent>>,
) -> Html {
    let conflicts = crate::ui::sheet_keyed::has_conflicts(draft);
    html! {
        <div class="sheet-preview" id="sheet-preview" role="status">
            <h3>{ format!("Preview of {}", draft.raw.file) }</h3>
            { match result {
                Ok(import) => ready(import, on_rejected),
                Err(errors) => refused(errors, on_rejected),
            } }
            if let (Ok(_), Some(keyed)) = (result, &draft.keyed) { { super::keyed_view::summary(keyed) } }
            <p class="sheet-actions">
                if result.is_ok() && !conflicts { <button type="button" class="primary" id="sheet-import" onclick={on_import}>{"Import"}</button> }
                if let Some(on_record) = on_record_problems.filter(|_| conflicts) {
                    <button type="button" id="sheet-record-problems" onclick={on_record}>{"Record in the round as received with problems"}</button>
                }
                <button type="button" onclick={on_back}>{"Back to the mapping"}</button>
                <button type="button" onclick={on_cancel}>{"Cancel"}</button>
            </p>
        </div>
    }
}
