//! The Map page and the Overview's map card: a measure per area on the plan's boundaries,
//! drawn by `formats::map`'s SVG renderer in the boundaries module (presentation attributes
//! only, every text escaped; see `AppState::draw_map`) with the legend in words and numbers; each area is focusable and its name,
//! P-code and figures show as text on focus or hover. The level, measure, the dots of
//! activities with coordinates and the page's filters are in the URL; exports go through
//! `Action::ExportMap`.

use super::map_view::{area_text, MapAnalysis, MapFormat};
use super::route::{Page, Route};
use super::state::{Action, PlanRef};
use crate::engine::map::Measure;
use crate::model::boundary::stored_levels;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MapFigureProps {
    pub plan: PlanRef,
    pub map: Rc<MapAnalysis>,
    /// The renderer's SVG; None while it is drawn.
    pub drawing: Option<Rc<String>>,
    /// The area with focus or the pointer, by P-code.
    pub focus: Option<String>,
    /// Prefix of the element ids (the page and the card may not share ids).
    pub id: AttrValue,
    pub dispatch: Callback<Action>,
}

/// The drawn map with the focused area's figures in words under it.
#[function_component(MapFigure)]
pub fn map_figure(props: &MapFigureProps) -> Html {
    let pcode_of = |event: &Event| {
        let element = event.target()?.dyn_into::<web_sys::Element>().ok()?;
        element.closest("[data-pcode]").ok().flatten()?.get_attribute("data-pcode")
    };
    let on_focus = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: FocusEvent| {
            if let Some(pcode) = pcode_of(&event) {
                dispatch.emit(Action::MapFocus(Some(pcode)));
            }
        })
    };
    let on_over = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: MouseEvent| {
            if let Some(pcode) = pcode_of(&event) {
                dispatch.emit(Action::MapFocus(Some(pcode)));
            }
        })
    };
    let text = props.focus.as_deref().and_then(|p| area_text(&props.plan, &props.map, p));
    html! {
        <figure class="map-figure" id={format!("{}-figure", props.id)}>
            <div class="map-drawing" id={format!("{}-drawing", props.id)} onfocusin={on_focus} onmouseover={on_over}>
                if let Some(svg) = &props.drawing {
                    { Html::from_html_unchecked(AttrValue::from(svg.to_string())) }
                } else {
                    <p class="muted" role="status">{"Drawing the map…"}</p>
                }
            </div>
            <figcaption role="status" aria-live="polite" id={format!("{}-area", props.id)} class="map-area-text">
                { text.unwrap_or_else(|| "Move to an area with Tab or the pointer to read its figures.".to_string()) }
            </figcaption>
        </figure>
    }
}

#[derive(Properties, PartialEq)]
pub struct MapPageProps {
    pub plan: PlanRef,
    pub route: Route,
    /// None while the first figures are read, or when the plan has no boundaries.
    pub map: Option<Rc<MapAnalysis>>,
    /// The map shown is the last one, for other filters, while the figures for these are read.
    #[prop_or_default]
    pub updating: bool,
    pub drawing: Option<Rc<String>>,
    pub focus: Option<String>,
    pub dispatch: Callback<Action>,
}

