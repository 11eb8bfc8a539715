//! Files the app offers for download, as data: a name, a type and what to put in it. The
//! heavy contents (a plan file of 100k activities, a table) are written by the runner when
//! it carries the download out, not when the button is pressed.

use crate::formats::hxl::{protect_hxl, write_table, TableKind};
use crate::formats::planfile::{file_name, slug, write_plan_file, PlanFileError};
use crate::formats::sheet::RejectedRows;
use crate::model::boundary::without_boundaries;
use crate::model::disclosure::SmallCounts;
use crate::model::{IsoDate, Plan};
use crate::ui::state::partner_slice;
use std::rc::Rc;

pub const CSV: &str = "text/csv";
pub const JSON: &str = "application/json";
pub const SVG: &str = "image/svg+xml";
pub const PNG: &str = "image/png";
pub const GEOJSON: &str = "application/geo+json";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// What a download holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Text(String),
    /// The plan file of a plan, or with `organisation` that partner's slice of it; the
    /// boundaries (large) only `with_boundaries`.
    PlanFile {
        plan: Rc<Plan>,
        organisation: Option<String>,
        exported_at: String,
        with_boundaries: bool,
    },
    /// One table of the plan as HXL CSV.
    Table {
        plan: Rc<Plan>,
        kind: TableKind,
    },
    /// A map drawn from its SVG on a canvas in the browser.
    Png {
        svg: String,
    },
    /// A map of the plan's figures as SVG or GeoJSON, rendered (with the protection this
    /// download asked for) by the boundaries module.
    Map(String),
    /// Every table and report as one workbook (written by the spreadsheet module).
    Workbook {
        plan: Rc<Plan>,
        today: IsoDate,
    },
    /// The rows a spreadsheet import set aside, as CSV or (written by the spreadsheet
    /// module) as .xlsx.
    Rejected {
        rows: Rc<RejectedRows>,
        xlsx: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Download {
    /// Safe on every system (see [`safe_file_name`]), whatever the plan or partner is called.
    pub file_name: String,
    pub mime: &'static str,
    pub content: Content,
    /// Small counts hidden, for sharing outside the group (tables, reports, the workbook and
    /// maps only: a plan file is the group's own data and is never changed).
    pub protect: Option<SmallCounts>,
}

/// Longest file name offered (with its extension): file systems allow 255 bytes.
const NAME_MAX_CHARS: usize = 120;

/// A file name made safe from user text (a plan's or a partner's name): no path separators,
/// no characters Windows refuses, no control or direction-changing characters, not a
/// device name (CON, NUL, COM1…), not empty, at most 120 characters with its extension kept.
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*' => '-',
            c if c.is_control()
                || ('\u{200e}'..='\u{200f}').contains(&c)
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c) =>
            {
                '-'
            }
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c == '.' || c == ' ' || c == '-');
    let (stem, extension) = match cleaned.split_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, format!(".{extension}")),
        _ => (cleaned, String::new()),
    };
    const DEVICES: [&str; 22] = [
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1",
        "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];
    let stem = if stem.is_empty() || DEVICES.contains(&stem.to_lowercase().as_str()) {
        format!("cashplan-{stem}").trim_end_matches('-').to_string()
    } else {
        stem.to_string()
    };
    let room = NAME_MAX_CHARS.saturating_sub(extension.chars().count()).max(1);
    let stem: String = stem.chars().take(room).collect();
    format!("{stem}{extension}")
}

impl Download {
    fn new(file_name: &str, mime: &'static str, content: Content) -> Download {
        Download { file_name: safe_file_name(file_name), mime, content, protect: None }
    }

    /// This download with small counts hidden by `rule`, if it is a table, a report, the
    /// workbook or a map of the figures; its name says so ("…-protected.csv"). Plan files,
    /// mappings, the boundaries alone and a partner's own rejected rows (sent back to that
    /// partner) are unchanged. A map is asked for before it is drawn ([`Download::holding`]):
    /// the renderer hides what `protect` says.
    pub fn protected_by(mut self, rule: Option<SmallCounts>) -> Download {
        let Some(rule) = rule else { return self };
        let protectable = match &self.content {
            Content::Table { .. } | Content::Workbook { .. } | Content::Map(_) | Content::Png { .. } => true,
            Content::Text(_) => self.mime == CSV,
            _ => false,
        };
        if !protectable {
            return self;
        }
        self.protect = Some(rule);
        self.file_name = match self.file_name.rsplit_once('.') {
            Some((stem, extension)) => safe_file_name(&format!("{stem}-protected.{extension}")),
            None => safe_file_name(&format!("{}-protected", self.file_name)),
        };
        self
    }

