//! Where the user is and which filters apply, kept in the URL (`#/plan/<id>/<page>?…`) so
//! a view can be bookmarked, shared with a colleague who has the same plan, and survives
//! a reload.

use crate::engine::map::Measure;
use crate::model::{Modality, Month, Vocabulary};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Page {
    /// Totals, the gap matrix, worst gaps, unallocated activities.
    #[default]
    Overview,
    /// Tables and forms to enter and edit records.
    Data,
    /// Importing HXL and spreadsheet files into the plan.
    Import,
    /// Transfer values against the agreed standards.
    Harmonise,
    /// A measure per area on the plan's boundaries.
    Map,
    /// Monthly reporting rounds: who reported, packs, returned files, reminders.
    Rounds,
}

impl Page {
    pub const ALL: [Page; 6] = [Page::Overview, Page::Map, Page::Data, Page::Import, Page::Rounds, Page::Harmonise];

    pub fn slug(self) -> &'static str {
        match self {
            Page::Overview => "overview",
            Page::Data => "data",
            Page::Import => "import",
            Page::Harmonise => "harmonise",
            Page::Map => "map",
            Page::Rounds => "rounds",
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            Page::Overview => "Overview",
            Page::Data => "Data",
            Page::Import => "Import",
            Page::Harmonise => "Harmonisation",
            Page::Map => "Map",
            Page::Rounds => "Rounds",
        }
    }
    fn from_slug(slug: &str) -> Option<Page> {
        Page::ALL.into_iter().find(|p| p.slug() == slug)
    }
}

/// The Data page's tables, in the order of its tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DataTable {
    #[default]
    Activities,
    Needs,
    Areas,
    Sectors,
    Organisations,
    Standards,
    Mebs,
    Rates,
}

impl DataTable {
    pub const ALL: [DataTable; 8] = [
        DataTable::Activities,
        DataTable::Needs,
        DataTable::Areas,
        DataTable::Sectors,
        DataTable::Organisations,
        DataTable::Standards,
        DataTable::Mebs,
        DataTable::Rates,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            DataTable::Activities => "activities",
            DataTable::Needs => "needs",
            DataTable::Areas => "areas",
            DataTable::Sectors => "sectors",
            DataTable::Organisations => "organisations",
            DataTable::Standards => "standards",
            DataTable::Mebs => "meb",
            DataTable::Rates => "rates",
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            DataTable::Activities => "Activities",
            DataTable::Needs => "People in need",
            DataTable::Areas => "Areas",
            DataTable::Sectors => "Sectors",
            DataTable::Organisations => "Organisations",
            DataTable::Standards => "Standards",
            DataTable::Mebs => "MEB",
            DataTable::Rates => "Exchange rates",
        }
    }
    fn from_slug(slug: &str) -> Option<DataTable> {
        DataTable::ALL.into_iter().find(|t| t.slug() == slug)
    }
}

/// A table's sort as the URL names it: the column by its title (`sort=-people-in-need` is
/// "People in need", largest first), so a link survives columns being added or reordered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSort {
    /// The column title as a slug (see `column_slug`).
    pub column: String,
    pub descending: bool,
}

impl TableSort {
    pub fn by(title: &str, descending: bool) -> TableSort {
        TableSort { column: column_slug(title), descending }
    }
    /// Whether this sort names the column with this title.
    pub fn is_on(&self, title: &str) -> bool {
        self.column == column_slug(title)
    }
    fn parse(value: &str) -> Option<TableSort> {
        let (column, descending) = match value.strip_prefix('-') {
            Some(column) => (column, true),
            None => (value, false),
        };
        // Only the canonical spelling: anything else is not a column of any table.
        (!column.is_empty() && column_slug(column) == column)
            .then(|| TableSort { column: column.to_string(), descending })
    }
    fn to_query(&self) -> String {
        format!("{}{}", if self.descending { "-" } else { "" }, self.column)
    }
}

/// "Lead (provider of last resort)" → "lead-provider-of-last-resort": lower-case letters
/// and digits, every other run of characters one hyphen.
pub fn column_slug(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Which Data table is shown, sorted and searched how. Kept while the user visits other
/// pages of the plan, so coming back to Data shows the same rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TableView {
    pub table: DataTable,
    pub sort: Option<TableSort>,
    /// The search box's text exactly as typed (a trailing space is the next word's start).
    pub search: String,
}

impl TableView {
    /// Another table, unsorted and unsearched: a sort or search belongs to its table.
    pub fn of(table: DataTable) -> TableView {
        TableView { table, ..TableView::default() }
    }
}

