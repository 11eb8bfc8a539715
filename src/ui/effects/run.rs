//! The runners: each effect the reducer returns is carried out here, and what comes of it
//! goes back to the reducer as an action. One runner per kind of effect; storage, files and
//! spreadsheets have modules of their own.

use super::storage::StoreRunner;
use super::{downloads, Effect, Setting};
use crate::platform;
use crate::ui::analysis;
use crate::ui::browser;
use crate::ui::state::Action;
use crate::ui::tab_channel::TabChannel;
use gloo::events::EventListener;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::Callback;

/// The localStorage key of the organisation recorded on this browser's edits.
pub const ORGANISATION_KEY: &str = "cashplan.organisation";
/// The small-counts threshold of exports for sharing outside the group ("" when off).
pub const SMALL_COUNTS_KEY: &str = "cashplan.small-counts";

pub struct Runners {
    dispatch: Callback<Action>,
    store: StoreRunner,
    tabs: Rc<TabChannel>,
}

impl Runners {
    pub fn new(dispatch: Callback<Action>) -> Runners {
        let tabs = Rc::new(TabChannel::open());
        Runners { store: StoreRunner::new(dispatch.clone(), tabs.clone()), dispatch, tabs }
    }

    /// Hands what other tabs say to the reducer, while the listener lives.
    pub fn listen_to_tabs(&self) -> Option<EventListener> {
        let dispatch = self.dispatch.clone();
        self.tabs.listen(move |message| dispatch.emit(Action::FromOtherTab(message)))
    }

    pub fn run(&self, effect: Effect) {
        let dispatch = self.dispatch.clone();
        match effect {
            Effect::Store(job) => self.store.run(job),
            Effect::Later { ms, action } => {
                gloo::timers::callback::Timeout::new(ms, move || dispatch.emit(*action)).forget();
            }
            Effect::Download(download) => spawn_local(offer(download, dispatch)),
            Effect::Read { purpose, files } => spawn_local(super::files::read(purpose, files, dispatch)),
            Effect::Tell { event, plan } => self.tabs.post(event, &plan),
            Effect::Remember(setting) => remember(setting),
            Effect::Url { hash, replace } => write_url(&hash, replace),
            Effect::Analyse(request) => spawn_local(async move {
                // Lets the page paint what it has first ("Analysing…").
                browser::yield_to_browser().await;
                let analyses = analysis::run(&request, platform::today());
                dispatch.emit(Action::Analysed { key: request.key, analyses });
            }),
            Effect::Sheet(job) => spawn_local(super::sheets::run(job, dispatch)),
            Effect::Boundaries(job) => spawn_local(super::boundaries::run(job, dispatch)),
            Effect::Copy(text) => spawn_local(async move {
                let notice = match browser::copy_text(&text).await {
                    Ok(()) => crate::ui::state::Notice::info("Copied the reminder lines: paste them into your email."),
                    Err(e) => crate::ui::state::Notice::error(format!(
                        "The lines could not be copied ({e}): select them in the box and copy them yourself."
                    )),
                };
                dispatch.emit(Action::Notify(notice));
            }),
        }
    }
}

/// Offers a download; the workbook is written by the spreadsheet module first.
async fn offer(download: downloads::Download, dispatch: Callback<Action>) {
    let text = match download.text() {
        Ok(text) => text,
        Err(error) => return dispatch.emit(Action::Notify(crate::ui::state::Notice::error(error.to_string()))),
    };
    let offered = match (&download.content, text) {
        (_, Some(text)) => browser::download(&download.file_name, download.mime, &text),
        (downloads::Content::Png { svg }, None) => browser::download_svg_as_png(&download.file_name, svg).await,
        (_, None) => match download.sheets() {
            Some(sheets) => match crate::ui::xl::write_xlsx(&sheets).await {
                Ok(bytes) => browser::download_bytes(&download.file_name, download.mime, &bytes),
                Err(e) => Err(e),
            },
            None => Ok(()),
        },
    };
    if let Err(e) = offered {
        let text = format!(
            "{} could not be offered for download: {e}. Try again, or use another browser.",
            download.file_name
        );
        dispatch.emit(Action::Notify(crate::ui::state::Notice::error(text)));
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// Keeps a setting in this browser; a full or blocked storage only means it is not kept.
fn remember(setting: Setting) {
    let Some(storage) = local_storage() else { return };
    let _ = match setting {
        Setting::Organisation(name) => storage.set_item(ORGANISATION_KEY, &name),
        Setting::Mapping { header_key, json } => storage.set_item(&mapping_key(&header_key), &json),
        Setting::SmallCounts(rule) => {
            storage.set_item(SMALL_COUNTS_KEY, &rule.map(|r| r.threshold().to_string()).unwrap_or_default())
        }
    };
}

/// What this browser remembers under `key`.
pub fn recall(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Where the mapping used for a header set is remembered.
pub fn mapping_key(header_key: &str) -> String {
    format!("cashplan-mapping-{header_key}")
}

/// Writes the route to the URL (unless it is there already): a new history entry, or in
/// place of the current one.
fn write_url(hash: &str, replace: bool) {
    let current = gloo::utils::window().location().hash().unwrap_or_default();
    if current == hash {
        return;
    }
    if replace {
        browser::replace_hash(hash);
    } else {
        gloo::utils::window().location().set_hash(hash).ok();
    }
}