    pub fn csv(file_name: impl Into<String>, text: String) -> Download {
        Download::new(&file_name.into(), CSV, Content::Text(text))
    }

    pub fn json(file_name: impl Into<String>, text: String) -> Download {
        Download::new(&file_name.into(), JSON, Content::Text(text))
    }

    /// `plan`'s file, or a partner's slice of it, named after the plan, partner and date.
    pub fn plan_file(plan: Rc<Plan>, organisation: Option<&str>, exported_at: &str, with_boundaries: bool) -> Download {
        let name = file_name(&plan.name, organisation, exported_at.get(..10).unwrap_or("undated"));
        let organisation = organisation.map(str::to_string);
        let content = Content::PlanFile { plan, organisation, exported_at: exported_at.into(), with_boundaries };
        Download::new(&name, JSON, content)
    }

    /// A map of the figures as SVG.
    pub fn svg(file_name: impl Into<String>, text: String) -> Download {
        Download::new(&file_name.into(), SVG, Content::Map(text))
    }

    /// A map of the figures as GeoJSON (the figures in the properties).
    pub fn geojson(file_name: impl Into<String>, text: String) -> Download {
        Download::new(&file_name.into(), GEOJSON, Content::Map(text))
    }

    /// Boundaries alone as GeoJSON: shapes and names, no counts.
    pub fn boundaries(file_name: impl Into<String>, text: String) -> Download {
        Download::new(&file_name.into(), GEOJSON, Content::Text(text))
    }

    /// This map download, asked for before it was drawn, holding the drawing.
    pub fn holding(mut self, text: String) -> Download {
        self.content = match self.content {
            Content::Png { .. } => Content::Png { svg: text },
            Content::Map(_) => Content::Map(text),
            _ => Content::Text(text),
        };
        self
    }

    /// A PNG of the map this SVG draws (the runner draws it).
    pub fn png(file_name: impl Into<String>, svg: String) -> Download {
        Download::new(&file_name.into(), PNG, Content::Png { svg })
    }

    pub fn table(plan: Rc<Plan>, kind: TableKind) -> Download {
        let name = format!("{}-{}", slug(&plan.name), kind.file_name());
        Download::new(&name, CSV, Content::Table { plan, kind })
    }

    pub fn workbook(plan: Rc<Plan>, today: IsoDate) -> Download {
        Download::new(&format!("{}.xlsx", slug(&plan.name)), XLSX, Content::Workbook { plan, today })
    }

    pub fn rejected(rows: Rc<RejectedRows>, xlsx: bool) -> Download {
        let (extension, mime) = if xlsx { ("xlsx", XLSX) } else { ("csv", CSV) };
        Download::new(&rows.file_name(extension), mime, Content::Rejected { rows, xlsx })
    }

