//! The plan's data: forms to add areas, needs and activities, and the activities table.

use super::app::stamp;
use super::forms::{clear_fields, error_for, field_value, FieldErrors, SelectField, TextField};
use super::input::{parse_count, parse_required_count, required};
use super::state::{Action, Edit, Put};
use crate::model::{Activity, Area, Modality, Need, Plan, Status, TableName, Vocabulary};
use crate::platform;
use std::rc::Rc;
use yew::prelude::*;

/// Rows shown per table until virtual scrolling lands.
const MAX_ROWS: usize = 200;

#[derive(Properties, PartialEq)]
pub struct DataPageProps {
    pub plan: Rc<Plan>,
    pub dispatch: Callback<Action>,
}

pub(crate) fn area_options(plan: &Plan) -> Vec<(String, String)> {
    plan.areas.live().map(|r| (r.data.code.clone(), format!("{} — {} (admin {})", r.data.code, r.data.name, r.data.level))).collect()
}

pub(crate) fn sector_options(plan: &Plan) -> Vec<(String, String)> {
    plan.sectors.live().map(|r| (r.data.code.clone(), format!("{} — {}", r.data.code, r.data.name))).collect()
}

pub(crate) fn vocabulary_options<V: Vocabulary + PartialEq>() -> Vec<(String, String)> {
    V::VALUES.iter().map(|(_, code, _)| (code.to_string(), code.to_string())).collect()
}

/// Collects a field's parse error into `errors` and returns the value, if any.
pub(crate) fn check<T>(errors: &mut FieldErrors, id: &'static str, result: Result<T, String>) -> Option<T> {
    result.map_err(|message| errors.push((id, message))).ok()
}

fn read_area(plan: &Plan) -> Result<Area, FieldErrors> {
    let mut errors = FieldErrors::new();
    let code = check(&mut errors, "area-code", required(&field_value("area-code")));
    let name = check(&mut errors, "area-name", required(&field_value("area-name")));
    let level: u8 = field_value("area-level").parse().unwrap_or(1);
    let parent = Some(field_value("area-parent")).filter(|p| !p.is_empty());
    let population = check(&mut errors, "area-population", parse_count(&field_value("area-population")));
    if let Some(parent_area) = parent.as_deref().and_then(|p| plan.areas.get(p)) {
        if parent_area.data.level >= level {
            errors.push(("area-parent", format!("The parent must be at a higher admin level than {level}.")));
        }
    } else if level > 1 {
        errors.push(("area-parent", "Choose the area this one belongs to.".into()));
    }
    match (code, name, population) {
        (Some(code), Some(name), Some(population)) if errors.is_empty() => {
            Ok(Area { code, name, level, parent: parent.filter(|_| level > 1), population, household_size: None })
        }
        _ => Err(errors),
    }
}

fn read_need() -> Result<Need, FieldErrors> {
    let mut errors = FieldErrors::new();
    let area = check(&mut errors, "need-area", required(&field_value("need-area")));
    let sector = check(&mut errors, "need-sector", required(&field_value("need-sector")));
    let pin = check(&mut errors, "need-pin", parse_required_count(&field_value("need-pin")));
    let severity = field_value("need-severity").parse::<u8>().ok();
    match (area, sector, pin) {
        (Some(area), Some(sector), Some(people_in_need)) => {
            Ok(Need { area, sector, people_in_need, households_in_need: None, severity })
        }
        _ => Err(errors),
    }
}

