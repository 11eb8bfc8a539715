//! The mapping screen: one row per column (header, sample values, target field), columns
//! with personal data refused unless cleared, the coded values and what each means, and the
//! import options.

use super::Draft;
use crate::formats::sheet::{
    canonical_values, distinct_values, field_label, normalise_hashtag, FieldKind, ValueChoice, ValueCount,
    TARGET_FIELDS,
};
use crate::model::Plan;
use yew::prelude::*;

/// Values listed per column; a column with more is probably free text.
const VALUES_SHOWN: usize = 40;
/// Columns listed at once: a sheet of thousands of columns is mapped a page at a time, as
/// a select per column for all of them would be millions of elements.
const COLUMNS_PER_PAGE: usize = 200;
const KEEP: &str = "__keep";
const MISSING: &str = "__missing";

pub struct MappingScreen<'a> {
    pub draft: &'a Draft,
    pub plan: &'a Plan,
    pub on_change: Callback<Draft>,
    pub on_check: Callback<Draft>,
    pub on_cancel: Callback<MouseEvent>,
    pub on_save: Callback<MouseEvent>,
    pub on_load: Callback<Event>,
}

fn select_value(event: &Event) -> String {
    event.target_unchecked_into::<web_sys::HtmlSelectElement>().value()
}

fn checked(event: &Event) -> bool {
    event.target_unchecked_into::<web_sys::HtmlInputElement>().checked()
}

/// A change to the draft from a control's event.
pub(super) fn edit(
    draft: &Draft,
    on_change: &Callback<Draft>,
    change: impl Fn(&mut Draft, &Event) + 'static,
) -> Callback<Event> {
    let (draft, on_change) = (draft.clone(), on_change.clone());
    Callback::from(move |event: Event| {
        let mut next = draft.clone();
        change(&mut next, &event);
        on_change.emit(next);
    })
}

/// Up to three different filled values of a column.
fn samples(draft: &Draft, column: usize) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for (_, cell) in draft.raw.column(column) {
        if !cell.trim().is_empty() && !seen.contains(&cell) {
            seen.push(cell);
            if seen.len() == 3 {
                break;
            }
        }
    }
    seen.iter().map(|s| format!("“{s}”")).collect::<Vec<_>>().join(", ")
}

