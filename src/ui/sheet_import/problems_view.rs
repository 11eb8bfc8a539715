//! Every row with problems, counted by kind and listed in a scrollable list, with the
//! rejected rows to download (CSV or .xlsx) and send back to the partner.

use crate::formats::sheet::RowProblem;
use crate::model::sorting;
use std::collections::{BTreeMap, BTreeSet};
use yew::prelude::*;

/// Messages listed per kind; past this the download holds them all (a list of 100,000 items
/// would make the page sluggish, and nobody reads them there).
const LISTED_PER_KIND: usize = 2_000;

/// The problems by kind, each kind with its row count and every message in a scrollable list,
/// and the download buttons (`on_download` gets `true` for .xlsx).
pub fn row_problems(problems: &[RowProblem], on_download: Callback<bool>) -> Html {
    if problems.is_empty() {
        return html! {};
    }
    let mut groups: BTreeMap<_, Vec<&RowProblem>> = BTreeMap::new();
    for p in problems {
        groups.entry(p.reason).or_default().push(p);
    }
    let rows: BTreeSet<usize> = sorting::set_of(problems.iter().map(|p| p.line));
    let download = |xlsx: bool| {
        let on_download = on_download.clone();
        Callback::from(move |_: MouseEvent| on_download.emit(xlsx))
    };
    html! {
        <div class="sheet-problems" id="sheet-rejected">
            <p class="sheet-actions">
                <span>{ format!("{} rows with problems. Download them with the reason for each, to send back to the partner:", rows.len()) }</span>
                <button type="button" id="sheet-rejected-csv" onclick={download(false)}>{"Rejected rows (CSV)"}</button>
                <button type="button" id="sheet-rejected-xlsx" onclick={download(true)}>{"Rejected rows (.xlsx)"}</button>
            </p>
            <ul class="sheet-rejected">
            { for groups.iter().map(|(reason, list)| {
                let lines: BTreeSet<usize> = sorting::set_of(list.iter().map(|p| p.line));
                let more = list.len().saturating_sub(LISTED_PER_KIND);
                html! {
                    <li>
                        <strong>{ format!("{}: {} rows", reason.label(), lines.len()) }</strong>
                        <ul class="sheet-problem-list" tabindex="0" aria-label={format!("Rows: {}", reason.label())}>
                            { for list.iter().take(LISTED_PER_KIND).map(|p| html! { <li>{ p.message.clone() }</li> }) }
                        </ul>
                        if more > 0 { <p class="muted">{ format!("… and {more} more, all in the download.") }</p> }
                    </li>
                }
            }) }
            </ul>
        </div>
    }
}
