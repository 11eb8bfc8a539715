//! Exchange rates: 1 unit of one currency in another, from a date until the next rate for
//! the pair. Transfer values in other currencies are converted with them.

use crate::model::date::IsoDate;
use crate::model::kind::Kind;
use crate::model::rules::{values, Field, Problem, ProblemKind, ValueType};
use crate::model::Plan;
use serde::{Deserialize, Serialize};

/// 1 unit of `from` = `rate` units of `to`, from `date` until the next rate for the pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExchangeRate {
    pub from: String,
    pub to: String,
    pub rate: f64,
    pub date: IsoDate,
}

impl Kind for ExchangeRate {
    const SINGULAR: &'static str = "exchange rate";
    const PLURAL: &'static str = "exchange rates";
    const FIELDS: &'static [Field] = &[
        Field::new("from", "From currency", "#currency+from", ValueType::Currency).required(),
        Field::new("to", "To currency", "#currency+to", ValueType::Currency).required(),
        Field::new("rate", "Rate", "#value+fx", ValueType::Positive).required(),
        Field::new("date", "From date", "#date", ValueType::Date).required(),
    ];

    fn check(&self, _plan: &Plan, out: &mut Vec<Problem>) {
        for (field, code) in [("from", &self.from), ("to", &self.to)] {
            if !values::is_currency_code(code) {
                out.push(Problem::error(field, ProblemKind::BadCurrency { code: code.clone() }));
            }
        }
        if !(self.rate.is_finite() && self.rate > 0.0) {
            out.push(Problem::error("rate", ProblemKind::RateNotPositive { rate: self.rate }));
        }
        if self.from == self.to {
            out.push(Problem::error("to", ProblemKind::SameCurrency { code: self.to.clone() }));
        }
    }

    fn describe(&self, id: &str) -> String {
        id.to_string()
    }

    fn field_text(&self, key: &str) -> String {
        match key {
            "from" => self.from.clone(),
            "to" => self.to.clone(),
            "rate" => self.rate.to_string(),
            "date" => self.date.to_string(),
            _ => String::new(),
        }
    }
}
