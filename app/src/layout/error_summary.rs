//! The NHS.UK error summary: what went wrong, each message linking to its field.

use leptos::prelude::*;

/// An error summary listing `(href, message)` pairs. It takes focus when it appears so
/// screen-reader and keyboard users hear about the problem at once.
#[component]
pub fn ErrorSummary(items: Vec<(String, String)>) -> impl IntoView {
    let summary = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = summary.get() {
            let _ = el.focus();
        }
    });
    view! {
        <div class="nhsuk-error-summary" tabindex="-1" node_ref=summary>
            <div role="alert">
                <h2 class="nhsuk-error-summary__heading">"There is a problem"</h2>
                <div class="nhsuk-error-summary__body">
                    <ul class="nhsuk-list nhsuk-error-summary__list">
                        {items
                            .into_iter()
                            .map(|(href, message)| view! { <li><a href=href>{message}</a></li> })
                            .collect_view()}
                    </ul>
                </div>
            </div>
        </div>
    }
}
