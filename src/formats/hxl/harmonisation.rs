//! The tables a Cash Working Group agrees on: transfer value standards, MEBs and exchange
//! rates. Their ids come from what makes them distinct, so re-imports update them.

use super::cells::{require, require_currency, value_columns, AreaColumns, AreaIndex, Dedup, RowReader, CURRENCY};
use super::errors::Errors;
use super::table::{Column, HxlTable};
use super::TableKind;
use crate::model::harmonisation::default_tolerance;
use crate::model::{Conditionality, ExchangeRate, Frequency, IsoDate, Meb, Plan, Standard, ValueUnit};

const NATIONWIDE: &str = "*";
const ALWAYS: &str = "-";

fn or_blank(date: Option<IsoDate>) -> String {
    date.map_or_else(|| ALWAYS.to_string(), |d| d.to_string())
}

/// `MPC|transfer|SY02|2024-01-01`; `*` for nationwide, `-` for no start date.
pub fn standard_id(sector: &str, cash_for_work: bool, area: Option<&str>, start: Option<IsoDate>) -> String {
    let kind = if cash_for_work { "cfw" } else { "transfer" };
    format!("{sector}|{kind}|{}|{}", area.unwrap_or(NATIONWIDE), or_blank(start))
}

/// `SY02|household|USD|2024-01-01`.
pub fn meb_id(area: Option<&str>, unit: ValueUnit, currency: &str, start: Option<IsoDate>) -> String {
    format!("{}|{unit}|{currency}|{}", area.unwrap_or(NATIONWIDE), or_blank(start))
}

/// `USD|SYP|2024-01-01`.
pub fn rate_id(from: &str, to: &str, date: IsoDate) -> String {
    format!("{from}|{to}|{date}")
}

const DUPLICATE_STANDARD: &str = "One standard per sector, kind (transfer or cash-for-work), area and start date; keep one of the rows or give them different start dates.";
const DUPLICATE_MEB: &str = "One MEB per area, unit, currency and start date; keep one of the rows.";
const DUPLICATE_RATE: &str = "One rate per currency pair and date; keep one of the rows.";
const RATE: &str = "a number above 0 with a dot for decimals (1 unit of #currency+from = this many of #currency+to)";

/// A value column set must exist and one of them must be filled on every row.
fn required_value(r: &mut RowReader, columns: &[(ValueUnit, &Column)]) -> Option<(ValueUnit, crate::model::Amount)> {
    if columns.iter().all(|(_, c)| r.text(Some(c)).is_none()) {
        r.required(columns.first().map(|(_, c)| *c));
        return None;
    }
    r.unit_value(columns)
}

pub(super) fn read_standards(table: &HxlTable, plan: &Plan, errors: &mut Errors) -> Vec<(String, Standard)> {
    let kind = TableKind::Standards;
    let values = value_columns(table, "recommended", ValueUnit::Household);
    let sector = table.find("sector", &[], &[]);
    let currency = table.find("currency", &[], &[]);
    let present = [
        require(
            values.first().map(|(_, c)| *c),
            kind,
            "#value+recommended",
            "the recommended value (+hh, +ind or +day)",
            errors,
        ),
        require(sector, kind, "#sector", "the sector code or name", errors),
    ];
    require_currency(currency, kind, plan, errors);
    if present.contains(&false) || !errors.is_empty() {
        return Vec::new();
    }
    let areas = AreaColumns::of(table);
    let conditionality = table.find("modality", &["conditionality"], &[]);
    let frequency = table.find("frequency", &[], &[]);
    let tolerance = table.find("indicator", &["tolerance"], &[]);
    let (start, end) = (table.find("date", &["start"], &[]), table.find("date", &["end"], &[]));
    let criteria = table.find("beneficiary", &["criteria"], &[]);
    let market = table.find("value", &["market"], &[]);
    let known = AreaIndex::of(plan);
    let id_column = table.find("meta", &["id"], &[]);
    let mut seen = Dedup::default();
    let mut standards = Vec::new();
    for row in &table.rows {
        let mut r = RowReader { row, errors };
        let given_id = r.owned(id_column);
        let value = required_value(&mut r, &values);
        let sector = r.sector(sector, plan);
        let cash_for_work = r.vocab::<Conditionality>(conditionality) == Some(Conditionality::CashForWork);
        let area = r.area(&areas, &known);
        let currency = r.currency_or_plan(currency, plan);
        let frequency = r.vocab::<Frequency>(frequency).unwrap_or(Frequency::Monthly);
        let tolerance_pct = r.amount(tolerance).unwrap_or_else(default_tolerance);
        let (valid_from, valid_to) = r.period(start, end);
        let criteria = r.list(criteria);
        let market_wage = r.amount(market);
        let (Some((unit, value)), Some(sector), Some(currency)) = (value, sector, currency) else { continue };
        let id = given_id.unwrap_or_else(|| standard_id(&sector, cash_for_work, area.as_deref(), valid_from));
        let standard = Standard {
            sector,
            cash_for_work,
            area,
            value,
            unit,
            currency,
            frequency,
            tolerance_pct,
            valid_from,
            valid_to,
            criteria,
            market_wage,
        };
        if seen.first(&id, row.number, errors, DUPLICATE_STANDARD) {
            standards.push((id, standard));
        }
    }
    standards
}

