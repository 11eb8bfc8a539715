//! Editors for the Minimum Expenditure Basket per area and the exchange rates the analysis
//! converts with, built on the shared editor machinery in `editors`.

use super::editors::{area_label, read_form, use_editor, EditorProps};
use super::view::money;
use crate::formats::hxl::{meb_id, rate_id};
use crate::model::change::Change;
use crate::model::{ExchangeRate, Meb, TableName, ValueUnit, Vocabulary};
use crate::ui::area_picker::AreaPicker;
use crate::ui::forms::{error_for, SelectField, TextField};
use crate::ui::table::reference_checks::{read_meb, read_rate, MEB_CLASH, RATE_CLASH};
use crate::ui::table::rows::Shared;
use crate::ui::table::tree::area_choices;
use yew::prelude::*;

const MEB_IDS: [(&str, &str); 5] = [
    ("area", "meb-area"),
    ("value", "meb-value"),
    ("unit", "meb-unit"),
    ("currency", "meb-currency"),
    ("start", "meb-start"),
];
const RATE_IDS: [(&str, &str); 4] =
    [("from", "rate-from"), ("to", "rate-to"), ("rate", "rate-value"), ("date", "rate-date")];

/// Household and person are the MEB's units (a basket is never per day).
fn meb_units() -> Vec<(String, String)> {
    [ValueUnit::Household, ValueUnit::Person]
        .iter()
        .map(|u| (u.code().to_string(), format!("per {} per month", u.code())))
        .collect()
}

#[function_component(MebEditor)]
pub fn meb_editor(props: &EditorProps) -> Html {
    let state = use_editor("meb-value");
    let plan = &props.plan;
    let areas = use_memo(plan.clone(), |plan| Shared::new(area_choices(plan)));
    let current = state.editing.as_deref().and_then(|id| plan.mebs.get(id)).map(|r| r.data.clone());
    let on_submit = {
        let (plan, read_plan) = (plan.clone(), plan.clone());
        state.on_submit(
            move || read_form(&MEB_IDS, |get| read_meb(get, &read_plan)),
            |m: &Meb| meb_id(m.area.as_deref(), m.unit, &m.currency, m.start),
            move |id| plan.mebs.get(id).is_some(),
            ("meb-start", MEB_CLASH),
            Change::put,
            props.dispatch.clone(),
        )
    };
    let errors = &*state.errors;
    let describe = |m: &Meb| format!("MEB {}", area_label(plan, m.area.as_deref()));
    html! {
        <section class="card" aria-labelledby="harm-mebs-title">
            <h2 id="harm-mebs-title">{ format!("Minimum Expenditure Basket ({})", plan.mebs.len_live()) }</h2>
            if plan.mebs.len_live() > 0 {
                <div class="table-wrap" role="region" tabindex="0" aria-label="MEB table (scrolls sideways)">
                <table id="harm-mebs">
                    <caption class="visually-hidden">{"Monthly MEB per area"}</caption>
                    <thead><tr><th scope="col">{"Area"}</th><th scope="col" class="num">{"Per month"}</th><th scope="col">{"Per"}</th>
                        <th scope="col">{"From"}</th><th scope="col"><span class="visually-hidden">{"Actions"}</span></th></tr></thead>
                    <tbody>
                    { for plan.mebs.live().map(|r| html! {
                        <tr data-meb={r.id.clone()}>
                            <th scope="row">{ area_label(plan, r.data.area.as_deref()) }</th>
                            <td class="num">{ format!("{} {}", money(r.data.value), r.data.currency) }</td>
                            <td>{ r.data.unit.code() }</td>
                            <td>{ r.data.start.map_or_else(|| "always".to_string(), |d| d.to_string()) }</td>
                            { state.row_actions(TableName::Mebs, &r.id, &describe(&r.data), &props.dispatch) }
                        </tr>
                    }) }
                    </tbody>
                </table>
                </div>
            }
            <h3 class="harm-subtitle" id="harm-meb-form-title">{ match &current { Some(m) => format!("Edit the {}", describe(m)), None => "Add a MEB".into() } }</h3>
            <form key={state.form_key()} class="inline" onsubmit={on_submit} novalidate=true aria-labelledby="harm-meb-form-title">
                <AreaPicker id="meb-area" label="Area (empty: nationwide)" choices={(*areas).clone()} value={current.as_ref().and_then(|m| m.area.clone())} />
                <TextField id="meb-value" label="Value per month" value={current.as_ref().map(|m| AttrValue::from(m.value.to_string()))} error={error_for(errors, "meb-value")} size=8 />
                <SelectField id="meb-unit" label="Per" options={meb_units()} selected={current.as_ref().map(|m| m.unit.code().to_string())} />
                <TextField id="meb-currency" label="Currency" value={Some(AttrValue::from(current.as_ref().map_or_else(|| plan.currency.clone(), |m| m.currency.clone())))} error={error_for(errors, "meb-currency")} size=4 />
                <TextField id="meb-start" label="From" input_type="date" value={current.as_ref().map(|m| AttrValue::from(m.start.map(|d| d.to_string()).unwrap_or_default()))} error={error_for(errors, "meb-start")} />
                <button type="submit" class="primary">{ if current.is_some() { "Save MEB" } else { "Add MEB" } }</button>
                if current.is_some() { <button type="button" onclick={state.on_cancel()}>{"Cancel"}</button> }
            </form>
        </section>
    }
}

