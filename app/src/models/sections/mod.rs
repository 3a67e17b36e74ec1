//! Sections of a person's record beyond the rating. Each section is saved and versioned
//! on its own, so editing one never overwrites a change made meanwhile to another, and a
//! save made from an out-of-date copy of a section is refused.
//!
//! A few fields (names, date of birth, NHS number, area, diagnosis, setting) are kept on
//! the people row, which the board card, search and figures read: a section holding them
//! is stored without them and completed from that row when read (see
//! [`SectionKind::row_fields`]), so each is kept in one place.

mod contacts;
mod details;
mod diagnosis;
mod home;
mod keyworker;
mod narrative;
mod risks;
mod root_cause;
mod words;

pub use contacts::{ContactAnswers, ContactMethod, Contacts, FamilyContact, MAX_CONTACTS};
pub use details::{Details, DetailsAnswers, EthnicCategory, Sex};
pub use diagnosis::DiagnosisSection;
pub use home::{Home, HomeAnswers, Inpatient, MhaStatus, Placement, Security, Ward};
pub use keyworker::{keyworker_eligible, Keyworker};
pub use narrative::Narrative;
pub use risks::{NotedRisk, RiskFactors, RISK_NOTE_MAX};
pub use root_cause::RootCauseReview;

use super::Person;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Which section of the record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// Names, date of birth, NHS number, area, and what helps in talking with them.
    Details,
    /// Learning disability, autism or both, and other conditions.
    Diagnosis,
    /// Where they live, and a stay in hospital.
    Home,
    /// What is going wrong, what has been tried, what would reduce the risk, and the
    /// person's and their family's own views.
    Narrative,
    /// The person's keyworker, or why there is none.
    Keyworker,
    /// Family and carers.
    Contacts,
    /// The risk factors checklist.
    RiskFactors,
    /// The root-cause review of an admission with no community C(E)TR before it.
    RootCause,
}

super::coded_enum!(SectionKind {
    Details => ("details", "Personal details"),
    Diagnosis => ("diagnosis", "Diagnosis"),
    Home => ("home", "Where they live"),
    Narrative => ("narrative", "Current issues and views"),
    Keyworker => ("keyworker", "Keyworker"),
    Contacts => ("contacts", "Family and carers"),
    RiskFactors => ("risk_factors", "Risk factors"),
    RootCause => ("root_cause", "Root-cause review"),
});

impl SectionKind {
    /// The fields of this section kept on the people row, named alike in the section and
    /// in [`Person`].
    pub fn row_fields(self) -> &'static [&'static str] {
        match self {
            SectionKind::Details => &[
                "given_name",
                "family_name",
                "date_of_birth",
                "nhs_number",
                "area",
            ],
            SectionKind::Diagnosis => &["diagnosis"],
            SectionKind::Home => &["setting"],
            _ => &[],
        }
    }
}

/// A section's content type, found in a [`SectionBody`] by its kind.
pub trait Section: Clone + Into<SectionBody> {
    /// Its kind.
    const KIND: SectionKind;

    /// The content, when `body` is of this kind.
    fn in_body(body: &SectionBody) -> Option<&Self>;
}

/// [`SectionBody`], a variant for each kind with the content type it holds, and each
/// content type's [`Section`] and conversion into a body.
macro_rules! section_bodies {
    ($($variant:ident($ty:ty)),+ $(,)?) => {
        /// One section's content.
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(tag = "kind", content = "body", rename_all = "snake_case")]
        pub enum SectionBody {
            $(
                #[doc = concat!("See [`", stringify!($ty), "`].")]
                $variant($ty),
            )+
        }

        impl SectionBody {
            /// Which section this is.
            pub fn kind(&self) -> SectionKind {
                match self {
                    $(SectionBody::$variant(_) => SectionKind::$variant,)+
                }
            }
        }

        $(
            impl From<$ty> for SectionBody {
                fn from(content: $ty) -> Self {
                    SectionBody::$variant(content)
                }
            }

            impl Section for $ty {
                const KIND: SectionKind = SectionKind::$variant;

                fn in_body(body: &SectionBody) -> Option<&Self> {
                    match body {
                        SectionBody::$variant(content) => Some(content),
                        _ => None,
                    }
                }
            }
        )+
    };
}

section_bodies!(
    Details(Details),
    Diagnosis(DiagnosisSection),
    Home(Home),
    Narrative(Narrative),
    Keyworker(Keyworker),
    Contacts(Contacts),
    RiskFactors(RiskFactors),
    RootCause(RootCauseReview),
);

