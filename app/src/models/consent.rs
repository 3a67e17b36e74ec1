//! Whether a person's consent (or best-interests decision) to be on the register is
//! current: when it must be checked again, and checking a new consent record as entered.

use super::{bounded_text, past_date, ConsentKind, ConsentRecord};
use crate::error::FieldError;
use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Months after a consent is recorded until it is checked again, unless
/// `DSR_CONSENT_RECHECK_MONTHS` says otherwise (DOMAIN.md, "Consent": yearly).
pub const DEFAULT_RECHECK_MONTHS: u32 = 12;

/// Days before a re-check date from which the re-check shows as due.
pub const RECHECK_DUE_WITHIN_DAYS: u64 = 28;

/// Longest name, method or role on a consent record.
pub const CONSENT_SHORT_MAX: usize = 100;

/// Longest notes or reasons on a consent record.
pub const CONSENT_LONG_MAX: usize = 2000;

/// The day someone born on `date_of_birth` turns 16: 1 March for a 29 February birthday
/// in a year without one, as in English law (see [`super::age_on`]).
pub fn sixteenth_birthday(date_of_birth: NaiveDate) -> NaiveDate {
    super::birthday(date_of_birth, 16)
}

/// When consent given on `decided_on` must be checked again: `months` later, or on the
/// 16th birthday if that comes first and the consent was given before it (from then the
/// young person's own consent is sought).
pub fn recheck_due(decided_on: NaiveDate, date_of_birth: NaiveDate, months: u32) -> NaiveDate {
    let yearly = decided_on
        .checked_add_months(Months::new(months))
        .expect("dates in range");
    let sixteen = sixteenth_birthday(date_of_birth);
    if decided_on < sixteen {
        yearly.min(sixteen)
    } else {
        yearly
    }
}

/// Whether a person's consent is current on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConsentStanding {
    /// No consent or best-interests record at all (an import, an old row).
    Missing,
    /// Current; the re-check is due on this day.
    Current(NaiveDate),
    /// The re-check falls within [`RECHECK_DUE_WITHIN_DAYS`] (or is today).
    Due(NaiveDate),
    /// The re-check date has passed.
    Overdue(NaiveDate),
}

impl ConsentStanding {
    /// The standing on `today` of a consent whose re-check is due on `due` (`None`: no
    /// consent is recorded).
    pub fn on(due: Option<NaiveDate>, today: NaiveDate) -> ConsentStanding {
        match due {
            None => ConsentStanding::Missing,
            Some(due) if today > due => ConsentStanding::Overdue(due),
            Some(due)
                if today.checked_add_days(Days::new(RECHECK_DUE_WITHIN_DAYS)) >= Some(due) =>
            {
                ConsentStanding::Due(due)
            }
            Some(due) => ConsentStanding::Current(due),
        }
    }

    /// A short flag for a card or the agenda, or `None` when nothing needs doing.
    pub fn flag(self) -> Option<&'static str> {
        match self {
            ConsentStanding::Missing => Some("Consent missing"),
            ConsentStanding::Due(_) => Some("Consent re-check due"),
            ConsentStanding::Overdue(_) => Some("Consent re-check overdue"),
            ConsentStanding::Current(_) => None,
        }
    }
}

/// A consent record as typed into a form, before it is checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentAnswers {
    /// `consent` or `best_interests`.
    pub kind: String,
    /// Who consented, or who made the decision.
    pub given_by: String,
    /// How consent was given, or the decision-maker's role.
    pub method: String,
    /// When: day.
    pub day: String,
    /// When: month.
    pub month: String,
    /// When: year.
    pub year: String,
    /// Notes (for a child, their own view), or why the decision is in their best interests.
    pub reason: String,
}

