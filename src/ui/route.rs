//! Where the user is and which filters apply, kept in the URL (`#/plan/<id>/<page>?…`) so
//! a view can be bookmarked, shared with a colleague who has the same plan, and survives
//! a reload.

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
}

impl Page {
    pub const ALL: [Page; 4] = [Page::Overview, Page::Data, Page::Import, Page::Harmonise];

    pub fn slug(self) -> &'static str {
        match self {
            Page::Overview => "overview",
            Page::Data => "data",
            Page::Import => "import",
            Page::Harmonise => "harmonise",
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            Page::Overview => "Overview",
            Page::Data => "Data",
            Page::Import => "Import",
            Page::Harmonise => "Harmonisation",
        }
    }
    fn from_slug(slug: &str) -> Option<Page> {
        Page::ALL.into_iter().find(|p| p.slug() == slug)
    }
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
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value);
            let filters = &mut route.filters;
            match key {
                "level" => filters.level = value.parse().ok().filter(|l| (1..=4).contains(l)),
                "period" => filters.period = Month::parse(&value),
                "sector" if !value.is_empty() => filters.sector = Some(value),
                "org" if !value.is_empty() => filters.organisation = Some(value),
                "modality" => filters.modality = Modality::parse_loose(&value),
                _ => {}
            }
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
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
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
        };
        let hash = route.to_hash();
        assert_eq!(hash, "#/plan/p-1/harmonise?level=2&period=2024-03&sector=MPC&org=Mercy%20USA%20%26%20co&modality=voucher");
        assert_eq!(Route::parse(&hash), route);
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
}
