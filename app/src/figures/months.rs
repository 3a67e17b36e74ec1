//! Month ends and month names for the trends, the same on the server and in the browser.

use crate::models::MONTHS as NAMES;
use chrono::{Datelike, Months, NaiveDate};

/// How many month ends the trends show.
pub const TREND_MONTHS: usize = 12;

/// "November 2026".
pub fn month_name(day: NaiveDate) -> String {
    format!("{} {}", NAMES[day.month0() as usize], day.year())
}

/// "Nov": the month's name shortened, for a chart's axis.
pub fn short_name(day: NaiveDate) -> &'static str {
    &NAMES[day.month0() as usize][..3]
}

/// The last day of the month `day` is in.
pub fn month_end(day: NaiveDate) -> NaiveDate {
    let first = day.with_day(1).expect("a first of the month");
    (first + Months::new(1)).pred_opt().expect("a date")
}

/// The [`TREND_MONTHS`] month ends on or before `day`, oldest first.
pub fn month_ends(day: NaiveDate) -> Vec<NaiveDate> {
    let last = if month_end(day) == day {
        day
    } else {
        day.with_day(1)
            .expect("a first")
            .pred_opt()
            .expect("a date")
    };
    let first_of_last = last.with_day(1).expect("a first");
    let mut ends: Vec<NaiveDate> = (0..TREND_MONTHS as u32)
        .map(|back| month_end(first_of_last - Months::new(back)))
        .collect();
    ends.reverse();
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn twelve_month_ends_up_to_the_day() {
        let ends = month_ends(d("2026-12-05"));
        assert_eq!(ends.len(), 12);
        assert_eq!(ends[0], d("2025-12-31"));
        assert_eq!(ends[11], d("2026-11-30"));
        let ends = month_ends(d("2026-02-28"));
        assert_eq!(ends[11], d("2026-02-28"));
        assert_eq!(ends[10], d("2026-01-31"));
        assert_eq!(month_ends(d("2024-03-01"))[11], d("2024-02-29"));
        assert_eq!(month_name(d("2026-11-30")), "November 2026");
        assert_eq!(short_name(d("2026-09-30")), "Sep");
    }
}
