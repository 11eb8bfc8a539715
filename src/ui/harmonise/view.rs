//! What the harmonisation page says and draws, as plain functions: flag wording, the row
//! filter and the strip chart's scale. No yew here, so it is tested natively.

use crate::engine::harmonise::{ActivityRow, Basis, Flag, NotComparedReason, Period, SignedPercent};
use crate::model::{Amount, Plan, ValueUnit};
use std::collections::HashMap;

/// Every verdict, in the order the flag filter lists them.
pub const FLAGS: [Flag; 9] = [
    Flag::Above,
    Flag::Below,
    Flag::Ok,
    Flag::NoValue,
    Flag::NoFrequency,
    Flag::NoStandard,
    Flag::UnitMismatch,
    Flag::FrequencyMismatch,
    Flag::NoRate,
];

/// The words shown for a verdict: colour only ever repeats them.
pub fn flag_label(flag: Flag) -> &'static str {
    match flag {
        Flag::Ok => "within tolerance",
        Flag::Above => "above tolerance",
        Flag::Below => "below tolerance",
        Flag::NoValue => "no transfer value",
        Flag::NoFrequency => "no frequency",
        Flag::NoStandard => "no standard",
        Flag::UnitMismatch => "unit differs from standard",
        Flag::FrequencyMismatch => "frequency differs from standard",
        Flag::NoRate => "no exchange rate",
    }
}

/// A stable code for a verdict, for filter values and CSS classes.
pub fn flag_code(flag: Flag) -> &'static str {
    match flag {
        Flag::Ok => "ok",
        Flag::Above => "above",
        Flag::Below => "below",
        Flag::NoValue => "no-value",
        Flag::NoFrequency => "no-frequency",
        Flag::NoStandard => "no-standard",
        Flag::UnitMismatch => "unit-mismatch",
        Flag::FrequencyMismatch => "frequency-mismatch",
        Flag::NoRate => "no-rate",
    }
}

/// What to do about a verdict that is not a comparison.
pub fn flag_advice(flag: Flag) -> Option<&'static str> {
    match flag {
        Flag::NoValue => Some("Add the transfer value and currency to the activity."),
        Flag::NoFrequency => Some("Add the payment frequency (or one payment for a one-off transfer)."),
        Flag::NoStandard => Some("Add a standard for this sector valid on the activity's start date."),
        Flag::UnitMismatch => Some("Daily wages are only compared with daily standards, and back."),
        Flag::FrequencyMismatch => Some("One-off values are only compared with one-off standards, and back."),
        Flag::NoRate => Some("Add an exchange rate between the two currencies dated on or before the start."),
        Flag::Ok | Flag::Above | Flag::Below => None,
    }
}

pub fn reason_label(reason: NotComparedReason) -> &'static str {
    match reason {
        NotComparedReason::InKind => "in-kind: no transfer value to compare",
        NotComparedReason::Service => "service: no transfer value to compare",
        NotComparedReason::NoModality => "no modality given: say whether it is cash, voucher, in-kind or a service",
        NotComparedReason::Cancelled => "cancelled",
    }
}

/// "per household per month", "per day".
pub fn basis_label(basis: &Basis) -> String {
    let unit = match basis.unit {
        ValueUnit::Household => "per household",
        ValueUnit::Person => "per person",
        ValueUnit::Day => return "per day worked".into(),
    };
    let per = match basis.per {
        Period::Month => "per month",
        Period::Payment => "per payment",
        Period::Day => "per day",
    };
    format!("{unit} {per}")
}

pub fn money(amount: Amount) -> String {
    amount.format_fixed(2)
}

pub fn optional_money(amount: Option<Amount>) -> String {
    amount.map(money).unwrap_or_else(|| "—".into())
}

/// "+1.9 %", "-11.1 %", "0.0 %".
pub fn signed_percent(percent: SignedPercent) -> String {
    let sign = if percent.tenths() > 0 { "+" } else { "" };
    format!("{sign}{percent} %")
}

/// Area names by code (matched trimmed and case-insensitively, as the engine does).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AreaNames(HashMap<String, String>);

