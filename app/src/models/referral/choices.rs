//! The fixed choices on a referral form, stored and sent as short codes.

use crate::models::coded_enum;
use serde::{Deserialize, Serialize};

/// Who a family's referral is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForWhom {
    /// The person filling in the form.
    Myself,
    /// Their child (of any age).
    MyChild,
}

coded_enum!(ForWhom {
    Myself => ("myself", "Myself"),
    MyChild => ("my_child", "My child"),
});

/// How someone would like to be contacted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactPreference {
    /// A phone call.
    Phone,
    /// An email.
    Email,
    /// Either is fine.
    Either,
}

coded_enum!(ContactPreference {
    Phone => ("phone", "Phone call"),
    Email => ("email", "Email"),
    Either => ("either", "Either is fine"),
});

/// How soon the referrer says help is needed: triage sees the most urgent first.
/// Referrals sent before the question was asked read as not urgent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Things are getting worse quickly: help is needed within days.
    Urgent,
    /// Help is needed within the next few weeks.
    Soon,
    /// Help can wait longer.
    #[default]
    NotUrgent,
}

coded_enum!(Urgency {
    Urgent => ("urgent", "Urgent (help needed in the next few days)"),
    Soon => ("soon", "Soon (help needed in the next few weeks)"),
    NotUrgent => ("not_urgent", "Not urgent"),
});

/// The agreement given on the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentAnswer {
    /// The person (16 or over) agrees.
    OwnAgreement,
    /// For an under-16: someone with parental responsibility agrees.
    ParentalAgreement,
    /// The person (16 or over) may not be able to decide: the team follows up under the
    /// Mental Capacity Act.
    MayLackCapacity,
    /// Nobody agrees: the referral cannot be sent.
    NoAgreement,
}

coded_enum!(ConsentAnswer {
    OwnAgreement => ("own", "The person agrees"),
    ParentalAgreement => ("parental", "Someone with parental responsibility agrees"),
    MayLackCapacity => ("may_lack_capacity", "The person may not be able to decide this"),
    NoAgreement => ("no", "No agreement"),
});

/// What an under-16 thinks about joining the register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChildView {
    /// They are happy to join.
    Agrees,
    /// They do not want to join.
    DoesNotAgree,
    /// They could not say, or were not able to be asked.
    CouldNotSay,
}

coded_enum!(ChildView {
    Agrees => ("agrees", "They are happy to join"),
    DoesNotAgree => ("does_not_agree", "They do not want to join"),
    CouldNotSay => ("could_not_say", "They could not tell us, or could not be asked"),
});

/// Where a referral is in triage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralStatus {
    /// Received, not yet looked at.
    New,
    /// Being looked at.
    InTriage,
    /// Waiting for more information.
    MoreInformation,
    /// Added to the register.
    Accepted,
    /// Not eligible, with a reason.
    NotEligible,
}

coded_enum!(ReferralStatus {
    New => ("new", "New"),
    InTriage => ("in_triage", "In triage"),
    MoreInformation => ("more_information", "More information needed"),
    Accepted => ("accepted", "Accepted"),
    NotEligible => ("not_eligible", "Not eligible"),
});

impl ReferralStatus {
    /// Whether triage has finished.
    pub fn is_closed(self) -> bool {
        matches!(self, ReferralStatus::Accepted | ReferralStatus::NotEligible)
    }
}
