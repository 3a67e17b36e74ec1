//! The "check your answers" page: every answer, each with a link to change it, then send.

use super::questions::{urgency_words, Subject};
use crate::models::{
    format_date, ChildView, ConsentAnswer, ContactPreference, Diagnosis, ForWhom, Question, Rating,
    ReferralAnswers, RiskFactor, Setting, Urgency,
};
use leptos::prelude::*;

/// The words for a coded answer, or the code itself if it names nothing.
fn label_of<T: std::str::FromStr + std::fmt::Display>(code: &str) -> String {
    code.parse::<T>()
        .map(|v| v.to_string())
        .unwrap_or_else(|_| code.to_owned())
}

/// One row per answer: the question it belongs to, what it asked, and the answer.
pub fn answer_rows(
    a: &ReferralAnswers,
    subject: Subject,
    professional: bool,
) -> Vec<(Question, &'static str, String)> {
    let or_none = |text: &str| {
        if text.trim().is_empty() {
            "None given".to_owned()
        } else {
            text.trim().to_owned()
        }
    };
    let mut rows = Vec::new();
    for question in Question::all(professional) {
        let q = *question;
        match q {
            Question::ForWhom => rows.push((q, "Referring", label_of::<ForWhom>(&a.for_whom))),
            Question::Name => rows.push((
                q,
                "Name",
                format!("{} {}", a.given_name.trim(), a.family_name.trim()),
            )),
            Question::DateOfBirth => rows.push((q, "Date of birth", {
                let date = chrono::NaiveDate::from_ymd_opt(
                    a.dob_year.trim().parse().unwrap_or(0),
                    a.dob_month.trim().parse().unwrap_or(0),
                    a.dob_day.trim().parse().unwrap_or(0),
                );
                date.map(format_date)
                    .unwrap_or_else(|| format!("{} {} {}", a.dob_day, a.dob_month, a.dob_year))
            })),
            Question::NhsNumber => rows.push((
                q,
                "NHS number",
                if a.knows_nhs_number == "yes" {
                    a.nhs_number.trim().to_owned()
                } else {
                    "Not known".to_owned()
                },
            )),
            Question::Diagnosis => rows.push((q, "Diagnosis", label_of::<Diagnosis>(&a.diagnosis))),
            Question::Home => rows.push((q, "Lives now", label_of::<Setting>(&a.setting))),
            Question::WhatsHappening => {
                rows.push((q, "What is happening", a.whats_happening.trim().to_owned()))
            }
            Question::Urgency => rows.push((
                q,
                "How urgent",
                a.urgency.parse::<Urgency>().map_or_else(
                    |_| a.urgency.clone(),
                    |u| urgency_words(subject, u).to_owned(),
                ),
            )),
            Question::CurrentIssues => {
                rows.push((q, "Current issues", a.current_issues.trim().to_owned()));
                rows.push((q, "What has been tried", a.what_tried.trim().to_owned()));
            }
            Question::Risk => {
                let risks: Vec<String> = a
                    .risk_factors
                    .iter()
                    .map(|r| label_of::<RiskFactor>(r))
                    .collect();
                rows.push((
                    q,
                    "Risk factors",
                    if risks.is_empty() {
                        "None selected".to_owned()
                    } else {
                        risks.join("\n")
                    },
                ));
                rows.push((
                    q,
                    "Suggested rating",
                    label_of::<Rating>(&a.suggested_rating),
                ));
            }
            Question::OthersInvolved => {
                rows.push((q, "Others involved", or_none(&a.others_involved)))
            }
            Question::Contact => {
                if subject != Subject::Myself {
                    rows.push((q, "Contact name", a.contact_name.trim().to_owned()));
                }
                rows.push((q, "Telephone", or_none(&a.phone)));
                rows.push((q, "Email", or_none(&a.email)));
                rows.push((
                    q,
                    "Contact by",
                    label_of::<ContactPreference>(&a.contact_preference),
                ));
                rows.push((q, "Anything else about contact", or_none(&a.contact_notes)));
            }
            Question::Consent => {
                rows.push((q, "Agreement", label_of::<ConsentAnswer>(&a.consent)));
                if a.consent == ConsentAnswer::ParentalAgreement.code() {
                    rows.push((q, "Child's view", label_of::<ChildView>(&a.child_view)));
                    rows.push((q, "What they said", or_none(&a.child_view_words)));
                }
            }
        }
    }
    rows
}

/// The summary list of `rows`. With a form's `base` address, each row has a "Change"
/// link to its question, which comes back here.
#[component]
pub fn AnswerList(
    rows: Vec<(Question, &'static str, String)>,
    #[prop(optional)] base: Option<&'static str>,
) -> impl IntoView {
    view! {
        <dl class="nhsuk-summary-list">
            {rows.into_iter().map(|(q, key, value)| view! {
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">{key}</dt>
                    <dd class="nhsuk-summary-list__value dsr-pre-line">{value}</dd>
                    {base.map(|base| view! {
                        <dd class="nhsuk-summary-list__actions">
                            <a href=format!("{base}?page={}&from=check", q.slug())>"Change"<span class="nhsuk-u-visually-hidden">{format!(" {}", key.to_lowercase())}</span></a>
                        </dd>
                    })}
                </div>
            }).collect_view()}
        </dl>
    }
}