impl AreaNames {
    pub fn of(plan: &Plan) -> AreaNames {
        AreaNames(plan.areas.live().map(|r| (r.data.code.trim().to_uppercase(), r.data.name.clone())).collect())
    }
    /// The name, or "" for a code that is not in the plan.
    pub fn name(&self, code: &str) -> &str {
        self.0.get(&code.trim().to_uppercase()).map_or("", String::as_str)
    }
    /// "Mare' (C1426)", or the bare code when the area is unknown.
    pub fn describe(&self, code: &str) -> String {
        match self.name(code) {
            "" => code.to_string(),
            name => format!("{name} ({code})"),
        }
    }
}

/// Which verdicts the deviation table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FlagChoice {
    #[default]
    All,
    /// Above or below tolerance: the ones to talk about.
    Outside,
    /// Not compared with a standard, whatever the reason.
    NotComparable,
    Only(Flag),
}

impl FlagChoice {
    pub fn parse(value: &str) -> FlagChoice {
        match value {
            "outside" => FlagChoice::Outside,
            "not-comparable" => FlagChoice::NotComparable,
            other => FLAGS.into_iter().find(|f| flag_code(*f) == other).map_or(FlagChoice::All, FlagChoice::Only),
        }
    }
    pub fn value(self) -> String {
        match self {
            FlagChoice::All => String::new(),
            FlagChoice::Outside => "outside".into(),
            FlagChoice::NotComparable => "not-comparable".into(),
            FlagChoice::Only(flag) => flag_code(flag).into(),
        }
    }
    fn accepts(self, flag: Flag) -> bool {
        match self {
            FlagChoice::All => true,
            FlagChoice::Outside => matches!(flag, Flag::Above | Flag::Below),
            FlagChoice::NotComparable => !flag.is_compared(),
            FlagChoice::Only(only) => only == flag,
        }
    }
}

/// The deviation table's filters; empty parts accept everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RowFilter {
    pub flag: FlagChoice,
    pub sector: Option<String>,
    pub organisation: Option<String>,
    /// Part of the area's code or name, any case.
    pub area_text: String,
}

/// Organisation names (and sector codes) match as the rules say one organisation is known.
fn same(a: &str, b: &str) -> bool {
    crate::model::rules::values::same_organisation(a, b)
}

impl RowFilter {
    pub fn accepts(&self, row: &ActivityRow, area_name: &str) -> bool {
        let text = self.area_text.trim().to_lowercase();
        self.flag.accepts(row.flag)
            && self.sector.as_deref().is_none_or(|s| same(s, &row.sector))
            && self.organisation.as_deref().is_none_or(|o| same(o, &row.reporting_org))
            && (text.is_empty() || row.area.to_lowercase().contains(&text) || area_name.to_lowercase().contains(&text))
    }
}

/// "7 activities, 2 above, 1 below tolerance".
pub fn chart_summary(flags: &[Flag]) -> String {
    let count = |flag: Flag| flags.iter().filter(|f| **f == flag).count();
    let noun = if flags.len() == 1 { "activity" } else { "activities" };
    format!("{} {noun}, {} above, {} below tolerance", flags.len(), count(Flag::Above), count(Flag::Below))
}

/// A horizontal axis from `min` to `max` drawn between two pixel positions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
}

