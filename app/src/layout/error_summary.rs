//! The NHS.UK error summary: what went wrong, each message linking to its field.

use leptos::prelude::*;

/// The summary's id: a form refused without JavaScript sends the browser back to it.
pub const ERROR_SUMMARY_ID: &str = "error-summary";

/// An error summary listing `(href, message)` pairs. It takes focus when it appears so
/// screen-reader and keyboard users hear about the problem at once; each link moves
/// focus to its field (without JavaScript it still scrolls there).
#[component]
pub fn ErrorSummary(items: Vec<(String, String)>) -> impl IntoView {
    let summary = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = summary.get() {
            let _ = el.focus();
        }
    });
    view! {
        <div class="nhsuk-error-summary" id=ERROR_SUMMARY_ID tabindex="-1" node_ref=summary>
            <div role="alert">
                <h2 class="nhsuk-error-summary__heading">"There is a problem"</h2>
                <div class="nhsuk-error-summary__body">
                    <ul class="nhsuk-list nhsuk-error-summary__list">
                        {items
                            .into_iter()
                            .map(|(href, message)| {
                                let target = href.trim_start_matches('#').to_owned();
                                view! { <li><a href=href on:click=move |ev| focus_field(ev, &target)>{message}</a></li> }
                            })
                            .collect_view()}
                    </ul>
                </div>
            </div>
        </div>
    }
}

/// Moves focus to the field with id `target`, as the NHS.UK error summary does.
fn focus_field(ev: leptos::ev::MouseEvent, target: &str) {
    use leptos::wasm_bindgen::JsCast;
    let field = document()
        .get_element_by_id(target)
        .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlElement>().ok());
    if let Some(field) = field {
        ev.prevent_default();
        field.scroll_into_view();
        let _ = field.focus();
    }
}
