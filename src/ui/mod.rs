//! The browser app (Yew). `state` is the pure reducer and compiles everywhere so it is
//! tested natively; the components are wasm only.

pub mod analysis;
pub mod boundary_flow;
pub mod effects;
pub mod filtering;
pub mod gap_rows;
pub mod input;
pub mod map_view;
pub mod map_zoom;
pub mod options;
pub mod rounds_flow;
pub mod route;
pub mod sheet_flow;
pub mod sheet_keyed;
pub mod state;
pub mod table;

#[cfg(target_arch = "wasm32")]
mod activity_form;
#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod area_picker;
#[cfg(target_arch = "wasm32")]
mod boundary_import;
#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
mod data_page;
#[cfg(target_arch = "wasm32")]
mod export_privacy;
#[cfg(target_arch = "wasm32")]
mod forms;
#[cfg(target_arch = "wasm32")]
mod geo;
#[cfg(target_arch = "wasm32")]
mod harmonise_page;
#[cfg(target_arch = "wasm32")]
mod home;
#[cfg(target_arch = "wasm32")]
mod import_page;
#[cfg(target_arch = "wasm32")]
mod map_gestures;
#[cfg(target_arch = "wasm32")]
mod map_page;
#[cfg(target_arch = "wasm32")]
mod on_demand;
#[cfg(target_arch = "wasm32")]
mod overview;
#[cfg(target_arch = "wasm32")]
mod plan_page;
#[cfg(target_arch = "wasm32")]
mod reference_forms;
#[cfg(target_arch = "wasm32")]
mod rounds_page;
#[cfg(target_arch = "wasm32")]
mod share_panel;
#[cfg(target_arch = "wasm32")]
mod sheet_import;
#[cfg(target_arch = "wasm32")]
mod tab_channel;
#[cfg(target_arch = "wasm32")]
mod xl;

/// The harmonisation page's parts. `view` (wording, filter, chart scale) and `parse` (form
/// fields) are plain Rust, tested natively; the components are wasm only.
mod harmonise {
    #[cfg(target_arch = "wasm32")]
    pub mod calculator;
    #[cfg(target_arch = "wasm32")]
    pub mod deviations;
    #[cfg(target_arch = "wasm32")]
    pub mod editors;
    #[cfg(target_arch = "wasm32")]
    pub mod overlap_list;
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub mod parse;
    #[cfg(target_arch = "wasm32")]
    pub mod reference_editors;
    #[cfg(target_arch = "wasm32")]
    pub mod strip_chart;
    #[cfg(target_arch = "wasm32")]
    pub mod summaries;
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub mod view;
}

/// Mounts the app into `#app`.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    let root = gloo::utils::document().get_element_by_id("app");
    match root {
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => web_sys::console::error_1(&"cashplan: no #app element in the page".into()),
    }
}
