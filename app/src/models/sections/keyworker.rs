//! The person's keyworker (for people aged up to 25), or why there is none, and when the
//! record says they are eligible for one.

use crate::models::checks::Checks;
use crate::{
    error::FieldError,
    models::{is_keyworker_age, Rating, SHORT_TEXT_MAX},
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The person's keyworker, or why there is none.
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

    /// The keyworker as typed: a `status` code, and for a named keyworker their `name` and
    /// `agency` (both needed, each bounded).
    pub fn check(status: &str, name: &str, agency: &str) -> Result<Keyworker, Vec<FieldError>> {
        let mut c = Checks::default();
        let keyworker = match status {
            "named" => {
                let name = c.text(
                    "name",
                    "The keyworker's name",
                    name,
                    SHORT_TEXT_MAX,
                    Some("Enter the keyworker's name"),
                );
                let agency = c.text(
                    "agency",
                    "The keyworker's agency",
                    agency,
                    SHORT_TEXT_MAX,
                    Some("Enter the keyworker's agency"),
                );
                Some(Keyworker::Named { name, agency })
            }
            "waiting" => Some(Keyworker::Waiting),
            "not_needed" => Some(Keyworker::NotNeeded),
            _ => {
                c.fail("status", "Choose whether the person has a keyworker");
                None
            }
        };
        c.done(|| keyworker)
    }
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
    fn a_named_keyworker_needs_a_name_and_agency() {
        let fields = |status, name, agency| -> Vec<String> {
            Keyworker::check(status, name, agency)
                .unwrap_err()
                .into_iter()
                .map(|p| p.field)
                .collect()
        };
        assert_eq!(fields("named", " ", ""), ["name", "agency"]);
        assert_eq!(fields("", "Jo", "LA"), ["status"]);
        let long = "x".repeat(SHORT_TEXT_MAX + 1);
        assert_eq!(fields("named", &long, "LA"), ["name"]);
        assert_eq!(
            Keyworker::check("named", " Jo Reid ", "Keyworking service"),
            Ok(Keyworker::Named {
                name: "Jo Reid".into(),
                agency: "Keyworking service".into()
            })
        );
        assert_eq!(
            Keyworker::check("waiting", "ignored", ""),
            Ok(Keyworker::Waiting)
        );
    }
}
