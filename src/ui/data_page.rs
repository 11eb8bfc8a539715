//! The plan's data, one table at a time: areas, sectors (with their lead), organisations,
//! people in need, 5W activities and the agreed standards, MEBs and exchange rates, each
//! with an add form and a table to sort, search, edit inline, resolve and delete.

use super::activity_form::ActivityForm;
use super::area_picker::AreaPicker;
use super::forms::{clear_fields, field_value, SelectField, TextField};
use super::reference_forms::{meb_form, rate_form, standard_form};
use super::route::{DataTable, Route, TableView};
use super::state::{Action, PlanRef};
use super::table::activities::Activities;
use super::table::checks::{organisation_id, read_area, read_need, read_organisation, read_sector, Problems};
use super::table::reference_specs::{Mebs, Rates, Standards};
use super::table::rows::{grouped, Shared};
use super::table::specs::{Areas, Needs, Organisations, Sectors, ORGANISATION_LIST};
use super::table::tab::{TableTab, TableTabProps};
use super::table::tree::area_choices;
use crate::model::change::Change;
use crate::model::sorting;
use crate::model::{OrgType, Plan, Vocabulary};
use std::collections::BTreeSet;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DataPageProps {
    pub plan: PlanRef,
    /// The table shown, its sort and search come from here and go back as route changes.
    pub route: Route,
    pub dispatch: Callback<Action>,
}

/// How many records a tab's label says its table holds.
fn count(table: DataTable, plan: &Plan) -> usize {
    match table {
        DataTable::Activities => plan.activities.len_live(),
        DataTable::Needs => plan.needs.len_live(),
        DataTable::Areas => plan.areas.len_live(),
        DataTable::Sectors => plan.sectors.len_live(),
        DataTable::Organisations => plan.organisations.len_live(),
        DataTable::Standards => plan.standards.len_live(),
        DataTable::Mebs => plan.mebs.len_live(),
        DataTable::Rates => plan.exchange_rates.len_live(),
    }
}

/// Every organisation name the plan knows, for suggestions wherever one is typed.
fn organisation_names(plan: &Plan) -> BTreeSet<String> {
    let listed = plan.organisations.live().map(|r| r.data.name.clone());
    let leads = plan.sectors.live().filter_map(|r| r.data.lead.clone());
    let used = plan.activities.live().flat_map(|r| {
        let a = &r.data;
        std::iter::once(a.reporting_org.clone()).chain(a.implementing_partner.clone()).chain(a.donor.clone())
    });
    sorting::set_of(listed.chain(leads).chain(used).filter(|n| !n.trim().is_empty()))
}

/// A form's submit handler: read the fields (ids `{prefix}-{key}`), then store the record
/// or show each problem beside its field.
pub(super) fn add_handler(
    prefix: &'static str,
    read: impl Fn(&dyn Fn(&str) -> String) -> Result<Change, Problems> + 'static,
    cleared: &'static [&'static str],
    problems: UseStateHandle<Problems>,
    dispatch: Callback<Action>,
) -> Callback<SubmitEvent> {
    Callback::from(move |event: SubmitEvent| {
        event.prevent_default();
        match read(&|key: &str| field_value(&format!("{prefix}-{key}"))) {
            Ok(put) => {
                problems.set(Problems::new());
                dispatch.emit(Action::Edit(put));
                clear_fields(cleared);
            }
            Err(found) => problems.set(found),
        }
    })
}

pub(super) fn error(problems: &Problems, key: &str) -> Option<String> {
    problems.iter().find(|(k, _)| *k == key).map(|(_, m)| m.clone())
}

fn numbered(range: std::ops::RangeInclusive<u8>) -> Vec<(String, String)> {
    range.map(|n| (n.to_string(), n.to_string())).collect()
}