/// How a route change enters the browser's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum History {
    /// A new entry, so Back returns here (another page, another table).
    #[default]
    Push,
    /// The same entry, updated (a sort, each key typed in a search).
    Replace,
}

/// Filters shared by every page of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filters {
    pub level: Option<u8>,
    pub period: Option<Month>,
    pub sector: Option<String>,
    pub organisation: Option<String>,
    pub modality: Option<Modality>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Route {
    /// The open plan; None is the home screen.
    pub plan: Option<String>,
    pub page: Page,
    pub filters: Filters,
    /// The Data page's table view (in the URL on every page, so it outlives a visit elsewhere).
    pub table: TableView,
    /// The map's measure (None: coverage), kept like the table view.
    pub measure: Option<Measure>,
    /// The Map page shows activities with coordinates as dots.
    pub points: bool,
}

impl Route {
    pub fn home() -> Route {
        Route::default()
    }
    pub fn plan(id: &str) -> Route {
        Route { plan: Some(id.to_string()), ..Route::default() }
    }

    /// Parses a location hash such as `#/plan/p-1/overview?level=2&period=2024-03`.
    /// Anything it does not understand is ignored rather than refused: an old bookmark
    /// still opens the plan.
    pub fn parse(hash: &str) -> Route {
        let hash = hash.trim_start_matches('#');
        let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let mut route = Route::default();
        if let ["plan", id, rest @ ..] = parts.as_slice() {
            route.plan = Some(decode(id));
            route.page = rest.first().and_then(|p| Page::from_slug(p)).unwrap_or_default();
        }
        let mut unknown_table = false;
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value);
            let (filters, view) = (&mut route.filters, &mut route.table);
            match key {
                "level" => filters.level = value.parse().ok().filter(|l| (1..=4).contains(l)),
                "period" => filters.period = Month::parse(&value),
                "sector" if !value.is_empty() => filters.sector = Some(value),
                "org" if !value.is_empty() => filters.organisation = Some(value),
                "modality" => filters.modality = Modality::parse_loose(&value),
                "table" => match DataTable::from_slug(&value) {
                    Some(table) => view.table = table,
                    None => unknown_table = true,
                },
                "sort" => view.sort = TableSort::parse(&value),
                "q" => view.search = value,
                "measure" => route.measure = Measure::parse(&value).filter(|m| *m != Measure::Coverage),
                "points" => route.points = value == "1",
                _ => {}
            }
        }
        // A sort or search meant for a table this version does not have would mislead on
        // the activities shown instead.
        if unknown_table {
            route.table = TableView::default();
        }
        route
    }

    pub fn to_hash(&self) -> String {
        let Some(plan) = &self.plan else { return "#/".into() };
        let f = &self.filters;
        let mut query = Vec::new();
        if let Some(level) = f.level {
            query.push(format!("level={level}"));
        }
        if let Some(period) = f.period {
            query.push(format!("period={period}"));
        }
        if let Some(sector) = &f.sector {
            query.push(format!("sector={}", encode(sector)));
        }
        if let Some(org) = &f.organisation {
            query.push(format!("org={}", encode(org)));
        }
        if let Some(modality) = f.modality {
            query.push(format!("modality={}", modality.code()));
        }
        let view = &self.table;
        if view.table != DataTable::default() {
            query.push(format!("table={}", view.table.slug()));
        }
        if let Some(sort) = &view.sort {
            query.push(format!("sort={}", sort.to_query()));
        }
        if !view.search.is_empty() {
            query.push(format!("q={}", encode(&view.search)));
        }
        if let Some(measure) = self.measure {
            query.push(format!("measure={}", measure.code()));
        }
        if self.points {
            query.push("points=1".to_string());
        }
        let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
        format!("#/plan/{}/{}{query}", encode(plan), self.page.slug())
    }
}