impl SectionBody {
    /// What the record shows of the content: a label and a value for each row ("Not
    /// recorded" for what is not).
    pub fn rows(&self) -> Vec<(String, String)> {
        match self {
            SectionBody::Details(d) => d.rows(),
            SectionBody::Diagnosis(d) => d.rows(),
            SectionBody::Home(h) => h.rows(),
            SectionBody::Narrative(n) => n
                .fields()
                .into_iter()
                .map(|(_, label, text)| (label.to_owned(), words::shown(text)))
                .collect(),
            SectionBody::Keyworker(k) => vec![("Keyworker".into(), k.describe())],
            SectionBody::Contacts(c) => c.rows(),
            SectionBody::RiskFactors(r) => r.rows(),
            SectionBody::RootCause(r) => r.rows(),
        }
    }

    /// The content as the section's own row keeps it: JSON without the fields the people
    /// row holds.
    pub fn own_json(&self) -> Result<String, serde_json::Error> {
        let mut value = serde_json::to_value(self)?;
        if let Some(body) = value.get_mut("body").and_then(Value::as_object_mut) {
            for field in self.kind().row_fields() {
                body.remove(*field);
            }
        }
        serde_json::to_string(&value)
    }

    /// The content kept as `json` (see [`SectionBody::own_json`]), completed with what
    /// `person`'s row holds.
    pub fn from_own_json(json: &str, person: &Person) -> Result<SectionBody, serde_json::Error> {
        let mut value: Value = serde_json::from_str(json)?;
        let kind: SectionKind = serde_json::from_value(value["kind"].clone())?;
        copy_fields(
            kind.row_fields(),
            &serde_json::to_value(person)?,
            &mut value["body"],
        );
        serde_json::from_value(value)
    }

    /// `person` with the fields of the people row this content holds taken from it.
    pub fn onto(&self, person: &Person) -> Result<Person, serde_json::Error> {
        let mut row = serde_json::to_value(person)?;
        let own = serde_json::to_value(self)?;
        copy_fields(self.kind().row_fields(), &own["body"], &mut row);
        serde_json::from_value(row)
    }
}

/// Copies `fields` of the JSON object `from` into the object `to`.
fn copy_fields(fields: &[&str], from: &Value, to: &mut Value) {
    if let Some(to) = to.as_object_mut() {
        for field in fields {
            if let Some(value) = from.get(*field) {
                to.insert((*field).to_owned(), value.clone());
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{test_person, Diagnosis, Setting};

    #[test]
    fn a_section_round_trips_through_json() {
        let body = SectionBody::Keyworker(Keyworker::Named {
            name: "Jo Reid".into(),
            agency: "Keyworking service".into(),
        });
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(serde_json::from_str::<SectionBody>(&json).unwrap(), body);
        assert_eq!(body.kind().code(), "keyworker");
        assert!(Keyworker::in_body(&body).is_some());
        assert!(Narrative::in_body(&body).is_none());
    }

    #[test]
    fn fields_on_the_people_row_are_kept_there_only() {
        let person = test_person();
        let mut details = Details::of(&person);
        details.given_name = "Samuel".into();
        details.preferred_name = "Sam".into();
        let bodies = [
            SectionBody::Details(details),
            SectionBody::Diagnosis(DiagnosisSection {
                diagnosis: Diagnosis::Both,
                other_conditions: "Epilepsy".into(),
            }),
            SectionBody::Home(Home {
                setting: Setting::SupportedLiving,
                since: None,
                inpatient: None,
            }),
        ];
        for body in bodies {
            let own = body.own_json().unwrap();
            for field in body.kind().row_fields() {
                assert!(!own.contains(&format!("\"{field}\":")), "{own}");
            }
            // Written to the row, then read back with it: the same content.
            let moved = body.onto(&person).unwrap();
            assert_ne!(moved, person, "{body:?}");
            assert_eq!(moved.id, person.id);
            assert_eq!(SectionBody::from_own_json(&own, &moved).unwrap(), body);
        }
        let person_now = SectionBody::Home(Home::of(&person)).onto(&person).unwrap();
        assert_eq!(person_now, person, "no change, nothing moved");
        let narrative = SectionBody::Narrative(Narrative::default());
        assert_eq!(narrative.onto(&person).unwrap(), person);
    }

    #[test]
    fn rows_show_each_field_and_say_when_one_is_empty() {
        let narrative = SectionBody::Narrative(Narrative {
            tried: "Positive behaviour support plan".into(),
            ..Narrative::default()
        });
        let rows = narrative.rows();
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[0], ("Current issues".into(), "Not recorded".into()));
        assert_eq!(
            rows[1],
            (
                "What has been tried".into(),
                "Positive behaviour support plan".into()
            )
        );
        assert_eq!(
            SectionBody::Keyworker(Keyworker::Waiting).rows(),
            [(
                "Keyworker".to_owned(),
                "Referred, waiting for a keyworker".to_owned()
            )]
        );
        let details = SectionBody::Details(Details::of(&test_person())).rows();
        assert_eq!(details[0], ("Name".into(), "Sam Okafor".into()));
        assert_eq!(details[3], ("NHS number".into(), "943 476 5919".into()));
        assert_eq!(details[5], ("Sex".into(), "Not recorded".into()));
    }
}
