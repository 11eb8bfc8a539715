//! The analyses a page shows, asked for as an effect and delivered back as an action: the
//! gap report (whole plan and narrowed by organisation and modality), the harmonisation
//! report, the overlaps and the map's figures. The reducer asks again only when the plan or
//! the filters change, and keeps an answer only if it is for what is on screen now. Plain
//! Rust, so the same request can run on the main thread (today) or in a Web Worker (a new
//! runner).
//!
//! The map's figures are computed once per plan revision, map filter and day: a request
//! carries the last ones, which are kept when they are for the same (going from the
//! Overview to the Map page and back, or a filter that does not change the map, such as a
//! level without boundaries). On the Overview they are read from the reports the page
//! computes anyway (overlaps, harmonisation, and the gap report when it is at the map's
//! level), never computed a second time.

use super::filtering::{filtered_plan, overlap_groups_for};
use super::map_view::{map_filter, MapAnalysis};
use super::route::{Filters, Page};
use crate::engine::gaps::{analyse, GapQuery, GapReport};
use crate::engine::harmonise::{harmonise, HarmonisationReport, HarmoniseQuery, OverlapGroup};
use crate::engine::map::{from_reports, map_analysis, MapFilter, Reports};
use crate::model::{IsoDate, Plan};
use std::rc::Rc;

/// What the results are for: the plan as of an edit, the filters and the page.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisKey {
    pub revision: u64,
    pub filters: Filters,
    pub page: Page,
}

/// An analysis to run.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisRequest {
    pub key: AnalysisKey,
    pub plan: Rc<Plan>,
    /// The map's figures of the last analysis, kept when they are for the same plan
    /// revision, map filter and day.
    pub last_map: Option<Rc<MapAnalysis>>,
}

/// What a page shows, for one key. Parts a page does not show are None.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analyses {
    /// The gap report of every activity.
    pub gaps: Option<Rc<GapReport>>,
    /// The gap report of the activities the organisation and modality filters keep (the
    /// Overview's); None when neither filter is set.
    pub narrowed: Option<Rc<GapReport>>,
    pub harmonisation: Option<Rc<HarmonisationReport>>,
    pub overlaps: Option<Rc<Vec<OverlapGroup>>>,
    /// The map's figures at the level drawn (Map page, Overview card); None without boundaries.
    pub map: Option<Rc<MapAnalysis>>,
}

impl Analyses {
    /// The report the Overview shows: narrowed when a filter narrows, else the whole plan's.
    pub fn overview_gaps(&self) -> Option<Rc<GapReport>> {
        self.narrowed.clone().or_else(|| self.gaps.clone())
    }
}

/// Which analyses `page` shows.
pub fn needed(page: Page) -> bool {
    matches!(page, Page::Overview | Page::Import | Page::Harmonise | Page::Map)
}

/// Runs the analyses the request's page shows. `today` judges activities without dates.
pub fn run(request: &AnalysisRequest, today: IsoDate) -> Analyses {
    let AnalysisRequest { key, plan, last_map } = request;
    let filters = &key.filters;
    let gap_query = GapQuery { level: filters.level, period: filters.period };
    let mut out = Analyses::default();
    // The map at the filters, when the plan has boundaries, and the last one if it is for the same.
    let map_key = map_filter(plan, filters).map(|filter| MapKey { revision: key.revision, filter, date: today });
    let kept = last_map.clone().filter(|last| Some(&last.key) == map_key.as_ref());
    match key.page {
        Page::Overview => {
            out.gaps = Some(Rc::new(analyse(plan, &gap_query)));
            let only = Filters {
                organisation: filters.organisation.clone(),
                modality: filters.modality,
                ..Filters::default()
            };
            let narrowed = filtered_plan(plan, &only);
            out.narrowed = narrowed.as_ref().map(|narrow| Rc::new(analyse(narrow, &gap_query)));
            let harmonisation = Rc::new(harmonise(plan, &HarmoniseQuery { level: None, today }));
            let overlaps = Rc::new(overlap_groups_for(plan, filters));
            out.map = kept.or_else(|| {
                let key = map_key?;
                let shown = out.overview_gaps()?;
                // The Overview's gap report when it is at the map's level, else one at that level.
                let at_level = if Some(shown.level) == key.filter.level {
                    shown
                } else {
                    let query = GapQuery { level: key.filter.level, period: filters.period };
                    Rc::new(analyse(narrowed.as_ref().unwrap_or(plan), &query))
                };
                let reports = Reports { gaps: &at_level, overlaps: &overlaps, harmonised: &harmonisation.activities };
                let figures = from_reports(plan, &key.filter, &reports);
                Some(Rc::new(MapAnalysis { figures, gaps: at_level, date: today, key }))
            });
            out.harmonisation = Some(harmonisation);
            out.overlaps = Some(overlaps);
        }
        Page::Map => {
            out.map = kept.or_else(|| {
                let key = map_key?;
                let (figures, gaps) = map_analysis(plan, &key.filter, today);
                Some(Rc::new(MapAnalysis { figures, gaps: Rc::new(gaps), date: today, key }))
            })
        }
        Page::Import => out.gaps = Some(Rc::new(analyse(plan, &gap_query))),
        Page::Harmonise => {
            out.harmonisation = Some(Rc::new(harmonise(plan, &HarmoniseQuery { level: filters.level, today })));
            // Like every list on that page, overlaps follow only the sector and organisation filters.
            let shared = Filters {
                sector: filters.sector.clone(),
                organisation: filters.organisation.clone(),
                ..Filters::default()
            };
            out.overlaps = Some(Rc::new(overlap_groups_for(plan, &shared)));
        }
        Page::Data | Page::Rounds => {}
    }
    out
}

