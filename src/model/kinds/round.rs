//! Monthly reporting rounds: the month asked for, the partners expected, the due date, and
//! each file received from a partner (when, and how many of its rows were new, updated,
//! unchanged or removed, or could not be matched). One record per month, keyed `r-YYYY-MM`,
//! so the history of rounds is the table itself and merges like any other.

use super::text;
use crate::model::date::{IsoDate, Month};
use crate::model::kind::Kind;
use crate::model::rules::values::organisation_key;
use crate::model::rules::{Field, Problem, ProblemKind, ValueError, ValueType};
use crate::model::Plan;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One file received from a partner for a round.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The partner, as the rows name it (compared by the one organisation key).
    pub organisation: String,
    /// When it was imported (RFC 3339).
    pub at: String,
    /// The file's name.
    pub file: String,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// Rows that could not be imported (set aside, or with a key shared by several rows).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub problems: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A reporting round.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    /// The month reported, `YYYY-MM`.
    pub period: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<IsoDate>,
    /// The partners asked to report, by name.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub expected: BTreeSet<String>,
    /// Every file received, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub receipts: Vec<Receipt>,
}

impl Round {
    pub fn id_for(period: Month) -> String {
        format!("r-{period}")
    }

    /// The month, when the period is one.
    pub fn month(&self) -> Option<Month> {
        Month::parse(self.period.trim())
    }

    /// The receipts of one partner, oldest first.
    pub fn receipts_of<'a>(&'a self, organisation: &str) -> impl Iterator<Item = &'a Receipt> + 'a {
        let key = organisation_key(organisation);
        self.receipts.iter().filter(move |r| organisation_key(&r.organisation) == key)
    }
}

impl Kind for Round {
    const SINGULAR: &'static str = "reporting round";
    const PLURAL: &'static str = "reporting rounds";
    const FIELDS: &'static [Field] = &[
        Field::new("period", "Month", "#date+reported", ValueType::Date).required(),
        Field::new("due", "Due date", "#date+due", ValueType::Date),
    ];

    fn natural_id(&self) -> Option<String> {
        self.month().map(Round::id_for)
    }

    fn check(&self, _plan: &Plan, out: &mut Vec<Problem>) {
        if self.period.trim().is_empty() {
            out.push(Problem::error("period", ProblemKind::Missing));
        } else if self.month().is_none() {
            out.push(Problem::error(
                "period",
                ProblemKind::Invalid { error: ValueError::NotDate { text: self.period.clone() } },
            ));
        }
    }

    fn describe(&self, _id: &str) -> String {
        format!("Reporting round {}", self.period)
    }

    fn field_text(&self, key: &str) -> String {
        match key {
            "period" => self.period.clone(),
            "due" => text(self.due),
            _ => String::new(),
        }
    }
}
