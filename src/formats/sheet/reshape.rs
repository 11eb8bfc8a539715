//! Wide sheets made long before they are mapped: a column per sector (`Food_PIN`,
//! `WASH_PIN`, …) or per month becomes one row per area and sector (or month), a value fixed
//! for the whole file becomes a column, and totals rows are left out. The result is an
//! ordinary table and mapping, so every check after this is the same as for a long sheet,
//! and every row keeps the number it has in the user's file.

use super::cells::is_missing;
use super::headers::known_hashtag;
use super::mapping::{ColumnChoice, ColumnMapping, Spread};
use super::values::{field_kind, Coded, FieldKind};
use super::{RawRow, RawTable, SheetWarning, WarningKind};
use crate::model::vocab::fold;

/// The fields a sheet may have one column per value of, with their word on the screen.
pub const SPREAD_BY: &[(&str, &str)] = &[("#sector", "sector"), ("#date+reported", "month")];

/// A header such as `Food_PIN`, `WASH Severity` or `PIN - Inter-sector`: a figure for one
/// sector, as the figure's hashtag and the sector it is for.
pub fn propose_spread(header: &str) -> Option<(String, Spread)> {
    let words: Vec<&str> = header.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    for cut in 1..words.len() {
        let (left, right) = (words[..cut].join(" "), words[cut..].join(" "));
        for (sector, figure) in [(&left, &right), (&right, &left)] {
            let Some(Some(hashtag)) = known_hashtag(figure) else { continue };
            let figure_ok = matches!(field_kind(hashtag), FieldKind::Count) || hashtag.starts_with("#severity");
            if let (true, Some(code)) = (figure_ok, Coded::Sector.canonical(sector)) {
                return Some((hashtag.to_string(), Spread { by: "#sector".into(), value: code }));
            }
        }
    }
    None
}

/// Whether a cell says total (`Total`, `Grand total`, `TOTAL:`).
fn says_total(cell: &str) -> bool {
    let key: String = fold(cell).chars().filter(|c| c.is_alphanumeric()).collect();
    key.starts_with("total") || key == "grandtotal" || key == "sum" || key == "overall"
}

/// Whether a row is a totals row: a cell says total, and no P-code column holds anything but
/// that word.
fn is_totals(row: &RawRow, codes: &[usize]) -> bool {
    let no_code = codes.iter().all(|&i| row.cells.get(i).is_none_or(|c| is_missing(c) || says_total(c)));
    no_code && row.cells.iter().any(|c| says_total(c))
}

/// Several headers named at once, short: `Food_PIN, WASH_PIN, Health_PIN and 3 more`.
fn joined(headers: &[&str]) -> String {
    match headers {
        [] => String::new(),
        [one] => one.to_string(),
        _ if headers.len() <= 3 => headers.join(", "),
        _ => format!("{} and {} more", headers[..3].join(", "), headers.len() - 3),
    }
}