/// What a map's figures are for: the plan as of an edit, the map's filter and the day.
#[derive(Debug, Clone, PartialEq)]
pub struct MapKey {
    pub revision: u64,
    pub filter: MapFilter,
    pub date: IsoDate,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Area, Need, Stamp};

    fn plan() -> Rc<Plan> {
        let stamp = Stamp { at: "2026-01-01T00:00:00Z".into(), by: "CWG".into() };
        let mut plan = Plan::new("p", "Plan", "SYR", "USD", &stamp);
        let area = Area {
            names: Default::default(),
            code: "SY02".into(),
            name: "Aleppo".into(),
            level: 1,
            parent: None,
            population: None,
            household_size: None,
        };
        plan.areas.upsert("SY02", area, &stamp);
        let need = Need {
            area: "SY02".into(),
            sector: "FSC".into(),
            people_in_need: 100,
            households_in_need: None,
            severity: None,
        };
        plan.needs.upsert("SY02|FSC", need, &stamp);
        for (id, org, reached) in [("a1", "Mercy Corps", 10), ("a2", "WFP", 30)] {
            let activity = Activity {
                reporting_org: org.into(),
                sector: "FSC".into(),
                area: "SY02".into(),
                reached: Some(reached),
                targeted: Some(reached),
                status: crate::model::Status::Ongoing,
                ..Activity::default()
            };
            plan.activities.upsert(id, activity, &stamp);
        }
        Rc::new(plan)
    }

    fn request(page: Page, organisation: Option<&str>) -> AnalysisRequest {
        let filters = Filters { organisation: organisation.map(str::to_string), ..Filters::default() };
        AnalysisRequest { key: AnalysisKey { revision: 1, filters, page }, plan: plan(), last_map: None }
    }

    #[test]
    fn each_page_gets_what_it_shows() {
        let today = IsoDate::new(2026, 1, 1).unwrap();
        let overview = run(&request(Page::Overview, None), today);
        assert_eq!(overview.overview_gaps().map(|g| g.totals.reached), Some(40));
        assert!(overview.harmonisation.is_some() && overview.overlaps.is_some());
        let narrowed = run(&request(Page::Overview, Some("mercy-corps")), today);
        assert_eq!(narrowed.overview_gaps().map(|g| g.totals.reached), Some(10), "one organisation, any spelling");
        assert!(run(&request(Page::Data, None), today) == Analyses::default());
        let harmonise = run(&request(Page::Harmonise, None), today);
        assert!(harmonise.gaps.is_none() && harmonise.harmonisation.is_some());
    }

    #[test]
    fn the_map_is_read_from_the_overviews_reports_and_kept_while_its_key_holds() {
        let today = IsoDate::new(2026, 1, 1).unwrap();
        let mut plan = (*plan()).clone();
        let stamp = Stamp { at: "2026-01-01T00:00:00Z".into(), by: "CWG".into() };
        let ring = crate::model::boundary::Ring::from_points(&[(0, 0), (10, 0), (10, 10), (0, 0)]);
        let feature = crate::model::BoundaryFeature {
            pcode: "SY02".into(),
            level: 1,
            parent: None,
            names: Default::default(),
            shape: crate::model::boundary::Shape { polygons: vec![vec![ring]] },
            source: String::new(),
        };
        plan.boundaries.upsert("SY02", feature, &stamp);
        let plan = Rc::new(plan);
        let ask = |page, filters: Filters, revision, last_map| AnalysisRequest {
            key: AnalysisKey { revision, filters, page },
            plan: plan.clone(),
            last_map,
        };
        for filters in [
            Filters::default(),
            Filters { organisation: Some("WFP".into()), ..Filters::default() },
            Filters { level: Some(1), period: crate::model::Month::parse("2026-01"), ..Filters::default() },
        ] {
            let overview = run(&ask(Page::Overview, filters.clone(), 1, None), today).map.unwrap();
            let page = run(&ask(Page::Map, filters.clone(), 1, None), today).map.unwrap();
            assert_eq!(overview, page, "the same figures either way, for {filters:?}");
            assert!(overview.figures.areas[0].reached.is_some());
        }
        let first = run(&ask(Page::Overview, Filters::default(), 1, None), today).map.unwrap();
        let kept = run(&ask(Page::Map, Filters::default(), 1, Some(first.clone())), today).map.unwrap();
        assert!(Rc::ptr_eq(&first, &kept), "same revision, filter and day: not computed again");
        // A level without boundaries draws the same map: kept too.
        let level_4 = Filters { level: Some(4), ..Filters::default() };
        assert!(Rc::ptr_eq(&first, &run(&ask(Page::Map, level_4, 1, Some(first.clone())), today).map.unwrap()));
        let edited = run(&ask(Page::Map, Filters::default(), 2, Some(first.clone())), today).map.unwrap();
        assert!(!Rc::ptr_eq(&first, &edited), "an edit computes it again");
        let wfp = Filters { organisation: Some("WFP".into()), ..Filters::default() };
        let other = run(&ask(Page::Map, wfp, 1, Some(first.clone())), today).map.unwrap();
        assert_eq!(other.figures.areas[0].reached, Some(30));
        let tomorrow = run(
            &ask(Page::Map, Filters::default(), 1, Some(first.clone())),
            IsoDate::from_days_since_epoch(today.days_since_epoch() + 1).unwrap(),
        );
        assert!(!Rc::ptr_eq(&first, &tomorrow.map.unwrap()), "a new day dates activities anew");
        // No boundaries: no map figures at all.
        assert!(run(&request(Page::Overview, None), today).map.is_none());
    }
}
