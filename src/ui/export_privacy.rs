//! The export card's privacy step: hide counts of fewer than N people in the tables, reports,
//! workbook and maps downloaded from now on, for files shared outside the group. The rule itself
//! is `model::disclosure`; the reducer applies it to every download it offers.

use super::state::Action;
use crate::model::disclosure::{SmallCounts, DEFAULT_THRESHOLD, MAX_THRESHOLD, MIN_THRESHOLD};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExportPrivacyProps {
    /// The rule in force; None when exports show every count.
    pub protect: Option<SmallCounts>,
    pub dispatch: Callback<Action>,
}

#[function_component(ExportPrivacy)]
pub fn export_privacy(props: &ExportPrivacyProps) -> Html {
    // What is typed in the threshold box, kept while protection is off or the text is wrong.
    let typed = use_state(|| props.protect.unwrap_or_default().threshold().to_string());
    let problem = use_state(|| None::<String>);
    let on = props.protect.is_some();
    let apply = {
        let (dispatch, problem) = (props.dispatch.clone(), problem.clone());
        move |enabled: bool, text: &str| {
            if !enabled {
                problem.set(None);
                return dispatch.emit(Action::SetProtection(None));
            }
            match SmallCounts::parse(text) {
                Ok(rule) => {
                    problem.set(None);
                    dispatch.emit(Action::SetProtection(Some(rule)));
                }
                Err(e) => problem.set(Some(e.to_string())),
            }
        }
    };
    let on_toggle = {
        let (apply, typed) = (apply.clone(), typed.clone());
        Callback::from(move |event: Event| {
            let checked = event.target_unchecked_into::<HtmlInputElement>().checked();
            apply(checked, &typed);
        })
    };
    let on_threshold = {
        let typed = typed.clone();
        Callback::from(move |event: Event| {
            let text = event.target_unchecked_into::<HtmlInputElement>().value();
            typed.set(text.clone());
            apply(on, &text);
        })
    };
    html! {
        <fieldset class="export-privacy" id="export-privacy">
            <legend>{"Sharing outside the group"}</legend>
            <label>
                <input type="checkbox" id="export-protect" checked={on} onchange={on_toggle} />
                {" Hide small counts in the tables, reports, workbook and maps downloaded"}
            </label>
            <label for="export-protect-below">{"Hide counts of fewer than"}</label>
            <input type="number" id="export-protect-below" min={MIN_THRESHOLD.to_string()} max={MAX_THRESHOLD.to_string()}
                inputmode="numeric" value={(*typed).clone()} onchange={on_threshold}
                aria-describedby="export-protect-note" aria-invalid={problem.is_some().to_string()} />
            <span>{" people"}</span>
            if let Some(message) = &*problem {
                <p class="field-error" role="alert" id="export-protect-error">{ message }</p>
            }
            <p class="muted" id="export-protect-note">{ match props.protect {
                Some(rule) => format!(
                    "On: counts of 1 to {} people are written as {} in every CSV table, report and workbook you download (here, on Harmonisation and in the overlaps), with a Privacy column saying so, and maps (SVG, PNG, GeoJSON) leave them out and say so under their title; file names end in “-protected”. Plan files are never changed: they carry the group's own data.",
                    rule.threshold() - 1, rule.hidden_text()),
                None => format!("Off: downloads show every count. Turn it on before sending files to people outside the group (the usual threshold is {DEFAULT_THRESHOLD}). This browser remembers the choice."),
            } }</p>
        </fieldset>
    }
}
