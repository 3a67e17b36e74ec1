//! The feed's connection state, shown on live pages.

use leptos::prelude::*;

/// Whether the page is receiving changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedStatus {
    /// Not yet connected (also what the server renders).
    Connecting,
    /// Connected: changes appear as they happen.
    Live,
    /// The connection dropped; the browser is reconnecting.
    Reconnecting,
    /// The browser is offline.
    Offline,
}

impl FeedStatus {
    /// The words shown.
    pub fn label(self) -> &'static str {
        match self {
            FeedStatus::Connecting => "Connecting to live updates…",
            FeedStatus::Live => "Live: changes appear as they happen",
            FeedStatus::Reconnecting => {
                "Reconnecting: changes will appear when the connection is back"
            }
            FeedStatus::Offline => "Offline: changes will appear when you are back online",
        }
    }

    /// A short code for styling and tests.
    pub fn code(self) -> &'static str {
        match self {
            FeedStatus::Connecting => "connecting",
            FeedStatus::Live => "live",
            FeedStatus::Reconnecting => "reconnecting",
            FeedStatus::Offline => "offline",
        }
    }
}

/// The status line. It is shown once the page runs in the browser; before that (and
/// without JavaScript, when there are no live updates) the page says updates are off. A
/// browser running scripts hides that line from the first paint (the `dsr-js` class the
/// page's head sets), so it never flashes up while the client loads.
#[component]
pub fn FeedStatusLine(status: ReadSignal<FeedStatus>) -> impl IntoView {
    let running = RwSignal::new(false);
    Effect::new(move |_| running.set(true));
    view! {
        <p class="dsr-live-status dsr-live-status--off dsr-live-off" hidden=move || running.get()>
            <span class="dsr-live-status__dot" aria-hidden="true"></span>
            "Live updates are off: reload the page to see changes."
        </p>
        <p class=move || format!("dsr-live-status dsr-live-status--{}", status.get().code()) data-status=move || status.get().code() hidden=move || !running.get()>
            <span class="dsr-live-status__dot" aria-hidden="true"></span>
            {move || status.get().label()}
        </p>
    }
}
