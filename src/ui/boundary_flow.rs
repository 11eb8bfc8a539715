//! Boundaries into the open plan, as state: a COD-AB file chosen, read by the boundaries
//! module (its layers and the proposed attribute mapping), mapped and simplified, matched
//! with the plan's areas, then stored as one undoable change — with the areas the attributes
//! create or complete when the user agrees. The slow steps are [`BoundaryJob`] effects run
//! by `effects/boundaries.rs`; their answers come back as [`BoundaryMsg`]s.

use super::effects::{Effect, FileRef, ReadPurpose};
use super::map_view::{export, request, DrawingKey, MapAnalysis, MapFormat, RenderFor};
use super::route::Page;
use super::state::{Action, AppState, Context, Notice};
use crate::engine::boundaries::{match_areas, propose_areas, store_boundaries, AreaMatch};
use crate::engine::map::Measure;
use crate::formats::boundaries::{AttributeMapping, FileSummary, ImportOptions, LevelStats};
use crate::formats::map::{MapRequest, RenderFormat};
use crate::model::boundary::{BoundaryFeature, BoundarySet};
use crate::model::sorting;
use crate::model::{Plan, Stamp};
use std::collections::BTreeMap;
use std::rc::Rc;

/// A boundary file being mapped: what it holds, the mapping per layer (proposed, then as
/// the user edits it) and, once simplified, what it gives against the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryDraft {
    pub file: String,
    pub bytes: Rc<Vec<u8>>,
    pub summary: FileSummary,
    pub mappings: BTreeMap<String, AttributeMapping>,
    /// Create and complete the plan's areas from the attributes.
    pub create_areas: bool,
    /// The mapped and simplified boundaries with what they give; None while they are made.
    pub checked: Option<Rc<Checked>>,
}

/// The simplified boundaries and how they meet the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub set: BoundarySet,
    pub stats: Vec<LevelStats>,
    /// Per admin level from 1, the P-codes against the plan's areas.
    pub matches: Vec<AreaMatch>,
    /// Areas the attributes would create and complete.
    pub new_areas: usize,
    pub completed_areas: usize,
}

