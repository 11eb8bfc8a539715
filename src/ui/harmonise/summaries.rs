//! The two lists a coordinator takes to the Cash Working Group meeting: how far values
//! spread per area and sector, and which partners overlap in the same place and time.

use super::view::{basis_label, money, AreaNames, RowFilter};
use crate::engine::harmonise::{HarmonisationReport, OverlapSide};
use crate::model::IsoDate;
use yew::prelude::*;

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn people(n: Option<u64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_else(|| "—".into())
}

/// Per (area at the report level, sector, basis): partners, spread and agreement.
pub fn group_table(report: &HarmonisationReport, shared: &RowFilter) -> Html {
    let groups: Vec<_> = report.groups.iter().filter(|g| shared.sector.as_deref().is_none_or(|s| same(s, &g.sector))).collect();
    let level = report.level.map(|l| format!("admin level {l}")).unwrap_or_else(|| "no admin level".into());
    html! {
        <section class="card" aria-labelledby="harm-groups-title">
            <h2 id="harm-groups-title">{ format!("Values per area ({level}) and sector") }</h2>
            if groups.is_empty() {
                <p class="muted">{"No compared activity can be placed in an area at this level. Choose another admin level above, or add standards so activities are compared."}</p>
            } else {
                <div class="table-wrap" role="region" tabindex="0" aria-label="Values per area table (scrolls sideways)">
                <table id="harm-groups">
                    <caption class="visually-hidden">{ format!("Spread of normalised transfer values per area at {level} and sector") }</caption>
                    <thead><tr>
                        <th scope="col">{"Area"}</th><th scope="col">{"Sector"}</th><th scope="col">{"Counted in"}</th>
                        <th scope="col" class="num">{"Partners"}</th><th scope="col" class="num">{"Activities"}</th>
                        <th scope="col" class="num">{"Min"}</th><th scope="col" class="num">{"Median"}</th><th scope="col" class="num">{"Max"}</th>
                        <th scope="col" class="num" title="Standard deviation divided by the mean: 0 means everyone pays the same">{"Variation (CV)"}</th>
                        <th scope="col" class="num">{"Within tolerance"}</th>
                    </tr></thead>
                    <tbody>
                    { for groups.iter().map(|g| html! {
                        <tr data-group={format!("{}|{}", g.area, g.sector)}>
                            <th scope="row">{ format!("{} ({})", g.area_name, g.area) }</th>
                            <td>{ &g.sector }</td>
                            <td>{ format!("{} {}", g.basis.currency, basis_label(&g.basis)) }</td>
                            <td class="num">{ g.partners }</td><td class="num">{ g.activities }</td>
                            <td class="num">{ money(g.min) }</td><td class="num">{ money(g.median) }</td><td class="num">{ money(g.max) }</td>
                            <td class="num">{ g.variation.map(|v| v.to_string()).unwrap_or_else(|| "—".into()) }</td>
                            <td class="num">{ g.within_tolerance_pct.map(|p| format!("{p} %")).unwrap_or_else(|| "—".into()) }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
                </div>
                <p class="muted">{"Values in different units, periods or currencies are never pooled. Variation (coefficient of variation) near 0 means partners pay alike."}</p>
            }
        </section>
    }
}

fn period(from: Option<IsoDate>, to: Option<IsoDate>) -> String {
    let end = |d: Option<IsoDate>, open: &str| d.map(|d| d.to_string()).unwrap_or_else(|| open.to_string());
    format!("{} to {}", end(from, "open start"), end(to, "open end"))
}

fn side(side: &OverlapSide) -> Html {
    let modality = side.modality.map(|m| m.to_string()).unwrap_or_else(|| "modality not given".into());
    html! {
        <>
        <strong>{ &side.reporting_org }</strong>
        <span class="harm-basis">{ format!("{modality} · {} · targeted {}", period(side.start, side.end), people(side.targeted)) }</span>
        </>
    }
}

/// Pairs of activities by different organisations in the same area and sector whose dates
/// overlap, with their combined target against the people in need.
pub fn overlap_table(report: &HarmonisationReport, names: &AreaNames, shared: &RowFilter) -> Html {
    let overlaps: Vec<_> = report
        .overlaps
        .iter()
        .filter(|o| shared.sector.as_deref().is_none_or(|s| same(s, &o.sector)))
        .filter(|o| {
            shared.organisation.as_deref().is_none_or(|org| same(org, &o.first.reporting_org) || same(org, &o.second.reporting_org))
        })
        .collect();
    html! {
        <section class="card" aria-labelledby="harm-overlaps-title">
            <h2 id="harm-overlaps-title">{ format!("Overlaps to discuss ({})", overlaps.len()) }</h2>
            if overlaps.is_empty() {
                <p class="muted" id="harm-no-overlaps">{"No two organisations work in the same area and sector at the same time."}</p>
            } else {
                <p class="muted">{"Activities of different organisations in the same area and sector whose dates overlap (a missing date is open): check that households are not served twice."}</p>
                <div class="table-wrap" role="region" tabindex="0" aria-label="Overlaps table (scrolls sideways)">
                <table id="harm-overlaps">
                    <caption class="visually-hidden">{"Overlapping activities by area and sector"}</caption>
                    <thead><tr>
                        <th scope="col">{"Area"}</th><th scope="col">{"Sector"}</th><th scope="col">{"First"}</th><th scope="col">{"Second"}</th>
                        <th scope="col">{"Shared period"}</th><th scope="col" class="num">{"Targeted together"}</th>
                        <th scope="col" class="num">{"People in need"}</th><th scope="col" class="num">{"Share of need"}</th>
                    </tr></thead>
                    <tbody>
                    { for overlaps.iter().map(|o| html! {
                        <tr data-overlap={format!("{}|{}", o.first.id, o.second.id)}>
                            <th scope="row">{ names.describe(&o.area) }</th>
                            <td>{ &o.sector }</td>
                            <td>{ side(&o.first) }</td>
                            <td>{ side(&o.second) }</td>
                            <td>{ period(o.from, o.to) }</td>
                            <td class="num">{ people(o.combined_targeted) }</td>
                            <td class="num">{ people(o.people_in_need) }</td>
                            <td class="num">{ o.combined_pct_of_need.map(|p| format!("{p} %")).unwrap_or_else(|| "—".into()) }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
                </div>
            }
        </section>
    }
}