    /// The text of a text download; None for a workbook (the spreadsheet module writes it)
    /// and a PNG (the browser draws it).
    pub fn text(&self) -> Result<Option<String>, PlanFileError> {
        Ok(match &self.content {
            Content::Text(text) => Some(match self.protect {
                Some(rule) => protect_hxl(text, rule),
                None => text.clone(),
            }),
            Content::Map(text) => Some(text.clone()),
            Content::PlanFile { plan, organisation, exported_at, with_boundaries } => {
                let source = format!("cashplan {}", env!("CARGO_PKG_VERSION"));
                let plan = match organisation {
                    Some(org) => partner_slice(plan, org),
                    None => Plan::clone(plan),
                };
                let plan = if *with_boundaries { plan } else { without_boundaries(&plan) };
                Some(write_plan_file(&plan, &source, exported_at)?)
            }
            Content::Table { plan, kind } => {
                let text = write_table(plan, *kind);
                Some(match self.protect {
                    Some(rule) => protect_hxl(&text, rule),
                    None => text,
                })
            }
            Content::Workbook { .. } | Content::Png { .. } | Content::Rejected { xlsx: true, .. } => None,
            // The partner's own rows go back to the partner: nothing to hide from them.
            Content::Rejected { rows, xlsx: false } => Some(rows.to_csv()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::planfile::read_plan_file;
    use crate::model::Stamp;

    #[test]
    fn file_names_from_user_text_are_safe_everywhere() {
        assert_eq!(safe_file_name("../../etc/passwd.csv"), "etc-passwd.csv");
        assert_eq!(safe_file_name("a\\b:c*?.csv"), "a-b-c--.csv");
        assert_eq!(safe_file_name("CON.csv"), "cashplan-CON.csv");
        assert_eq!(safe_file_name("nul"), "cashplan-nul");
        assert_eq!(safe_file_name("...."), "cashplan");
        assert_eq!(safe_file_name("evil\u{202e}gpj.csv"), "evil-gpj.csv");
        let long = safe_file_name(&format!("{}.cashplan.json", "x".repeat(500)));
        assert!(long.ends_with(".cashplan.json") && long.chars().count() == 120, "{long}");
        assert_eq!(Download::csv("Mercy/Corps.csv", String::new()).file_name, "Mercy-Corps.csv");
    }

    #[test]
    fn a_partner_file_is_named_for_the_partner_and_holds_their_slice() {
        let stamp = Stamp { at: "2026-03-04T05:06:07Z".into(), by: "CWG".into() };
        let plan = Rc::new(Plan::new("p", "NW Syria", "SYR", "USD", &stamp));
        let download = Download::plan_file(plan.clone(), Some("Mercy Corps"), "2026-03-04T05:06:07Z", false);
        assert_eq!(download.file_name, "nw-syria-mercy-corps-2026-03-04.cashplan.json");
        let text = download.text().unwrap().unwrap();
        assert_eq!(read_plan_file("x", &text).unwrap().id, "p");
        assert_eq!(Download::workbook(plan, IsoDate::new(2026, 1, 1).unwrap()).text(), Ok(None));
    }

    #[test]
    fn protection_hides_small_counts_in_tables_and_reports_and_leaves_plan_files_alone() {
        let rule = Some(SmallCounts::below(10).unwrap());
        let report = "Area,Sector,People in need\n#adm1+code,#sector,#inneed\nSY01,FSC,7\nSY02,FSC,12\n".to_string();
        let download = Download::csv("nw-gaps.csv", report.clone()).protected_by(rule);
        assert_eq!(download.file_name, "nw-gaps-protected.csv");
        let text = download.text().unwrap().unwrap();
        assert!(text.contains("<10") && !text.contains(",7") && text.contains("12"), "{text}");
        assert_eq!(Download::csv("nw-gaps.csv", report.clone()).protected_by(None).text().unwrap().unwrap(), report);

        let stamp = Stamp { at: "2026-03-04T05:06:07Z".into(), by: "CWG".into() };
        let plan = Rc::new(Plan::new("p", "NW Syria", "SYR", "USD", &stamp));
        let file = Download::plan_file(plan.clone(), None, "2026-03-04T05:06:07Z", false).protected_by(rule);
        assert_eq!((file.protect, file.file_name.as_str()), (None, "nw-syria-2026-03-04.cashplan.json"));
        let workbook = Download::workbook(plan, IsoDate::new(2026, 1, 1).unwrap()).protected_by(rule);
        assert_eq!((workbook.protect, workbook.file_name.as_str()), (rule, "nw-syria-protected.xlsx"));
        let raw = crate::formats::sheet::RawTable {
            file: "partner.csv".into(),
            sheet: None,
            header_row: 1,
            headers: vec!["Org".into()],
            tags: Vec::new(),
            rows: Vec::new(),
            warnings: Vec::new(),
        };
        let rows = Rc::new(crate::formats::sheet::rejected_rows(&raw, &[]));
        for xlsx in [false, true] {
            let back = Download::rejected(rows.clone(), xlsx);
            let name = back.file_name.clone();
            let back = back.protected_by(rule);
            assert_eq!((back.protect, back.file_name), (None, name), "the partner's own rows go back as they are");
        }
    }

    #[test]
    fn a_plan_file_carries_the_boundaries_only_when_asked() {
        use crate::model::boundary::{BoundaryFeature, Ring, Shape};
        let stamp = Stamp { at: "2026-03-04T05:06:07Z".into(), by: "CWG".into() };
        let mut plan = Plan::new("p", "NW Syria", "SYR", "USD", &stamp);
        let ring = Ring::from_points(&[(0, 0), (1, 0), (1, 1), (0, 0)]);
        let feature = BoundaryFeature {
            pcode: "SY02".into(),
            level: 1,
            parent: None,
            names: Default::default(),
            shape: Shape { polygons: vec![vec![ring]] },
            source: String::new(),
        };
        plan.boundaries.upsert("SY02", feature, &stamp);
        let plan = Rc::new(plan);
        for (with, count) in [(false, 0), (true, 1)] {
            let text = Download::plan_file(plan.clone(), None, "2026-03-04T05:06:07Z", with).text().unwrap().unwrap();
            assert_eq!(read_plan_file("x", &text).unwrap().boundaries.len_live(), count);
        }
    }
}
