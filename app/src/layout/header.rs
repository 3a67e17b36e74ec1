//! The skip link and the NHS.UK header with the service name.

use crate::{
    auth::{sign_out::SignOut, signed_in::use_signed_in},
    models::Role,
};
use leptos::prelude::*;

/// "Skip to main content": the first thing a keyboard user reaches.
#[component]
pub fn SkipLink() -> impl IntoView {
    // Without JavaScript the browser follows the link itself; with it, the router would
    // take the click, so focus is moved here.
    let skip = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        focus_main();
    };
    view! { <a class="nhsuk-skip-link" href="#maincontent" on:click=skip>"Skip to main content"</a> }
}

/// Moves focus to the page's main content (as following the skip link, or a new page,
/// would), so keyboard and screen reader users start there.
pub fn focus_main() {
    #[cfg(feature = "hydrate")]
    if let Some(main) = document()
        .get_element_by_id("maincontent")
        .and_then(|el| leptos::wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
    {
        let _ = main.set_attribute("tabindex", "-1");
        let _ = main.focus();
    }
}

/// The header: NHS logo and the service's name, both linking home, and the links for
/// whoever is signed in (or "Sign in").
#[component]
pub fn Header() -> impl IntoView {
    let me = use_signed_in().0;
    let links = move || {
        Suspend::new(async move {
            let me = me.await.ok().flatten();
            let mut items: Vec<(&str, &str)> = Vec::new();
            match me.as_ref().map(|m| m.role) {
                None => items.push(("/login", "Sign in")),
                Some(Role::Admin) => items.extend([
                    ("/admin/accounts", "Accounts"),
                    ("/admin/settings", "Settings"),
                    ("/admin/audit", "Audit trail"),
                    ("/figures", "Figures"),
                ]),
                Some(Role::Coordinator) => items.extend([
                    ("/register", "Register board"),
                    ("/register/meeting", "DSR meeting"),
                    ("/actions", "My actions"),
                    ("/triage", "Referrals"),
                    ("/figures", "Figures"),
                ]),
                Some(Role::Professional) => items.extend([
                    ("/register", "Register board"),
                    ("/register/meeting", "DSR meeting"),
                    ("/actions", "My actions"),
                    ("/register/refer", "Refer someone"),
                ]),
                Some(Role::Commissioner) => items.push(("/figures", "Figures")),
            }
            if me.is_some() {
                items.push(("/account/sessions", "Your account"));
            }
            view! {
                {items.into_iter().map(|(href, words)| view! {
                    <li class="nhsuk-header__navigation-item">
                        <a class="nhsuk-header__navigation-link" href=href>{words}</a>
                    </li>
                }).collect_view()}
                {me.map(|m| view! {
                    <li class="nhsuk-header__navigation-item dsr-signed-in">
                        <span class="dsr-signed-in__name">{m.name}</span>
                        <SignOut/>
                    </li>
                })}
            }
        })
    };
    view! {
        <header class="nhsuk-header" role="banner">
            <div class="nhsuk-header__container nhsuk-width-container">
                <div class="nhsuk-header__service">
                    <a class="nhsuk-header__service-logo" href="/" aria-label="Dynamic Support Register homepage">
                        <svg class="nhsuk-header__logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" height="40" width="100" focusable="false" role="img" aria-label="NHS">
                            <title>"NHS"</title>
                            <path fill="currentcolor" d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"></path>
                        </svg>
                    </a>
                    <a class="nhsuk-header__service-name" href="/">"Dynamic Support Register"</a>
                </div>
            </div>
            <nav class="nhsuk-header__navigation" aria-label="Menu">
                <div class="nhsuk-header__navigation-container nhsuk-width-container">
                    <ul class="nhsuk-header__navigation-list">
                        <Suspense>{links}</Suspense>
                    </ul>
                </div>
            </nav>
        </header>
    }
}
