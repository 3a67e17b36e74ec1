//! Checking referral answers: the same rules in the browser (page by page, as the form
//! is filled in) and on the server (the whole referral, before anything is stored).

use super::{
    ChildView, Consent, ConsentAnswer, Contact, ContactPreference, ForWhom, ProfessionalDetail,
    Question, Referral, ReferralAnswers, Urgency,
};
use crate::{
    error::FieldError,
    models::{
        age_on, looks_like_email, looks_like_phone, Diagnosis, NhsNumber, NhsNumberError, Rating,
        RiskFactor, Setting, EMAIL_SHAPE, PHONE_SHAPE,
    },
};
use chrono::{Datelike, NaiveDate};

/// Most characters in a name, telephone number or email address.
pub const SHORT_TEXT_MAX: usize = 100;
/// Most characters in a free-text answer.
pub const LONG_TEXT_MAX: usize = 2000;
/// The earliest year of birth accepted.
const EARLIEST_YEAR: i32 = 1900;

/// The problems with the answers on one page of the form, as of `today`.
pub fn check_question(
    question: Question,
    answers: &ReferralAnswers,
    professional: bool,
    today: NaiveDate,
) -> Vec<FieldError> {
    match validate(answers, professional, today) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .into_iter()
            .filter(|e| question.fields().contains(&e.field.as_str()))
            .collect(),
    }
}

/// Checks every answer of a family's (`professional` false) or a professional's referral
/// as of `today`: the checked referral, or every problem, field by field, in form order.
pub fn validate(
    answers: &ReferralAnswers,
    professional: bool,
    today: NaiveDate,
) -> Result<Referral, Vec<FieldError>> {
    let mut c = Checker::default();
    let a = answers;
    let for_whom = if professional {
        None
    } else {
        c.choice::<ForWhom>("for_whom", &a.for_whom, "Select who the referral is for")
    };
    let given_name = c.text(
        "given_name",
        &a.given_name,
        "first name",
        SHORT_TEXT_MAX,
        true,
    );
    let family_name = c.text(
        "family_name",
        &a.family_name,
        "last name",
        SHORT_TEXT_MAX,
        true,
    );
    let date_of_birth = c.date_of_birth(a, today);
    let nhs_number = match a.knows_nhs_number.as_str() {
        "yes" => match a.nhs_number.parse::<NhsNumber>() {
            Ok(n) => Some(Some(n)),
            Err(e) => c.fail("nhs_number", nhs_number_problem(e)),
        },
        "no" => Some(None),
        _ => c.fail("knows_nhs_number", "Select yes if you know the NHS number"),
    };
    let diagnosis = c.choice::<Diagnosis>("diagnosis", &a.diagnosis, "Select the diagnosis");
    let setting = c.choice::<Setting>("setting", &a.setting, "Select where they live now");
    let whats_happening = c.text(
        "whats_happening",
        &a.whats_happening,
        "what is happening",
        LONG_TEXT_MAX,
        true,
    );
    let urgency = c.choice::<Urgency>("urgency", &a.urgency, "Select how urgent this is");
    let professional_detail = professional.then(|| c.professional(a)).flatten();
    let others_involved = c.text(
        "others_involved",
        &a.others_involved,
        "who else is involved",
        LONG_TEXT_MAX,
        false,
    );
    let contact = c.contact(a, for_whom);
    let consent = c.consent(a, date_of_birth.map(|dob| age_on(dob, today)), for_whom);
    // Every missing answer has recorded its problem, so an answer is missing only when
    // there are errors to return.
    let referral = (|| {
        let (given_name, family_name) = (given_name?, family_name?);
        let mut contact = contact?;
        if for_whom == Some(ForWhom::Myself) {
            contact.name = format!("{given_name} {family_name}");
        }
        Some(Referral {
            for_whom,
            given_name,
            family_name,
            date_of_birth: date_of_birth?,
            nhs_number: nhs_number?,
            diagnosis: diagnosis?,
            setting: setting?,
            whats_happening: whats_happening?,
            urgency: urgency?,
            others_involved: others_involved?,
            contact,
            consent: consent?,
            professional: professional_detail,
        })
    })();
    match referral {
        Some(r) if c.errors.is_empty() && professional == r.professional.is_some() => Ok(r),
        _ => Err(c.errors),
    }
}

