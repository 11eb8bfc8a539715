//! The bridge to the spreadsheet module (`cashplan-xl`, a second wasm file): loaded on first
//! use through `window.cashplanXl()` (defined in www/start.js), then called with bytes and
//! JSON. Keeping calamine and the xlsx writer out of the main module keeps the first load
//! small; the service worker precaches both, so spreadsheets work offline too.

use super::browser::js_error;
use crate::formats::sheet::RawTable;
use crate::formats::xlsx::SheetData;
use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const UNAVAILABLE: &str =
    "the spreadsheet module could not be loaded. Reload the page while online once, then try again";

async fn module() -> Result<JsValue, String> {
    let window = gloo::utils::window();
    let loader: Function = Reflect::get(&window, &"cashplanXl".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| UNAVAILABLE.to_string())?;
    let promise: Promise =
        loader.call0(&JsValue::NULL).map_err(js_error)?.dyn_into().map_err(|_| UNAVAILABLE.to_string())?;
    JsFuture::from(promise).await.map_err(|e| format!("{UNAVAILABLE} ({})", js_error(e)))
}

async fn call(name: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let module = module().await?;
    let function: Function = Reflect::get(&module, &name.into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| UNAVAILABLE.to_string())?;
    let args: js_sys::Array = args.iter().collect();
    function.apply(&JsValue::NULL, &args).map_err(js_error)
}

fn text(value: JsValue) -> Result<String, String> {
    value.as_string().ok_or_else(|| "the spreadsheet module answered something unexpected".to_string())
}

pub async fn sheet_names(file: &str, bytes: &[u8]) -> Result<Vec<String>, String> {
    let json = text(call("sheet_names", &[file.into(), Uint8Array::from(bytes).into()]).await?)?;
    serde_json::from_str(&json).map_err(|e| e.to_string())
}

pub async fn read_table(file: &str, bytes: &[u8], sheet: Option<&str>) -> Result<RawTable, String> {
    let sheet = sheet.map_or(JsValue::UNDEFINED, JsValue::from_str);
    let json = text(call("read_table", &[file.into(), Uint8Array::from(bytes).into(), sheet]).await?)?;
    serde_json::from_str(&json).map_err(|e| e.to_string())
}

pub async fn write_xlsx(sheets: &[SheetData]) -> Result<Vec<u8>, String> {
    let json = serde_json::to_string(sheets).map_err(|e| e.to_string())?;
    let bytes = call("write_workbook", &[json.into()]).await?;
    Ok(Uint8Array::new(&bytes).to_vec())
}
