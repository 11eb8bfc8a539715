//! The root component: holds the one state, attaches to every action the moment and a fresh
//! id (the one place edits get their stamp), hands the effects the reducer returns to the
//! runners (`ui::effects`), turns browser events into actions, and lays out the page.

use super::effects::run::Runners;
use super::effects::Effect;
use super::home::HomePage;
use super::plan_page::PlanPage;
use super::route::Route;
use super::share_panel::MergeContext;
use super::state::{Action, AppState, Context, NoticeKind, PlanRef, SaveStatus};
use crate::platform;
use gloo::events::EventListener;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// An action with the context it was dispatched in, and where its effects go.
pub struct Dispatched {
    action: Action,
    context: Context,
    outbox: Outbox,
}

/// Effects returned by the reducer, waiting for the runners (after the next render).
pub type Outbox = Rc<RefCell<Vec<Effect>>>;

impl Reducible for AppState {
    type Action = Dispatched;
    fn reduce(self: Rc<Self>, dispatched: Dispatched) -> Rc<Self> {
        let state = Rc::try_unwrap(self).unwrap_or_else(|shared| (*shared).clone());
        let (next, effects) = state.update(dispatched.action, &dispatched.context);
        dispatched.outbox.borrow_mut().extend(effects);
        Rc::new(next)
    }
}

/// The app's dispatch: every action, from a component or a runner, goes through here.
pub fn dispatcher(handle: UseReducerDispatcher<AppState>, outbox: Outbox) -> Callback<Action> {
    Callback::from(move |action: Action| {
        let context = Context { at: platform::now_rfc3339(), new_id: platform::new_id("p") };
        handle.dispatch(Dispatched { action, context, outbox: outbox.clone() });
    })
}

