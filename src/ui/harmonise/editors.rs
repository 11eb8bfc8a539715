//! Editing what the Cash Working Group agreed: the shared add/edit/delete machinery and the
//! transfer value standards editor. MEBs and exchange rates are in `reference_editors`.

use super::view::money;
use crate::formats::hxl::standard_id;
use crate::model::change::Change;
use crate::model::harmonisation::default_tolerance;
use crate::model::{Frequency, Plan, Standard, TableName, ValueUnit, Vocabulary};
use crate::ui::area_picker::AreaPicker;
use crate::ui::forms::{error_for, field_value, FieldErrors, SelectField, TextField};
use crate::ui::options::{sector_options, vocabulary_options};
use crate::ui::state::{Action, PlanRef};
use crate::ui::table::checks::{Fields, Problems};
use crate::ui::table::reference_checks::{read_standard, STANDARD_CLASH};
use crate::ui::table::rows::Shared;
use crate::ui::table::tree::area_choices;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub plan: PlanRef,
    pub dispatch: Callback<Action>,
}

/// The state every editor keeps: which record the form edits, its field errors, and a
/// counter that renews the form (fresh, empty fields) after each save or cancel.
#[derive(Clone)]
pub struct EditorState {
    pub editing: UseStateHandle<Option<String>>,
    pub errors: UseStateHandle<FieldErrors>,
    generation: UseStateHandle<u32>,
}

/// An editor's state; `first_field` gets the focus when a record is opened for editing.
#[hook]
pub fn use_editor(first_field: &'static str) -> EditorState {
    let editing = use_state(|| None::<String>);
    let errors = use_state(FieldErrors::new);
    let generation = use_state(|| 0u32);
    use_effect_with((*editing).clone(), move |editing| {
        if editing.is_some() {
            let field = gloo::utils::document().get_element_by_id(first_field);
            if let Some(field) = field.and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok()) {
                field.focus().ok();
            }
        }
    });
    EditorState { editing, errors, generation }
}

impl EditorState {
    /// Keys the form so that switching records, saving or cancelling re-creates its fields.
    pub fn form_key(&self) -> String {
        format!("{}#{}", self.editing.as_deref().unwrap_or("new"), *self.generation)
    }

    fn reset(&self) {
        self.editing.set(None);
        self.errors.set(FieldErrors::new());
        self.generation.set(self.generation.wrapping_add(1));
    }

    pub fn on_cancel(&self) -> Callback<MouseEvent> {
        let state = self.clone();
        Callback::from(move |_| state.reset())
    }

    /// Reads the form; a new record gets `id_of` its identity, and must not replace an
    /// existing one (the user is told to edit that one instead, beside `clash_field`).
    pub fn on_submit<T: 'static>(
        &self,
        read: impl Fn() -> Result<T, FieldErrors> + 'static,
        id_of: impl Fn(&T) -> String + 'static,
        exists: impl Fn(&str) -> bool + 'static,
        clash: (&'static str, &'static str),
        put: impl Fn(String, T) -> Change + 'static,
        dispatch: Callback<Action>,
    ) -> Callback<SubmitEvent> {
        let state = self.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let record = match read() {
                Ok(record) => record,
                Err(found) => return state.errors.set(found),
            };
            let id = match state.editing.as_ref() {
                Some(id) => id.clone(),
                None => id_of(&record),
            };
            if state.editing.is_none() && exists(&id) {
                return state.errors.set(vec![(clash.0, clash.1.to_string())]);
            }
            dispatch.emit(Action::Edit(put(id, record)));
            state.reset();
        })
    }

    /// The Edit and Delete buttons of a table row; `what` names the record for screen readers.
    pub fn row_actions(&self, table: TableName, id: &str, what: &str, dispatch: &Callback<Action>) -> Html {
        let edit = {
            let (editing, errors, id) = (self.editing.clone(), self.errors.clone(), id.to_string());
            Callback::from(move |_| {
                errors.set(FieldErrors::new());
                editing.set(Some(id.clone()));
            })
        };
        let delete = {
            let (state, dispatch, id) = (self.clone(), dispatch.clone(), id.to_string());
            Callback::from(move |_| {
                if state.editing.as_deref() == Some(id.as_str()) {
                    state.reset();
                }
                dispatch.emit(Action::Edit(Change::Delete { table, ids: vec![id.clone()] }));
            })
        };
        html! {
            <td class="harm-actions">
                <button type="button" onclick={edit} aria-label={format!("Edit {what}")}>{"Edit"}</button>
                <button type="button" class="danger" onclick={delete} aria-label={format!("Delete {what}")}>{"Delete"}</button>
            </td>
        }
    }
}