#[function_component(DataPage)]
pub fn data_page(props: &DataPageProps) -> Html {
    let editing_activity = use_state(|| None::<String>);
    let problems = use_state(Problems::new);
    let areas = use_memo(props.plan.clone(), |plan| Shared::new(area_choices(plan)));
    let names = use_memo(props.plan.clone(), |plan| organisation_names(plan));
    let counts = use_memo(props.plan.clone(), |plan| DataTable::ALL.map(|t| count(t, plan)));
    {
        let editing = (*editing_activity).clone();
        use_effect_with(editing, |editing| {
            if editing.is_some() {
                if let Some(title) = gloo::utils::document().get_element_by_id("activity-form-title") {
                    title.scroll_into_view();
                }
            }
        });
    }
    let (plan, dispatch) = (props.plan.clone(), props.dispatch.clone());
    let view = props.route.table.clone();
    let tab = view.table;
    // Another table is a new history entry; a sort or search refines the current one.
    let refine = {
        let (route, dispatch) = (props.route.clone(), props.dispatch.clone());
        Callback::from(move |table: TableView| dispatch.emit(Action::Refine(Route { table, ..route.clone() })))
    };
    let choose = |t: DataTable| {
        let (route, dispatch, problems) = (props.route.clone(), props.dispatch.clone(), problems.clone());
        Callback::from(move |_| {
            problems.set(Problems::new());
            if route.table.table != t {
                dispatch.emit(Action::Navigate(Route { table: TableView::of(t), ..route.clone() }));
            }
        })
    };
    let table_props = TableTabProps {
        plan: plan.clone(),
        dispatch: dispatch.clone(),
        sort: view.sort.clone(),
        search: view.search.clone().into(),
        on_sort: refine.reform({
            let view = view.clone();
            move |sort| TableView { sort: Some(sort), ..view.clone() }
        }),
        on_search: refine.reform({
            let view = view.clone();
            move |search| TableView { search, ..view.clone() }
        }),
        on_details: None,
    };
    let table = match tab {
        DataTable::Activities => {
            let on_details = {
                let editing = editing_activity.clone();
                Callback::from(move |id: String| editing.set(Some(id)))
            };
            html! { <TableTab<Activities> on_details={Some(on_details)} ..table_props /> }
        }
        DataTable::Needs => html! { <TableTab<Needs> ..table_props /> },
        DataTable::Areas => html! { <TableTab<Areas> ..table_props /> },
        DataTable::Sectors => html! { <TableTab<Sectors> ..table_props /> },
        DataTable::Organisations => html! { <TableTab<Organisations> ..table_props /> },
        DataTable::Standards => html! { <TableTab<Standards> ..table_props /> },
        DataTable::Mebs => html! { <TableTab<Mebs> ..table_props /> },
        DataTable::Rates => html! { <TableTab<Rates> ..table_props /> },
    };
    let form = match tab {
        DataTable::Activities => {
            let done = {
                let editing = editing_activity.clone();
                Callback::from(move |_| editing.set(None))
            };
            let key = (*editing_activity).clone().unwrap_or_else(|| "new".into());
            html! { <ActivityForm {key} plan={plan.clone()} dispatch={dispatch.clone()} areas={(*areas).clone()} editing={(*editing_activity).clone()} on_done={done} /> }
        }
        DataTable::Needs => need_form(&plan, &areas, &problems, &dispatch),
        DataTable::Areas => area_form(&plan, &areas, &problems, &dispatch),
        DataTable::Sectors => sector_form(&plan, &problems, &dispatch),
        DataTable::Organisations => organisation_form(&problems, &dispatch),
        DataTable::Standards => standard_form(&plan, &areas, &problems, &dispatch),
        DataTable::Mebs => meb_form(&plan, &areas, &problems, &dispatch),
        DataTable::Rates => rate_form(&plan, &problems, &dispatch),
    };

    html! {
        <>
        <datalist id={ORGANISATION_LIST}>{ for names.iter().map(|n| html! { <option value={n.clone()} /> }) }</datalist>
        <div class="tbl-tabs" role="tablist" aria-label="Tables">
            { for DataTable::ALL.iter().zip(counts.iter()).map(|(t, count)| html! {
                <button type="button" role="tab" id={format!("tab-{}", t.title().to_lowercase().replace(' ', "-"))}
                    aria-selected={(tab == *t).to_string()} aria-controls="data-panel" onclick={choose(*t)}>
                    { format!("{} ({})", t.title(), grouped(*count as u64)) }
                </button>
            }) }
        </div>
        // The table first: coordinators scan and fix far more often than they add by hand.
        <div id="data-panel" role="tabpanel" aria-label={tab.title()}>
            <section class="card" aria-labelledby="table-title">
                <h2 id="table-title">{ tab.title() }</h2>
                { table }
            </section>
            { form }
        </div>
        </>
    }
}

