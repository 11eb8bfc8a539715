//! Wide sheets made long before they are mapped: a column per sector (`Food_PIN`,
//! `WASH_PIN`, …) or per month becomes one row per area and sector (or month), a column per
//! sex and age group becomes the figure's breakdown, a value fixed for the whole file becomes
//! a column, and totals rows are left out. The result is an
//! ordinary table and mapping, so every check after this is the same as for a long sheet,
//! and every row keeps the number it has in the user's file.

use super::cells::is_missing;
use super::groups::{has_breakdown, sex_age_groups, BY_SEX_AGE, SPREAD_BY};
use super::mapping::{ColumnChoice, ColumnMapping, Spread};
use super::{RawRow, RawTable, SheetWarning, WarningKind};
use crate::model::vocab::fold;
use std::borrow::Cow;

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
    let (mapping, no_breakdown) = breakdowns(mapping);
    let by_group = matches!(mapping, Cow::Owned(_));
    let mapping = &*mapping;
    let mapped = |i: usize| mapping.columns.get(i).and_then(|c| c.hashtag.as_deref());
    let codes: Vec<usize> = (0..raw.headers.len())
        .filter(|&i| mapped(i).is_some_and(|t| t.starts_with("#adm") && t.ends_with("+code")))
        .collect();
    let totals: Vec<usize> = if codes.is_empty() {
        Vec::new()
    } else {
        raw.rows.iter().filter(|r| is_totals(r, &codes)).map(|r| r.line).collect()
    };
    // A group chosen without its value yet (on the screen) is no group.
    let chosen = |i: usize| mapping.columns[i].per.as_ref().is_some_and(|p| !p.value.trim().is_empty());
    let spread: Vec<usize> = (0..raw.headers.len()).filter(|&i| mapped(i).is_some() && chosen(i)).collect();
    if spread.is_empty() && mapping.fixed.is_empty() && totals.is_empty() && !by_group {
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
    if let Some(&first) = no_breakdown.first() {
        let headers: Vec<&str> = no_breakdown.iter().map(|&i| raw.headers[i].as_str()).collect();
        warnings.push(SheetWarning {
            kind: WarningKind::NoBreakdown,
            file: raw.file.clone(),
            line: None,
            column: Some(raw.headers[first].clone()),
            value: String::new(),
            message: format!(
                "{}: {} hold a figure per sex and age group that the plan does not break down (only people targeted and reached are): left out. Import them as people targeted or reached, or as the total.",
                raw.file,
                joined(&headers)
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

/// The mapping with each column per sex and age group made its figure's breakdown column
/// (`#reached` for `f+adults` is `#reached+f+adults`), and the columns whose figure has no
/// breakdown, which are left out.
fn breakdowns(mapping: &ColumnMapping) -> (Cow<'_, ColumnMapping>, Vec<usize>) {
    let by_group = |c: &ColumnChoice| c.per.as_ref().is_some_and(|p| p.by == BY_SEX_AGE && !p.value.trim().is_empty());
    if !mapping.columns.iter().any(by_group) {
        return (Cow::Borrowed(mapping), Vec::new());
    }
    let mut out = mapping.clone();
    let mut left_out = Vec::new();
    for (i, column) in out.columns.iter_mut().enumerate().filter(|(_, c)| by_group(c)) {
        let group = column.per.take().map(|p| p.value).unwrap_or_default();
        match column.hashtag.take() {
            Some(figure) if has_breakdown(&figure) && sex_age_groups().any(|(g, _)| g == group) => {
                column.hashtag = Some(format!("{figure}+{group}"));
            }
            Some(_) => left_out.push(i),
            None => {}
        }
    }
    (Cow::Owned(out), left_out)
}
