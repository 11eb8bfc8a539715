//! The Import page's boundaries section: choose a COD-AB file, check the proposed attribute
//! mapping of each layer (P-code, name, parent), see how its P-codes match the plan's
//! areas, and store it — creating or completing areas when the user agrees; or copy the
//! boundaries another stored plan has (a new plan for the same country). The work is in
//! `boundary_flow`; this only renders the stage and dispatches.

use super::boundary_flow::{BoundaryDraft, BoundaryMsg, BoundaryStage, Checked};
use super::forms::take_file;
use super::state::Action;
use crate::formats::boundaries::{AttributeMapping, LayerSummary, NameField};
use crate::formats::map::grouped;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BoundaryImportProps {
    pub stage: BoundaryStage,
    /// Admin levels the plan already has boundaries for.
    pub stored_levels: Vec<u8>,
    /// The other stored plans that have boundaries: id, name and number of shapes.
    pub others: Vec<(String, String, u64)>,
    pub dispatch: Callback<Action>,
}

#[function_component(BoundaryImport)]
pub fn boundary_import(props: &BoundaryImportProps) -> Html {
    let on_file = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: Event| {
            if let Some(file) = take_file(&event) {
                dispatch.emit(Action::Boundaries(BoundaryMsg::Chosen(file)));
            }
        })
    };
    let cancel = props.dispatch.reform(|_| Action::Boundaries(BoundaryMsg::Cancel));
    let chosen = use_state(|| None::<String>);
    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                chosen.set(Some(select.value()));
            }
        })
    };
    let reuse_id = (*chosen).clone().filter(|id| props.others.iter().any(|o| o.0 == *id));
    let reuse_id = reuse_id.or_else(|| props.others.first().map(|o| o.0.clone()));
    let on_reuse = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(id) = reuse_id.clone() {
                dispatch.emit(Action::Boundaries(BoundaryMsg::Reuse(id)));
            }
        })
    };
    let stored = if props.stored_levels.is_empty() {
        "The plan has no boundaries yet.".to_string()
    } else {
        let levels: Vec<String> = props.stored_levels.iter().map(|l| format!("admin {l}")).collect();
        format!("The plan has boundaries at {}; importing a level again replaces its shapes.", levels.join(", "))
    };
    html! {
        <section class="card" aria-labelledby="boundaries-title">
            <h2 id="boundaries-title">{"Import boundaries (COD-AB)"}</h2>
            <p class="muted">{"The administrative boundaries OCHA publishes on HDX: the zipped shapefile (one layer per admin level) or GeoJSON, in WGS 84. They are simplified for the screen and stored with the plan, so maps work offline. "}{ stored }</p>
            <label>{"Boundary file (.zip or .geojson)"}
                <input type="file" id="import-boundaries-file" accept=".zip,.geojson,.json,application/zip,application/geo+json" onchange={on_file} />
            </label>
            if !props.others.is_empty() {
                <p class="inline">
                    <label>{"Or reuse the boundaries stored with another plan"}
                        <select id="reuse-boundaries-plan" onchange={on_choose}>
                            { for props.others.iter().map(|(id, name, shapes)| html! {
                                <option value={id.clone()}>{ format!("{name} ({} shapes)", grouped(*shapes)) }</option>
                            }) }
                        </select>
                    </label>
                    <button type="button" id="reuse-boundaries" onclick={on_reuse}>{"Copy its boundaries into this plan"}</button>
                </p>
            }
            { match &props.stage {
                BoundaryStage::Idle => html! {},
                BoundaryStage::Busy(text) => html! { <p role="status" id="boundaries-progress">{ text.clone() }</p> },
                BoundaryStage::Failed(message) => html! {
                    <div class="notice error" role="alert" id="boundaries-error">
                        <p>{ message.clone() }</p>
                        <button type="button" onclick={cancel}>{"Dismiss"}</button>
                    </div>
                },
                BoundaryStage::Mapping(draft) => mapping(draft, &props.dispatch),
            } }
        </section>
    }
}

fn mapping(draft: &BoundaryDraft, dispatch: &Callback<Action>) -> Html {
    let store = dispatch.reform(|_| Action::Boundaries(BoundaryMsg::Store));
    let cancel = dispatch.reform(|_| Action::Boundaries(BoundaryMsg::Cancel));
    let on_create = {
        let (dispatch, create) = (dispatch.clone(), draft.create_areas);
        Callback::from(move |_: Event| dispatch.emit(Action::Boundaries(BoundaryMsg::SetCreateAreas(!create))))
    };
    html! {
        <div id="boundaries-mapping">
            <h3>{ format!("{}: {} layers", draft.file, draft.summary.layers.len()) }</h3>
            { for draft.summary.layers.iter().map(|layer| layer_mapping(layer, draft.mappings.get(&layer.name), dispatch)) }
            { match &draft.checked {
                None => html! { <p role="status" id="boundaries-checking">{"Simplifying the shapes and matching the P-codes with the plan's areas…"}</p> },
                Some(checked) => html! {
                    <>
                    { checked_view(checked) }
                    <p>
                        <label class="check">
                            <input type="checkbox" id="boundaries-create-areas" checked={draft.create_areas} onchange={on_create} />
                            { format!(" Create {} areas and complete {} from the boundaries (code, name, level, parent)", checked.new_areas, checked.completed_areas) }
                        </label>
                    </p>
                    <button type="button" class="primary" id="boundaries-store" onclick={store}>
                        { format!("Store {} boundaries in the plan", checked.set.features.len()) }
                    </button>
                    </>
                },
            } }
            <button type="button" onclick={cancel}>{"Cancel"}</button>
        </div>
    }
}

