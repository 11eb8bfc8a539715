//! The Rounds page: open a monthly reporting round (month, due date, partners expected),
//! each partner's status (not received, received with its rows new, updated and removed,
//! late, with problems) with its pack to download and its returned file to receive through
//! the Import page's keyed spreadsheet flow, the reminder lines to copy into an email, the
//! roll-forward of a month's activities as a preview, and the history of rounds. What it
//! shows and does is `engine::rounds` and `ui::rounds_flow`, as `cashplan round` does.

use super::effects::Download;
use super::forms::take_file;
use super::rounds_flow::{RoundMsg, RoundsState};
use super::sheet_flow::SheetStage;
use super::sheet_import::SheetStageView;
use super::state::{Action, PlanRef};
use crate::engine::rounds::{expected_partners, reminders, round_status, PartnerLine, PartnerStatus};
use crate::formats::pack::{next_month, previous_month};
use crate::model::{IsoDate, Month, Round};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RoundsPageProps {
    pub plan: PlanRef,
    pub rounds: RoundsState,
    pub sheet: SheetStage,
    pub dispatch: Callback<Action>,
}

fn input_value(event: &Event) -> String {
    use wasm_bindgen::JsCast;
    let target = event.target();
    if let Some(area) = target.as_ref().and_then(|t| t.dyn_ref::<web_sys::HtmlTextAreaElement>()) {
        return area.value();
    }
    target.as_ref().and_then(|t| t.dyn_ref::<web_sys::HtmlInputElement>()).map(|i| i.value()).unwrap_or_default()
}

/// A state updated with what is typed into an input.
fn typed(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| state.set(input_value(&e)))
}

