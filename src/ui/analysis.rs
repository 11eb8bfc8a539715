//! The analyses a page shows, asked for as an effect and delivered back as an action: the
//! gap report (whole plan and narrowed by organisation and modality), the harmonisation
//! report and the overlaps. The reducer asks again only when the plan or the filters change,
//! and keeps an answer only if it is for what is on screen now. Plain Rust, so the same
//! request can run on the main thread (today) or in a Web Worker (a new runner).

use super::filtering::{filtered_plan, overlap_groups_for};
use super::map_view::{map_filter, MapAnalysis};
use super::route::{Filters, Page};
use crate::engine::gaps::{analyse, GapQuery, GapReport};
use crate::engine::harmonise::{harmonise, HarmonisationReport, HarmoniseQuery, OverlapGroup};
use crate::engine::map::map_figures;
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
    let AnalysisRequest { key, plan } = request;
    let filters = &key.filters;
    let gap_query = GapQuery { level: filters.level, period: filters.period };
    let mut out = Analyses::default();
    match key.page {
        Page::Overview => {
            out.gaps = Some(Rc::new(analyse(plan, &gap_query)));
            let only = Filters {
                organisation: filters.organisation.clone(),
                modality: filters.modality,
                ..Filters::default()
            };
            out.narrowed = filtered_plan(plan, &only).map(|narrow| Rc::new(analyse(&narrow, &gap_query)));
            out.harmonisation = Some(Rc::new(harmonise(plan, &HarmoniseQuery { level: None, today })));
            out.overlaps = Some(Rc::new(overlap_groups_for(plan, filters)));
            out.map = map(plan, filters, today);
        }
        Page::Map => out.map = map(plan, filters, today),
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

/// The map at the filters, when the plan has boundaries.
fn map(plan: &Plan, filters: &Filters, today: IsoDate) -> Option<Rc<MapAnalysis>> {
    let filter = map_filter(plan, filters)?;
    Some(Rc::new(MapAnalysis { figures: map_figures(plan, &filter, today), date: today }))
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
        AnalysisRequest { key: AnalysisKey { revision: 1, filters, page }, plan: plan() }
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
}
