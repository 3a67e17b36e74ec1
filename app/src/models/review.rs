//! When a person's next review is due.

use super::Rating;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

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
