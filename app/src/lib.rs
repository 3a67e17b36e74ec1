//! The Digital Dynamic Support Register: pages, server functions and the shared typed
//! models used by both the server (`ssr`) and the browser (`hydrate`).

#![recursion_limit = "256"]

pub mod accounts;
pub mod actions;
mod app;
pub mod audit_trail;
pub mod auth;
pub mod drafts;
pub mod error;
pub mod feed;
pub mod figures;
pub mod layout;
pub mod meeting;
#[cfg(feature = "ssr")]
pub mod metrics;
pub mod models;
pub mod pages;
pub mod people;
#[cfg(feature = "ssr")]
mod random_code;
pub mod referrals;
pub mod register;
#[cfg(feature = "ssr")]
pub mod sealed;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod store;

#[cfg(feature = "ssr")]
pub use app::page_policy;
pub use app::{shell, App};

/// The browser entry point: attaches to the server-rendered page (waiting for the code of a
/// lazily loaded page first), then, once the effects that hydration scheduled have run
/// (the board swaps in its live cards), marks the body `data-hydrated` so browser tests
/// know the page is interactive.
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let mounted = leptos::mount::hydrate_from_async(
            leptos::prelude::document().body().expect("a body"),
            App,
        )
        .await;
        mounted.forget();
        leptos::prelude::set_timeout(
            || {
                if let Some(body) = leptos::prelude::document().body() {
                    let _ = body.set_attribute("data-hydrated", "");
                }
            },
            std::time::Duration::ZERO,
        );
    });
}
