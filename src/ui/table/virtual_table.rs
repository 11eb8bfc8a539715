//! A table for 100k rows: only the rows in view (plus a small buffer) are in the page,
//! spacer rows keep the scrollbar true. Sorting, search, per-column filters, selection with
//! bulk delete, a conflicts filter, and inline editing of one row at a time. The sort and
//! search belong to the owner (they are kept in the URL); the rest of the view is local.

use super::rows::{arrange, distinct_values, grouped, window, Direction, Row, Shared, View};
use crate::model::sorting;
use crate::ui::forms::field_value;
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Every row is this tall (CSS keeps it so), which is what lets the table skip rows.
pub const ROW_HEIGHT: f64 = 40.0;
/// The scroll box's height (CSS `max-height` of `.tbl-scroll`).
const VIEWPORT: f64 = 480.0;
/// Rows rendered beyond each edge, so fast scrolling does not show blank space.
const BUFFER: usize = 8;

/// How a column is edited inline.
#[derive(Clone, PartialEq)]
pub enum Editor {
    Text,
    Number,
    /// (value, text) pairs; the empty value, if listed, means "not given".
    Select(Rc<Vec<(String, String)>>),
    /// Free text with suggestions from a `<datalist>` with this id.
    Suggest(AttrValue),
}

#[derive(Clone, PartialEq)]
pub struct Column {
    pub title: &'static str,
    pub numeric: bool,
    /// Offer a filter list of this column's values.
    pub filter: bool,
    /// The field key and editor when the column can be edited inline.
    pub edit: Option<(&'static str, Editor)>,
}

impl Column {
    pub fn new(title: &'static str) -> Column {
        Column { title, numeric: false, filter: false, edit: None }
    }
    pub fn numeric(mut self) -> Column {
        self.numeric = true;
        self
    }
    pub fn filtered(mut self) -> Column {
        self.filter = true;
        self
    }
    pub fn editable(mut self, key: &'static str, editor: Editor) -> Column {
        self.edit = Some((key, editor));
        self
    }
}

/// The row being edited: its starting values and the problems found on saving.
#[derive(Clone, PartialEq)]
pub struct Editing {
    pub id: String,
    pub values: Vec<(&'static str, String)>,
    pub errors: Vec<(&'static str, String)>,
}

pub type EditedValues = Vec<(&'static str, String)>;

#[derive(Properties, PartialEq)]
pub struct VirtualTableProps {
    /// The `<table>` id; inputs and counts derive their ids from it.
    pub id: AttrValue,
    /// What the rows are, plural ("activities").
    pub noun: AttrValue,
    pub columns: Shared<Vec<Column>>,
    pub rows: Shared<Vec<Row>>,
    #[prop_or_default]
    pub sort: Option<(usize, Direction)>,
    #[prop_or_default]
    pub search: AttrValue,
    /// A header was clicked: the sort to show next.
    pub on_sort: Callback<(usize, Direction)>,
    /// The search box's text after each key.
    pub on_search: Callback<String>,
    #[prop_or_default]
    pub editing: Option<Editing>,
    pub on_edit: Callback<String>,
    pub on_save: Callback<(String, EditedValues)>,
    pub on_cancel: Callback<()>,
    pub on_delete: Callback<Vec<String>>,
    pub on_resolve: Callback<String>,
    /// Opens the record's full form ("All fields").
    #[prop_or_default]
    pub on_details: Option<Callback<String>>,
}

fn input_id(table: &str, key: &str) -> String {
    format!("{table}-edit-{key}")
}

fn target_value(event: &Event) -> String {
    let target = event.target();
    if let Some(input) = target.as_ref().and_then(|t| t.dyn_ref::<web_sys::HtmlInputElement>()) {
        return input.value();
    }
    target.as_ref().and_then(|t| t.dyn_ref::<web_sys::HtmlSelectElement>()).map(|s| s.value()).unwrap_or_default()
}

#[function_component(VirtualTable)]
pub fn virtual_table(props: &VirtualTableProps) -> Html {
    // Only the column filters and "conflicts only" are kept here.
    let local_view = use_state(View::default);
    let view = View { sort: props.sort, search: props.search.to_string(), ..(*local_view).clone() };
    let first_row = use_state_eq(|| 0usize);
    let selected = use_state(|| Rc::new(BTreeSet::<String>::new()));
    let confirming = use_state(|| false);
    let scroller = use_node_ref();
    // A new view starts at the top: row 5,000 of the old order means nothing in the new one.
    {
        let (scroller, first_row) = (scroller.clone(), first_row.clone());
        use_effect_with(view.clone(), move |_| {
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                el.set_scroll_top(0);
            }
            first_row.set(0);
        });
    }
    // Re-sorted and re-filtered only when the rows or the view change: scrolling is cheap.
    let order = use_memo((props.rows.clone(), view.clone()), |(rows, view)| arrange(rows, view));
    let filter_lists = use_memo((props.rows.clone(), props.columns.clone()), |(rows, columns)| {
        columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.filter)
            .map(|(i, _)| (i, distinct_values(rows, i)))
            .collect::<Vec<_>>()
    });
    let conflicts = use_memo(props.rows.clone(), |rows| rows.iter().filter(|r| r.conflict).count());

    let editing_id = props.editing.as_ref().map(|e| e.id.clone());
    {
        let (table, columns) = (props.id.clone(), props.columns.clone());
        use_effect_with(editing_id.clone(), move |editing| {
            let first = columns.iter().find_map(|c| c.edit.as_ref().map(|(key, _)| input_id(&table, key)));
            if let (Some(_), Some(id)) = (editing, first) {
                if let Some(el) = gloo::utils::document()
                    .get_element_by_id(&id)
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    el.focus().ok();
                }
            }
        });
    }

