//! Sections of a person's record beyond what the board card shows. Each section is saved
//! and versioned on its own, so editing one never overwrites a change made meanwhile to
//! another, and a save made from an out-of-date copy of a section is refused.

use super::{is_keyworker_age, Rating, LONG_TEXT_MAX, SHORT_TEXT_MAX};
use crate::error::FieldError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Which section of the record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// What is going wrong, what has been tried, what would reduce the risk, and the
    /// person's and their family's own views.
    Narrative,
    /// The person's keyworker, or why there is none.
    Keyworker,
}

super::coded_enum!(SectionKind {
    Narrative => ("narrative", "Current issues and views"),
    Keyworker => ("keyworker", "Keyworker"),
});

/// What is happening now and what would help: what a DSR meeting reads first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Narrative {
    /// What is going wrong now that could lead to an admission.
    pub current_issues: String,
    /// What has been tried, and how it went.
    pub tried: String,
    /// What would reduce the risk.
    pub would_reduce_risk: String,
    /// The person's own view, in their words where possible.
    pub own_view: String,
    /// Their family's or carers' view.
    pub family_view: String,
}

impl Narrative {
    /// Each field: its form name, label and value.
    pub fn fields(&self) -> [(&'static str, &'static str, &str); 5] {
        [
            ("current_issues", "Current issues", &self.current_issues),
            ("tried", "What has been tried", &self.tried),
            (
                "would_reduce_risk",
                "What would reduce the risk",
                &self.would_reduce_risk,
            ),
            ("own_view", "The person's own view", &self.own_view),
            (
                "family_view",
                "Their family's or carers' view",
                &self.family_view,
            ),
        ]
    }
}

/// The person's keyworker (for people aged up to 25), or why there is none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Keyworker {
    /// A keyworker works with the person.
    Named {
        /// Their name.
        name: String,
        /// Their agency.
        agency: String,
    },
    /// Referred to the keyworking service, waiting for one.
    Waiting,
    /// The person does not need one.
    NotNeeded,
}

impl Keyworker {
    /// The code of the status, as the form sends it.
    pub fn code(&self) -> &'static str {
        match self {
            Keyworker::Named { .. } => "named",
            Keyworker::Waiting => "waiting",
            Keyworker::NotNeeded => "not_needed",
        }
    }

    /// How the record shows it.
    pub fn describe(&self) -> String {
        match self {
            Keyworker::Named { name, agency } => format!("{name}, {agency}"),
            Keyworker::Waiting => "Referred, waiting for a keyworker".into(),
            Keyworker::NotNeeded => "Not needed".into(),
        }
    }
}

/// One section's content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "body", rename_all = "snake_case")]
pub enum SectionBody {
    /// See [`Narrative`].
    Narrative(Narrative),
    /// See [`Keyworker`].
    Keyworker(Keyworker),
}

impl SectionBody {
    /// Which section this is.
    pub fn kind(&self) -> SectionKind {
        match self {
            SectionBody::Narrative(_) => SectionKind::Narrative,
            SectionBody::Keyworker(_) => SectionKind::Keyworker,
        }
    }

    /// Every problem with the content, each against its field; none when it may be saved.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut problems = Vec::new();
        let mut bounded = |field: &str, label: &str, text: &str, max: usize| {
            let count = text.chars().count();
            if count > max {
                problems.push(FieldError {
                    field: field.to_owned(),
                    message: format!("{label} must be {max} characters or fewer (it is {count})"),
                });
            }
        };
        match self {
            SectionBody::Narrative(n) => {
                for (field, label, text) in n.fields() {
                    bounded(field, label, text, LONG_TEXT_MAX);
                }
            }
            SectionBody::Keyworker(Keyworker::Named { name, agency }) => {
                bounded("name", "The keyworker's name", name, SHORT_TEXT_MAX);
                bounded("agency", "The keyworker's agency", agency, SHORT_TEXT_MAX);
                for (field, value, ask) in [
                    ("name", name, "Enter the keyworker's name"),
                    ("agency", agency, "Enter the keyworker's agency"),
                ] {
                    if value.trim().is_empty() {
                        problems.push(FieldError {
                            field: field.to_owned(),
                            message: ask.to_owned(),
                        });
                    }
                }
            }
            SectionBody::Keyworker(_) => {}
        }
        problems
    }

    /// What the record shows of the content: a label and a value for each row ("Not
    /// recorded" for an empty text).
    pub fn rows(&self) -> Vec<(&'static str, String)> {
        let shown = |text: &str| {
            if text.is_empty() {
                "Not recorded".to_owned()
            } else {
                text.to_owned()
            }
        };
        match self {
            SectionBody::Narrative(n) => n
                .fields()
                .into_iter()
                .map(|(_, label, text)| (label, shown(text)))
                .collect(),
            SectionBody::Keyworker(k) => vec![("Keyworker", k.describe())],
        }
    }

    /// The same content with surrounding spaces trimmed from every text.
    pub fn trimmed(self) -> SectionBody {
        let t = |s: String| s.trim().to_owned();
        match self {
            SectionBody::Narrative(n) => SectionBody::Narrative(Narrative {
                current_issues: t(n.current_issues),
                tried: t(n.tried),
                would_reduce_risk: t(n.would_reduce_risk),
                own_view: t(n.own_view),
                family_view: t(n.family_view),
            }),
            SectionBody::Keyworker(Keyworker::Named { name, agency }) => {
                SectionBody::Keyworker(Keyworker::Named {
                    name: t(name),
                    agency: t(agency),
                })
            }
            other => other,
        }
    }
}

