//! Age groups, derived from date of birth: the register keeps children and adults apart.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The oldest age at which keyworking applies (0 to 25).
pub const KEYWORKER_MAX_AGE: u32 = 25;

/// Children (under 18) and adults are seen in separate views.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AgeGroup {
    /// Under 18 on the given day.
    Child,
    /// 18 or over on the given day.
    Adult,
}

super::coded_enum!(AgeGroup {
    Child => ("child", "Child"),
    Adult => ("adult", "Adult"),
});

impl AgeGroup {
    /// The age group of someone born on `dob`, on the day `today`.
    pub fn of(dob: NaiveDate, today: NaiveDate) -> AgeGroup {
        if age_on(dob, today) < 18 {
            AgeGroup::Child
        } else {
            AgeGroup::Adult
        }
    }
}

/// Whether keyworking applies (aged 0 to 25) on `today`.
pub fn is_keyworker_age(dob: NaiveDate, today: NaiveDate) -> bool {
    age_on(dob, today) <= KEYWORKER_MAX_AGE
}

/// The day someone born on `dob` turns `age`: 1 March for a 29 February birthday in a
/// year without one, as in English law.
pub fn birthday(dob: NaiveDate, age: u32) -> NaiveDate {
    let year = dob.year() + i32::try_from(age).expect("an age");
    NaiveDate::from_ymd_opt(year, dob.month(), dob.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .expect("dates in range")
}

/// Age in whole years on `today`. Someone born on 29 February becomes a year older on
/// 1 March in years without a 29 February, as in English law.
pub fn age_on(dob: NaiveDate, today: NaiveDate) -> u32 {
    if today < dob {
        return 0;
    }
    let years = today.year() - dob.year();
    let had_birthday = (today.month(), today.day()) >= (dob.month(), dob.day());
    (years - i32::from(!had_birthday)) as u32
}

/// People born after the returned day are younger than `years` on `today`: a cut-off the
/// database filters on, consistent with [`age_on`].
fn under_age_born_after(years: u32, today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_months(Months::new(years * 12))
        .expect("dates in range")
}

/// People born after the returned day are children on `today` (see [`AgeGroup::of`]).
pub fn child_born_after(today: NaiveDate) -> NaiveDate {
    under_age_born_after(18, today)
}

/// People born after the returned day are of keyworking age on `today` (see
/// [`is_keyworker_age`]).
pub fn keyworker_age_born_after(today: NaiveDate) -> NaiveDate {
    under_age_born_after(KEYWORKER_MAX_AGE + 1, today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[rstest]
    #[case::eighteenth_birthday_today("2008-11-23", "2026-11-23", AgeGroup::Adult, 18)]
    #[case::day_before_eighteenth("2008-11-24", "2026-11-23", AgeGroup::Child, 17)]
    #[case::leapling_day_before_in_common_year("2008-02-29", "2026-02-28", AgeGroup::Child, 17)]
    #[case::leapling_turns_on_first_march("2008-02-29", "2026-03-01", AgeGroup::Adult, 18)]
    #[case::leapling_in_common_year_at_eighteen("2012-02-29", "2030-02-28", AgeGroup::Child, 17)]
    #[case::newborn("2026-11-23", "2026-11-23", AgeGroup::Child, 0)]
    #[case::adult("1970-01-01", "2026-11-23", AgeGroup::Adult, 56)]
    fn groups_by_age(
        #[case] dob: &str,
        #[case] today: &str,
        #[case] group: AgeGroup,
        #[case] age: u32,
    ) {
        assert_eq!(age_on(d(dob), d(today)), age);
        assert_eq!(AgeGroup::of(d(dob), d(today)), group);
    }

    #[rstest]
    #[case::twenty_five_today("2001-11-23", true)]
    #[case::twenty_six_today("2000-11-23", false)]
    #[case::child("2015-06-01", true)]
    fn keyworker_age(#[case] dob: &str, #[case] expected: bool) {
        assert_eq!(is_keyworker_age(d(dob), d("2026-11-23")), expected);
    }

    #[test]
    fn cut_offs_agree_with_age_for_every_day_across_leap_years() {
        let mut today = d("2023-01-01");
        while today < d("2029-01-01") {
            let child = child_born_after(today);
            let keyworker = keyworker_age_born_after(today);
            for cut in [child, keyworker] {
                let near = (-3i64..=3).map(|offset| cut + chrono::Duration::days(offset));
                let leaplings = [
                    "1996-02-29",
                    "2000-02-29",
                    "2004-02-29",
                    "2008-02-29",
                    "2012-02-29",
                ];
                for dob in near.chain(leaplings.map(d)) {
                    let is_child = AgeGroup::of(dob, today) == AgeGroup::Child;
                    assert_eq!(dob > child, is_child, "child? dob {dob} on {today}");
                    assert_eq!(
                        dob > keyworker,
                        is_keyworker_age(dob, today),
                        "keyworker age? dob {dob} on {today}"
                    );
                }
            }
            today = today.succ_opt().unwrap();
        }
    }
}
