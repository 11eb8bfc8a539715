//! One strip chart per sector and basis (inline SVG): each compared activity's normalised
//! value as a mark on a horizontal axis, the recommended value as a line and the tolerance
//! band shaded. Marks differ in shape as well as colour, and every chart carries a text
//! summary for screen readers.

use super::view::{basis_label, chart_summary, flag_label, money, Scale};
use crate::engine::harmonise::{ActivityRow, Basis, Flag, HarmonisationReport};
use crate::model::{Amount, Plan};
use std::collections::BTreeMap;
use yew::prelude::*;

const WIDTH: f64 = 420.0;
const HEIGHT: f64 = 120.0;
const LEFT: f64 = 10.0;
const RIGHT: f64 = WIDTH - 10.0;
const AXIS_Y: f64 = 94.0;
const BAND_TOP: f64 = 34.0;
/// Marks at nearly the same value are spread over a few lanes so they stay visible.
const LANES: usize = 4;

/// A standard drawn on a chart: its recommended value and tolerance band.
#[derive(Debug, Clone, PartialEq)]
struct Band {
    recommended: f64,
    tolerance: f64,
}

impl Band {
    fn low(&self) -> f64 {
        self.recommended * (1.0 - self.tolerance / 100.0)
    }
    fn high(&self) -> f64 {
        self.recommended * (1.0 + self.tolerance / 100.0)
    }
}

fn bands(rows: &[&ActivityRow], plan: &Plan) -> Vec<Band> {
    let mut found: Vec<Band> = Vec::new();
    for row in rows {
        let (Some(id), Some(recommended)) = (&row.standard, row.recommended) else { continue };
        let tolerance = plan.standards.get(id).map_or(Amount::ZERO, |s| s.data.tolerance_pct);
        let band = Band { recommended: recommended.to_f64(), tolerance: tolerance.to_f64().abs() };
        if !found.contains(&band) {
            found.push(band);
        }
    }
    found
}

/// The strip charts of the rows `visible` accepts, one per (sector, basis).
pub fn strip_charts(report: &HarmonisationReport, plan: &Plan, visible: &dyn Fn(&ActivityRow) -> bool) -> Html {
    let mut groups: BTreeMap<(String, Basis), Vec<&ActivityRow>> = BTreeMap::new();
    for row in report.activities.iter().filter(|r| r.flag.is_compared() && r.normalised.is_some() && visible(r)) {
        if let Some(basis) = &row.basis {
            groups.entry((row.sector.trim().to_uppercase(), basis.clone())).or_default().push(row);
        }
    }
    html! {
        <section class="card" aria-labelledby="harm-charts-title">
            <h2 id="harm-charts-title">{"Spread of transfer values per sector"}</h2>
            if groups.is_empty() {
                <p class="muted">{"No activity with the filters above was compared with a standard."}</p>
            } else {
                <p class="muted harm-legend">
                    <span class="harm-mark-ok">{"● within tolerance"}</span>{" · "}
                    <span class="harm-mark-above">{"▲ above"}</span>{" · "}
                    <span class="harm-mark-below">{"▼ below"}</span>{" · shaded: the tolerance band around the recommended value (line)."}
                </p>
                <div class="harm-charts">
                { for groups.iter().enumerate().map(|(index, ((sector, basis), rows))| chart(index, sector, basis, rows, plan)) }
                </div>
            }
        </section>
    }
}

