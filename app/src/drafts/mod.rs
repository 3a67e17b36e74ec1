//! Forms whose answers survive closed tabs, crashes and lost connections.
//!
//! A [`DraftForm`] keeps every answer in the browser's local storage as it is typed,
//! under the form's name, with an idempotency key chosen once per draft. A staff form's
//! draft is kept under the signed-in account, deleted at sign-out
//! ([`delete_staff_drafts`]) and when another account opens the form, and never sent
//! under another account. Sending marks
//! the draft queued first: a send made offline, or one that fails on the network, stays
//! queued and goes again when the browser is back online or the page is next opened.
//! The draft is deleted only once the server has confirmed it, and drafts expire.
//! Nothing here runs on the server: until the page is interactive the form shows only
//! what the server kept for it, if anything (a self-referral begun without JavaScript).

mod browser;
mod draft_form;
#[cfg(feature = "hydrate")]
mod form_fields;
mod notice;
#[cfg(feature = "hydrate")]
mod staff_draft;
mod staff_form;

pub use draft_form::{delete_staff_drafts, DraftForm, DraftState, Owner, Sender};
pub use notice::{DraftNotice, ResumeChoice, WaitingPanel};
pub use staff_form::DraftedForm;
