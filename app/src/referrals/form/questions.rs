//! The inputs of each question page, worded for who is filling in the form.

use super::{
    help_now::HelpNow,
    inputs::{error_for, AnswerArea, AnswerDate, AnswerRadios, AnswerRisks, AnswerText},
    ReferralDraft,
};
use crate::{
    error::FieldError,
    models::{age_on, Diagnosis, ForWhom, Question, Rating, Setting, Urgency, LONG_TEXT_MAX},
};
use leptos::prelude::*;

/// Who the questions are about, for their wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    /// The person filling in the form.
    Myself,
    /// Their child.
    Child,
    /// Someone a professional refers.
    Person,
}

impl Subject {
    /// Who a draft's questions are about.
    pub fn of(draft: ReferralDraft, professional: bool) -> Subject {
        match draft
            .answers
            .with_untracked(|a| a.for_whom.parse::<ForWhom>().ok())
        {
            _ if professional => Subject::Person,
            Some(ForWhom::Myself) => Subject::Myself,
            _ => Subject::Child,
        }
    }

    /// "your", "your child's" or "the person's".
    pub fn whose(self) -> &'static str {
        match self {
            Subject::Myself => "your",
            Subject::Child => "your child's",
            Subject::Person => "the person's",
        }
    }
}

/// The inputs of `question`, with `errors` beside them.
pub fn question_view(
    draft: ReferralDraft,
    question: Question,
    subject: Subject,
    errors: RwSignal<Vec<FieldError>>,
) -> AnyView {
    let whose = subject.whose();
    let err = move |field| error_for(errors, field);
    match question {
        Question::ForWhom => view! {
            <AnswerRadios draft field="for_whom" legend="Who are you referring?".into() legend_is_heading=true
                hint="Your child can be any age, including an adult."
                options=ForWhom::ALL.iter().map(|f| (f.code(), f.label().to_owned())).collect()
                error=err("for_whom")/>
        }
        .into_any(),
        Question::Name => view! {
            <h1>{capitalise(&format!("What is {whose} name?"))}</h1>
            <AnswerText draft field="given_name" label="First name".into() autocomplete=if subject == Subject::Myself { "given-name" } else { "off" } error=err("given_name")/>
            <AnswerText draft field="family_name" label="Last name".into() autocomplete=if subject == Subject::Myself { "family-name" } else { "off" } error=err("family_name")/>
        }
        .into_any(),
        Question::DateOfBirth => view! {
            <AnswerDate draft legend=capitalise(&format!("What is {whose} date of birth?")) hint="For example, 27 3 2012" own=subject == Subject::Myself errors/>
        }
        .into_any(),
        Question::NhsNumber => {
            let number: ViewFn = (move || view! {
                <AnswerText draft field="nhs_number" label="NHS number".into() class="nhsuk-input--width-10" inputmode="numeric" error=err("nhs_number")/>
            }).into();
            view! {
                <AnswerRadios draft field="knows_nhs_number" legend=format!("Do you know {whose} NHS number?") legend_is_heading=true
                    hint="It is 10 digits, like 485 777 3456. It is on letters from the NHS and in the NHS App. If you do not know it, we will find it."
                    options=vec![("yes", "Yes, I know it".to_owned()), ("no", "No, I do not know it".to_owned())]
                    error=err("knows_nhs_number") revealed=("yes", number)/>
            }
            .into_any()
        }
        Question::Diagnosis => view! {
            <AnswerRadios draft field="diagnosis" legend=capitalise(&format!("What is {whose} diagnosis?")) legend_is_heading=true
                hint="Choose awaiting assessment if they are waiting to be assessed."
                options=Diagnosis::ALL.iter().map(|d| (d.code(), d.label().to_owned())).collect()
                error=err("diagnosis")/>
        }
        .into_any(),
        Question::Home => {
            let legend = match subject {
                Subject::Myself => "Where do you live now?",
                Subject::Child => "Where does your child live now?",
                Subject::Person => "Where does the person live now?",
            };
            view! {
                <AnswerRadios draft field="setting" legend=legend.into() legend_is_heading=true
                    options=Setting::ALL.iter().map(|s| (s.code(), s.label().to_owned())).collect()
                    option_hints=SETTING_HINTS.to_vec()
                    error=err("setting")/>
            }
            .into_any()
        }
        Question::WhatsHappening => view! {
            <AnswerArea draft field="whats_happening" label="What is happening, and why is help needed now?".into() label_is_heading=true
                hint="Tell us about recent changes, crises or worries. Short sentences are fine."
                max=LONG_TEXT_MAX error=err("whats_happening")/>
            {(subject != Subject::Person).then(|| view! { <HelpNow/> })}
        }
        .into_any(),
        Question::Urgency => {
            let (legend, hint) = if subject == Subject::Person {
                (
                    "How urgent is this referral?",
                    "The LDA team looks at the most urgent referrals first.",
                )
            } else {
                (
                    "How urgent is this?",
                    "This helps us decide who to contact first.",
                )
            };
            let option_hints = if subject == Subject::Person {
                Vec::new()
            } else {
                vec![(Urgency::Urgent.code(), "If someone is in crisis now, call NHS 111 and choose the mental health option. Call 999 if someone is in danger or badly hurt.")]
            };
            view! {
                <AnswerRadios draft field="urgency" legend=legend.into() legend_is_heading=true hint
                    options=Urgency::ALL.iter().map(|u| (u.code(), urgency_words(subject, *u).to_owned())).collect()
                    option_hints error=err("urgency")/>
            }
            .into_any()
        }
        Question::CurrentIssues => view! {
            <h1>"Current issues and what has been tried"</h1>
            <AnswerArea draft field="current_issues" label="What current issues could lead to a hospital admission?".into() max=LONG_TEXT_MAX error=err("current_issues")/>
            <AnswerArea draft field="what_tried" label="What has been tried so far?".into() max=LONG_TEXT_MAX error=err("what_tried")/>
        }
        .into_any(),
        Question::Risk => view! {
            <h1>"Risk and suggested rating"</h1>
            <AnswerRisks draft error=err("risk_factors")/>
            <AnswerRadios draft field="suggested_rating" legend="Which rating do you suggest?".into()
                hint="The LDA team decides the rating after assessment."
                options=Rating::ALL.iter().map(|r| (r.code(), format!("{}: {}", r.label(), r.meaning()))).collect()
                error=err("suggested_rating")/>
        }
        .into_any(),
        Question::OthersInvolved => view! {
            <AnswerArea draft field="others_involved" label="Who else is involved? (optional)".into() label_is_heading=true
                hint="For example, a social worker, school, GP, nurse or support provider. Leave this empty if nobody else is involved."
                max=LONG_TEXT_MAX error=err("others_involved")/>
        }
        .into_any(),
        Question::Contact => contact_view(draft, subject, errors),
        Question::Consent => consent_view(draft, subject, errors),
    }
}

