//! The gap matrix (areas × sectors), readable at admin 3 with hundreds of rows: ordered by
//! area or by gap, quiet areas (no need, no activity in the sectors shown) folded away, and
//! a compact heat map whose cells show their band in words on focus or hover.

use super::{band_badge, number};
use crate::engine::gaps::{GapCell, GapReport};
use crate::model::sorting;
use crate::ui::gap_rows::{matrix_rows, RowOrder};
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GapMatrixProps {
    pub report: Rc<GapReport>,
    /// The sector filter: only its column is shown.
    pub sector: Option<String>,
    /// The cell whose activities are listed below, by its position in the report.
    pub selected: Option<usize>,
    pub on_select: Callback<usize>,
}

/// What a cell says in words: "12.5 % low", "no PIN".
fn cell_words(cell: &GapCell) -> String {
    let band = cell.band.map_or("no PIN", |b| b.label());
    cell.coverage.map(|c| format!("{c} % {band}")).unwrap_or_else(|| band.to_string())
}

/// A cell button's name: its visible words first (what a speech-input user says to press
/// it), then where it is and what it does.
fn label(cell: &GapCell, words: &str) -> String {
    let reached = if cell.coverage.is_none() { format!(", {} reached", number(cell.reached)) } else { String::new() };
    let against = cell.measured_against.as_ref().map(|m| format!(" (of the {m} people in need)")).unwrap_or_default();
    format!("{words}{against} — {} {}{reached}: show activities", cell.area_name, cell.sector)
}

#[function_component(GapMatrix)]
pub fn gap_matrix(props: &GapMatrixProps) -> Html {
    let order = use_state(RowOrder::default);
    let compact = use_state(|| false);
    let show_quiet = use_state(|| false);
    let report = &props.report;
    let shown = |s: &str| props.sector.as_deref().is_none_or(|only| only.eq_ignore_ascii_case(s));
    let sectors: BTreeSet<&str> = sorting::set_of(report.cells.iter().map(|c| c.sector.as_str()).filter(|s| shown(s)));
    let cell_at: HashMap<(&str, &str), usize> =
        report.cells.iter().enumerate().map(|(i, c)| ((c.area.as_str(), c.sector.as_str()), i)).collect();
    let rows = matrix_rows(report, &shown, *order);
    let quiet = rows.iter().filter(|r| r.quiet).count();

    let sort_button = |title: &'static str, first: RowOrder, second: Option<RowOrder>| {
        let on = *order == first || Some(*order) == second;
        let next = if *order == first { second.unwrap_or(first) } else { first };
        let aria = match *order {
            RowOrder::Area if on => Some("ascending"),
            RowOrder::GapLargestFirst if on => Some("descending"),
            RowOrder::GapSmallestFirst if on => Some("ascending"),
            _ => None,
        };
        let arrow = aria.map_or("", |a| if a == "ascending" { " ▲" } else { " ▼" });
        let order = order.clone();
        (
            aria,
            html! {
                <button type="button" class="tbl-sort" onclick={move |_| order.set(next)}>{ title }<span aria-hidden="true">{ arrow }</span></button>
            },
        )
    };
    let (area_sort, area_button) = sort_button("Area", RowOrder::Area, None);
    let (gap_sort, gap_button) = sort_button("Gap", RowOrder::GapLargestFirst, Some(RowOrder::GapSmallestFirst));
    let toggle = |state: &UseStateHandle<bool>| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.set(!*state))
    };

    html! {
        <>
        <div class="gap-tools">
            <button type="button" id="gap-compact" aria-pressed={compact.to_string()} onclick={toggle(&compact)}>{"Compact heat map"}</button>
            if quiet > 0 {
                <button type="button" id="gap-quiet" aria-expanded={show_quiet.to_string()} aria-controls="gap-matrix" onclick={toggle(&show_quiet)}>
                    { format!("{} {} {} without people in need or activities", if *show_quiet { "Hide" } else { "Show" }, number(quiet as u64), if quiet == 1 { "area" } else { "areas" }) }
                </button>
            }
        </div>
        <div class="table-wrap" role="region" tabindex="0" aria-label="Gap matrix table (scrolls)">
        <table id="gap-matrix" class={classes!((*compact).then_some("gap-compact"))}>
            <thead><tr>
                <th scope="col" aria-sort={area_sort}>{ area_button }</th>
                { for sectors.iter().map(|s| html! { <th scope="col">{ *s }</th> }) }
                <th scope="col" class="num" aria-sort={gap_sort} title="People in need not reached, summed over the sectors shown">{ gap_button }</th>
                <th scope="col" class="num" title="Sum of sectors (upper bound) / largest sector (lower bound)">{"Reached: sum / max"}</th>
            </tr></thead>
            <tbody>
            { for rows.iter().filter(|r| *show_quiet || !r.quiet).filter_map(|r| report.areas.get(r.area).map(|a| (r, a))).map(|(row, area)| html! {
                <tr key={area.area.clone()} class={classes!(row.quiet.then_some("gap-quiet"))}>
                    <th scope="row">{ format!("{} {}", area.area_name, area.area) }</th>
                    { for sectors.iter().map(|sector| match cell_at.get(&(area.area.as_str(), *sector)).and_then(|&i| report.cells.get(i).map(|c| (i, c))) {
                        Some((index, cell)) => {
                            let words = cell_words(cell);
                            let band = cell.band.map_or("unknown", |b| b.label());
                            html! { <td>
                                <button type="button" class={classes!("cell", (*compact).then(|| format!("heat heat-{band}")))}
                                    data-cell={format!("{}|{}", cell.area, cell.sector)}
                                    aria-pressed={(props.selected == Some(index)).to_string()}
                                    aria-label={label(cell, &words)}
                                    onclick={props.on_select.reform(move |_| index)}>
                                    if *compact {
                                        <span class="heat-words">{ words }</span>
                                    } else {
                                        { band_badge(cell.band, cell.coverage) }
                                    }
                                </button>
                            </td> }
                        }
                        None => html! { <td class="muted">{"—"}</td> },
                    }) }
                    <td class="num">{ number(row.gap) }</td>
                    <td class="num">{ format!("{} / {}", number(area.reached.sum), number(area.reached.max)) }</td>
                </tr>
            }) }
            </tbody>
        </table>
        </div>
        </>
    }
}
