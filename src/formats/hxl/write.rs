//! Writing HXL CSV: a reusable writer (human header row, hashtag row, data) and the area
//! columns every table shares.

use crate::model::{Area, Plan};
use std::borrow::Cow;

/// Builds an HXL CSV: optional title lines, a header row, a hashtag row, then data rows.
/// Other reports (gap report, harmonisation report) use it so they need no CSV code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HxlWriter {
    titles: Vec<String>,
    headers: Vec<String>,
    hashtags: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl HxlWriter {
    /// Columns as (human header, hashtag) pairs, e.g. `("People in need", "#inneed")`.
    pub fn new<H: Into<String>, T: Into<String>>(columns: impl IntoIterator<Item = (H, T)>) -> HxlWriter {
        let (headers, hashtags) = columns.into_iter().map(|(h, t)| (h.into(), t.into())).unzip();
        HxlWriter { titles: Vec::new(), headers, hashtags, rows: Vec::new() }
    }

    /// A line above the header row (a report title, the date of the data); HXL readers skip it.
    pub fn title(mut self, text: impl Into<String>) -> HxlWriter {
        self.titles.push(text.into());
        self
    }

    /// Adds a data row; missing cells are written empty.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The CSV text (UTF-8, `\n` line ends, RFC 4180 quoting). Columns without any hashtag
    /// (a partner's own sheet sent back) are written without the hashtag row.
    pub fn finish(&self) -> String {
        let width = self.headers.len();
        let mut out = String::new();
        for title in &self.titles {
            push_line(&mut out, std::slice::from_ref(title), 1, as_written);
        }
        push_line(&mut out, &self.headers, width, as_written);
        if self.hashtags.iter().any(|t| !t.is_empty()) {
            push_line(&mut out, &self.hashtags, width, as_written);
        }
        for row in &self.rows {
            push_line(&mut out, row, width, defused);
        }
        out
    }
}

/// What makes a spreadsheet read a CSV cell as a formula.
const FORMULA_STARTS: [char; 4] = ['=', '+', '-', '@'];

/// A data cell that a spreadsheet would run as a formula (`=HYPERLINK(…)` typed into a
/// partner's 5W, say) gets a leading apostrophe, which spreadsheets show as plain text.
/// Numbers such as `-5` stay as they are. The HXL reader takes the apostrophe off again
/// ([`undefused`]), so exports still import unchanged.
pub fn defused(cell: &str) -> Cow<'_, str> {
    let formula = cell.starts_with(FORMULA_STARTS) && cell.trim().parse::<f64>().is_err();
    // Text that already starts with apostrophes and a formula character gets one more, so
    // reading takes exactly one off. The reader trims first: spaces in front must not hide
    // such an apostrophe (they would not survive reading anyway).
    let text = cell.trim();
    if formula {
        Cow::Owned(format!("'{cell}"))
    } else if undefused(text) != text {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The cell as it was before [`defused`]: one apostrophe fewer in front of a formula
/// character.
pub fn undefused(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// One-call form of [`HxlWriter`].
pub fn write_hxl(columns: &[(&str, &str)], rows: &[Vec<String>]) -> String {
    let mut writer = HxlWriter::new(columns.iter().copied());
    for row in rows {
        writer.row(row.clone());
    }
    writer.finish()
}

fn as_written(cell: &str) -> Cow<'_, str> {
    Cow::Borrowed(cell)
}

/// Writes one CSV line; `prepare` defuses data cells (headers are written as they are).
fn push_line(out: &mut String, cells: &[String], width: usize, prepare: fn(&str) -> Cow<'_, str>) {
    let count = cells.len().max(width);
    for i in 0..count {
        if i > 0 {
            out.push(',');
        }
        push_quoted(out, &prepare(cells.get(i).map_or("", String::as_str)));
    }
    out.push('\n');
}

/// Appends the cell, quoted only when it has to be (RFC 4180), without building a copy.
fn push_quoted(out: &mut String, cell: &str) {
    let needs_quotes = cell.contains([',', '"', '\n', '\r']) || cell.trim() != cell;
    if needs_quotes {
        out.push('"');
        for part in cell.split_inclusive('"') {
            out.push_str(part);
            if part.ends_with('"') {
                out.push('"');
            }
        }
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

/// An area and its ancestors placed by admin level (index 0 = level 1), as (code, name).
/// A code the plan does not know is put at level 1 so that it is still written.
pub(super) fn placed_by_level(plan: &Plan, code: &str) -> [Option<(String, String)>; 4] {
    let mut slots: [Option<(String, String)>; 4] = Default::default();
    let Some(record) = plan.areas.get(code) else {
        slots[0] = Some((code.to_string(), String::new()));
        return slots;
    };
    let mut current: Option<&Area> = Some(&record.data);
    let mut below = u8::MAX;
    while let Some(area) = current {
        let level = area.level.clamp(1, 4);
        // Stop at a broken chain (a parent not shallower than its child) rather than loop.
        if level >= below {
            break;
        }
        if let Some(slot) = slots.get_mut(usize::from(level - 1)) {
            *slot = Some((area.code.clone(), area.name.clone()));
        }
        below = level;
        current = area.parent.as_deref().and_then(|p| plan.areas.get(p)).map(|r| &r.data);
    }
    slots
}

/// The deepest admin level among the plan's areas (1 to 4), so exports carry no empty levels.
pub(super) fn deepest_level(plan: &Plan) -> u8 {
    plan.areas.live().map(|r| r.data.level.clamp(1, 4)).max().unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        let mut writer = HxlWriter::new([("Name", "#org"), ("Note", "#description")]).title("Report");
        writer.row(vec!["Syria Relief, Inc.".into(), "said \"hi\"".into()]);
        writer.row(vec!["IRC".into()]);
        assert_eq!(
            writer.finish(),
            "Report\nName,Note\n#org,#description\n\"Syria Relief, Inc.\",\"said \"\"hi\"\"\"\nIRC,\n"
        );
    }

    #[test]
    fn what_the_reader_gives_back_is_the_trimmed_cell_written() {
        // The reader trims before it takes an apostrophe off.
        for cell in ["'=x", " '=x", "\t''-y ", "'@", "=SUM(A1)", " -5 e-vouchers", "-5", "'-5", "plain", " ' =x"] {
            assert_eq!(undefused(defused(cell).trim()), cell.trim(), "{cell:?} defused as {:?}", defused(cell));
        }
    }
}
