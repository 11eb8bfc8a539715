//! The overview: totals, the gap matrix (areas × sectors), the worst gaps and what could
//! not be allocated, the transfer value flags and the overlaps — each linked to the rows
//! behind it.

use super::filtering::{harmonise_rows, narrowing_note, top_deviations, FlagCounts};
use super::harmonise::deviations::flag_badge;
use super::harmonise::view::{signed_percent, AreaNames};
use super::route::{Page, Route};
use super::state::PlanRef;
use crate::engine::coverage::{Band, Percent};
use crate::engine::gaps::{GapCell, GapReport};
use crate::engine::harmonise::{HarmonisationReport, OverlapGroup};
use crate::formats::reports::organisation_list;
use crate::model::Plan;
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

mod gap_matrix;
use crate::model::sorting;
use gap_matrix::GapMatrix;

#[derive(Properties, PartialEq)]
pub struct OverviewProps {
    pub plan: PlanRef,
    /// Of the activities the organisation and modality filters keep.
    pub report: Rc<GapReport>,
    /// Of the whole plan, at the deepest level (flags are judged on the whole plan).
    pub harmonisation: Rc<HarmonisationReport>,
    /// The overlaps the filters keep.
    pub overlaps: Rc<Vec<OverlapGroup>>,
    /// The sector filter shows only its column; the links keep every filter.
    pub route: Route,
}

/// Rows listed at most in each harmonisation card; the Harmonisation page has them all.
const CARD_ROWS: usize = 5;

/// The band as words and a colour class: colour is never the only carrier of meaning.
pub fn band_badge(band: Option<Band>, coverage: Option<Percent>) -> Html {
    let (class, label) = match band {
        Some(band) => (format!("band band-{}", band.label()), band.label()),
        None => ("band band-unknown".to_string(), "no PIN"),
    };
    let percent = coverage.map(|c| format!("{c} % ")).unwrap_or_default();
    html! { <span class={class}>{ format!("{percent}{label}") }</span> }
}

fn number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn optional(n: Option<u64>) -> String {
    n.map(number).unwrap_or_else(|| "—".into())
}

