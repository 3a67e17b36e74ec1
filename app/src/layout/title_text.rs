//! A page's title text. On the server it is worked out once, as the page is drawn: under
//! load leptos_meta can read a page's title after the page's reactive values are gone, and
//! a title that reads one then panics and drops the response (seen with 20 pages asked for
//! at once). In the browser it follows the page, so "Error: " comes and goes with a refusal.

use leptos::{prelude::*, text_prop::TextProp};

/// The title `text` gives, as a [`TextProp`] for `<Title>`.
pub fn title_text(text: impl Fn() -> String + Send + Sync + 'static) -> TextProp {
    if cfg!(feature = "ssr") {
        TextProp::from(untrack(text))
    } else {
        TextProp::from(text)
    }
}
