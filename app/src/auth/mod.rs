//! Who is calling. Every server function asks [`caller`] first, so access rules have one
//! place to live.

#[cfg(feature = "ssr")]
mod caller;
#[cfg(feature = "ssr")]
pub use caller::{caller, Caller};
#[cfg(feature = "ssr")]
pub mod password;
