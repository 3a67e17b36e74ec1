//! Where the person lives now (the setting is kept on the people row and shown on the
//! card) and since when; for an inpatient, the unit, its type, whether it is out of area,
//! the admission and the Mental Health Act status (DOMAIN.md, "Coded values").

use super::words::shown;
use crate::models::checks::Checks;
use crate::{
    error::FieldError,
    models::{coded_enum, format_date, Person, Setting, SHORT_TEXT_MAX},
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The kind of inpatient unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ward {
    /// A specialist learning disability or autism unit.
    SpecialistLd,
    /// An adult mental health ward.
    AdultMentalHealth,
    /// A children and young people's mental health ward.
    ChildrenMentalHealth,
}

coded_enum!(Ward {
    SpecialistLd => ("specialist_ld", "Specialist learning disability or autism unit"),
    AdultMentalHealth => ("adult_mental_health", "Adult mental health ward"),
    ChildrenMentalHealth => ("children_mental_health", "Children and young people's mental health ward"),
});

/// How secure the unit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// Not a secure service.
    NonSecure,
    /// Low secure.
    Low,
    /// Medium secure.
    Medium,
    /// High secure.
    High,
}

coded_enum!(Security {
    NonSecure => ("non_secure", "Non-secure"),
    Low => ("low", "Low secure"),
    Medium => ("medium", "Medium secure"),
    High => ("high", "High secure"),
});

/// Whether the unit is in the ICB's own area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// In the ICB's area.
    InArea,
    /// Out of the ICB's area.
    OutOfArea,
}

coded_enum!(Placement {
    InArea => ("in_area", "In area"),
    OutOfArea => ("out_of_area", "Out of area"),
});

/// Mental Health Act 1983 status while in hospital; the section can change during an
/// admission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MhaStatus {
    /// Not detained.
    Informal,
    /// Section 2 (assessment).
    Section2,
    /// Section 3 (treatment).
    Section3,
    /// Section 37 (a hospital order from a court).
    Section37,
    /// Section 37/41 (with restrictions).
    Section37_41,
    /// Section 47/49 (transferred from prison, with restrictions).
    Section47_49,
    /// Section 48/49 (transferred from prison before sentence, with restrictions).
    Section48_49,
    /// Another section (the text says which).
    Other,
}

coded_enum!(MhaStatus {
    Informal => ("informal", "None: informal (not detained)"),
    Section2 => ("section_2", "Section 2"),
    Section3 => ("section_3", "Section 3"),
    Section37 => ("section_37", "Section 37"),
    Section37_41 => ("section_37_41", "Section 37/41"),
    Section47_49 => ("section_47_49", "Section 47/49"),
    Section48_49 => ("section_48_49", "Section 48/49"),
    Other => ("other", "Another section"),
});

/// A stay in hospital.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inpatient {
    /// The unit or ward's name.
    pub unit: String,
    /// Who runs it.
    pub provider: String,
    /// What kind of unit.
    pub ward: Ward,
    /// How secure it is.
    pub security: Security,
    /// In or out of the ICB's area.
    pub placement: Placement,
    /// The day they were admitted.
    pub admitted_on: NaiveDate,
    /// Mental Health Act status.
    pub mha: MhaStatus,
    /// Which section, when [`MhaStatus::Other`]; empty otherwise.
    pub mha_other: String,
}

/// Where the person lives. `setting` lives on the people row (see
/// [`super::SectionKind::row_fields`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Home {
    /// The setting, as the card shows it.
    pub setting: Setting,
    /// Since when, if known.
    pub since: Option<NaiveDate>,
    /// The stay in hospital, exactly when the setting is an inpatient unit.
    pub inpatient: Option<Inpatient>,
}

impl Home {
    /// The section of `person` before it was ever saved: the setting on their row.
    pub fn of(person: &Person) -> Home {
        Home {
            setting: person.setting,
            since: None,
            inpatient: None,
        }
    }