#[function_component(Overview)]
pub fn overview(props: &OverviewProps) -> Html {
    let selected = use_state(|| None::<usize>);
    // Flags are judged on the whole plan, then narrowed to the filters; an overlap needs both
    // partners, so it is kept when either side passes the organisation and modality filters.
    let (harmonisation, overlaps) = (&props.harmonisation, &props.overlaps);
    let names = use_memo(props.plan.clone(), |plan| AreaNames::of(plan));
    let filters = &props.route.filters;
    let harmonise_href = Route { page: Page::Harmonise, ..props.route.clone() }.to_hash();
    let report = &props.report;
    let partners: BTreeSet<String> = sorting::set_of(
        report
            .cells
            .iter()
            .flat_map(|c| &c.activities)
            .filter_map(|id| props.plan.activities.get(id))
            .filter(|a| a.data.status.counts_as_targeted())
            .map(|a| crate::model::rules::values::organisation_key(&a.data.reporting_org)),
    );
    let totals = &report.totals;
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |index: usize| selected.set(Some(index)))
    };
    let select = |index: usize| on_select.reform(move |_: MouseEvent| index);

    html! {
        <>
        if let Some(note) = narrowing_note(filters) {
            <p class="dash-note" role="status" id="dash-filter-note">
                { format!("{note}. People in need are not filtered: coverage is what these activities cover of the whole need.") }
            </p>
        }
        <section class="card" aria-labelledby="totals-title">
            <h2 id="totals-title">{ format!("Totals at admin level {}", report.level) }
                { report.period.as_ref().map(|p| format!(" — {p}")).unwrap_or_default() }</h2>
            if let Some(inter) = &totals.inter_sector {
                <dl class="totals" id="totals-inter-sector">
                    <div><dt>{"People in need (inter-sector)"}</dt><dd>{ number(inter.pin) }</dd></div>
                    <div><dt>{"Reached (largest sector per area)"}</dt><dd>{ number(inter.reached) }</dd></div>
                    <div><dt>{"Coverage"}</dt><dd>{ inter.coverage.map(|p| format!("{p} %")).unwrap_or_else(|| "—".into()) }</dd></div>
                    <div><dt>{"Gap"}</dt><dd>{ number(inter.gap) }</dd></div>
                </dl>
                <p class="muted" id="totals-basis">{ format!(
                    "Compared with the inter-sector people in need (people in need of at least one sector, counted once) of {} areas{}; people reached are counted once per area, by the sector that reached most. Below, the sums over sectors.",
                    inter.areas,
                    if inter.areas_without > 0 { format!(" ({} areas with activities have no inter-sector figure)", inter.areas_without) } else { String::new() }
                ) }</p>
            }
            <dl class="totals" id="totals">
                <div><dt>{ if totals.inter_sector.is_some() { "People in need (sum of sectors)" } else { "People in need" } }</dt><dd>{ number(totals.pin) }</dd></div>
                <div><dt>{"Targeted"}</dt><dd>{ number(totals.targeted) }</dd></div>
                <div><dt>{"Reached"}</dt><dd>{ number(totals.reached) }</dd></div>
                <div><dt>{"Coverage"}</dt><dd>{ Percent::of(totals.reached, totals.pin).map(|p| format!("{p} %")).unwrap_or_else(|| "—".into()) }</dd></div>
                <div><dt>{"Gap"}</dt><dd>{ number(totals.gap) }</dd></div>
                <div><dt>{"Partners"}</dt><dd>{ partners.len() }</dd></div>
            </dl>
            <p class="muted">{"Sums over areas and sectors: a person helped by two sectors counts twice. The gap matrix shows each sector on its own; multipurpose cash is measured against the inter-sector people in need where the plan has it."}</p>
        </section>

        <section class="card" aria-labelledby="matrix-title">
            <h2 id="matrix-title">{"Gap matrix: coverage of people in need"}</h2>
            if report.cells.is_empty() {
                <p class="muted">{"Nothing to show yet: add areas, people in need and activities, or import them."}</p>
            } else {
                <GapMatrix report={props.report.clone()} sector={filters.sector.clone()} selected={*selected} on_select={on_select.clone()} />
                <p class="muted">{"Bands: none = 0 %, low below 30 %, partial below 100 %, full = 100 %, over above 100 % (people probably counted twice). Select a cell to see the activities behind it; in the compact heat map a cell shows its band in words when it has the focus or the pointer."}</p>
            }
        </section>

        if let Some(cell) = selected.and_then(|i| report.cells.get(i)) {
            { cell_detail(cell, &props.plan, "cell-detail", false) }
        }

        <section class="card" aria-labelledby="worst-title">
            <h2 id="worst-title">{"Worst gaps"}</h2>
            if report.worst_gaps.is_empty() {
                <p class="muted">{"No gaps where people in need are known."}</p>
            } else {
                <ol id="worst-gaps">
                { for report.worst_gaps.iter().take(10).filter_map(|g| report.cells.get(g.cell).map(|c| (g, c))).map(|(gap, cell)| html! {
                    <li>
                        <button type="button" class="link" onclick={select(gap.cell)}>
                            { format!("{} ({}) — {}: gap of {} people", cell.area_name, cell.area, cell.sector_name.clone().unwrap_or_else(|| cell.sector.clone()), number(gap.gap)) }
                        </button>
                        { " " }{ band_badge(cell.band, cell.coverage) }
                        <span class="muted">{ format!(" · accountable: {}", cell.lead.clone().unwrap_or_else(|| "no lead set for this sector".into())) }</span>
                    </li>
                }) }
                </ol>
            }
        </section>

        { unallocated(report) }
        <div class="grid dash-cards">
            { transfer_card(harmonisation, &props.plan, &names, &props.route, &harmonise_href) }
            { overlaps_card(overlaps, &names, &harmonise_href) }
        </div>
        </>
    }
}