#[function_component(App)]
pub fn app() -> Html {
    // Start on the page the URL names: starting at home would rewrite the URL to `#/`
    // before the first hashchange is read, and a link or reload would land on the list.
    let state = use_reducer(|| AppState::starting_at(Route::parse(&current_hash())));
    let outbox: Outbox = use_mut_ref(Vec::new);
    let dispatch = dispatcher(state.dispatcher(), outbox.clone());
    let runners = {
        let dispatch = dispatch.clone();
        use_memo((), move |_| Runners::new(dispatch))
    };

    // Carry out what the last actions asked for; the runners report back with actions.
    {
        let (outbox, runners) = (outbox.clone(), runners.clone());
        use_effect(move || {
            let effects: Vec<Effect> = std::mem::take(&mut *outbox.borrow_mut());
            for effect in effects {
                runners.run(effect);
            }
        });
    }

    // Whether leaving now would lose edits: read by the closing-tab listener below, which
    // is made once and so cannot see the state of later renders.
    let unsaved = use_mut_ref(|| false);
    *unsaved.borrow_mut() = !matches!(state.save_status(), SaveStatus::Saved);

    // Browser events become actions: start, hide or close (save now), online state,
    // undo and redo keys, the URL changed by a link or the back button, other tabs.
    {
        let (dispatch, runners) = (dispatch.clone(), runners.clone());
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let document = gloo::utils::document();
            let mut listeners = Vec::new();
            let on_hide = dispatch.clone();
            listeners.push(EventListener::new(&document, "visibilitychange", move |_| {
                if gloo::utils::document().hidden() {
                    on_hide.emit(Action::Hidden);
                }
            }));
            // Closing the tab or leaving the site with edits not stored yet: the save starts
            // now, and the browser asks "Leave site? Changes you made may not be saved" —
            // staying gives the save the moment it needs (a closing tab may die before its
            // IndexedDB transaction is written).
            let on_leave = dispatch.clone();
            let options = gloo::events::EventListenerOptions::enable_prevent_default();
            listeners.push(EventListener::new_with_options(&window, "beforeunload", options, move |event| {
                if *unsaved.borrow() {
                    on_leave.emit(Action::Hidden);
                    event.prevent_default();
                }
            }));
            for event in ["pagehide", "cashplan-flush"] {
                let dispatch = dispatch.clone();
                listeners.push(EventListener::new(&window, event, move |_| dispatch.emit(Action::Hidden)));
            }
            for (event, online) in [("online", true), ("offline", false)] {
                let dispatch = dispatch.clone();
                listeners.push(EventListener::new(&window, event, move |_| dispatch.emit(Action::SetOnline(online))));
            }
            let keys = dispatch.clone();
            listeners.push(EventListener::new(&window, "keydown", move |event| {
                let Some(event) = event.dyn_ref::<KeyboardEvent>() else { return };
                let in_field = event
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
                if in_field || !(event.ctrl_key() || event.meta_key()) {
                    return;
                }
                match (event.key().to_lowercase().as_str(), event.shift_key()) {
                    ("z", false) => keys.emit(Action::Undo),
                    ("y", _) | ("z", true) => keys.emit(Action::Redo),
                    _ => return,
                }
                event.prevent_default();
            }));
            let navigate = dispatch.clone();
            listeners.push(EventListener::new(&window, "hashchange", move |_| {
                navigate.emit(Action::Refine(Route::parse(&current_hash())));
            }));
            let tabs = runners.listen_to_tabs();
            dispatch.emit(Action::SetOnline(super::browser::is_online()));
            dispatch.emit(Action::Started);
            move || {
                drop(listeners);
                drop(tabs);
            }
        });
    }

    let save_pill = match state.save_status() {
        SaveStatus::Saved => html! { <span class="pill" id="save-status">{"All changes saved"}</span> },
        SaveStatus::Unsaved => html! { <span class="pill" id="save-status">{"Saving…"}</span> },
        SaveStatus::Failed(error) => {
            html! { <span class="pill error" id="save-status" title={error}>{"Not saved — see message"}</span> }
        }
        SaveStatus::Held => {
            html! { <span class="pill error" id="save-status">{"Not saved — changed in another tab"}</span> }
        }
    };
    let export = dispatch.reform(|_| Action::ExportPlan { organisation: None, with_boundaries: false });

    html! {
        <>
        <header class="top">
            <h1>{"cashplan"}</h1>
            if let Some(plan) = &state.plan {
                <span aria-label="Open plan">{ format!("{} · {}", plan.name, plan.country) }</span>
            }
            <span class="spacer"></span>
            if state.plan.is_some() {
                { save_pill }
                <button type="button" onclick={dispatch.reform(|_| Action::Undo)} disabled={!state.can_undo()} aria-keyshortcuts="Control+Z">{"Undo"}</button>
                <button type="button" onclick={dispatch.reform(|_| Action::Redo)} disabled={!state.can_redo()} aria-keyshortcuts="Control+Y">{"Redo"}</button>
                <button type="button" onclick={dispatch.reform(|_| Action::Close)}>{"All plans"}</button>
            }
            if state.online {
                <span class="pill" id="network-status">{"Online"}</span>
            } else {
                <span class="pill offline" id="network-status">{"Offline — everything still works"}</span>
            }
        </header>
        <main>
            if state.other_tab_changed {
                <div class="notice error plans-other-tab" role="alert" id="other-tab-banner">
                    <p>{"This plan was changed in another tab. Reload it (your unsaved changes here would be lost) or keep yours (overwrites the other tab's changes)."}</p>
                    <button type="button" onclick={dispatch.reform(|_| Action::ReloadFromOtherTab)}>{"Reload it"}</button>
                    <button type="button" class="primary" onclick={dispatch.reform(|_| Action::KeepMine)}>{"Keep mine"}</button>
                </div>
            } else if let (Some(error), true) = (state.save_error.clone(), state.plan.is_some()) {
                <div class="notice error" role="alert" id="save-error">
                    <p>{ error }</p>
                    <button type="button" class="primary" onclick={export.clone()}>{"Export plan file"}</button>
                    <button type="button" onclick={dispatch.reform(|_| Action::RetrySave)}>{"Try saving again"}</button>
                </div>
            }
            if let Some(notice) = state.notice.clone() {
                <div class={classes!("notice", if notice.kind == NoticeKind::Error { "error" } else { "info" })}
                     role={if notice.kind == NoticeKind::Error { "alert" } else { "status" }} id="notice">
                    <p>{ notice.text }</p>
                    if state.recently_deleted.is_some() {
                        <button type="button" class="primary" id="undo-delete" onclick={dispatch.reform(|_| Action::UndoDelete)}>{"Undo"}</button>
                    }
                    <button type="button" onclick={dispatch.reform(|_| Action::DismissNotice)}>{"Dismiss"}</button>
                </div>
            }
            if let Some(plan) = state.plan.clone() {
                <ContextProvider<MergeContext> context={MergeContext(state.last_merge.clone())}>
                    <PlanPage plan={PlanRef(plan)} state={StateRef(state.clone())} dispatch={dispatch.clone()} />
                </ContextProvider<MergeContext>>
            } else if state.route.plan.is_some() {
                <p class="muted">{"Opening the plan…"}</p>
            } else {
                <HomePage plans={state.plans.clone()} storage={state.storage.clone()} pending_import={state.pending_import.clone()}
                    organisation={state.organisation.clone()} dispatch={dispatch.clone()} />
            }
        </main>
        </>
    }
}

/// The whole state handed to the plan's pages. The app renders only when the state
/// changed, so the pages render with it; they pass each part on to components that
/// compare it themselves (a plan by identity, a report by identity).
#[derive(Clone)]
pub struct StateRef(pub UseReducerHandle<AppState>);

impl PartialEq for StateRef {
    fn eq(&self, _: &Self) -> bool {
        false
    }
}

impl std::ops::Deref for StateRef {
    type Target = AppState;
    fn deref(&self) -> &AppState {
        &self.0
    }
}

fn current_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}