    let on_scroll = {
        let (scroller, first_row) = (scroller.clone(), first_row.clone());
        Callback::from(move |_: Event| {
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                first_row.set((f64::from(el.scroll_top()) / ROW_HEIGHT).floor() as usize);
            }
        })
    };
    let change_view = {
        let local_view = local_view.clone();
        Callback::from(move |change: Box<dyn Fn(&mut View)>| {
            let mut next = (*local_view).clone();
            change(&mut next);
            local_view.set(next);
        })
    };
    let on_search = props.on_search.reform(|event: InputEvent| {
        event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|i| i.value())
            .unwrap_or_default()
    });
    let filter_changed = |column: usize| {
        change_view.reform(move |event: Event| {
            let value = target_value(&event);
            Box::new(move |v: &mut View| {
                v.filters.retain(|(c, _)| *c != column);
                if !value.is_empty() {
                    v.filters.push((column, value.clone()));
                }
            }) as Box<dyn Fn(&mut View)>
        })
    };
    let toggle_conflicts = change_view.reform(|_: MouseEvent| {
        Box::new(|v: &mut View| v.conflicts_only = !v.conflicts_only) as Box<dyn Fn(&mut View)>
    });
    let sort_by = |column: usize| {
        let (on_sort, next) =
            (props.on_sort.clone(), view.toggled_sort(column).unwrap_or((column, Direction::Ascending)));
        Callback::from(move |_: MouseEvent| on_sort.emit(next))
    };

    let select_matching = {
        let (selected, order, rows) = (selected.clone(), order.clone(), props.rows.clone());
        Callback::from(move |_| {
            selected.set(Rc::new(sorting::set_of(order.iter().filter_map(|&i| rows.get(i)).map(|r| r.id.clone()))))
        })
    };
    let clear_selection = {
        let selected = selected.clone();
        Callback::from(move |_| selected.set(Rc::new(BTreeSet::new())))
    };
    let confirm_delete = {
        let (selected, confirming, on_delete) = (selected.clone(), confirming.clone(), props.on_delete.clone());
        Callback::from(move |_| {
            on_delete.emit(selected.iter().cloned().collect());
            selected.set(Rc::new(BTreeSet::new()));
            confirming.set(false);
        })
    };

    let total = props.rows.len();
    let matching = order.len();
    let range = window(*first_row as f64 * ROW_HEIGHT, VIEWPORT, ROW_HEIGHT, matching, BUFFER);
    let (above, below) = (range.start as f64 * ROW_HEIGHT, (matching - range.end) as f64 * ROW_HEIGHT);
    let span = props.columns.len() + 2;
    let noun = props.noun.clone();
    let count_text = if matching == 0 {
        format!("No matching {noun} ({} in all)", grouped(total as u64))
    } else {
        let mut text = format!(
            "Showing {}–{} of {} matching {noun}",
            grouped(range.start as u64 + 1),
            grouped(range.end as u64),
            grouped(matching as u64)
        );
        if matching != total {
            text.push_str(&format!(" ({} in all)", grouped(total as u64)));
        }
        text
    };
    let spacer = |height: f64| (height > 0.0).then(|| html! { <Spacer {height} {span} /> });
    let ctx = RowContext { props, selected: selected.clone() };

    html! {
        <div class="tbl">
            <div class="tbl-toolbar" role="search" aria-label={format!("Find {noun}")}>
                <label>{"Search"}
                    <input type="search" id={format!("{}-search", props.id)} value={view.search.clone()} oninput={on_search}
                        aria-label={format!("Search {noun}")} placeholder="Type to filter…" />
                </label>
                { for filter_lists.iter().filter_map(|(column, values)| props.columns.get(*column).map(|c| (*column, c, values))).map(|(column, c, values)| {
                    let chosen = view.filters.iter().find(|(col, _)| *col == column).map(|(_, v)| v.clone()).unwrap_or_default();
                    html! {
                        <label>{ c.title }
                            <select onchange={filter_changed(column)} aria-label={format!("Show only {noun} with this {}", c.title.to_lowercase())}>
                                <option value="" selected={chosen.is_empty()}>{"All"}</option>
                                { for values.iter().map(|v| html! { <option value={v.clone()} selected={*v == chosen}>{ v }</option> }) }
                            </select>
                        </label>
                    }
                }) }
                if *conflicts > 0 || view.conflicts_only {
                    <button type="button" class="tbl-conflicts" aria-pressed={view.conflicts_only.to_string()} onclick={toggle_conflicts}>
                        { format!("Conflicts ({})", conflicts) }
                    </button>
                }
                <button type="button" onclick={select_matching} disabled={matching == 0}>{ format!("Select all {} matching", grouped(matching as u64)) }</button>
                if !selected.is_empty() {
                    <button type="button" onclick={clear_selection}>{"Clear selection"}</button>
                    <button type="button" class="danger" onclick={let c = confirming.clone(); move |_| c.set(true)}>
                        { format!("Delete selected ({})", grouped(selected.len() as u64)) }
                    </button>
                }
            </div>
            if *confirming && !selected.is_empty() {
                <div class="notice error tbl-confirm" role="alertdialog" aria-label="Confirm deletion">
                    <p>{ format!("Delete {} {noun}? Undo brings them back.", grouped(selected.len() as u64)) }</p>
                    <button type="button" class="danger" onclick={confirm_delete}>{ format!("Delete {}", grouped(selected.len() as u64)) }</button>
                    <button type="button" onclick={let c = confirming.clone(); move |_| c.set(false)}>{"Cancel"}</button>
                </div>
            }
            <p class="tbl-count muted" id={format!("{}-count", props.id)}>{ count_text }</p>
            <div class="tbl-scroll" ref={scroller} onscroll={on_scroll}>
                <table id={props.id.clone()} class="tbl-table" aria-rowcount={(matching + 1).to_string()}>
                    <thead><tr aria-rowindex="1">
                        <th scope="col" class="tbl-check"><span class="visually-hidden">{"Selected"}</span></th>
                        { for props.columns.iter().enumerate().map(|(i, c)| {
                            let sort = view.sort.filter(|(col, _)| *col == i).map(|(_, d)| d);
                            let (aria, arrow) = match sort {
                                Some(Direction::Ascending) => (Some("ascending"), " ▲"),
                                Some(Direction::Descending) => (Some("descending"), " ▼"),
                                None => (None, ""),
                            };
                            html! {
                                <th scope="col" class={classes!(c.numeric.then_some("num"))} aria-sort={aria}>
                                    <button type="button" class="tbl-sort" onclick={sort_by(i)}>{ c.title }<span aria-hidden="true">{ arrow }</span></button>
                                </th>
                            }
                        }) }
                        <th scope="col"><span class="visually-hidden">{"Actions"}</span></th>
                    </tr></thead>
                    <tbody>
                        { spacer(above) }
                        { for range.clone().filter_map(|pos| order.get(pos).and_then(|&i| props.rows.get(i)).map(|row| (pos, row))).map(|(pos, row)| ctx.row(pos, row)) }
                        { spacer(below) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct StartingInputProps {
    id: String,
    /// The value the input starts with; typing changes only the input.
    starting: String,
    #[prop_or_default]
    list: Option<AttrValue>,
    #[prop_or_default]
    numeric: bool,
    label: String,
    invalid: Option<&'static str>,
    described: Option<String>,
}

/// An inline editor's input. Its starting value is put in from an effect when it mounts (or
/// the starting value changes), not through a `value` attribute: yew puts an attribute's
/// value back on every render, and the table re-renders while someone types (an autosave
/// finishing), which threw away what they had typed.
#[function_component(StartingInput)]
fn starting_input(props: &StartingInputProps) -> Html {
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with(props.starting.clone(), move |starting| {
            if let Some(input) = input.cast::<web_sys::HtmlInputElement>() {
                input.set_value(starting);
            }
        });
    }
    html! {
        <input ref={input} id={props.id.clone()} list={props.list.clone()} inputmode={props.numeric.then_some("numeric")}
            size={props.numeric.then_some("8")} aria-label={props.label.clone()} aria-invalid={props.invalid}
            aria-describedby={props.described.clone()} />
    }
}

#[derive(Properties, PartialEq)]
struct SpacerProps {
    height: f64,
    span: usize,
}

/// A row as tall as the rows it stands for. Its height is set through the CSSOM from an
/// effect: a `style` attribute would need 'unsafe-inline' in the page's Content-Security-Policy.
#[function_component(Spacer)]
fn spacer_row(props: &SpacerProps) -> Html {
    let cell = use_node_ref();
    {
        let cell = cell.clone();
        use_effect_with(props.height, move |height| {
            if let Some(cell) = cell.cast::<web_sys::HtmlElement>() {
                // Only fails on a read-only declaration, which a table cell's is not.
                let _ = cell.style().set_property("height", &format!("{height}px"));
            }
        });
    }
    html! { <tr class="tbl-spacer" aria-hidden="true"><td ref={cell} colspan={props.span.to_string()}></td></tr> }
}

struct RowContext<'a> {
    props: &'a VirtualTableProps,
    selected: UseStateHandle<Rc<BTreeSet<String>>>,
}