#[function_component(RoundsPage)]
pub fn rounds_page(props: &RoundsPageProps) -> Html {
    let today = crate::platform::today();
    let mut rounds: Vec<&Round> = props.plan.rounds.live().map(|r| &r.data).collect();
    crate::model::sorting::sort_by(&mut rounds, |a, b| b.period.cmp(&a.period));
    let shown = props
        .rounds
        .selected
        .and_then(|m| rounds.iter().copied().find(|r| r.month() == Some(m)))
        .or_else(|| rounds.first().copied());
    let receiving = props.rounds.receiving.filter(|_| props.sheet != SheetStage::Idle);

    html! {
        <>
        <OpenRound plan={props.plan.clone()} latest={rounds.first().and_then(|r| r.month())} dispatch={props.dispatch.clone()} />
        if let Some(round) = shown {
            { round_card(round, &rounds, today, &props.plan, &props.dispatch) }
        }
        if let Some(period) = receiving {
            <section class="card" aria-labelledby="round-receiving-title" id="round-receiving">
                <h2 id="round-receiving-title">{ format!("File received for the round {period}") }</h2>
                <p class="muted">{ format!("Read as the partner's full report for {period}: rows are matched by the pack's id column (else by key), the partner's activities of {period} the file no longer lists are removed. Nothing changes until you import; the round records the file with the rows.") }</p>
                <SheetStageView plan={props.plan.clone()} stage={props.sheet.clone()} dispatch={props.dispatch.clone()} for_round=true />
            </section>
        }
        if let Some(round) = shown {
            { roll_card(round, &props.rounds, &props.dispatch) }
        }
        { history_card(&rounds) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct OpenRoundProps {
    plan: PlanRef,
    latest: Option<Month>,
    dispatch: Callback<Action>,
}

/// The form that opens a round: its month, due date and the partners expected, proposed
/// from the organisations and those who reported before (edited freely, one per line).
#[function_component(OpenRound)]
fn open_round_form(props: &OpenRoundProps) -> Html {
    let start = props.latest.map(next_month).unwrap_or_else(|| crate::platform::today().month_of());
    let period = use_state(|| start.to_string());
    let due = use_state(String::new);
    let listed = use_state(|| None::<String>);
    let error = use_state(|| None::<String>);
    let month = Month::parse(&period);
    let proposed = month.map(|m| expected_partners(&props.plan, m).join("\n")).unwrap_or_default();
    let expected = (*listed).clone().unwrap_or(proposed);
    let on_period = {
        let (period, listed) = (period.clone(), listed.clone());
        Callback::from(move |e: InputEvent| {
            period.set(input_value(&e));
            listed.set(None);
        })
    };
    let on_listed = {
        let listed = listed.clone();
        Callback::from(move |e: InputEvent| listed.set(Some(input_value(&e))))
    };
    let on_submit = {
        let (dispatch, due, error, expected) = (props.dispatch.clone(), due.clone(), error.clone(), expected.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(period) = month else {
                return error.set(Some("Write the month as YYYY-MM, e.g. 2023-05.".into()));
            };
            let due = match due.trim() {
                "" => None,
                text => match IsoDate::parse(text) {
                    Some(date) => Some(date),
                    None => return error.set(Some("Write the due date as YYYY-MM-DD.".into())),
                },
            };
            error.set(None);
            let expected = expected.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
            dispatch.emit(Action::Round(RoundMsg::Open { period, due, expected }));
        })
    };
    html! {
        <section class="card" aria-labelledby="round-open-title">
            <h2 id="round-open-title">{"Open a reporting round"}</h2>
            <p class="muted">{"A month the partners report on, the date their files are due and the partners asked. Opening a round that exists updates its due date and partners and keeps the files received."}</p>
            <form class="inline round-open" onsubmit={on_submit}>
                <label>{"Month reported"}
                    <input type="month" id="round-period" value={(*period).clone()} oninput={on_period} required=true />
                </label>
                <label>{"Due date"}
                    <input type="date" id="round-due" value={(*due).clone()} oninput={typed(&due)} />
                </label>
                <label class="round-expected">{"Partners expected, one per line"}
                    <textarea id="round-expected" rows="5" value={expected} oninput={on_listed} />
                </label>
                <button type="submit" class="primary" id="round-open">{"Open round"}</button>
            </form>
            if let Some(message) = &*error {
                <p class="field-error" role="alert" id="round-open-error">{ message.clone() }</p>
            }
        </section>
    }
}

/// One round: the status per partner with its pack and returned file, and the reminders.
fn round_card(round: &Round, rounds: &[&Round], today: IsoDate, plan: &PlanRef, dispatch: &Callback<Action>) -> Html {
    let Some(period) = round.month() else { return html! {} };
    let lines = round_status(round, today);
    let reminder_text = reminders(round, today).join("\n");
    let on_select = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(m) = Month::parse(&input_value_select(&e)) {
                dispatch.emit(Action::Round(RoundMsg::Select(m)));
            }
        })
    };
    let on_copy = {
        let text = reminder_text.clone();
        dispatch.reform(move |_| Action::Round(RoundMsg::Copy(text.clone())))
    };
    let received = lines.iter().filter(|l| l.latest.is_some()).count();
    html! {
        <section class="card" aria-labelledby="round-title" id="round">
            <h2 id="round-title">{ format!("Round {}", round.period) }</h2>
            if rounds.len() > 1 {
                <label>{"Round shown"}
                    <select id="round-shown" onchange={on_select}>
                        { for rounds.iter().map(|r| html! { <option value={r.period.clone()} selected={r.period == round.period}>{ r.period.clone() }</option> }) }
                    </select>
                </label>
            }
            <p id="round-summary">{ format!("{received} of {} partners have sent a file{}.", lines.len(),
                round.due.map(|d| format!("; due {d}")).unwrap_or_default()) }</p>
            <div class="table-wrap" role="region" tabindex="0" aria-label="Partners of the round (scrolls sideways)">
            <table id="round-status">
                <thead><tr>
                    <th scope="col">{"Partner"}</th><th scope="col">{"Status"}</th><th scope="col">{"Last file"}</th>
                    <th scope="col" class="num">{"New"}</th><th scope="col" class="num">{"Updated"}</th>
                    <th scope="col" class="num">{"Removed"}</th><th scope="col" class="num">{"Problems"}</th>
                    <th scope="col">{"Pack and file"}</th>
                </tr></thead>
                <tbody>{ for lines.iter().map(|line| partner_row(line, period, plan, dispatch)) }</tbody>
            </table>
            </div>
            <h3 id="round-reminders-title">{"Reminders"}</h3>
            if reminder_text.is_empty() {
                <p class="muted" id="round-no-reminders">{"Every partner's file is in: nothing to remind."}</p>
            } else {
                <textarea id="round-reminders" readonly=true rows="4" aria-labelledby="round-reminders-title" value={reminder_text} />
                <button type="button" id="round-copy" onclick={on_copy}>{"Copy reminders"}</button>
            }
        </section>
    }
}

fn input_value_select(event: &Event) -> String {
    use wasm_bindgen::JsCast;
    event.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()).map(|s| s.value()).unwrap_or_default()
}

