//! The Rounds page's reducer: a round opened, a partner's pack coming back through the
//! spreadsheet flow as that partner's report of the month (receipt recorded with the rows,
//! one undo step), roll-forward previewed then applied, reminders copied.

use super::*;
use crate::engine::rounds::{round_status, PartnerStatus};
use crate::formats::pack::reporting_pack;
use crate::formats::sheet::{prepare, propose_mapping, read_table};
use crate::formats::xlsx::write_xlsx;
use crate::model::change::apply;
use crate::model::{Plan, Stamp, Status};
use crate::ui::effects::ReadPurpose;
use crate::ui::sheet_flow::{SheetJob, SheetStage};
use crate::ui::state::{fixtures, Action};

fn stamp() -> Stamp {
    Stamp { at: "2024-04-01T00:00:00Z".into(), by: "CWG".into() }
}

fn month(text: &str) -> Month {
    Month::parse(text).unwrap()
}

fn activity(org: &str, area: &str, targeted: u64) -> Activity {
    Activity {
        reporting_org: org.into(),
        sector: "MPC".into(),
        area: area.into(),
        start: IsoDate::parse("2024-03-01"),
        end: IsoDate::parse("2024-03-31"),
        status: Status::Ongoing,
        targeted: Some(targeted),
        reached: Some(targeted / 2),
        ..Activity::default()
    }
}

/// A plan with two areas and March activities of WFP (two) and NRC (one).
fn state() -> AppState {
    let mut plan = Plan::new("p", "Plan", "SYR", "USD", &stamp());
    for code in ["SY01", "SY02"] {
        plan.areas.upsert(code, fixtures::area(code), &stamp());
    }
    let rows = vec![
        ("a1".to_string(), activity("WFP", "SY01", 100)),
        ("a2".to_string(), activity("WFP", "SY02", 200)),
        ("a3".to_string(), activity("NRC", "SY01", 300)),
    ];
    apply(&mut plan, Change::Put { records: Activity::wrap_records(rows) }, &stamp());
    let mut state = AppState::default();
    state.plan = Some(Rc::new(plan));
    state
}

fn step(state: AppState, action: Action) -> (AppState, Vec<Effect>) {
    state.update(action, &fixtures::context())
}

fn round(state: &AppState) -> Round {
    state.plan.as_ref().unwrap().rounds.get(&Round::id_for(month("2024-03"))).unwrap().data.clone()
}

#[test]
fn a_round_opens_with_its_partners_and_the_page_shows_it() {
    let (state, _) = step(
        state(),
        Action::Round(RoundMsg::Open {
            period: month("2024-03"),
            due: IsoDate::parse("2024-04-10"),
            expected: vec!["WFP".into(), " NRC ".into(), String::new()],
        }),
    );
    let opened = round(&state);
    assert_eq!(opened.expected.iter().map(String::as_str).collect::<Vec<_>>(), ["NRC", "WFP"]);
    assert_eq!(opened.due, IsoDate::parse("2024-04-10"));
    assert_eq!(state.rounds.selected, Some(month("2024-03")));
    assert!(state.can_undo(), "opening a round is an undoable edit");
}

/// The WFP pack for March as the partner sends it back: read as the spreadsheet module
/// reads it, with WFP's SY02 row targeting 250 instead of 200.
fn returned_pack(state: &AppState) -> crate::formats::sheet::RawTable {
    let plan = state.plan.as_ref().unwrap();
    let bytes = write_xlsx(&reporting_pack(plan, month("2024-03"), "WFP")).unwrap();
    let mut raw = read_table("wfp-2024-03.xlsx", &bytes, Some("Report 2024-03")).unwrap();
    let targeted = raw.tags.iter().position(|t| t.starts_with("#targeted")).expect("a #targeted column");
    let area = raw.tags.iter().position(|t| t.starts_with("#adm1+code")).expect("an area column");
    let row = raw.rows.iter_mut().find(|r| r.cells[area] == "SY02").expect("the SY02 row");
    assert_eq!(row.cells[targeted], "200");
    row.cells[targeted] = "250".into();
    raw
}

/// The draft the sheet runner makes of an opened file: its mapping proposed.
fn proposed(raw: crate::formats::sheet::RawTable) -> Draft {
    Draft {
        mapping: propose_mapping(&raw),
        raw: Rc::new(raw),
        options: AppState::default_sheet_options(),
        remembered: false,
        findings: Rc::new(Vec::new()),
        page: 0,
        replace: None,
        keyed: None,
    }
}

