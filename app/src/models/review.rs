//! Reviews of a person: when the next is due, and a review's outcome as recorded.

use super::{bounded_text, past_date, Rating, Rationale, RationaleError, CONSENT_LONG_MAX};
use crate::error::FieldError;
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The furthest ahead a next review may be set, in days.
pub const NEXT_REVIEW_MAX_DAYS: u64 = 366;

/// A review's outcome, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// The day it was held.
    pub held_on: NaiveDate,
    /// Who took part: agencies and names.
    pub attendees: String,
    /// The rating after the review (the same as before when confirmed).
    pub rating: Rating,
    /// Why that outcome.
    pub rationale: Rationale,
    /// Anything else agreed.
    pub notes: String,
    /// The next review; `None` for the rating's usual interval from the day it was held.
    pub next_due: Option<NaiveDate>,
    /// Why the next review is not at the usual interval.
    pub next_reason: String,
}

/// A review as kept, with the rating before it and who recorded it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedReview {
    /// The review (its `next_due` is the date set).
    pub review: Review,
    /// The rating before the review.
    pub before: Rating,
    /// Who recorded it (their name).
    pub recorded_by: String,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

/// A review as typed into the form, before it is checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewAnswers {
    /// The day it was held: day, month, year.
    pub held: [String; 3],
    /// Who took part.
    pub attendees: String,
    /// The rating after (a code).
    pub rating: String,
    /// Why.
    pub rationale: String,
    /// Anything else agreed.
    pub notes: String,
    /// The next review: day, month, year, all empty for the usual interval.
    pub next: [String; 3],
    /// Why a different next review date.
    pub next_reason: String,
}

impl ReviewAnswers {
    /// Checks the answers as of `today` for someone born on `born`: held on a real day not in
    /// the future, who took part, an outcome with its reason (as a rating change's), notes
    /// bounded, and a next review either left blank (the usual interval) or a real day after
    /// the review and within a year, with a reason when it differs from the usual one.
    /// Errors name the form's fields: `held_day`, `held_year`, `attendees`, `rating`,
    /// `rationale`, `notes`, `next_day`, `next_reason`.
    pub fn check(
        &self,
        today: NaiveDate,
        born: NaiveDate,
        intervals: &ReviewIntervals,
    ) -> Result<Review, Vec<FieldError>> {
        let mut errors = Vec::new();
        let [d, m, y] = &self.held;
        let held_on = past_date(
            [d, m, y],
            today,
            Some(born),
            "held",
            "the date it was held",
            &mut errors,
        );
        let e = &mut errors;
        let attendees = bounded_text(
            &self.attendees,
            "attendees",
            "Enter who took part in the review",
            CONSENT_LONG_MAX,
            e,
        );
        let rating = self.rating.parse::<Rating>().ok();
        if rating.is_none() {
            e.push(FieldError {
                field: "rating".into(),
                message: "Choose the outcome: keep the rating or change it".into(),
            });
        }
        let rationale = Rationale::try_from(self.rationale.clone())
            .map_err(|err| {
                let message = match err {
                    RationaleError::Empty => "Enter the reason for the outcome".to_owned(),
                    other => other.to_string(),
                };
                e.push(FieldError {
                    field: "rationale".into(),
                    message,
                })
            })
            .ok();
        let notes = bounded_text(&self.notes, "notes", "", CONSENT_LONG_MAX, e);
        let next_reason = bounded_text(&self.next_reason, "next_reason", "", CONSENT_LONG_MAX, e);
        let next_due = self.next_due(held_on, rating, intervals, &next_reason, e);
        match (held_on, rating, rationale) {
            (Some(held_on), Some(rating), Some(rationale)) if errors.is_empty() => Ok(Review {
                held_on,
                attendees,
                rating,
                rationale,
                notes,
                next_due,
                next_reason,
            }),
            _ => Err(errors),
        }
    }

    /// The next review date given, if any: after the review, within a year of it, and with
    /// a reason when it is not the rating's usual interval.
    fn next_due(
        &self,
        held_on: Option<NaiveDate>,
        rating: Option<Rating>,
        intervals: &ReviewIntervals,
        reason: &str,
        errors: &mut Vec<FieldError>,
    ) -> Option<NaiveDate> {
        let [d, m, y] = &self.next;
        if [d, m, y].iter().all(|p| p.trim().is_empty()) {
            return None;
        }
        let mut fail = |field: &str, message: &str| {
            errors.push(FieldError {
                field: field.into(),
                message: message.into(),
            });
            None
        };
        let date = match (d.trim().parse(), m.trim().parse(), y.trim().parse()) {
            (Ok(d), Ok(m), Ok(y)) => NaiveDate::from_ymd_opt(y, m, d),
            _ => None,
        };
        let Some(date) = date else {
            return fail(
                "next_day",
                "Enter the next review as a real date, like 27 3 2027",
            );
        };
        let (Some(held_on), Some(rating)) = (held_on, rating) else {
            return Some(date);
        };
        if date <= held_on {
            return fail("next_day", "The next review must be after this one");
        }
        if Some(date) > held_on.checked_add_days(Days::new(NEXT_REVIEW_MAX_DAYS)) {
            return fail(
                "next_day",
                "The next review must be within a year of this one",
            );
        }
        if date != intervals.due(rating, held_on) && reason.is_empty() {
            return fail(
                "next_reason",
                "Enter why the next review is not at the usual interval",
            );
        }
        Some(date)
    }
}