    /// What the record shows: a label and a value for each row.
    pub fn rows(&self) -> Vec<(String, String)> {
        let mut rows = vec![
            (
                "Where they live".to_owned(),
                self.setting.label().to_owned(),
            ),
            (
                "Living there since".to_owned(),
                self.since.map_or_else(|| shown(""), format_date),
            ),
        ];
        if let Some(i) = &self.inpatient {
            let mha = match i.mha {
                MhaStatus::Other => i.mha_other.clone(),
                other => other.label().to_owned(),
            };
            rows.extend(
                [
                    ("Unit", i.unit.clone()),
                    ("Provider", i.provider.clone()),
                    ("Type of unit", i.ward.label().to_owned()),
                    ("Security", i.security.label().to_owned()),
                    ("In or out of area", i.placement.label().to_owned()),
                    ("Admitted", format_date(i.admitted_on)),
                    ("Mental Health Act", mha),
                ]
                .map(|(label, value)| (label.to_owned(), value)),
            );
        }
        rows
    }
}

/// The form of where someone lives, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeAnswers {
    /// A [`Setting`] code.
    pub setting: String,
    /// Since when: day, month, year (all empty when not known).
    pub since: [String; 3],
    /// The unit.
    pub unit: String,
    /// Its provider.
    pub provider: String,
    /// A [`Ward`] code.
    pub ward: String,
    /// A [`Security`] code.
    pub security: String,
    /// A [`Placement`] code.
    pub placement: String,
    /// The admission: day, month, year.
    pub admitted: [String; 3],
    /// An [`MhaStatus`] code.
    pub mha: String,
    /// Which other section.
    pub mha_other: String,
}

impl HomeAnswers {
    /// Checks the answers as of `today` for someone born on `born`: a setting from the
    /// list, and a "since" date (if given) not in the future nor before birth. For an
    /// inpatient every hospital answer is needed (the admission not in the future nor
    /// before birth, the other section named when "another section"); for anyone else
    /// the hospital answers are left out. Errors name the form's fields.
    pub fn check(&self, today: NaiveDate, born: NaiveDate) -> Result<Home, Vec<FieldError>> {
        let mut c = Checks::default();
        let setting = c.choice("setting", &self.setting, "Choose where they live now");
        let since = c.date(
            "since",
            "the date they started living there",
            &self.since,
            today,
            Some(born),
            None,
        );
        let inpatient = if setting == Some(Setting::InpatientUnit) {
            self.inpatient(&mut c, today, born)
        } else {
            None
        };
        c.done(|| {
            Some(Home {
                setting: setting?,
                since,
                inpatient,
            })
        })
    }

