//! The reducer's core: saving, editing with undo, opening and leaving plans.

use super::fixtures::{area, stamp};
use super::*;
use crate::formats::hxl::TableKind;
use crate::model::change::Change;
use crate::ui::effects::{Effect, StoreJob};
use crate::ui::route::Route;
fn with_plan() -> AppState {
    AppState::default().reduce(Action::Created(Plan::new("p", "Plan", "SYR", "USD", &stamp())))
}

#[test]
fn a_created_plan_is_unsaved_until_the_save_succeeds() {
    let state = with_plan();
    assert_eq!(state.save_status(), SaveStatus::Unsaved);
    let summary = PlanSummary::of(state.plan.as_deref().unwrap(), "t", 10);
    let state = state.clone().reduce(Action::Saved { revision: state.revision, summary });
    assert_eq!(state.save_status(), SaveStatus::Saved);
    assert_eq!(state.plans.as_ref().map(Vec::len), Some(1));
}

#[test]
fn a_failed_save_is_shown_and_a_later_save_clears_it() {
    let state = with_plan().reduce(Action::SaveFailed("disk full".into()));
    assert_eq!(state.save_status(), SaveStatus::Failed("disk full".into()));
    let summary = PlanSummary::of(state.plan.as_deref().unwrap(), "t", 10);
    let state = state.clone().reduce(Action::Saved { revision: state.revision, summary });
    assert_eq!(state.save_status(), SaveStatus::Saved);
}

#[test]
fn a_failed_save_can_be_retried_and_leaving_the_plan_forgets_its_tab_state() {
    let state = with_plan().reduce(Action::SaveFailed("disk full".into()));
    let before = state.revision;
    let state = state.reduce(Action::RetrySave);
    assert!(state.revision > before, "a new revision makes the autosave write again");
    assert!(AppState::default().reduce(Action::RetrySave).revision == 0, "nothing to save without a plan");
    let mut state = state;
    state.other_tab_changed = true;
    let state = state.reduce(Action::Navigate(Route::home()));
    assert!(!state.other_tab_changed && state.last_merge.is_none());
}

#[test]
fn edits_can_be_undone_and_redone() {
    let state = with_plan().reduce(Action::Edit(Change::put_keyed(area("SY01"))));
    assert!(state.plan.as_ref().unwrap().areas.get("SY01").is_some());
    let undone = state.reduce(Action::Undo);
    assert!(undone.plan.as_ref().unwrap().areas.get("SY01").is_none());
    assert!(undone.can_redo());
    let redone = undone.reduce(Action::Redo);
    assert!(redone.plan.as_ref().unwrap().areas.get("SY01").is_some());
    assert!(!redone.can_redo());
}

#[test]
fn an_edit_that_changes_nothing_is_not_an_undo_step() {
    let state = with_plan().reduce(Action::Edit(Change::put_keyed(area("SY01"))));
    let revision = state.revision;
    let state = state.reduce(Action::Edit(Change::put_keyed(area("SY01"))));
    assert_eq!(state.revision, revision);
    assert!(!state.reduce(Action::Undo).can_undo());
}

#[test]
fn opening_a_plan_sets_the_route_and_leaving_it_closes_the_plan() {
    let state = with_plan();
    assert_eq!(state.route.plan.as_deref(), Some("p"));
    let mut on_data = state.route.clone();
    on_data.page = super::super::route::Page::Data;
    let state = state.reduce(Action::Navigate(on_data));
    assert!(state.plan.is_some(), "changing page keeps the plan open");
    let state = state.reduce(Action::Navigate(Route::home()));
    assert!(state.plan.is_none());
    assert!(!state.can_undo());
}

#[test]
fn edits_without_an_open_plan_are_ignored() {
    let state = AppState::default().reduce(Action::Edit(Change::put_keyed(area("X"))));
    assert!(state.plan.is_none());
    assert_eq!(state.revision, 0);
}

fn effects_of(state: AppState, action: Action) -> (AppState, Vec<Effect>) {
    state.update(action, &fixtures::context())
}

#[test]
fn an_edit_is_saved_after_the_pause_and_at_once_when_the_page_is_hidden() {
    let (state, effects) = effects_of(with_plan(), Action::Edit(Change::put_keyed(area("SY01"))));
    let revision = state.revision;
    assert!(effects.contains(&Effect::Later { ms: SAVE_DELAY_MS, action: Box::new(Action::SaveDue { revision }) }));
    let (state, effects) = effects_of(state, Action::SaveDue { revision: revision - 1 });
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Store(StoreJob::Save { .. }))),
        "a later edit restarted the pause"
    );
    let (state, effects) = effects_of(state, Action::SaveDue { revision });
    let saved = |effects: &[Effect]| {
        effects.iter().any(|e| matches!(e, Effect::Store(StoreJob::Save { revision: r, .. }) if *r == revision))
    };
    assert!(saved(&effects));
    assert!(saved(&effects_of(state.clone(), Action::Hidden).1), "hiding the page saves what is unsaved");
    let mut held = state;
    held.other_tab_changed = true;
    assert!(!saved(&effects_of(held, Action::Hidden).1), "not while the user decides between two tabs");
}

