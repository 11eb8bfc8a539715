//! The areas table (COD-AB style): one row per area with its ancestors' codes beside it.
//!
//! Every P-code in a row becomes an area at its column's level; the next shallower code in
//! the same row is its parent (codes need not be prefix-nested). Population and household
//! size belong to the row's deepest area. An area repeats over many rows, so the rows are
//! merged, and two rows that disagree about the same area are reported.

use super::cells::{require, AreaColumns, AreaIndex, RowReader};
use super::errors::{Errors, HxlError};
use super::rules::check_row;
use super::table::{Column, HxlTable};
use super::TableKind;
use crate::model::{Area, Plan};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Display;

/// A value and the row and column that first gave it, to name both sides of a conflict.
struct Given<T> {
    value: T,
    row: usize,
}

#[derive(Default)]
struct Draft {
    code: String,
    /// The first row that names the area.
    row: usize,
    level: Option<Given<u8>>,
    name: Option<Given<String>>,
    /// Names in other languages, by language code.
    other_names: BTreeMap<String, Option<Given<String>>>,
    parent: Option<Given<String>>,
    population: Option<Given<u64>>,
    household_size: Option<Given<f64>>,
}

/// Where a value came from, for conflict messages.
struct Source<'c> {
    row: usize,
    column: &'c Column,
}

fn merge<T: PartialEq + Display>(
    slot: &mut Option<Given<T>>,
    value: Option<T>,
    field: &str,
    code: &str,
    at: &Source,
    errors: &mut Errors,
) {
    let Some(value) = value else { return };
    match slot {
        Some(earlier) if earlier.value != value => errors.push(HxlError::AreaConflict {
            file: errors.file.clone(),
            row: at.row,
            column: at.column.describe(),
            code: code.to_string(),
            field: field.to_string(),
            value: value.to_string(),
            earlier: earlier.value.to_string(),
            first_row: earlier.row,
        }),
        Some(_) => {}
        None => *slot = Some(Given { value, row: at.row }),
    }
}

/// The language of a name column (`+i_ar` → `ar`), if it has one.
fn language_of(column: &Column) -> Option<String> {
    column.tag.attributes.iter().find_map(|a| a.strip_prefix("i_").filter(|l| !l.is_empty()).map(str::to_string))
}

/// The name column of a level: the one without a language, else English, else the first.
fn primary_name(table: &HxlTable, level: u8) -> Option<&Column> {
    let all = table.find_all(&format!("adm{level}"), &["name"], &[]);
    all.iter()
        .find(|c| language_of(c).is_none())
        .or_else(|| all.iter().find(|c| language_of(c).as_deref() == Some("en")))
        .or_else(|| all.first())
        .copied()
}

