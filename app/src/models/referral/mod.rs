//! Referrals to the register: the answers as typed (kept in a browser draft), the
//! questions that ask for them, and the checked referral both sides agree on.

mod answers;
mod choices;
mod record;
mod validate;

pub use answers::{Question, ReferralAnswers};
pub use choices::{ChildView, ConsentAnswer, ContactPreference, ForWhom, ReferralStatus, Urgency};
pub use record::{
    ConsentKind, ConsentRecord, DuplicateReferral, PossibleDuplicate, ReferralEvent,
    ReferralRecord, ReferralSummary, ReferralTerms, DUPLICATES_SHOWN,
};
pub use validate::{check_question, validate, LONG_TEXT_MAX, SHORT_TEXT_MAX};

use super::{Diagnosis, NhsNumber, Rating, RiskFactor, Setting};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A referral whose every answer has been checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    /// Who the family is referring; `None` on a professional's referral.
    pub for_whom: Option<ForWhom>,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Date of birth (in the past).
    pub date_of_birth: NaiveDate,
    /// NHS number, when known.
    pub nhs_number: Option<NhsNumber>,
    /// Diagnosis, or awaiting assessment.
    pub diagnosis: Diagnosis,
    /// Where they live now.
    pub setting: Setting,
    /// What is happening and why help is needed.
    pub whats_happening: String,
    /// How soon help is needed (not urgent on a referral sent before it was asked).
    #[serde(default)]
    pub urgency: Urgency,
    /// Who else is involved (may be empty).
    pub others_involved: String,
    /// How to get in touch.
    pub contact: Contact,
    /// Agreement to be on the register.
    pub consent: Consent,
    /// What a professional adds.
    pub professional: Option<ProfessionalDetail>,
}

/// Contact details and preferences.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Who to contact.
    pub name: String,
    /// Telephone number (may be empty when an email is given).
    pub phone: String,
    /// Email address (may be empty when a phone number is given).
    pub email: String,
    /// How they would like to be contacted.
    pub preference: ContactPreference,
    /// Best times, or anything else the team should know (may be empty).
    pub notes: String,
}

/// The consent given on the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    /// Whose agreement, or that the person may lack capacity.
    pub answer: ConsentAnswer,
    /// An under-16's own view, when a parent agreed.
    pub child_view: Option<ChildView>,
    /// The child's view in words (may be empty).
    pub child_view_words: String,
}

/// The questions only a professional is asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfessionalDetail {
    /// Current issues that could lead to an admission.
    pub current_issues: String,
    /// What has been tried.
    pub what_tried: String,
    /// Risk factors present.
    pub risk_factors: Vec<RiskFactor>,
    /// The rating the professional suggests.
    pub suggested_rating: Rating,
}

impl Referral {
    /// Given and family name.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }

    /// Who the referral seems to be for: the name with case and spaces ignored, and the
    /// date of birth. Two open referrals with the same may be for the same person.
    pub fn who(&self) -> (String, NaiveDate) {
        let folded = |name: &str| -> String {
            name.chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect()
        };
        (
            format!("{}|{}", folded(&self.given_name), folded(&self.family_name)),
            self.date_of_birth,
        )
    }
}

impl From<&Referral> for ReferralAnswers {
    /// The answers that give `referral` (to show a stored referral as the form does).
    fn from(r: &Referral) -> Self {
        let detail = r.professional.as_ref();
        ReferralAnswers {
            for_whom: r.for_whom.map(|f| f.code().to_owned()).unwrap_or_default(),
            given_name: r.given_name.clone(),
            family_name: r.family_name.clone(),
            dob_day: r.date_of_birth.format("%-d").to_string(),
            dob_month: r.date_of_birth.format("%-m").to_string(),
            dob_year: r.date_of_birth.format("%Y").to_string(),
            knows_nhs_number: if r.nhs_number.is_some() { "yes" } else { "no" }.to_owned(),
            nhs_number: r
                .nhs_number
                .as_ref()
                .map(|n| n.to_string())
                .unwrap_or_default(),
            diagnosis: r.diagnosis.code().to_owned(),
            setting: r.setting.code().to_owned(),
            whats_happening: r.whats_happening.clone(),
            urgency: r.urgency.code().to_owned(),
            others_involved: r.others_involved.clone(),
            contact_name: r.contact.name.clone(),
            phone: r.contact.phone.clone(),
            email: r.contact.email.clone(),
            contact_preference: r.contact.preference.code().to_owned(),
            contact_notes: r.contact.notes.clone(),
            consent: r.consent.answer.code().to_owned(),
            child_view: r
                .consent
                .child_view
                .map(|v| v.code().to_owned())
                .unwrap_or_default(),
            child_view_words: r.consent.child_view_words.clone(),
            current_issues: detail.map(|d| d.current_issues.clone()).unwrap_or_default(),
            what_tried: detail.map(|d| d.what_tried.clone()).unwrap_or_default(),
            risk_factors: detail
                .map(|d| d.risk_factors.iter().map(|f| f.code().to_owned()).collect())
                .unwrap_or_default(),
            suggested_rating: detail
                .map(|d| d.suggested_rating.code().to_owned())
                .unwrap_or_default(),
        }
    }
}
