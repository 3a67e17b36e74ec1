//! The person's diagnosis (kept on the people row, where the register's figures read it)
//! and any other conditions.

use super::words::shown;
use crate::models::checks::Checks;
use crate::{
    error::FieldError,
    models::{Diagnosis, Person, LONG_TEXT_MAX},
};
use serde::{Deserialize, Serialize};

/// The diagnosis section. `diagnosis` lives on the people row (see
/// [`super::SectionKind::row_fields`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnosisSection {
    /// Learning disability, autism, both, or awaiting assessment.
    pub diagnosis: Diagnosis,
    /// Other conditions, physical or mental (up to [`LONG_TEXT_MAX`] characters).
    pub other_conditions: String,
}

impl DiagnosisSection {
    /// The section of `person` before it was ever saved: the diagnosis on their row.
    pub fn of(person: &Person) -> DiagnosisSection {
        DiagnosisSection {
            diagnosis: person.diagnosis,
            other_conditions: String::new(),
        }
    }

    /// What the record shows: a label and a value for each row.
    pub fn rows(&self) -> Vec<(String, String)> {
        vec![
            ("Diagnosis".into(), self.diagnosis.label().to_owned()),
            ("Other conditions".into(), shown(&self.other_conditions)),
        ]
    }

    /// The section as typed: a diagnosis from the list, other conditions bounded.
    pub fn check(diagnosis: &str, other_conditions: &str) -> Result<Self, Vec<FieldError>> {
        let mut c = Checks::default();
        let diagnosis = c.choice("diagnosis", diagnosis, "Choose their diagnosis");
        let other_conditions = c.text(
            "other_conditions",
            "Other conditions",
            other_conditions,
            LONG_TEXT_MAX,
            None,
        );
        c.done(|| {
            Some(DiagnosisSection {
                diagnosis: diagnosis?,
                other_conditions,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnosis_comes_from_the_list_and_other_conditions_are_bounded() {
        assert_eq!(
            DiagnosisSection::check("both", " Epilepsy "),
            Ok(DiagnosisSection {
                diagnosis: Diagnosis::Both,
                other_conditions: "Epilepsy".into()
            })
        );
        let long = "x".repeat(LONG_TEXT_MAX + 1);
        let fields: Vec<String> = DiagnosisSection::check("adhd", &long)
            .unwrap_err()
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, ["diagnosis", "other_conditions"]);
    }
}
