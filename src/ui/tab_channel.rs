//! The `BroadcastChannel` other tabs of this site listen on; what is said and what it
//! means is in `state::tabs`.

use super::state::{TabEvent, TabMessage};
use gloo::events::EventListener;
use wasm_bindgen::JsCast;

const CHANNEL: &str = "cashplan";

/// This tab's end of the channel. Browsers without `BroadcastChannel` get a silent one:
/// each tab then works alone, as before.
pub struct TabChannel {
    channel: Option<web_sys::BroadcastChannel>,
    /// This tab's id, sent with every message.
    pub tab: String,
}

impl TabChannel {
    pub fn open() -> TabChannel {
        TabChannel { channel: web_sys::BroadcastChannel::new(CHANNEL).ok(), tab: crate::platform::new_id("tab") }
    }

    pub fn post(&self, event: TabEvent, plan: &str) {
        let Some(channel) = &self.channel else { return };
        let message = TabMessage { event, plan: plan.to_string(), tab: self.tab.clone() };
        if let Err(error) = channel.post_message(&message.to_json().into()) {
            web_sys::console::warn_2(&"cashplan: could not tell other tabs:".into(), &error);
        }
    }

    /// Calls `on_message` with every message from other tabs, while the listener lives.
    pub fn listen(&self, on_message: impl Fn(TabMessage) + 'static) -> Option<EventListener> {
        let channel = self.channel.as_ref()?;
        Some(EventListener::new(channel, "message", move |event| {
            let text = event.dyn_ref::<web_sys::MessageEvent>().and_then(|e| e.data().as_string());
            if let Some(message) = text.as_deref().and_then(TabMessage::from_json) {
                on_message(message);
            }
        }))
    }
}
