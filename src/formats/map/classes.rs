//! The classes a measure's values fall in, each with its words, numbers, colour and
//! pattern: coverage by band; shares and counts by fixed, round breaks.

use super::grouped;
use crate::engine::coverage::Band;
use crate::engine::map::{AreaFigures, Measure};

/// One legend entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Class {
    /// Stable name: the CSS class (`band-partial`, `class-2`, `no-data`) and GeoJSON `band`.
    pub key: String,
    /// Words and numbers for the legend: `partial: 30 % to under 100 %`.
    pub label: String,
    pub fill: &'static str,
    /// Marks drawn over the fill (an SVG path in a 6×6 tile), so classes differ without colour.
    pub marks: Option<&'static str>,
}

/// A measure's classes, the no-data class last (after the hidden class of a protected map),
/// and how to place a value among them.
#[derive(Debug, Clone, PartialEq)]
pub struct Classes {
    pub list: Vec<Class>,
    kind: Kind,
    /// The list holds the class of values hidden by small-counts protection.
    hidden: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Bands,
    /// Upper bounds (inclusive) of the classes after the first (which holds 0).
    Breaks(Vec<f64>),
}

const NO_DATA_FILL: &str = "#ffffff";
const HATCH: &str = "M0 6L6 0";
const HIDDEN_FILL: &str = "#d9d9d9";
/// Hatched the other way from no data: hidden is not missing.
const HIDDEN_MARKS: &str = "M0 0L6 6";
/// ColorBrewer PuOr: from "nobody reached" (orange) to "covered" (purple), colour-blind safe.
const BAND_FILLS: [&str; 5] = ["#b35806", "#f1a340", "#fee0b6", "#998ec3", "#542788"];
const BAND_MARKS: [Option<&str>; 5] =
    [Some("M0 0L6 6M6 0L0 6"), Some("M0 3H6"), Some("M3 2.5v1"), None, Some("M3 0V6")];
/// ColorBrewer Blues, light to dark.
const COUNT_FILLS: [&str; 5] = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];

impl Classes {
    /// The class of an area's value; the no-data class when it has none.
    pub fn of(&self, measure: Measure, figures: Option<&AreaFigures>) -> &Class {
        let no_data = self.list.len().saturating_sub(1);
        let position = match (&self.kind, figures) {
            (_, None) => no_data,
            (_, Some(f)) if self.hidden && f.hides(measure) => no_data.saturating_sub(1),
            (Kind::Bands, Some(f)) => f.band.map_or(no_data, |b| b as usize),
            // The % is rounded to tenths; the ends follow the exact band, as the band map does
            // (0.04 % is not "nobody reached", 100.01 % is over).
            (Kind::Breaks(breaks), Some(f)) if measure == Measure::CoveragePercent => {
                match (f.band, f.value(measure)) {
                    (Some(Band::None), _) => 0,
                    (Some(Band::Over), _) => breaks.len(),
                    (Some(_), Some(v)) => {
                        let within = breaks.iter().position(|upper| v <= *upper).unwrap_or(0);
                        (1 + within).clamp(1, breaks.len().saturating_sub(1))
                    }
                    _ => no_data,
                }
            }
            (Kind::Breaks(breaks), Some(f)) => match f.value(measure) {
                None => no_data,
                Some(v) if v <= 0.0 => 0,
                Some(v) => 1 + breaks.iter().position(|upper| v <= *upper).unwrap_or(breaks.len().saturating_sub(1)),
            },
        };
        let last = self.list.last();
        self.list.get(position).or(last).unwrap_or(&NO_CLASS)
    }
}

static NO_CLASS: Class = Class { key: String::new(), label: String::new(), fill: NO_DATA_FILL, marks: None };

fn no_data(measure: Measure) -> Class {
    let why = match measure {
        Measure::Coverage | Measure::CoveragePercent | Measure::Gap => "no people in need recorded",
        Measure::OutsideStandard => "no cash activity compared",
        _ => "nothing reported",
    };
    Class { key: "no-data".into(), label: format!("no data: {why}"), fill: NO_DATA_FILL, marks: Some(HATCH) }
}

