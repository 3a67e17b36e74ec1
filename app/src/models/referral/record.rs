//! Referrals as the triage inbox shows them, and consent records.

use super::{Referral, ReferralStatus, Urgency};
use crate::models::{coded_enum, PersonId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One line of the triage inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralSummary {
    /// Identifier.
    pub id: String,
    /// The reference the referrer was given.
    pub reference: String,
    /// Whether a professional sent it.
    pub from_professional: bool,
    /// Where it is in triage.
    pub status: ReferralStatus,
    /// The person's name.
    pub name: String,
    /// The person's date of birth.
    pub date_of_birth: NaiveDate,
    /// When it arrived.
    pub received_at: DateTime<Utc>,
    /// Working days since it arrived (see [`crate::models::working_days_between`]).
    pub working_days: u32,
    /// Whether it is open, nobody has been in touch yet, and the contact target has passed.
    pub overdue: bool,
    /// How soon the referrer says help is needed.
    pub urgency: Urgency,
    /// Other open referrals that may be for the same person (none once it is closed): the
    /// first [`DUPLICATES_SHOWN`] of them.
    pub duplicate_referrals: Vec<DuplicateReferral>,
    /// How many more there are than those shown.
    pub more_duplicates: usize,
}

/// Possible duplicate referrals named on an inbox line or a referral's page; any more are
/// counted ("and 12 more"), so a flood of look-alike referrals cannot swell every line.
pub const DUPLICATES_SHOWN: usize = 3;

/// Another open referral with the same name (ignoring case and spaces) and date of birth.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateReferral {
    /// Its identifier.
    pub id: String,
    /// Its reference.
    pub reference: String,
}

/// A referral opened in triage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralRecord {
    /// The inbox line.
    pub summary: ReferralSummary,
    /// The answers.
    pub referral: Referral,
    /// The professional who referred, with their agency.
    pub referrer: Option<String>,
    /// Contacts, notes and changes of status, oldest first.
    pub events: Vec<ReferralEvent>,
    /// The person on the register, once accepted.
    pub person: Option<PersonId>,
    /// Version, for refusing stale changes.
    pub version: i64,
    /// People already on the register who may be the same person.
    pub possible_duplicates: Vec<PossibleDuplicate>,
}

/// Something done in triage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralEvent {
    /// What kind: `contact`, `note` or `status`.
    pub kind: String,
    /// The new status, for a change of status.
    pub status: Option<ReferralStatus>,
    /// What was recorded.
    pub body: String,
    /// Who.
    pub actor: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// Someone on the register who may be the person referred.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PossibleDuplicate {
    /// Who.
    pub person: PersonId,
    /// Their name.
    pub name: String,
    /// Their date of birth.
    pub date_of_birth: NaiveDate,
    /// Why they match: `NHS number`, or `name and date of birth`.
    pub matched_on: String,
}

/// Whether a person agreed, or a best-interests decision was made for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentKind {
    /// The person, or someone with parental responsibility, agreed.
    Consent,
    /// The person lacks capacity: a Mental Capacity Act best-interests decision.
    BestInterests,
}

coded_enum!(ConsentKind {
    Consent => ("consent", "Consent given"),
    BestInterests => ("best_interests", "Best-interests decision"),
});

/// A consent record on a person's file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    /// Consent or a best-interests decision.
    pub kind: ConsentKind,
    /// Who consented, or who made the decision.
    pub given_by: String,
    /// How consent was given, or the decision-maker's role.
    pub method: String,
    /// When.
    pub decided_on: NaiveDate,
    /// Notes, or why the decision is in their best interests.
    pub reason: String,
}

impl ConsentRecord {
    /// The record as label and value rows, for a summary list.
    pub fn rows(&self) -> Vec<(String, String)> {
        let best_interests = self.kind == ConsentKind::BestInterests;
        let who = if best_interests {
            "Decided by"
        } else {
            "Given by"
        };
        let mut rows = vec![
            ("Basis".to_owned(), self.kind.label().to_owned()),
            (
                who.to_owned(),
                format!("{} ({})", self.given_by, self.method),
            ),
            (
                "Date".to_owned(),
                crate::models::format_date(self.decided_on),
            ),
        ];
        if !self.reason.is_empty() {
            let why = if best_interests { "Why" } else { "Notes" };
            rows.push((why.to_owned(), self.reason.clone()));
        }
        rows
    }
}

/// What a referrer is told about timescales, from the settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralTerms {
    /// Working days within which the LDA team aims to make contact (default 5).
    pub contact_days: u32,
    /// Days an unsent draft is kept in the browser (default 7).
    pub draft_days: u32,
}

impl Default for ReferralTerms {
    fn default() -> Self {
        ReferralTerms {
            contact_days: 5,
            draft_days: 7,
        }
    }
}