/// The long table and its mapping when the sheet is wide, has fixed values or totals rows;
/// None when it is mapped as it is.
pub fn reshape(raw: &RawTable, mapping: &ColumnMapping) -> Option<(RawTable, ColumnMapping)> {
    if mapping.columns.len() != raw.headers.len() {
        return None;
    }
    let mapped = |i: usize| mapping.columns.get(i).and_then(|c| c.hashtag.as_deref());
    let codes: Vec<usize> = (0..raw.headers.len())
        .filter(|&i| mapped(i).is_some_and(|t| t.starts_with("#adm") && t.ends_with("+code")))
        .collect();
    let totals: Vec<usize> = if codes.is_empty() {
        Vec::new()
    } else {
        raw.rows.iter().filter(|r| is_totals(r, &codes)).map(|r| r.line).collect()
    };
    let spread: Vec<usize> =
        (0..raw.headers.len()).filter(|&i| mapped(i).is_some() && mapping.columns[i].per.is_some()).collect();
    if spread.is_empty() && mapping.fixed.is_empty() && totals.is_empty() {
        return None;
    }
    let plain: Vec<usize> = (0..raw.headers.len()).filter(|i| !spread.contains(i)).collect();
    // The figures (one column each) and the groups (one row each), in the sheet's order.
    let mut figures: Vec<String> = Vec::new();
    let mut groups: Vec<Spread> = Vec::new();
    for &i in &spread {
        let choice = &mapping.columns[i];
        let (Some(tag), Some(per)) = (choice.hashtag.clone(), choice.per.clone()) else { continue };
        if !figures.contains(&tag) {
            figures.push(tag);
        }
        if !groups.contains(&per) {
            groups.push(per);
        }
    }
    let dims: Vec<String> = groups.iter().fold(Vec::new(), |mut dims, g| {
        if !dims.contains(&g.by) {
            dims.push(g.by.clone());
        }
        dims
    });
    let column_of = |figure: &str, group: &Spread| {
        spread.iter().copied().find(|&i| mapped(i) == Some(figure) && mapping.columns[i].per.as_ref() == Some(group))
    };
    let fixed: Vec<(&String, &String)> = mapping.fixed.iter().collect();

    let mut columns: Vec<ColumnChoice> = plain.iter().map(|&i| mapping.columns[i].clone()).collect();
    for figure in &figures {
        let headers: Vec<&str> =
            spread.iter().filter(|&&i| mapped(i) == Some(figure)).map(|&i| raw.headers[i].as_str()).collect();
        let personal_data_ok = spread.iter().any(|&i| mapped(i) == Some(figure) && mapping.columns[i].personal_data_ok);
        columns.push(ColumnChoice {
            header: joined(&headers),
            hashtag: Some(figure.clone()),
            personal_data_ok,
            per: None,
        });
    }
    for dim in &dims {
        let word = SPREAD_BY.iter().find(|(t, _)| t == dim).map_or(dim.as_str(), |(_, w)| w);
        columns.push(ColumnChoice::new(format!("{word} (from the column headers)"), Some(dim.clone())));
    }
    for (tag, _) in &fixed {
        let word = SPREAD_BY.iter().find(|(t, _)| t == tag).map_or(tag.as_str(), |(_, w)| w);
        columns.push(ColumnChoice::new(format!("{word} (for the whole file)"), Some(tag.to_string())));
    }

    let mut rows = Vec::with_capacity(raw.rows.len() * groups.len().max(1));
    for row in raw.rows.iter().filter(|r| !totals.contains(&r.line)) {
        let cell = |i: usize| row.cells.get(i).cloned().unwrap_or_default();
        let base: Vec<String> = plain.iter().map(|&i| cell(i)).collect();
        let with_fixed = |mut cells: Vec<String>| {
            cells.extend(fixed.iter().map(|(_, v)| v.to_string()));
            RawRow { line: row.line, cells }
        };
        if groups.is_empty() {
            rows.push(with_fixed(base));
            continue;
        }
        for group in &groups {
            let values: Vec<String> =
                figures.iter().map(|f| column_of(f, group).map(cell).unwrap_or_default()).collect();
            // No figure for this sector in this area: no row (not an empty need).
            if values.iter().all(|v| is_missing(v)) {
                continue;
            }
            let mut cells = base.clone();
            cells.extend(values);
            cells.extend(dims.iter().map(|d| if *d == group.by { group.value.clone() } else { String::new() }));
            rows.push(with_fixed(cells));
        }
    }

    let mut warnings = raw.warnings.clone();
    if let Some(&first) = totals.first() {
        warnings.push(SheetWarning {
            kind: WarningKind::TotalsRow,
            file: raw.file.clone(),
            line: Some(first),
            column: None,
            value: String::new(),
            message: format!(
                "{}: {} totals rows (with no P-code) were left out; the plan adds up the areas itself.",
                super::place(&raw.file, Some(first), None),
                totals.len()
            ),
        });
    }
    let headers: Vec<String> = columns.iter().map(|c| c.header.clone()).collect();
    let long_mapping = ColumnMapping {
        header_key: super::mapping::header_key(&headers),
        columns,
        values: mapping.values.clone(),
        fixed: Default::default(),
        key: mapping.key.clone(),
    };
    let long = RawTable {
        file: raw.file.clone(),
        sheet: raw.sheet.clone(),
        header_row: raw.header_row,
        headers,
        tags: Vec::new(),
        rows,
        warnings,
    };
    Some((long, long_mapping))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sector_figures_are_told_from_their_headers() {
        let spread = |h: &str| propose_spread(h).map(|(tag, s)| (tag, s.value));
        assert_eq!(spread("Food_PIN"), Some(("#inneed".into(), "FSC".into())));
        assert_eq!(spread("WASH_PIN"), Some(("#inneed".into(), "WSH".into())));
        assert_eq!(spread("PIN - Shelter"), Some(("#inneed".into(), "SHL".into())));
        assert_eq!(spread("Protection Severity"), Some(("#severity".into(), "PRO".into())));
        assert_eq!(spread("Intersector_PIN"), Some(("#inneed".into(), "IS".into())));
        for other in ["Families", "cash_delivery_mechanism", "female_headed_hh", "Food", "admin1Pcode"] {
            assert_eq!(spread(other), None, "{other}");
        }
    }
}
