//! The overlaps to take to the meeting: one row per area and sector where organisations
//! work at the same time, each opening onto its pairs of activities, and the two exports.
//!
//! A busy plan has millions of pairs, so the page never lists them all: a group shows its
//! first pairs, and the pairs export refuses what no spreadsheet could open.

use super::view::AreaNames;
use crate::engine::harmonise::{overlap_pairs_in, overlaps_in, Overlap, OverlapGroup, OverlapSide};
use crate::formats::planfile::slug;
use crate::formats::reports::{organisation_list, overlap_groups_hxl, overlaps_hxl};
use crate::model::IsoDate;
use crate::ui::filtering::with_overlap_scope;
use crate::ui::overview::pairs_label;
use crate::ui::route::Filters;
use crate::ui::state::{Action, Notice, PlanRef};
use yew::prelude::*;

/// Pairs listed under an opened group; the export has them all.
const PAIR_ROWS: usize = 50;
/// More pairs than this make a file no spreadsheet opens.
const MAX_EXPORTED_PAIRS: u64 = 200_000;

#[derive(Properties, PartialEq)]
pub struct OverlapListProps {
    pub plan: PlanRef,
    /// The overlaps per area and sector the filters keep (from the page's analyses).
    pub groups: std::rc::Rc<Vec<OverlapGroup>>,
    /// The sector and organisation filters of the page.
    pub filters: Filters,
    pub dispatch: Callback<Action>,
}