/// Collects problems while answers are read.
#[derive(Default)]
struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    /// Records a problem with `field`; always `None`, to end a read.
    fn fail<T>(&mut self, field: &str, message: impl Into<String>) -> Option<T> {
        self.errors.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
        None
    }

    /// Trimmed text of at most `max` characters with no hidden characters; empty is a
    /// problem when `required`.
    fn text(
        &mut self,
        field: &str,
        value: &str,
        what: &str,
        max: usize,
        required: bool,
    ) -> Option<String> {
        let value = value.trim();
        if required && value.is_empty() {
            return self.fail(field, format!("Enter {}", with_article(what)));
        }
        if value.chars().count() > max {
            return self.fail(
                field,
                format!("{} must be {max} characters or fewer", capitalise(what)),
            );
        }
        if crate::models::has_control_characters(value) {
            return self.fail(
                field,
                format!("{} {}", capitalise(what), crate::models::HIDDEN_CHARACTERS),
            );
        }
        Some(value.to_owned())
    }

    /// One of a coded enum's values.
    fn choice<T: std::str::FromStr>(
        &mut self,
        field: &str,
        code: &str,
        missing: &str,
    ) -> Option<T> {
        match code.parse() {
            Ok(value) => Some(value),
            Err(_) => self.fail(field, missing),
        }
    }

    /// A real date in the past, from three fields, as the NHS date input asks.
    fn date_of_birth(&mut self, a: &ReferralAnswers, today: NaiveDate) -> Option<NaiveDate> {
        let (day, month, year) = (a.dob_day.trim(), a.dob_month.trim(), a.dob_year.trim());
        if day.is_empty() && month.is_empty() && year.is_empty() {
            return self.fail("dob_day", "Enter their date of birth");
        }
        for (field, value, part) in [
            ("dob_day", day, "a day"),
            ("dob_month", month, "a month"),
            ("dob_year", year, "a year"),
        ] {
            if value.is_empty() {
                return self.fail(field, format!("Date of birth must include {part}"));
            }
        }
        if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
            return self.fail("dob_year", "Year must include 4 numbers");
        }
        let date = match (day.parse(), month.parse(), year.parse()) {
            (Ok(d), Ok(m), Ok(y)) => NaiveDate::from_ymd_opt(y, m, d),
            _ => None,
        };
        match date {
            None => self.fail("dob_day", "Date of birth must be a real date"),
            Some(date) if date > today => self.fail("dob_day", "Date of birth must be in the past"),
            Some(date) if date.year() < EARLIEST_YEAR => self.fail(
                "dob_year",
                format!("Year of birth must be {EARLIEST_YEAR} or later"),
            ),
            Some(date) => Some(date),
        }
    }

    /// Who to contact and how: at least one way, and the one preferred given.
    fn contact(&mut self, a: &ReferralAnswers, for_whom: Option<ForWhom>) -> Option<Contact> {
        let name = if for_whom == Some(ForWhom::Myself) {
            Some(String::new())
        } else {
            self.text(
                "contact_name",
                &a.contact_name,
                "a contact name",
                SHORT_TEXT_MAX,
                true,
            )
        };
        let phone = a.phone.trim();
        let phone_ok = phone.is_empty() || looks_like_phone(phone);
        if !phone_ok {
            self.fail::<()>("phone", PHONE_SHAPE);
        }
        let email = a.email.trim().to_lowercase();
        let email_ok =
            email.is_empty() || (email.len() <= SHORT_TEXT_MAX && looks_like_email(&email));
        if !email_ok {
            self.fail::<()>("email", EMAIL_SHAPE);
        }
        if phone.is_empty() && email.is_empty() {
            self.fail::<()>("phone", "Enter a telephone number or an email address");
        }
        let preference = self.choice::<ContactPreference>(
            "contact_preference",
            &a.contact_preference,
            "Select how you would like us to contact you",
        );
        match preference {
            Some(ContactPreference::Phone) if phone.is_empty() && !email.is_empty() => {
                self.fail::<()>("phone", "Enter a telephone number, or choose email");
            }
            Some(ContactPreference::Email) if email.is_empty() && !phone.is_empty() => {
                self.fail::<()>("email", "Enter an email address, or choose phone call");
            }
            _ => {}
        }
        let notes = self.text(
            "contact_notes",
            &a.contact_notes,
            "anything else about contact",
            500,
            false,
        );
        Some(Contact {
            name: name?,
            phone: phone.to_owned(),
            email,
            preference: preference?,
            notes: notes?,
        })
        .filter(|_| phone_ok && email_ok)
    }

    /// Agreement as the law asks for the person's age (`age` unknown while the date of
    /// birth is wrong): under 16, a parent's agreement and the child's own view; 16 and
    /// over, the person's agreement or that they may lack capacity (not for oneself).
    fn consent(
        &mut self,
        a: &ReferralAnswers,
        age: Option<u32>,
        for_whom: Option<ForWhom>,
    ) -> Option<Consent> {
        let answer = self.choice::<ConsentAnswer>(
            "consent",
            &a.consent,
            "Select whether they agree to join the register",
        )?;
        let age = age?;
        let allowed = match (age < 16, for_whom) {
            (true, _) => answer == ConsentAnswer::ParentalAgreement,
            (false, Some(ForWhom::Myself)) => answer == ConsentAnswer::OwnAgreement,
            (false, _) => matches!(
                answer,
                ConsentAnswer::OwnAgreement | ConsentAnswer::MayLackCapacity
            ),
        };
        if !allowed {
            let message = if answer == ConsentAnswer::NoAgreement {
                "We can only add someone to the register with their agreement. Select yes, or contact the learning disability and autism team to talk it through"
            } else if age < 16 {
                "For someone under 16, select yes if someone with parental responsibility agrees"
            } else {
                "Select whether they agree to join the register"
            };
            return self.fail("consent", message);
        }
        let child_view = if answer == ConsentAnswer::ParentalAgreement {
            Some(self.choice::<ChildView>(
                "child_view",
                &a.child_view,
                "Select what the child thinks about joining",
            )?)
        } else {
            None
        };
        let words = self.text(
            "child_view_words",
            &a.child_view_words,
            "what they said",
            LONG_TEXT_MAX,
            false,
        )?;
        Some(Consent {
            answer,
            child_view,
            child_view_words: if child_view.is_some() {
                words
            } else {
                String::new()
            },
        })
    }

    /// A professional's current issues, what was tried, risk factors and suggested rating.
    fn professional(&mut self, a: &ReferralAnswers) -> Option<ProfessionalDetail> {
        let current_issues = self.text(
            "current_issues",
            &a.current_issues,
            "the current issues",
            LONG_TEXT_MAX,
            true,
        );
        let what_tried = self.text(
            "what_tried",
            &a.what_tried,
            "what has been tried",
            LONG_TEXT_MAX,
            true,
        );
        let mut risk_factors = Vec::new();
        for code in &a.risk_factors {
            match code.parse::<RiskFactor>() {
                Ok(r) if !risk_factors.contains(&r) => risk_factors.push(r),
                Ok(_) => {}
                Err(_) => return self.fail("risk_factors", "Select risk factors from the list"),
            }
        }
        let suggested_rating = self.choice::<Rating>(
            "suggested_rating",
            &a.suggested_rating,
            "Select the rating you suggest",
        );
        Some(ProfessionalDetail {
            current_issues: current_issues?,
            what_tried: what_tried?,
            risk_factors,
            suggested_rating: suggested_rating?,
        })
    }
}

