//! Dates and times as people in England read them: UK local time (GMT, or BST in summer),
//! and dates written out, such as "3 November 2026". Computed the same way on the
//! server and in the browser, so hydrated pages match the server's HTML.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};

/// Month names, January first. Written out here rather than with chrono's `format`, whose
/// pattern machinery would otherwise be shipped to every browser.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The last Sunday of `month` in `year`.
fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .expect("valid month");
    let last = first_of_next.pred_opt().expect("valid date");
    let back = last.weekday().num_days_from_sunday();
    last - Duration::days(i64::from(back))
}

/// Whether British Summer Time applies at `utc`: from 01:00 UTC on the last Sunday of
/// March until 01:00 UTC on the last Sunday of October.
pub fn is_bst(utc: DateTime<Utc>) -> bool {
    let year = utc.year();
    let start = Utc.from_utc_datetime(&last_sunday(year, 3).and_hms_opt(1, 0, 0).expect("time"));
    let end = Utc.from_utc_datetime(&last_sunday(year, 10).and_hms_opt(1, 0, 0).expect("time"));
    utc >= start && utc < end
}

/// `utc` as UK wall-clock time.
pub fn to_uk(utc: DateTime<Utc>) -> NaiveDateTime {
    let offset = if is_bst(utc) {
        Duration::hours(1)
    } else {
        Duration::zero()
    };
    utc.naive_utc() + offset
}

/// The moment `day` begins in the UK (midnight, GMT or BST).
pub fn uk_day_start(day: NaiveDate) -> DateTime<Utc> {
    let midnight = Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight"));
    let in_summer = midnight - Duration::hours(1);
    if is_bst(in_summer) {
        in_summer
    } else {
        midnight
    }
}

/// Today's date in the UK at `utc`.
pub fn uk_today(utc: DateTime<Utc>) -> NaiveDate {
    to_uk(utc).date()
}

/// A date written out, for example "3 November 2026".
pub fn format_date(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// A moment in UK time, for example "3 November 2026 at 14:05".
pub fn format_date_time(utc: DateTime<Utc>) -> String {
    let uk = to_uk(utc);
    format!(
        "{} at {:02}:{:02}",
        format_date(uk.date()),
        uk.hour(),
        uk.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::winter("2026-01-15", "2026-01-15T00:00:00Z")]
    #[case::summer("2026-07-01", "2026-06-30T23:00:00Z")]
    #[case::clocks_go_forward_that_night("2026-03-29", "2026-03-29T00:00:00Z")]
    #[case::clocks_go_back_that_night("2026-10-25", "2026-10-24T23:00:00Z")]
    fn a_uk_day_starts_at_local_midnight(#[case] day: &str, #[case] utc: &str) {
        let start = uk_day_start(day.parse().unwrap());
        assert_eq!(start, utc.parse::<DateTime<Utc>>().unwrap());
        assert_eq!(uk_today(start), day.parse::<NaiveDate>().unwrap());
        assert_eq!(
            uk_today(start - Duration::seconds(1)),
            day.parse::<NaiveDate>().unwrap().pred_opt().unwrap()
        );
    }

    #[rstest]
    #[case::winter("2026-01-15T12:00:00Z", "15 January 2026 at 12:00")]
    #[case::summer("2026-07-01T12:00:00Z", "1 July 2026 at 13:00")]
    #[case::just_before_spring_change("2026-03-29T00:59:00Z", "29 March 2026 at 00:59")]
    #[case::at_spring_change("2026-03-29T01:00:00Z", "29 March 2026 at 02:00")]
    #[case::just_before_autumn_change("2026-10-25T00:59:00Z", "25 October 2026 at 01:59")]
    #[case::at_autumn_change("2026-10-25T01:00:00Z", "25 October 2026 at 01:00")]
    #[case::summer_midnight_rolls_date("2026-06-30T23:30:00Z", "1 July 2026 at 00:30")]
    fn formats_in_uk_time(#[case] utc: &str, #[case] expected: &str) {
        let utc: DateTime<Utc> = utc.parse().unwrap();
        assert_eq!(format_date_time(utc), expected);
    }

    #[test]
    fn every_month_is_named() {
        let names: Vec<String> = (1..=12)
            .map(|m| format_date(NaiveDate::from_ymd_opt(2027, m, 9).unwrap()))
            .collect();
        assert_eq!(names[0], "9 January 2027");
        assert_eq!(names[8], "9 September 2027");
        assert_eq!(names[11], "9 December 2027");
    }

    #[test]
    fn today_follows_uk_midnight() {
        let utc: DateTime<Utc> = "2026-06-30T23:30:00Z".parse().unwrap();
        assert_eq!(uk_today(utc), NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
        assert_eq!(format_date(uk_today(utc)), "1 July 2026");
    }
}
