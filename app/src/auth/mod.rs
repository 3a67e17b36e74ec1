//! Signing in and who may do what: sessions, passwords, second factors and access rules.
//! Every server function asks [`caller`] first, then [`access`], so the rules live here.

#[cfg(feature = "ssr")]
pub mod access;
#[cfg(feature = "ssr")]
pub mod approval;
#[cfg(feature = "ssr")]
pub mod audit_detail;
#[cfg(feature = "ssr")]
mod caller;
#[cfg(feature = "ssr")]
pub mod client;
pub mod enrolment;
pub mod guard;
#[cfg(feature = "ssr")]
pub mod lockout;
pub mod login;
#[cfg(feature = "ssr")]
pub mod operator;
#[cfg(feature = "ssr")]
pub mod password;
pub mod reset;
#[cfg(feature = "ssr")]
pub mod session;
pub mod shown_once;
pub mod sign_out;
pub mod signed_in;
#[cfg(feature = "ssr")]
pub mod totp;
pub mod two_factor;
#[cfg(feature = "ssr")]
pub mod view_audit;
pub mod wire;

#[cfg(feature = "ssr")]
pub use caller::{caller, Caller};
#[cfg(feature = "ssr")]
pub use client::client_address;
