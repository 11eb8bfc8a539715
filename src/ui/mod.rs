//! The browser app (Yew). `state` is the pure reducer and compiles everywhere so it is
//! tested natively; the components are wasm only.

pub mod input;
pub mod route;
pub mod state;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
mod data_page;
#[cfg(target_arch = "wasm32")]
mod forms;
#[cfg(target_arch = "wasm32")]
mod home;
#[cfg(target_arch = "wasm32")]
mod import_page;
#[cfg(target_arch = "wasm32")]
mod overview;
#[cfg(target_arch = "wasm32")]
mod plan_page;
#[cfg(target_arch = "wasm32")]
mod share_panel;
#[cfg(target_arch = "wasm32")]
mod tab_channel;

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