pub fn mapping_screen(screen: MappingScreen) -> Html {
    let MappingScreen { draft, plan, on_change, on_check, on_cancel, on_save, on_load } = screen;
    // Each column's finding, looked up once (a sheet may have thousands of columns).
    let mut findings = vec![None; draft.mapping.columns.len()];
    for finding in draft.findings.iter() {
        if let Some(slot) = findings.get_mut(finding.column) {
            *slot = Some(finding);
        }
    }
    let total = draft.mapping.columns.len();
    let pages = total.div_ceil(COLUMNS_PER_PAGE).max(1);
    let page = draft.page.min(pages - 1);
    let shown = page * COLUMNS_PER_PAGE..((page + 1) * COLUMNS_PER_PAGE).min(total);
    let rows = draft.mapping.columns.iter().enumerate().skip(shown.start).take(shown.len()).map(|(i, choice)| {
        let id = format!("sheet-col-{i}");
        let current = choice.hashtag.clone().unwrap_or_default();
        let listed = current.is_empty() || TARGET_FIELDS.iter().any(|(t, _)| *t == current);
        let on_select = edit(draft, &on_change, move |d, e| {
            let value = select_value(e);
            if let Some(column) = d.mapping.columns.get_mut(i) {
                column.hashtag = normalise_hashtag(&value);
            }
        });
        let finding = findings.get(i).copied().flatten();
        let pii = finding.map(|f| {
            let box_id = format!("sheet-pii-{i}");
            let on_clear = edit(draft, &on_change, move |d, e| {
                if let Some(column) = d.mapping.columns.get_mut(i) {
                    column.personal_data_ok = checked(e);
                }
            });
            html! {
                <div class="sheet-pii">
                    <span class="sheet-pii-reason">{ format!("Refused: {}. A plan holds aggregate figures only.", f.reason) }</span>
                    <label for={box_id.clone()}>
                        <input type="checkbox" id={box_id} checked={choice.personal_data_ok} onchange={on_clear} />
                        {" This is not personal data: import the column anyway"}
                    </label>
                </div>
            }
        });
        html! {
            <tr data-column={choice.header.clone()}>
                <th scope="row"><label for={id.clone()}>{ &choice.header }</label></th>
                <td class="sheet-samples">{ samples(draft, i) }</td>
                <td>
                    <select id={id} onchange={on_select}>
                        <option value="" selected={current.is_empty()}>{"Ignore"}</option>
                        { for TARGET_FIELDS.iter().map(|(tag, _)| html! {
                            <option value={*tag} selected={current == *tag}>{ field_label(tag) }</option>
                        }) }
                        if !listed { <option value={current.clone()} selected=true>{ field_label(&current) }</option> }
                    </select>
                    { pii.unwrap_or_default() }
                    { super::wide_view::per_group(draft, i, plan, &on_change) }
                </td>
            </tr>
        }
    });

    let on_areas = edit(draft, &on_change, |d, e| d.options.create_areas = checked(e));
    let on_skip = edit(draft, &on_change, |d, e| d.options.skip_bad_rows = checked(e));
    let check = {
        let (draft, on_check) = (draft.clone(), on_check.clone());
        Callback::from(move |_| on_check.emit(draft.clone()))
    };
    html! {
        <div class="sheet-mapping" id="sheet-mapping">
            <p>{ format!("{}{}: {} rows under the header row {}.", draft.raw.file,
                draft.raw.sheet.as_ref().map(|s| format!(", sheet “{s}”")).unwrap_or_default(),
                draft.raw.rows.len(), draft.raw.header_row) }
                if draft.remembered { <strong>{" The mapping used last time for these headers was restored."}</strong> }
            </p>
            <h3>{"Columns"}</h3>
            if pages > 1 { { column_pages(draft, &on_change, page, pages, &shown, total) } }
            <div class="table-wrap">
                <table class="sheet-columns">
                    <thead><tr><th scope="col">{"Column"}</th><th scope="col">{"Sample values"}</th><th scope="col">{"Imported as"}</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            { super::wide_view::fixed_values(draft, plan, &on_change) }
            { value_mapping(draft, plan, &on_change) }
            <fieldset class="sheet-options">
                <legend>{"Options"}</legend>
                <label for="sheet-create-areas">
                    <input type="checkbox" id="sheet-create-areas" checked={draft.options.create_areas} onchange={on_areas} />
                    {" Create missing areas from the P-code and name columns"}
                </label>
                <label for="sheet-skip-bad-rows">
                    <input type="checkbox" id="sheet-skip-bad-rows" checked={draft.options.skip_bad_rows} onchange={on_skip} />
                    {" Import the good rows and skip the rejected ones"}
                </label>
                { super::keyed_view::key_choice(draft, &on_change) }
            </fieldset>
            <p class="sheet-actions">
                <button type="button" class="primary" id="sheet-check" onclick={check}>{"Check the rows"}</button>
                <button type="button" id="sheet-save-mapping" onclick={on_save}>{"Save mapping file"}</button>
                <label class="sheet-load">{"Load a mapping file"}
                    <input type="file" id="sheet-load-mapping" accept=".json,application/json" onchange={on_load} />
                </label>
                <button type="button" onclick={on_cancel}>{"Cancel"}</button>
            </p>
        </div>
    }
}

/// "Columns 201 to 400 of 12,000" with buttons to the previous and next pages.
fn column_pages(
    draft: &Draft,
    on_change: &Callback<Draft>,
    page: usize,
    pages: usize,
    shown: &std::ops::Range<usize>,
    total: usize,
) -> Html {
    let go = |to: usize| {
        let (draft, on_change) = (draft.clone(), on_change.clone());
        Callback::from(move |_: MouseEvent| on_change.emit(Draft { page: to, ..draft.clone() }))
    };
    html! {
        <p class="sheet-actions" id="sheet-column-pages">
            <span role="status">{ format!("Columns {} to {} of {total}.", shown.start + 1, shown.end) }</span>
            <button type="button" disabled={page == 0} onclick={go(page.saturating_sub(1))}>{"Previous columns"}</button>
            <button type="button" disabled={page + 1 >= pages} onclick={go(page + 1)}>{"Next columns"}</button>
        </p>
    }
}

