//! Referrals: the public self-referral form, professionals' referrals, and the LDA
//! team's triage inbox that takes people onto the register.

mod copy_answers;
mod form;
#[cfg(feature = "ssr")]
pub mod kept;
#[cfg(feature = "ssr")]
pub mod plain_post;
mod submit;
pub mod triage;
pub mod wire;

pub use form::{answer_rows, AnswerList, ReferralForm, Subject};
pub use submit::{submit_referral, SubmitReferral};
pub use wire::Receipt;
