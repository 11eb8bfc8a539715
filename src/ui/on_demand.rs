//! Calling a wasm module that the app loads on first use (the spreadsheet module, the
//! boundaries module): a loader function that www/start.js defines on `window` imports it
//! once, then its exported functions are called with bytes and JSON.

use super::browser::js_error;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// One on-demand module: the loader's name on `window` and what to say when it fails.
pub struct OnDemand {
    pub loader: &'static str,
    /// "the spreadsheet module could not be loaded. …": shown as it is.
    pub unavailable: &'static str,
    /// "the spreadsheet module": for an answer that is not what was expected.
    pub name: &'static str,
}

impl OnDemand {
    async fn module(&self) -> Result<JsValue, String> {
        let window = gloo::utils::window();
        let loader: Function = Reflect::get(&window, &self.loader.into())
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or_else(|| self.unavailable.to_string())?;
        let promise: Promise =
            loader.call0(&JsValue::NULL).map_err(js_error)?.dyn_into().map_err(|_| self.unavailable.to_string())?;
        JsFuture::from(promise).await.map_err(|e| format!("{} ({})", self.unavailable, js_error(e)))
    }

    /// Calls an exported function of the module, loading it first if needed.
    pub async fn call(&self, function: &str, args: &[JsValue]) -> Result<JsValue, String> {
        let module = self.module().await?;
        let function: Function = Reflect::get(&module, &function.into())
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or_else(|| self.unavailable.to_string())?;
        let args: js_sys::Array = args.iter().collect();
        function.apply(&JsValue::NULL, &args).map_err(js_error)
    }

    /// A JSON text answer.
    pub fn text(&self, value: JsValue) -> Result<String, String> {
        value.as_string().ok_or_else(|| format!("{} answered something unexpected", self.name))
    }
}
