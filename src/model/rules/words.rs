//! The words for what the rules find, in English. Every path shows a problem through these,
//! so a form, an import preview and `cashplan check` say the same thing; a translation is
//! another implementation of the same few functions.

use super::problem::{Counted, Problem, ProblemKind, Severity, ValueError};
use std::fmt;

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueError::NotCount { text } => write!(f, "“{text}” is not a whole number such as 1250"),
            ValueError::Negative { text } => write!(f, "“{text}” is negative; counts and values start at 0"),
            ValueError::TooLarge { text } => write!(f, "“{text}” is too large to be a count"),
            ValueError::NotAmount { text } => write!(
                f,
                "“{text}” is not an amount: type digits with a dot and at most 4 decimals, without thousands separators or currency signs, e.g. 120.50"
            ),
            ValueError::NotPositive { text } => write!(f, "“{text}” is not a number above 0 such as 5 or 4.5"),
            ValueError::NotRate { text } => {
                write!(f, "“{text}” is not a rate: type a number above 0 with a dot for decimals, e.g. 32.5 or 0.0307")
            }
            ValueError::NotCoordinate { text } => write!(
                f,
                "“{text}” is not a coordinate: type decimal degrees with a dot, e.g. 36.3925 or -1.25 (WGS 84)"
            ),
            ValueError::NotCurrency { text } => {
                write!(f, "“{text}” is not a currency code: use 3 letters such as USD, SYP or TRY")
            }
            ValueError::NotDate { text } => {
                write!(f, "“{text}” is not a date: write it as YYYY-MM-DD, e.g. 2024-03-31 (or a month, 2024-03)")
            }
            ValueError::NotInList { text, list, accepted } => {
                write!(f, "“{text}” is not a known {list}. Choose one of: {accepted}")
            }
            ValueError::NotLevel { text } => write!(f, "“{text}” is not an admin level from 1 to 4"),
            ValueError::NotSeverity { text } => {
                write!(f, "“{text}” is not a severity from 1 (minimal) to 5 (catastrophic)")
            }
        }
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::Missing => f.write_str("empty, but a value is required here"),
            ProblemKind::Invalid { error } => error.fmt(f),
            ProblemKind::UnknownArea { code } => write!(f, "unknown area `{code}`; add it or correct the code"),
            ProblemKind::UnknownSector { code } => write!(f, "unknown sector `{code}`; add it or correct the code"),
            ProblemKind::UnknownParent { code } => {
                write!(f, "unknown parent area `{code}`; add it first or correct the code")
            }
            ProblemKind::OwnParent => f.write_str("an area cannot be its own parent"),
            ProblemKind::NoShape => f.write_str("no shape to draw; import the boundary file again"),
            ProblemKind::NoParent { level } => write!(
                f,
                "an admin {level} area without the area it belongs to; its figures cannot be added up to admin {}",
                level.saturating_sub(1).max(1)
            ),
            ProblemKind::ParentNotAbove { parent_level, level } => {
                write!(f, "the parent is admin {parent_level}: it must be above admin {level}")
            }
            ProblemKind::LevelOutOfRange { level } => write!(f, "admin level {level} is not 1 to 4"),
            ProblemKind::SeverityOutOfRange { severity } => write!(f, "{severity} is not a severity from 1 to 5"),
            ProblemKind::ReachedAboveTargeted { reached, targeted, counted } => {
                let what = match counted {
                    Counted::People => "",
                    Counted::Households => " households",
                };
                write!(f, "{reached}{what} is more than targeted ({targeted}); check both figures")
            }
            ProblemKind::ReachedNotCounted { reached, status } => write!(
                f,
                "{reached} people reached, but the status is {status}: only ongoing and completed activities \
                 count as reached; check the status (a file without a status column reads every row as planned)"
            ),
            ProblemKind::HouseholdsAbovePeople { .. } => f.write_str("more households than people in need"),
            ProblemKind::EndBeforeStart { start, end } => write!(f, "{end} is before start {start}"),
            ProblemKind::TransferWithoutValue { modality } => {
                write!(f, "{modality} activity without a transfer value; add the value per payment and its currency")
            }
            ProblemKind::ValueWithoutCurrency => {
                f.write_str("a transfer value without its currency; give the currency")
            }
            ProblemKind::ValueWithoutTransfer { modality } => {
                write!(f, "{modality} activities have no transfer value; clear the value or change the modality")
            }
            ProblemKind::ZeroTransferValue => f.write_str("0 per payment; add the real transfer value"),
            ProblemKind::NegativeValue { value } => write!(f, "{value} is negative"),
            ProblemKind::NotAboveZero => f.write_str("must be more than zero"),
            ProblemKind::ReferenceNotFinal { code } => {
                write!(f, "{code} is itself measured against another figure; choose the figure it is measured against")
            }
            ProblemKind::ActivityInCaseload { code } => write!(
                f,
                "{code} is a figure of people in need, not a sector for activities; choose the activity's sector"
            ),
            ProblemKind::UnitNotAllowed { unit } => {
                write!(f, "a basket is per household or per person per month, not per {unit}")
            }
            ProblemKind::ImplausiblePeople { count } => {
                write!(f, "{count} people is not plausible for one record; check for a typo or a total row")
            }
            ProblemKind::ImplausibleHouseholdSize { size } => write!(f, "{size} is not a plausible household size"),
            ProblemKind::BadCurrency { code } => {
                write!(f, "`{code}` is not a 3-letter currency code such as USD")
            }
            ProblemKind::RateNotPositive { rate } => write!(f, "{rate} is not a positive exchange rate"),
            ProblemKind::CoordinateOutOfRange { value, limit } => {
                let what = if *limit == 90 { "latitude" } else { "longitude" };
                write!(f, "{value} is not a {what}: it must be between -{limit} and {limit} degrees")
            }
            ProblemKind::CoordinateAlone { given } => {
                let missing = if *given == "latitude" { "longitude" } else { "latitude" };
                write!(f, "a {given} without its {missing}; give both coordinates or neither")
            }
            ProblemKind::SameCurrency { code } => {
                write!(f, "both currencies are the same ({code}): a rate converts between two currencies")
            }
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

impl fmt::Display for Problem {
    /// The problem's words; a warning says so, since the record is accepted all the same.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)?;
        if self.severity == Severity::Warning {
            f.write_str(" (warning)")?;
        }
        Ok(())
    }
}
