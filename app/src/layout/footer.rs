//! The footer, with the accessibility statement.

use leptos::prelude::*;

/// The site footer.
#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="nhsuk-footer" role="contentinfo">
            <div class="nhsuk-width-container">
                <div class="nhsuk-footer__meta">
                    <h2 class="nhsuk-u-visually-hidden">"Support links"</h2>
                    <ul class="nhsuk-footer__list">
                        <li class="nhsuk-footer__list-item">
                            <a class="nhsuk-footer__list-item-link" href="/accessibility">"Accessibility statement"</a>
                        </li>
                    </ul>
                    <p class="nhsuk-body-s">"Run by your Integrated Care Board's learning disability and autism team"</p>
                </div>
            </div>
        </footer>
    }
}
