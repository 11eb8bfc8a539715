//! How rows are matched to the activities already in the plan: the key choice and the
//! replace month on the mapping screen, and on the preview the rows new, updated (old →
//! new), unchanged and conflicting, and the activities removed.

use super::Draft;
use crate::engine::keyed::{Keyed, RowKey, DEFAULT_KEY};
use crate::formats::keyed::{change_lines, WHOLE_ROW_WARNING};
use crate::ui::forms::StartedInput;
use crate::ui::sheet_keyed::{draft_has_id, draft_key, read_replace};
use yew::prelude::*;

/// Changes listed on the preview; past this, how many more.
const LISTED: usize = 100;

fn key_value(key: &RowKey) -> &'static str {
    match key {
        RowKey::Id => "id",
        RowKey::WholeRow => "whole-row",
        RowKey::Fields { .. } => "fields",
    }
}

/// The key select and the replace month, for the mapping screen's options.
pub fn key_choice(draft: &Draft, on_change: &Callback<Draft>) -> Html {
    let current = draft_key(draft).ok();
    let fields = match draft.mapping.key.as_ref() {
        Some(RowKey::Fields { fields }) => fields.join(", "),
        _ => DEFAULT_KEY.join(", "),
    };
    let on_key = {
        let (draft, on_change) = (draft.clone(), on_change.clone());
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            let mut next = draft.clone();
            next.mapping.key = match value.as_str() {
                "id" => Some(RowKey::Id),
                "whole-row" => Some(RowKey::WholeRow),
                _ => Some(RowKey::default()),
            };
            on_change.emit(next);
        })
    };
    let on_replace = {
        let (draft, on_change) = (draft.clone(), on_change.clone());
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            let mut next = draft.clone();
            next.replace = read_replace(&value).ok().flatten();
            on_change.emit(next);
        })
    };
    let selected = current.as_ref().map(key_value).unwrap_or("fields");
    let replace = draft.replace.map(|m| m.to_string()).unwrap_or_default();
    html! {
        <>
            <label for="sheet-key">{"Match rows to the activities already in the plan by "}
                <select id="sheet-key" onchange={on_key}>
                    if draft_has_id(draft) {
                        <option value="id" selected={selected == "id"}>{"the row id column"}</option>
                    }
                    <option value="fields" selected={selected == "fields"}>{ format!("key fields: {fields}") }</option>
                    <option value="whole-row" selected={selected == "whole-row"}>{"every cell (old behaviour)"}</option>
                </select>
            </label>
            if selected == "whole-row" { <p class="notice warning" id="sheet-key-warning">{ format!("Warning: {WHOLE_ROW_WARNING}") }</p> }
            <label for="sheet-replace">{"This file is its partners' full report for the month (their activities of the month that no row matches are removed): "}
                <StartedInput input_type="month" id="sheet-replace" start={replace} onchange={on_replace} />
            </label>
        </>
    }
}

/// The classification on the preview.
pub fn summary(keyed: &Keyed) -> Html {
    let counts = keyed.counts();
    let lines = change_lines(keyed, LISTED);
    html! {
        <div class="sheet-keyed" id="sheet-keyed">
            <p>{ format!("Rows matched by {}.", match &keyed.key {
                RowKey::Id => "the id column".to_string(),
                RowKey::WholeRow => "every cell".to_string(),
                RowKey::Fields { fields } => format!("key fields {}", fields.join(", ")),
            }) }</p>
            if keyed.key.double_counts() { <p class="notice warning">{ format!("Warning: {WHOLE_ROW_WARNING}") }</p> }
            <dl class="sheet-counts" id="sheet-keyed-counts">
                <dt>{"New"}</dt><dd>{ counts.new }</dd>
                <dt>{"Updated"}</dt><dd>{ counts.updated }</dd>
                <dt>{"Unchanged"}</dt><dd>{ counts.unchanged }</dd>
                <dt>{"Conflicting"}</dt><dd>{ counts.conflicting }</dd>
                <dt>{"Removed"}</dt><dd>{ counts.removed }</dd>
            </dl>
            if counts.conflicting > 0 {
                <p class="notice error" role="alert" id="sheet-keyed-conflicts">{ format!("{} rows cannot be matched to one activity each: their key is shared and their content differs. Nothing is imported until the key tells them apart: go back to the mapping and choose another key, or correct the rows.", counts.conflicting) }</p>
            }
            if !lines.is_empty() {
                <ul id="sheet-keyed-changes">{ for lines.into_iter().map(|l| html! { <li>{ l }</li> }) }</ul>
            }
        </div>
    }
}