/// Percent-encodes everything but unreserved characters.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(value)) => {
                out.push(value);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_plan_page_and_filters() {
        let route = Route {
            plan: Some("p-1".into()),
            page: Page::Harmonise,
            filters: Filters {
                level: Some(2),
                period: Month::parse("2024-03"),
                sector: Some("MPC".into()),
                organisation: Some("Mercy USA & co".into()),
                modality: Some(Modality::Voucher),
            },
            table: TableView::default(),
            measure: None,
            points: false,
        };
        let hash = route.to_hash();
        assert_eq!(
            hash,
            "#/plan/p-1/harmonise?level=2&period=2024-03&sector=MPC&org=Mercy%20USA%20%26%20co&modality=voucher"
        );
        assert_eq!(Route::parse(&hash), route);
        let map = Route { page: Page::Map, measure: Some(Measure::Gap), ..route };
        assert!(map.to_hash().starts_with("#/plan/p-1/map?level=2&") && map.to_hash().ends_with("&measure=gap"));
        let dots = Route { points: true, ..map.clone() };
        assert!(dots.to_hash().ends_with("&measure=gap&points=1"));
        assert_eq!(Route::parse(&dots.to_hash()), dots);
        assert!(!Route::parse("#/plan/p-1/map?points=yes").points);
        assert_eq!(Route::parse(&map.to_hash()), map);
        assert_eq!(Route::parse("#/plan/p-1/map?measure=coverage").measure, None, "coverage is the default");
        assert_eq!(Route::parse("#/plan/p-1/map?measure=beauty").measure, None);
    }

    #[test]
    fn unknown_or_bad_parts_are_ignored() {
        let route = Route::parse("#/plan/p-9/nowhere?level=9&period=2024-13&x=1&org=");
        assert_eq!(route.plan.as_deref(), Some("p-9"));
        assert_eq!(route.page, Page::Overview);
        assert_eq!(route.filters, Filters::default());
        assert_eq!(Route::parse(""), Route::home());
        assert_eq!(Route::parse("#/plan"), Route::home());
        assert_eq!(Route::home().to_hash(), "#/");
    }

    #[test]
    fn round_trips_the_data_tables_view_with_the_filters() {
        let route = Route {
            plan: Some("p-1".into()),
            page: Page::Data,
            filters: Filters { level: Some(1), ..Filters::default() },
            table: TableView {
                table: DataTable::Areas,
                sort: Some(TableSort::by("Household size", true)),
                search: "aleppo & co ".into(),
            },
            measure: None,
            points: false,
        };
        let hash = route.to_hash();
        assert_eq!(hash, "#/plan/p-1/data?level=1&table=areas&sort=-household-size&q=aleppo%20%26%20co%20");
        assert_eq!(Route::parse(&hash), route);
        // Every table, ascending and descending, searched or not.
        for table in DataTable::ALL {
            for sort in [
                None,
                Some(TableSort::by("P-code", false)),
                Some(TableSort::by("Lead (provider of last resort)", true)),
            ] {
                for search in ["", "SY01", "Mercy+USA 50%"] {
                    let route = Route {
                        table: TableView { table, sort: sort.clone(), search: search.into() },
                        ..Route::plan("p")
                    };
                    assert_eq!(Route::parse(&route.to_hash()), route, "{}", route.to_hash());
                }
            }
        }
    }

    #[test]
    fn the_default_view_leaves_the_url_as_it_was_and_old_bookmarks_open_it() {
        let route = Route { page: Page::Data, ..Route::plan("p") };
        assert_eq!(route.to_hash(), "#/plan/p/data");
        assert_eq!(Route::parse("#/plan/p/data?level=2").table, TableView::default());
        // The view is kept on other pages, so coming back to Data shows the same rows.
        let overview = Route::parse("#/plan/p/overview?table=needs&sort=severity");
        assert_eq!(
            overview.table,
            TableView { table: DataTable::Needs, sort: Some(TableSort::by("Severity", false)), search: String::new() }
        );
    }

    #[test]
    fn unknown_tables_and_malformed_sorts_are_ignored() {
        let route = Route::parse("#/plan/p/data?table=budgets&sort=-amount&q=x&level=2");
        assert_eq!(route.table, TableView::default(), "a sort or search for an unknown table is dropped");
        assert_eq!(route.filters.level, Some(2));
        for sort in ["", "-", "--x", "Targeted", "people in need", "a%20b"] {
            let route = Route::parse(&format!("#/plan/p/data?table=areas&sort={sort}&q=aleppo"));
            assert_eq!(
                route.table,
                TableView { table: DataTable::Areas, sort: None, search: "aleppo".into() },
                "sort={sort}"
            );
        }
    }

    #[test]
    fn column_slugs_name_columns_by_their_titles() {
        assert_eq!(column_slug("People in need"), "people-in-need");
        assert_eq!(column_slug("Lead (provider of last resort)"), "lead-provider-of-last-resort");
        assert_eq!(column_slug("Tolerance %"), "tolerance");
        assert_eq!(column_slug("1 unit of"), "1-unit-of");
        assert!(TableSort::by("P-code", false).is_on("P-code"));
        assert!(!TableSort::by("Reached", false).is_on("Targeted"));
    }
}
