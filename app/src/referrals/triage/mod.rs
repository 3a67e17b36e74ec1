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

/// How long ago a referral arrived, in working days: "less than 1 working day ago" for one
/// received today (or over a weekend), "1 working day ago", "3 working days ago".
fn working_days_ago(days: u32) -> String {
    if days == 0 {
        "less than 1 working day ago".to_owned()
    } else {
        format!(
            "{} ago",
            crate::models::count_of(days, "working day", "working days")
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_referral_from_today_is_less_than_a_working_day_old() {
        assert_eq!(super::working_days_ago(0), "less than 1 working day ago");
        assert_eq!(super::working_days_ago(1), "1 working day ago");
        assert_eq!(super::working_days_ago(3), "3 working days ago");
    }
}
