//! Reads CSV text into an HXL table: finds the hashtag row, parses the hashtags and keeps
//! the data rows with the row numbers a spreadsheet would show.

use super::errors::HxlError;
use crate::model::sorting;
use std::collections::BTreeSet;
use std::fmt;

/// The hashtag row may follow title and header rows, but only this far down (as in libhxl).
pub const HASHTAG_SEARCH_ROWS: usize = 25;

/// A parsed hashtag: lower-case name and attributes, so `#ADM1 +Name` equals `#adm1+name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub attributes: BTreeSet<String>,
}

impl Tag {
    /// Parses `#name+attr+attr` (spaces around `+` allowed); None for anything else.
    pub fn parse(cell: &str) -> Option<Tag> {
        let rest = cell.trim().strip_prefix('#')?;
        let mut parts = rest.split('+').map(str::trim);
        let name = parts.next().filter(|n| is_word(n))?.to_lowercase();
        let mut attributes = BTreeSet::new();
        for attribute in parts {
            if !is_word(attribute) {
                return None;
            }
            attributes.insert(attribute.to_lowercase());
        }
        Some(Tag { name, attributes })
    }

    pub fn has(&self, attribute: &str) -> bool {
        self.attributes.contains(attribute)
    }

    /// Whether this is `#name` with every attribute of `with` and none of `without`.
    pub fn matches(&self, name: &str, with: &[&str], without: &[&str]) -> bool {
        self.name == name && with.iter().all(|a| self.has(a)) && !without.iter().any(|a| self.has(a))
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.name)?;
        self.attributes.iter().try_for_each(|a| write!(f, "+{a}"))
    }
}

fn is_word(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A tagged column; untagged columns are dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Position in each row's cells.
    pub index: usize,
    /// The human header above the hashtag (may be empty).
    pub header: String,
    /// The hashtag as written in the file, for messages.
    pub written: String,
    pub tag: Tag,
}

