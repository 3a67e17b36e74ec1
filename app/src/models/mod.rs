//! Typed domain models shared by the server and the WASM client.

mod account;
mod action;
mod age_group;
mod audit_line;
mod brief_view;
mod change;
pub(crate) mod checks;
mod consent;
mod ctr;
mod diagnosis;
mod email;
mod form_checks;
mod history;
mod leaving;
mod links;
mod meeting;
mod needs_filter;
mod nhs_number;
mod person;
mod policy;
mod rating;
mod rationale;
mod referral;
mod review;
mod risk_factor;
mod sections;
mod setting;
mod since_last;
mod text_case;
mod uk_time;
mod working_days;

pub use account::{
    AccountStatus, Agency, Approval, ListedAccount, Me, OpenSession, Role, Sector, StaffMember,
};
pub use action::{
    Action, ActionAnswers, ActionId, ActionLine, ActionOwner, ActionSource, ActionStatus,
    ActionUpdate, ActionUpdateAnswers, MyActionList, OwnerChoice, SavedAction, ACTION_TEXT_MAX,
};
pub use age_group::{
    age_on, birthday, child_born_after, is_keyworker_age, keyworker_age_born_after, AgeGroup,
    KEYWORKER_MAX_AGE,
};
pub use audit_line::{viewers, AuditLine, Viewer};
pub use brief_view::BriefView;
pub use change::{BoardChange, BriefChange, ChairElsewhere, ChangeKind, FeedEntry};
pub use consent::{
    recheck_due, sixteenth_birthday, ConsentAnswers, ConsentStanding, CONSENT_LONG_MAX,
    CONSENT_SHORT_MAX, DEFAULT_RECHECK_MONTHS, RECHECK_DUE_WITHIN_DAYS,
};
pub use ctr::{
    ConsentBasis, ConsentToCtrAnswers, Ctr, CtrConsent, CtrDates, CtrHeld, CtrId, CtrKind,
    CtrOutcome, CtrPlan, HeldAnswers, PanelMember, PlanAnswers, SavedCtr, PLAN_AHEAD_YEARS,
};
pub use diagnosis::Diagnosis;
pub use email::{
    email_pieces, has_hidden_characters, is_hidden_character, looks_like_email, EmailPiece,
};
pub use form_checks::{
    bounded_text, has_control_characters, looks_like_phone, past_date, EMAIL_SHAPE,
    HIDDEN_CHARACTERS, PHONE_SHAPE,
};
pub use history::{FieldChange, HistoryEntry, RecordPast, RecordedConsent};
pub use leaving::{ClosedRecord, Departure, DepartureAnswers, LeavingReason, RecordedDeparture};
pub use links::{LinkedProfessional, RecordLinks};
pub use meeting::{
    check_attendee, check_circulated_on, check_held_on, closed_for_recording, Attendee, AttendeeId,
    EntryAnswers, EntryId, EntryKind, MeetingEntry, MeetingId, MeetingRecord, NewEntry,
    MAX_ATTENDEES, MAX_ENTRIES, MEETING_PAST_DAYS,
};
pub use needs_filter::NeedsFilter;
pub use nhs_number::{NhsNumber, NhsNumberError};
#[cfg(test)]
pub(crate) use person::{test_card, test_person};
pub use person::{
    ActionCounts, BoardCard, BriefCard, CardDetail, Person, PersonId, RatingChange, ShownCard,
};
pub use policy::{
    last_discharge, Admission, ClockState, DueItem, DueStatus, NextDue, PolicyDue,
    PolicyTimescales, Rule,
};
pub use rating::Rating;
pub use rationale::{Rationale, RationaleError, RATIONALE_MAX_CHARS};
pub use referral::{
    check_question, validate as validate_referral, ChildView, Consent, ConsentAnswer, ConsentKind,
    ConsentRecord, Contact, ContactPreference, DuplicateReferral, ForWhom, PossibleDuplicate,
    ProfessionalDetail, Question, Referral, ReferralAnswers, ReferralEvent, ReferralRecord,
    ReferralStatus, ReferralSummary, ReferralTerms, Urgency, DUPLICATES_SHOWN, LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
};
pub use review::{RecordedReview, Review, ReviewAnswers, ReviewIntervals, NEXT_REVIEW_MAX_DAYS};
pub use risk_factor::RiskFactor;
pub use sections::{
    keyworker_eligible, ContactAnswers, ContactMethod, Contacts, Details, DetailsAnswers,
    DiagnosisSection, EthnicCategory, FamilyContact, Home, HomeAnswers, Inpatient, Keyworker,
    MhaStatus, Narrative, NotedRisk, Placement, RiskFactors, RootCauseReview, SavedSection,
    Section, SectionBody, SectionKind, Security, Sex, Ward, MAX_CONTACTS, RISK_NOTE_MAX,
};
pub use setting::Setting;
pub use since_last::{since_marks, SinceFacts, SinceMark};
pub use text_case::{capitalised, count_of, in_sentence};
pub use uk_time::{format_date, format_date_time, is_bst, to_uk, uk_day_start, uk_today, MONTHS};
pub use working_days::{add_working_days, is_bank_holiday, working_days_between};

/// Implements `code`, `label`, `ALL`, `options`, `FromStr` and `Display` for a fieldless enum whose
/// variants are stored and sent as short lower-case codes.
macro_rules! coded_enum {
    ($name:ident { $($variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        impl $name {
            /// Every variant, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database and sent in forms.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The words shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// A form's choices: every code with its words, in display order.
            pub fn options() -> Vec<(String, String)> {
                Self::ALL.iter().map(|v| (v.code().to_owned(), v.label().to_owned())).collect()
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::models::UnknownCode;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.trim().to_ascii_lowercase().as_str() {
                    $($code => Ok($name::$variant),)+
                    _ => Err(crate::models::UnknownCode(s.chars().take(40).collect())),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}
pub(crate) use coded_enum;

/// Declares a random identifier chosen when a form is first drawn (so a repeated send of
/// the same new thing is recognised), shown and parsed as a hyphenated UUID.
macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub struct $name(pub uuid::Uuid);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                uuid::Uuid::parse_str(s.trim()).map($name)
            }
        }
    };
}
pub(crate) use uuid_id;

/// A code that names no variant of a coded enum.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown value {0:?}")]
pub struct UnknownCode(pub String);
