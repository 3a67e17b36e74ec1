//! The Digital Dynamic Support Register: pages, server functions and the shared typed
//! models used by both the server (`ssr`) and the browser (`hydrate`).

pub mod error;
pub mod models;
#[cfg(feature = "ssr")]
pub mod store;