fn area_form(
    plan: &PlanRef,
    areas: &Shared<Vec<super::table::tree::AreaChoice>>,
    problems: &UseStateHandle<Problems>,
    dispatch: &Callback<Action>,
) -> Html {
    let plan_for_read = plan.clone();
    let on_submit = add_handler(
        "area",
        move |get| read_area(get, &plan_for_read, true).map(Change::put_keyed),
        &["area-code", "area-name", "area-population", "area-household-size"],
        problems.clone(),
        dispatch.clone(),
    );
    let levels: Vec<(String, String)> = (1..=4).map(|l| (l.to_string(), format!("Admin {l}"))).collect();
    html! {
        <section class="card" aria-labelledby="add-area-title">
            <h2 id="add-area-title">{"Add an area"}</h2>
            <form class="inline" onsubmit={on_submit} novalidate=true>
                <TextField id="area-code" label="P-code" error={error(problems, "code")} size=10 />
                <TextField id="area-name" label="Name" error={error(problems, "name")} />
                <SelectField id="area-level" label="Admin level" options={levels} error={error(problems, "level")} />
                <AreaPicker id="area-parent" label="Part of (for admin 2–4)" choices={areas.clone()} error={error(problems, "parent")} />
                <TextField id="area-population" label="Population" numeric=true error={error(problems, "population")} size=10 />
                <TextField id="area-household-size" label="Household size" numeric=true error={error(problems, "household-size")} size=6 />
                <button type="submit">{"Add area"}</button>
            </form>
        </section>
    }
}

fn need_form(
    plan: &PlanRef,
    areas: &Shared<Vec<super::table::tree::AreaChoice>>,
    problems: &UseStateHandle<Problems>,
    dispatch: &Callback<Action>,
) -> Html {
    let plan_for_read = plan.clone();
    let on_submit = add_handler(
        "need",
        move |get| read_need(get, &plan_for_read).map(Change::put_keyed),
        &["need-pin", "need-households"],
        problems.clone(),
        dispatch.clone(),
    );
    let sectors: Vec<(String, String)> =
        plan.sectors.live().map(|r| (r.id.clone(), format!("{} — {}", r.id, r.data.name))).collect();
    html! {
        <section class="card" aria-labelledby="add-need-title">
            <h2 id="add-need-title">{"Add people in need"}</h2>
            <form class="inline" onsubmit={on_submit} novalidate=true>
                <AreaPicker id="need-area" label="Area" choices={areas.clone()} error={error(problems, "area")} />
                <SelectField id="need-sector" label="Sector" options={sectors} empty="Choose…" error={error(problems, "sector")} />
                <TextField id="need-pin" label="People in need" numeric=true error={error(problems, "pin")} size=10 />
                <TextField id="need-households" label="Households in need" numeric=true error={error(problems, "households")} size=10 />
                <SelectField id="need-severity" label="Severity" options={numbered(1..=5)} empty="—" error={error(problems, "severity")} />
                <button type="submit">{"Add need"}</button>
            </form>
        </section>
    }
}

fn sector_form(plan: &PlanRef, problems: &UseStateHandle<Problems>, dispatch: &Callback<Action>) -> Html {
    let plan_for_read = plan.clone();
    let on_submit = add_handler(
        "sector",
        move |get| read_sector(get, &plan_for_read, true).map(Change::put_keyed),
        &["sector-code", "sector-name", "sector-lead"],
        problems.clone(),
        dispatch.clone(),
    );
    html! {
        <section class="card" aria-labelledby="add-sector-title">
            <h2 id="add-sector-title">{"Add a sector"}</h2>
            <p class="muted">{"The lead organisation is the provider of last resort: the overview names it for every gap in its sector. Edit a lead in the table below."}</p>
            <form class="inline" onsubmit={on_submit} novalidate=true>
                <TextField id="sector-code" label="Sector code" error={error(problems, "code")} size=8 />
                <TextField id="sector-name" label="Sector name" error={error(problems, "name")} />
                <TextField id="sector-lead" label="Lead organisation" list={Some(AttrValue::from(ORGANISATION_LIST))} error={error(problems, "lead")} />
                <button type="submit">{"Add sector"}</button>
            </form>
        </section>
    }
}

fn organisation_form(problems: &UseStateHandle<Problems>, dispatch: &Callback<Action>) -> Html {
    let on_submit = add_handler(
        "org",
        |get| read_organisation(get).map(|organisation| Change::put(organisation_id(&organisation), organisation)),
        &["org-name", "org-acronym"],
        problems.clone(),
        dispatch.clone(),
    );
    let types: Vec<(String, String)> =
        OrgType::VALUES.iter().map(|(_, code, _)| (code.to_string(), code.to_string())).collect();
    html! {
        <section class="card" aria-labelledby="add-org-title">
            <h2 id="add-org-title">{"Add an organisation"}</h2>
            <form class="inline" onsubmit={on_submit} novalidate=true>
                <TextField id="org-name" label="Organisation name" error={error(problems, "name")} />
                <TextField id="org-acronym" label="Acronym" error={error(problems, "acronym")} size=8 />
                <SelectField id="org-type" label="Type" options={types} empty="—" error={error(problems, "type")} />
                <button type="submit">{"Add organisation"}</button>
            </form>
        </section>
    }
}