fn chart(index: usize, sector: &str, basis: &Basis, rows: &[&ActivityRow], plan: &Plan) -> Html {
    let bands = bands(rows, plan);
    let values: Vec<f64> = rows.iter().filter_map(|r| r.normalised).map(Amount::to_f64).collect();
    let extents: Vec<f64> = values.iter().copied().chain(bands.iter().flat_map(|b| [b.low(), b.high()])).collect();
    let Some(scale) = Scale::fit(&extents) else { return html! {} };
    let x = |value: f64| scale.position(value, LEFT, RIGHT);
    let flags: Vec<Flag> = rows.iter().map(|r| r.flag).collect();
    let title = format!("{sector}, {} {}", basis.currency, basis_label(basis));
    let summary = chart_summary(&flags);
    let recommended: Vec<String> =
        bands.iter().map(|b| format!("{} (±{} %)", format_value(b.recommended), b.tolerance)).collect();
    let description = format!(
        "{summary}. Recommended {}. Values from {} to {}.",
        if recommended.is_empty() { "value unknown".to_string() } else { recommended.join(", ") },
        format_value(values.iter().copied().fold(f64::INFINITY, f64::min)),
        format_value(values.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
    );
    let (title_id, desc_id) = (format!("harm-chart-{index}-title"), format!("harm-chart-{index}-desc"));
    html! {
        <figure class="harm-chart" data-sector={sector.to_string()}>
            <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img" aria-labelledby={format!("{title_id} {desc_id}")}
                aria-label={format!("{title}: {description}")} preserveAspectRatio="xMidYMid meet">
                <title id={title_id}>{ format!("{title}: {summary}") }</title>
                <desc id={desc_id}>{ description.clone() }</desc>
                <text x={LEFT.to_string()} y="14" class="harm-chart-title">{ title.clone() }</text>
                { for bands.iter().map(|band| html! {
                    <g class="harm-standard">
                        <rect class="harm-band" x={x(band.low()).to_string()} y={BAND_TOP.to_string()}
                            width={(x(band.high()) - x(band.low())).max(1.0).to_string()} height={(AXIS_Y - BAND_TOP).to_string()} />
                        <line class="harm-recommended-line" x1={x(band.recommended).to_string()} x2={x(band.recommended).to_string()}
                            y1={(BAND_TOP - 4.0).to_string()} y2={AXIS_Y.to_string()} />
                        <text class="harm-chart-label" x={x(band.recommended).clamp(LEFT + 64.0, RIGHT - 64.0).to_string()} y={(BAND_TOP - 8.0).to_string()}
                            text-anchor="middle">{ format!("recommended {}", format_value(band.recommended)) }</text>
                    </g>
                }) }
                <line class="harm-axis" x1={LEFT.to_string()} x2={RIGHT.to_string()} y1={AXIS_Y.to_string()} y2={AXIS_Y.to_string()} />
                { for rows.iter().enumerate().filter_map(|(i, row)| row.normalised.map(|v| mark(row, x(v.to_f64()), i))) }
                <text class="harm-chart-label" x={LEFT.to_string()} y={(AXIS_Y + 16.0).to_string()}>{ format_value(scale.min) }</text>
                <text class="harm-chart-label" x={RIGHT.to_string()} y={(AXIS_Y + 16.0).to_string()} text-anchor="end">{ format_value(scale.max) }</text>
            </svg>
            <figcaption>{ description }</figcaption>
        </figure>
    }
}

fn format_value(value: f64) -> String {
    Amount::from_f64_rounded(value).map(money).unwrap_or_else(|| "—".into())
}

/// A circle within tolerance, a triangle pointing up above it and down below it.
fn mark(row: &ActivityRow, x: f64, index: usize) -> Html {
    let y = BAND_TOP + 9.0 + (index % LANES) as f64 * 13.0;
    let deviation = row.deviation_pct.map(|d| format!(", {} %", d)).unwrap_or_default();
    let label = format!(
        "{} in {}: {}{deviation}, {}",
        row.reporting_org,
        row.area,
        row.normalised.map(money).unwrap_or_default(),
        flag_label(row.flag)
    );
    let triangle =
        |dy: f64| format!("{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", x, y - dy, x - 6.0, y + dy, x + 6.0, y + dy);
    match row.flag {
        Flag::Above => {
            html! { <polygon class="harm-mark harm-mark-above" points={triangle(6.0)}><title>{ label }</title></polygon> }
        }
        Flag::Below => {
            html! { <polygon class="harm-mark harm-mark-below" points={triangle(-6.0)}><title>{ label }</title></polygon> }
        }
        _ => {
            html! { <circle class="harm-mark harm-mark-ok" cx={format!("{x:.1}")} cy={format!("{y:.1}")} r="5"><title>{ label }</title></circle> }
        }
    }
}
