//! One plan table on screen: its rows (rebuilt only when the plan changes), inline editing
//! with checks, deletes and the conflict resolver. What differs per table is a `TableSpec`.

use super::checks::Problems;
use super::rows::{Direction, Row, Shared};
use super::versions::{differing_fields, Version};
use super::virtual_table::{Column, EditedValues, Editing, VirtualTable};
use crate::model::change::{Change, Resolution};
use crate::model::{Plan, TableName};
use crate::ui::route::TableSort;
use crate::ui::state::{Action, PlanRef};
use yew::prelude::*;

/// What a table shows and how its rows are edited.
pub trait TableSpec: 'static {
    const TABLE: TableName;
    /// The `<table>` element's id.
    const ID: &'static str;
    /// What the rows are, plural.
    const NOUN: &'static str;
    fn columns(plan: &Plan) -> Vec<Column>;
    fn rows(plan: &Plan) -> Vec<Row>;
    /// The inline editor's starting values, by field key.
    fn edit_values(plan: &Plan, id: &str) -> Option<EditedValues>;
    /// The record to store after an inline edit, or what to fix.
    fn save(plan: &Plan, id: &str, values: &EditedValues) -> Result<Change, Problems>;
    fn versions(plan: &Plan, id: &str) -> Vec<Version>;
}

/// A getter over edited values that falls back to `rest` for fields not edited inline.
pub fn edited<'a>(values: &'a EditedValues, rest: impl Fn(&str) -> String + 'a) -> impl Fn(&str) -> String + 'a {
    move |key: &str| values.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_else(|| rest(key))
}

#[derive(Properties, PartialEq, Clone)]
pub struct TableTabProps {
    pub plan: PlanRef,
    pub dispatch: Callback<Action>,
    /// The sort as the URL names it; one naming no column of this table is ignored.
    pub sort: Option<TableSort>,
    pub search: AttrValue,
    pub on_sort: Callback<TableSort>,
    pub on_search: Callback<String>,
    #[prop_or_default]
    pub on_details: Option<Callback<String>>,
}

#[function_component(TableTab)]
pub fn table_tab<S: TableSpec>(props: &TableTabProps) -> Html {
    let columns = use_memo(props.plan.clone(), |plan| Shared::new(S::columns(plan)));
    let rows = use_memo(props.plan.clone(), |plan| Shared::new(S::rows(plan)));
    let editing = use_state(|| None::<Editing>);
    let resolving = use_state(|| None::<String>);
    let sort = props.sort.as_ref().and_then(|sort| {
        let column = columns.iter().position(|c| sort.is_on(c.title))?;
        Some((column, if sort.descending { Direction::Descending } else { Direction::Ascending }))
    });
    let on_sort = {
        let (columns, on_sort) = (columns.clone(), props.on_sort.clone());
        Callback::from(move |(column, direction): (usize, Direction)| {
            if let Some(c) = columns.get(column) {
                on_sort.emit(TableSort::by(c.title, direction == Direction::Descending));
            }
        })
    };

    let on_edit = {
        let (plan, editing) = (props.plan.clone(), editing.clone());
        Callback::from(move |id: String| {
            if let Some(values) = S::edit_values(&plan, &id) {
                editing.set(Some(Editing { id, values, errors: Vec::new() }));
            }
        })
    };
    let on_save = {
        let (plan, editing, dispatch) = (props.plan.clone(), editing.clone(), props.dispatch.clone());
        Callback::from(move |(id, values): (String, EditedValues)| match S::save(&plan, &id, &values) {
            Ok(put) => {
                editing.set(None);
                dispatch.emit(Action::Edit(put));
            }
            Err(errors) => editing.set(Some(Editing { id, values, errors })),
        })
    };
    let on_cancel = {
        let editing = editing.clone();
        Callback::from(move |_| editing.set(None))
    };
    let on_delete = props.dispatch.reform(|ids: Vec<String>| Action::Edit(Change::Delete { table: S::TABLE, ids }));
    let on_resolve = {
        let resolving = resolving.clone();
        Callback::from(move |id: String| resolving.set(Some(id)))
    };
    let resolver = resolving.as_ref().map(|id| {
        let versions = S::versions(&props.plan, id);
        let close = {
            let resolving = resolving.clone();
            Callback::from(move |_| resolving.set(None))
        };
        html! { <Resolver table={S::TABLE} id={id.clone()} {versions} dispatch={props.dispatch.clone()} on_close={close} /> }
    });

    html! {
        <>
        { for resolver }
        <VirtualTable id={S::ID} noun={S::NOUN} columns={(*columns).clone()} rows={(*rows).clone()} {sort} search={props.search.clone()}
            {on_sort} on_search={props.on_search.clone()} editing={(*editing).clone()}
            {on_edit} {on_save} {on_cancel} {on_delete} {on_resolve} on_details={props.on_details.clone()} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ResolverProps {
    table: TableName,
    id: String,
    versions: Vec<Version>,
    dispatch: Callback<Action>,
    on_close: Callback<()>,
}

/// The versions of a record that conflict after a merge, side by side on the fields where
/// they differ; keeping one resolves the conflict for everyone who merges the result.
#[function_component(Resolver)]
fn resolver(props: &ResolverProps) -> Html {
    let differing = differing_fields(&props.versions);
    if props.versions.len() < 2 {
        return html! {
            <div class="notice info tbl-resolve" role="status">
                <p>{ format!("“{}” has no conflicting versions any more.", props.id) }</p>
                <button type="button" onclick={props.on_close.reform(|_| ())}>{"Close"}</button>
            </div>
        };
    }
    let keep = |rev: &str| {
        let (table, id, rev, dispatch, close) =
            (props.table, props.id.clone(), rev.to_string(), props.dispatch.clone(), props.on_close.clone());
        Callback::from(move |_| {
            dispatch.emit(Action::Edit(Change::Resolve {
                resolutions: vec![Resolution { table, id: id.clone(), rev: rev.clone() }],
            }));
            close.emit(());
        })
    };
    html! {
        <section class="tbl-resolve" aria-labelledby="resolve-title">
            <h3 id="resolve-title">{ format!("Conflict on “{}”: {} versions", props.id, props.versions.len()) }</h3>
            <p class="muted">{"These versions were saved in different copies of the plan. Keep the right one; the others are set aside for everyone who merges this plan."}</p>
            <table>
                <thead><tr>
                    <th scope="col">{"Version"}</th>
                    { for differing.iter().map(|f| html! { <th scope="col">{ f }</th> }) }
                    <th scope="col"><span class="visually-hidden">{"Keep"}</span></th>
                </tr></thead>
                <tbody>
                { for props.versions.iter().map(|v| html! {
                    <tr>
                        <th scope="row">
                            { format!("{} — {}", if v.by.is_empty() { "unknown" } else { v.by.as_str() }, v.at) }
                            if v.current { <span class="muted">{" (shown now)"}</span> }
                            if v.deleted { <span class="muted">{" (deleted)"}</span> }
                        </th>
                        { for differing.iter().map(|f| html! { <td>{ v.fields.get(f).cloned().unwrap_or_default() }</td> }) }
                        <td><button type="button" class="primary" onclick={keep(&v.rev)}
                            aria-label={format!("Keep the version by {} of {}", v.by, v.at)}>{"Keep this version"}</button></td>
                    </tr>
                }) }
                </tbody>
            </table>
            <button type="button" onclick={props.on_close.reform(|_| ())}>{"Decide later"}</button>
        </section>
    }
}
