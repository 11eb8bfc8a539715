//! The standards, MEB and exchange rate tables of the Data page: every field edited inline
//! with the same checks as the add forms and the Harmonisation page's editors.

use super::activity_checks::vocabulary_options;
use super::checks::Problems;
use super::reference_checks::{
    meb_field, rate_field, read_meb, read_rate, read_standard, standard_field, CASH_FOR_WORK, MEB_KEYS, RATE_KEYS,
    STANDARD_KEYS,
};
use super::rows::{Cell, Row};
use super::specs::listed;
use super::tab::{edited, TableSpec};
use super::versions::{versions_of, Version};
use super::virtual_table::{Column, EditedValues, Editor};
use crate::model::change::Change;
use crate::model::{Frequency, Plan, TableName, ValueUnit, Vocabulary};
use std::rc::Rc;

fn choices(pairs: impl IntoIterator<Item = (String, String)>) -> Editor {
    Editor::Select(Rc::new(pairs.into_iter().collect()))
}

fn units(values: &[ValueUnit]) -> Editor {
    choices(values.iter().map(|u| (u.code().to_string(), u.code().to_string())))
}

/// Codes the records use that the plan does not list stay choosable, so that editing
/// another field of such a record never silently changes its area or sector.
fn with_used<'a>(known: Vec<(String, String)>, used: impl Iterator<Item = &'a str>) -> Vec<(String, String)> {
    let mut all = known;
    for code in used {
        if !all.iter().any(|(v, _)| v == code) {
            all.push((code.to_string(), code.to_string()));
        }
    }
    all
}

fn area_editor<'a>(plan: &Plan, used: impl Iterator<Item = &'a str>) -> Editor {
    let areas = plan.areas.live().map(|r| (r.id.clone(), format!("{} ({})", r.data.name, r.id)));
    choices(with_used(std::iter::once((String::new(), "Nationwide".to_string())).chain(areas).collect(), used))
}

fn area_cell(plan: &Plan, area: Option<&str>) -> Cell {
    Cell::text(match area {
        None => "Nationwide".to_string(),
        Some(code) => plan.areas.get(code).map_or_else(|| code.to_string(), |a| format!("{} ({code})", a.data.name)),
    })
}