/// A section as saved: its content, its version, and who saved it when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSection {
    /// The content.
    pub body: SectionBody,
    /// 1 for the first save, one more for each save after.
    pub version: i64,
    /// Who saved this version (their name).
    pub changed_by: String,
    /// When.
    pub changed_at: DateTime<Utc>,
}

/// Whether the record should show "keyworker eligible": aged 0 to 25, rated Red, Amber or
/// Blue, and no keyworker named (waiting or not needed count as none named).
pub fn keyworker_eligible(
    date_of_birth: NaiveDate,
    rating: Rating,
    keyworker: Option<&Keyworker>,
    today: NaiveDate,
) -> bool {
    is_keyworker_age(date_of_birth, today)
        && rating != Rating::Green
        && !matches!(keyworker, Some(Keyworker::Named { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn keyworker_eligibility_follows_age_rating_and_who_is_named() {
        let today = day("2026-12-02");
        let named = Keyworker::Named {
            name: "Jo Reid".into(),
            agency: "Keyworking service".into(),
        };
        // Aged 25 until the day before the 26th birthday: eligible; from that day: not.
        for (dob, rating, keyworker, eligible) in [
            ("2000-12-02", Rating::Red, None, false),
            ("2000-12-03", Rating::Red, None, true),
            ("2010-01-01", Rating::Amber, None, true),
            ("2010-01-01", Rating::Blue, Some(&Keyworker::Waiting), true),
            (
                "2010-01-01",
                Rating::Blue,
                Some(&Keyworker::NotNeeded),
                true,
            ),
            ("2010-01-01", Rating::Red, Some(&named), false),
            ("2010-01-01", Rating::Green, None, false),
        ] {
            assert_eq!(
                keyworker_eligible(day(dob), rating, keyworker, today),
                eligible,
                "{dob} {rating:?} {keyworker:?}"
            );
        }
    }

    #[test]
    fn texts_are_bounded_and_a_named_keyworker_needs_a_name_and_agency() {
        let long = SectionBody::Narrative(Narrative {
            tried: "x".repeat(LONG_TEXT_MAX + 1),
            ..Narrative::default()
        });
        let problems = long.problems();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "tried");
        assert!(
            problems[0].message.contains("2001"),
            "{}",
            problems[0].message
        );
        let fits = SectionBody::Narrative(Narrative {
            tried: "x".repeat(LONG_TEXT_MAX),
            ..Narrative::default()
        });
        assert!(fits.problems().is_empty());
        let blank = SectionBody::Keyworker(Keyworker::Named {
            name: " ".into(),
            agency: String::new(),
        })
        .trimmed();
        let fields: Vec<String> = blank.problems().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["name", "agency"]);
        assert!(SectionBody::Keyworker(Keyworker::Waiting)
            .problems()
            .is_empty());
    }

    #[test]
    fn a_section_round_trips_through_json() {
        let body = SectionBody::Keyworker(Keyworker::Named {
            name: "Jo Reid".into(),
            agency: "Keyworking service".into(),
        });
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(serde_json::from_str::<SectionBody>(&json).unwrap(), body);
        assert_eq!(body.kind().code(), "keyworker");
    }

    #[test]
    fn rows_show_each_field_and_say_when_one_is_empty() {
        let narrative = SectionBody::Narrative(Narrative {
            tried: "Positive behaviour support plan".into(),
            ..Narrative::default()
        });
        let rows = narrative.rows();
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[0], ("Current issues", "Not recorded".to_owned()));
        assert_eq!(
            rows[1],
            (
                "What has been tried",
                "Positive behaviour support plan".to_owned()
            )
        );
        assert_eq!(
            SectionBody::Keyworker(Keyworker::Waiting).rows(),
            [("Keyworker", "Referred, waiting for a keyworker".to_owned())]
        );
    }
}
