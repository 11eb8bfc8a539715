//! Choosing an area among thousands: type part of a code or of any name on its path, pick
//! from the tree ("Aleppo › A'zaz › Mare' (SY020302)"). The input holds the chosen P-code,
//! so forms read it like any other field.

use super::table::rows::Shared;
use super::table::tree::{search_areas, AreaChoice};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Matches listed at once; typing more narrows them.
const SHOWN: usize = 40;

#[derive(Properties, PartialEq)]
pub struct AreaPickerProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub choices: Shared<Vec<AreaChoice>>,
    #[prop_or_default]
    pub value: Option<String>,
    #[prop_or_default]
    pub error: Option<String>,
}

#[function_component(AreaPicker)]
pub fn area_picker(props: &AreaPickerProps) -> Html {
    let query = use_state(|| props.value.clone().unwrap_or_default());
    let open = use_state(|| false);
    let active = use_state(|| 0usize);
    let matches: Vec<&AreaChoice> = search_areas(&props.choices, &query, SHOWN);
    let chosen = props.choices.iter().find(|c| c.code.eq_ignore_ascii_case(query.trim()));
    let list_id = format!("{}-options", props.id);
    let error_id = format!("{}-error", props.id);

    let choose = {
        let (query, open) = (query.clone(), open.clone());
        Callback::from(move |code: String| {
            query.set(code);
            open.set(false);
        })
    };
    let on_input = {
        let (query, open, active) = (query.clone(), open.clone(), active.clone());
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                query.set(input.value());
                open.set(true);
                active.set(0);
            }
        })
    };
    let on_key = {
        let (open, active, choose) = (open.clone(), active.clone(), choose.clone());
        let codes: Vec<String> = matches.iter().map(|c| c.code.clone()).collect();
        Callback::from(move |event: KeyboardEvent| {
            let last = codes.len().saturating_sub(1);
            match event.key().as_str() {
                "ArrowDown" => {
                    event.prevent_default();
                    if *open {
                        active.set((*active + 1).min(last))
                    } else {
                        open.set(true)
                    }
                }
                "ArrowUp" => {
                    event.prevent_default();
                    active.set(active.saturating_sub(1));
                }
                "Enter" if *open => {
                    if let Some(code) = codes.get(*active) {
                        event.prevent_default();
                        choose.emit(code.clone());
                    }
                }
                "Escape" if *open => {
                    event.prevent_default();
                    open.set(false);
                }
                _ => {}
            }
        })
    };
    let on_focus = {
        let open = open.clone();
        Callback::from(move |_| open.set(true))
    };
    let on_blur = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    let option_id = |i: usize| format!("{}-option-{i}", props.id);
    let expanded = *open && !matches.is_empty();

    html! {
        <div class="tbl-picker">
            <label>{ &props.label }
                <input id={props.id.clone()} name={props.id.clone()} value={(*query).clone()} autocomplete="off"
                    role="combobox" aria-autocomplete="list" aria-controls={list_id.clone()} aria-expanded={expanded.to_string()}
                    aria-activedescendant={expanded.then(|| option_id(*active))}
                    aria-invalid={props.error.is_some().then_some("true")}
                    aria-describedby={props.error.is_some().then(|| error_id.clone())}
                    placeholder="Type a P-code or a name"
                    oninput={on_input} onkeydown={on_key} onfocus={on_focus} onblur={on_blur} />
            </label>
            if expanded {
                <ul class="tbl-options" id={list_id} role="listbox" aria-label={format!("Areas matching “{}”", *query)}>
                { for matches.iter().enumerate().map(|(i, c)| {
                    let code = c.code.clone();
                    // mousedown, not click: a click would first blur the input and close the list.
                    let pick = choose.reform(move |event: MouseEvent| { event.prevent_default(); code.clone() });
                    html! {
                        <li id={option_id(i)} role="option" aria-selected={(i == *active).to_string()}
                            class={classes!((i == *active).then_some("tbl-active"), depth_class(c.level))}
                            onmousedown={pick}>{ c.label() }</li>
                    }
                }) }
                </ul>
            }
            if let Some(found) = chosen {
                <span class="muted tbl-path">{ found.label() }</span>
            }
            if let Some(error) = &props.error {
                <span class="field-error" id={error_id}>{ error }</span>
            }
        </div>
    }
}

/// The indent that shows an area's depth in the tree, as a class (app.css): a `style`
/// attribute would need 'unsafe-inline' in the page's Content-Security-Policy.
fn depth_class(level: u8) -> &'static str {
    match level {
        0 | 1 => "tbl-depth-1",
        2 => "tbl-depth-2",
        3 => "tbl-depth-3",
        4 => "tbl-depth-4",
        _ => "tbl-depth-5",
    }
}
