//! The Map page and the Overview's map card: a measure per area on the plan's boundaries,
//! drawn by `formats::map`'s SVG renderer in the boundaries module (presentation attributes
//! only, every text escaped; see `AppState::draw_map`) with the legend in words and numbers; each area is focusable and its name,
//! P-code and figures show as text on focus or hover. The level, measure, the dots of
//! activities with coordinates and the page's filters are in the URL; exports go through
//! `Action::ExportMap`.

use super::map_gestures as gestures;
use super::map_view::{area_text, MapAnalysis, MapFormat};
use super::map_zoom::{MapView, ViewChange, PAN_STEP, ZOOM_STEP};
use super::overview::cell_detail;
use super::route::{Page, Route};
use super::state::{Action, PlanRef};
use crate::engine::areas::code_key;
use crate::engine::map::area_cells;
use crate::engine::map::Measure;
use crate::formats::map::labels::MAX_ZOOM;
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
    /// The area chosen, by P-code: its cells show under the map.
    pub selected: Option<String>,
    /// Prefix of the element ids (the page and the card may not share ids).
    pub id: AttrValue,
    pub dispatch: Callback<Action>,
}

/// The drawn map with the focused area's figures in words under it, and the cells of the
/// area chosen (click, Enter or Space) as the gap matrix shows them.
#[function_component(MapFigure)]
pub fn map_figure(props: &MapFigureProps) -> Html {
    let dispatch = |make: fn(String) -> Action| {
        let dispatch = props.dispatch.clone();
        move |event: &Event| {
            if let Some(pcode) = pcode_of(event) {
                dispatch.emit(make(pcode));
            }
        }
    };
    let on_over = {
        let focus = dispatch(|p| Action::MapFocus(Some(p)));
        Callback::from(move |event: MouseEvent| focus(&event))
    };
    let text = props.focus.as_deref().and_then(|p| area_text(&props.plan, &props.map, p));
    let drawing_id = format!("{}-drawing", props.id);
    let view = use_state(MapView::default);
    // Pointers down on the map (client coordinates), and how far they moved: a drag is no click.
    let pointers = use_mut_ref(Vec::<(i32, f64, f64)>::new);
    let moved = use_mut_ref(|| 0.0_f64);
    let change = {
        let (view, drawing_id) = (view.clone(), drawing_id.clone());
        Callback::from(move |change: ViewChange| {
            if let Some(region) = gestures::region(&drawing_id) {
                view.set(view.changed(change, region));
            }
        })
    };
    {
        let (drawing_id, selected) = (drawing_id.clone(), props.selected.clone());
        // Each new drawing comes in at the whole view: apply the view to it too.
        let drawn = props.drawing.as_ref().map(|svg| Rc::as_ptr(svg) as usize);
        use_effect_with((*view, drawn, selected), move |(view, _, selected)| {
            gestures::apply(&drawing_id, *view, selected.as_deref());
        });
    }
    let whole = view.is_whole();
    let on_focus = {
        let focus = dispatch(|p| Action::MapFocus(Some(p)));
        let (change, drawing_id) = (change.clone(), drawing_id.clone());
        Callback::from(move |event: FocusEvent| {
            focus(&event);
            // Tab may reach an area outside the zoomed view: bring it into view.
            let target = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            if let (false, Some(area)) = (whole, target.filter(|t| t.has_attribute("data-pcode"))) {
                if let Some(shift) = gestures::reveal(&drawing_id, &area) {
                    change.emit(shift);
                }
            }
        })
    };
    {
        // The chosen area's section takes the focus when an area is chosen (not on arriving at
        // the page), and gives it back to the area when it is closed.
        let (id, drawing_id) = (format!("{}-selected-title", props.id), drawing_id.clone());
        let before = use_mut_ref(|| props.selected.clone());
        use_effect_with(props.selected.clone(), move |selected| {
            let previous = before.replace(selected.clone());
            match (previous, selected) {
                (previous, Some(now)) if previous.as_ref() != Some(now) => gestures::focus(&format!("#{id}")),
                (Some(closed), None) => gestures::focus(&format!("#{drawing_id} path[data-pcode=\"{closed}\"]")),
                _ => {}
            }
        });
    }
    let on_click = {
        let select = dispatch(|p| Action::MapSelect(Some(p)));
        let moved = moved.clone();
        Callback::from(move |event: MouseEvent| {
            if *moved.borrow() < 6.0 {
                select(&event);
            }
        })
    };
    let on_key = {
        let (select, change) = (dispatch(|p| Action::MapSelect(Some(p))), change.clone());
        let drawing_id = drawing_id.clone();
        Callback::from(move |event: KeyboardEvent| {
            let step = gestures::region(&drawing_id).map_or(0.0, |(_, _, w, h)| w.min(h) * PAN_STEP);
            let asked = match event.key().as_str() {
                "Enter" | " " if pcode_of(&event).is_some() => {
                    select(&event);
                    None
                }
                "+" | "=" => Some(ViewChange::Zoom(ZOOM_STEP)),
                "-" | "_" => Some(ViewChange::Zoom(1.0 / ZOOM_STEP)),
                "0" => Some(ViewChange::Reset),
                "ArrowLeft" => Some(ViewChange::Pan { dx: step, dy: 0.0 }),
                "ArrowRight" => Some(ViewChange::Pan { dx: -step, dy: 0.0 }),
                "ArrowUp" => Some(ViewChange::Pan { dx: 0.0, dy: step }),
                "ArrowDown" => Some(ViewChange::Pan { dx: 0.0, dy: -step }),
                _ => return,
            };
            // Space and the arrows would scroll the page.
            event.prevent_default();
            if let Some(asked) = asked {
                change.emit(asked);
            }
        })
    };
    let on_wheel = {
        let (change, drawing_id) = (change.clone(), drawing_id.clone());
        Callback::from(move |event: WheelEvent| {
            // Scrolling down past the whole map (or sideways) scrolls the page, as elsewhere.
            if event.delta_y() == 0.0 || (whole && event.delta_y() > 0.0) {
                return;
            }
            let Some(at) = gestures::drawing_point(&drawing_id, event.client_x().into(), event.client_y().into())
            else {
                return;
            };
            event.prevent_default();
            let factor = if event.delta_y() < 0.0 { 1.25 } else { 0.8 };
            change.emit(ViewChange::ZoomAt { factor, at });
        })
    };
    let on_down = {
        let (pointers, moved) = (pointers.clone(), moved.clone());
        Callback::from(move |event: PointerEvent| {
            let mut down = pointers.borrow_mut();
            if down.is_empty() {
                *moved.borrow_mut() = 0.0;
            }
            down.retain(|p| p.0 != event.pointer_id());
            down.push((event.pointer_id(), event.client_x().into(), event.client_y().into()));
        })
    };
    let on_move = {
        let (pointers, moved, change, drawing_id) =
            (pointers.clone(), moved.clone(), change.clone(), drawing_id.clone());
        Callback::from(move |event: PointerEvent| {
            let mut down = pointers.borrow_mut();
            let Some(index) = down.iter().position(|p| p.0 == event.pointer_id()) else { return };
            let before = down.clone();
            let (x, y) = (f64::from(event.client_x()), f64::from(event.client_y()));
            down[index] = (event.pointer_id(), x, y);
            let Some(scale) = gestures::drawing_per_screen(&drawing_id) else { return };
            match (&before[..], &down[..]) {
                // One pointer drags the map.
                ([(_, x0, y0)], [_]) => {
                    *moved.borrow_mut() += (x - x0).abs() + (y - y0).abs();
                    change.emit(ViewChange::Pan { dx: (x - x0) * scale, dy: (y - y0) * scale });
                }
                // Two pinch: zoom by the change of their distance, about their middle.
                ([(_, ax, ay), (_, bx, by)], [(_, cx, cy), (_, dx, dy)]) => {
                    *moved.borrow_mut() += 10.0;
                    let (apart, now) = ((bx - ax).hypot(by - ay), (dx - cx).hypot(dy - cy));
                    if let (true, Some(at)) =
                        (apart > 0.0, gestures::drawing_point(&drawing_id, (cx + dx) / 2.0, (cy + dy) / 2.0))
                    {
                        change.emit(ViewChange::ZoomAt { factor: now / apart, at });
                    }
                }
                _ => {}
            }
        })
    };
    let on_up = {
        let pointers = pointers.clone();
        Callback::from(move |event: PointerEvent| pointers.borrow_mut().retain(|p| p.0 != event.pointer_id()))
    };
    // Marked, not disabled, when they would change nothing: a disabled button under the
    // focus would drop it (the view ignores a zoom beyond its limits).
    let zoom_button = |label: &'static str, id: &'static str, asked: ViewChange, idle: bool| {
        let change = change.clone();
        html! { <button type="button" id={format!("{}-{id}", props.id)} aria-disabled={idle.to_string()} onclick={Callback::from(move |_| change.emit(asked))}>{ label }</button> }
    };
    html! {
        <>
        <p class="map-zoom" role="group" aria-label="Zoom and move the map">
            { zoom_button("Zoom in", "zoom-in", ViewChange::Zoom(ZOOM_STEP), view.zoom >= MAX_ZOOM) }
            { zoom_button("Zoom out", "zoom-out", ViewChange::Zoom(1.0 / ZOOM_STEP), whole) }
            { zoom_button("Whole map", "zoom-reset", ViewChange::Reset, whole) }
            <span class="muted">{ format!(" Zoom {:.1}×. Drag to move; wheel, pinch or + and − to zoom; arrow keys move the map when an area has focus.", view.zoom) }</span>
        </p>
        <figure class="map-figure" id={format!("{}-figure", props.id)}>
            <div class={classes!("map-drawing", (!whole).then_some("zoomed"))} id={drawing_id.clone()} onfocusin={on_focus} onmouseover={on_over}
                onclick={on_click} onkeydown={on_key} onwheel={on_wheel} onpointerdown={on_down} onpointermove={on_move}
                onpointerup={on_up.clone()} onpointercancel={on_up.clone()} onpointerleave={on_up}>
                if let Some(svg) = &props.drawing {
                    { Html::from_html_unchecked(AttrValue::from(svg.to_string())) }
                } else {
                    <p class="muted" role="status">{"Drawing the map…"}</p>
                }
            </div>
            <figcaption role="status" aria-live="polite" id={format!("{}-area", props.id)} class="map-area-text">
                { text.unwrap_or_else(|| "Move to an area with Tab or the pointer to read its figures; press Enter or click to see its activities.".to_string()) }
            </figcaption>
        </figure>
        if let Some(pcode) = &props.selected {
            { selected_area(props, pcode) }
        }
        </>
    }
}