fn partner_row(line: &PartnerLine, period: Month, plan: &PlanRef, dispatch: &Callback<Action>) -> Html {
    let org = line.organisation.clone();
    let on_pack = {
        let (plan, org) = (plan.clone(), org.clone());
        dispatch.reform(move |_| Action::Offer(Download::pack(plan.0.clone(), period, &org)))
    };
    let on_slice = {
        let org = org.clone();
        dispatch.reform(move |_| Action::ExportPlan { organisation: Some(org.clone()), with_boundaries: false })
    };
    let on_file = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(file) = take_file(&e) {
                dispatch.emit(Action::Round(RoundMsg::Receive { period, file }));
            }
        })
    };
    let class = match line.status {
        PartnerStatus::Received => "status-ok",
        PartnerStatus::NotReceived => "status-waiting",
        PartnerStatus::Late | PartnerStatus::WithProblems => "status-problem",
    };
    let count =
        |f: fn(&crate::model::Receipt) -> usize| line.latest.as_ref().map(|r| f(r).to_string()).unwrap_or_default();
    html! {
        <tr data-partner={org.clone()}>
            <th scope="row">{ org.clone() }</th>
            <td class={class}>{ line.status.label() }</td>
            <td>{ line.latest.as_ref().map(|r| format!("{} ({}){}", r.file, r.at.get(..16).unwrap_or(&r.at).replace('T', " "),
                if line.files > 1 { format!(", {} files", line.files) } else { String::new() })).unwrap_or_else(|| "—".into()) }</td>
            <td class="num">{ count(|r| r.new) }</td>
            <td class="num">{ count(|r| r.updated) }</td>
            <td class="num">{ count(|r| r.removed) }</td>
            <td class="num">{ count(|r| r.problems) }</td>
            <td class="round-actions">
                <button type="button" onclick={on_pack} aria-label={format!("Download pack for {org}")}>{"Download pack"}</button>
                <button type="button" onclick={on_slice} aria-label={format!("Plan file for {org}")}>{"Plan file"}</button>
                <label class="round-receive">{"Receive file"}
                    <input type="file" accept=".xlsx,.xlsm,.xlsb,.xls,.ods,.csv" onchange={on_file}
                        aria-label={format!("Receive file from {org}")} />
                </label>
            </td>
        </tr>
    }
}

/// Copy a month's activities into the next: a preview, then applied on request.
fn roll_card(round: &Round, state: &RoundsState, dispatch: &Callback<Action>) -> Html {
    let Some(period) = round.month() else { return html! {} };
    let from = previous_month(period);
    let on_preview = dispatch.reform(move |_| Action::Round(RoundMsg::PreviewRoll { from, to: period }));
    html! {
        <section class="card" aria-labelledby="round-roll-title">
            <h2 id="round-roll-title">{"Roll forward"}</h2>
            <p class="muted">{ format!("Copy the activities running in {from} into {period} (dates set to {period}, reach cleared, completed ones planned again), to start this month's reports from last month's. Activities already running in {period} are left alone.") }</p>
            <button type="button" id="round-roll-preview" onclick={on_preview}>{ format!("Preview {from} → {period}") }</button>
            if let Some(roll) = &state.roll {
                <div role="status" id="round-roll">
                    <p>{ format!("{} activities of {} to copy into {}:", roll.rows.len(), roll.from, roll.to) }</p>
                    <ul class="scroll-list">{ for roll.rows.iter().take(200).map(|(id, a)| html! {
                        <li>{ crate::model::Kind::describe(a, id) }</li>
                    }) }</ul>
                    <button type="button" class="primary" id="round-roll-apply" disabled={roll.rows.is_empty()}
                        onclick={dispatch.reform(|_| Action::Round(RoundMsg::ApplyRoll))}>{"Copy these activities"}</button>
                    <button type="button" onclick={dispatch.reform(|_| Action::Round(RoundMsg::CancelRoll))}>{"Cancel"}</button>
                </div>
            }
        </section>
    }
}

/// Every round's files: per month and partner, what they reported.
fn history_card(rounds: &[&Round]) -> Html {
    html! {
        <section class="card" aria-labelledby="round-history-title">
            <h2 id="round-history-title">{"History of rounds"}</h2>
            if rounds.is_empty() {
                <p class="muted">{"No round yet: open one above."}</p>
            } else {
                <div class="table-wrap" role="region" tabindex="0" aria-label="History of rounds (scrolls sideways)">
                <table id="round-history">
                    <thead><tr>
                        <th scope="col">{"Month"}</th><th scope="col">{"Partner"}</th><th scope="col">{"Received"}</th><th scope="col">{"File"}</th>
                        <th scope="col" class="num">{"New"}</th><th scope="col" class="num">{"Updated"}</th>
                        <th scope="col" class="num">{"Removed"}</th><th scope="col" class="num">{"Unchanged"}</th><th scope="col" class="num">{"Problems"}</th>
                    </tr></thead>
                    <tbody>{ for rounds.iter().flat_map(|round| {
                        let sent = round.receipts.iter().map(move |r| html! {
                            <tr>
                                <td>{ round.period.clone() }</td><td>{ r.organisation.clone() }</td><td>{ r.at.clone() }</td><td>{ r.file.clone() }</td>
                                <td class="num">{ r.new }</td><td class="num">{ r.updated }</td><td class="num">{ r.removed }</td>
                                <td class="num">{ r.unchanged }</td><td class="num">{ r.problems }</td>
                            </tr>
                        });
                        let none = round.receipts.is_empty().then(|| html! {
                            <tr><td>{ round.period.clone() }</td><td colspan="8" class="muted">{ format!("No file yet ({} partners expected)", round.expected.len()) }</td></tr>
                        });
                        sent.chain(none)
                    }) }</tbody>
                </table>
                </div>
            }
        </section>
    }
}
