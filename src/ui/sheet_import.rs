//! The Import tab's "Spreadsheet (Excel or CSV)" section: a partner's own workbook read, its
//! columns and coded values mapped (proposed, reviewed, remembered per header set), checked
//! against the plan with a preview of what would be added, updated and rejected, then
//! imported as one undoable change. Also the plan as one Excel workbook. The flow itself is
//! state (`ui::sheet_flow`); this component shows its stage and sends what the user does.

mod keyed_view;
mod mapping_view;
mod preview_view;
mod problems_view;
mod wide_view;

use super::effects::{Download, FileRef};
use super::forms::take_file;
use super::sheet_flow::{Draft, SheetMsg, SheetStage};
use super::state::{Action, PlanRef};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SheetImportProps {
    pub plan: PlanRef,
    pub stage: SheetStage,
    pub dispatch: Callback<Action>,
}

/// A file input's change: the chosen file sent as `msg`, nothing when none was chosen.
fn on_chosen(dispatch: &Callback<Action>, msg: fn(FileRef) -> SheetMsg) -> Callback<Event> {
    let dispatch = dispatch.clone();
    Callback::from(move |event: Event| {
        if let Some(file) = take_file(&event) {
            dispatch.emit(Action::Sheet(msg(file)));
        }
    })
}

#[derive(Properties, PartialEq)]
pub struct SheetStageProps {
    pub plan: PlanRef,
    pub stage: SheetStage,
    pub dispatch: Callback<Action>,
    /// A partner's file for a round: a file whose rows conflict can be recorded as received
    /// with problems.
    #[prop_or_default]
    pub for_round: bool,
}

/// Where the spreadsheet flow stands (progress, the sheet to pick, the mapping, the keyed
/// preview): shown on the Import page, and on the Rounds page for a partner's returned file.
#[function_component(SheetStageView)]
pub fn sheet_stage_view(props: &SheetStageProps) -> Html {
    let send = |msg: fn() -> SheetMsg| props.dispatch.reform(move |_| Action::Sheet(msg()));
    let on_pick = props.dispatch.reform(|sheet: String| Action::Sheet(SheetMsg::Pick(sheet)));
    let on_change = props.dispatch.reform(|draft: Draft| Action::Sheet(SheetMsg::Changed(draft)));
    let on_check = props.dispatch.reform(|_: Draft| Action::Sheet(SheetMsg::Check));
    let on_cancel = send(|| SheetMsg::Cancel);
    let on_load_mapping = on_chosen(&props.dispatch, SheetMsg::LoadMapping);
    match &props.stage {
        SheetStage::Idle => html! {},
        SheetStage::Busy(text) | SheetStage::Adding(text, _) => {
            html! { <p role="status" id="sheet-progress" class="sheet-progress">{ text.clone() }</p> }
        }
        SheetStage::Failed(message) => html! {
            <div class="notice error" role="alert" id="sheet-errors">
                <p>{ message.clone() }</p>
                <button type="button" onclick={on_cancel.clone()}>{"Dismiss"}</button>
            </div>
        },
        SheetStage::PickSheet { file, sheets, .. } => html! {
            <fieldset class="sheet-pick">
                <legend>{ format!("{file} has {} sheets: which one holds the data?", sheets.len()) }</legend>
                { for sheets.iter().map(|name| {
                    let on_pick = on_pick.clone();
                    let name = name.clone();
                    html! { <button type="button" onclick={Callback::from({ let name = name.clone(); move |_| on_pick.emit(name.clone()) })}>{ name }</button> }
                }) }
                <button type="button" onclick={on_cancel.clone()}>{"Cancel"}</button>
            </fieldset>
        },
        SheetStage::Mapping(draft) => mapping_view::mapping_screen(mapping_view::MappingScreen {
            draft,
            plan: &props.plan,
            on_change: on_change.clone(),
            on_check: on_check.clone(),
            on_cancel: on_cancel.clone(),
            on_save: send(|| SheetMsg::SaveMapping),
            on_load: on_load_mapping.clone(),
        }),
        SheetStage::Preview(draft, result) => preview_view::preview_screen(
            draft,
            result,
            send(|| SheetMsg::Import),
            send(|| SheetMsg::Back),
            on_cancel.clone(),
            props.dispatch.reform(|xlsx| Action::Sheet(SheetMsg::DownloadRejected { xlsx })),
            props.for_round.then(|| send(|| SheetMsg::RecordProblems)),
        ),
    }
}

#[function_component(SheetImport)]
pub fn sheet_import_section(props: &SheetImportProps) -> Html {
    let on_file = on_chosen(&props.dispatch, SheetMsg::Chosen);
    let on_workbook = {
        let plan = props.plan.clone();
        props.dispatch.reform(move |_| Action::Offer(Download::workbook(plan.0.clone(), crate::platform::today())))
    };
    let body = html! { <SheetStageView plan={props.plan.clone()} stage={props.stage.clone()} dispatch={props.dispatch.clone()} /> };

    html! {
        <section class="card sheet-import" aria-labelledby="sheet-import-title">
            <h2 id="sheet-import-title">{"Spreadsheet (Excel or CSV)"}</h2>
            <p class="muted">{"A partner's own 4W/5W or needs sheet, as it is: .xlsx, .xlsb, .xls, .ods or .csv. You map its columns to the plan's fields once; the mapping is remembered for files with the same headers, and can be saved for your whole group."}</p>
            <label>{"Spreadsheet file"}
                <input type="file" id="sheet-file" accept=".xlsx,.xlsm,.xlsb,.xls,.ods,.csv,.tsv,.txt" onchange={on_file} />
            </label>
            { body }
            <p class="sheet-workbook">
                <button type="button" id="export-workbook" onclick={on_workbook}>{"Export workbook (.xlsx)"}</button>
                <span class="muted">{" Every table with records, the gap report and the transfer value report, each sheet with its HXL hashtag row."}</span>
            </p>
        </section>
    }
}