/// The area of the map's P-code under the event's target, if any.
fn pcode_of(event: &Event) -> Option<String> {
    let element = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    element.closest("[data-pcode]").ok().flatten()?.get_attribute("data-pcode")
}

/// The chosen area's cells (one per sector, or the filter's sector) with their activities.
fn selected_area(props: &MapFigureProps, pcode: &str) -> Html {
    let map = &props.map;
    // Chosen at another level (or in another plan), it is not an area of this map.
    if !map.figures.areas.iter().any(|a| code_key(&a.area) == code_key(pcode)) {
        return html! {};
    }
    let cells = area_cells(&map.gaps, &map.key.filter, pcode);
    let name = cells.first().map_or_else(|| pcode.to_string(), |c| format!("{} ({})", c.area_name, c.area));
    let id = format!("{}-selected", props.id);
    html! {
        <section class="card map-selected" id={id.clone()} aria-labelledby={format!("{id}-title")}>
            <h2 id={format!("{id}-title")} tabindex="-1">{ format!("Chosen on the map: {name}") }</h2>
            <p>
                { if cells.is_empty() { "No people in need or activities are recorded here for these filters.".to_string() }
                  else { format!("{} of the gap matrix, as the Overview shows them, with these filters.", plural(cells.len(), "cell")) } }
                {" "}<button type="button" id={format!("{id}-close")} onclick={props.dispatch.reform(|_| Action::MapSelect(None))}>{"Close"}</button>
            </p>
            { for cells.iter().enumerate().map(|(i, cell)| cell_detail(cell, &props.plan, &format!("{id}-cell-{i}"), true)) }
        </section>
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
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
    pub selected: Option<String>,
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
        <section class="card" aria-labelledby="map-title">
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
            <MapFigure plan={props.plan.clone()} map={map.clone()} drawing={props.drawing.clone()} focus={props.focus.clone()} selected={props.selected.clone()} id="map" dispatch={props.dispatch.clone()} />
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
    pub selected: Option<String>,
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
            <MapFigure plan={props.plan.clone()} map={props.map.clone()} drawing={props.drawing.clone()} focus={props.focus.clone()} selected={props.selected.clone()} id="overview-map" dispatch={props.dispatch.clone()} />
            <p><a href={full.to_hash()} id="open-map">{"Open the Map page: other measures, levels and exports"}</a></p>
        </section>
    }
}