    /// The hospital answers, each needed.
    fn inpatient(&self, c: &mut Checks, today: NaiveDate, born: NaiveDate) -> Option<Inpatient> {
        let max = SHORT_TEXT_MAX;
        let unit = c.text(
            "unit",
            "Unit",
            &self.unit,
            max,
            Some("Enter the unit's name"),
        );
        let provider = c.text(
            "provider",
            "Provider",
            &self.provider,
            max,
            Some("Enter who provides the unit"),
        );
        let ward = c.choice("ward", &self.ward, "Choose the type of unit");
        let security = c.choice("security", &self.security, "Choose how secure the unit is");
        let placement = c.choice(
            "placement",
            &self.placement,
            "Choose whether the unit is in or out of area",
        );
        let admitted_on = c.date(
            "admitted",
            "the admission date",
            &self.admitted,
            today,
            Some(born),
            Some("Enter the date they were admitted"),
        );
        let mha = c.choice(
            "mha",
            &self.mha,
            "Choose their Mental Health Act status (informal if not detained)",
        );
        let mha_other = if mha == Some(MhaStatus::Other) {
            c.text(
                "mha_other",
                "The section",
                &self.mha_other,
                max,
                Some("Enter which section of the Mental Health Act"),
            )
        } else {
            String::new()
        };
        Some(Inpatient {
            unit,
            provider,
            ward: ward?,
            security: security?,
            placement: placement?,
            admitted_on: admitted_on?,
            mha: mha?,
            mha_other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn date(s: &str) -> [String; 3] {
        let d = day(s);
        use chrono::Datelike;
        [d.day(), d.month(), d.year() as u32].map(|n| n.to_string())
    }

    fn inpatient() -> HomeAnswers {
        HomeAnswers {
            setting: "inpatient_unit".into(),
            since: date("2026-10-01"),
            unit: "Cedar Ward".into(),
            provider: "Northshire NHS Foundation Trust".into(),
            ward: "specialist_ld".into(),
            security: "low".into(),
            placement: "out_of_area".into(),
            admitted: date("2026-10-01"),
            mha: "section_3".into(),
            mha_other: "ignored".into(),
        }
    }

    fn fields(answers: &HomeAnswers) -> Vec<String> {
        answers
            .check(day("2026-12-03"), day("2010-06-01"))
            .unwrap_err()
            .into_iter()
            .map(|p| p.field)
            .collect()
    }

    #[test]
    fn an_inpatient_stay_is_kept_in_full() {
        let home = inpatient()
            .check(day("2026-12-03"), day("2010-06-01"))
            .unwrap();
        let stay = home.inpatient.unwrap();
        assert_eq!(stay.placement, Placement::OutOfArea);
        assert_eq!(stay.mha, MhaStatus::Section3);
        assert_eq!(stay.mha_other, "", "only for another section");
        assert_eq!(stay.admitted_on, day("2026-10-01"));
    }

    #[test]
    fn hospital_answers_are_needed_only_for_an_inpatient() {
        let at_home = HomeAnswers {
            setting: "family_home".into(),
            since: Default::default(),
            ..HomeAnswers::default()
        };
        let home = at_home.check(day("2026-12-03"), day("2010-06-01")).unwrap();
        assert_eq!(home.setting, Setting::FamilyHome);
        assert_eq!((home.since, home.inpatient), (None, None));
        // Left over from a hospital stay: dropped, not checked.
        let discharged = HomeAnswers {
            setting: "supported_living".into(),
            ..inpatient()
        };
        let home = discharged
            .check(day("2026-12-03"), day("2010-06-01"))
            .unwrap();
        assert_eq!(home.inpatient, None);
        assert_eq!(
            fields(&HomeAnswers {
                setting: "inpatient_unit".into(),
                ..HomeAnswers::default()
            }),
            [
                "unit",
                "provider",
                "ward",
                "security",
                "placement",
                "admitted_day",
                "mha"
            ]
        );
    }

    #[rstest]
    #[case::no_setting(HomeAnswers { setting: String::new(), ..inpatient() }, &["setting"])]
    #[case::unknown_codes(HomeAnswers { ward: "prison".into(), security: "max".into(), placement: "abroad".into(), mha: "s136".into(), ..inpatient() }, &["ward", "security", "placement", "mha"])]
    #[case::admitted_tomorrow(HomeAnswers { admitted: date("2026-12-04"), ..inpatient() }, &["admitted_day"])]
    #[case::admitted_before_birth(HomeAnswers { admitted: date("2010-05-31"), ..inpatient() }, &["admitted_year"])]
    #[case::since_before_birth(HomeAnswers { since: date("2009-01-01"), ..inpatient() }, &["since_year"])]
    #[case::other_section_unnamed(HomeAnswers { mha: "other".into(), mha_other: " ".into(), ..inpatient() }, &["mha_other"])]
    #[case::long_unit(HomeAnswers { unit: "x".repeat(SHORT_TEXT_MAX + 1), ..inpatient() }, &["unit"])]
    fn problems_name_their_fields(#[case] answers: HomeAnswers, #[case] expected: &[&str]) {
        assert_eq!(fields(&answers), expected);
    }

    #[test]
    fn rows_show_the_stay_and_another_section_in_words() {
        let answers = HomeAnswers {
            mha: "other".into(),
            mha_other: "Section 35".into(),
            ..inpatient()
        };
        let rows = answers
            .check(day("2026-12-03"), day("2010-06-01"))
            .unwrap()
            .rows();
        assert_eq!(rows[0], ("Where they live".into(), "Inpatient unit".into()));
        assert!(rows.contains(&("In or out of area".into(), "Out of area".into())));
        assert!(rows.contains(&("Mental Health Act".into(), "Section 35".into())));
    }
}