impl ConsentAnswers {
    /// Checks the answers as of `today`: consent (who, how, when) or a best-interests
    /// decision (who, their role, when, why), dated no later than today and no earlier
    /// than `not_before` (the person's date of birth, or 1900). Errors name the form's
    /// fields: `consent_kind`, `given_by`, `method`, `decided_day`, `decided_year`, `reason`.
    pub fn check(
        &self,
        today: NaiveDate,
        not_before: Option<NaiveDate>,
    ) -> Result<ConsentRecord, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = self.kind.parse::<ConsentKind>().ok();
        if kind.is_none() {
            errors.push(FieldError {
                field: "consent_kind".into(),
                message:
                    "Select whether the person consented or a best-interests decision was made"
                        .into(),
            });
        }
        let (who, how, why) = if kind == Some(ConsentKind::BestInterests) {
            (
                "Enter who made the decision",
                "Enter the decision-maker's role",
                "Enter why being on the register is in their best interests",
            )
        } else {
            ("Enter who gave consent", "Enter how consent was given", "")
        };
        // In the form's order, so the error summary reads as the form does.
        let e = &mut errors;
        let given_by = bounded_text(&self.given_by, "given_by", who, CONSENT_SHORT_MAX, e);
        let method = bounded_text(&self.method, "method", how, CONSENT_SHORT_MAX, e);
        let when = [self.day.as_str(), &self.month, &self.year];
        let decided_on = past_date(when, today, not_before, "decided", "the date", e);
        let reason = bounded_text(&self.reason, "reason", why, CONSENT_LONG_MAX, e);
        match (kind, decided_on) {
            (Some(kind), Some(decided_on)) if errors.is_empty() => Ok(ConsentRecord {
                kind,
                given_by,
                method,
                decided_on,
                reason,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[rstest]
    #[case::ordinary("2010-06-15", "2026-06-15")]
    #[case::leap_day_in_a_leap_year("2012-02-29", "2028-02-29")]
    #[case::leap_day_in_a_common_year("2084-02-29", "2100-03-01")]
    #[case::new_year_s_eve("2010-12-31", "2026-12-31")]
    fn sixteenth_birthdays(#[case] born: &str, #[case] sixteen: &str) {
        assert_eq!(sixteenth_birthday(day(born)), day(sixteen));
    }

    #[rstest]
    // An adult: a year after the consent.
    #[case::adult_yearly("1990-01-01", "2026-03-10", 12, "2027-03-10")]
    // A consent on 29 February is checked on the last day of the next February.
    #[case::adult_consent_on_leap_day("1990-01-01", "2028-02-29", 12, "2029-02-28")]
    // A parent's consent for a 12-year-old: the yearly check comes first.
    #[case::child_yearly_first("2014-08-01", "2026-03-10", 12, "2027-03-10")]
    // A parent's consent for a 15-year-old: their 16th birthday comes first.
    #[case::sixteenth_birthday_first("2011-01-20", "2026-03-10", 12, "2027-01-20")]
    // Born on 29 February: turns 16 in a leap year, on the day itself.
    #[case::leap_day_birthday_leap_year("2012-02-29", "2027-06-01", 12, "2028-02-29")]
    // Born on 29 February: turns 16 in a common year, on 1 March.
    #[case::leap_day_birthday_common_year("2084-02-29", "2099-06-01", 12, "2100-03-01")]
    // Consent given on the 16th birthday itself is the young person's own: yearly.
    #[case::on_the_sixteenth_birthday("2010-06-15", "2026-06-15", 12, "2027-06-15")]
    // The day before it, a parent's consent: the birthday, the next day.
    #[case::the_day_before("2010-06-15", "2026-06-14", 12, "2026-06-15")]
    // A shorter setting.
    #[case::six_monthly("1990-01-01", "2026-03-10", 6, "2026-09-10")]
    fn recheck_dates(
        #[case] born: &str,
        #[case] decided: &str,
        #[case] months: u32,
        #[case] due: &str,
    ) {
        assert_eq!(recheck_due(day(decided), day(born), months), day(due));
    }

    #[rstest]
    #[case::missing(None, "2026-12-03", ConsentStanding::Missing)]
    #[case::well_ahead(
        Some("2027-06-01"),
        "2026-12-03",
        ConsentStanding::Current(day("2027-06-01"))
    )]
    #[case::twenty_nine_days_ahead(
        Some("2027-01-01"),
        "2026-12-03",
        ConsentStanding::Current(day("2027-01-01"))
    )]
    #[case::twenty_eight_days_ahead(
        Some("2026-12-31"),
        "2026-12-03",
        ConsentStanding::Due(day("2026-12-31"))
    )]
    #[case::the_day_itself(
        Some("2026-12-03"),
        "2026-12-03",
        ConsentStanding::Due(day("2026-12-03"))
    )]
    #[case::the_day_after(
        Some("2026-12-02"),
        "2026-12-03",
        ConsentStanding::Overdue(day("2026-12-02"))
    )]
    fn standings(
        #[case] due: Option<&str>,
        #[case] today: &str,
        #[case] standing: ConsentStanding,
    ) {
        assert_eq!(ConsentStanding::on(due.map(day), day(today)), standing);
    }

    fn answers() -> ConsentAnswers {
        ConsentAnswers {
            kind: "consent".into(),
            given_by: "Sam Carter (mother)".into(),
            method: "At a home visit".into(),
            day: "1".into(),
            month: "12".into(),
            year: "2026".into(),
            reason: String::new(),
        }
    }

    fn fields(result: Result<ConsentRecord, Vec<FieldError>>) -> Vec<String> {
        result.unwrap_err().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_complete_consent_is_accepted_and_trimmed() {
        let mut a = answers();
        a.given_by = "  Sam Carter (mother) ".into();
        let record = a.check(day("2026-12-03"), Some(day("2012-05-05"))).unwrap();
        assert_eq!(record.kind, ConsentKind::Consent);
        assert_eq!(record.given_by, "Sam Carter (mother)");
        assert_eq!(record.decided_on, day("2026-12-01"));
    }

    #[test]
    fn a_best_interests_decision_needs_its_reason() {
        let mut a = answers();
        a.kind = "best_interests".into();
        assert_eq!(fields(a.check(day("2026-12-03"), None)), ["reason"]);
    }

    #[test]
    fn bad_answers_are_refused_field_by_field() {
        let a = ConsentAnswers {
            kind: "maybe".into(),
            given_by: " ".into(),
            method: "x".repeat(CONSENT_SHORT_MAX + 1),
            day: "31".into(),
            month: "2".into(),
            year: "2026".into(),
            reason: String::new(),
        };
        assert_eq!(
            fields(a.check(day("2026-12-03"), None)),
            ["consent_kind", "given_by", "method", "decided_day"]
        );
    }

    #[test]
    fn the_date_is_neither_future_nor_before_birth() {
        let mut a = answers();
        a.day = "4".into();
        assert_eq!(fields(a.check(day("2026-12-03"), None)), ["decided_day"]);
        let a = answers();
        assert_eq!(
            fields(a.check(day("2026-12-03"), Some(day("2026-12-02")))),
            ["decided_year"]
        );
    }
}
