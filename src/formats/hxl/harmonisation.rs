//! The tables a Cash Working Group agrees on: transfer value standards, MEBs and exchange
//! rates. Their ids come from what makes them distinct, so re-imports update them.

use super::cells::{require, require_currency, value_columns, AreaColumns, AreaIndex, Dedup, RowReader, CURRENCY};
use super::errors::Errors;
use super::rules::check_row;
use super::table::{Column, HxlTable};
use super::{ImportNote, TableKind};
use crate::model::harmonisation::default_tolerance;
use crate::model::rules::values;
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
    let sector_column = table.find("sector", &[], &[]);
    let currency_column = table.find("currency", &[], &[]);
    let present = [
        require(
            values.first().map(|(_, c)| *c),
            kind,
            "#value+recommended",
            "the recommended value (+hh, +ind or +day)",
            errors,
        ),
        require(sector_column, kind, "#sector", "the sector code or name", errors),
    ];
    require_currency(currency_column, kind, plan, errors);
    if present.contains(&false) || !errors.is_empty() {
        return Vec::new();
    }
    let areas = AreaColumns::of(table);
    let conditionality = table.find("modality", &["conditionality"], &[]);
    let frequency_column = table.find("frequency", &[], &[]);
    let tolerance = table.find("indicator", &["tolerance"], &[]);
    let (start, end) = (table.find("date", &["start"], &[]), table.find("date", &["end"], &[]));
    let criteria_column = table.find("beneficiary", &["criteria"], &[]);
    let market = table.find("value", &["market"], &[]);
    let known = AreaIndex::of(plan);
    let id_column = table.find("meta", &["id"], &[]);
    let mut seen = Dedup::default();
    let mut standards = Vec::new();
    for row in &table.rows {
        let mut r = RowReader { row, errors };
        let given_id = r.owned(id_column);
        let value = required_value(&mut r, &values);
        let sector = r.sector(sector_column, plan);
        let cash_for_work = r.vocab::<Conditionality>(conditionality) == Some(Conditionality::CashForWork);
        let area = r.area(&areas, &known);
        let currency = r.currency_or_plan(currency_column, plan);
        let frequency = r.vocab::<Frequency>(frequency_column).unwrap_or(Frequency::Monthly);
        let tolerance_pct = r.amount(tolerance).unwrap_or_else(default_tolerance);
        let (valid_from, valid_to) = r.period(start, end);
        let criteria = r.list(criteria_column);
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
        let column = |field: &str| match field {
            "sector" => sector_column,
            "area" => areas.first(),
            "value" | "unit" => values.first().map(|(_, c)| *c),
            "currency" => currency_column,
            "frequency" => frequency_column,
            "tolerance_pct" => tolerance,
            "valid_from" => start,
            "valid_to" => end,
            "criteria" => criteria_column,
            "market_wage" => market,
            _ => None,
        };
        if check_row(&standard, plan, row.number, column, r.errors)
            && seen.first(&id, false, row.number, r.errors, DUPLICATE_STANDARD)
        {
            standards.push((id, standard));
        }
    }
    standards
}

pub(super) fn read_mebs(table: &HxlTable, plan: &Plan, errors: &mut Errors) -> Vec<(String, Meb)> {
    let kind = TableKind::Mebs;
    let values = value_columns(table, "meb", ValueUnit::Household);
    let currency_column = table.find("currency", &[], &[]);
    let present =
        require(values.first().map(|(_, c)| *c), kind, "#value+meb", "the monthly MEB value (+hh or +ind)", errors);
    require_currency(currency_column, kind, plan, errors);
    if !present || !errors.is_empty() {
        return Vec::new();
    }
    let areas = AreaColumns::of(table);
    let start_column = table.find("date", &["start"], &[]).or_else(|| table.find("date", &[], &["end"]));
    let known = AreaIndex::of(plan);
    let id_column = table.find("meta", &["id"], &[]);
    let mut seen = Dedup::default();
    let mut mebs = Vec::new();
    for row in &table.rows {
        let mut r = RowReader { row, errors };
        let given_id = r.owned(id_column);
        let value = required_value(&mut r, &values);
        let area = r.area(&areas, &known);
        let currency = r.currency_or_plan(currency_column, plan);
        let start = r.date(start_column, false);
        let (Some((unit, value)), Some(currency)) = (value, currency) else { continue };
        let id = given_id.unwrap_or_else(|| meb_id(area.as_deref(), unit, &currency, start));
        let meb = Meb { area, value, unit, currency, start };
        let column = |field: &str| match field {
            "area" => areas.first(),
            "value" | "unit" => values.first().map(|(_, c)| *c),
            "currency" => currency_column,
            "start" => start_column,
            _ => None,
        };
        if check_row(&meb, plan, row.number, column, r.errors)
            && seen.first(&id, false, row.number, r.errors, DUPLICATE_MEB)
        {
            mebs.push((id, meb));
        }
    }
    mebs
}

/// The currency UN operational rates convert from: a rate is units of a currency per US dollar.
pub const OPERATIONAL_FROM: &str = "USD";

/// The column of the currency converted to: `#currency+to`, else a plain `#currency` (the
/// template's "Currency Code") when it is not the currency converted from.
fn to_column(table: &HxlTable) -> Option<&Column> {
    table.find("currency", &["to"], &[]).or_else(|| table.find("currency", &[], &["from"]))
}

/// What the reader assumes for a file of this kind: rates with no currency converted from are
/// per US dollar.
pub(super) fn notes(table: &HxlTable, kind: TableKind) -> Vec<ImportNote> {
    let per_dollar = kind == TableKind::ExchangeRates && table.find("currency", &["from"], &[]).is_none();
    if per_dollar {
        vec![ImportNote::RatesPerUsDollar]
    } else {
        Vec::new()
    }
}

pub(super) fn read_rates(table: &HxlTable, plan: &Plan, errors: &mut Errors) -> Vec<(String, ExchangeRate)> {
    let kind = TableKind::ExchangeRates;
    let from_column = table.find("currency", &["from"], &[]);
    let to_column = to_column(table);
    let rate_column = table.find("value", &["fx"], &[]);
    let date_column = table.find("date", &[], &[]);
    let present = [
        require(to_column, kind, "#currency+to (or #currency)", "the currency converted to", errors),
        require(
            rate_column,
            kind,
            "#value+fx",
            "how many units of #currency+to one unit of #currency+from buys",
            errors,
        ),
        require(date_column, kind, "#date", "the date the rate applies from", errors),
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
        let from = match from_column {
            Some(_) => r.parse_required(from_column, CURRENCY, super::cells::parse_currency),
            None => Some(OPERATIONAL_FROM.to_string()),
        };
        let to = r.parse_required(to_column, CURRENCY, super::cells::parse_currency);
        let rate = r.parse_required(rate_column, RATE, |t| values::rate(t).ok());
        let date = r.parse_required(date_column, "a date YYYY-MM-DD or a month YYYY-MM", |t| {
            super::cells::parse_date(t, false)
        });
        let (Some(from), Some(to), Some(rate), Some(date)) = (from, to, rate, date) else { continue };
        let id = given_id.unwrap_or_else(|| rate_id(&from, &to, date));
        let exchange_rate = ExchangeRate { from, to, rate, date };
        let column = |field: &str| match field {
            "from" => from_column,
            "to" => to_column,
            "rate" => rate_column,
            "date" => date_column,
            _ => None,
        };
        if check_row(&exchange_rate, plan, row.number, column, r.errors)
            && seen.first(&id, false, row.number, r.errors, DUPLICATE_RATE)
        {
            rates.push((id, exchange_rate));
        }
    }
    rates
}
