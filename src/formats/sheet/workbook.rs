//! The plan as one Excel workbook for people who live in Excel: a sheet per table that has
//! records, then the gap report and the transfer value report, each with the HXL hashtag row
//! under the headers so the file can come back in unchanged.

use crate::engine::gaps::{analyse, GapQuery};
use crate::engine::harmonise::{harmonise, HarmoniseQuery};
use crate::formats::hxl::{protect_hxl, undefused, write_table, TableKind};
use crate::formats::reports::gaps::gaps_hxl;
use crate::formats::reports::harmonise_hxl;
use crate::formats::xlsx::{Cell, SheetData};
use crate::model::disclosure::SmallCounts;
use crate::model::{Amount, IsoDate, Plan};

/// The sheets of the plan's workbook; `today` dates activities without a start date in the
/// transfer value report; `protect` hides small counts in every sheet, for sharing outside
/// the group.
pub fn plan_workbook(plan: &Plan, today: IsoDate, protect: Option<SmallCounts>) -> Vec<SheetData> {
    let sheet = |name: &str, hxl: String| match protect {
        Some(rule) => hxl_sheet(name, &protect_hxl(&hxl, rule)),
        None => hxl_sheet(name, &hxl),
    };
    let mut sheets: Vec<SheetData> = TableKind::ALL
        .iter()
        .map(|&kind| sheet(&sheet_title(kind), write_table(plan, kind)))
        .filter(|sheet| !sheet.rows.is_empty())
        .collect();
    let gaps = analyse(plan, &GapQuery { level: None, period: None });
    sheets.push(sheet(&format!("Gaps admin {}", gaps.level), gaps_hxl(&gaps)));
    if plan.activities.len_live() > 0 {
        let report = harmonise(plan, &HarmoniseQuery { level: None, today });
        sheets.push(sheet("Transfer values", harmonise_hxl(&report)));
    }
    sheets
}

fn sheet_title(kind: TableKind) -> String {
    match kind {
        TableKind::Areas => "Areas",
        TableKind::Needs => "People in need",
        TableKind::Activities => "Activities (5W)",
        TableKind::Standards => "Standards",
        TableKind::Mebs => "MEB",
        TableKind::ExchangeRates => "Exchange rates",
    }
    .to_string()
}

/// Hashtags whose cells are figures, written as numbers so that Excel can sum them.
const NUMERIC: &[&str] =
    &["#targeted", "#reached", "#inneed", "#population", "#value", "#affected", "#indicator", "#severity"];

/// An HXL CSV (header row, hashtag row, data) as a sheet; figures become numbers.
pub fn hxl_sheet(name: &str, hxl_csv: &str) -> SheetData {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(hxl_csv.as_bytes());
    let records: Vec<Vec<String>> =
        reader.records().filter_map(Result::ok).map(|r| r.iter().map(str::to_string).collect()).collect();
    let mut records = records.into_iter();
    let headers = records.next().unwrap_or_default();
    let tags = records.next().unwrap_or_default();
    let numeric: Vec<bool> = tags.iter().map(|t| NUMERIC.iter().any(|n| t.split('+').next() == Some(*n))).collect();
    let columns: Vec<(String, String)> =
        headers.iter().enumerate().map(|(i, h)| (h.clone(), tags.get(i).cloned().unwrap_or_default())).collect();
    let rows = records
        .map(|cells| {
            // A workbook cell is never a formula: the CSV's defusing apostrophes come off.
            cells
                .into_iter()
                .enumerate()
                .map(|(i, text)| typed(undefused(&text).to_string(), numeric.get(i).copied().unwrap_or(false)))
                .collect()
        })
        .collect();
    SheetData { name: name.to_string(), columns, rows, lists: Vec::new() }
}

fn typed(text: String, numeric: bool) -> Cell {
    if text.is_empty() {
        return Cell::Empty;
    }
    if numeric {
        if let Some(n) = text.parse::<i64>().ok().filter(|n| n.unsigned_abs() < 1_000_000_000_000_000) {
            return Cell::Integer(n);
        }
        if let Some(amount) = Amount::parse(&text) {
            return Cell::Decimal(amount);
        }
    }
    Cell::Text(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_numbers_and_codes_stay_text() {
        let sheet = hxl_sheet("s", "Code,People,Value\n#adm1+code,#targeted,#value+transfer\n0102,1200,12.5\n");
        assert_eq!(sheet.columns[1], ("People".to_string(), "#targeted".to_string()));
        assert_eq!(
            sheet.rows,
            vec![vec![Cell::Text("0102".into()), Cell::Integer(1200), Cell::Decimal(Amount::parse("12.5").unwrap())]]
        );
    }

    /// A workbook cell is never run as a formula: the apostrophe the CSV export puts before
    /// formula-like text would show in Excel, and come back on import.
    #[test]
    fn cells_the_csv_export_defused_are_written_as_they_are() {
        let cells = ["@IRC", "=HYPERLINK(\"x\")", "-5 e-vouchers", "'-kept", "-5"];
        let csv = crate::formats::hxl::write_hxl(
            &[("Org", "#org"), ("A", "#activity"), ("B", "#description"), ("C", "#meta"), ("People", "#targeted")],
            &[cells.map(String::from).to_vec()],
        );
        let sheet = hxl_sheet("s", &csv);
        let expected: Vec<Cell> =
            cells[..4].iter().map(|c| Cell::Text(c.to_string())).chain([Cell::Integer(-5)]).collect();
        assert_eq!(sheet.rows, vec![expected]);
    }
}