#[test]
fn a_returned_pack_is_received_through_the_keyed_import_and_recorded_in_the_round() {
    let period = month("2024-03");
    let open = RoundMsg::Open { period, due: None, expected: vec!["WFP".into(), "NRC".into()] };
    let (state, _) = step(state(), Action::Round(open));
    let raw = returned_pack(&state);
    let file = FileRef { name: raw.file.clone(), bytes: Rc::new(Vec::new()) };

    let (state, effects) = step(state, Action::Round(RoundMsg::Receive { period, file }));
    assert!(matches!(&effects[..], [Effect::Read { purpose: ReadPurpose::Sheet, .. }]), "{effects:?}");
    assert_eq!(state.rounds.receiving, Some(period));

    // The sheet runner proposes the mapping; the draft becomes the round's report of March.
    let (state, _) = step(state, Action::Sheet(SheetMsg::Opened(Ok(proposed(raw)))));
    let SheetStage::Mapping(draft) = state.sheet.clone() else { panic!("{:?}", state.sheet) };
    assert_eq!((draft.replace, draft.options), (Some(period), RECEIVE_OPTIONS));

    let (state, effects) = step(state, Action::Sheet(SheetMsg::Check));
    assert!(matches!(&effects[..], [Effect::Sheet(SheetJob::Check { .. })]));
    let plan = state.plan.clone().unwrap();
    let result = Rc::new(prepare(&draft.raw, &draft.mapping, &plan, &draft.options));
    let (state, _) = step(state, Action::Sheet(SheetMsg::Checked { draft, result }));
    let SheetStage::Preview(preview, _) = &state.sheet else { panic!("{:?}", state.sheet) };
    let counts = preview.keyed.as_ref().unwrap().counts();
    assert_eq!((counts.new, counts.updated, counts.unchanged, counts.removed), (0, 1, 1, 0));

    let (state, _) = step(state, Action::Sheet(SheetMsg::Import));
    let (state, _) = step(state, Action::Sheet(SheetMsg::Apply));
    assert_eq!(state.sheet, SheetStage::Idle);
    assert_eq!(state.rounds.receiving, None);
    let plan = state.plan.clone().unwrap();
    let targeted: Vec<Option<u64>> =
        ["a1", "a2", "a3"].iter().map(|id| plan.activities.get(id).unwrap().data.targeted).collect();
    assert_eq!(targeted, [Some(100), Some(250), Some(300)], "updated in place, NRC's row untouched");
    let lines = round_status(&round(&state), IsoDate::parse("2024-04-02").unwrap());
    let wfp = lines.iter().find(|l| l.organisation == "WFP").unwrap();
    assert_eq!(wfp.status, PartnerStatus::Received);
    let receipt = wfp.latest.as_ref().unwrap();
    assert_eq!((receipt.new, receipt.updated, receipt.removed, receipt.file.as_str()), (0, 1, 0, "wfp-2024-03.xlsx"));
    assert_eq!(lines.iter().find(|l| l.organisation == "NRC").unwrap().status, PartnerStatus::NotReceived);

    // One undo step takes back the rows and the receipt together.
    let state = state.reduce(Action::Undo);
    assert_eq!(state.plan.as_ref().unwrap().activities.get("a2").unwrap().data.targeted, Some(200));
    assert!(round(&state).receipts.is_empty());
}

#[test]
fn a_file_cancelled_or_chosen_on_the_import_page_is_not_recorded_in_a_round() {
    let period = month("2024-03");
    let (state, _) = step(state(), Action::Round(RoundMsg::Open { period, due: None, expected: vec!["WFP".into()] }));
    let file = || FileRef { name: "wfp.xlsx".into(), bytes: Rc::new(Vec::new()) };
    let (state, _) = step(state, Action::Round(RoundMsg::Receive { period, file: file() }));
    let (state, _) = step(state, Action::Sheet(SheetMsg::Cancel));
    assert_eq!(state.rounds.receiving, None);
    let (state, _) = step(state, Action::Round(RoundMsg::Receive { period, file: file() }));
    let (state, _) = step(state, Action::Sheet(SheetMsg::Chosen(file())));
    assert_eq!(state.rounds.receiving, None, "a file chosen on the Import page is an ordinary import");
}

#[test]
fn roll_forward_is_previewed_then_applied_as_one_step_and_reminders_are_copied() {
    let (state, _) =
        step(state(), Action::Round(RoundMsg::PreviewRoll { from: month("2024-03"), to: month("2024-04") }));
    let roll = state.rounds.roll.clone().unwrap();
    assert_eq!(roll.rows.len(), 3);
    assert_eq!(state.plan.as_ref().unwrap().activities.len_live(), 3, "a preview changes nothing");
    let (state, _) = step(state, Action::Round(RoundMsg::ApplyRoll));
    let plan = state.plan.clone().unwrap();
    assert_eq!(plan.activities.len_live(), 6);
    let copy = &plan.activities.get("a1-2024-04").unwrap().data;
    assert_eq!((copy.start, copy.reached), (IsoDate::parse("2024-04-01"), None));
    assert_eq!(state.rounds.roll, None);
    assert_eq!(state.reduce(Action::Undo).plan.unwrap().activities.len_live(), 3);

    let (_, effects) = step(AppState::default(), Action::Round(RoundMsg::Copy("WFP: late".into())));
    assert_eq!(effects, [Effect::Copy("WFP: late".into())]);
}