pub fn area_label(plan: &Plan, area: Option<&str>) -> String {
    match area.map(str::trim).filter(|a| !a.is_empty()) {
        None => "nationwide".into(),
        Some(code) => plan.areas.get(code).map_or_else(|| code.to_string(), |a| format!("{} ({code})", a.data.name)),
    }
}

fn describe(standard: &Standard, plan: &Plan) -> String {
    let kind = if standard.cash_for_work { "cash-for-work wage" } else { "transfer value" };
    format!("{} {kind} standard, {}", standard.sector, area_label(plan, standard.area.as_deref()))
}

/// Reads a form with the shared checks: `ids` maps each field key to its input's id, and
/// each problem is shown beside that input.
pub fn read_form<T>(
    ids: &[(&str, &'static str)],
    read: impl Fn(Fields) -> Result<T, Problems>,
) -> Result<T, FieldErrors> {
    let id_of = |key: &str| ids.iter().find(|(k, _)| *k == key).map(|(_, id)| *id);
    read(&|key: &str| id_of(key).map(field_value).unwrap_or_default())
        .map_err(|problems| problems.into_iter().map(|(key, message)| (id_of(key).unwrap_or(key), message)).collect())
}

const STANDARD_IDS: [(&str, &str); 12] = [
    ("sector", "std-sector"),
    ("kind", "std-kind"),
    ("area", "std-area"),
    ("value", "std-value"),
    ("unit", "std-unit"),
    ("currency", "std-currency"),
    ("frequency", "std-frequency"),
    ("tolerance", "std-tolerance"),
    ("from", "std-from"),
    ("to", "std-to"),
    ("criteria", "std-criteria"),
    ("market", "std-market"),
];

#[function_component(StandardsEditor)]
pub fn standards_editor(props: &EditorProps) -> Html {
    let state = use_editor("std-value");
    let plan = &props.plan;
    let areas = use_memo(plan.clone(), |plan| Shared::new(area_choices(plan)));
    let current = state.editing.as_deref().and_then(|id| plan.standards.get(id)).map(|r| r.data.clone());
    let on_submit = {
        let (plan, read_plan) = (plan.clone(), plan.clone());
        state.on_submit(
            move || read_form(&STANDARD_IDS, |get| read_standard(get, &read_plan)),
            |s: &Standard| standard_id(&s.sector, s.cash_for_work, s.area.as_deref(), s.valid_from),
            move |id| plan.standards.get(id).is_some(),
            ("std-from", STANDARD_CLASH),
            Change::put,
            props.dispatch.clone(),
        )
    };
    let errors = &*state.errors;
    let text = |f: &dyn Fn(&Standard) -> String| current.as_ref().map(|s| AttrValue::from(f(s)));
    let date = |d: Option<crate::model::IsoDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let kinds = vec![
        ("transfer".to_string(), "Transfer value".to_string()),
        ("cfw".to_string(), "Cash-for-work daily wage".to_string()),
    ];

    html! {
        <section class="card" aria-labelledby="harm-standards-title">
            <h2 id="harm-standards-title">{ format!("Standards ({})", plan.standards.len_live()) }</h2>
            if plan.standards.len_live() == 0 {
                <p class="muted">{"No standards yet: add the values the Cash Working Group agreed, or import them as HXL CSV."}</p>
            } else {
                <div class="table-wrap" role="region" tabindex="0" aria-label="Standards table (scrolls sideways)">
                <table id="harm-standards">
                    <caption class="visually-hidden">{"Agreed transfer value standards"}</caption>
                    <thead><tr>
                        <th scope="col">{"Standard"}</th><th scope="col" class="num">{"Value"}</th><th scope="col">{"Per"}</th>
                        <th scope="col" class="num">{"Tolerance"}</th><th scope="col">{"Valid"}</th><th scope="col">{"Targeting criteria"}</th>
                        <th scope="col" class="num">{"Market wage"}</th><th scope="col"><span class="visually-hidden">{"Actions"}</span></th>
                    </tr></thead>
                    <tbody>
                    { for plan.standards.live().map(|r| { let s = &r.data; html! {
                        <tr data-standard={r.id.clone()}>
                            <th scope="row">{ describe(s, plan) }</th>
                            <td class="num">{ format!("{} {}", money(s.value), s.currency) }</td>
                            <td>{ format!("{} · {}", s.unit, s.frequency) }</td>
                            <td class="num">{ format!("±{} %", s.tolerance_pct) }</td>
                            <td>{ format!("{} to {}", s.valid_from.map_or("always".into(), |d| d.to_string()), s.valid_to.map_or("open".into(), |d| d.to_string())) }</td>
                            <td>{ s.criteria.iter().cloned().collect::<Vec<_>>().join("; ") }</td>
                            <td class="num">{ s.market_wage.map(money).unwrap_or_default() }</td>
                            { state.row_actions(TableName::Standards, &r.id, &describe(s, plan), &props.dispatch) }
                        </tr>
                    } }) }
                    </tbody>
                </table>
                </div>
            }
            <h3 class="harm-subtitle" id="harm-standard-form-title">{ match &current { Some(s) => format!("Edit the {}", describe(s, plan)), None => "Add a standard".into() } }</h3>
            <form key={state.form_key()} class="inline" onsubmit={on_submit} novalidate=true aria-labelledby="harm-standard-form-title">
                <SelectField id="std-sector" label="Sector" options={sector_options(plan)} empty="Choose…" selected={current.as_ref().map(|s| s.sector.clone())} error={error_for(errors, "std-sector")} />
                <SelectField id="std-kind" label="Kind" options={kinds} selected={current.as_ref().map(|s| if s.cash_for_work { "cfw".to_string() } else { "transfer".to_string() })} />
                <AreaPicker id="std-area" label="Area (empty: nationwide)" choices={(*areas).clone()} value={current.as_ref().and_then(|s| s.area.clone())} />
                <TextField id="std-value" label="Recommended value" value={text(&|s| s.value.to_string())} error={error_for(errors, "std-value")} size=8 />
                <SelectField id="std-unit" label="Per" options={vocabulary_options::<ValueUnit>()} selected={current.as_ref().map(|s| s.unit.code().to_string())} />
                <TextField id="std-currency" label="Currency" value={Some(AttrValue::from(current.as_ref().map_or_else(|| plan.currency.clone(), |s| s.currency.clone())))} error={error_for(errors, "std-currency")} size=4 />
                <SelectField id="std-frequency" label="Frequency" options={vocabulary_options::<Frequency>()} selected={Some(current.as_ref().map_or(Frequency::Monthly, |s| s.frequency).code().to_string())} />
                <TextField id="std-tolerance" label="Tolerance %" value={Some(AttrValue::from(current.as_ref().map_or_else(default_tolerance, |s| s.tolerance_pct).to_string()))} error={error_for(errors, "std-tolerance")} size=4 />
                <TextField id="std-from" label="Valid from" input_type="date" value={text(&|s| date(s.valid_from))} error={error_for(errors, "std-from")} />
                <TextField id="std-to" label="Valid to" input_type="date" value={text(&|s| date(s.valid_to))} error={error_for(errors, "std-to")} />
                <TextField id="std-criteria" label="Targeting criteria (separate with ;)" value={text(&|s| crate::model::rules::values::list_text(&s.criteria))} />
                <TextField id="std-market" label="Market daily wage (cash for work)" value={text(&|s| s.market_wage.map(|w| w.to_string()).unwrap_or_default())} error={error_for(errors, "std-market")} size=6 />
                <button type="submit" class="primary">{ if current.is_some() { "Save standard" } else { "Add standard" } }</button>
                if current.is_some() { <button type="button" onclick={state.on_cancel()}>{"Cancel"}</button> }
            </form>
        </section>
    }
}