fn read_activity() -> Result<Activity, FieldErrors> {
    let mut errors = FieldErrors::new();
    let org = check(&mut errors, "activity-org", required(&field_value("activity-org")));
    let sector = check(&mut errors, "activity-sector", required(&field_value("activity-sector")));
    let area = check(&mut errors, "activity-area", required(&field_value("activity-area")));
    let targeted = check(&mut errors, "activity-targeted", parse_count(&field_value("activity-targeted")));
    let reached = check(&mut errors, "activity-reached", parse_count(&field_value("activity-reached")));
    if let (Some(Some(t)), Some(Some(r))) = (targeted, reached) {
        if r > t {
            errors.push(("activity-reached", format!("Reached ({r}) is more than targeted ({t}). Check both numbers.")));
        }
    }
    let status = Status::parse_loose(&field_value("activity-status")).unwrap_or(Status::Planned);
    let modality = Modality::parse_loose(&field_value("activity-modality"));
    match (org, sector, area, targeted, reached) {
        (Some(reporting_org), Some(sector), Some(area), Some(targeted), Some(reached)) if errors.is_empty() => Ok(Activity {
            reporting_org,
            sector,
            area,
            description: field_value("activity-description").trim().to_string(),
            modality,
            targeted,
            reached,
            status,
            ..Activity::default()
        }),
        _ => Err(errors),
    }
}

/// A form's submit handler: read, then dispatch an edit or show the field errors.
fn submit<T: 'static>(
    read: impl Fn() -> Result<T, FieldErrors> + 'static,
    to_edit: impl Fn(T) -> Edit + 'static,
    clear: &'static [&'static str],
    errors: UseStateHandle<FieldErrors>,
    dispatch: Callback<Action>,
) -> Callback<SubmitEvent> {
    Callback::from(move |event: SubmitEvent| {
        event.prevent_default();
        match read() {
            Ok(value) => {
                errors.set(FieldErrors::new());
                dispatch.emit(Action::Edit(to_edit(value), stamp()));
                clear_fields(clear);
            }
            Err(found) => errors.set(found),
        }
    })
}

#[function_component(DataPage)]
pub fn data_page(props: &DataPageProps) -> Html {
    let plan = props.plan.clone();
    let area_errors = use_state(FieldErrors::new);
    let need_errors = use_state(FieldErrors::new);
    let activity_errors = use_state(FieldErrors::new);

    let on_area = {
        let plan = plan.clone();
        submit(move || read_area(&plan), |a| Edit::Put(Put::Area(a)), &["area-code", "area-name", "area-population"], area_errors.clone(), props.dispatch.clone())
    };
    let on_need = submit(read_need, |n| Edit::Put(Put::Need(n)), &["need-pin"], need_errors.clone(), props.dispatch.clone());
    let on_activity = submit(
        read_activity,
        |activity| Edit::Put(Put::Activity { id: platform::new_id("a"), activity }),
        &["activity-description", "activity-targeted", "activity-reached"],
        activity_errors.clone(),
        props.dispatch.clone(),
    );

    let areas = area_options(&plan);
    let sectors = sector_options(&plan);
    let levels: Vec<(String, String)> = (1..=4).map(|l| (l.to_string(), format!("Admin {l}"))).collect();
    let severities: Vec<(String, String)> = (1..=5).map(|s| (s.to_string(), s.to_string())).collect();
    let organisations: std::collections::BTreeSet<&str> = plan.activities.live().map(|r| r.data.reporting_org.as_str()).collect();

    html! {
        <>
        <div class="grid">
            <section class="card" aria-labelledby="add-area-title">
                <h2 id="add-area-title">{"Add an area"}</h2>
                <form class="inline" onsubmit={on_area} novalidate=true>
                    <TextField id="area-code" label="P-code" error={error_for(&area_errors, "area-code")} size=10 />
                    <TextField id="area-name" label="Name" error={error_for(&area_errors, "area-name")} />
                    <SelectField id="area-level" label="Admin level" options={levels} />
                    <SelectField id="area-parent" label="Part of" options={areas.clone()} empty="(none: admin 1)" error={error_for(&area_errors, "area-parent")} />
                    <TextField id="area-population" label="Population" numeric=true error={error_for(&area_errors, "area-population")} size=10 />
                    <button type="submit">{"Add area"}</button>
                </form>
            </section>
            <section class="card" aria-labelledby="add-need-title">
                <h2 id="add-need-title">{"Add people in need"}</h2>
                <form class="inline" onsubmit={on_need} novalidate=true>
                    <SelectField id="need-area" label="Area" options={areas.clone()} empty="Choose…" error={error_for(&need_errors, "need-area")} />
                    <SelectField id="need-sector" label="Sector" options={sectors.clone()} empty="Choose…" error={error_for(&need_errors, "need-sector")} />
                    <TextField id="need-pin" label="People in need" numeric=true error={error_for(&need_errors, "need-pin")} size=10 />
                    <SelectField id="need-severity" label="Severity" options={severities} empty="—" />
                    <button type="submit">{"Add need"}</button>
                </form>
            </section>
        </div>
        <section class="card" aria-labelledby="add-activity-title">
            <h2 id="add-activity-title">{"Add an activity (5W)"}</h2>
            <form class="inline" onsubmit={on_activity} novalidate=true>
                <TextField id="activity-org" label="Reporting organisation" list="known-organisations" error={error_for(&activity_errors, "activity-org")} />
                <datalist id="known-organisations">{ for organisations.iter().map(|o| html! { <option value={o.to_string()} /> }) }</datalist>
                <SelectField id="activity-sector" label="Sector" options={sectors} empty="Choose…" error={error_for(&activity_errors, "activity-sector")} />
                <SelectField id="activity-area" label="Area" options={areas} empty="Choose…" error={error_for(&activity_errors, "activity-area")} />
                <TextField id="activity-description" label="What (description)" />
                <SelectField id="activity-modality" label="Modality" options={vocabulary_options::<Modality>()} empty="—" />
                <SelectField id="activity-status" label="Status" options={vocabulary_options::<Status>()} selected={Some("ongoing".to_string())} />
                <TextField id="activity-targeted" label="People targeted" numeric=true error={error_for(&activity_errors, "activity-targeted")} size=10 />
                <TextField id="activity-reached" label="People reached" numeric=true error={error_for(&activity_errors, "activity-reached")} size=10 />
                <button type="submit">{"Add activity"}</button>
            </form>
        </section>
        { activity_table(&plan, &props.dispatch) }
        </>
    }
}

