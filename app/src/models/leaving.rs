//! Leaving the register: why, when, who decided and why. The record is closed and kept;
//! nothing about the person is deleted.

use super::{bounded_text, past_date, CONSENT_LONG_MAX, CONSENT_SHORT_MAX};
use crate::error::FieldError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Why someone left the register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeavingReason {
    /// The risk of admission has reduced and their situation is stable.
    RiskReduced,
    /// They (or, for a child, their parent) withdrew consent.
    ConsentWithdrawn,
    /// They moved out of the area: another ICB's register takes them on.
    MovedArea,
    /// They moved from the children's register to the adults'.
    AdultRegister,
    /// They died.
    Died,
    /// Another reason, given in words.
    Other,
}

super::coded_enum!(LeavingReason {
    RiskReduced => ("risk_reduced", "Risk reduced and stable"),
    ConsentWithdrawn => ("consent_withdrawn", "Consent withdrawn"),
    MovedArea => ("moved_area", "Moved out of the area"),
    AdultRegister => ("adult_register", "Moved to the adult register"),
    Died => ("died", "Died"),
    Other => ("other", "Other"),
});

/// One time someone left the register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Departure {
    /// Why.
    pub reason: LeavingReason,
    /// The day they left.
    pub left_on: NaiveDate,
    /// Who decided, or who withdrew consent.
    pub decided_by: String,
    /// Why, in words.
    pub why: String,
    /// The receiving ICB for a move, or how a withdrawal of consent was told.
    pub detail: String,
}

/// A departure as it is kept, with who recorded it and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedDeparture {
    /// The departure.
    pub departure: Departure,
    /// Who recorded it (their name).
    pub recorded_by: String,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

/// A closed record in the coordinators' list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedRecord {
    /// Whose record.
    pub id: super::PersonId,
    /// Their full name.
    pub name: String,
    /// Their NHS number, formatted.
    pub nhs_number: String,
    /// The day they left.
    pub left_on: NaiveDate,
    /// Why.
    pub reason: LeavingReason,
}

/// A departure as typed into the form, before it is checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartureAnswers {
    /// The reason's code.
    pub reason: String,
    /// The day they left: day, month, year.
    pub left: [String; 3],
    /// Who decided, or who withdrew consent.
    pub decided_by: String,
    /// Why.
    pub why: String,
    /// The receiving ICB, or how a withdrawal was told.
    pub detail: String,
}

impl DepartureAnswers {
    /// Checks the answers as of `today` for someone born on `born`: a reason from the list,
    /// a real day not in the future nor before birth, who decided, and why; the receiving
    /// ICB for a move and how it was told for a withdrawal of consent. Errors name the form's
    /// fields: `reason`, `left_day`, `left_year`, `decided_by`, `why`, `detail`.
    pub fn check(&self, today: NaiveDate, born: NaiveDate) -> Result<Departure, Vec<FieldError>> {
        let mut errors = Vec::new();
        let reason = self.reason.parse::<LeavingReason>().ok();
        if reason.is_none() {
            errors.push(FieldError {
                field: "reason".into(),
                message: "Select why they are leaving the register".into(),
            });
        }
        let (who, why, detail) = match reason {
            Some(LeavingReason::ConsentWithdrawn) => (
                "Enter who withdrew consent",
                "",
                "Enter how consent was withdrawn (for example, by phone to the LDA team)",
            ),
            Some(LeavingReason::MovedArea) => (
                "Enter who decided",
                "Enter why they are leaving the register",
                "Enter the receiving ICB",
            ),
            _ => (
                "Enter who decided",
                "Enter why they are leaving the register",
                "",
            ),
        };
        // In the form's order, so the error summary reads as the form does.
        let [d, m, y] = &self.left;
        let left_on = past_date(
            [d, m, y],
            today,
            Some(born),
            "left",
            "the date they left",
            &mut errors,
        );
        let e = &mut errors;
        let decided_by = bounded_text(&self.decided_by, "decided_by", who, CONSENT_SHORT_MAX, e);
        let why = bounded_text(&self.why, "why", why, CONSENT_LONG_MAX, e);
        let detail = bounded_text(&self.detail, "detail", detail, CONSENT_SHORT_MAX, e);
        match (reason, left_on) {
            (Some(reason), Some(left_on)) if errors.is_empty() => Ok(Departure {
                reason,
                left_on,
                decided_by,
                why,
                detail,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(reason: &str) -> DepartureAnswers {
        DepartureAnswers {
            reason: reason.into(),
            left: ["2".into(), "12".into(), "2026".into()],
            decided_by: "Priya Shah, LDA coordinator".into(),
            why: "Settled at home for six months with support in place.".into(),
            detail: String::new(),
        }
    }

    fn check(a: &DepartureAnswers) -> Result<Departure, Vec<String>> {
        a.check("2026-12-03".parse().unwrap(), "2001-04-05".parse().unwrap())
            .map_err(|e| e.into_iter().map(|e| e.field).collect())
    }

    #[test]
    fn a_complete_departure_is_accepted() {
        let d = check(&answers("risk_reduced")).unwrap();
        assert_eq!(d.reason, LeavingReason::RiskReduced);
        assert_eq!(d.left_on, "2026-12-02".parse::<NaiveDate>().unwrap());
    }

    #[test]
    fn each_reason_asks_for_what_it_needs() {
        assert_eq!(check(&answers("moved_area")).unwrap_err(), ["detail"]);
        let mut withdrawn = answers("consent_withdrawn");
        withdrawn.why.clear();
        assert_eq!(check(&withdrawn).unwrap_err(), ["detail"]);
        withdrawn.detail = "Told the LDA team by phone".into();
        assert!(check(&withdrawn).is_ok());
    }

    #[test]
    fn bad_answers_are_refused_field_by_field() {
        let a = DepartureAnswers {
            reason: "bored".into(),
            left: ["1".into(), "1".into(), "2001".into()],
            decided_by: String::new(),
            why: "w".repeat(CONSENT_LONG_MAX + 1),
            detail: String::new(),
        };
        assert_eq!(
            check(&a).unwrap_err(),
            ["reason", "left_year", "decided_by", "why"],
            "in the form's order"
        );
    }
}
