//! The LDA team's triage inbox: referrals by status and age, one referral with its
//! history, contacts, notes and outcome, and accepting someone onto the register.

mod accept;
mod accept_page;
mod inbox;
mod inbox_page;
mod referral_page;
mod steps;

pub use accept::{accept_referral, AcceptReferral};
pub use accept_page::AcceptPage;
pub use inbox::{open_referral, referral_inbox};
pub use inbox_page::InboxPage;
pub use referral_page::ReferralPage;
pub use steps::{record_triage, RecordTriage};
