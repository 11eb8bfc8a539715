//! An HXL CSV made fit to share outside the group ([`SmallCounts`]): every export — the
//! tables, the gap, transfer value and overlap reports, the workbook — is HXL CSV first, so
//! protecting that text protects them all, the same way.
//!
//! In each data row:
//! - a count of people (`#inneed`, `#targeted`, `#reached`, `#affected`, `#population`, with
//!   any attributes) from 1 to below the threshold is written as "<10";
//! - when any count of a group (people targeted, households reached, …) is hidden, every
//!   breakdown of that group (women, girls, elderly men…) is hidden too, so a hidden figure
//!   cannot be found by subtracting the others from the total;
//! - figures computed from counts (`#indicator+coverage`, `#indicator+gap`) are left empty
//!   in a row where anything was hidden, as a gap of 497 next to 500 in need gives away 3
//!   reached;
//! - a last column, Privacy (`#meta+privacy`), says so on each row where something was
//!   hidden, so the file itself tells its reader.

use super::table::Tag;
use super::write::undefused;
use super::HxlWriter;
use crate::model::disclosure::SmallCounts;

/// Hashtags whose values are numbers of people or households.
const PEOPLE: &[&str] = &["inneed", "targeted", "reached", "affected", "population"];
/// Attributes that make a column one part of a total rather than the total.
const BREAKDOWN: &[&str] = &["f", "m", "children", "adolescents", "adults", "elderly", "infants", "disabled"];

/// What a column holds, as far as protecting it goes.
#[derive(Debug, Clone, PartialEq)]
enum Column {
    Other,
    /// A count in a group (`reached`, `reached+hh`…); `total` when it is not a breakdown.
    People {
        group: String,
        total: bool,
    },
    /// A figure computed from counts.
    Derived,
}

fn classify(hashtag: &str) -> Column {
    let Some(tag) = Tag::parse(hashtag) else { return Column::Other };
    if PEOPLE.contains(&tag.name.as_str()) {
        let households = tag.attributes.contains("hh");
        let total = !tag.attributes.iter().any(|a| BREAKDOWN.contains(&a.as_str()));
        let group = format!("{}{}", tag.name, if households { "+hh" } else { "" });
        return Column::People { group, total };
    }
    let derived = tag.name == "indicator" && (tag.attributes.contains("coverage") || tag.attributes.contains("gap"));
    if derived {
        Column::Derived
    } else {
        Column::Other
    }
}

/// `csv_text` (an HXL CSV as cashplan writes it: optional title lines, header row, hashtag
/// row, data) with small counts hidden. Text that is not HXL is returned as it is: nothing in
/// it is known to be a count.
pub fn protect_hxl(csv_text: &str, rule: SmallCounts) -> String {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(csv_text.as_bytes());
    let lines: Vec<Vec<String>> =
        reader.records().filter_map(Result::ok).map(|r| r.iter().map(str::to_string).collect()).collect();
    let Some(tags_at) = lines.iter().position(|line| is_hashtag_row(line)) else {
        return csv_text.to_string();
    };
    let Some(headers_at) = tags_at.checked_sub(1) else { return csv_text.to_string() };
    let mut lines = lines.into_iter();
    let titles: Vec<String> = lines.by_ref().take(headers_at).filter_map(|line| line.into_iter().next()).collect();
    let headers = lines.next().unwrap_or_default();
    let hashtags = lines.next().unwrap_or_default();
    let columns: Vec<Column> = hashtags.iter().map(|t| classify(t)).collect();
    let mut writer = HxlWriter::new(
        headers
            .iter()
            .cloned()
            .chain(std::iter::once("Privacy".to_string()))
            .zip(hashtags.iter().cloned().chain(std::iter::once("#meta+privacy".to_string()))),
    );
    for title in titles {
        writer = writer.title(title);
    }
    let width = headers.len();
    for line in lines {
        let mut row: Vec<String> = line.iter().map(|cell| undefused(cell).to_string()).collect();
        row.resize(width.max(row.len()), String::new());
        let hidden = protect_row(&mut row, &columns, rule);
        row.truncate(width);
        row.resize(width, String::new());
        row.push(if hidden { rule.note() } else { String::new() });
        writer.row(row);
    }
    writer.finish()
}

