//! The root-cause review of an admission that had no community C(E)TR or emergency
//! protocol meeting before it: the day it was done and what it found.

use crate::models::checks::Checks;
use crate::{
    error::FieldError,
    models::{format_date, CONSENT_LONG_MAX},
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A root-cause review of one admission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootCauseReview {
    /// The day of the admission it looked into.
    pub admitted_on: NaiveDate,
    /// The day it was done.
    pub done_on: NaiveDate,
    /// What it found: was the person on the register, and what would have helped.
    pub notes: String,
}

impl RootCauseReview {
    /// The review of the admission on `admitted_on` as typed: the day it was done
    /// (`done`: day, month, year; not before the admission, not after `today`) and its
    /// notes (needed, bounded).
    pub fn check(
        admitted_on: NaiveDate,
        done: &[String; 3],
        notes: &str,
        today: NaiveDate,
    ) -> Result<RootCauseReview, Vec<FieldError>> {
        let mut c = Checks::default();
        let done_on = c
            .date(
                "done",
                "the day the review was done",
                done,
                today,
                None,
                Some("Enter the date the review was done"),
            )
            .filter(|d| {
                let after = *d >= admitted_on;
                if !after {
                    c.fail(
                        "done_day",
                        format!(
                            "The day the review was done must be on or after the admission, {}",
                            format_date(admitted_on)
                        ),
                    );
                }
                after
            });
        let notes = c.text(
            "notes",
            "What the review found",
            notes,
            CONSENT_LONG_MAX,
            Some("Enter what the review found"),
        );
        c.done(|| {
            Some(RootCauseReview {
                admitted_on,
                done_on: done_on?,
                notes,
            })
        })
    }

    /// What the record shows of it.
    pub fn rows(&self) -> Vec<(String, String)> {
        vec![
            ("Admission reviewed".into(), format_date(self.admitted_on)),
            ("Review done".into(), format_date(self.done_on)),
            ("What it found".into(), self.notes.clone()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn parts(d: &str, m: &str, y: &str) -> [String; 3] {
        [d.into(), m.into(), y.into()]
    }

    #[test]
    fn a_review_is_dated_between_the_admission_and_today_with_notes() {
        let (admitted, today) = (day("2026-10-01"), day("2026-12-03"));
        let review =
            RootCauseReview::check(admitted, &parts("2", "11", "2026"), " Not known ", today)
                .unwrap();
        assert_eq!(review.done_on, day("2026-11-02"));
        assert_eq!(review.notes, "Not known");
        let fields = |done: [String; 3], notes: &str| {
            RootCauseReview::check(admitted, &done, notes, today)
                .unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect::<Vec<_>>()
        };
        assert_eq!(fields(parts("", "", ""), ""), ["done_day", "notes"]);
        // Before the admission, or in the future.
        assert_eq!(fields(parts("30", "9", "2026"), "n"), ["done_day"]);
        assert_eq!(fields(parts("4", "12", "2026"), "n"), ["done_day"]);
        assert_eq!(
            fields(parts("2", "11", "2026"), &"n".repeat(CONSENT_LONG_MAX + 1)),
            ["notes"]
        );
    }
}
