//! Keyboard navigation in a meeting: the left and right arrow keys open the previous and
//! next person on the agenda, except while typing in a form field.

use crate::models::PersonId;

/// Listens for the arrow keys for as long as the current owner lives. `neighbours` gives
/// the previous and next people; `open` opens one.
pub fn arrow_keys(
    neighbours: impl Fn() -> (Option<PersonId>, Option<PersonId>) + 'static,
    open: impl Fn(PersonId) + 'static,
) {
    use leptos::{prelude::*, wasm_bindgen::JsCast};
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || typing(&ev) {
            return;
        }
        let (prev, next) = neighbours();
        let target = match ev.key().as_str() {
            "ArrowLeft" => prev,
            "ArrowRight" => next,
            _ => return,
        };
        if let Some(person) = target {
            ev.prevent_default();
            open(person);
        }
    });
    on_cleanup(move || handle.remove());

    /// Whether the key went to a field that uses arrow keys itself.
    fn typing(ev: &web_sys::KeyboardEvent) -> bool {
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| {
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    || el.has_attribute("contenteditable")
            })
    }
}