fn activity_table(plan: &Plan, dispatch: &Callback<Action>) -> Html {
    let total = plan.activities.len_live();
    html! {
        <section class="card" aria-labelledby="activities-title">
            <h2 id="activities-title">{ format!("Activities ({total})") }</h2>
            if total > MAX_ROWS {
                <p class="muted">{ format!("Showing the first {MAX_ROWS} of {total}.") }</p>
            }
            <div class="table-wrap">
            <table id="activities-table">
                <thead><tr>
                    <th scope="col">{"Organisation"}</th><th scope="col">{"Sector"}</th><th scope="col">{"Area"}</th>
                    <th scope="col">{"What"}</th><th scope="col">{"Status"}</th>
                    <th scope="col" class="num">{"Targeted"}</th><th scope="col" class="num">{"Reached"}</th><th scope="col"><span class="visually-hidden">{"Actions"}</span></th>
                </tr></thead>
                <tbody>
                { for plan.activities.live().take(MAX_ROWS).map(|record| {
                    let a = &record.data;
                    let id = record.id.clone();
                    let delete = dispatch.reform(move |_| Action::Edit(Edit::Delete { table: TableName::Activities, ids: vec![id.clone()] }, stamp()));
                    html! {
                        <tr>
                            <td>{ &a.reporting_org }</td><td>{ &a.sector }</td><td>{ &a.area }</td><td>{ &a.description }</td>
                            <td>{ a.status.code() }</td>
                            <td class="num">{ a.targeted.map(|n| n.to_string()).unwrap_or_default() }</td>
                            <td class="num">{ a.reached.map(|n| n.to_string()).unwrap_or_default() }</td>
                            <td><button type="button" class="danger" onclick={delete} aria-label={format!("Delete activity of {} in {}", a.reporting_org, a.area)}>{"Delete"}</button></td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
        </section>
    }
}
