//! Form building blocks: labelled fields with their validation message beside them.

use super::effects::FileRef;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The current value of the input or select with this id ("" when absent).
pub fn field_value(id: &str) -> String {
    let element = gloo::utils::document().get_element_by_id(id);
    if let Some(input) = element.clone().and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
        return input.value();
    }
    element.and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok()).map(|s| s.value()).unwrap_or_default()
}

/// Puts a starting value into the input with this id. Inputs that a bigger component
/// renders get their starting value this way, from an effect when the record being edited
/// changes, and not from a `value` attribute: yew puts an attribute's value back into the
/// input on every render of that component, which wiped what the user had typed whenever it
/// re-rendered (an autosave finishing, an error shown).
pub fn set_field(id: &str, value: &str) {
    if let Some(input) =
        gloo::utils::document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.set_value(value);
    }
}

/// Clears the inputs with these ids after a successful submit.
pub fn clear_fields(ids: &[&str]) {
    for id in ids {
        if let Some(input) =
            gloo::utils::document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.set_value("");
        }
    }
}

/// The file chosen in a file input; the input is cleared so the same file can be chosen again.
pub fn take_file(event: &Event) -> Option<FileRef> {
    take_files(event).into_iter().next()
}

/// Every file chosen in a file input, which is then cleared.
pub fn take_files(event: &Event) -> Vec<FileRef> {
    let Some(input) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
        return Vec::new();
    };
    let files = input.files().map_or_else(Vec::new, |list| (0..list.length()).filter_map(|i| list.get(i)).collect());
    input.set_value("");
    files.into_iter().map(|file| FileRef { name: file.name(), file }).collect()
}

/// Field errors of a form: (field id, message).
pub type FieldErrors = Vec<(&'static str, String)>;

pub fn error_for(errors: &FieldErrors, id: &str) -> Option<String> {
    errors.iter().find(|(field, _)| *field == id).map(|(_, m)| m.clone())
}

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub value: Option<AttrValue>,
    #[prop_or_default]
    pub error: Option<String>,
    #[prop_or_default]
    pub size: Option<u32>,
    #[prop_or_default]
    pub numeric: bool,
    #[prop_or_default]
    pub list: Option<AttrValue>,
    /// The input's `type` (text when not given), e.g. "date".
    #[prop_or_default]
    pub input_type: Option<AttrValue>,
}

#[function_component(TextField)]
pub fn text_field(props: &TextFieldProps) -> Html {
    let error_id = format!("{}-error", props.id);
    html! {
        <label>{ &props.label }
            <input id={props.id.clone()} name={props.id.clone()} value={props.value.clone()}
                type={props.input_type.clone().unwrap_or(AttrValue::Static("text"))}
                size={props.size.map(|s| s.to_string())}
                inputmode={props.numeric.then_some("numeric")}
                list={props.list.clone()}
                aria-invalid={props.error.is_some().then_some("true")}
                aria-describedby={props.error.is_some().then(|| error_id.clone())} />
            if let Some(error) = &props.error {
                <span class="field-error" id={error_id}>{ error }</span>
            }
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// (value, text) pairs.
    pub options: Vec<(String, String)>,
    #[prop_or_default]
    pub selected: Option<String>,
    #[prop_or_default]
    pub error: Option<String>,
    /// Text of an empty first choice, if the field may be left empty.
    #[prop_or_default]
    pub empty: Option<AttrValue>,
}

#[function_component(SelectField)]
pub fn select_field(props: &SelectFieldProps) -> Html {
    let error_id = format!("{}-error", props.id);
    let chosen = match (&props.selected, &props.empty) {
        (Some(selected), _) => selected.clone(),
        (None, Some(_)) => String::new(),
        (None, None) => props.options.first().map(|(value, _)| value.clone()).unwrap_or_default(),
    };
    html! {
        <label>{ &props.label }
            <select id={props.id.clone()} name={props.id.clone()}
                aria-invalid={props.error.is_some().then_some("true")}
                aria-describedby={props.error.is_some().then(|| error_id.clone())}>
                if let Some(empty) = &props.empty {
                    if chosen.is_empty() {
                        <option value="" selected=true>{ empty }</option>
                    } else {
                        <option value="">{ empty }</option>
                    }
                }
                { for props.options.iter().map(|(value, text)| {
                    // The chosen option is always marked: yew inserts children last to first,
                    // so without a mark browsers would pick the last option.
                    if *value == chosen {
                        html! { <option value={value.clone()} selected=true>{ text }</option> }
                    } else {
                        html! { <option value={value.clone()}>{ text }</option> }
                    }
                }) }
            </select>
            if let Some(error) = &props.error {
                <span class="field-error" id={error_id}>{ error }</span>
            }
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct StartedInputProps {
    pub id: AttrValue,
    /// The input's `type`, e.g. "month".
    pub input_type: AttrValue,
    /// The value it starts from: put in when it first shows and whenever the state's value
    /// changes, never on a re-render (see `set_field`).
    pub start: AttrValue,
    pub onchange: Callback<Event>,
}

/// An input of a re-rendering screen that starts from the state's value without a `value`
/// attribute, so what the user is typing survives a re-render of the screen around it.
#[function_component(StartedInput)]
pub fn started_input(props: &StartedInputProps) -> Html {
    {
        let id = props.id.clone();
        use_effect_with(props.start.clone(), move |start| set_field(&id, start));
    }
    html! { <input type={props.input_type.clone()} id={props.id.clone()} onchange={props.onchange.clone()} /> }
}
