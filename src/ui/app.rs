//! The root component: owns the state, talks to storage and to the other tabs, and
//! wires the pages' callbacks.

mod plan_jobs;

use super::browser;
use super::home::HomePage;
use super::plan_page::PlanPage;
use super::route::{History, Route};
use super::share_panel::{offer_plan_file, MergeContext};
use super::state::{Action, AppState, Notice, NoticeKind, PendingImport, PlanRef, SaveStatus, TabEvent};
use super::tab_channel::TabChannel;
use crate::formats::planfile::read_plan_file;
use crate::model::{Plan, Stamp};
use crate::platform;
use crate::store::PlanStore;
use gloo::events::EventListener;
use plan_jobs::{Dispatch, SharedStore};
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

/// Saves wait this long after the last edit, so typing does not write on every key.
const SAVE_DELAY_MS: u32 = 400;

impl Reducible for AppState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new((*self).clone().reduce(action))
    }
}

/// What the flush-on-hide listener needs to see: the latest plan and whether it is saved.
#[derive(Default)]
struct Latest {
    plan: Option<Rc<Plan>>,
    unsaved_revision: Option<u64>,
}

pub fn stamp() -> Stamp {
    Stamp { at: platform::now_rfc3339(), by: user_organisation() }
}

/// The organisation recorded on this browser's edits (set on the home page).
pub fn user_organisation() -> String {
    gloo::utils::window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item("cashplan.organisation").ok().flatten())
        .unwrap_or_default()
}

fn save_plan(store: &SharedStore, plan: Rc<Plan>, revision: u64, dispatch: Dispatch) {
    let Some(store) = store.borrow().clone() else {
        dispatch.dispatch(Action::SaveFailed("storage is not open yet".into()));
        return;
    };
    spawn_local(async move {
        match store.save(&plan, &platform::now_rfc3339()).await {
            Ok(summary) => dispatch.dispatch(Action::Saved { revision, summary }),
            Err(error) => dispatch.dispatch(Action::SaveFailed(error.to_string())),
        }
    });
}

