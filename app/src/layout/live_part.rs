//! A part of a page that follows live changes in the browser.

use leptos::prelude::*;

/// Builds `part` as a reactive view in the browser, where the live feed changes what it
/// reads. On the server nothing changes during a render, and the asynchronous render would
/// invoke a reactive function twice (once to find its resources, once to draw it), so there
/// it is built once. Both give the same HTML, so hydration finds what it expects.
pub fn live_part<V: IntoView + 'static>(
    part: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    let built = part;
    #[cfg(not(feature = "hydrate"))]
    let built = part();
    built
}
