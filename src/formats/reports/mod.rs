//! Engine reports as files people share: HXL CSV (for the HDX / HXL tool chain and
//! spreadsheets) and plain-text tables (for the terminal). Pure functions, so the command
//! line and the browser app export exactly the same files.
//!
//! Numbers are written from the engine's exact types: percentages with one decimal, money
//! with two, similarity ratios with two. Nothing is summed here.

pub mod gaps;
mod harmonisation;
mod overlaps;
mod text_table;

#[cfg(test)]
mod tests;

pub use harmonisation::{flag_code, flag_label, harmonise_hxl, harmonise_text};
pub use overlaps::{organisation_list, overlap_groups_hxl, overlap_groups_text, overlaps_hxl, overlaps_text};
pub use text_table::TextTable;

use crate::model::sorting;
use crate::model::IsoDate;
use std::collections::BTreeSet;
use std::fmt::Display;

/// The text of an optional value, empty when missing.
fn cell<T: Display>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// Admin levels (1 to 4) as HXL area columns. An area the plan does not know has no level
/// and is written as level 1, like the table exports do, so that its code is not lost.
fn placed_level(level: Option<u8>) -> u8 {
    level.unwrap_or(1).clamp(1, 4)
}

/// One `#admN+code` column per level that occurs, shallowest first; `#adm1+code` when none
/// does, so that an empty report still has the same shape.
fn level_columns(levels: impl Iterator<Item = Option<u8>>) -> Vec<u8> {
    let present: BTreeSet<u8> = sorting::set_of(levels.map(placed_level));
    if present.is_empty() {
        vec![1]
    } else {
        present.into_iter().collect()
    }
}

fn level_headers(levels: &[u8]) -> Vec<(String, String)> {
    levels.iter().map(|l| (format!("Admin {l} P-code"), format!("#adm{l}+code"))).collect()
}

/// The area code in its level's column, the other level columns empty.
fn level_cells(levels: &[u8], code: &str, level: Option<u8>) -> Vec<String> {
    let level = placed_level(level);
    levels.iter().map(|&l| if l == level { code.to_string() } else { String::new() }).collect()
}

/// `60000` as `60,000` for people reading a terminal (files keep plain digits).
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `2024-01-01..2024-06-30`, an open end written as `open`.
fn period(from: Option<IsoDate>, to: Option<IsoDate>) -> String {
    let end = |d: Option<IsoDate>| d.map_or_else(|| "open".to_string(), |d| d.to_string());
    format!("{}..{}", end(from), end(to))
}

#[cfg(test)]
mod helper_tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn places_codes_by_level() {
        let levels = level_columns([Some(4), Some(3), None, Some(3)].into_iter());
        assert_eq!(levels, [1, 3, 4]);
        assert_eq!(level_cells(&levels, "C1", Some(4)), ["", "", "C1"]);
        assert_eq!(level_cells(&levels, "XX", None), ["XX", "", ""]);
        assert_eq!(level_columns(std::iter::empty()), [1]);
    }
}