/// What the less familiar places to live mean, by setting code.
const SETTING_HINTS: &[(&str, &str)] = &[
    ("supported_living", "Living in a home with support from staff."),
    ("residential_care", "Living in a care home, with staff there day and night."),
    (
        "residential_school",
        "Living at a school in term time. A 52-week placement means living there all year, including the holidays.",
    ),
    (
        "inpatient_unit",
        "Staying in hospital day and night, for example on a mental health or learning disability ward.",
    ),
];

/// How soon help is needed, in the words of who is filling in the form.
pub fn urgency_words(subject: Subject, urgency: Urgency) -> &'static str {
    match (subject, urgency) {
        (Subject::Myself, Urgency::Urgent) => {
            "Things are getting worse quickly: I need help in the next few days"
        }
        (Subject::Myself, Urgency::Soon) => "I need help soon, in the next few weeks",
        (Subject::Myself, Urgency::NotUrgent) => {
            "It is not urgent: I can wait longer than a few weeks"
        }
        (Subject::Child, Urgency::Urgent) => {
            "Things are getting worse quickly: we need help in the next few days"
        }
        (Subject::Child, Urgency::Soon) => "We need help soon, in the next few weeks",
        (Subject::Child, Urgency::NotUrgent) => {
            "It is not urgent: we can wait longer than a few weeks"
        }
        (Subject::Person, Urgency::Urgent) => {
            "Urgent: the situation is getting worse quickly and help is needed within days"
        }
        (Subject::Person, Urgency::Soon) => "Soon: help is needed within the next few weeks",
        (Subject::Person, Urgency::NotUrgent) => {
            "Not urgent: help can be planned over a longer time"
        }
    }
}

