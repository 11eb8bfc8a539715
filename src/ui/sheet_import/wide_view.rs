//! Wide sheets on the mapping screen: a figure column marked as one column per sector, month
//! or sex and age group (proposed from its header: `Food_PIN` → FSC, `Jan-2023`, `F 18-59`),
//! and values fixed for the whole file (all sector X, all month Y), each one choice.

use super::mapping_view::edit;
use super::Draft;
use crate::formats::sheet::{has_breakdown, is_figure, sex_age_groups, Spread, BY_MONTH, BY_SEX_AGE, SPREAD_BY};
use crate::model::{Month, Plan};
use crate::ui::forms::StartedInput;
use yew::prelude::*;

fn sectors(plan: &Plan) -> Vec<String> {
    plan.sectors.live().map(|r| r.data.code.clone()).collect()
}

/// "One column per … : this one is for …" beside a figure column: none (one figure for the
/// row), or a sector, a month, a sex and age group, each the value this column is for.
pub fn per_group(draft: &Draft, column: usize, plan: &Plan, on_change: &Callback<Draft>) -> Html {
    let Some(choice) = draft.mapping.columns.get(column) else { return html! {} };
    let figure = choice.hashtag.as_deref().is_some_and(is_figure);
    if !figure && choice.per.is_none() {
        return html! {};
    }
    let (by, value) = choice.per.as_ref().map(|p| (p.by.clone(), p.value.clone())).unwrap_or_default();
    let breakdown = choice.hashtag.as_deref().is_some_and(has_breakdown);
    let offered = SPREAD_BY.iter().filter(|(tag, _)| *tag != BY_SEX_AGE || breakdown || by == BY_SEX_AGE);
    let (by_id, value_id) = (format!("sheet-per-{column}"), format!("sheet-per-value-{column}"));
    let on_by = edit(draft, on_change, move |d, e| {
        let by = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
        if let Some(c) = d.mapping.columns.get_mut(column) {
            c.per = (!by.is_empty()).then(|| Spread { by, value: String::new() });
        }
    });
    let on_value = edit(draft, on_change, move |d, e| {
        let target = e.target_unchecked_into::<web_sys::HtmlInputElement>();
        let value = if target.type_() == "month" {
            Month::parse(&target.value()).map(|m| m.to_string()).unwrap_or_default()
        } else {
            target.value()
        };
        if let Some(per) = d.mapping.columns.get_mut(column).and_then(|c| c.per.as_mut()) {
            per.value = value;
        }
    });
    let word = SPREAD_BY.iter().find(|(tag, _)| *tag == by).map_or("", |(_, w)| *w);
    let options = |values: Vec<(String, String)>| {
        let listed = values.iter().any(|(v, _)| *v == value);
        html! {
            <select id={value_id.clone()} onchange={on_value.clone()}>
                <option value="" selected={value.is_empty()}>{"(choose)"}</option>
                if !listed && !value.is_empty() { <option value={value.clone()} selected=true>{ value.clone() }</option> }
                { for values.into_iter().map(|(v, text)| html! { <option value={v.clone()} selected={v == value}>{ text }</option> }) }
            </select>
        }
    };
    let control = match by.as_str() {
        "" => html! {},
        BY_MONTH => {
            html! { <StartedInput input_type="month" id={value_id.clone()} start={value.clone()} onchange={on_value.clone()} /> }
        }
        BY_SEX_AGE => options(sex_age_groups().map(|(attrs, word)| (attrs, word.to_string())).collect()),
        _ => options(sectors(plan).into_iter().map(|s| (s.clone(), s)).collect()),
    };
    html! {
        <div class="sheet-per">
            <label for={by_id.clone()}>{"One column per "}
                <select id={by_id} onchange={on_by}>
                    <option value="" selected={by.is_empty()}>{"(no: one figure per row)"}</option>
                    { for offered.map(|(tag, word)| html! { <option value={*tag} selected={by == *tag}>{ *word }</option> }) }
                </select>
            </label>
            if !by.is_empty() {
                <label for={value_id.clone()}>{ format!(" this column's {word}: ") }{ control }</label>
            }
        </div>
    }
}

/// The values fixed for every row of the file: a sector and a reporting month.
pub fn fixed_values(draft: &Draft, plan: &Plan, on_change: &Callback<Draft>) -> Html {
    let sector = draft.mapping.fixed.get("#sector").cloned().unwrap_or_default();
    let month = draft.mapping.fixed.get("#date+reported").cloned().unwrap_or_default();
    let on_sector = edit(draft, on_change, |d, e| {
        let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
        if value.is_empty() {
            d.mapping.fixed.remove("#sector");
        } else {
            d.mapping.fixed.insert("#sector".into(), value);
        }
    });
    let on_month = edit(draft, on_change, |d, e| {
        let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
        match Month::parse(&value) {
            Some(month) => d.mapping.fixed.insert("#date+reported".into(), month.to_string()),
            None => d.mapping.fixed.remove("#date+reported"),
        };
    });
    html! {
        <fieldset class="sheet-options" id="sheet-fixed">
            <legend>{"The same for every row of this file"}</legend>
            <label for="sheet-fixed-sector">{"Sector "}
                <select id="sheet-fixed-sector" onchange={on_sector}>
                    <option value="" selected={sector.is_empty()}>{"(from a column)"}</option>
                    { for sectors(plan).into_iter().map(|s| html! { <option value={s.clone()} selected={s == sector}>{ s }</option> }) }
                </select>
            </label>
            <label for="sheet-fixed-month">{"Reporting month "}
                <StartedInput input_type="month" id="sheet-fixed-month" start={month} onchange={on_month} />
            </label>
        </fieldset>
    }
}
