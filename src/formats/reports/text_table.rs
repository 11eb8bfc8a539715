//! A plain-text table with aligned columns, for reports read in a terminal.

/// Columns are separated by two spaces; numbers are right-aligned so digits line up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextTable {
    headers: Vec<String>,
    right_aligned: Vec<bool>,
    rows: Vec<Vec<String>>,
}

impl TextTable {
    /// Columns as (header, right-aligned).
    pub fn new<H: Into<String>>(columns: impl IntoIterator<Item = (H, bool)>) -> TextTable {
        let (headers, right_aligned) = columns.into_iter().map(|(h, r)| (h.into(), r)).unzip();
        TextTable { headers, right_aligned, rows: Vec::new() }
    }

    /// Adds a row; missing cells are blank, extra cells are ignored.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The header, a rule, then the rows; each line without trailing spaces.
    pub fn finish(&self) -> String {
        let width = |i: usize| {
            let header = self.headers.get(i).map_or(0, |h| h.chars().count());
            self.rows.iter().filter_map(|r| r.get(i)).map(|c| c.chars().count()).fold(header, usize::max)
        };
        let widths: Vec<usize> = (0..self.headers.len()).map(width).collect();
        let line = |cells: &[String]| -> String {
            let padded: Vec<String> = widths
                .iter()
                .enumerate()
                .map(|(i, &w)| {
                    let text = cells.get(i).map_or("", String::as_str);
                    if self.right_aligned.get(i).copied().unwrap_or(false) {
                        format!("{text:>w$}")
                    } else {
                        format!("{text:<w$}")
                    }
                })
                .collect();
            padded.join("  ").trim_end().to_string()
        };
        let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
        let mut out = String::new();
        for cells in [&self.headers, &rule].into_iter().chain(&self.rows) {
            out.push_str(&line(cells));
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_text_left_and_numbers_right() {
        let mut table = TextTable::new([("Org", false), ("People", true)]);
        table.row(vec!["WFP".into(), "60,000".into()]);
        table.row(vec!["Mercy Corps".into()]);
        assert_eq!(table.finish(), "Org          People\n-----------  ------\nWFP          60,000\nMercy Corps\n");
    }
}