#[function_component(App)]
pub fn app() -> Html {
    // Start on the page the URL names: starting at home would rewrite the URL to `#/`
    // before the first hashchange is read, and a link or reload would land on the list.
    let state = use_reducer(|| AppState::default().reduce(Action::Refine(Route::parse(&current_hash()))));
    let store: SharedStore = use_mut_ref(|| None);
    let latest = use_mut_ref(Latest::default);
    let tabs = use_memo((), |_| TabChannel::open());

    // Open storage and list plans once.
    {
        let dispatch = state.dispatcher();
        let (store, tabs) = (store.clone(), tabs.clone());
        use_effect_with((), move |_| {
            spawn_local(async move {
                match plan_jobs::open_store(tabs).await {
                    Ok(opened) => {
                        let opened = Rc::new(opened);
                        *store.borrow_mut() = Some(opened.clone());
                        let persisted = browser::request_persistent_storage().await;
                        let estimate = browser::storage_estimate().await;
                        dispatch.dispatch(Action::Storage(super::state::StorageInfo {
                            persisted,
                            used_bytes: estimate.map(|e| e.0),
                            quota_bytes: estimate.map(|e| e.1),
                        }));
                        match opened.list().await {
                            Ok(plans) => dispatch.dispatch(Action::PlansListed(plans)),
                            Err(e) => dispatch.dispatch(Action::Notify(Notice::error(e.to_string()))),
                        }
                    }
                    Err(e) => {
                        dispatch.dispatch(Action::PlansListed(Vec::new()));
                        dispatch.dispatch(Action::Notify(Notice::error(e.to_string())));
                    }
                }
            });
        });
    }

    // Keep what the flush listener needs up to date.
    {
        let mut latest = latest.borrow_mut();
        latest.plan = state.plan.clone();
        latest.unsaved_revision =
            (state.revision > state.saved_revision && !state.other_tab_changed).then_some(state.revision);
    }

    // Debounced autosave after every change to the open plan; held while the user decides
    // between this tab's changes and another tab's.
    {
        let dispatch = state.dispatcher();
        let store = store.clone();
        let pending = state.plan.clone().filter(|_| state.revision > state.saved_revision && !state.other_tab_changed);
        use_effect_with((state.revision, state.other_tab_changed), move |(revision, _)| {
            let revision = *revision;
            let timer = pending.map(|plan| {
                gloo::timers::callback::Timeout::new(SAVE_DELAY_MS, move || save_plan(&store, plan, revision, dispatch))
            });
            move || drop(timer)
        });
    }

    // Flush unsaved work when the tab is hidden or closed, or before an update reload;
    // track online/offline; undo and redo from the keyboard.
    {
        let dispatch = state.dispatcher();
        let store = store.clone();
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let document = gloo::utils::document();
            let flush = {
                let (dispatch, store, latest) = (dispatch.clone(), store.clone(), latest.clone());
                Rc::new(move || {
                    let latest = latest.borrow();
                    if let (Some(plan), Some(revision)) = (latest.plan.clone(), latest.unsaved_revision) {
                        save_plan(&store, plan, revision, dispatch.clone());
                    }
                })
            };
            let mut listeners = Vec::new();
            let on_hide = flush.clone();
            listeners.push(EventListener::new(&document, "visibilitychange", move |_| {
                if gloo::utils::document().hidden() {
                    on_hide();
                }
            }));
            for event in ["pagehide", "cashplan-flush"] {
                let flush = flush.clone();
                listeners.push(EventListener::new(&window, event, move |_| flush()));
            }
            for (event, online) in [("online", true), ("offline", false)] {
                let dispatch = dispatch.clone();
                listeners
                    .push(EventListener::new(&window, event, move |_| dispatch.dispatch(Action::SetOnline(online))));
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
                    ("z", false) => keys.dispatch(Action::Undo),
                    ("y", _) | ("z", true) => keys.dispatch(Action::Redo),
                    _ => return,
                }
                event.prevent_default();
            }));
            let navigate = dispatch.clone();
            listeners.push(EventListener::new(&window, "hashchange", move |_| {
                navigate.dispatch(Action::Refine(Route::parse(&current_hash())));
            }));
            dispatch.dispatch(Action::SetOnline(browser::is_online()));
            move || drop(listeners)
        });
    }

    // The URL mirrors the route, so views can be bookmarked and survive a reload. A refined
    // view (each key of a search) rewrites the current history entry: Back leaves the page.
    {
        let history = state.history;
        use_effect_with(state.route.clone(), move |route| {
            let hash = route.to_hash();
            if current_hash() != hash {
                match history {
                    History::Push => {
                        gloo::utils::window().location().set_hash(&hash).ok();
                    }
                    History::Replace => browser::replace_hash(&hash),
                }
            }
        });
    }

    // Open the plan the route names once storage is ready (a bookmark, a reload, a link).
    {
        let (dispatch, store) = (state.dispatcher(), store.clone());
        let wanted = state.route.plan.clone().filter(|id| state.plan.as_ref().is_none_or(|p| &p.id != id));
        let ready = state.plans.is_some();
        use_effect_with((wanted, ready), move |(wanted, ready)| {
            if let (Some(id), true, Some(store)) = (wanted.clone(), *ready, store.borrow().clone()) {
                spawn_local(async move {
                    match store.load(&id).await {
                        Ok(Some(plan)) => dispatch.dispatch(Action::Open(plan)),
                        Ok(None) => {
                            dispatch.dispatch(Action::Navigate(Route::home()));
                            dispatch.dispatch(Action::Notify(Notice::error(
                                "The plan in this link is not stored in this browser. Import its plan file to open it.",
                            )));
                        }
                        Err(e) => dispatch.dispatch(Action::Notify(Notice::error(e.to_string()))),
                    }
                });
            }
        });
    }

    // Other tabs: answer "opened", refresh the list after their writes, let the reducer
    // decide what their saves mean for the open plan.
    {
        let (dispatch, store, latest, tabs) = (state.dispatcher(), store.clone(), latest.clone(), tabs.clone());
        use_effect_with((), move |_| {
            let listener = tabs.clone().listen(move |message| {
                let open_here = latest.borrow().plan.as_ref().is_some_and(|p| p.id == message.plan);
                match message.event {
                    TabEvent::Opened if open_here => tabs.post(TabEvent::AlsoOpen, &message.plan),
                    TabEvent::Saved | TabEvent::Deleted => plan_jobs::relist(&store, &dispatch),
                    _ => {}
                }
                dispatch.dispatch(Action::FromOtherTab(message));
            });
            move || drop(listener)
        });
    }
    let open_plan_id = state.plan.as_ref().map(|p| p.id.clone());
    {
        let tabs = tabs.clone();
        use_effect_with(open_plan_id.clone(), move |id| {
            if let Some(id) = id {
                tabs.post(TabEvent::Opened, id);
            }
        });
    }
    // Read the open plan again when the reducer asks (another tab saved it).
    {
        let (dispatch, store) = (state.dispatcher(), store.clone());
        use_effect_with((state.reload, open_plan_id), move |(reload, id)| {
            let (Some(reload), Some(id)) = (*reload, id.clone()) else { return };
            plan_jobs::run(&store, &dispatch, move |store| async move {
                match store.load(&id).await {
                    Ok(Some(plan)) => Ok(Action::Reloaded { plan, revision: reload.revision }),
                    Ok(None) => Err("This plan is no longer stored in this browser (deleted in another tab?). Export the plan file to keep what is on screen.".into()),
                    Err(e) => Err(e.to_string()),
                }
            });
        });
    }

    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };

    let on_open = {
        let dispatch = state.dispatcher();
        Callback::from(move |id: String| dispatch.dispatch(Action::Navigate(Route::plan(&id))))
    };

    let on_delete = {
        let (dispatch, store) = (state.dispatcher(), store.clone());
        Callback::from(move |id: String| plan_jobs::delete(&store, &dispatch, id))
    };
    let on_undo_delete = {
        let (dispatch, store, deleted) = (state.dispatcher(), store.clone(), state.recently_deleted.clone());
        Callback::from(move |_| {
            if let Some(plan) = deleted.clone() {
                plan_jobs::restore(&store, &dispatch, plan);
            }
        })
    };
    let on_duplicate = {
        let (dispatch, store) = (state.dispatcher(), store.clone());
        let taken: Vec<String> = state.plans.iter().flatten().map(|p| p.name.clone()).collect();
        Callback::from(move |id: String| plan_jobs::duplicate(&store, &dispatch, id, taken.clone()))
    };
    let on_rename = {
        let (dispatch, store) = (state.dispatcher(), store.clone());
        Callback::from(move |(id, name): (String, String)| plan_jobs::rename(&store, &dispatch, id, name))
    };

    let on_import_file = {
        let (dispatch, store) = (state.dispatcher(), store.clone());
        Callback::from(move |file: web_sys::File| {
            let store = store.borrow().clone();
            let dispatch = dispatch.clone();
            spawn_local(async move {
                let name = file.name();
                let text = match browser::read_text(file).await {
                    Ok(text) => text,
                    Err(e) => {
                        return dispatch
                            .dispatch(Action::Notify(Notice::error(format!("{name}: could not be read ({e})"))))
                    }
                };
                let incoming = match read_plan_file(&name, &text) {
                    Ok(plan) => plan,
                    Err(e) => return dispatch.dispatch(Action::Notify(Notice::error(e.to_string()))),
                };
                let stored = match &store {
                    Some(store) => store.load(&incoming.id).await.ok().flatten(),
                    None => None,
                };
                dispatch.dispatch(Action::ImportReady(PendingImport::new(&name, incoming, stored.as_ref())));
            });
        })
    };

    let on_confirm_import = {
        let (dispatch, store) = (state.dispatcher(), store.clone());
        let pending = state.pending_import.clone();
        Callback::from(move |_| {
            let (Some(store), Some(pending)) = (store.borrow().clone(), pending.clone()) else { return };
            let dispatch = dispatch.clone();
            spawn_local(async move {
                match store.save(&pending.result, &platform::now_rfc3339()).await {
                    Ok(summary) => dispatch.dispatch(Action::Imported(summary)),
                    Err(e) => dispatch.dispatch(Action::Notify(Notice::error(e.to_string()))),
                }
            });
        })
    };

    let on_export = {
        let plan = state.plan.clone();
        let dispatch = state.dispatcher();
        Callback::from(move |_| {
            let Some(plan) = plan.clone() else { return };
            if let Err(message) = offer_plan_file(&plan, None) {
                dispatch.dispatch(Action::Notify(Notice::error(message)));
            }
        })
    };

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
                    <button type="button" class="primary" onclick={on_export.reform(|_| ())}>{"Export plan file"}</button>
                    <button type="button" onclick={dispatch.reform(|_| Action::RetrySave)}>{"Try saving again"}</button>
                </div>
            }
            if let Some(notice) = state.notice.clone() {
                <div class={classes!("notice", if notice.kind == NoticeKind::Error { "error" } else { "info" })}
                     role={if notice.kind == NoticeKind::Error { "alert" } else { "status" }} id="notice">
                    <p>{ notice.text }</p>
                    if state.recently_deleted.is_some() {
                        <button type="button" class="primary" id="undo-delete" onclick={on_undo_delete}>{"Undo"}</button>
                    }
                    <button type="button" onclick={dispatch.reform(|_| Action::DismissNotice)}>{"Dismiss"}</button>
                </div>
            }
            if let Some(plan) = state.plan.clone() {
                <ContextProvider<MergeContext> context={MergeContext(state.last_merge.clone())}>
                    <PlanPage plan={PlanRef(plan)} route={state.route.clone()} dispatch={dispatch.clone()} {on_export} />
                </ContextProvider<MergeContext>>
            } else if state.route.plan.is_some() {
                <p class="muted">{"Opening the plan…"}</p>
            } else {
                <HomePage plans={state.plans.clone()} storage={state.storage.clone()} pending_import={state.pending_import.clone()}
                    dispatch={dispatch.clone()} {on_open} {on_delete} {on_duplicate} {on_rename} {on_import_file} {on_confirm_import} />
            }
        </main>
        </>
    }
}

use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;

fn current_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}