fn values<T>(keys: &[&'static str], record: &T, field: fn(&T, &str) -> String) -> EditedValues {
    keys.iter().map(|key| (*key, field(record, key))).collect()
}

pub struct Standards;

impl TableSpec for Standards {
    const TABLE: TableName = TableName::Standards;
    const ID: &'static str = "standards-table";
    const NOUN: &'static str = "standards";
    fn columns(plan: &Plan) -> Vec<Column> {
        let sectors = plan.sectors.live().map(|r| (r.id.clone(), r.id.clone())).collect();
        let sectors = with_used(sectors, plan.standards.live().map(|r| r.data.sector.as_str()));
        let areas = area_editor(plan, plan.standards.live().filter_map(|r| r.data.area.as_deref()));
        let kinds = [("transfer", "Transfer value"), (CASH_FOR_WORK, "Cash for work")]
            .map(|(v, t)| (v.to_string(), t.to_string()));
        vec![
            Column::new("Sector").filtered().editable("sector", choices(sectors)),
            Column::new("Kind").filtered().editable("kind", choices(kinds)),
            Column::new("Area").editable("area", areas),
            Column::new("Recommended value").numeric().editable("value", Editor::Number),
            Column::new("Per")
                .filtered()
                .editable("unit", units(&[ValueUnit::Household, ValueUnit::Person, ValueUnit::Day])),
            Column::new("Currency").filtered().editable("currency", Editor::Text),
            Column::new("Frequency").filtered().editable("frequency", choices(vocabulary_options::<Frequency>())),
            Column::new("Tolerance %").numeric().editable("tolerance", Editor::Number),
            Column::new("Valid from").editable("from", Editor::Text),
            Column::new("Valid to").editable("to", Editor::Text),
            Column::new("Targeting criteria").editable("criteria", Editor::Text),
            Column::new("Market wage").numeric().editable("market", Editor::Number),
        ]
    }
    fn rows(plan: &Plan) -> Vec<Row> {
        listed(&plan.standards)
            .map(|(r, conflict)| {
                let s = &r.data;
                let kind = if s.cash_for_work { "Cash for work" } else { "Transfer value" };
                let cells = vec![
                    Cell::text(&s.sector),
                    Cell::text(kind),
                    area_cell(plan, s.area.as_deref()),
                    Cell::amount(Some(s.value)),
                    Cell::text(s.unit.code()),
                    Cell::text(&s.currency),
                    Cell::text(s.frequency.code()),
                    Cell::amount(Some(s.tolerance_pct)),
                    Cell::text(standard_field(s, "from")),
                    Cell::text(standard_field(s, "to")),
                    Cell::text(standard_field(s, "criteria")),
                    Cell::amount(s.market_wage),
                ];
                let area = s.area.as_deref().unwrap_or("nationwide");
                Row::new(&r.id, cells, conflict, format!("standard {} {} {area}", s.sector, kind.to_lowercase()))
            })
            .collect()
    }
    fn edit_values(plan: &Plan, id: &str) -> Option<EditedValues> {
        Some(values(&STANDARD_KEYS, &plan.standards.get(id)?.data, standard_field))
    }
    fn save(plan: &Plan, id: &str, values: &EditedValues) -> Result<Change, Problems> {
        let before = plan.standards.get(id).map(|r| r.data.clone());
        let get = edited(values, |key| before.as_ref().map(|s| standard_field(s, key)).unwrap_or_default());
        read_standard(&get, plan).map(|standard| Change::put(id.to_string(), standard))
    }
    fn versions(plan: &Plan, id: &str) -> Vec<Version> {
        plan.standards.entry(id).map(versions_of).unwrap_or_default()
    }
}

pub struct Mebs;

impl TableSpec for Mebs {
    const TABLE: TableName = TableName::Mebs;
    const ID: &'static str = "mebs-table";
    const NOUN: &'static str = "MEBs";
    fn columns(plan: &Plan) -> Vec<Column> {
        vec![
            Column::new("Area")
                .editable("area", area_editor(plan, plan.mebs.live().filter_map(|r| r.data.area.as_deref()))),
            Column::new("Value per month").numeric().editable("value", Editor::Number),
            Column::new("Per").filtered().editable("unit", units(&[ValueUnit::Household, ValueUnit::Person])),
            Column::new("Currency").filtered().editable("currency", Editor::Text),
            Column::new("From").editable("start", Editor::Text),
        ]
    }
    fn rows(plan: &Plan) -> Vec<Row> {
        listed(&plan.mebs)
            .map(|(r, conflict)| {
                let m = &r.data;
                let area = area_cell(plan, m.area.as_deref());
                let label = format!("MEB {} per {}", area.text, m.unit.code());
                let cells = vec![
                    area,
                    Cell::amount(Some(m.value)),
                    Cell::text(m.unit.code()),
                    Cell::text(&m.currency),
                    Cell::text(meb_field(m, "start")),
                ];
                Row::new(&r.id, cells, conflict, label)
            })
            .collect()
    }
    fn edit_values(plan: &Plan, id: &str) -> Option<EditedValues> {
        Some(values(&MEB_KEYS, &plan.mebs.get(id)?.data, meb_field))
    }
    fn save(plan: &Plan, id: &str, values: &EditedValues) -> Result<Change, Problems> {
        let before = plan.mebs.get(id).map(|r| r.data.clone());
        let get = edited(values, |key| before.as_ref().map(|m| meb_field(m, key)).unwrap_or_default());
        read_meb(&get, plan).map(|meb| Change::put(id.to_string(), meb))
    }
    fn versions(plan: &Plan, id: &str) -> Vec<Version> {
        plan.mebs.entry(id).map(versions_of).unwrap_or_default()
    }
}

pub struct Rates;

impl TableSpec for Rates {
    const TABLE: TableName = TableName::ExchangeRates;
    const ID: &'static str = "rates-table";
    const NOUN: &'static str = "exchange rates";
    fn columns(_: &Plan) -> Vec<Column> {
        vec![
            Column::new("1 unit of").filtered().editable("from", Editor::Text),
            Column::new("buys, in").filtered().editable("to", Editor::Text),
            Column::new("Rate").numeric().editable("rate", Editor::Number),
            Column::new("From").editable("date", Editor::Text),
        ]
    }
    fn rows(plan: &Plan) -> Vec<Row> {
        listed(&plan.exchange_rates)
            .map(|(r, conflict)| {
                let x = &r.data;
                // Rates can be tiny (0.000077): sorted in millionths rather than shown rounded.
                let rate = Cell { text: x.rate.to_string(), number: Some((x.rate * 1_000_000.0).round() as i64) };
                let cells = vec![Cell::text(&x.from), Cell::text(&x.to), rate, Cell::text(x.date.to_string())];
                Row::new(&r.id, cells, conflict, format!("rate {} to {} from {}", x.from, x.to, x.date))
            })
            .collect()
    }
    fn edit_values(plan: &Plan, id: &str) -> Option<EditedValues> {
        Some(values(&RATE_KEYS, &plan.exchange_rates.get(id)?.data, rate_field))
    }
    fn save(plan: &Plan, id: &str, values: &EditedValues) -> Result<Change, Problems> {
        let before = plan.exchange_rates.get(id).map(|r| r.data.clone());
        let get = edited(values, |key| before.as_ref().map(|x| rate_field(x, key)).unwrap_or_default());
        read_rate(&get, plan).map(|rate| Change::put(id.to_string(), rate))
    }
    fn versions(plan: &Plan, id: &str) -> Vec<Version> {
        plan.exchange_rates.entry(id).map(versions_of).unwrap_or_default()
    }
}
