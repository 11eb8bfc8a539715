//! The bridge to the spreadsheet module (`cashplan-xl`, a second wasm file): loaded on first
//! use through `window.cashplanXl()` (defined in www/start.js), then called with bytes and
//! JSON. Keeping calamine and the xlsx writer out of the main module keeps the first load
//! small; the service worker precaches both, so spreadsheets work offline too.

use super::on_demand::OnDemand;
use crate::formats::sheet::OpenedSheet;
use crate::formats::xlsx::SheetData;
use js_sys::Uint8Array;
use wasm_bindgen::JsValue;

const XL: OnDemand = OnDemand {
    loader: "cashplanXl",
    unavailable: "the spreadsheet module could not be loaded. Reload the page while online once, then try again",
    name: "the spreadsheet module",
};

pub async fn sheet_names(file: &str, bytes: &[u8]) -> Result<Vec<String>, String> {
    let json = XL.text(XL.call("sheet_names", &[file.into(), Uint8Array::from(bytes).into()]).await?)?;
    serde_json::from_str(&json).map_err(|e| e.to_string())
}

/// The sheet and the mapping proposed for it (the proposal is made in the module).
pub async fn read_table(file: &str, bytes: &[u8], sheet: Option<&str>) -> Result<OpenedSheet, String> {
    let sheet = sheet.map_or(JsValue::UNDEFINED, JsValue::from_str);
    let json = XL.text(XL.call("read_table", &[file.into(), Uint8Array::from(bytes).into(), sheet]).await?)?;
    serde_json::from_str(&json).map_err(|e| e.to_string())
}

pub async fn write_xlsx(sheets: &[SheetData]) -> Result<Vec<u8>, String> {
    let json = serde_json::to_string(sheets).map_err(|e| e.to_string())?;
    let bytes = XL.call("write_workbook", &[json.into()]).await?;
    Ok(Uint8Array::new(&bytes).to_vec())
}