/// Contact details and preferences.
fn contact_view(
    draft: ReferralDraft,
    subject: Subject,
    errors: RwSignal<Vec<FieldError>>,
) -> AnyView {
    let err = move |field| error_for(errors, field);
    let (heading, name_label) = match subject {
        Subject::Myself => ("How can we contact you?", None),
        Subject::Child => ("How can we contact you?", Some("Your name")),
        Subject::Person => (
            "Who should we contact about the person?",
            Some("Contact name"),
        ),
    };
    view! {
        <h1>{heading}</h1>
        <p>"Give a telephone number, an email address, or both."</p>
        {name_label.map(|label| view! { <AnswerText draft field="contact_name" label=label.into() autocomplete=if subject == Subject::Child { "name" } else { "off" } error=err("contact_name")/> })}
        <AnswerText draft field="phone" label="Telephone number".into() kind="tel" autocomplete=if subject == Subject::Person { "off" } else { "tel" } class="nhsuk-input--width-20" error=err("phone")/>
        <AnswerText draft field="email" label="Email address".into() kind="email" autocomplete=if subject == Subject::Person { "off" } else { "email" } error=err("email")/>
        <AnswerRadios draft field="contact_preference" legend="How would you like us to contact you?".into()
            options=crate::models::ContactPreference::ALL.iter().map(|p| (p.code(), p.label().to_owned())).collect()
            error=err("contact_preference")/>
        <AnswerArea draft field="contact_notes" label="Best times to contact, or anything else we should know (optional)".into()
            hint="For example, if it is not safe to leave a message." max=500 error=err("contact_notes")/>
    }
    .into_any()
}

/// Agreement to join the register, asked as the law asks it for the person's age.
fn consent_view(
    draft: ReferralDraft,
    subject: Subject,
    errors: RwSignal<Vec<FieldError>>,
) -> AnyView {
    let err = move |field| error_for(errors, field);
    let under_16 = draft
        .answers
        .with_untracked(|a| date_of_birth(a).is_some_and(|dob| age_on(dob, today()) < 16));
    let (legend, options): (&str, Vec<(&'static str, String)>) = match (under_16, subject) {
        (true, Subject::Person) => (
            "Does someone with parental responsibility agree to the child joining the register?",
            vec![("parental", "Yes, they agree".into()), ("no", "No".into())],
        ),
        (true, _) => (
            "Do you agree to your child joining the register?",
            vec![
                (
                    "parental",
                    "Yes, I have parental responsibility and I agree".into(),
                ),
                ("no", "No".into()),
            ],
        ),
        (false, Subject::Myself) => (
            "Do you agree to join the register?",
            vec![("own", "Yes, I agree".into()), ("no", "No".into())],
        ),
        (false, Subject::Child) => (
            "Does your child agree to join the register?",
            vec![
                ("own", "Yes, they agree".into()),
                (
                    "may_lack_capacity",
                    "They may not be able to decide this for themselves".into(),
                ),
                ("no", "No".into()),
            ],
        ),
        (false, Subject::Person) => (
            "Does the person agree to join the register?",
            vec![
                ("own", "Yes, they agree".into()),
                (
                    "may_lack_capacity",
                    "They may not be able to decide this for themselves".into(),
                ),
                ("no", "No".into()),
            ],
        ),
    };
    // What "parental responsibility" and "may not be able to decide" mean, under the
    // choices that use them.
    let option_hints = vec![
        (
            "parental",
            "Parental responsibility means having the legal rights and duties of a parent. A child's mother has it. Most fathers do too, for example if they are named on the birth certificate. Others, such as a guardian, can get it through a court.",
        ),
        (
            "may_lack_capacity",
            "This means they cannot understand, remember or weigh up what joining means, or cannot tell us their choice, even with help. We will then follow the Mental Capacity Act, and talk with you about what is best for them.",
        ),
    ];
    view! {
        <h1>"Agreeing to join the register"</h1>
        <p>"Joining the register is a choice. It helps services plan support together."</p>
        <p>"The learning disability and autism team (the LDA team), and the health, social care and education staff who support the person, will see the information."</p>
        <p>"Anyone can change their mind at any time. Leaving the register does not change their care."</p>
        <AnswerRadios draft field="consent" legend=legend.into() options option_hints error=err("consent")/>
        {under_16.then(|| view! {
            <AnswerRadios draft field="child_view" legend=if subject == Subject::Person { "What does the child think about joining?" } else { "What does your child think about joining?" }.into()
                hint="We ask for the child's own view too."
                options=crate::models::ChildView::ALL.iter().map(|v| (v.code(), v.label().to_owned())).collect()
                error=err("child_view")/>
            <AnswerArea draft field="child_view_words" label="What did they say? (optional)".into() max=LONG_TEXT_MAX error=err("child_view_words")/>
        })}
    }
    .into_any()
}

/// The date of birth as typed, if it is a real date.
fn date_of_birth(a: &crate::models::ReferralAnswers) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(
        a.dob_year.trim().parse().ok()?,
        a.dob_month.trim().parse().ok()?,
        a.dob_day.trim().parse().ok()?,
    )
}

/// Today in the UK, by this device's clock.
pub fn today() -> chrono::NaiveDate {
    crate::models::uk_today(chrono::Utc::now())
}

/// `text` with a capital first letter.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
