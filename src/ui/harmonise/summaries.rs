//! How far transfer values spread per area and sector, the list a coordinator takes to the
//! Cash Working Group meeting beside the overlaps (`overlap_list`).

use super::view::{basis_label, money, RowFilter};
use crate::engine::harmonise::HarmonisationReport;
use yew::prelude::*;

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Per (area at the report level, sector, basis): partners, spread and agreement.
pub fn group_table(report: &HarmonisationReport, shared: &RowFilter) -> Html {
    let groups: Vec<_> =
        report.groups.iter().filter(|g| shared.sector.as_deref().is_none_or(|s| same(s, &g.sector))).collect();
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
