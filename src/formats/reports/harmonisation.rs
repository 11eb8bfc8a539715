//! The transfer value harmonisation report as HXL CSV (one row per cash or voucher
//! activity) and as text (activities, spread per group, activities not compared).
//!
//! HXL area columns: rows may sit at different admin levels, so there is one `#admN+code`
//! column per level that occurs and each activity's area code is written in its own
//! level's column (an area missing from the plan goes in `#adm1+code`).

use super::{cell, grouped, level_cells, level_columns, level_headers, TextTable};
use crate::engine::harmonise::{ActivityRow, Basis, ExtraFlag, Flag, HarmonisationReport, NotComparedReason, Period};
use crate::formats::hxl::HxlWriter;
use crate::model::sorting;
use crate::model::Amount;

/// The flag as in the JSON report (`ok`, `no_standard`, …).
pub fn flag_code(flag: Flag) -> &'static str {
    match flag {
        Flag::Ok => "ok",
        Flag::Above => "above",
        Flag::Below => "below",
        Flag::NoValue => "no_value",
        Flag::NoFrequency => "no_frequency",
        Flag::NoStandard => "no_standard",
        Flag::UnitMismatch => "unit_mismatch",
        Flag::FrequencyMismatch => "frequency_mismatch",
        Flag::NoRate => "no_rate",
    }
}

fn extra_flag_code(flag: ExtraFlag) -> &'static str {
    match flag {
        ExtraFlag::AboveMarket => "above_market",
    }
}