#[function_component(MapPage)]
pub fn map_page(props: &MapPageProps) -> Html {
    let levels: Vec<u8> = stored_levels(&props.plan).into_iter().filter(|l| *l >= 1).collect();
    if levels.is_empty() {
        let mut import = props.route.clone();
        import.page = Page::Import;
        return html! {
            <section class="card" id="map-empty">
                <h2>{"Map"}</h2>
                <p>{"The plan has no boundaries yet. Import the COD-AB boundaries of the country (the zipped shapefile or GeoJSON from HDX) on the "}<a href={import.to_hash()}>{"Import page"}</a>{"; the map then shades each area by coverage, gap, people reached and more."}</p>
            </section>
        };
    }
    let Some(map) = props.map.clone() else {
        return html! { <p class="muted" role="status" id="analysing">{"Reading the map's figures…"}</p> };
    };
    let measure = props.route.measure.unwrap_or(Measure::Coverage);
    let choose = |change: fn(&mut Route, String)| {
        let (dispatch, route) = (props.dispatch.clone(), props.route.clone());
        Callback::from(move |event: Event| {
            let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() else { return };
            let mut next = route.clone();
            change(&mut next, select.value());
            dispatch.emit(Action::Navigate(next));
        })
    };
    let on_level = choose(|r, v| r.filters.level = v.parse().ok());
    let on_measure = choose(|r, v| r.measure = Measure::parse(&v).filter(|m| *m != Measure::Coverage));
    let on_points = {
        let (dispatch, route) = (props.dispatch.clone(), props.route.clone());
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
            dispatch.emit(Action::Navigate(Route { points: input.checked(), ..route.clone() }));
        })
    };
    let export = |format: MapFormat| props.dispatch.reform(move |_| Action::ExportMap(format));
    let updating = props.updating;
    let level = map.figures.level;
    // While updating, the level box shows the level asked for, not the one still drawn.
    let chosen_level = props.route.filters.level.filter(|l| updating && levels.contains(l)).unwrap_or(level);
    html! {
        <section class="card" aria-labelledby="map-title" aria-busy={updating.to_string()}>
            <h2 id="map-title">{ format!("{} at admin level {level}", measure.title()) }</h2>
            <form class="inline" aria-label="Map" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <label>{"Admin level with boundaries"}
                    <select id="map-level" onchange={on_level}>
                        { for levels.iter().map(|l| html! { <option value={l.to_string()} selected={*l == chosen_level}>{ format!("Admin {l}") }</option> }) }
                    </select>
                </label>
                <label>{"Measure"}
                    <select id="map-measure" onchange={on_measure}>
                        { for Measure::ALL.iter().map(|m| html! { <option value={m.code()} selected={*m == measure}>{ m.title() }</option> }) }
                    </select>
                </label>
                <label><input type="checkbox" id="map-points" checked={props.route.points} onchange={on_points} />{" Activities with coordinates as dots (area in proportion to people)"}</label>
            </form>
            if updating {
                <p class="muted" role="status" id="map-updating">{"Reading the map's figures for the new choice… The map below is the last one until then."}</p>
            }
            <MapFigure plan={props.plan.clone()} map={map.clone()} drawing={props.drawing.clone()} focus={props.focus.clone()} id="map" dispatch={props.dispatch.clone()} />
            <p>
                {"Export: "}
                <button type="button" id="map-export-svg" disabled={updating} onclick={export(MapFormat::Svg)}>{"SVG"}</button>
                <button type="button" id="map-export-png" disabled={updating} onclick={export(MapFormat::Png)}>{"PNG"}</button>
                <button type="button" id="map-export-geojson" disabled={updating} onclick={export(MapFormat::GeoJson)}>{"GeoJSON with the figures"}</button>
                <button type="button" id="map-export-boundaries" disabled={updating} onclick={export(MapFormat::Boundaries)}>{ format!("Boundaries of admin {level} (GeoJSON)") }</button>
            </p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct MapCardProps {
    pub plan: PlanRef,
    pub route: Route,
    pub map: Rc<MapAnalysis>,
    pub drawing: Option<Rc<String>>,
    pub focus: Option<String>,
    pub dispatch: Callback<Action>,
}

/// The Overview's map: coverage at the page's filters, with a link to the Map page.
#[function_component(MapCard)]
pub fn map_card(props: &MapCardProps) -> Html {
    let mut full = props.route.clone();
    full.page = Page::Map;
    html! {
        <section class="card" aria-labelledby="map-card-title">
            <h2 id="map-card-title">{ format!("Coverage map, admin level {}", props.map.figures.level) }</h2>
            <MapFigure plan={props.plan.clone()} map={props.map.clone()} drawing={props.drawing.clone()} focus={props.focus.clone()} id="overview-map" dispatch={props.dispatch.clone()} />
            <p><a href={full.to_hash()} id="open-map">{"Open the Map page: other measures, levels and exports"}</a></p>
        </section>
    }
}