fn is_hashtag_row(line: &[String]) -> bool {
    let filled: Vec<&String> = line.iter().filter(|c| !c.trim().is_empty()).collect();
    !filled.is_empty() && filled.iter().all(|c| Tag::parse(c).is_some())
}

/// Hides what the rule hides in one row; true when anything was hidden.
fn protect_row(row: &mut [String], columns: &[Column], rule: SmallCounts) -> bool {
    let mut hidden_groups: Vec<&str> = Vec::new();
    for (cell, column) in row.iter_mut().zip(columns) {
        if let Column::People { group, .. } = column {
            if cell.trim().parse::<u64>().is_ok_and(|n| rule.hides(n)) {
                *cell = rule.hidden_text();
                if !hidden_groups.contains(&group.as_str()) {
                    hidden_groups.push(group);
                }
            }
        }
    }
    if hidden_groups.is_empty() {
        return false;
    }
    for (cell, column) in row.iter_mut().zip(columns) {
        match column {
            Column::People { group, total: false }
                if hidden_groups.contains(&group.as_str()) && !cell.trim().is_empty() =>
            {
                *cell = rule.hidden_text();
            }
            Column::Derived => cell.clear(),
            _ => {}
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::hxl::write_hxl;

    fn rule() -> SmallCounts {
        SmallCounts::below(10).unwrap()
    }

    fn rows(text: &str) -> Vec<Vec<String>> {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
    }

    #[test]
    fn small_counts_their_breakdowns_and_the_figures_that_reveal_them_are_hidden_and_the_row_says_so() {
        let text = write_hxl(
            &[
                ("Area", "#adm1+code"),
                ("In need", "#inneed"),
                ("Reached", "#reached"),
                ("Women reached", "#reached+f+adults"),
                ("Men reached", "#reached+m+adults"),
                ("Coverage", "#indicator+coverage+pct"),
                ("Gap", "#indicator+gap"),
                ("Organisations", "#org+num"),
            ],
            &[
                vec!["SY01", "500", "3", "1", "2", "0.6", "497", "2"].into_iter().map(String::from).collect(),
                vec!["SY02", "500", "25", "4", "21", "5.0", "475", "1"].into_iter().map(String::from).collect(),
                vec!["SY03", "500", "0", "0", "0", "0.0", "500", "0"].into_iter().map(String::from).collect(),
            ],
        );
        let out = rows(&protect_hxl(&text, rule()));
        assert_eq!(out[1].last().unwrap(), "#meta+privacy");
        assert_eq!(out[2], ["SY01", "500", "<10", "<10", "<10", "", "", "2", &rule().note()]);
        // 4 women is hidden, and so are the 21 men: 25 − 21 would give the 4 away.
        assert_eq!(out[3], ["SY02", "500", "25", "<10", "<10", "", "", "1", &rule().note()]);
        assert_eq!(out[4], ["SY03", "500", "0", "0", "0", "0.0", "500", "0", ""], "zero picks out nobody");
    }

    #[test]
    fn households_are_their_own_group_and_formula_text_stays_defused() {
        let text = write_hxl(
            &[("Note", "#description"), ("Reached", "#reached"), ("Households", "#reached+hh")],
            &[vec!["=HYPERLINK(\"x\")".into(), "40".into(), "7".into()]],
        );
        let out = protect_hxl(&text, rule());
        let lines = rows(&out);
        assert_eq!(lines[2][..3], ["'=HYPERLINK(\"x\")", "40", "<10"]);
        assert_eq!(lines[2][3], rule().note());
    }

    #[test]
    fn title_lines_stay_above_the_headers_and_text_that_is_not_hxl_is_left_alone() {
        let text = HxlWriter::new([("Reached", "#reached")]).title("Gap report, March").finish();
        let mut with_row = HxlWriter::new([("Reached", "#reached")]).title("Gap report, March");
        with_row.row(vec!["2".into()]);
        let out = rows(&protect_hxl(&with_row.finish(), rule()));
        assert_eq!(out[0], ["Gap report, March"]);
        assert_eq!(out[3][0], "<10");
        assert!(protect_hxl(&text, rule()).contains("#meta+privacy"));
        assert_eq!(protect_hxl("a,b\n1,2\n", rule()), "a,b\n1,2\n");
        assert_eq!(protect_hxl("", rule()), "");
    }
}