/// What is wrong with an NHS number, in words for someone who may have copied it from a
/// letter, and the way out for someone who does not know it.
fn nhs_number_problem(error: NhsNumberError) -> &'static str {
    match error {
        NhsNumberError::Empty => "Enter the NHS number, or choose 'No' if you do not know it",
        NhsNumberError::NotDigits => "Enter the NHS number using numbers only, like 485 777 3456",
        NhsNumberError::WrongLength => "Enter the NHS number with 10 digits, like 485 777 3456",
        NhsNumberError::CheckDigit => {
            "This is not a real NHS number. Check each digit, or choose 'No' if you do not know it"
        }
    }
}

/// `what` with the article a message needs ("a first name", "what is happening").
fn with_article(what: &str) -> String {
    if what.starts_with("a ")
        || what.starts_with("the ")
        || what.starts_with("what")
        || what.starts_with("who")
        || what.starts_with("anything")
    {
        what.to_owned()
    } else {
        format!("a {what}")
    }
}

/// `what` with a capital first letter, without a leading article.
fn capitalise(what: &str) -> String {
    let what = what
        .strip_prefix("a ")
        .or_else(|| what.strip_prefix("the "))
        .unwrap_or(what);
    let mut chars = what.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
    }

    /// A complete family referral for a 10-year-old.
    pub(crate) fn family() -> ReferralAnswers {
        ReferralAnswers {
            for_whom: "my_child".into(),
            given_name: " Sam ".into(),
            family_name: "Jones".into(),
            dob_day: "3".into(),
            dob_month: "4".into(),
            dob_year: "2016".into(),
            knows_nhs_number: "yes".into(),
            nhs_number: "943 476 5919".into(),
            diagnosis: "autism".into(),
            setting: "family_home".into(),
            whats_happening: "School placement is breaking down".into(),
            urgency: "soon".into(),
            contact_name: "Alex Jones".into(),
            phone: "07700 900982".into(),
            contact_preference: "phone".into(),
            consent: "parental".into(),
            child_view: "agrees".into(),
            ..Default::default()
        }
    }

    fn errors(answers: &ReferralAnswers, professional: bool) -> Vec<(String, String)> {
        match validate(answers, professional, today()) {
            Ok(_) => Vec::new(),
            Err(e) => e.into_iter().map(|e| (e.field, e.message)).collect(),
        }
    }

    #[test]
    fn a_complete_family_referral_is_checked_and_trimmed() {
        let r = validate(&family(), false, today()).unwrap();
        assert_eq!(r.given_name, "Sam");
        assert_eq!(r.nhs_number.unwrap().digits(), "9434765919");
        assert_eq!(
            r.date_of_birth,
            NaiveDate::from_ymd_opt(2016, 4, 3).unwrap()
        );
        assert_eq!(r.consent.child_view, Some(ChildView::Agrees));
        assert!(r.professional.is_none());
    }

    #[rstest]
    #[case::no_for_whom("for_whom", "", "Select who the referral is for")]
    #[case::no_name("given_name", "  ", "Enter a first name")]
    #[case::long_name("family_name", &"x".repeat(101), "Last name must be 100 characters or fewer")]
    #[case::no_day("dob_day", "", "Date of birth must include a day")]
    #[case::short_year("dob_year", "16", "Year must include 4 numbers")]
    #[case::unreal_date("dob_month", "13", "Date of birth must be a real date")]
    #[case::future("dob_year", "2027", "Date of birth must be in the past")]
    #[case::too_old("dob_year", "1899", "Year of birth must be 1900 or later")]
    #[case::bad_check_digit(
        "nhs_number",
        "943 476 5918",
        "This is not a real NHS number. Check each digit, or choose 'No' if you do not know it"
    )]
    #[case::nhs_letters(
        "nhs_number",
        "94347A5919",
        "Enter the NHS number using numbers only, like 485 777 3456"
    )]
    #[case::nhs_short(
        "nhs_number",
        "943 476 591",
        "Enter the NHS number with 10 digits, like 485 777 3456"
    )]
    #[case::nhs_empty(
        "nhs_number",
        " ",
        "Enter the NHS number, or choose 'No' if you do not know it"
    )]
    #[case::no_nhs_answer("knows_nhs_number", "", "Select yes if you know the NHS number")]
    #[case::no_diagnosis("diagnosis", "", "Select the diagnosis")]
    #[case::unknown_setting("setting", "castle", "Select where they live now")]
    #[case::nothing_happening("whats_happening", "", "Enter what is happening")]
    #[case::long_story("whats_happening", &"x".repeat(2001), "What is happening must be 2000 characters or fewer")]
    #[case::no_urgency("urgency", "", "Select how urgent this is")]
    #[case::unknown_urgency("urgency", "yesterday", "Select how urgent this is")]
    #[case::control_character(
        "whats_happening",
        "Crisis\u{7}",
        "What is happening must not include hidden characters: delete it and type it again"
    )]
    #[case::reordered_name(
        "given_name",
        "Sam\u{202e}",
        "First name must not include hidden characters: delete it and type it again"
    )]
    #[case::bad_phone(
        "phone",
        "call me",
        "Enter a telephone number, like 01632 960 001 or 07700 900 982"
    )]
    #[case::bad_email(
        "email",
        "alex@",
        "Enter an email address in the correct format, like name@example.com"
    )]
    #[case::no_preference(
        "contact_preference",
        "",
        "Select how you would like us to contact you"
    )]
    #[case::no_contact_name("contact_name", "", "Enter a contact name")]
    #[case::no_consent("consent", "", "Select whether they agree to join the register")]
    #[case::refused("consent", "no", "We can only add someone to the register with their agreement. Select yes, or contact the learning disability and autism team to talk it through")]
    #[case::child_own_consent(
        "consent",
        "own",
        "For someone under 16, select yes if someone with parental responsibility agrees"
    )]
    #[case::no_child_view("child_view", "", "Select what the child thinks about joining")]
    fn each_bad_answer_is_named_beside_its_field(
        #[case] field: &str,
        #[case] value: &str,
        #[case] message: &str,
    ) {
        let mut answers = family();
        answers.set(field, value.to_owned());
        let found = errors(&answers, false);
        assert!(
            found
                .iter()
                .any(|(f, m)| (f == field || f == "dob_day") && m == message),
            "{field}={value:?}: {found:?}"
        );
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn a_checked_referral_gives_back_answers_that_check_the_same() {
        let mut answers = family();
        answers.risk_factors = vec!["transition".into()];
        answers.current_issues = "Crisis".into();
        answers.what_tried = "Support".into();
        answers.suggested_rating = "red".into();
        for professional in [false, true] {
            let r = validate(&answers, professional, today()).unwrap();
            let again = validate(&ReferralAnswers::from(&r), professional, today()).unwrap();
            assert_eq!(again, r);
        }
    }

    #[test]
    fn urgency_is_asked_after_what_is_happening_on_both_forms() {
        for professional in [false, true] {
            let order = Question::all(professional);
            let at = order
                .iter()
                .position(|q| *q == Question::WhatsHappening)
                .unwrap();
            assert_eq!(order[at + 1], Question::Urgency, "{professional}");
        }
        let mut answers = family();
        assert_eq!(
            validate(&answers, false, today()).unwrap().urgency,
            Urgency::Soon
        );
        answers.urgency = "urgent".into();
        assert_eq!(
            validate(&answers, false, today()).unwrap().urgency,
            Urgency::Urgent
        );
        answers.urgency.clear();
        let found = check_question(Question::Urgency, &answers, false, today());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "Select how urgent this is");
    }

    #[test]
    fn a_referral_sent_before_urgency_was_asked_reads_as_not_urgent() {
        let r = validate(&family(), false, today()).unwrap();
        let mut stored = serde_json::to_value(&r).unwrap();
        stored.as_object_mut().unwrap().remove("urgency");
        let old: Referral = serde_json::from_value(stored).unwrap();
        assert_eq!(old.urgency, Urgency::NotUrgent);
    }

    #[test]
    fn the_same_person_is_the_same_name_ignoring_case_and_spaces_and_birth_date() {
        let who = |a: &ReferralAnswers| validate(a, false, today()).unwrap().who();
        let first = who(&family());
        let mut answers = family();
        answers.given_name = "SAM".into();
        answers.family_name = "Jo nes ".into();
        assert_eq!(who(&answers), first);
        answers.dob_day = "4".into();
        assert_ne!(who(&answers), first, "born another day");
        answers.dob_day = "3".into();
        answers.family_name = "Jonas".into();
        assert_ne!(who(&answers), first, "another name");
        answers.given_name = "Sa".into();
        answers.family_name = "mJones".into();
        assert_ne!(who(&answers), first, "first and last names are kept apart");
    }

    #[test]
    fn markup_is_kept_as_text() {
        let mut answers = family();
        answers.whats_happening = "<script>alert(1)</script>".into();
        let r = validate(&answers, false, today()).unwrap();
        assert_eq!(r.whats_happening, "<script>alert(1)</script>");
    }

    #[test]
    fn one_way_of_contact_is_needed_and_the_preferred_one_given() {
        let mut answers = family();
        answers.phone.clear();
        assert_eq!(
            errors(&answers, false),
            [(
                "phone".into(),
                "Enter a telephone number or an email address".into()
            )]
        );
        answers.email = "alex@example.com".into();
        assert_eq!(
            errors(&answers, false),
            [(
                "phone".into(),
                "Enter a telephone number, or choose email".into()
            )]
        );
        answers.contact_preference = "email".into();
        assert!(errors(&answers, false).is_empty());
    }

    #[test]
    fn adults_agree_themselves_or_may_lack_capacity_but_not_for_oneself() {
        let mut answers = family();
        answers.dob_year = "2000".into();
        answers.consent = "parental".into();
        assert_eq!(errors(&answers, false)[0].0, "consent");
        answers.consent = "may_lack_capacity".into();
        let r = validate(&answers, false, today()).unwrap();
        assert_eq!(
            r.consent.child_view, None,
            "a child's view is only for under-16s"
        );
        answers.for_whom = "myself".into();
        assert_eq!(errors(&answers, false)[0].0, "consent");
        answers.consent = "own".into();
        answers.contact_name.clear();
        let r = validate(&answers, false, today()).unwrap();
        assert_eq!(
            r.contact.name, "Sam Jones",
            "someone referring themselves is the contact"
        );
    }

    #[test]
    fn professionals_add_issues_what_was_tried_risks_and_a_rating() {
        let mut answers = family();
        answers.for_whom.clear();
        let missing: Vec<String> = errors(&answers, true).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            missing,
            ["current_issues", "what_tried", "suggested_rating"]
        );
        answers.current_issues = "Crisis calls weekly".into();
        answers.what_tried = "Positive behaviour support".into();
        answers.suggested_rating = "amber".into();
        answers.risk_factors = vec!["transition".into(), "transition".into()];
        let r = validate(&answers, true, today()).unwrap();
        let detail = r.professional.unwrap();
        assert_eq!(detail.risk_factors, [RiskFactor::Transition]);
        assert_eq!(detail.suggested_rating, Rating::Amber);
        assert_eq!(r.for_whom, None);
        answers.risk_factors = vec!["dragons".into()];
        assert_eq!(errors(&answers, true)[0].0, "risk_factors");
    }

    #[test]
    fn a_page_is_checked_for_its_own_fields_only() {
        let answers = ReferralAnswers {
            given_name: "Sam".into(),
            ..Default::default()
        };
        let found = check_question(Question::Name, &answers, false, today());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, "family_name");
        assert!(check_question(Question::Name, &family(), false, today()).is_empty());
    }

    #[test]
    fn every_field_belongs_to_one_question() {
        let json = serde_json::to_value(ReferralAnswers::default()).unwrap();
        for field in json.as_object().unwrap().keys() {
            assert!(
                Question::asking(field).is_some(),
                "{field} is asked nowhere"
            );
        }
        for professional in [false, true] {
            for q in Question::all(professional) {
                assert_eq!(Question::from_slug(q.slug(), professional), Some(*q));
            }
        }
    }
}
