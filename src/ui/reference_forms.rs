//! The Data page's add forms for standards, MEBs and exchange rates; the checks and the
//! new record's id are `table::reference_checks`, shared with the Harmonisation page.

use super::area_picker::AreaPicker;
use super::data_page::{add_handler, error};
use super::forms::{SelectField, TextField};
use super::options::sector_options;
use super::state::{Action, PlanRef};
use super::table::activity_checks::vocabulary_options;
use super::table::checks::Problems;
use super::table::reference_checks::{new_meb, new_rate, new_standard, CASH_FOR_WORK};
use super::table::rows::Shared;
use super::table::tree::AreaChoice;
use crate::model::change::Change;
use crate::model::{Frequency, ValueUnit};
use yew::prelude::*;

fn units(values: &[ValueUnit]) -> Vec<(String, String)> {
    values.iter().map(|u| (u.to_string(), format!("per {u}"))).collect()
}

pub fn standard_form(
    plan: &PlanRef,
    areas: &Shared<Vec<AreaChoice>>,
    problems: &UseStateHandle<Problems>,
    dispatch: &Callback<Action>,
) -> Html {
    let read_plan = plan.clone();
    let on_submit = add_handler(
        "new-std",
        move |get| new_standard(get, &read_plan).map(|(id, standard)| Change::put(id, standard)),
        &["new-std-value", "new-std-criteria", "new-std-market", "new-std-from", "new-std-to"],
        problems.clone(),
        dispatch.clone(),
    );
    let kinds = vec![
        ("transfer".to_string(), "Transfer value".to_string()),
        (CASH_FOR_WORK.to_string(), "Cash-for-work daily wage".to_string()),
    ];
    let e = |key: &str| error(problems, key);
    html! {
        <section class="card" aria-labelledby="add-standard-title">
            <h2 id="add-standard-title">{"Add a standard"}</h2>
            <form class="inline" onsubmit={on_submit} novalidate=true>
                <SelectField id="new-std-sector" label="Sector" options={sector_options(plan)} empty="Choose…" error={e("sector")} />
                <SelectField id="new-std-kind" label="Kind" options={kinds} />
                <AreaPicker id="new-std-area" label="Area (empty: nationwide)" choices={areas.clone()} error={e("area")} />
                <TextField id="new-std-value" label="Recommended value" error={e("value")} size=8 />
                <SelectField id="new-std-unit" label="Per" options={units(&[ValueUnit::Household, ValueUnit::Person, ValueUnit::Day])} error={e("unit")} />
                <TextField id="new-std-currency" label="Currency" value={Some(AttrValue::from(plan.currency.clone()))} error={e("currency")} size=4 />
                <SelectField id="new-std-frequency" label="Frequency" options={vocabulary_options::<Frequency>()} selected={Some(Frequency::Monthly.to_string())} error={e("frequency")} />
                <TextField id="new-std-tolerance" label="Tolerance %" value={Some(AttrValue::from("10"))} error={e("tolerance")} size=4 />
                <TextField id="new-std-from" label="Valid from" input_type="date" error={e("from")} />
                <TextField id="new-std-to" label="Valid to" input_type="date" error={e("to")} />
                <TextField id="new-std-criteria" label="Targeting criteria (separate with ;)" error={e("criteria")} />
                <TextField id="new-std-market" label="Market daily wage (cash for work)" error={e("market")} size=6 />
                <button type="submit">{"Add standard"}</button>
            </form>
        </section>
    }
}

pub fn meb_form(
    plan: &PlanRef,
    areas: &Shared<Vec<AreaChoice>>,
    problems: &UseStateHandle<Problems>,
    dispatch: &Callback<Action>,
) -> Html {
    let read_plan = plan.clone();
    let on_submit = add_handler(
        "new-meb",
        move |get| new_meb(get, &read_plan).map(|(id, meb)| Change::put(id, meb)),
        &["new-meb-value", "new-meb-start"],
        problems.clone(),
        dispatch.clone(),
    );
    let e = |key: &str| error(problems, key);
    html! {
        <section class="card" aria-labelledby="add-meb-title">
            <h2 id="add-meb-title">{"Add a MEB"}</h2>
            <form class="inline" onsubmit={on_submit} novalidate=true>
                <AreaPicker id="new-meb-area" label="Area (empty: nationwide)" choices={areas.clone()} error={e("area")} />
                <TextField id="new-meb-value" label="Value per month" error={e("value")} size=8 />
                <SelectField id="new-meb-unit" label="Per" options={units(&[ValueUnit::Household, ValueUnit::Person])} error={e("unit")} />
                <TextField id="new-meb-currency" label="Currency" value={Some(AttrValue::from(plan.currency.clone()))} error={e("currency")} size=4 />
                <TextField id="new-meb-start" label="From" input_type="date" error={e("start")} />
                <button type="submit">{"Add MEB"}</button>
            </form>
        </section>
    }
}

pub fn rate_form(plan: &PlanRef, problems: &UseStateHandle<Problems>, dispatch: &Callback<Action>) -> Html {
    let read_plan = plan.clone();
    let on_submit = add_handler(
        "new-rate",
        move |get| new_rate(get, &read_plan).map(|(id, rate)| Change::put(id, rate)),
        &["new-rate-rate", "new-rate-date"],
        problems.clone(),
        dispatch.clone(),
    );
    let e = |key: &str| error(problems, key);
    html! {
        <section class="card" aria-labelledby="add-rate-title">
            <h2 id="add-rate-title">{"Add an exchange rate"}</h2>
            <form class="inline" onsubmit={on_submit} novalidate=true>
                <TextField id="new-rate-from" label="1 unit of" error={e("from")} size=4 />
                <TextField id="new-rate-to" label="buys, in" value={Some(AttrValue::from(plan.currency.clone()))} error={e("to")} size=4 />
                <TextField id="new-rate-rate" label="Rate" error={e("rate")} size=10 />
                <TextField id="new-rate-date" label="From" input_type="date" error={e("date")} />
                <button type="submit">{"Add rate"}</button>
            </form>
        </section>
    }
}
