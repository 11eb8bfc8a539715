//! A data table's rows as plain values, and the sorting, searching, filtering and windowing
//! that keep 100k rows quick. Pure, so it is tested natively.

use crate::model::sorting;
use std::cmp::Ordering;
use std::ops::Range;
use std::rc::Rc;

/// Shared data compared by identity: a new `Rc` means "changed", so props and memos never
/// compare 100k rows value by value.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}
impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}
impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}
impl<T> Shared<T> {
    pub fn new(value: T) -> Shared<T> {
        Shared(Rc::new(value))
    }
}

/// One cell: the text shown and, for numeric columns, the number it sorts by.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub number: Option<i64>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), number: None }
    }
    pub fn count(n: Option<u64>) -> Cell {
        Cell { text: n.map(grouped).unwrap_or_default(), number: n.map(|n| i64::try_from(n).unwrap_or(i64::MAX)) }
    }
    /// A money amount: shown as written, sorted by its exact value.
    pub fn amount(amount: Option<crate::model::Amount>) -> Cell {
        Cell { text: amount.map(|a| a.to_string()).unwrap_or_default(), number: amount.map(|a| a.ten_thousandths()) }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: String,
    pub cells: Vec<Cell>,
    /// The record has versions that lost a merge and wait for a decision.
    pub conflict: bool,
    /// Says which record this is in button labels ("activity of NGO A in SY02").
    pub label: String,
    /// Every cell, lower-cased, for the search box.
    haystack: String,
}

impl Row {
    pub fn new(id: impl Into<String>, cells: Vec<Cell>, conflict: bool, label: String) -> Row {
        let haystack = cells.iter().map(|c| c.text.to_lowercase()).collect::<Vec<_>>().join("\u{1f}");
        Row { id: id.into(), cells, conflict, label, haystack }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ascending,
    Descending,
}

/// What the user asked to see: sort, search, per-column filters, conflicts only.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct View {
    pub sort: Option<(usize, Direction)>,
    pub search: String,
    /// (column, exact cell text).
    pub filters: Vec<(usize, String)>,
    pub conflicts_only: bool,
}

impl View {
    /// The sort after clicking a column's header: ascending first, then flipping.
    pub fn toggled_sort(&self, column: usize) -> Option<(usize, Direction)> {
        match self.sort {
            Some((c, Direction::Ascending)) if c == column => Some((column, Direction::Descending)),
            _ => Some((column, Direction::Ascending)),
        }
    }
}

fn cell_at(row: &Row, column: usize) -> Option<&Cell> {
    row.cells.get(column)
}

/// Numbers before blanks; text ignoring ASCII case without allocating (100k rows sort in
/// about a million comparisons).
fn compare_cells(a: Option<&Cell>, b: Option<&Cell>) -> Ordering {
    let number = |c: Option<&Cell>| c.and_then(|c| c.number);
    match (number(a), number(b)) {
        (Some(x), Some(y)) => return x.cmp(&y),
        (Some(_), None) => return Ordering::Less,
        (None, Some(_)) => return Ordering::Greater,
        (None, None) => {}
    }
    let (x, y) = (a.map_or("", |c| c.text.as_str()), b.map_or("", |c| c.text.as_str()));
    match (x.is_empty(), y.is_empty()) {
        (false, true) => Ordering::Less,
        (true, false) => Ordering::Greater,
        _ => x.bytes().map(|b| b.to_ascii_lowercase()).cmp(y.bytes().map(|b| b.to_ascii_lowercase())),
    }
}

/// The indexes of the rows to show, in order. Every search word must appear in some cell;
/// sorting is stable, so equal rows keep the plan's id order.
pub fn arrange(rows: &[Row], view: &View) -> Vec<usize> {
    let words: Vec<String> = view.search.split_whitespace().map(str::to_lowercase).collect();
    let mut shown: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, row)| !view.conflicts_only || row.conflict)
        .filter(|(_, row)| {
            view.filters.iter().all(|(c, value)| cell_at(row, *c).is_some_and(|cell| cell.text == *value))
        })
        .filter(|(_, row)| words.iter().all(|w| row.haystack.contains(w.as_str())))
        .map(|(i, _)| i)
        .collect();
    if let Some((column, direction)) = view.sort {
        sorting::sort_by(&mut shown, |&a, &b| {
            let order = compare_cells(
                rows.get(a).and_then(|r| cell_at(r, column)),
                rows.get(b).and_then(|r| cell_at(r, column)),
            );
            if direction == Direction::Descending {
                order.reverse()
            } else {
                order
            }
        });
    }
    shown
}

