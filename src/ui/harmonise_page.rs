//! The harmonisation page: who deviates from the agreed transfer values, how values spread
//! per sector and area, where partners overlap, the agreed inputs (standards, MEB, exchange
//! rates) and the transfer value calculator.

use super::effects::Download;
use super::harmonise::calculator::Calculator;
use super::harmonise::deviations::{DeviationFilters, Deviations};
use super::harmonise::editors::StandardsEditor;
use super::harmonise::overlap_list::OverlapList;
use super::harmonise::reference_editors::{MebEditor, RateEditor};
use super::harmonise::strip_chart::strip_charts;
use super::harmonise::summaries::group_table;
use super::harmonise::view::{AreaNames, RowFilter};
use super::route::Filters;
use super::state::{Action, PlanRef};
use crate::engine::harmonise::{Flag, HarmonisationReport, OverlapGroup};
use crate::formats::planfile::slug;
use crate::formats::reports::harmonise_hxl;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HarmonisePageProps {
    pub plan: PlanRef,
    /// At the page's admin level.
    pub report: Rc<HarmonisationReport>,
    /// The overlaps the sector and organisation filters keep.
    pub overlaps: Rc<Vec<OverlapGroup>>,
    pub filters: Filters,
    pub dispatch: Callback<Action>,
}

#[function_component(HarmonisePage)]
pub fn harmonise_page(props: &HarmonisePageProps) -> Html {
    let report = props.report.clone();
    let names = use_memo(props.plan.clone(), |plan| AreaNames::of(plan));
    let local = use_state(RowFilter::default);
    let on_filter = {
        let local = local.clone();
        Callback::from(move |filter: RowFilter| local.set(filter))
    };
    // The plan-wide sector and organisation filters narrow every list on this page.
    let shared = RowFilter {
        sector: props.filters.sector.clone(),
        organisation: props.filters.organisation.clone(),
        ..RowFilter::default()
    };
    let export = {
        let (plan, report) = (props.plan.clone(), report.clone());
        props.dispatch.reform(move |_| {
            Action::Offer(Download::csv(format!("{}-harmonisation.csv", slug(&plan.name)), harmonise_hxl(&report)))
        })
    };
    // Like every list on this page, overlaps follow only the sector and organisation filters.
    let overlap_filters = Filters {
        sector: props.filters.sector.clone(),
        organisation: props.filters.organisation.clone(),
        ..Filters::default()
    };
    let count = |flag: Flag| report.activities.iter().filter(|r| r.flag == flag).count();
    let compared = report.activities.iter().filter(|r| r.flag.is_compared()).count();

    html! {
        <>
        <section class="card" aria-labelledby="harm-title">
            <h2 id="harm-title">{"Transfer values against the agreed standards"}</h2>
            <p id="harm-counts">
                { format!("{} cash and voucher activities: {compared} compared with a standard — {} within tolerance, {} above, {} below; {} could not be compared. {} other activities (in-kind, services, cancelled) are not transfer values.",
                    report.activities.len(), count(Flag::Ok), count(Flag::Above), count(Flag::Below),
                    report.activities.len() - compared, report.not_compared.len()) }
            </p>
            <p>
                <button type="button" id="export-harmonisation" onclick={export}>{"Export deviations (HXL CSV)"}</button>
            </p>
            <p class="muted">{"Values are converted to each standard's unit, period and currency: recurring payments as monthly equivalents, per-person values times the household size, other currencies at the exchange rate in force on the activity's start date. Activities without a start date are judged on today's date."}</p>
        </section>
        <DeviationFilters report={report.clone()} filter={(*local).clone()} on_change={on_filter} />
        <Deviations report={report.clone()} names={names.clone()} local={(*local).clone()} shared={shared.clone()} />
        { strip_charts(&report, &props.plan, &|row| local.accepts(row, names.name(&row.area)) && shared.accepts(row, names.name(&row.area))) }
        { group_table(&report, &shared) }
        <OverlapList plan={props.plan.clone()} groups={props.overlaps.clone()} filters={overlap_filters} dispatch={props.dispatch.clone()} />
        <StandardsEditor plan={props.plan.clone()} dispatch={props.dispatch.clone()} />
        <div class="grid harm-editors">
            <MebEditor plan={props.plan.clone()} dispatch={props.dispatch.clone()} />
            <RateEditor plan={props.plan.clone()} dispatch={props.dispatch.clone()} />
        </div>
        <Calculator plan={props.plan.clone()} />
        </>
    }
}
