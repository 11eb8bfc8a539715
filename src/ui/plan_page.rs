//! The open plan: page tabs, the filters shared by every page, and the page itself.

use super::data_page::DataPage;
use super::import_page::ImportPage;
use super::overview::{report_for, Overview};
use super::route::{Filters, Page, Route};
use super::state::{Action, PlanRef};
use crate::model::Month;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlanPageProps {
    pub plan: PlanRef,
    pub route: Route,
    pub dispatch: Callback<Action>,
    pub on_export: Callback<()>,
}

#[function_component(PlanPage)]
pub fn plan_page(props: &PlanPageProps) -> Html {
    let filters = props.route.filters.clone();
    // Re-analysed only when the plan or the filters change: typing elsewhere stays quick.
    let report = {
        let plan = props.plan.clone();
        use_memo((plan, filters.level, filters.period), |(plan, level, period)| report_for(plan, *level, *period))
    };
    let navigate = |change: Box<dyn Fn(&mut Filters, String)>| {
        let (dispatch, route) = (props.dispatch.clone(), props.route.clone());
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
    let sectors: Vec<String> = props.plan.sectors.live().map(|r| r.data.code.clone()).collect();

    html! {
        <>
        <nav class="tabs" aria-label="Plan pages">
            { for Page::ALL.iter().map(|page| {
                let mut target = props.route.clone();
                target.page = *page;
                let current = props.route.page == *page;
                html! { <a href={target.to_hash()} aria-current={current.then_some("page")}>{ page.title() }</a> }
            }) }
        </nav>
        <form class="inline filters" aria-label="Filters" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <label>{"Admin level"}
                <select id="filter-level" onchange={on_level}>
                    { level_option(None, filters.level, &format!("Deepest with needs ({})", report.level)) }
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
        </form>
        { match props.route.page {
            Page::Overview => html! { <Overview plan={props.plan.clone()} report={Rc::clone(&report)} sector={filters.sector.clone()} /> },
            Page::Data => html! { <DataPage plan={props.plan.clone()} dispatch={props.dispatch.clone()} /> },
            Page::Import => html! { <ImportPage plan={props.plan.clone()} report={Rc::clone(&report)} dispatch={props.dispatch.clone()} on_export={props.on_export.clone()} /> },
            Page::Harmonise => html! { <super::harmonise_page::HarmonisePage plan={props.plan.clone()} filters={filters.clone()} dispatch={props.dispatch.clone()} /> },
        } }
        </>
    }
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
