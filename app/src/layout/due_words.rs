//! Words about something due, marked when it is late.

use leptos::prelude::*;

/// `words` as they are, or (when `late`) marked black on pale yellow: never a rating's
/// colour.
#[component]
pub fn DueWords(words: String, late: bool) -> impl IntoView {
    if late {
        view! { <strong class="dsr-flag">{words}</strong> }.into_any()
    } else {
        words.into_any()
    }
}