fn describe(choice: Option<&ValueChoice>) -> String {
    match choice {
        None => "not understood".into(),
        Some(ValueChoice::Missing) => "missing".into(),
        Some(ValueChoice::Set(set)) => {
            set.iter().map(|(tag, value)| format!("{value} ({})", field_label(tag))).collect::<Vec<_>>().join(" + ")
        }
    }
}

/// The single value a choice gives this column's own field, to preselect it.
fn own_value<'c>(choice: Option<&'c ValueChoice>, hashtag: &str) -> Option<&'c str> {
    match choice {
        Some(ValueChoice::Set(set)) if set.len() == 1 => set.get(hashtag).map(String::as_str),
        _ => None,
    }
}

fn value_mapping(draft: &Draft, plan: &Plan, on_change: &Callback<Draft>) -> Html {
    let listed: Vec<ValueCount> = distinct_values(&draft.raw, &draft.mapping)
        .into_iter()
        .filter(|v| matches!(v.kind, FieldKind::Coded(_)))
        .collect();
    if listed.is_empty() {
        return html! {};
    }
    let mut shown_per_column: Vec<(usize, usize)> = Vec::new();
    let rows = listed.iter().enumerate().filter_map(|(k, value)| {
        let shown = match shown_per_column.iter_mut().find(|(c, _)| *c == value.column) {
            Some((_, n)) => { *n += 1; *n }
            None => { shown_per_column.push((value.column, 1)); 1 }
        };
        if shown > VALUES_SHOWN {
            return None;
        }
        let FieldKind::Coded(field) = value.kind else { return None };
        let id = format!("sheet-val-{k}");
        let choice = draft.mapping.value_choice(&value.hashtag, &value.raw).or(value.proposal.as_ref());
        let own = own_value(choice, &value.hashtag).map(str::to_string);
        let (hashtag, raw) = (value.hashtag.clone(), value.raw.clone());
        let on_select = edit(draft, on_change, move |d, e| {
            match select_value(e).as_str() {
                KEEP => {}
                MISSING => d.mapping.set_value(&hashtag, &raw, ValueChoice::Missing),
                picked => d.mapping.set_value(&hashtag, &raw, ValueChoice::one(&hashtag, picked)),
            }
        });
        let mut options = canonical_values(field, plan);
        if let Some(v) = own.as_ref().filter(|v| !options.contains(v)) {
            options.insert(0, v.clone());
        }
        let keep_label = format!("{} (as proposed)", describe(choice));
        let is_missing = matches!(choice, Some(ValueChoice::Missing));
        Some(html! {
            <tr>
                <td>{ &value.header }</td>
                <th scope="row"><label for={id.clone()}>{ format!("“{}”", value.raw) }</label></th>
                <td class="num">{ value.count }</td>
                <td>
                    <select id={id} onchange={on_select}>
                        if own.is_none() && !is_missing { <option value={KEEP} selected=true>{ keep_label }</option> }
                        { for options.iter().map(|o| html! { <option value={o.clone()} selected={own.as_deref() == Some(o.as_str())}>{ o.clone() }</option> }) }
                        <option value={MISSING} selected={is_missing}>{"(missing: leave empty)"}</option>
                    </select>
                </td>
            </tr>
        })
    });
    html! {
        <>
            <h3>{"Values"}</h3>
            <p class="muted">{"What each value of a coded column means in the plan. Proposed from common spellings; change any that are wrong."}</p>
            <div class="table-wrap">
                <table class="sheet-values">
                    <thead><tr><th scope="col">{"Column"}</th><th scope="col">{"Value"}</th><th scope="col" class="num">{"Rows"}</th><th scope="col">{"Means"}</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </>
    }
}
