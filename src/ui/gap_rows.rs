//! The gap matrix's rows at admin 3, where there are hundreds: the areas in the order the
//! user chose (by code, or by the people left without help) and which of them are quiet —
//! no people in need and no activity in the sectors shown — so they can be folded away.
//! Plain Rust, tested natively; the matrix itself is `overview/gap_matrix.rs`.

use crate::engine::gaps::{GapCell, GapReport};
use crate::model::sorting;
use std::collections::HashMap;

/// How the matrix's rows are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowOrder {
    /// By area code, as the report lists them.
    #[default]
    Area,
    /// Largest gap in people (summed over the sectors shown) first; ties by area code.
    GapLargestFirst,
    /// Smallest gap first; ties by area code.
    GapSmallestFirst,
}

/// One area's row: its position in [`GapReport::areas`] and what it is ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatrixRow {
    pub area: usize,
    /// People in need not reached, summed over the sectors shown (unknown needs add 0).
    pub gap: u64,
    /// No people in need and no activity in any sector shown.
    pub quiet: bool,
}

/// Whether a cell has something to coordinate: people in need or an activity.
fn has_work(cell: &GapCell) -> bool {
    cell.pin.is_some_and(|pin| pin > 0) || !cell.activities.is_empty()
}

/// The rows of the matrix for the sectors `shown`, in `order`; quiet rows are kept (marked)
/// so the caller can count them and fold them away.
pub fn matrix_rows(report: &GapReport, shown: &dyn Fn(&str) -> bool, order: RowOrder) -> Vec<MatrixRow> {
    let mut by_area: HashMap<&str, (u64, bool)> = HashMap::new();
    for cell in report.cells.iter().filter(|c| shown(&c.sector)) {
        let entry = by_area.entry(cell.area.as_str()).or_insert((0, false));
        entry.0 = entry.0.saturating_add(cell.gap.unwrap_or(0));
        entry.1 |= has_work(cell);
    }
    let mut rows: Vec<MatrixRow> = report
        .areas
        .iter()
        .enumerate()
        .map(|(i, totals)| {
            let (gap, work) = by_area.get(totals.area.as_str()).copied().unwrap_or((0, false));
            MatrixRow { area: i, gap, quiet: !work }
        })
        .collect();
    // Stable sorts: equal gaps keep the report's order, which is by area code.
    match order {
        RowOrder::Area => {}
        RowOrder::GapLargestFirst => sorting::sort_by_key(&mut rows, |r| std::cmp::Reverse(r.gap)),
        RowOrder::GapSmallestFirst => sorting::sort_by_key(&mut rows, |r| r.gap),
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::gaps::{AreaTotals, SumAndMax};

    fn cell(area: &str, sector: &str, pin: Option<u64>, reached: u64, activities: &[&str]) -> GapCell {
        GapCell {
            area: area.into(),
            area_name: format!("Area {area}"),
            sector: sector.into(),
            sector_name: None,
            lead: None,
            pin,
            measured_against: None,
            targeted: reached,
            reached,
            coverage: None,
            planned_coverage: None,
            gap: pin.map(|p| p.saturating_sub(reached)),
            planned_gap: None,
            organisations: 0,
            band: None,
            severity: None,
            activities: activities.iter().map(|a| a.to_string()).collect(),
        }
    }

    fn report(cells: Vec<GapCell>) -> GapReport {
        let mut areas: Vec<AreaTotals> = Vec::new();
        for c in &cells {
            if areas.last().is_none_or(|a| a.area != c.area) {
                areas.push(AreaTotals {
                    area: c.area.clone(),
                    area_name: c.area_name.clone(),
                    sectors: 0,
                    pin: SumAndMax::default(),
                    targeted: SumAndMax::default(),
                    reached: SumAndMax::default(),
                    inter_sector_pin: None,
                });
            }
        }
        GapReport {
            level: 3,
            period: None,
            cells,
            areas,
            worst_gaps: Vec::new(),
            totals: Default::default(),
            unallocated_activities: Vec::new(),
            unknown_area_activities: Vec::new(),
            unallocated_needs: Vec::new(),
            unknown_area_needs: Vec::new(),
            superseded_needs: Vec::new(),
            broken_parents: Vec::new(),
        }
    }

    fn fixture() -> GapReport {
        report(vec![
            cell("A1", "FSC", Some(100), 40, &["a"]), // gap 60
            cell("A1", "WASH", Some(50), 0, &[]),     // gap 50
            cell("A2", "FSC", Some(0), 0, &[]),       // quiet: a need of 0, nothing done
            cell("A3", "FSC", None, 30, &["b"]),      // activity without a known need
            cell("A4", "FSC", Some(500), 0, &[]),     // gap 500
            cell("A5", "WASH", Some(80), 0, &[]),     // gap 80, only in WASH
        ])
    }

    fn areas(report: &GapReport, rows: &[MatrixRow]) -> Vec<String> {
        rows.iter().map(|r| report.areas[r.area].area.clone()).collect()
    }

    #[test]
    fn rows_sum_gaps_over_the_sectors_shown_and_order_by_them() {
        let report = fixture();
        let all = |_: &str| true;
        let rows = matrix_rows(&report, &all, RowOrder::Area);
        assert_eq!(areas(&report, &rows), ["A1", "A2", "A3", "A4", "A5"]);
        assert_eq!(rows.iter().map(|r| r.gap).collect::<Vec<_>>(), [110, 0, 0, 500, 80]);

        let largest = matrix_rows(&report, &all, RowOrder::GapLargestFirst);
        assert_eq!(areas(&report, &largest), ["A4", "A1", "A5", "A2", "A3"], "ties keep the code order");
        let smallest = matrix_rows(&report, &all, RowOrder::GapSmallestFirst);
        assert_eq!(areas(&report, &smallest), ["A2", "A3", "A5", "A1", "A4"]);
    }

    #[test]
    fn quiet_rows_have_neither_people_in_need_nor_activities_in_the_sectors_shown() {
        let report = fixture();
        let rows = matrix_rows(&report, &|_| true, RowOrder::Area);
        let quiet: Vec<bool> = rows.iter().map(|r| r.quiet).collect();
        assert_eq!(quiet, [false, true, false, false, false], "an activity without a known need is work");

        // Only FSC shown: A5 has nothing there and is quiet; its WASH gap does not count.
        let fsc = |s: &str| s == "FSC";
        let rows = matrix_rows(&report, &fsc, RowOrder::GapLargestFirst);
        assert_eq!(areas(&report, &rows), ["A4", "A1", "A2", "A3", "A5"]);
        assert_eq!(
            rows.iter().map(|r| (r.gap, r.quiet)).collect::<Vec<_>>(),
            [(500, false), (60, false), (0, true), (0, false), (0, true)]
        );
    }
}