#[function_component(RateEditor)]
pub fn rate_editor(props: &EditorProps) -> Html {
    let state = use_editor("rate-value");
    let plan = &props.plan;
    let current = state.editing.as_deref().and_then(|id| plan.exchange_rates.get(id)).map(|r| r.data.clone());
    let on_submit = {
        let (plan, read_plan) = (plan.clone(), plan.clone());
        state.on_submit(
            move || read_form(&RATE_IDS, |get| read_rate(get, &read_plan)),
            |r: &ExchangeRate| rate_id(&r.from, &r.to, r.date),
            move |id| plan.exchange_rates.get(id).is_some(),
            ("rate-date", RATE_CLASH),
            Change::put,
            props.dispatch.clone(),
        )
    };
    let errors = &*state.errors;
    let describe = |r: &ExchangeRate| format!("rate {} to {} from {}", r.from, r.to, r.date);
    let field = |f: &dyn Fn(&ExchangeRate) -> String| current.as_ref().map(|r| AttrValue::from(f(r)));
    html! {
        <section class="card" aria-labelledby="harm-rates-title">
            <h2 id="harm-rates-title">{ format!("Exchange rates ({})", plan.exchange_rates.len_live()) }</h2>
            if plan.exchange_rates.len_live() > 0 {
                <div class="table-wrap" role="region" tabindex="0" aria-label="Exchange rates table (scrolls sideways)">
                <table id="harm-rates">
                    <caption class="visually-hidden">{"Exchange rates: 1 unit of the first currency buys this many of the second"}</caption>
                    <thead><tr><th scope="col">{"Pair"}</th><th scope="col" class="num">{"Rate (units bought by 1)"}</th><th scope="col">{"From"}</th>
                        <th scope="col"><span class="visually-hidden">{"Actions"}</span></th></tr></thead>
                    <tbody>
                    { for plan.exchange_rates.live().map(|r| html! {
                        <tr data-rate={r.id.clone()}>
                            <th scope="row">{ format!("{} → {}", r.data.from, r.data.to) }</th>
                            <td class="num">{ r.data.rate.to_string() }</td>
                            <td>{ r.data.date.to_string() }</td>
                            { state.row_actions(TableName::ExchangeRates, &r.id, &describe(&r.data), &props.dispatch) }
                        </tr>
                    }) }
                    </tbody>
                </table>
                </div>
            }
            <h3 class="harm-subtitle" id="harm-rate-form-title">{ match &current { Some(r) => format!("Edit the {}", describe(r)), None => "Add an exchange rate".into() } }</h3>
            <form key={state.form_key()} class="inline" onsubmit={on_submit} novalidate=true aria-labelledby="harm-rate-form-title">
                <TextField id="rate-from" label="1 unit of" value={field(&|r| r.from.clone())} error={error_for(errors, "rate-from")} size=4 />
                <TextField id="rate-to" label="buys, in" value={field(&|r| r.to.clone())} error={error_for(errors, "rate-to")} size=4 />
                <TextField id="rate-value" label="Rate" value={field(&|r| r.rate.to_string())} error={error_for(errors, "rate-value")} size=10 />
                <TextField id="rate-date" label="From" input_type="date" value={field(&|r| r.date.to_string())} error={error_for(errors, "rate-date")} />
                <button type="submit" class="primary">{ if current.is_some() { "Save rate" } else { "Add rate" } }</button>
                if current.is_some() { <button type="button" onclick={state.on_cancel()}>{"Cancel"}</button> }
            </form>
        </section>
    }
}
