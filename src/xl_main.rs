//! The browser app's spreadsheet module: reading xlsx/xlsb/xls/ods/CSV files and writing xlsx,
//! built as a second wasm file that the app loads only when a spreadsheet is opened or a
//! workbook exported, so the first load stays small. Values cross as JSON text and bytes.
//! Natively this binary only says what it is: the `cashplan` command line reads and writes
//! spreadsheets itself.

#[cfg(target_arch = "wasm32")]
mod exports {
    use cashplan::formats::{sheet, xlsx};
    use wasm_bindgen::prelude::wasm_bindgen;

    /// The sheet names of a workbook, as a JSON array.
    #[wasm_bindgen]
    pub fn sheet_names(file: &str, bytes: &[u8]) -> Result<String, String> {
        let names = sheet::sheet_names(file, bytes).map_err(|e| e.to_string())?;
        serde_json::to_string(&names).map_err(|e| e.to_string())
    }

    /// One sheet as a `RawTable` with its proposed mapping (`OpenedSheet`), in JSON.
    #[wasm_bindgen]
    pub fn read_table(file: &str, bytes: &[u8], sheet: Option<String>) -> Result<String, String> {
        let table = sheet::read_table(file, bytes, sheet.as_deref()).map_err(|e| e.to_string())?;
        serde_json::to_string(&sheet::OpenedSheet::of(table)).map_err(|e| e.to_string())
    }

    /// An xlsx workbook from `SheetData` given as JSON.
    #[wasm_bindgen]
    pub fn write_workbook(sheets: &str) -> Result<Vec<u8>, String> {
        let sheets: Vec<xlsx::SheetData> = serde_json::from_str(sheets).map_err(|e| e.to_string())?;
        xlsx::write_xlsx(&sheets).map_err(|e| e.to_string())
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    println!("cashplan-xl is the browser app's spreadsheet module; on the command line use `cashplan import … --mapping` and `cashplan export … --format xlsx`.");
}
