//! Wide sheets on the mapping screen: a figure column marked as one column per sector (the
//! sector proposed from its header, `Food_PIN` → FSC), and values fixed for the whole file
//! (all sector X, all month Y), each one choice.

use super::mapping_view::edit;
use super::Draft;
use crate::formats::sheet::{field_kind, FieldKind, Spread};
use crate::model::{Month, Plan};
use crate::ui::forms::StartedInput;
use yew::prelude::*;

fn sectors(plan: &Plan) -> Vec<String> {
    plan.sectors.live().map(|r| r.data.code.clone()).collect()
}

/// Whether a column mapped to this hashtag holds a figure that can be per sector.
fn is_figure(hashtag: &str) -> bool {
    field_kind(hashtag) == FieldKind::Count || hashtag.starts_with("#severity")
}

/// "For sector" beside a figure column: none (the file's own sector column) or one sector.
pub fn per_sector(draft: &Draft, column: usize, plan: &Plan, on_change: &Callback<Draft>) -> Html {
    let Some(choice) = draft.mapping.columns.get(column) else { return html! {} };
    let figure = choice.hashtag.as_deref().is_some_and(is_figure);
    if !figure && choice.per.is_none() {
        return html! {};
    }
    let current = choice.per.as_ref().filter(|p| p.by == "#sector").map(|p| p.value.clone()).unwrap_or_default();
    let mut options = sectors(plan);
    if !current.is_empty() && !options.contains(&current) {
        options.insert(0, current.clone());
    }
    let id = format!("sheet-per-{column}");
    let on_select = edit(draft, on_change, move |d, e| {
        let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
        if let Some(c) = d.mapping.columns.get_mut(column) {
            c.per = (!value.is_empty()).then(|| Spread { by: "#sector".into(), value });
        }
    });
    html! {
        <label for={id.clone()} class="sheet-per">{"One column per sector: this one is for "}
            <select id={id} onchange={on_select}>
                <option value="" selected={current.is_empty()}>{"(no: the sector is in a column)"}</option>
                { for options.iter().map(|s| html! { <option value={s.clone()} selected={*s == current}>{ s.clone() }</option> }) }
            </select>
        </label>
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