impl Column {
    /// `column C "Governorate P-code" (#adm1+code)`, as the user sees it in a spreadsheet.
    pub fn describe(&self) -> String {
        let letter = column_letter(self.index);
        if self.header.is_empty() {
            format!("column {letter} ({})", self.written)
        } else {
            format!("column {letter} \"{}\" ({})", self.header, self.written)
        }
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A data row below the hashtag row.
#[derive(Debug, Clone, PartialEq)]
pub struct DataRow {
    /// The spreadsheet row number (1-based, counting title rows and blank lines).
    pub number: usize,
    pub cells: Vec<String>,
}

impl DataRow {
    /// The trimmed cell, None when empty or missing; an apostrophe that defused a formula
    /// on export is taken off.
    pub fn cell(&self, index: usize) -> Option<&str> {
        self.cells.get(index).map(|c| super::write::undefused(c.trim())).filter(|c| !c.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct HxlTable {
    pub file: String,
    pub columns: Vec<Column>,
    pub rows: Vec<DataRow>,
}

impl HxlTable {
    /// Parses CSV text (UTF-8, with or without BOM).
    // An error here ends the import at once, so its size does not matter.
    #[allow(clippy::result_large_err)]
    pub fn parse(file: &str, text: &str) -> Result<HxlTable, HxlError> {
        let rows = read_rows(file, text.strip_prefix('\u{feff}').unwrap_or(text))?;
        if rows.iter().all(|r| r.cells.iter().all(|c| c.trim().is_empty())) {
            return Err(HxlError::Empty { file: file.to_string() });
        }
        let position = rows
            .iter()
            .take(HASHTAG_SEARCH_ROWS)
            .position(|r| is_hashtag_row(&r.cells))
            .ok_or_else(|| HxlError::NoHashtagRow { file: file.to_string(), searched: HASHTAG_SEARCH_ROWS })?;
        let header = position.checked_sub(1).and_then(|p| rows.get(p));
        let hashtags = rows.get(position).map(|r| r.cells.as_slice()).unwrap_or_default();
        let columns = hashtags
            .iter()
            .enumerate()
            .filter_map(|(index, cell)| {
                let tag = Tag::parse(cell)?;
                let header = header.and_then(|h| h.cell(index)).unwrap_or("").to_string();
                Some(Column { index, header, written: cell.trim().to_string(), tag })
            })
            .collect::<Vec<_>>();
        let data =
            rows.into_iter().skip(position + 1).filter(|r| columns.iter().any(|c| r.cell(c.index).is_some())).collect();
        Ok(HxlTable { file: file.to_string(), columns, rows: data })
    }

    /// The first column tagged `#name` with all of `with` and none of `without`.
    pub fn find(&self, name: &str, with: &[&str], without: &[&str]) -> Option<&Column> {
        self.columns.iter().find(|c| c.tag.matches(name, with, without))
    }

    pub fn find_all(&self, name: &str, with: &[&str], without: &[&str]) -> Vec<&Column> {
        self.columns.iter().filter(|c| c.tag.matches(name, with, without)).collect()
    }

    /// Whether any column is `#name` carrying all of `with`.
    pub fn has(&self, name: &str, with: &[&str]) -> bool {
        self.find(name, with, &[]).is_some()
    }

    /// The distinct hashtags of the file, for messages.
    pub fn hashtag_list(&self) -> String {
        let tags: BTreeSet<String> = sorting::set_of(self.columns.iter().map(|c| c.tag.to_string()));
        if tags.is_empty() {
            return "none".to_string();
        }
        tags.into_iter().collect::<Vec<_>>().join(", ")
    }
}

/// libhxl's rule: at least one hashtag, and at least half of the non-empty cells are hashtags.
pub fn is_hashtag_row(cells: &[String]) -> bool {
    let non_empty = cells.iter().filter(|c| !c.trim().is_empty()).count();
    let tags = cells.iter().filter(|c| Tag::parse(c).is_some()).count();
    tags > 0 && tags * 2 >= non_empty
}

/// All records with spreadsheet row numbers. The csv reader skips blank lines and a quoted
/// cell may span lines, so the row numbers come from a separate scan of the text.
#[allow(clippy::result_large_err)]
fn read_rows(file: &str, text: &str) -> Result<Vec<DataRow>, HxlError> {
    let numbers = record_row_numbers(text);
    let number = |i: usize| numbers.get(i).copied().unwrap_or(i + 1);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record =
            record.map_err(|e| HxlError::NotCsv { file: file.to_string(), row: number(i), detail: e.to_string() })?;
        rows.push(DataRow { number: number(i), cells: record.iter().map(str::to_string).collect() });
    }
    Ok(rows)
}

/// The 1-based row number of every non-blank record, splitting lines as the csv reader does
/// (`\r`, `\n` or `\r\n` outside quotes; a quote opens a quoted cell only at a cell's start).
fn record_row_numbers(text: &str) -> Vec<usize> {
    let (mut numbers, mut row) = (Vec::new(), 1);
    let (mut in_quotes, mut cell_start, mut has_content) = (false, true, false);
    let mut bytes = text.bytes().peekable();
    while let Some(byte) = bytes.next() {
        if in_quotes {
            if byte == b'"' && bytes.next_if_eq(&b'"').is_none() {
                in_quotes = false;
            }
            continue;
        }
        match byte {
            b'"' if cell_start => in_quotes = true,
            b'\r' | b'\n' => {
                if byte == b'\r' {
                    bytes.next_if_eq(&b'\n');
                }
                if has_content {
                    numbers.push(row);
                }
                row += 1;
                has_content = false;
                cell_start = true;
                continue;
            }
            _ => {}
        }
        has_content = true;
        cell_start = byte == b',';
    }
    if has_content {
        numbers.push(row);
    }
    numbers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(text: &str) -> Tag {
        Tag::parse(text).unwrap()
    }

    #[test]
    fn attributes_ignore_case_and_order() {
        assert_eq!(tag("#adm1+name+x"), tag("#ADM1 +X +name"));
        assert_eq!(tag("#Org +Funding").to_string(), "#org+funding");
        assert!(Tag::parse("Governorate").is_none());
        assert!(Tag::parse("#1adm").is_none());
        assert!(Tag::parse("#adm1+").is_none());
    }

    #[test]
    fn hashtag_row_in_row_one() {
        let table = HxlTable::parse("f.csv", "#adm1+code,#adm1+name\nSY02,Aleppo\n").unwrap();
        assert_eq!(table.columns.len(), 2);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].number, 2);
        assert_eq!(table.columns[0].header, "");
    }

    #[test]
    fn hashtag_row_in_row_three_after_a_title_and_a_header() {
        let table = HxlTable::parse("f.csv", "Syria needs\nCode,People\n#adm1+code,#inneed\nSY02,10\n").unwrap();
        assert_eq!(table.columns[1].describe(), "column B \"People\" (#inneed)");
        assert_eq!(table.rows[0].number, 4);
    }

    #[test]
    fn hashtag_row_after_title_rows_with_bom() {
        let text =
            "\u{feff}Syria 5W\nas of March\nP-code,Name,Notes\n#adm1+code,#adm1+name,\n\nSY02,Aleppo,x\nSY07,Idleb,y\n";
        let table = HxlTable::parse("f.csv", text).unwrap();
        assert_eq!(table.columns.len(), 2, "the untagged Notes column is ignored");
        assert_eq!(table.columns[1].describe(), "column B \"Name\" (#adm1+name)");
        let numbers: Vec<usize> = table.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![6, 7], "the blank line 5 still counts as a row");
    }

    #[test]
    fn multi_line_cells_keep_spreadsheet_row_numbers() {
        let text = "#org,#activity\r\nWFP,\"two\r\n\r\nlines\"\r\n\r\nIRC,5\" \"pipe\r\nNRC,\"a \"\"b\"\"\nc\"\n";
        let table = HxlTable::parse("f.csv", text).unwrap();
        let numbers: Vec<usize> = table.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![2, 4, 5]);
        assert_eq!(table.rows[2].cells[1], "a \"b\"\nc");
    }

    #[test]
    fn a_header_row_mentioning_one_hashtag_is_not_the_hashtag_row() {
        let text = "Code,Name,Population,#notes\n#adm1+code,#adm1+name,#population,\nSY02,Aleppo,1\n";
        let table = HxlTable::parse("f.csv", text).unwrap();
        assert_eq!(table.columns.len(), 3);
    }

    #[test]
    fn no_hashtag_row_in_the_first_25_rows() {
        let mut text = "Title\n".repeat(25);
        text.push_str("#adm1+code\nSY02\n");
        let error = HxlTable::parse("late.csv", &text).unwrap_err();
        assert_eq!(error, HxlError::NoHashtagRow { file: "late.csv".into(), searched: 25 });
        assert!(error.to_string().contains("late.csv"));
    }

    #[test]
    fn empty_file() {
        assert_eq!(HxlTable::parse("e.csv", "\u{feff}\n,,\n"), Err(HxlError::Empty { file: "e.csv".into() }));
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
    }
}
