//! The transfer value calculator: MEB × share of the gap to cover − other assistance, shown
//! next to what partners in the area already pay. The result follows plan edits (a new
//! MEB changes it at once) because it is recomputed from the inputs on every render.

use super::parse;
use super::view::{money, optional_money};
use crate::engine::harmonise::{propose_transfer_value, CalculatorError, CalculatorInput, CalculatorResult};
use crate::model::Amount;
use crate::platform;
use crate::ui::forms::{error_for, field_value, FieldErrors, SelectField, TextField};
use crate::ui::input::required;
use crate::ui::options::{area_options, check, sector_options};
use crate::ui::state::PlanRef;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CalculatorProps {
    pub plan: PlanRef,
}

fn read_input() -> Result<CalculatorInput, FieldErrors> {
    let mut errors = FieldErrors::new();
    let area = check(&mut errors, "calc-area", required(&field_value("calc-area")));
    let sector = check(&mut errors, "calc-sector", required(&field_value("calc-sector")));
    let date = check(&mut errors, "calc-date", parse::date(&field_value("calc-date")));
    // Range checks are the engine's, so its messages show beside these fields.
    let share = check(&mut errors, "calc-share", parse::amount(&field_value("calc-share")));
    let other = field_value("calc-other");
    let other = check(
        &mut errors,
        "calc-other",
        if other.trim().is_empty() { Ok(Amount::ZERO) } else { parse::amount(&other) },
    );
    match (area, sector, date, share, other) {
        (Some(area), Some(sector), Some(date), Some(gap_share_pct), Some(other_assistance)) => {
            Ok(CalculatorInput { area, sector, date, gap_share_pct, other_assistance })
        }
        _ => Err(errors),
    }
}

/// Where the engine's refusal is shown: beside a field, or for the whole form.
fn error_field(error: &CalculatorError) -> Option<&'static str> {
    match error {
        CalculatorError::ShareOutOfRange(_) => Some("calc-share"),
        CalculatorError::NegativeOtherAssistance(_) => Some("calc-other"),
        CalculatorError::NoMeb { .. } => None,
    }
}

#[function_component(Calculator)]
pub fn calculator(props: &CalculatorProps) -> Html {
    let input = use_state(|| None::<CalculatorInput>);
    let errors = use_state(FieldErrors::new);
    let on_submit = {
        let (input, errors) = (input.clone(), errors.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match read_input() {
                Ok(read) => {
                    errors.set(FieldErrors::new());
                    input.set(Some(read));
                }
                Err(found) => {
                    errors.set(found);
                    input.set(None);
                }
            }
        })
    };
    let outcome = input.as_ref().map(|i| propose_transfer_value(&props.plan, i));
    let mut shown_errors = (*errors).clone();
    if let Some(Err(error)) = &outcome {
        if let Some(field) = error_field(error) {
            shown_errors.push((field, format!("{}.", capitalised(&error.to_string()))));
        }
    }
    let sectors = sector_options(&props.plan);
    let default_sector = sectors.iter().find(|(code, _)| code == "MPC").map(|(code, _)| code.clone());

    html! {
        <section class="card" aria-labelledby="harm-calc-title">
            <h2 id="harm-calc-title">{"Transfer value calculator"}</h2>
            <p class="muted">{"Proposes a monthly transfer per household: the MEB for the area (or its nearest parent with one, or the nationwide MEB) times the share of the gap to cover, minus other assistance households already receive."}</p>
            <form class="inline" onsubmit={on_submit} novalidate=true aria-label="Transfer value calculator">
                <SelectField id="calc-area" label="Area" options={area_options(&props.plan)} empty="Choose…" error={error_for(&shown_errors, "calc-area")} />
                <SelectField id="calc-sector" label="Sector (for what partners pay)" options={sectors} selected={default_sector} error={error_for(&shown_errors, "calc-sector")} />
                <TextField id="calc-date" label="Date" input_type="date" value={Some(AttrValue::from(platform::today().to_string()))} error={error_for(&shown_errors, "calc-date")} />
                <TextField id="calc-share" label="Share of the gap to cover (%)" value={Some(AttrValue::from("100"))} error={error_for(&shown_errors, "calc-share")} size=5 />
                <TextField id="calc-other" label="Other assistance per household per month" value={Some(AttrValue::from("0"))} error={error_for(&shown_errors, "calc-other")} size=8 />
                <button type="submit" class="primary">{"Calculate"}</button>
            </form>
            { match &outcome {
                None => html! {},
                Some(Ok(result)) => result_view(result, input.as_ref()),
                Some(Err(error)) if error_field(error).is_none() => html! {
                    <p class="notice error" role="alert" id="harm-calc-error">{ format!("{}.", capitalised(&error.to_string())) }</p>
                },
                Some(Err(_)) => html! {},
            } }
        </section>
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn result_view(result: &CalculatorResult, input: Option<&CalculatorInput>) -> Html {
    let currency = &result.currency;
    let (share, other) = input.map_or((Amount::ZERO, Amount::ZERO), |i| (i.gap_share_pct, i.other_assistance));
    let paid = match result.partners_activities {
        0 => "no recurring cash or voucher activity of this sector in the area".to_string(),
        1 => "from 1 activity in the area and below".to_string(),
        n => format!("median of {n} activities in the area and below"),
    };
    html! {
        <div id="harm-calc-result" role="status">
            <dl class="harm-compare">
                <div>
                    <dt>{"Proposed transfer value"}</dt>
                    <dd id="harm-calc-proposed">{ format!("{} {currency}", money(result.proposed_per_household_month)) }</dd>
                    <dd class="muted">{"per household per month"}</dd>
                </div>
                <div>
                    <dt>{"Partners pay now"}</dt>
                    <dd id="harm-calc-median">{ format!("{} {currency}", optional_money(result.partners_median)) }</dd>
                    <dd class="muted">{ paid }</dd>
                </div>
            </dl>
            <p class="muted">
                { format!("{share} % of the MEB per household {} {currency} ({}, household size {}) minus {} {currency} of other assistance.",
                    money(result.meb_per_household), result.meb, result.household_size, money(other)) }
            </p>
            if result.covered_by_other_assistance {
                <p class="notice info">{"Other assistance already covers this share of the MEB: no top-up is needed, so the proposal is 0."}</p>
            }
        </div>
    }
}