pub(super) fn read(table: &HxlTable, plan: &Plan, errors: &mut Errors) -> Vec<(String, Area)> {
    let codes = AreaColumns::of(table);
    let names: HashMap<u8, &Column> =
        (1..=4_u8).filter_map(|level| primary_name(table, level).map(|c| (level, c))).collect();
    // Names in other languages: `#adm1+name+i_ar` (HXL's language attribute).
    let other_names: HashMap<u8, Vec<(String, &Column)>> = (1..=4_u8)
        .map(|level| {
            let primary = names.get(&level).map(|c| c.index);
            let others = table
                .find_all(&format!("adm{level}"), &["name"], &[])
                .into_iter()
                .filter(|c| Some(c.index) != primary)
                .filter_map(|c| Some((language_of(c)?, c)))
                .collect();
            (level, others)
        })
        .collect();
    let population = table.find("population", &[], &[]);
    let household_size = table.find("indicator", &["hhsize"], &[]);
    if !require(
        table.find("adm1", &["code"], &[]),
        TableKind::Areas,
        "#adm1+code",
        "the governorate/region P-code",
        errors,
    ) {
        return Vec::new();
    }
    let known = AreaIndex::of(plan);
    let mut drafts: Vec<Draft> = Vec::new();
    let mut position: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let mut reader = RowReader { row, errors };
        let in_row: Vec<(u8, &Column, &str)> =
            codes.levels().filter_map(|(level, c)| row.cell(c.index).map(|code| (level, c, code))).collect();
        if in_row.is_empty() {
            reader.required(codes.first());
            continue;
        }
        let pop = reader.count(population);
        let hh = reader.positive(household_size);
        let mut parent: Option<String> = None;
        for (i, (level, column, written)) in in_row.iter().enumerate() {
            let code = known.resolve(written).unwrap_or_else(|| written.to_string());
            let slot = *position.entry(code.to_uppercase()).or_insert_with(|| {
                drafts.push(Draft { code: code.clone(), row: row.number, ..Draft::default() });
                drafts.len() - 1
            });
            let Some(draft) = drafts.get_mut(slot) else { continue };
            let at = Source { row: row.number, column };
            let errors = &mut *reader.errors;
            merge(&mut draft.level, Some(*level), "admin level", &draft.code, &at, errors);
            merge(&mut draft.parent, parent.clone(), "parent", &draft.code, &at, errors);
            if let Some(name_column) = names.get(level) {
                let name = row.cell(name_column.index).map(str::to_string);
                let at = Source { row: row.number, column: name_column };
                merge(&mut draft.name, name, "name", &draft.code, &at, errors);
            }
            for (language, column) in other_names.get(level).into_iter().flatten() {
                let name = row.cell(column.index).map(str::to_string);
                let at = Source { row: row.number, column };
                let slot = draft.other_names.entry(language.clone()).or_insert(None);
                merge(slot, name, &format!("name ({language})"), &draft.code, &at, errors);
            }
            if i + 1 == in_row.len() {
                if let Some(column) = population {
                    merge(
                        &mut draft.population,
                        pop,
                        "population",
                        &draft.code,
                        &Source { row: row.number, column },
                        errors,
                    );
                }
                if let Some(column) = household_size {
                    merge(
                        &mut draft.household_size,
                        hh,
                        "household size",
                        &draft.code,
                        &Source { row: row.number, column },
                        errors,
                    );
                }
            }
            parent = Some(draft.code.clone());
        }
    }
    let rows: Vec<usize> = drafts.iter().map(|d| d.row).collect();
    let areas: Vec<(String, Area)> = drafts.into_iter().map(|draft| finish(draft, plan)).collect();
    // Parents may come later in the file: the rules see the plan with every area of it.
    let mut with_file = plan.clone();
    for (code, area) in &areas {
        with_file.areas.upsert(code, area.clone(), &crate::model::Stamp { at: String::new(), by: String::new() });
    }
    let column = |field: &str| match field {
        "population" => population,
        "household_size" => household_size,
        _ => codes.first(),
    };
    let mut accepted = Vec::with_capacity(areas.len());
    for ((code, area), row) in areas.into_iter().zip(rows) {
        if check_row(&area, &with_file, row, column, errors) {
            accepted.push((code, area));
        }
    }
    accepted
}

/// The area as it will be stored: what the file gives, else what the plan already has.
fn finish(draft: Draft, plan: &Plan) -> (String, Area) {
    let existing = plan.areas.get(&draft.code).map(|r| &r.data);
    let area = Area {
        name: draft
            .name
            .map(|g| g.value)
            .or_else(|| existing.map(|a| a.name.clone()))
            .unwrap_or_else(|| draft.code.clone()),
        level: draft.level.map_or(1, |g| g.value),
        parent: draft.parent.map(|g| g.value).or_else(|| existing.and_then(|a| a.parent.clone())),
        population: draft.population.map(|g| g.value).or_else(|| existing.and_then(|a| a.population)),
        household_size: draft.household_size.map(|g| g.value).or_else(|| existing.and_then(|a| a.household_size)),
        names: {
            let mut names = existing.map(|a| a.names.clone()).unwrap_or_default();
            names.extend(draft.other_names.into_iter().filter_map(|(language, given)| Some((language, given?.value))));
            names
        },
        code: draft.code,
    };
    (area.code.clone(), area)
}