/// The verdict followed by any extra findings: `ok`, `above; above_market`.
pub fn flag_label(row: &ActivityRow) -> String {
    std::iter::once(flag_code(row.flag))
        .chain(row.extra_flags.iter().map(|f| extra_flag_code(*f)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn money(amount: Option<Amount>) -> String {
    cell(amount.map(|a| a.format_fixed(2)))
}

fn sorted_by_id(report: &HarmonisationReport) -> Vec<&ActivityRow> {
    let mut rows: Vec<&ActivityRow> = report.activities.iter().collect();
    sorting::sort_by(&mut rows, |a, b| a.id.cmp(&b.id));
    rows
}

/// One row per cash or voucher activity, by id. Values are in the standard's unit, period
/// and currency (`#currency`); `#value+transfer+normalised` and `#value+recommended` have
/// two decimals, `#indicator+deviation+pct` and `#indicator+meb+pct` one.
pub fn harmonise_hxl(report: &HarmonisationReport) -> String {
    let levels = level_columns(report.activities.iter().map(|r| r.area_level));
    let mut columns = vec![("ID".to_string(), "#meta+id".to_string()), ("Organisation".into(), "#org+prog".into())];
    columns.extend(level_headers(&levels));
    columns.extend(
        [
            ("Sector", "#sector"),
            ("Conditionality", "#modality+conditionality"),
            ("Normalised transfer value", "#value+transfer+normalised"),
            ("Recommended value", "#value+recommended"),
            ("Currency", "#currency"),
            ("Deviation %", "#indicator+deviation+pct"),
            ("Flag", "#indicator+flag"),
            ("MEB coverage %", "#indicator+meb+pct"),
            ("Targeting similarity", "#indicator+targeting+similarity"),
        ]
        .map(|(h, t)| (h.to_string(), t.to_string())),
    );
    let mut writer = HxlWriter::new(columns);
    for row in sorted_by_id(report) {
        let mut cells = vec![row.id.clone(), row.reporting_org.clone()];
        cells.extend(level_cells(&levels, &row.area, row.area_level));
        cells.extend([
            row.sector.clone(),
            cell(row.conditionality),
            money(row.normalised),
            money(row.recommended),
            cell(row.basis.as_ref().map(|b| &b.currency)),
            cell(row.deviation_pct),
            flag_label(row),
            cell(row.meb_coverage_pct),
            cell(row.targeting.as_ref().map(|t| t.similarity)),
        ]);
        writer.row(cells);
    }
    writer.finish()
}

/// `USD/household/month`, `USD/person/payment`, `USD/day` (a wage).
fn basis_label(basis: &Basis) -> String {
    let per = match basis.per {
        Period::Month => "/month",
        Period::Payment => "/payment",
        Period::Day => "",
    };
    format!("{}/{}{per}", basis.currency, basis.unit)
}

fn reason_label(reason: NotComparedReason) -> &'static str {
    match reason {
        NotComparedReason::InKind => "in-kind: no transfer value",
        NotComparedReason::Service => "service: no transfer value",
        NotComparedReason::NoModality => "no modality: add cash or voucher to compare it",
        NotComparedReason::Cancelled => "cancelled",
    }
}

fn signed_pct(row: &ActivityRow) -> String {
    match row.deviation_pct {
        Some(d) if d.tenths() > 0 => format!("+{d}%"),
        Some(d) => format!("{d}%"),
        None => String::new(),
    }
}

/// The report as aligned tables: every cash or voucher activity against its standard, the
/// spread of values per area and sector at the report's level, then what was not compared.
pub fn harmonise_text(report: &HarmonisationReport) -> String {
    let mut out = String::new();
    if report.activities.is_empty() {
        out.push_str("No cash or voucher activities to compare with a standard.\n");
    } else {
        let mut table = TextTable::new([
            ("ID", false),
            ("Organisation", false),
            ("Area", false),
            ("Sector", false),
            ("Modality", false),
            ("Value", true),
            ("Standard", true),
            ("Per", false),
            ("Deviation", true),
            ("Flag", false),
            ("MEB", true),
            ("Targeting", true),
        ]);
        for row in sorted_by_id(report) {
            table.row(vec![
                row.id.clone(),
                row.reporting_org.clone(),
                row.area.clone(),
                row.sector.clone(),
                row.modality.to_string(),
                money(row.normalised),
                money(row.recommended),
                cell(row.basis.as_ref().map(basis_label)),
                signed_pct(row),
                flag_label(row),
                cell(row.meb_coverage_pct.map(|p| format!("{p}%"))),
                cell(row.targeting.as_ref().map(|t| t.similarity)),
            ]);
        }
        let compared = report.activities.iter().filter(|r| r.flag.is_compared()).count();
        out.push_str(&format!(
            "Transfer values against the agreed standards ({} of {} cash and voucher activities compared):\n",
            compared,
            report.activities.len()
        ));
        out.push_str(&table.finish());
    }
    if let (Some(level), false) = (report.level, report.groups.is_empty()) {
        let mut table = TextTable::new([
            ("Area", false),
            ("Sector", false),
            ("Per", false),
            ("Partners", true),
            ("Activities", true),
            ("Min", true),
            ("Median", true),
            ("Max", true),
            ("Variation", true),
            ("Within tolerance", true),
        ]);
        for group in &report.groups {
            let area = if group.area_name.is_empty() {
                group.area.clone()
            } else {
                format!("{} {}", group.area, group.area_name)
            };
            table.row(vec![
                area,
                group.sector.clone(),
                basis_label(&group.basis),
                grouped(group.partners as u64),
                grouped(group.activities as u64),
                group.min.format_fixed(2),
                group.median.format_fixed(2),
                group.max.format_fixed(2),
                cell(group.variation),
                cell(group.within_tolerance_pct.map(|p| format!("{p}%"))),
            ]);
        }
        out.push_str(&format!("\nSpread of values per area (admin level {level}) and sector:\n"));
        out.push_str(&table.finish());
    }
    if !report.not_compared.is_empty() {
        let mut table = TextTable::new([
            ("ID", false),
            ("Organisation", false),
            ("Area", false),
            ("Sector", false),
            ("Why", false),
        ]);
        for n in &report.not_compared {
            table.row(vec![
                n.id.clone(),
                n.reporting_org.clone(),
                n.area.clone(),
                n.sector.clone(),
                reason_label(n.reason).into(),
            ]);
        }
        out.push_str("\nNot compared with a standard:\n");
        out.push_str(&table.finish());
    }
    out
}
