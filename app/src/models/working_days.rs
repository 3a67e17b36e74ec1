//! Working days in England: Monday to Friday, except bank holidays. Bank holidays follow
//! the England and Wales rules (New Year's Day, Good Friday, Easter Monday, the early May,
//! spring and summer bank holidays, Christmas Day and Boxing Day, with substitute days
//! when these fall at a weekend). One-off holidays proclaimed for national events are not
//! known.

use chrono::{Datelike, NaiveDate, Weekday};

/// Working days after `from` up to and including `to` (none when `to` is not later).
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    from.iter_days()
        .skip(1)
        .take_while(|d| *d <= to)
        .filter(|d| !is_weekend(*d) && !is_bank_holiday(*d))
        .count() as u32
}

/// The day `days` working days after `from` (`from` itself when `days` is 0).
pub fn add_working_days(from: NaiveDate, days: u32) -> NaiveDate {
    if days == 0 {
        return from;
    }
    from.iter_days()
        .skip(1)
        .filter(|d| !is_weekend(*d) && !is_bank_holiday(*d))
        .nth(days as usize - 1)
        .expect("dates in range")
}

/// Whether `date` is a bank holiday in England and Wales.
pub fn is_bank_holiday(date: NaiveDate) -> bool {
    bank_holidays(date.year()).contains(&date)
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The bank holidays of `year`.
fn bank_holidays(year: i32) -> Vec<NaiveDate> {
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d).expect("valid date");
    let easter = easter_sunday(year);
    let mut days = vec![
        easter - chrono::Days::new(2),
        easter + chrono::Days::new(1),
        NaiveDate::from_weekday_of_month_opt(year, 5, Weekday::Mon, 1).expect("a May Monday"),
        last_monday(year, 5),
        last_monday(year, 8),
    ];
    // A holiday at a weekend moves to the next weekday not already a holiday.
    for fixed in [ymd(1, 1), ymd(12, 25), ymd(12, 26)] {
        let observed = fixed
            .iter_days()
            .find(|d| !is_weekend(*d) && !days.contains(d))
            .expect("a weekday follows");
        days.push(observed);
    }
    days
}

/// The last Monday of `month` in `year`.
fn last_monday(year: i32, month: u32) -> NaiveDate {
    (1..=5)
        .rev()
        .find_map(|n| NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, n))
        .expect("every month has a Monday")
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm).
fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let (b, c) = (year / 100, year % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a real date")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn sorted(year: i32) -> Vec<String> {
        let mut days = bank_holidays(year);
        days.sort();
        days.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn bank_holidays_match_the_published_lists() {
        // As published on GOV.UK for England and Wales.
        assert_eq!(
            sorted(2025),
            [
                "2025-01-01",
                "2025-04-18",
                "2025-04-21",
                "2025-05-05",
                "2025-05-26",
                "2025-08-25",
                "2025-12-25",
                "2025-12-26"
            ]
        );
        assert_eq!(
            sorted(2026),
            [
                "2026-01-01",
                "2026-04-03",
                "2026-04-06",
                "2026-05-04",
                "2026-05-25",
                "2026-08-31",
                "2026-12-25",
                "2026-12-28"
            ]
        );
        assert_eq!(
            sorted(2027),
            [
                "2027-01-01",
                "2027-03-26",
                "2027-03-29",
                "2027-05-03",
                "2027-05-31",
                "2027-08-30",
                "2027-12-27",
                "2027-12-28"
            ]
        );
        // New Year's Day on a Saturday moves to Monday 3 January.
        assert!(is_bank_holiday(date("2022-01-03")));
        // Christmas on a Sunday: Boxing Day Monday, Christmas substitute Tuesday.
        assert!(is_bank_holiday(date("2022-12-26")) && is_bank_holiday(date("2022-12-27")));
    }

    #[test]
    fn weekends_and_bank_holidays_do_not_count() {
        // Friday 20 to Monday 23 November 2026 is one working day.
        assert_eq!(
            working_days_between(date("2026-11-20"), date("2026-11-23")),
            1
        );
        assert_eq!(
            working_days_between(date("2026-11-20"), date("2026-11-20")),
            0
        );
        assert_eq!(
            working_days_between(date("2026-11-16"), date("2026-11-23")),
            5
        );
        // Received on a Saturday, looked at on the Sunday: none yet.
        assert_eq!(
            working_days_between(date("2026-11-21"), date("2026-11-22")),
            0
        );
        assert_eq!(
            working_days_between(date("2026-11-23"), date("2026-11-20")),
            0
        );
        // Thursday 24 December 2026 to Tuesday 29 December: Christmas Day and the Boxing
        // Day substitute (Monday 28) do not count, so only Tuesday does.
        assert_eq!(
            working_days_between(date("2026-12-24"), date("2026-12-29")),
            1
        );
        // Over Easter 2027: Thursday 25 March to Wednesday 31 March is two working days.
        assert_eq!(
            working_days_between(date("2027-03-25"), date("2027-03-31")),
            2
        );
    }

    #[test]
    fn adding_working_days_skips_weekends_and_bank_holidays() {
        // Friday plus one is Monday; plus none is the day itself.
        assert_eq!(add_working_days(date("2026-11-20"), 1), date("2026-11-23"));
        assert_eq!(add_working_days(date("2026-11-20"), 0), date("2026-11-20"));
        // From Wednesday 23 December 2026, ten working days skip Christmas, the Boxing Day
        // substitute and New Year's Day: Monday 11 January 2027.
        assert_eq!(add_working_days(date("2026-12-23"), 10), date("2027-01-11"));
        // Counting back agrees with counting on.
        for n in 0..40 {
            let start = date("2027-03-20");
            assert_eq!(working_days_between(start, add_working_days(start, n)), n);
        }
    }
}