#[test]
fn an_edit_carries_the_users_organisation_and_the_moment_it_was_made() {
    let (state, effects) = effects_of(with_plan(), Action::SetOrganisation(" Mercy Corps ".into()));
    assert_eq!(effects, [Effect::Remember(crate::ui::effects::Setting::Organisation("Mercy Corps".into()))]);
    let state = state.reduce(Action::Edit(Change::put_keyed(area("SY01"))));
    let record = state.plan.as_ref().unwrap().areas.get("SY01").unwrap().clone();
    assert_eq!(
        (record.modified_by.as_str(), record.modified_at.as_str()),
        ("Mercy Corps", fixtures::context().at.as_str())
    );
}

#[test]
fn starting_opens_storage_and_a_linked_plan_once_the_list_is_in() {
    let route = Route::plan("p-1");
    let (state, effects) = effects_of(AppState::starting_at(route.clone()), Action::Started);
    assert!(effects.contains(&Effect::Store(StoreJob::Start)));
    assert!(effects.contains(&Effect::Url { hash: route.to_hash(), replace: true }));
    let (state, effects) = effects_of(state, Action::PlansListed(Vec::new()));
    assert_eq!(effects, [Effect::Store(StoreJob::Open { id: "p-1".into() })]);
    let (state, effects) = effects_of(state, Action::PlansListed(Vec::new()));
    assert!(effects.is_empty(), "asked once");
    let state = state.reduce(Action::NotStored { id: "p-1".into() });
    assert_eq!(state.route, Route::home());
    assert!(state.notice.unwrap().text.contains("not stored in this browser"));
}

#[test]
fn the_overview_asks_for_its_analyses_and_keeps_only_the_answer_for_what_is_on_screen() {
    let (state, effects) =
        effects_of(AppState::default(), Action::Open(Plan::new("p", "Plan", "SYR", "USD", &stamp())));
    let Some(Effect::Analyse(request)) = effects.iter().find(|e| matches!(e, Effect::Analyse(_))).cloned() else {
        panic!("the overview asks for its analyses: {effects:?}")
    };
    assert!(state.current_analyses().is_none(), "nothing to show yet");
    let stale = state.clone().reduce(Action::Edit(Change::put_keyed(area("SY01"))));
    let answered = |s: AppState| {
        s.reduce(Action::Analysed {
            key: request.key.clone(),
            analyses: crate::ui::analysis::run(&request, crate::model::IsoDate::new(2026, 1, 1).unwrap()),
        })
    };
    assert!(
        answered(stale).current_analyses().is_none(),
        "an answer for the plan before the edit is not shown as current"
    );
    assert!(answered(state).current_analyses().and_then(|a| a.gaps.clone()).is_some());
}

#[test]
fn undo_keeps_the_change_that_reverses_an_edit_not_a_copy_of_the_plan() {
    let state = with_plan().reduce(Action::Edit(Change::put_keyed(area("SY01"))));
    assert!(
        matches!(state.undo.as_slice(), [Change::Restore { entries }] if entries.len() == 1 && entries[0].len() == 1)
    );
}

#[test]
fn what_the_rules_flag_in_an_edit_is_said_once_it_is_saved() {
    use crate::model::{Activity, Status};
    let state = with_plan().reduce(Action::Edit(Change::put_keyed(area("SY01"))));
    let over = Activity {
        reporting_org: "WFP".into(),
        sector: "FSC".into(),
        area: "SY01".into(),
        targeted: Some(100),
        reached: Some(150),
        status: Status::Ongoing,
        ..Activity::default()
    };
    let state = state.reduce(Action::Edit(Change::put("a-1", over)));
    assert!(state.plan.as_ref().unwrap().activities.get("a-1").is_some(), "a warning does not refuse the edit");
    let notice = state.notice.expect("but it is said").text;
    assert!(notice.contains("150 is more than targeted (100)") && notice.contains("People reached"), "{notice}");
}

#[test]
fn the_privacy_choice_is_remembered_and_every_table_download_follows_it() {
    use crate::model::disclosure::SmallCounts;
    use crate::ui::effects::{Download, Setting};
    let rule = SmallCounts::below(5).ok();
    let (state, effects) = effects_of(with_plan(), Action::SetProtection(rule));
    assert_eq!(effects, [Effect::Remember(Setting::SmallCounts(rule))]);
    let plan = state.plan.clone().unwrap();
    let (state, effects) = effects_of(state, Action::Offer(Download::table(plan.clone(), TableKind::Activities)));
    let [Effect::Download(download)] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!(download.protect, rule);
    assert!(download.file_name.ends_with("-protected.csv"), "{}", download.file_name);
    let (_, effects) = effects_of(state, Action::SetProtection(None));
    assert_eq!(effects, [Effect::Remember(Setting::SmallCounts(None))]);
}