/// `raw` received for the round of `period`, its proposed mapping checked as the sheet
/// runner checks it: the state at the keyed preview.
fn checked_receipt(state: AppState, period: Month, raw: crate::formats::sheet::RawTable) -> AppState {
    let file = FileRef { name: raw.file.clone(), bytes: Rc::new(Vec::new()) };
    let (state, _) = step(state, Action::Round(RoundMsg::Receive { period, file }));
    let (state, _) = step(state, Action::Sheet(SheetMsg::Opened(Ok(proposed(raw)))));
    let SheetStage::Mapping(draft) = state.sheet.clone() else { panic!("{:?}", state.sheet) };
    let (state, _) = step(state, Action::Sheet(SheetMsg::Check));
    let plan = state.plan.clone().unwrap();
    let result = Rc::new(prepare(&draft.raw, &draft.mapping, &plan, &draft.options));
    step(state, Action::Sheet(SheetMsg::Checked { draft, result })).0
}

#[test]
fn a_returned_file_whose_rows_conflict_can_be_recorded_as_received_with_problems_importing_nothing() {
    let period = month("2024-03");
    let open = RoundMsg::Open { period, due: None, expected: vec!["WFP".into(), "NRC".into()] };
    let (state, _) = step(state(), Action::Round(open));
    // The partner deleted the id column, copied its SY02 row and changed the copy: two rows
    // with one key (organisation, area, sector, description, month) and two contents.
    let mut raw = returned_pack(&state);
    let id = raw.tags.iter().position(|t| t.starts_with("#meta+id")).expect("the pack's id column");
    raw.tags.remove(id);
    raw.headers.remove(id);
    for row in &mut raw.rows {
        row.cells.remove(id);
    }
    let area = raw.tags.iter().position(|t| t.starts_with("#adm1+code")).unwrap();
    let targeted = raw.tags.iter().position(|t| t.starts_with("#targeted")).unwrap();
    let mut changed = raw.rows.iter().find(|r| r.cells[area] == "SY02").unwrap().clone();
    changed.cells[targeted] = "999".into();
    changed.line = raw.rows.iter().map(|r| r.line).max().unwrap_or(0) + 1;
    raw.rows.push(changed);
    let state = checked_receipt(state, period, raw);
    let SheetStage::Preview(preview, _) = &state.sheet else { panic!("{:?}", state.sheet) };
    assert_eq!(preview.keyed.as_ref().unwrap().counts().conflicting, 2);

    // Import stays shut; recording puts only the receipt in the round.
    let (state, _) = step(state, Action::Sheet(SheetMsg::Import));
    assert!(matches!(state.sheet, SheetStage::Preview(..)));
    let (state, _) = step(state, Action::Sheet(SheetMsg::RecordProblems));
    assert_eq!((state.sheet.clone(), state.rounds.receiving), (SheetStage::Idle, None));
    let plan = state.plan.clone().unwrap();
    assert_eq!(plan.activities.get("a2").unwrap().data.targeted, Some(200), "nothing imported");
    let lines = round_status(&round(&state), IsoDate::parse("2024-04-02").unwrap());
    let wfp = lines.iter().find(|l| l.organisation == "WFP").unwrap();
    assert_eq!(wfp.status, PartnerStatus::WithProblems);
    assert_eq!(wfp.latest.as_ref().unwrap().problems, 2);

    // Outside a round the same message does nothing.
    let (state, _) = step(state, Action::Sheet(SheetMsg::RecordProblems));
    assert_eq!(round(&state).receipts.len(), 1);
}

#[test]
fn a_returned_row_set_aside_keeps_its_activity_through_the_same_engine_call() {
    let period = month("2024-03");
    let open = RoundMsg::Open { period, due: None, expected: vec!["WFP".into()] };
    let (state, _) = step(state(), Action::Round(open));
    // The partner's typo: a negative count on the SY02 row, which the checks set aside.
    let mut raw = returned_pack(&state);
    let targeted = raw.tags.iter().position(|t| t.starts_with("#targeted")).unwrap();
    raw.rows.iter_mut().filter(|r| r.cells[targeted] == "250").for_each(|r| r.cells[targeted] = "-5".into());
    let state = checked_receipt(state, period, raw);
    let SheetStage::Preview(_, result) = &state.sheet else { panic!("{:?}", state.sheet) };
    assert_eq!(result.as_ref().as_ref().unwrap().rejected_rows().len(), 1);
    let SheetStage::Preview(preview, _) = &state.sheet else { panic!("{:?}", state.sheet) };
    let keyed = preview.keyed.as_ref().unwrap();
    assert_eq!((keyed.counts().unchanged, keyed.counts().removed), (1, 0), "{:?}", keyed.removed);

    let (state, _) = step(state, Action::Sheet(SheetMsg::Import));
    let (state, _) = step(state, Action::Sheet(SheetMsg::Apply));
    let plan = state.plan.clone().unwrap();
    assert_eq!(plan.activities.get("a2").map(|r| r.data.targeted), Some(Some(200)), "a2 stays as it was");
    let receipt = round(&state).receipts.last().cloned().unwrap();
    assert_eq!((receipt.removed, receipt.unchanged, receipt.problems), (0, 1, 1));
}
