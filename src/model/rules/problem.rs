//! What the rules find, as data: which field, how serious, what kind of problem with which
//! values. No sentences here: [`super::words`] says them, so every path (a form, an import,
//! `cashplan check`) reports a problem in the same words, and a translation is one place.

use crate::model::{Amount, IsoDate, Modality, ValueUnit};
use serde::Serialize;

/// How a problem weighs on accepting a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The record is refused: a form does not save, an import does not apply.
    Error,
    /// The record is accepted and the problem is shown beside it (a preview, the form,
    /// `cashplan check`), never silently.
    Warning,
}

/// A text that could not be read as the value a field holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "expected", rename_all = "snake_case")]
pub enum ValueError {
    NotCount { text: String },
    Negative { text: String },
    TooLarge { text: String },
    NotAmount { text: String },
    NotPositive { text: String },
    NotRate { text: String },
    NotCoordinate { text: String },
    NotCurrency { text: String },
    NotDate { text: String },
    NotInList { text: String, list: &'static str, accepted: String },
    NotLevel { text: String },
    NotSeverity { text: String },
}

impl ValueError {
    /// The text that was refused.
    pub fn text(&self) -> &str {
        match self {
            ValueError::NotCount { text }
            | ValueError::Negative { text }
            | ValueError::TooLarge { text }
            | ValueError::NotAmount { text }
            | ValueError::NotPositive { text }
            | ValueError::NotRate { text }
            | ValueError::NotCoordinate { text }
            | ValueError::NotCurrency { text }
            | ValueError::NotDate { text }
            | ValueError::NotInList { text, .. }
            | ValueError::NotLevel { text }
            | ValueError::NotSeverity { text } => text,
        }
    }
}

/// Whether a figure counts people or households.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Counted {
    People,
    Households,
}

/// What is wrong, with the values that make it wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProblemKind {
    /// A required field is empty.
    Missing,
    /// The text of a field is not a value of its kind.
    Invalid {
        error: ValueError,
    },
    UnknownArea {
        code: String,
    },
    UnknownSector {
        code: String,
    },
    UnknownParent {
        code: String,
    },
    OwnParent,
    /// A boundary without a ring to draw.
    NoShape,
    /// An area below admin 1 without the area it belongs to: its figures cannot be summed up.
    NoParent {
        level: u8,
    },
    ParentNotAbove {
        parent_level: u8,
        level: u8,
    },
    LevelOutOfRange {
        level: u8,
    },
    SeverityOutOfRange {
        severity: u8,
    },
    ReachedAboveTargeted {
        reached: u64,
        targeted: u64,
        counted: Counted,
    },
    /// People reached on an activity whose status does not count reach (planned, cancelled).
    ReachedNotCounted {
        reached: u64,
        status: crate::model::Status,
    },
    HouseholdsAbovePeople {
        households: u64,
        people: u64,
    },
    EndBeforeStart {
        start: IsoDate,
        end: IsoDate,
    },
    /// A cash or voucher activity without a transfer value (it cannot be harmonised).
    TransferWithoutValue {
        modality: Modality,
    },
    /// A transfer value given without its currency.
    ValueWithoutCurrency,
    /// An in-kind or service activity with a transfer value.
    ValueWithoutTransfer {
        modality: Modality,
    },
    ZeroTransferValue,
    NegativeValue {
        value: Amount,
    },
    /// A sector measured against another that is itself measured against a third: the
    /// reference must be a figure of its own.
    ReferenceNotFinal {
        code: String,
    },
    /// Activities reported under a figure of people in need only (the inter-sector PiN).
    ActivityInCaseload {
        code: String,
    },
    /// A value that must be more than zero (a recommended value, a basket).
    NotAboveZero,
    /// A unit the record cannot be in (a basket per day).
    UnitNotAllowed {
        unit: ValueUnit,
    },
    /// More people than any one record can hold: a typo or a total row.
    ImplausiblePeople {
        count: u64,
    },
    ImplausibleHouseholdSize {
        size: f64,
    },
    BadCurrency {
        code: String,
    },
    RateNotPositive {
        rate: f64,
    },
    /// A latitude outside -90 to 90 or a longitude outside -180 to 180 (`limit` is 90 or 180).
    CoordinateOutOfRange {
        value: f64,
        limit: u8,
    },
    /// A latitude without its longitude, or the other way round.
    CoordinateAlone {
        given: &'static str,
    },
    /// An exchange rate from a currency to itself.
    SameCurrency {
        code: String,
    },
}

/// One problem in one field of one record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// The field's key in its kind's field list (see `Kind::FIELDS`).
    pub field: &'static str,
    pub severity: Severity,
    pub kind: ProblemKind,
}

impl Problem {
    pub fn error(field: &'static str, kind: ProblemKind) -> Problem {
        Problem { field, severity: Severity::Error, kind }
    }
    pub fn warning(field: &'static str, kind: ProblemKind) -> Problem {
        Problem { field, severity: Severity::Warning, kind }
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The problems of a field's text that could not be read.
impl From<(&'static str, ValueError)> for Problem {
    fn from((field, error): (&'static str, ValueError)) -> Problem {
        Problem::error(field, ProblemKind::Invalid { error })
    }
}
