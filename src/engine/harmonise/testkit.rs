//! Small builders for the harmonisation unit tests.

use super::{harmonise, ActivityRow, HarmonisationReport, HarmoniseQuery};
use crate::model::{
    Activity, Amount, Area, ExchangeRate, Frequency, IsoDate, Meb, Modality, Need, Plan, Stamp, Standard, Transfer,
    ValueUnit,
};

pub fn date(text: &str) -> IsoDate {
    IsoDate::parse(text).expect("test date")
}

pub fn amount(text: &str) -> Amount {
    Amount::parse(text).expect("test amount")
}

/// The `today` the unit tests judge undated activities on.
pub const TODAY: &str = "2024-06-15";

pub fn standard(sector: &str, value: &str, unit: ValueUnit, currency: &str, frequency: Frequency) -> Standard {
    Standard {
        sector: sector.into(),
        cash_for_work: false,
        area: None,
        value: amount(value),
        unit,
        currency: currency.into(),
        frequency,
        tolerance_pct: Amount::from_units(10),
        valid_from: None,
        valid_to: None,
        criteria: Default::default(),
        market_wage: None,
    }
}

pub fn cash(
    org: &str,
    sector: &str,
    area: &str,
    value: &str,
    unit: ValueUnit,
    currency: &str,
    frequency: Option<Frequency>,
) -> Activity {
    Activity {
        reporting_org: org.into(),
        sector: sector.into(),
        area: area.into(),
        modality: Some(Modality::Cash),
        transfer: Some(Transfer { value: amount(value), unit, currency: currency.into() }),
        frequency,
        start: Some(date("2024-03-01")),
        ..Activity::default()
    }
}

pub fn meb(area: Option<&str>, value: &str, unit: ValueUnit, currency: &str, start: Option<&str>) -> Meb {
    Meb { area: area.map(Into::into), value: amount(value), unit, currency: currency.into(), start: start.map(date) }
}

pub struct PlanBuilder {
    plan: Plan,
    stamp: Stamp,
}

impl PlanBuilder {
    pub fn new() -> PlanBuilder {
        let stamp = Stamp { at: "2024-01-01T00:00:00Z".into(), by: "test".into() };
        PlanBuilder { plan: Plan::new("p", "Test plan", "SYR", "USD", &stamp), stamp }
    }
    pub fn area(mut self, code: &str, level: u8, parent: Option<&str>, household_size: Option<f64>) -> Self {
        let area = Area {
            names: Default::default(),
            code: code.into(),
            name: format!("Area {code}"),
            level,
            parent: parent.map(Into::into),
            population: None,
            household_size,
        };
        self.plan.areas.upsert(code, area, &self.stamp);
        self
    }
    pub fn standard(mut self, id: &str, standard: Standard) -> Self {
        self.plan.standards.upsert(id, standard, &self.stamp);
        self
    }
    pub fn meb(mut self, id: &str, meb: Meb) -> Self {
        self.plan.mebs.upsert(id, meb, &self.stamp);
        self
    }
    pub fn rate(mut self, from: &str, to: &str, rate: f64, on: &str) -> Self {
        let id = format!("{from}-{to}-{on}");
        let rate = ExchangeRate { from: from.into(), to: to.into(), rate, date: date(on) };
        self.plan.exchange_rates.upsert(&id, rate, &self.stamp);
        self
    }
    pub fn need(mut self, area: &str, sector: &str, people_in_need: u64) -> Self {
        let need =
            Need { area: area.into(), sector: sector.into(), people_in_need, households_in_need: None, severity: None };
        self.plan.needs.upsert(&Need::id_for(area, sector), need, &self.stamp);
        self
    }
    pub fn activity(mut self, id: &str, activity: Activity) -> Self {
        self.plan.activities.upsert(id, activity, &self.stamp);
        self
    }
    pub fn build(self) -> Plan {
        self.plan
    }
}

pub fn report(plan: &Plan) -> HarmonisationReport {
    harmonise(plan, &HarmoniseQuery { level: None, today: date(TODAY) })
}

/// The row of one activity; panics (failing the test) when it is missing.
pub fn row(plan: &Plan, id: &str) -> ActivityRow {
    report(plan).activities.into_iter().find(|r| r.id == id).expect("activity row")
}

/// Normalised value, recommended value and deviation as shown, for compact assertions.
pub fn shown(row: &ActivityRow) -> (String, String, String) {
    let money = |a: Option<Amount>| a.map_or("-".to_string(), |a| a.format_fixed(2));
    (money(row.normalised), money(row.recommended), row.deviation_pct.map_or("-".into(), |d| d.to_string()))
}
