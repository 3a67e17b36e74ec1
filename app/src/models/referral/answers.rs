//! The answers as typed, before they are checked, and the questions that ask for them.
//! These are what a browser draft keeps, so every field is plain text.

use serde::{Deserialize, Serialize};

/// Every answer on a referral form, as typed. Missing fields read as empty, so a draft
/// saved by an older version of the form still opens.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReferralAnswers {
    /// `myself` or `my_child` (families only).
    pub for_whom: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Day of birth.
    pub dob_day: String,
    /// Month of birth.
    pub dob_month: String,
    /// Year of birth.
    pub dob_year: String,
    /// `yes` or `no`.
    pub knows_nhs_number: String,
    /// The NHS number, when known.
    pub nhs_number: String,
    /// A diagnosis code.
    pub diagnosis: String,
    /// A setting code.
    pub setting: String,
    /// What is happening and why help is needed.
    pub whats_happening: String,
    /// An urgency code.
    pub urgency: String,
    /// Who else is involved.
    pub others_involved: String,
    /// Who to contact.
    pub contact_name: String,
    /// Telephone number.
    pub phone: String,
    /// Email address.
    pub email: String,
    /// A contact preference code.
    pub contact_preference: String,
    /// Best times, or anything else to know.
    pub contact_notes: String,
    /// A consent answer code.
    pub consent: String,
    /// A child's view code.
    pub child_view: String,
    /// The child's view in words.
    pub child_view_words: String,
    /// Current issues (professionals).
    pub current_issues: String,
    /// What has been tried (professionals).
    pub what_tried: String,
    /// Risk factor codes (professionals).
    pub risk_factors: Vec<String>,
    /// A suggested rating code (professionals).
    pub suggested_rating: String,
}

impl ReferralAnswers {
    /// The text answer `field` (empty for an unknown field).
    pub fn get(&self, field: &str) -> String {
        self.clone()
            .slot(field)
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// Sets the text answer `field` to `value` (an unknown field is ignored).
    pub fn set(&mut self, field: &str, value: String) {
        if let Some(slot) = self.slot(field) {
            *slot = value;
        }
    }

    /// The text answer `field`, to change it.
    fn slot(&mut self, field: &str) -> Option<&mut String> {
        Some(match field {
            "for_whom" => &mut self.for_whom,
            "given_name" => &mut self.given_name,
            "family_name" => &mut self.family_name,
            "dob_day" => &mut self.dob_day,
            "dob_month" => &mut self.dob_month,
            "dob_year" => &mut self.dob_year,
            "knows_nhs_number" => &mut self.knows_nhs_number,
            "nhs_number" => &mut self.nhs_number,
            "diagnosis" => &mut self.diagnosis,
            "setting" => &mut self.setting,
            "whats_happening" => &mut self.whats_happening,
            "urgency" => &mut self.urgency,
            "others_involved" => &mut self.others_involved,
            "contact_name" => &mut self.contact_name,
            "phone" => &mut self.phone,
            "email" => &mut self.email,
            "contact_preference" => &mut self.contact_preference,
            "contact_notes" => &mut self.contact_notes,
            "consent" => &mut self.consent,
            "child_view" => &mut self.child_view,
            "child_view_words" => &mut self.child_view_words,
            "current_issues" => &mut self.current_issues,
            "what_tried" => &mut self.what_tried,
            "suggested_rating" => &mut self.suggested_rating,
            _ => return None,
        })
    }
}

/// One page of the referral form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Question {
    /// Who is it for (families only).
    ForWhom,
    /// Their name.
    Name,
    /// Their date of birth.
    DateOfBirth,
    /// Their NHS number, if known.
    NhsNumber,
    /// Their diagnosis.
    Diagnosis,
    /// Where they live now.
    Home,
    /// What is happening.
    WhatsHappening,
    /// How urgent it is.
    Urgency,
    /// Current issues and what has been tried (professionals).
    CurrentIssues,
    /// Risk factors and a suggested rating (professionals).
    Risk,
    /// Who else is involved.
    OthersInvolved,
    /// Contact details and preferences.
    Contact,
    /// Agreement to be on the register.
    Consent,
}

impl Question {
    /// A family's questions, in order.
    pub const FAMILY: &'static [Question] = &[
        Question::ForWhom,
        Question::Name,
        Question::DateOfBirth,
        Question::NhsNumber,
        Question::Diagnosis,
        Question::Home,
        Question::WhatsHappening,
        Question::Urgency,
        Question::OthersInvolved,
        Question::Contact,
        Question::Consent,
    ];

    /// A professional's questions, in order.
    pub const PROFESSIONAL: &'static [Question] = &[
        Question::Name,
        Question::DateOfBirth,
        Question::NhsNumber,
        Question::Diagnosis,
        Question::Home,
        Question::WhatsHappening,
        Question::Urgency,
        Question::CurrentIssues,
        Question::Risk,
        Question::OthersInvolved,
        Question::Contact,
        Question::Consent,
    ];

    /// The questions of a family's (`professional` false) or a professional's form.
    pub fn all(professional: bool) -> &'static [Question] {
        if professional {
            Question::PROFESSIONAL
        } else {
            Question::FAMILY
        }
    }

    /// The page's name in the address (`?page=`).
    pub fn slug(self) -> &'static str {
        match self {
            Question::ForWhom => "who",
            Question::Name => "name",
            Question::DateOfBirth => "date-of-birth",
            Question::NhsNumber => "nhs-number",
            Question::Diagnosis => "diagnosis",
            Question::Home => "home",
            Question::WhatsHappening => "whats-happening",
            Question::Urgency => "urgency",
            Question::CurrentIssues => "current-issues",
            Question::Risk => "risk",
            Question::OthersInvolved => "others-involved",
            Question::Contact => "contact",
            Question::Consent => "consent",
        }
    }

    /// The question named `slug` on this form.
    pub fn from_slug(slug: &str, professional: bool) -> Option<Question> {
        Question::all(professional)
            .iter()
            .copied()
            .find(|q| q.slug() == slug)
    }

    /// The fields this page asks for, in the order they appear.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Question::ForWhom => &["for_whom"],
            Question::Name => &["given_name", "family_name"],
            Question::DateOfBirth => &["dob_day", "dob_month", "dob_year"],
            Question::NhsNumber => &["knows_nhs_number", "nhs_number"],
            Question::Diagnosis => &["diagnosis"],
            Question::Home => &["setting"],
            Question::WhatsHappening => &["whats_happening"],
            Question::Urgency => &["urgency"],
            Question::CurrentIssues => &["current_issues", "what_tried"],
            Question::Risk => &["risk_factors", "suggested_rating"],
            Question::OthersInvolved => &["others_involved"],
            Question::Contact => &[
                "contact_name",
                "phone",
                "email",
                "contact_preference",
                "contact_notes",
            ],
            Question::Consent => &["consent", "child_view", "child_view_words"],
        }
    }

    /// The question that asks for `field`.
    pub fn asking(field: &str) -> Option<Question> {
        Question::PROFESSIONAL
            .iter()
            .chain(Question::FAMILY)
            .copied()
            .find(|q| q.fields().contains(&field))
    }
}