/// The values a column takes, for its filter list.
pub fn distinct_values(rows: &[Row], column: usize) -> Vec<String> {
    let set: std::collections::BTreeSet<&str> = sorting::set_of(
        rows.iter().filter_map(|r| cell_at(r, column)).map(|c| c.text.as_str()).filter(|t| !t.is_empty()),
    );
    set.into_iter().map(str::to_string).collect()
}

/// The rows to render for a scroll position: those in view plus `buffer` on each side.
pub fn window(scroll_top: f64, viewport: f64, row_height: f64, total: usize, buffer: usize) -> Range<usize> {
    if total == 0 || row_height <= 0.0 {
        return 0..0;
    }
    let first_visible = (scroll_top.max(0.0) / row_height).floor() as usize;
    let visible = (viewport.max(0.0) / row_height).ceil() as usize + 1;
    let start = first_visible.saturating_sub(buffer).min(total);
    let end = first_visible.saturating_add(visible).saturating_add(buffer).min(total);
    start..end
}

/// 1234567 → "1,234,567" (shared with the reports and maps).
pub use crate::formats::numbers::grouped;

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Row> {
        let row = |id: &str, org: &str, reached: Option<u64>, conflict: bool| {
            Row::new(id, vec![Cell::text(org), Cell::count(reached)], conflict, String::new())
        };
        vec![
            row("a1", "WFP", Some(900), false),
            row("a2", "irc", None, true),
            row("a3", "IRC", Some(20), false),
            row("a4", "NRC", Some(1_000), false),
        ]
    }

    fn view(sort: Option<(usize, Direction)>, search: &str) -> View {
        View { sort, search: search.into(), ..View::default() }
    }

    #[test]
    fn numbers_sort_by_value_with_blanks_last_both_ways_up() {
        let rows = rows();
        assert_eq!(arrange(&rows, &view(Some((1, Direction::Ascending)), "")), vec![2, 0, 3, 1]);
        assert_eq!(arrange(&rows, &view(Some((1, Direction::Descending)), "")), vec![1, 3, 0, 2]);
    }

    #[test]
    fn text_sorts_ignoring_case_and_keeps_id_order_for_ties() {
        assert_eq!(arrange(&rows(), &view(Some((0, Direction::Ascending)), "")), vec![1, 2, 3, 0]);
    }

    #[test]
    fn search_needs_every_word_and_ignores_case() {
        let rows = rows();
        assert_eq!(arrange(&rows, &view(None, "irc")), vec![1, 2]);
        assert_eq!(arrange(&rows, &view(None, "IRC 20")), vec![2]);
        assert_eq!(arrange(&rows, &view(None, "1,000")), vec![3]);
        assert!(arrange(&rows, &view(None, "unicef")).is_empty());
    }

    #[test]
    fn column_filters_and_conflicts_only_narrow_the_rows() {
        let rows = rows();
        let filtered = View { filters: vec![(0, "IRC".into())], ..View::default() };
        assert_eq!(arrange(&rows, &filtered), vec![2]);
        let conflicts = View { conflicts_only: true, ..View::default() };
        assert_eq!(arrange(&rows, &conflicts), vec![1]);
        assert_eq!(distinct_values(&rows, 0), vec!["IRC", "NRC", "WFP", "irc"]);
    }

    #[test]
    fn header_clicks_go_ascending_then_descending_and_a_new_column_starts_ascending() {
        let v = View { sort: Some((1, Direction::Ascending)), ..View::default() };
        assert_eq!(v.toggled_sort(1), Some((1, Direction::Descending)));
        assert_eq!(v.toggled_sort(0), Some((0, Direction::Ascending)));
    }

    #[test]
    fn the_window_covers_the_viewport_plus_a_buffer_and_stops_at_the_ends() {
        assert_eq!(window(0.0, 400.0, 40.0, 100_000, 8), 0..19);
        assert_eq!(window(4_000.0, 400.0, 40.0, 100_000, 8), 92..119);
        assert_eq!(window(3_999_600.0, 400.0, 40.0, 100_000, 8), 99_982..100_000);
        assert_eq!(window(0.0, 400.0, 40.0, 0, 8), 0..0);
        assert_eq!(grouped(20_000), "20,000");
        assert_eq!(grouped(999), "999");
    }
}
