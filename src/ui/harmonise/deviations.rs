//! The deviations table (one row per cash or voucher activity against its standard), its
//! filters, and the activities that are not transfer values with the reason why.

use super::view::{
    basis_label, flag_advice, flag_code, flag_label, optional_money, reason_label, signed_percent, AreaNames,
    FlagChoice, RowFilter, FLAGS,
};
use crate::engine::harmonise::{ActivityRow, ExtraFlag, HarmonisationReport, NotComparedReason};
use crate::model::sorting;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Rows drawn at most; the filters narrow a long list.
const MAX_ROWS: usize = 500;

/// The value of the input or select an event came from.
pub fn target_value(target: Option<web_sys::EventTarget>) -> String {
    let Some(target) = target else { return String::new() };
    if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        return input.value();
    }
    target.dyn_ref::<web_sys::HtmlSelectElement>().map(|s| s.value()).unwrap_or_default()
}

/// `<option>`s with the chosen one marked (yew inserts children last to first, so an
/// unmarked list would show its last option).
pub fn options(choices: &[(String, String)], chosen: &str) -> Html {
    choices
        .iter()
        .map(|(value, text)| {
            if value == chosen {
                html! { <option value={value.clone()} selected=true>{ text }</option> }
            } else {
                html! { <option value={value.clone()}>{ text }</option> }
            }
        })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct DeviationFiltersProps {
    pub report: Rc<HarmonisationReport>,
    pub filter: RowFilter,
    pub on_change: Callback<RowFilter>,
}

#[function_component(DeviationFilters)]
pub fn deviation_filters(props: &DeviationFiltersProps) -> Html {
    let rows = &props.report.activities;
    let with_all = |label: &str, values: BTreeSet<String>| {
        std::iter::once((String::new(), label.to_string()))
            .chain(values.into_iter().map(|v| (v.clone(), v)))
            .collect::<Vec<_>>()
    };
    let sectors = with_all("All sectors", rows.iter().map(|r| r.sector.clone()).collect());
    // One entry per organisation, whatever the spellings (the first met names it).
    let mut seen = BTreeSet::new();
    let one_spelling: BTreeSet<String> = sorting::set_of(
        rows.iter()
            .filter(|r| seen.insert(crate::model::rules::values::organisation_key(&r.reporting_org)))
            .map(|r| r.reporting_org.trim().to_string()),
    );
    let organisations = with_all("All organisations", one_spelling);
    let mut flags = vec![
        (String::new(), "All".to_string()),
        (FlagChoice::Outside.value(), "Outside tolerance (above or below)".to_string()),
        (FlagChoice::NotComparable.value(), "Not comparable (any reason)".to_string()),
    ];
    flags.extend(FLAGS.iter().map(|f| (FlagChoice::Only(*f).value(), flag_label(*f).to_string())));

    let change = |apply: fn(&mut RowFilter, String)| {
        let (filter, on_change) = (props.filter.clone(), props.on_change.clone());
        move |target: Option<web_sys::EventTarget>| {
            let mut next = filter.clone();
            apply(&mut next, target_value(target));
            on_change.emit(next);
        }
    };
    let on_flag = change(|f, v| f.flag = FlagChoice::parse(&v));
    let on_sector = change(|f, v| f.sector = Some(v).filter(|v| !v.is_empty()));
    let on_org = change(|f, v| f.organisation = Some(v).filter(|v| !v.is_empty()));
    let on_area = change(|f, v| f.area_text = v);
    let filter = &props.filter;
    html! {
        <form class="inline filters harm-filters" aria-label="Filter the deviations" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <label>{"Flag"}
                <select id="harm-filter-flag" onchange={Callback::from(move |e: Event| on_flag(e.target()))}>
                    { options(&flags, &filter.flag.value()) }
                </select>
            </label>
            <label>{"Sector"}
                <select id="harm-filter-sector" onchange={Callback::from(move |e: Event| on_sector(e.target()))}>
                    { options(&sectors, filter.sector.as_deref().unwrap_or_default()) }
                </select>
            </label>
            <label>{"Organisation"}
                <select id="harm-filter-org" onchange={Callback::from(move |e: Event| on_org(e.target()))}>
                    { options(&organisations, filter.organisation.as_deref().unwrap_or_default()) }
                </select>
            </label>
            <label>{"Area code or name"}
                <input id="harm-filter-area" type="search" value={filter.area_text.clone()}
                    oninput={Callback::from(move |e: InputEvent| on_area(e.target()))} />
            </label>
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct DeviationsProps {
    pub report: Rc<HarmonisationReport>,
    pub names: Rc<AreaNames>,
    pub local: RowFilter,
    pub shared: RowFilter,
}

#[function_component(Deviations)]
pub fn deviations(props: &DeviationsProps) -> Html {
    let names = &props.names;
    let shown: Vec<&ActivityRow> = props
        .report
        .activities
        .iter()
        .filter(|r| props.local.accepts(r, names.name(&r.area)) && props.shared.accepts(r, names.name(&r.area)))
        .collect();
    let total = props.report.activities.len();
    html! {
        <section class="card" aria-labelledby="harm-deviations-title">
            <h2 id="harm-deviations-title">{"Deviations from the standards"}</h2>
            <p role="status" class="muted" id="harm-shown">
                { format!("Showing {} of {total} cash and voucher activities{}.", shown.len().min(MAX_ROWS), if shown.len() > MAX_ROWS { format!(" (first {MAX_ROWS} of {} matching; narrow the filters)", shown.len()) } else { String::new() }) }
            </p>
            if total > 0 {
                <div class="table-wrap" role="region" tabindex="0" aria-label="Deviations table (scrolls sideways)">
                <table id="harm-deviations">
                    <caption class="visually-hidden">{"Each cash and voucher activity's transfer value against the agreed standard, by activity id"}</caption>
                    <thead><tr>
                        <th scope="col">{"Organisation"}</th><th scope="col">{"Area"}</th><th scope="col">{"Sector"}</th>
                        <th scope="col">{"Modality"}</th>
                        <th scope="col" class="num">{"Value (normalised)"}</th><th scope="col" class="num">{"Recommended"}</th>
                        <th scope="col">{"Currency"}</th><th scope="col" class="num">{"Deviation"}</th><th scope="col">{"Flag"}</th>
                        <th scope="col" class="num">{"MEB coverage"}</th><th scope="col">{"Targeting criteria"}</th>
                    </tr></thead>
                    <tbody>
                    { for shown.iter().take(MAX_ROWS).map(|row| deviation_row(row, names)) }
                    </tbody>
                </table>
                </div>
            }
            { not_compared(&props.report, &props.shared) }
        </section>
    }
}

fn deviation_row(row: &ActivityRow, names: &AreaNames) -> Html {
    let basis = row.basis.as_ref();
    let conditionality = row.conditionality.map(|c| c.to_string()).unwrap_or_else(|| "—".into());
    html! {
        <tr data-activity={row.id.clone()}>
            <td>{ &row.reporting_org }</td>
            <td>{ names.describe(&row.area) }</td>
            <td>{ &row.sector }</td>
            <td>{ format!("{} · {conditionality}", row.modality) }</td>
            <td class="num harm-value">{ optional_money(row.normalised) }
                if let Some(basis) = basis { <span class="harm-basis">{ basis_label(basis) }</span> }
            </td>
            <td class="num harm-recommended">{ optional_money(row.recommended) }</td>
            <td>{ basis.map(|b| b.currency.clone()).unwrap_or_else(|| "—".into()) }</td>
            <td class="num harm-deviation">{ row.deviation_pct.map(signed_percent).unwrap_or_else(|| "—".into()) }</td>
            <td>{ flag_badge(row) }</td>
            <td class="num">{ row.meb_coverage_pct.map(|p| format!("{p} %")).unwrap_or_else(|| "—".into()) }</td>
            <td>{ targeting(row) }</td>
        </tr>
    }
}

/// The verdict in words, coloured and shaped by CSS, with advice for what is not compared.
pub fn flag_badge(row: &ActivityRow) -> Html {
    let code = flag_code(row.flag);
    html! {
        <>
        <span class={classes!("harm-flag", format!("harm-flag-{code}"))} data-flag={code} title={flag_advice(row.flag)}>{ flag_label(row.flag) }</span>
        { for row.extra_flags.iter().map(|extra| match extra {
            ExtraFlag::AboveMarket => html! { <span class="harm-flag harm-flag-market" data-flag="above-market">{"above market wage"}</span> },
        }) }
        if let Some(advice) = flag_advice(row.flag) { <span class="harm-advice">{ advice }</span> }
        </>
    }
}

fn targeting(row: &ActivityRow) -> Html {
    let Some(targeting) = &row.targeting else {
        return html! { <span class="muted">{"no agreed criteria"}</span> };
    };
    html! {
        <>
        { format!("similarity {}", targeting.similarity) }
        if !targeting.missing.is_empty() { <span class="harm-criteria">{ format!("missing: {}", targeting.missing.join("; ")) }</span> }
        if !targeting.extra.is_empty() { <span class="harm-criteria">{ format!("extra: {}", targeting.extra.join("; ")) }</span> }
        </>
    }
}

fn not_compared(report: &HarmonisationReport, shared: &RowFilter) -> Html {
    let matches_shared = |org: &str, sector: &str| {
        shared.sector.as_deref().is_none_or(|s| s.trim().eq_ignore_ascii_case(sector.trim()))
            && shared.organisation.as_deref().is_none_or(|o| o.trim().eq_ignore_ascii_case(org.trim()))
    };
    let mut by_reason: BTreeMap<NotComparedReason, Vec<String>> = BTreeMap::new();
    for item in report.not_compared.iter().filter(|n| matches_shared(&n.reporting_org, &n.sector)) {
        by_reason
            .entry(item.reason)
            .or_default()
            .push(format!("{} · {} · {}", item.reporting_org, item.sector, item.area));
    }
    if by_reason.is_empty() {
        return html! {};
    }
    html! {
        <div id="harm-not-compared">
            <h3 class="harm-subtitle">{"Not transfer values"}</h3>
            <ul>
            { for by_reason.iter().map(|(reason, items)| html! {
                <li>
                    <details>
                        <summary>{ format!("{} {} — {}", items.len(), if items.len() == 1 { "activity" } else { "activities" }, reason_label(*reason)) }</summary>
                        <ul>{ for items.iter().map(|i| html! { <li>{ i }</li> }) }</ul>
                    </details>
                </li>
            }) }
            </ul>
        </div>
    }
}