/// Review interval in days for each rating: a setting, defaulting to
/// [`Rating::default_review_days`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewIntervals {
    /// Days between reviews for Blue.
    pub blue: u32,
    /// Days between reviews for Red.
    pub red: u32,
    /// Days between reviews for Amber.
    pub amber: u32,
    /// Days between reviews for Green.
    pub green: u32,
}

impl Default for ReviewIntervals {
    fn default() -> Self {
        ReviewIntervals {
            blue: Rating::Blue.default_review_days(),
            red: Rating::Red.default_review_days(),
            amber: Rating::Amber.default_review_days(),
            green: Rating::Green.default_review_days(),
        }
    }
}

impl ReviewIntervals {
    /// The interval for one rating.
    pub fn days(&self, rating: Rating) -> u32 {
        match rating {
            Rating::Blue => self.blue,
            Rating::Red => self.red,
            Rating::Amber => self.amber,
            Rating::Green => self.green,
        }
    }

    /// The day the next review is due for someone rated `rating` on `since`.
    pub fn due(&self, rating: Rating, since: NaiveDate) -> NaiveDate {
        since
            .checked_add_days(Days::new(u64::from(self.days(rating))))
            .expect("dates in range")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn answers() -> ReviewAnswers {
        ReviewAnswers {
            held: ["2".into(), "12".into(), "2026".into()],
            attendees: "Jo Reid (community nurse), Sam's mother, LDA team".into(),
            rating: "amber".into(),
            rationale: "Still at risk while the new support starts.".into(),
            notes: String::new(),
            next: Default::default(),
            next_reason: String::new(),
        }
    }

    fn check(a: &ReviewAnswers) -> Result<Review, Vec<String>> {
        let today = "2026-12-03".parse().unwrap();
        let born = "2010-06-15".parse().unwrap();
        a.check(today, born, &ReviewIntervals::default())
            .map_err(|e| e.into_iter().map(|e| e.field).collect())
    }

    #[test]
    fn a_review_keeping_the_rating_at_the_usual_interval() {
        let r = check(&answers()).unwrap();
        assert_eq!(r.rating, Rating::Amber);
        assert_eq!(r.next_due, None);
        assert_eq!(r.held_on, "2026-12-02".parse::<NaiveDate>().unwrap());
    }

    #[rstest]
    // The usual interval given in full needs no reason.
    #[case::usual_date(["30", "12", "2026"], "", Ok(Some("2026-12-30")))]
    #[case::sooner_with_reason(["16", "12", "2026"], "Move planned", Ok(Some("2026-12-16")))]
    #[case::sooner_without_reason(["16", "12", "2026"], "", Err(vec!["next_reason"]))]
    #[case::same_day(["2", "12", "2026"], "x", Err(vec!["next_day"]))]
    #[case::over_a_year(["4", "12", "2027"], "x", Err(vec!["next_day"]))]
    #[case::not_a_date(["31", "2", "2027"], "x", Err(vec!["next_day"]))]
    fn next_review_dates(
        #[case] next: [&str; 3],
        #[case] reason: &str,
        #[case] expected: Result<Option<&str>, Vec<&str>>,
    ) {
        let mut a = answers();
        a.next = next.map(String::from);
        a.next_reason = reason.into();
        let got = check(&a).map(|r| r.next_due);
        let expected = expected
            .map(|d| d.map(|d| d.parse::<NaiveDate>().unwrap()))
            .map_err(|f| f.into_iter().map(String::from).collect::<Vec<_>>());
        assert_eq!(got, expected);
    }

    #[test]
    fn bad_answers_are_refused_field_by_field() {
        let a = ReviewAnswers {
            held: ["4".into(), "12".into(), "2026".into()],
            attendees: " ".into(),
            rating: "purple".into(),
            rationale: String::new(),
            notes: "n".repeat(CONSENT_LONG_MAX + 1),
            next: Default::default(),
            next_reason: String::new(),
        };
        assert_eq!(
            check(&a).unwrap_err(),
            ["held_day", "attendees", "rating", "rationale", "notes"]
        );
        // The reason is for the outcome, which may keep the rating as it was.
        let today = "2026-12-03".parse().unwrap();
        let born = "2001-04-05".parse().unwrap();
        let problems = a
            .check(today, born, &ReviewIntervals::default())
            .unwrap_err();
        let reason = problems.iter().find(|p| p.field == "rationale").unwrap();
        assert_eq!(reason.message, "Enter the reason for the outcome");
    }

    #[rstest]
    #[case::red_fortnight(Rating::Red, "2026-11-23", "2026-12-07")]
    #[case::amber_over_year_end(Rating::Amber, "2026-12-20", "2027-01-17")]
    #[case::green_quarter(Rating::Green, "2026-01-01", "2026-04-01")]
    #[case::blue_over_leap_day(Rating::Blue, "2028-02-10", "2028-03-09")]
    fn default_due_dates(#[case] rating: Rating, #[case] since: &str, #[case] due: &str) {
        let since: NaiveDate = since.parse().unwrap();
        assert_eq!(
            ReviewIntervals::default().due(rating, since),
            due.parse::<NaiveDate>().unwrap()
        );
    }

    #[test]
    fn uses_configured_interval() {
        let intervals = ReviewIntervals {
            red: 7,
            ..ReviewIntervals::default()
        };
        let since: NaiveDate = "2026-11-23".parse().unwrap();
        assert_eq!(
            intervals.due(Rating::Red, since),
            "2026-11-30".parse::<NaiveDate>().unwrap()
        );
    }
}