impl Checked {
    pub fn of(plan: &Plan, set: BoundarySet, stats: Vec<LevelStats>) -> Checked {
        let matches =
            set.levels().into_iter().filter(|l| *l >= 1).map(|l| match_areas(plan, &set.features, l)).collect();
        let proposal = propose_areas(plan, &set.features);
        Checked { matches, new_areas: proposal.new.len(), completed_areas: proposal.completed.len(), set, stats }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum BoundaryStage {
    #[default]
    Idle,
    /// Reading the file; the text says which.
    Busy(String),
    Mapping(BoundaryDraft),
    /// A reader's or the rules' message, naming the file and feature.
    Failed(String),
}

/// Slow work on a boundary file, done by the boundaries runner through the geo module.
#[derive(Debug, Clone, PartialEq)]
pub enum BoundaryJob {
    /// What the file holds and the proposed mapping of each layer.
    Read { file: String, bytes: Rc<Vec<u8>> },
    /// Map and simplify it with these mappings.
    Import { file: String, bytes: Rc<Vec<u8>>, options: ImportOptions },
    /// Render a map (to show or to download).
    Render { request: Rc<MapRequest>, purpose: RenderFor },
}

/// What the user does on the boundaries section, and what the runner answers.
#[derive(Debug, Clone, PartialEq)]
pub enum BoundaryMsg {
    Chosen(FileRef),
    Summary {
        file: String,
        bytes: Rc<Vec<u8>>,
        summary: Result<FileSummary, String>,
    },
    /// A layer's mapping was edited.
    SetMapping {
        layer: String,
        mapping: AttributeMapping,
    },
    SetCreateAreas(bool),
    Imported(Result<(BoundarySet, Vec<LevelStats>), String>),
    Rendered {
        purpose: RenderFor,
        result: Result<String, String>,
    },
    Store,
    Cancel,
    /// Copy the boundaries stored with another plan (by id) into the open plan.
    Reuse(String),
    /// Another plan's name and boundaries, read for [`BoundaryMsg::Reuse`].
    FromPlan(Result<(String, Vec<BoundaryFeature>), String>),
}

impl AppState {
    pub(super) fn boundary_step(&mut self, msg: BoundaryMsg, stamp: &Stamp) {
        let stage = std::mem::take(&mut self.map.import);
        self.map.import = match (msg, stage) {
            (BoundaryMsg::Chosen(file), _) => {
                let text = format!("Reading {}…", file.name);
                self.emit(Effect::Read { purpose: ReadPurpose::Boundaries, files: vec![file] });
                BoundaryStage::Busy(text)
            }
            (BoundaryMsg::Summary { file, bytes, summary }, BoundaryStage::Busy(_)) => match summary {
                Err(message) => BoundaryStage::Failed(message),
                Ok(summary) => {
                    let mappings = sorting::map_of(
                        summary.layers.iter().filter_map(|l| Some((l.name.clone(), l.mapping.clone()?))),
                    );
                    let draft = BoundaryDraft { file, bytes, summary, mappings, create_areas: true, checked: None };
                    self.check_boundaries(draft)
                }
            },
            (BoundaryMsg::SetMapping { layer, mapping }, BoundaryStage::Mapping(mut draft)) => {
                draft.mappings.insert(layer, mapping);
                self.check_boundaries(draft)
            }
            (BoundaryMsg::SetCreateAreas(create), BoundaryStage::Mapping(draft)) => {
                BoundaryStage::Mapping(BoundaryDraft { create_areas: create, ..draft })
            }
            (BoundaryMsg::Imported(result), BoundaryStage::Mapping(draft)) if draft.checked.is_none() => {
                match (result, self.plan.as_deref()) {
                    (Ok((set, stats)), Some(plan)) => {
                        let checked = Some(Rc::new(Checked::of(plan, set, stats)));
                        BoundaryStage::Mapping(BoundaryDraft { checked, ..draft })
                    }
                    (Err(message), _) => BoundaryStage::Failed(message),
                    (Ok(_), None) => BoundaryStage::Idle,
                }
            }
            (BoundaryMsg::Store, BoundaryStage::Mapping(draft)) => self.store_checked(draft, stamp),
            (BoundaryMsg::Rendered { purpose, result }, stage) => {
                self.rendered(purpose, result);
                stage
            }
            (BoundaryMsg::Cancel, _) => BoundaryStage::Idle,
            (BoundaryMsg::Reuse(id), _) => {
                self.emit(Effect::Store(super::effects::StoreJob::ReadBoundaries { id }));
                BoundaryStage::Busy("Reading the other plan's boundaries…".into())
            }
            (BoundaryMsg::FromPlan(read), BoundaryStage::Busy(_)) => match read {
                Err(message) => BoundaryStage::Failed(message),
                Ok((_, features)) if features.is_empty() => {
                    BoundaryStage::Failed("That plan has no boundaries stored any more.".into())
                }
                Ok((name, features)) => self.store_features(&features, true, &format!("plan \"{name}\""), stamp),
            },
            // An answer for a stage the user has left: dropped.
            (_, stage) => stage,
        };
    }

    /// Asks the module to map and simplify the file with the draft's mappings.
    fn check_boundaries(&mut self, draft: BoundaryDraft) -> BoundaryStage {
        let options = ImportOptions { mappings: draft.mappings.clone(), ..ImportOptions::default() };
        self.emit(Effect::Boundaries(BoundaryJob::Import {
            file: draft.file.clone(),
            bytes: draft.bytes.clone(),
            options,
        }));
        BoundaryStage::Mapping(BoundaryDraft { checked: None, ..draft })
    }

    fn store_checked(&mut self, draft: BoundaryDraft, stamp: &Stamp) -> BoundaryStage {
        match draft.checked.clone() {
            Some(checked) => self.store_features(&checked.set.features, draft.create_areas, &draft.file, stamp),
            None => BoundaryStage::Mapping(draft),
        }
    }

    /// Stores boundaries from `from` (a file, another plan) as one undoable change.
    fn store_features(
        &mut self,
        features: &[BoundaryFeature],
        create_areas: bool,
        from: &str,
        stamp: &Stamp,
    ) -> BoundaryStage {
        let Some(plan) = self.plan.clone() else { return BoundaryStage::Idle };
        match store_boundaries(&plan, features, create_areas) {
            Err(refused) => BoundaryStage::Failed(format!("{from}: {refused}")),
            Ok(stored) => {
                self.edit_stamped(stored.change, stamp);
                let areas = if create_areas {
                    format!(", {} areas created and {} completed", stored.created, stored.completed)
                } else {
                    String::new()
                };
                self.set_notice(Some(Notice::info(format!(
                    "Stored {} boundaries from {from}{areas}. Undo reverses it. See them on the Map page.",
                    stored.stored
                ))));
                BoundaryStage::Idle
            }
        }
    }

    /// The other stored plans with boundaries to reuse: id, name and number of shapes.
    pub fn boundary_plans(&self) -> Vec<(String, String, u64)> {
        let open = self.plan.as_ref().map(|p| p.id.as_str());
        let plans = self.plans.iter().flatten().filter(|p| p.boundaries > 0 && Some(p.id.as_str()) != open);
        plans.map(|p| (p.id.clone(), p.name.clone(), p.boundaries)).collect()
    }

    /// The actions of the boundaries import and the map.
    pub(super) fn map_action(&mut self, action: Action, context: &Context) {
        match action {
            Action::Boundaries(msg) => self.boundary_step(msg, &self.stamp(context)),
            Action::MapFocus(pcode) => self.map.focus = pcode,
            Action::MapSelect(pcode) => self.map.selected = pcode,
            Action::ExportMap(format) => self.export_map(format),
            _ => {}
        }
    }

    /// Asks for the map on screen (or its boundaries) as a file: rendered first.
    pub(super) fn export_map(&mut self, format: MapFormat) {
        let map = self.shown_analyses().and_then(|a| a.map.clone());
        if let (Some(plan), Some(map)) = (self.plan.clone(), map) {
            let dots = self.shown_points();
            let (request, purpose) = export(&plan, &map, self.shown_measure(), format, dots, self.protect);
            // The screen shows dots the file will not have: say why (the command line
            // refuses --points with --protect-below for the same reason).
            if dots
                && format != MapFormat::Boundaries
                && matches!(&purpose, RenderFor::Download(d) if d.protect.is_some())
            {
                self.set_notice(Some(Notice::info(
                    "The map is protected for sharing outside the group, so the file leaves out the dots: a dot's size tells its people.",
                )));
            }
            self.emit(Effect::Boundaries(BoundaryJob::Render { request: Rc::new(request), purpose }));
        }
    }

    /// The measure the page draws: the Map page's choice; the Overview's card shows coverage.
    fn shown_measure(&self) -> Measure {
        match self.route.page {
            Page::Map => self.route.measure.unwrap_or(Measure::Coverage),
            _ => Measure::Coverage,
        }
    }

    /// Whether the page draws the dots: the Map page's choice; the Overview's card has none.
    fn shown_points(&self) -> bool {
        self.route.page == Page::Map && self.route.points
    }

    /// The map figures last read for `page`, whatever filters they were for: shown, marked as
    /// updating, while the figures for new filters are read.
    pub fn last_map_of(&self, page: Page) -> Option<Rc<MapAnalysis>> {
        self.analysed.as_ref().filter(|key| key.page == page).and_then(|_| self.analyses.map.clone())
    }

    /// After every action: when the page shows a map whose drawing is not the one on screen
    /// or asked for, asks the boundaries module to draw it.
    pub(super) fn draw_map(&mut self) {
        if !matches!(self.route.page, Page::Map | Page::Overview) {
            return;
        }
        let Some(map) = self.shown_analyses().and_then(|a| a.map.clone()) else { return };
        let (Some(analysis), Some(plan)) = (self.analysed.clone(), self.plan.clone()) else { return };
        let key = DrawingKey { analysis, measure: self.shown_measure(), points: self.shown_points() };
        if self.map.drawing.as_ref().is_some_and(|(drawn, _)| *drawn == key) || self.map.asked.as_ref() == Some(&key) {
            return;
        }
        let mut request = request(&plan, &map, key.measure, RenderFormat::Svg, key.points);
        request.interactive = true;
        self.map.asked = Some(key.clone());
        self.emit(Effect::Boundaries(BoundaryJob::Render { request: Rc::new(request), purpose: RenderFor::Show(key) }));
    }

    fn rendered(&mut self, purpose: RenderFor, result: Result<String, String>) {
        match (purpose, result) {
            (RenderFor::Show(key), Ok(svg)) if self.map.asked.as_ref() == Some(&key) => {
                self.map.asked = None;
                self.map.drawing = Some((key, Rc::new(svg)));
            }
            (RenderFor::Show(_), Ok(_)) => {}
            (RenderFor::Download(download), Ok(text)) => self.emit(Effect::Download(download.holding(text))),
            (purpose, Err(message)) => {
                if matches!(purpose, RenderFor::Show(_)) {
                    self.map.asked = None;
                }
                self.set_notice(Some(Notice::error(format!("The map could not be drawn: {message}."))));
            }
        }
    }

    /// The boundary file was read: ask the module what it holds.
    pub(super) fn boundary_file_read(&mut self, name: String, bytes: Result<Rc<Vec<u8>>, String>) {
        if !matches!(self.map.import, BoundaryStage::Busy(_)) {
            return;
        }
        self.map.import = match bytes {
            Ok(bytes) => {
                self.emit(Effect::Boundaries(BoundaryJob::Read { file: name.clone(), bytes }));
                BoundaryStage::Busy(format!("Reading the boundaries in {name}…"))
            }
            Err(e) => BoundaryStage::Failed(format!("{name}: could not be read ({e}). Choose the file again.")),
        };
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::formats::boundaries::{read_boundary_file, summarise};

    const GEOJSON: &str = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"ADM1_PCODE":"SY02","ADM1_EN":"Aleppo","ADM0_PCODE":"SY"},
         "geometry":{"type":"Polygon","coordinates":[[[36,36],[37,36],[37,37],[36,36]]]}},
        {"type":"Feature","properties":{"ADM1_PCODE":"SY07","ADM1_EN":"Idleb","ADM0_PCODE":"SY"},
         "geometry":{"type":"Polygon","coordinates":[[[35,35],[36,35],[36,36],[35,35]]]}}]}"#;

    fn with_plan() -> AppState {
        let stamp = crate::ui::state::fixtures::stamp();
        let mut plan = Plan::new("p", "Plan", "SYR", "USD", &stamp);
        let area = crate::model::Area { name: "Aleppo".into(), ..crate::ui::state::fixtures::area("SY02") };
        plan.areas.upsert("SY02", area, &stamp);
        let mut state = AppState::default();
        state.plan = Some(Rc::new(plan));
        state
    }

    fn step(state: AppState, msg: BoundaryMsg) -> (AppState, Vec<Effect>) {
        state.update(Action::Boundaries(msg), &crate::ui::state::fixtures::context())
    }

    #[test]
    fn a_file_is_read_mapped_matched_and_stored_with_its_areas() {
        let bytes = Rc::new(GEOJSON.as_bytes().to_vec());
        let file = FileRef { name: "adm1.geojson".into(), bytes: bytes.clone() };
        let (state, effects) = step(with_plan(), BoundaryMsg::Chosen(file));
        assert!(matches!(effects[..], [Effect::Read { purpose: ReadPurpose::Boundaries, .. }]));
        let (state, _) = state.update(
            Action::FilesRead {
                purpose: ReadPurpose::Boundaries,
                files: vec![crate::ui::effects::ReadFile { name: "adm1.geojson".into(), bytes: Ok(bytes.clone()) }],
            },
            &crate::ui::state::fixtures::context(),
        );
        let summary = summarise(&read_boundary_file("adm1.geojson", &bytes).unwrap());
        let answer = BoundaryMsg::Summary { file: "adm1.geojson".into(), bytes: bytes.clone(), summary: Ok(summary) };
        let (state, effects) = step(state, answer);
        let Some(Effect::Boundaries(BoundaryJob::Import { options, .. })) = effects.first() else {
            panic!("{effects:?}")
        };
        assert_eq!(options.mappings.values().map(|m| m.pcode.as_str()).collect::<Vec<_>>(), ["ADM1_PCODE"]);
        let read = read_boundary_file("adm1.geojson", &bytes).unwrap();
        let imported = crate::formats::boundaries::import(&read, options).map_err(|e| e.to_string());
        let (state, _) = step(state, BoundaryMsg::Imported(imported));
        let BoundaryStage::Mapping(draft) = &state.map.import else { panic!("{:?}", state.map.import) };
        let checked = draft.checked.as_ref().unwrap();
        assert_eq!(
            (checked.matches[0].matched, checked.matches[0].shapes_without_area.clone()),
            (1, vec!["SY07".into()])
        );
        assert_eq!(checked.new_areas, 1);
        let (state, _) = step(state, BoundaryMsg::Store);
        let plan = state.plan.as_ref().unwrap();
        assert_eq!((plan.boundaries.len_live(), plan.areas.len_live()), (2, 2));
        assert!(state.notice.as_ref().unwrap().text.contains("Stored 2 boundaries from adm1.geojson"));
        assert!(state.can_undo());
        assert_eq!(state.map.import, BoundaryStage::Idle);
    }

    #[test]
    fn a_readers_message_is_shown_as_it_is() {
        let bytes = Rc::new(b"PK not a zip".to_vec());
        let mut state = with_plan();
        state.map.import = BoundaryStage::Busy("Reading".into());
        let message = read_boundary_file("syr.zip", &bytes).unwrap_err().to_string();
        let answer = BoundaryMsg::Summary { file: "syr.zip".into(), bytes, summary: Err(message.clone()) };
        let (state, _) = step(state, answer);
        assert_eq!(state.map.import, BoundaryStage::Failed(message.clone()));
        assert!(message.starts_with("syr.zip: "), "{message}");
    }

    #[test]
    fn the_map_page_asks_for_its_drawing_once_and_keeps_the_answer_for_it() {
        use crate::ui::analysis::{self, AnalysisRequest};
        use crate::ui::route::{Page, Route};
        let mut state = with_plan();
        let plan = Rc::make_mut(state.plan.as_mut().unwrap());
        let stamp = Stamp { at: "2026-01-01T00:00:00Z".into(), by: "CWG".into() };
        let ring = crate::model::boundary::Ring::from_points(&[(0, 0), (10, 0), (10, 10), (0, 0)]);
        let shape = crate::model::boundary::Shape { polygons: vec![vec![ring]] };
        let feature = crate::model::BoundaryFeature {
            pcode: "SY02".into(),
            level: 1,
            parent: None,
            names: Default::default(),
            shape,
            source: String::new(),
        };
        plan.boundaries.upsert("SY02", feature, &stamp);
        let dot = crate::model::Activity {
            reporting_org: "WFP".into(),
            sector: "MPC".into(),
            area: "SY02".into(),
            latitude: Some(0.0005),
            longitude: Some(0.0005),
            status: crate::model::Status::Ongoing,
            reached: Some(40),
            ..Default::default()
        };
        plan.activities.upsert("a1", dot, &stamp);
        let context = crate::ui::state::fixtures::context();
        // The Map page with its dots on.
        let route = Route { page: Page::Map, points: true, ..Route::plan("p") };
        let (state, _) = state.update(Action::Navigate(route), &context);
        let Some(key) = state.analysing.clone() else { panic!("the map's figures are asked for") };
        let request = AnalysisRequest { key: key.clone(), plan: state.plan.clone().unwrap(), last_map: None };
        let analyses = analysis::run(&request, crate::model::IsoDate::new(2026, 1, 1).unwrap());
        assert!(analyses.map.is_some());
        let (state, effects) = state.update(Action::Analysed { key, analyses }, &context);
        let renders: Vec<&RenderFor> = effects
            .iter()
            .filter_map(|e| match e {
                Effect::Boundaries(BoundaryJob::Render { purpose, request }) => {
                    assert!(request.interactive && request.features.len() == 1);
                    Some(purpose)
                }
                _ => None,
            })
            .collect();
        let [RenderFor::Show(drawing)] = renders[..] else { panic!("{effects:?}") };
        let drawing = drawing.clone();
        // Nothing new is asked while it is drawn; the answer is kept for the Map page only.
        let (state, effects) = state.update(Action::MapFocus(Some("SY02".into())), &context);
        assert!(!effects.iter().any(|e| matches!(e, Effect::Boundaries(_))), "{effects:?}");
        // Choosing the area keeps it (its cells show under the map) and asks for no drawing.
        let (state, effects) = state.update(Action::MapSelect(Some("SY02".into())), &context);
        assert_eq!(state.map.selected.as_deref(), Some("SY02"));
        assert!(!effects.iter().any(|e| matches!(e, Effect::Boundaries(_))), "{effects:?}");
        let answer = BoundaryMsg::Rendered { purpose: RenderFor::Show(drawing), result: Ok("<svg/>".into()) };
        let (state, _) = step(state, answer);
        assert_eq!(state.map.drawing_for(Page::Map).as_deref().map(String::as_str), Some("<svg/>"));
        assert_eq!(state.map.drawing_for(Page::Overview), None);
        // An export is rendered, then offered; the GeoJSON carries the dots' activities as points,
        // unless it is protected for sharing.
        let export = |state: &AppState| {
            let (state, effects) = state.clone().update(Action::ExportMap(MapFormat::GeoJson), &context);
            let Some(Effect::Boundaries(BoundaryJob::Render { purpose, request })) = effects.first() else {
                panic!("{effects:?}")
            };
            (state, purpose.clone(), crate::formats::map::render(request))
        };
        let mut shared = state.clone();
        shared.protect = crate::model::disclosure::SmallCounts::below(5).ok();
        let (told, _, protected) = export(&shared);
        assert!(!protected.contains(r#""type":"Point""#), "a protected map has no points");
        assert!(told.notice.as_ref().is_some_and(|n| n.text.contains("leaves out the dots")), "{:?}", told.notice);
        let (state, purpose, geojson) = export(&state);
        assert!(state.notice.is_none(), "an unprotected map keeps its dots, nothing to say");
        assert!(geojson.contains(r#""layer":"activities""#) && geojson.contains(r#""id":"a1""#), "{geojson}");
        let answer = BoundaryMsg::Rendered { purpose: purpose.clone(), result: Ok("{}".into()) };
        let (state, effects) = step(state, answer);
        assert!(matches!(&effects[..], [Effect::Download(d)] if d.file_name.ends_with(".geojson")), "{effects:?}");
        // Another month: until its figures answer, the last map and drawing stay on screen.
        let mut route = state.route.clone();
        route.filters.period = crate::model::Month::parse("2026-01");
        let (state, _) = state.update(Action::Navigate(route), &context);
        assert!(state.shown_analyses().is_none());
        assert!(state.last_map_of(Page::Map).is_some_and(|map| map.figures.period.is_none()));
        assert_eq!(state.map.drawing_for(Page::Map).as_deref().map(String::as_str), Some("<svg/>"));
    }
}