fn people(n: Option<u64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_else(|| "—".into())
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

fn group_key(group: &OverlapGroup) -> String {
    format!("{}|{}", group.area, group.sector)
}

#[function_component(OverlapList)]
pub fn overlap_list(props: &OverlapListProps) -> Html {
    let groups = props.groups.clone();
    let names = use_memo(props.plan.clone(), |plan| AreaNames::of(plan));
    let open = use_state(|| None::<String>);
    let export = |pairs: bool| {
        let (plan, filters, groups, dispatch) =
            (props.plan.clone(), props.filters.clone(), groups.clone(), props.dispatch.clone());
        Callback::from(move |_| {
            let total: u64 = groups.iter().map(|g| g.pairs).sum();
            let (name, text) = if !pairs {
                (format!("{}-overlaps-by-area.csv", slug(&plan.name)), overlap_groups_hxl(&groups, &plan))
            } else if total > MAX_EXPORTED_PAIRS {
                dispatch.emit(Action::Notify(Notice::error(format!(
                    "{total} pairs of activities are too many for one file. Choose a sector or an organisation above to narrow them, export the overlaps by area, or run `cashplan overlaps` on an exported plan file."
                ))));
                return;
            } else {
                let found = with_overlap_scope(&filters, |scope| overlaps_in(&plan, scope));
                (format!("{}-overlaps.csv", slug(&plan.name)), overlaps_hxl(&found, &plan))
            };
            dispatch.emit(Action::Offer(crate::ui::effects::Download::csv(name, text)));
        })
    };
    let toggle = |key: String| {
        let open = open.clone();
        Callback::from(move |_| open.set(if open.as_deref() == Some(key.as_str()) { None } else { Some(key.clone()) }))
    };
    let pairs_of = |group: &OverlapGroup| -> Html {
        let (pairs, total) = with_overlap_scope(&props.filters, |scope| {
            overlap_pairs_in(&props.plan, &group.area, &group.sector, scope, PAIR_ROWS)
        });
        pair_table(group, &pairs, total)
    };

    html! {
        <section class="card" aria-labelledby="harm-overlaps-title">
            <h2 id="harm-overlaps-title">{ format!("Overlaps to discuss ({})", groups.len()) }</h2>
            if groups.is_empty() {
                <p class="muted" id="harm-no-overlaps">{"No two organisations work in the same area and sector at the same time."}</p>
            } else {
                <p class="muted">{"Areas and sectors where activities of different organisations have overlapping dates (a missing date is open): check that households are not served twice. Open a row to see the pairs of activities."}</p>
                <p>
                    <button type="button" id="export-overlaps" onclick={export(false)}>{"Export overlaps by area (HXL CSV)"}</button>
                    { " " }
                    <button type="button" id="export-overlap-pairs" onclick={export(true)}>{"Export every pair (HXL CSV)"}</button>
                </p>
                <div class="table-wrap" role="region" tabindex="0" aria-label="Overlaps table (scrolls sideways)">
                <table id="harm-overlaps">
                    <caption class="visually-hidden">{"Overlapping activities by area and sector"}</caption>
                    <thead><tr>
                        <th scope="col">{"Area"}</th><th scope="col">{"Sector"}</th><th scope="col">{"Organisations"}</th>
                        <th scope="col" class="num">{"Activities"}</th><th scope="col">{"Shared days"}</th>
                        <th scope="col" class="num">{"Targeted together"}</th><th scope="col" class="num">{"People in need"}</th>
                        <th scope="col" class="num">{"Share of need"}</th><th scope="col">{"Pairs"}</th>
                    </tr></thead>
                    { for groups.iter().map(|g| {
                        let key = group_key(g);
                        let is_open = open.as_deref() == Some(key.as_str());
                        let panel = format!("overlap-pairs-{}", slug(&key));
                        let toggle_text = format!("{} {}", if is_open { "Hide" } else { "Show" }, pairs_label(g.pairs));
                        html! {
                        <tbody data-overlap-group={key.clone()}>
                            <tr>
                                <th scope="row">{ names.describe(&g.area) }</th>
                                <td>{ &g.sector }</td>
                                <td>{ organisation_list(&g.organisations) }</td>
                                <td class="num">{ g.activities.len() }</td>
                                <td>{ period(g.from, g.to) }</td>
                                <td class="num">{ people(g.combined_targeted) }</td>
                                <td class="num">{ people(g.people_in_need) }</td>
                                <td class="num">{ g.combined_pct_of_need.map(|p| format!("{p} %")).unwrap_or_else(|| "—".into()) }</td>
                                <td>
                                    // The spoken name adds the row's area and sector to the visible words.
                                    <button type="button" class="link" aria-expanded={is_open.to_string()} aria-controls={panel.clone()} onclick={toggle(key.clone())}
                                        aria-label={format!("{toggle_text} in {} {}", names.describe(&g.area), g.sector)}>
                                        { toggle_text.clone() }
                                    </button>
                                </td>
                            </tr>
                            if is_open {
                                <tr class="overlap-pairs" id={panel}><td colspan="9">{ pairs_of(g) }</td></tr>
                            }
                        </tbody>
                    }}) }
                </table>
                </div>
            }
        </section>
    }
}

fn pair_table(group: &OverlapGroup, pairs: &[Overlap], total: u64) -> Html {
    html! {
        <>
        <table class="pair-table">
            <caption>{ format!("Pairs of activities in {} {}", group.area, group.sector) }</caption>
            <thead><tr>
                <th scope="col">{"First"}</th><th scope="col">{"Second"}</th><th scope="col">{"Shared period"}</th>
                <th scope="col" class="num">{"Targeted together"}</th><th scope="col" class="num">{"Share of need"}</th>
            </tr></thead>
            <tbody>
            { for pairs.iter().map(|o| html! {
                <tr data-overlap={format!("{}|{}", o.first.id, o.second.id)}>
                    <td>{ side(&o.first) }</td>
                    <td>{ side(&o.second) }</td>
                    <td>{ period(o.from, o.to) }</td>
                    <td class="num">{ people(o.combined_targeted) }</td>
                    <td class="num">{ o.combined_pct_of_need.map(|p| format!("{p} %")).unwrap_or_else(|| "—".into()) }</td>
                </tr>
            }) }
            </tbody>
        </table>
        if total > pairs.len() as u64 {
            <p class="muted">{ format!("Showing {} of {total} pairs; “Export every pair” has them all.", pairs.len()) }</p>
        }
        </>
    }
}