impl RowContext<'_> {
    fn row(&self, pos: usize, row: &Row) -> Html {
        if let Some(editing) = self.props.editing.as_ref().filter(|e| e.id == row.id) {
            return self.editing_row(pos, row, editing);
        }
        let props = self.props;
        let id = row.id.clone();
        let is_selected = self.selected.contains(&row.id);
        let toggle = {
            let (selected, id) = (self.selected.clone(), id.clone());
            Callback::from(move |_: Event| {
                let mut next = (**selected).clone();
                if !next.remove(&id) {
                    next.insert(id.clone());
                }
                selected.set(Rc::new(next));
            })
        };
        let with_id = |callback: &Callback<String>| {
            let id = id.clone();
            callback.reform(move |_: MouseEvent| id.clone())
        };
        let delete = {
            let id = id.clone();
            props.on_delete.reform(move |_: MouseEvent| vec![id.clone()])
        };
        html! {
            <tr key={row.id.clone()} data-id={row.id.clone()} aria-rowindex={(pos + 2).to_string()}
                class={classes!("tbl-row", is_selected.then_some("tbl-selected"))}>
                <td class="tbl-check"><input type="checkbox" checked={is_selected} onchange={toggle} aria-label={format!("Select {}", row.label)} /></td>
                { for row.cells.iter().zip(props.columns.iter()).enumerate().map(|(i, (cell, column))| html! {
                    <td class={classes!(column.numeric.then_some("num"))} title={cell.text.clone()}>
                        if i == 0 && row.conflict {
                            <button type="button" class="tbl-badge" onclick={with_id(&props.on_resolve)} aria-label={format!("Conflict: compare the versions of {}", row.label)}>{"Conflict"}</button>{" "}
                        }
                        { &cell.text }
                    </td>
                }) }
                <td class="tbl-actions">
                    <button type="button" onclick={with_id(&props.on_edit)} aria-label={format!("Edit {}", row.label)}>{"Edit"}</button>
                    if let Some(details) = &props.on_details {
                        <button type="button" onclick={with_id(details)} aria-label={format!("All fields of {}", row.label)}>{"All fields"}</button>
                    }
                    <button type="button" class="danger" onclick={delete} aria-label={format!("Delete {}", row.label)}>{"Delete"}</button>
                </td>
            </tr>
        }
    }

    fn editing_row(&self, pos: usize, row: &Row, editing: &Editing) -> Html {
        let props = self.props;
        let table = props.id.to_string();
        let save = {
            let (table, columns, id, on_save) =
                (table.clone(), props.columns.clone(), row.id.clone(), props.on_save.clone());
            Callback::from(move |_: ()| {
                let values = columns
                    .iter()
                    .filter_map(|c| c.edit.as_ref())
                    .map(|(key, _)| (*key, field_value(&input_id(&table, key))))
                    .collect();
                on_save.emit((id.clone(), values));
            })
        };
        let on_key = {
            let (save, cancel) = (save.clone(), props.on_cancel.clone());
            Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
                "Enter" => {
                    event.prevent_default();
                    save.emit(());
                }
                "Escape" => {
                    event.prevent_default();
                    cancel.emit(());
                }
                _ => {}
            })
        };
        let value_of =
            |key: &str| editing.values.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default();
        let error_of = |key: &str| editing.errors.iter().find(|(k, _)| *k == key).map(|(_, m)| m.clone());
        html! {
            <tr key={row.id.clone()} data-id={row.id.clone()} aria-rowindex={(pos + 2).to_string()} class="tbl-editing" onkeydown={on_key}>
                <td class="tbl-check"></td>
                { for row.cells.iter().zip(props.columns.iter()).map(|(cell, column)| match &column.edit {
                    None => html! { <td class={classes!(column.numeric.then_some("num"))}>{ &cell.text }</td> },
                    Some((key, editor)) => {
                        let (id, value, error) = (input_id(&table, key), value_of(key), error_of(key));
                        let error_id = format!("{id}-error");
                        let described = error.is_some().then(|| error_id.clone());
                        let invalid = error.is_some().then_some("true");
                        let label = format!("{} of {}", column.title, row.label);
                        html! {
                            <td>
                                { match editor {
                                    Editor::Select(options) => html! {
                                        <select {id} aria-label={label} aria-invalid={invalid} aria-describedby={described}>
                                            { for options.iter().map(|(v, t)| html! { <option value={v.clone()} selected={*v == value}>{ t }</option> }) }
                                        </select>
                                    },
                                    Editor::Suggest(list) => html! {
                                        <StartingInput {id} starting={value} list={Some(list.clone())} {label} {invalid} {described} />
                                    },
                                    Editor::Text | Editor::Number => html! {
                                        <StartingInput {id} starting={value} numeric={matches!(editor, Editor::Number)} {label} {invalid} {described} />
                                    },
                                } }
                                if let Some(error) = error {
                                    <span class="field-error" id={error_id}>{ error }</span>
                                }
                            </td>
                        }
                    }
                }) }
                <td class="tbl-actions">
                    <button type="button" class="primary" onclick={save.reform(|_| ())}>{"Save"}</button>
                    <button type="button" onclick={props.on_cancel.reform(|_| ())}>{"Cancel"}</button>
                </td>
            </tr>
        }
    }
}