fn transfer_card(report: &HarmonisationReport, plan: &Plan, names: &AreaNames, route: &Route, href: &str) -> Html {
    let rows = harmonise_rows(report, plan, &route.filters);
    let counts = FlagCounts::of(&rows);
    let count = |n: usize, code: &'static str, words: &'static str| {
        html! {
            <li><span class={classes!("harm-flag", format!("harm-flag-{code}"))} data-flag={code}>{ format!("{n} {words}") }</span></li>
        }
    };
    let top = top_deviations(&rows, CARD_ROWS);
    html! {
        <section class="card" aria-labelledby="dash-transfer-title" id="dash-transfer">
            <h2 id="dash-transfer-title">{"Transfer values"}</h2>
            if rows.is_empty() {
                <p class="muted">{"No cash or voucher activity to compare with the agreed standards here."}</p>
            } else {
                <ul class="dash-flags" id="dash-flag-counts" aria-label="Cash and voucher activities by verdict">
                    { count(counts.within, "ok", "within tolerance") }
                    { count(counts.above, "above", "above tolerance") }
                    { count(counts.below, "below", "below tolerance") }
                    { count(counts.not_comparable, "no-standard", "not comparable") }
                </ul>
                if top.is_empty() {
                    <p class="muted">{"No activity deviates from its standard."}</p>
                } else {
                    <div class="table-wrap" role="region" tabindex="0" aria-label="Largest deviations (scrolls sideways)">
                    <table id="dash-deviations">
                        <caption>{"Largest deviations from the standards"}</caption>
                        <thead><tr><th scope="col">{"Organisation"}</th><th scope="col">{"Area"}</th><th scope="col">{"Sector"}</th>
                            <th scope="col" class="num">{"Deviation"}</th><th scope="col">{"Flag"}</th></tr></thead>
                        <tbody>
                        { for top.iter().map(|row| html! {
                            <tr data-activity={row.id.clone()}>
                                <td>{ &row.reporting_org }</td><td>{ names.describe(&row.area) }</td><td>{ &row.sector }</td>
                                <td class="num">{ row.deviation_pct.map(signed_percent).unwrap_or_else(|| "—".into()) }</td>
                                <td>{ flag_badge(row) }</td>
                            </tr>
                        }) }
                        </tbody>
                    </table>
                    </div>
                }
            }
            <p><a href={href.to_string()} id="dash-transfer-link">{"Every deviation on the Harmonisation page"}</a></p>
        </section>
    }
}

/// The areas and sectors where organisations overlap, those covering the largest share
/// of the need together first.
fn overlaps_card(groups: &[OverlapGroup], names: &AreaNames, href: &str) -> Html {
    let mut worst: Vec<&OverlapGroup> = groups.iter().collect();
    sorting::sort_by_key(&mut worst, |g| {
        (std::cmp::Reverse(g.combined_pct_of_need.map(|p| p.tenths())), std::cmp::Reverse(g.pairs))
    });
    html! {
        <section class="card" aria-labelledby="dash-overlaps-title" id="dash-overlaps">
            <h2 id="dash-overlaps-title">{ format!("Overlaps to discuss ({})", groups.len()) }</h2>
            if groups.is_empty() {
                <p class="muted">{"No two organisations work in the same area and sector at the same time."}</p>
            } else {
                <p class="muted">{"Areas and sectors where different organisations work at the same time, the largest share of need first."}</p>
                <ul>
                { for worst.iter().take(CARD_ROWS).map(|g| html! {
                    <li data-overlap={format!("{}|{}", g.area, g.sector)}>
                        <strong>{ organisation_list(&g.organisations) }</strong>
                        { format!(" · {} · {} · {} · targeted together {} of {} in need", names.describe(&g.area), g.sector, pairs_label(g.pairs),
                            optional(g.combined_targeted), optional(g.people_in_need)) }
                        { g.combined_pct_of_need.map(|p| format!(" ({p} %)")).unwrap_or_default() }
                    </li>
                }) }
                </ul>
                if groups.len() > CARD_ROWS {
                    <p class="muted">{ format!("And {} more areas and sectors.", groups.len() - CARD_ROWS) }</p>
                }
            }
            <p><a href={href.to_string()} id="dash-overlaps-link">{"Overlaps on the Harmonisation page"}</a></p>
        </section>
    }
}

/// "1 pair of activities", "12,400 pairs of activities".
pub fn pairs_label(pairs: u64) -> String {
    let noun = if pairs == 1 { "pair" } else { "pairs" };
    format!("{} {noun} of activities", number(pairs))
}

