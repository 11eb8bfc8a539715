//! The open plan: page tabs, the filters shared by every page, and the page itself.

use super::app::StateRef;
use super::data_page::DataPage;
use super::filtering::{modalities, modality_label, reporting_orgs};
use super::harmonise::deviations::options;
use super::import_page::ImportPage;
use super::map_page::{MapCard, MapPage};
use super::overview::Overview;
use super::route::{Filters, Page, Route};
use super::state::{Action, PlanRef};
use crate::engine::areas::AreaIndex;
use crate::engine::gaps::default_level;
use crate::model::{Modality, Month, Vocabulary};
use yew::prelude::*;

/// How a filter control changes the filters with the value chosen.
type FilterChange = Box<dyn Fn(&mut Filters, String)>;

#[derive(Properties, PartialEq)]
pub struct PlanPageProps {
    pub plan: PlanRef,
    pub state: StateRef,
    pub dispatch: Callback<Action>,
}

#[function_component(PlanPage)]
pub fn plan_page(props: &PlanPageProps) -> Html {
    let route = &props.state.route;
    let filters = route.filters.clone();
    let analyses = props.state.shown_analyses().cloned();
    let deepest = use_memo(props.plan.clone(), |plan| default_level(plan, &AreaIndex::new(plan)));
    let navigate = |change: FilterChange| {
        let (dispatch, route) = (props.dispatch.clone(), route.clone());
        Callback::from(move |event: Event| {
            let Some(value) = event_value(&event) else { return };
            let mut next = route.clone();
            change(&mut next.filters, value);
            dispatch.emit(Action::Navigate(next));
        })
    };
    let on_level = navigate(Box::new(|f, v| f.level = v.parse().ok()));
    let on_period = navigate(Box::new(|f, v| f.period = Month::parse(&v)));
    let on_sector = navigate(Box::new(|f, v| f.sector = Some(v).filter(|s| !s.is_empty())));
    let on_org = navigate(Box::new(|f, v| f.organisation = Some(v).filter(|s| !s.is_empty())));
    let on_modality = navigate(Box::new(|f, v| f.modality = Modality::parse_loose(&v)));
    let on_clear = {
        let (dispatch, route) = (props.dispatch.clone(), route.clone());
        Callback::from(move |_| dispatch.emit(Action::Navigate(Route { filters: Filters::default(), ..route.clone() })))
    };
    let sectors: Vec<String> = props.plan.sectors.live().map(|r| r.data.code.clone()).collect();
    let mut organisations = reporting_orgs(&props.plan);
    // A bookmarked organisation no longer in the plan still shows as chosen, so it can be cleared.
    if let Some(chosen) = &filters.organisation {
        if !organisations.iter().any(|o| o.eq_ignore_ascii_case(chosen.trim())) {
            organisations.push(chosen.clone());
        }
    }
    let chosen_org = filters.organisation.as_deref().map(str::trim).unwrap_or_default();
    let org_choices: Vec<(String, String)> = std::iter::once((String::new(), "All organisations".to_string()))
        .chain(organisations.iter().map(|o| (o.clone(), o.clone())))
        .collect();
    let chosen_org_value = org_choices
        .iter()
        .map(|(v, _)| v.as_str())
        .find(|v| v.eq_ignore_ascii_case(chosen_org))
        .unwrap_or_default()
        .to_string();
    let modality_choices: Vec<(String, String)> = std::iter::once((String::new(), "All modalities".to_string()))
        .chain(modalities().into_iter().map(|m| (m.code().to_string(), modality_label(m))))
        .collect();
    let chosen_modality = filters.modality.map(|m| m.code()).unwrap_or_default();

    html! {
        <>
        <nav class="tabs" aria-label="Plan pages">
            { for Page::ALL.iter().map(|page| {
                let mut target = route.clone();
                target.page = *page;
                let current = route.page == *page;
                html! { <a href={target.to_hash()} aria-current={current.then_some("page")}>{ page.title() }</a> }
            }) }
        </nav>
        <form class="inline filters" aria-label="Filters" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <label>{"Admin level"}
                <select id="filter-level" onchange={on_level}>
                    { level_option(None, filters.level, &format!("Deepest with needs ({})", *deepest)) }
                    { for (1..=4).map(|l| level_option(Some(l), filters.level, &format!("Admin {l}"))) }
                </select>
            </label>
            <label>{"Month"}
                <input type="month" id="filter-period" value={filters.period.map(|p| p.to_string()).unwrap_or_default()} onchange={on_period} />
            </label>
            <label>{"Sector"}
                <select id="filter-sector" onchange={on_sector}>
                    if filters.sector.is_none() { <option value="" selected=true>{"All sectors"}</option> } else { <option value="">{"All sectors"}</option> }
                    { for sectors.iter().map(|s| if filters.sector.as_deref() == Some(s.as_str()) {
                        html! { <option value={s.clone()} selected=true>{ s }</option> }
                    } else {
                        html! { <option value={s.clone()}>{ s }</option> }
                    }) }
                </select>
            </label>
            <label>{"Organisation"}
                <select id="filter-org" onchange={on_org}>{ options(&org_choices, &chosen_org_value) }</select>
            </label>
            <label>{"Modality"}
                <select id="filter-modality" onchange={on_modality}>{ options(&modality_choices, chosen_modality) }</select>
            </label>
            <button type="button" id="filter-clear" class="dash-clear" onclick={on_clear}
                disabled={filters == Filters::default()}>{"Clear filters"}</button>
        </form>
        { match route.page {
            Page::Overview => match analyses.as_ref().and_then(|a| Some((a.overview_gaps()?, a.harmonisation.clone()?, a.overlaps.clone()?))) {
                Some((report, harmonisation, overlaps)) => html! {
                    <>
                    <Overview plan={props.plan.clone()} {report} {harmonisation} {overlaps} route={route.clone()} />
                    if let Some(map) = analyses.as_ref().and_then(|a| a.map.clone()) {
                        <MapCard plan={props.plan.clone()} route={route.clone()} {map} drawing={props.state.map.drawing_for(Page::Overview)} focus={props.state.map.focus.clone()} dispatch={props.dispatch.clone()} />
                    }
                    </>
                },
                None => analysing(),
            },
            Page::Map => {
                // Until the figures for new filters answer, the last map stays, marked as updating.
                let (map, updating) = match &analyses {
                    Some(shown) => (shown.map.clone(), false),
                    None => (props.state.last_map_of(Page::Map), true),
                };
                html! {
                    <MapPage plan={props.plan.clone()} route={route.clone()} {map} {updating}
                        drawing={props.state.map.drawing_for(Page::Map)} focus={props.state.map.focus.clone()} dispatch={props.dispatch.clone()} />
                }
            }
            Page::Data => html! { <DataPage plan={props.plan.clone()} route={route.clone()} dispatch={props.dispatch.clone()} /> },
            Page::Import => html! {
                <ImportPage plan={props.plan.clone()} report={analyses.as_ref().and_then(|a| a.gaps.clone())}
                    hxl={props.state.hxl.clone()} incoming={props.state.incoming.clone()} sheet={props.state.sheet.clone()}
                    boundaries={props.state.map.import.clone()} boundary_plans={props.state.boundary_plans()}
                    protect={props.state.protect} dispatch={props.dispatch.clone()} />
            },
            Page::Rounds => html! {
                <super::rounds_page::RoundsPage plan={props.plan.clone()} rounds={props.state.rounds.clone()}
                    sheet={props.state.sheet.clone()} dispatch={props.dispatch.clone()} />
            },
            Page::Harmonise => match analyses.as_ref().and_then(|a| Some((a.harmonisation.clone()?, a.overlaps.clone()?))) {
                Some((report, overlaps)) => html! {
                    <super::harmonise_page::HarmonisePage plan={props.plan.clone()} {report} {overlaps} filters={filters.clone()} dispatch={props.dispatch.clone()} />
                },
                None => analysing(),
            },
        } }
        </>
    }
}

/// Shown while the first analysis of a page runs (a plan of 100k activities takes a moment).
fn analysing() -> Html {
    html! { <p class="muted" role="status" id="analysing">{"Analysing the plan…"}</p> }
}

fn level_option(level: Option<u8>, chosen: Option<u8>, text: &str) -> Html {
    let value = level.map(|l| l.to_string()).unwrap_or_default();
    if level == chosen {
        html! { <option value={value} selected=true>{ text }</option> }
    } else {
        html! { <option value={value}>{ text }</option> }
    }
}

fn event_value(event: &Event) -> Option<String> {
    use wasm_bindgen::JsCast;
    let target = event.target()?;
    if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        return Some(input.value());
    }
    target.dyn_ref::<web_sys::HtmlSelectElement>().map(|s| s.value())
}
