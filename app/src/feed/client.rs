//! Following `/events` from the browser: the EventSource, its status, and reconnecting
//! from the last entry seen after the browser goes offline and back.

use super::status::FeedStatus;
use crate::models::FeedEntry;
use leptos::{
    prelude::*,
    wasm_bindgen::{closure::Closure, JsCast},
};
use send_wrapper::SendWrapper;
use std::{
    cell::{Cell, RefCell},
    rc::Rc,
};
use web_sys::{EventSource, MessageEvent};

/// What a page does with the feed.
#[derive(Clone)]
pub struct FeedHandlers {
    /// Called for every entry, in order.
    pub on_change: Rc<dyn Fn(FeedEntry)>,
    /// Called when the server says the page is ahead of the log and must reload.
    pub on_reset: Rc<dyn Fn()>,
}

/// A browser event handler kept alive while the connection exists.
type Handler = Closure<dyn FnMut(web_sys::Event)>;

struct Connection {
    last: Cell<i64>,
    source: RefCell<Option<EventSource>>,
    handlers: FeedHandlers,
    status: WriteSignal<FeedStatus>,
    closures: RefCell<Vec<Handler>>,
}

/// Calls `start` once, with the current component as owner, as soon as `first_head`
/// yields the change-log position of the page's first read (the feed continues from it).
pub fn start_after_first_read(
    first_head: impl Fn() -> Option<i64> + 'static,
    start: impl FnOnce(i64) + 'static,
) {
    let page = Owner::current().expect("called inside a component");
    let mut start = Some(start);
    Effect::new(move |_| {
        if start.is_none() {
            return;
        }
        if let Some(head) = first_head() {
            let start = start.take().expect("checked above");
            page.with(|| start(head));
        }
    });
}

/// Follows the feed from entry `after` until the current reactive owner is cleaned up.
pub fn follow(after: i64, handlers: FeedHandlers, status: WriteSignal<FeedStatus>) {
    let connection = Rc::new(Connection {
        last: Cell::new(after),
        source: RefCell::new(None),
        handlers,
        status,
        closures: RefCell::new(Vec::new()),
    });
    open(&connection);
    let window = window();
    let on_offline = {
        let connection = connection.clone();
        Handler::new(move |_| {
            close(&connection);
            connection.status.set(FeedStatus::Offline);
        })
    };
    let on_online = {
        let connection = connection.clone();
        Handler::new(move |_| open(&connection))
    };
    let _ = window.add_event_listener_with_callback("offline", on_offline.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
    let cleanup = SendWrapper::new((connection.clone(), on_offline, on_online));
    on_cleanup(move || {
        let (connection, on_offline, on_online) = cleanup.take();
        let window = leptos::prelude::window();
        let _ = window
            .remove_event_listener_with_callback("offline", on_offline.as_ref().unchecked_ref());
        let _ = window
            .remove_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        close(&connection);
        connection.closures.borrow_mut().clear();
    });
}

fn open(connection: &Rc<Connection>) {
    close(connection);
    if !window().navigator().on_line() {
        connection.status.set(FeedStatus::Offline);
        return;
    }
    let Ok(source) = EventSource::new(&format!("/events?after={}", connection.last.get())) else {
        connection.status.set(FeedStatus::Reconnecting);
        return;
    };
    connection.status.set(FeedStatus::Connecting);
    let on_open = {
        let connection = Rc::downgrade(connection);
        Handler::new(move |_| {
            if let Some(c) = connection.upgrade() {
                c.status.set(FeedStatus::Live);
            }
        })
    };
    let on_change = {
        let connection = Rc::downgrade(connection);
        Handler::new(move |event: web_sys::Event| {
            let (Some(c), Some(message)) = (connection.upgrade(), event.dyn_ref::<MessageEvent>())
            else {
                return;
            };
            let Some(data) = message.data().as_string() else {
                return;
            };
            if let Ok(entry) = serde_json::from_str::<FeedEntry>(&data) {
                if entry.id() > c.last.get() {
                    c.last.set(entry.id());
                    (c.handlers.on_change)(entry);
                }
            }
        })
    };
    let on_reset = {
        let connection = Rc::downgrade(connection);
        Handler::new(move |_| {
            if let Some(c) = connection.upgrade() {
                close(&c);
                (c.handlers.on_reset)();
            }
        })
    };
    let on_error = {
        let connection = Rc::downgrade(connection);
        Handler::new(move |_| {
            let Some(c) = connection.upgrade() else {
                return;
            };
            let closed = c
                .source
                .borrow()
                .as_ref()
                .is_none_or(|s| s.ready_state() == EventSource::CLOSED);
            if closed {
                // The browser gave up (for example a 5xx): try again shortly from the last entry.
                c.status.set(FeedStatus::Reconnecting);
                let again = Rc::downgrade(&c);
                set_timeout(
                    move || {
                        if let Some(c) = again.upgrade() {
                            open(&c);
                        }
                    },
                    std::time::Duration::from_secs(3),
                );
            } else {
                c.status.set(FeedStatus::Reconnecting);
            }
        })
    };
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let _ = source.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback("reset", on_reset.as_ref().unchecked_ref());
    let mut closures = connection.closures.borrow_mut();
    closures.clear();
    closures.extend([on_open, on_change, on_reset, on_error]);
    *connection.source.borrow_mut() = Some(source);
}

fn close(connection: &Connection) {
    if let Some(source) = connection.source.borrow_mut().take() {
        source.close();
    }
}