/// A cell of the gap matrix with its activities: what selecting a cell (or a map area) shows.
/// `id` names the card (its title is `{id}-title`), since the map may show several, under
/// its own heading when `nested`.
pub fn cell_detail(cell: &GapCell, plan: &PlanRef, id: &str, nested: bool) -> Html {
    let title = format!(
        "{} ({}) — {}",
        cell.area_name,
        cell.area,
        cell.sector_name.clone().unwrap_or_else(|| cell.sector.clone())
    );
    let title_id = format!("{id}-title");
    html! {
        <section class="card" aria-labelledby={title_id.clone()} id={id.to_string()}>
            if nested { <h3 id={title_id}>{ title }</h3> } else { <h2 id={title_id}>{ title }</h2> }
            if let Some(reference) = &cell.measured_against {
                <p class="muted">{ format!("People in need here are the {reference} figure (inter-sector people in need): no sector figure is recorded for {}.", cell.sector) }</p>
            }
            <p>
                { format!("People in need {} · targeted {} · reached {} · gap {} · planned gap {} · {} organisations",
                    optional(cell.pin), number(cell.targeted), number(cell.reached), optional(cell.gap), optional(cell.planned_gap), cell.organisations) }
                { " · " }{ band_badge(cell.band, cell.coverage) }
            </p>
            <p class="muted">{ format!("Sector lead (provider of last resort): {}", cell.lead.clone().unwrap_or_else(|| "not set".into())) }</p>
            // Six columns do not fit a 360 px phone: the table scrolls in its own region.
            <div class="table-wrap" role="region" tabindex="0" aria-label={format!("Activities in {} — {} (scrolls sideways)", cell.area_name, cell.sector)}>
            <table>
                <thead><tr><th scope="col">{"Organisation"}</th><th scope="col">{"Area"}</th><th scope="col">{"What"}</th><th scope="col">{"Status"}</th><th scope="col" class="num">{"Targeted"}</th><th scope="col" class="num">{"Reached"}</th></tr></thead>
                <tbody>
                { for cell.activities.iter().filter_map(|id| plan.activities.get(id)).map(|r| { let a = &r.data; html! {
                    <tr><td>{ &a.reporting_org }</td><td>{ &a.area }</td><td>{ &a.description }</td><td>{ a.status.to_string() }</td>
                        <td class="num">{ optional(a.targeted) }</td><td class="num">{ optional(a.reached) }</td></tr>
                } }) }
                </tbody>
            </table>
            </div>
        </section>
    }
}

fn unallocated(report: &GapReport) -> Html {
    let left = report.unallocated_activities.iter().chain(&report.unknown_area_activities).collect::<Vec<_>>();
    let needs = report.unallocated_needs.iter().chain(&report.unknown_area_needs).collect::<Vec<_>>();
    if left.is_empty() && needs.is_empty() {
        return html! {};
    }
    html! {
        <section class="card" aria-labelledby="unallocated-title" id="unallocated">
            <h2 id="unallocated-title">{ format!("Not allocated at admin level {} ({} activities, {} needs)", report.level, left.len(), needs.len()) }</h2>
            <p class="muted">{"These records are counted nowhere in the matrix: reported above this admin level, or with a P-code that is not in the plan. Their people are not lost — fix the area or analyse at a higher level."}</p>
            <ul>
            { for left.iter().map(|a| html! {
                <li>{ format!("{} · {} · {} · targeted {}, reached {} — {}", a.org, a.sector, a.area, number(a.targeted), number(a.reached), reason(a.reason)) }</li>
            }) }
            { for needs.iter().map(|n| html! {
                <li>{ format!("Need {} · {} · {} people in need — {}", n.area, n.sector, number(n.pin), reason(n.reason)) }</li>
            }) }
            </ul>
        </section>
    }
}

fn reason(reason: crate::engine::gaps::Unplaced) -> &'static str {
    use crate::engine::gaps::Unplaced;
    match reason {
        Unplaced::UnknownArea => "P-code not in the plan",
        Unplaced::AboveLevel => "reported above this admin level",
        Unplaced::NoAncestorAtLevel => "its area has no parent at this level",
    }
}