/// The classes for a measure, from the values the map shows.
pub fn classify(measure: Measure, areas: &[AreaFigures]) -> Classes {
    let (list, kind) = match measure {
        Measure::Coverage => {
            let labels = [
                "0 %: nobody reached",
                "under 30 %",
                "30 % to under 100 %",
                "100 %",
                "above 100 %: people probably counted twice",
            ];
            let bands = [Band::None, Band::Low, Band::Partial, Band::Full, Band::Over];
            let list = bands
                .iter()
                .zip(labels)
                .zip(BAND_FILLS.iter().zip(BAND_MARKS))
                .map(|((band, words), (fill, marks))| Class {
                    key: format!("band-{}", band.label()),
                    label: format!("{}: {words}", band.label()),
                    fill,
                    marks,
                })
                .collect();
            (list, Kind::Bands)
        }
        Measure::OutsideStandard => shares(&[25.0, 50.0, 75.0, 100.0]),
        Measure::CoveragePercent => {
            // Above 100 % people were probably counted twice: a class of its own, marked.
            let (mut list, _) = shares(&[25.0, 50.0, 75.0, 100.0]);
            let label = "above 100 %: people probably counted twice".to_string();
            list.push(Class { key: "class-5".into(), label, fill: BAND_FILLS[4], marks: BAND_MARKS[4] });
            (list, Kind::Breaks(vec![25.0, 50.0, 75.0, 100.0, f64::INFINITY]))
        }
        _ => {
            let largest = areas.iter().filter_map(|a| a.value(measure)).fold(0.0, f64::max);
            counts(largest)
        }
    };
    let mut list: Vec<Class> = list;
    let rule = areas.iter().filter(|a| a.hides(measure)).find_map(|a| a.hidden).map(|h| h.rule);
    if let Some(rule) = rule {
        let label = format!("hidden: counts under {} people, left out for sharing", rule.threshold());
        list.push(Class { key: "hidden".into(), label, fill: HIDDEN_FILL, marks: Some(HIDDEN_MARKS) });
    }
    list.push(no_data(measure));
    Classes { list, kind, hidden: rule.is_some() }
}

fn shares(breaks: &[f64]) -> (Vec<Class>, Kind) {
    let mut list = vec![Class { key: "class-0".into(), label: "0 %".into(), fill: COUNT_FILLS[0], marks: None }];
    let mut lower = 0.0;
    for (i, upper) in breaks.iter().enumerate() {
        let label =
            if lower == 0.0 { format!("above 0 % to {upper} %") } else { format!("above {lower} % to {upper} %") };
        list.push(Class { key: format!("class-{}", i + 1), label, fill: COUNT_FILLS[(i + 1).min(4)], marks: None });
        lower = *upper;
    }
    (list, Kind::Breaks(breaks.to_vec()))
}

/// Four classes above 0 with round upper bounds (1, 2 or 5 × 10ⁿ steps) covering `largest`.
fn counts(largest: f64) -> (Vec<Class>, Kind) {
    let step = nice_step((largest / 4.0).max(1.0));
    let breaks: Vec<f64> = (1..=4).map(|i| step * f64::from(i)).collect();
    let mut list = vec![Class { key: "class-0".into(), label: "0".into(), fill: COUNT_FILLS[0], marks: None }];
    let mut lower = 1u64;
    for (i, upper) in breaks.iter().enumerate() {
        let upper = *upper as u64;
        let label = if i == 3 {
            format!("{} or more", grouped(lower))
        } else if lower == upper {
            grouped(upper)
        } else {
            format!("{} to {}", grouped(lower), grouped(upper))
        };
        list.push(Class { key: format!("class-{}", i + 1), label, fill: COUNT_FILLS[(i + 1).min(4)], marks: None });
        lower = upper + 1;
    }
    let mut kind_breaks = breaks;
    if let Some(last) = kind_breaks.last_mut() {
        *last = f64::INFINITY;
    }
    (list, Kind::Breaks(kind_breaks))
}

/// The smallest of 1, 2, 5 × 10ⁿ at least `x`.
fn nice_step(x: f64) -> f64 {
    let magnitude = 10f64.powi(x.log10().floor() as i32);
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= x).unwrap_or(10.0 * magnitude).max(1.0)
}