impl Scale {
    /// Fits every value with 5 % room each side (not below zero for non-negative values); a
    /// single value gets ±10 % so its dot sits mid-axis. None when no value is finite.
    pub fn fit(values: &[f64]) -> Option<Scale> {
        let finite = values.iter().copied().filter(|v| v.is_finite());
        let (low, high) = finite
            .fold(None, |range: Option<(f64, f64)>, v| Some(range.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v)))))?;
        let room = if high > low {
            (high - low) * 0.05
        } else if low != 0.0 {
            low.abs() * 0.1
        } else {
            1.0
        };
        // Money is not negative: the axis does not invent negative values to leave room.
        let min = if low >= 0.0 { (low - room).max(0.0) } else { low - room };
        Some(Scale { min, max: high + room })
    }

    /// The position of `value` between `left` and `right`, clamped to the axis.
    pub fn position(self, value: f64, left: f64, right: f64) -> f64 {
        let share = ((value - self.min) / (self.max - self.min)).clamp(0.0, 1.0);
        left + share * (right - left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::harmonise::Flag;
    use crate::model::{Modality, ValueUnit};

    fn row(org: &str, area: &str, sector: &str, flag: Flag) -> ActivityRow {
        ActivityRow {
            id: format!("{org}-{area}"),
            reporting_org: org.into(),
            area: area.into(),
            area_level: Some(4),
            sector: sector.into(),
            modality: Modality::Cash,
            conditionality: None,
            standard: None,
            basis: None,
            household_size: 5.0,
            normalised: None,
            recommended: None,
            deviation_pct: None,
            flag,
            extra_flags: Vec::new(),
            meb: None,
            meb_coverage_pct: None,
            targeting: None,
        }
    }

    #[test]
    fn every_flag_round_trips_through_its_filter_value() {
        for flag in FLAGS {
            assert_eq!(FlagChoice::parse(&FlagChoice::Only(flag).value()), FlagChoice::Only(flag));
        }
        assert_eq!(FlagChoice::parse("outside"), FlagChoice::Outside);
        assert_eq!(FlagChoice::parse(""), FlagChoice::All);
        assert_eq!(FlagChoice::parse("nonsense"), FlagChoice::All);
    }

    #[test]
    fn the_filter_combines_flag_sector_organisation_and_area_text() {
        let irc = row("IRC", "C1426", "MPC", Flag::Above);
        let wfp = row("WFP", "SY020300", "FSC", Flag::NoStandard);
        let outside = RowFilter { flag: FlagChoice::Outside, ..RowFilter::default() };
        assert!(outside.accepts(&irc, "Mare'") && !outside.accepts(&wfp, "A'zaz"));
        let not_comparable = RowFilter { flag: FlagChoice::NotComparable, ..RowFilter::default() };
        assert!(!not_comparable.accepts(&irc, "") && not_comparable.accepts(&wfp, ""));
        let by_sector = RowFilter { sector: Some(" mpc".into()), ..RowFilter::default() };
        assert!(by_sector.accepts(&irc, "") && !by_sector.accepts(&wfp, ""));
        let by_org = RowFilter { organisation: Some("wfp".into()), ..RowFilter::default() };
        assert!(!by_org.accepts(&irc, "") && by_org.accepts(&wfp, ""));
        let by_name = RowFilter { area_text: "MARE".into(), ..RowFilter::default() };
        assert!(by_name.accepts(&irc, "Mare'") && !by_name.accepts(&wfp, "A'zaz"));
        let by_code = RowFilter { area_text: "sy0203".into(), ..RowFilter::default() };
        assert!(!by_code.accepts(&irc, "Mare'") && by_code.accepts(&wfp, "A'zaz"));
    }

    #[test]
    fn labels_read_as_sentences() {
        let basis = Basis { unit: ValueUnit::Household, per: Period::Month, currency: "USD".into() };
        assert_eq!(basis_label(&basis), "per household per month");
        let wage = Basis { unit: ValueUnit::Day, per: Period::Day, currency: "USD".into() };
        assert_eq!(basis_label(&wage), "per day worked");
        assert_eq!(signed_percent(SignedPercent::from_f64(1.88).unwrap()), "+1.9 %");
        assert_eq!(signed_percent(SignedPercent::from_f64(-11.11).unwrap()), "-11.1 %");
        assert_eq!(signed_percent(SignedPercent::from_f64(0.0).unwrap()), "0.0 %");
        assert_eq!(money(Amount::parse("122.257").unwrap()), "122.26");
        let flags = [Flag::Above, Flag::Ok, Flag::Above, Flag::Below];
        assert_eq!(chart_summary(&flags), "4 activities, 2 above, 1 below tolerance");
        assert_eq!(chart_summary(&[Flag::Ok]), "1 activity, 0 above, 0 below tolerance");
    }

    #[test]
    fn the_scale_fits_every_value_and_centres_a_lone_one() {
        let scale = Scale::fit(&[100.0, 120.0, f64::NAN, 110.0]).unwrap();
        assert_eq!((scale.min, scale.max), (99.0, 121.0));
        assert_eq!(scale.position(110.0, 0.0, 100.0), 50.0);
        assert_eq!(scale.position(1000.0, 10.0, 90.0), 90.0, "clamped to the axis");
        let lone = Scale::fit(&[50.0]).unwrap();
        assert_eq!(lone.position(50.0, 0.0, 100.0), 50.0);
        assert_eq!(Scale::fit(&[0.0]).unwrap(), Scale { min: 0.0, max: 1.0 });
        assert_eq!(Scale::fit(&[1.0, 101.0]).unwrap().min, 0.0, "no negative room for money");
        assert_eq!(Scale::fit(&[f64::INFINITY]), None);
    }
}