/// A layer's mapping with a select per role; a change sends the whole edited mapping.
fn layer_mapping(layer: &LayerSummary, mapping: Option<&AttributeMapping>, dispatch: &Callback<Action>) -> Html {
    let Some(mapping) = mapping else {
        return html! { <p class="notice error">{ format!("{}: no field holds P-codes (fields: {}).", layer.name, layer.fields.join(", ")) }</p> };
    };
    let id = |role: &str| format!("boundaries-{}-{role}", super::route::column_slug(&layer.name));
    let change = |edit: fn(&mut AttributeMapping, String)| {
        let (dispatch, layer, mapping) = (dispatch.clone(), layer.name.clone(), mapping.clone());
        Callback::from(move |event: Event| {
            let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() else { return };
            let mut mapping = mapping.clone();
            edit(&mut mapping, select.value());
            dispatch.emit(Action::Boundaries(BoundaryMsg::SetMapping { layer: layer.clone(), mapping }));
        })
    };
    let name_field = mapping.names.first().map(|n| n.field.clone()).unwrap_or_default();
    let select = |chosen: &str, allow_none: bool| {
        let none = allow_none.then(|| html! { <option value="" selected={chosen.is_empty()}>{"(none)"}</option> });
        html! { <>{ for none }{ for layer.fields.iter().map(|f| html! { <option value={f.clone()} selected={f == chosen}>{ f }</option> }) }</> }
    };
    let languages: Vec<String> = mapping.names.iter().map(|n| format!("{} ({})", n.field, n.language)).collect();
    html! {
        <fieldset class="boundary-layer">
            <legend>{ format!("{}: admin level {}, {} areas, {} vertices", layer.name, mapping.level, layer.features, grouped(layer.vertices as u64)) }</legend>
            <label>{"P-code"}
                <select id={id("pcode")} onchange={change(|m, v| m.pcode = v)}>{ select(&mapping.pcode, false) }</select>
            </label>
            <label>{"Name"}
                <select id={id("name")} onchange={change(set_name)}>{ select(&name_field, true) }</select>
            </label>
            <label>{"Parent P-code"}
                <select id={id("parent")} onchange={change(|m, v| m.parent = Some(v).filter(|v| !v.is_empty()))}>
                    { select(mapping.parent.as_deref().unwrap_or_default(), true) }
                </select>
            </label>
            <p class="muted">{ format!("Names kept: {}", if languages.is_empty() { "none".to_string() } else { languages.join(", ") }) }</p>
        </fieldset>
    }
}

/// The chosen field first (in its language when the proposal knew it), the other names after.
fn set_name(mapping: &mut AttributeMapping, field: String) {
    let known = mapping.names.iter().find(|n| n.field == field).cloned();
    mapping.names.retain(|n| n.field != field);
    if !field.is_empty() {
        let first = known.unwrap_or(NameField { language: "und".into(), field });
        mapping.names.insert(0, first);
    }
}

fn checked_view(checked: &Checked) -> Html {
    let list = |title: &str, codes: &[String], id: String| {
        if codes.is_empty() {
            return html! {};
        }
        let shown: Vec<&str> = codes.iter().take(30).map(String::as_str).collect();
        let more = codes.len() - shown.len();
        html! {
            <details {id}>
                <summary>{ format!("{title} ({})", codes.len()) }</summary>
                <p>{ shown.join(", ") }{ if more > 0 { format!(" and {more} more") } else { String::new() } }</p>
            </details>
        }
    };
    html! {
        <div class="notice info" role="status" id="boundaries-match">
            <ul>
            { for checked.stats.iter().map(|s| html! {
                <li>{ format!("Admin level {}: {} areas, {} vertices kept of {}", s.level, s.features, grouped(s.vertices_kept as u64), grouped(s.vertices_read as u64)) }</li>
            }) }
            </ul>
            { for checked.matches.iter().map(|m| html! {
                <div>
                    <p>{ format!("Admin level {}: {} of {} boundary P-codes match the plan's {} areas at that level.", m.level, m.matched, m.shapes, m.areas) }</p>
                    { list("Plan areas without a shape", &m.areas_without_shape, format!("boundaries-no-shape-{}", m.level)) }
                    { list("Shapes without a plan area", &m.shapes_without_area, format!("boundaries-no-area-{}", m.level)) }
                </div>
            }) }
        </div>
    }
}