pub(super) fn read_mebs(table: &HxlTable, plan: &Plan, errors: &mut Errors) -> Vec<(String, Meb)> {
    let kind = TableKind::Mebs;
    let values = value_columns(table, "meb", ValueUnit::Household);
    let currency = table.find("currency", &[], &[]);
    let present =
        require(values.first().map(|(_, c)| *c), kind, "#value+meb", "the monthly MEB value (+hh or +ind)", errors);
    require_currency(currency, kind, plan, errors);
    if !present || !errors.is_empty() {
        return Vec::new();
    }
    let areas = AreaColumns::of(table);
    let start = table.find("date", &["start"], &[]).or_else(|| table.find("date", &[], &["end"]));
    let known = AreaIndex::of(plan);
    let id_column = table.find("meta", &["id"], &[]);
    let mut seen = Dedup::default();
    let mut mebs = Vec::new();
    for row in &table.rows {
        let mut r = RowReader { row, errors };
        let given_id = r.owned(id_column);
        let value = required_value(&mut r, &values);
        let area = r.area(&areas, &known);
        let currency = r.currency_or_plan(currency, plan);
        let start = r.date(start, false);
        let (Some((unit, value)), Some(currency)) = (value, currency) else { continue };
        let id = given_id.unwrap_or_else(|| meb_id(area.as_deref(), unit, &currency, start));
        if seen.first(&id, row.number, errors, DUPLICATE_MEB) {
            mebs.push((id, Meb { area, value, unit, currency, start }));
        }
    }
    mebs
}

pub(super) fn read_rates(table: &HxlTable, errors: &mut Errors) -> Vec<(String, ExchangeRate)> {
    let kind = TableKind::ExchangeRates;
    let from = table.find("currency", &["from"], &[]);
    let to = table.find("currency", &["to"], &[]);
    let rate = table.find("value", &["fx"], &[]);
    let date = table.find("date", &[], &[]);
    let present = [
        require(from, kind, "#currency+from", "the currency converted from", errors),
        require(to, kind, "#currency+to", "the currency converted to", errors),
        require(rate, kind, "#value+fx", "how many units of #currency+to one unit of #currency+from buys", errors),
        require(date, kind, "#date", "the date the rate applies from", errors),
    ];
    if present.contains(&false) {
        return Vec::new();
    }
    let id_column = table.find("meta", &["id"], &[]);
    let mut seen = Dedup::default();
    let mut rates = Vec::new();
    for row in &table.rows {
        let mut r = RowReader { row, errors };
        let given_id = r.owned(id_column);
        let from = r.parse_required(from, CURRENCY, super::cells::parse_currency);
        let to = r.parse_required(to, CURRENCY, super::cells::parse_currency);
        let rate = r.parse_required(rate, RATE, parse_rate);
        let date =
            r.parse_required(date, "a date YYYY-MM-DD or a month YYYY-MM", |t| super::cells::parse_date(t, false));
        let (Some(from), Some(to), Some(rate), Some(date)) = (from, to, rate, date) else { continue };
        let id = given_id.unwrap_or_else(|| rate_id(&from, &to, date));
        if seen.first(&id, row.number, errors, DUPLICATE_RATE) {
            rates.push((id, ExchangeRate { from, to, rate, date }));
        }
    }
    rates
}

/// A plain positive decimal (rates such as 0.000077 need more than an Amount's 4 decimals).
fn parse_rate(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return None;
    }
    text.parse::<f64>().ok().filter(|r| r.is_finite() && *r > 0.0)
}
