//! Reading a section's form: every answer checked in form order, each problem against
//! its field, so the page shows them all at once.

use crate::{
    error::FieldError,
    models::{has_control_characters, past_date, HIDDEN_CHARACTERS},
};
use chrono::NaiveDate;
use std::str::FromStr;

/// The problems found so far in one form.
#[derive(Debug, Default)]
pub(crate) struct Checks {
    problems: Vec<FieldError>,
}

impl Checks {
    /// Records a problem with `field`.
    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.problems.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    /// `value` trimmed. A problem when it is longer than `max` characters (the message
    /// names `label` and the count), empty when `missing` (what to ask for) is given, or
    /// holding hidden characters.
    pub fn text(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        max: usize,
        missing: Option<&str>,
    ) -> String {
        let value = value.trim();
        let count = value.chars().count();
        match missing {
            Some(ask) if value.is_empty() => self.fail(field, ask),
            _ if count > max => self.fail(
                field,
                format!("{label} must be {max} characters or fewer (it is {count})"),
            ),
            _ if has_control_characters(value) => {
                self.fail(field, format!("{label} {HIDDEN_CHARACTERS}"))
            }
            _ => {}
        }
        value.to_owned()
    }

    /// [`Self::text`] for a one-line answer (a name, a role): a line break is a problem too.
    pub fn line(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        max: usize,
        missing: Option<&str>,
    ) -> String {
        let before = self.problems.len();
        let value = self.text(field, label, value, max, missing);
        if self.problems.len() == before && value.contains(['\n', '\r']) {
            self.fail(field, format!("{label} must be on one line"));
        }
        value
    }

    /// One of `T`'s codes; a problem (`missing`) when none or another was sent.
    pub fn choice<T: FromStr>(&mut self, field: &str, code: &str, missing: &str) -> Option<T> {
        let chosen = code.parse().ok();
        if chosen.is_none() {
            self.fail(field, missing);
        }
        chosen
    }

    /// One of `T`'s codes, or nothing chosen (`None`); a code not in the list is a problem
    /// (`unknown`).
    pub fn optional<T: FromStr>(&mut self, field: &str, code: &str, unknown: &str) -> Option<T> {
        if code.trim().is_empty() {
            return None;
        }
        self.choice(field, code, unknown)
    }

    /// `yes` or `no`, or nothing chosen (`None`).
    pub fn yes_no(&mut self, field: &str, answer: &str) -> Option<bool> {
        match answer.trim() {
            "" => None,
            "yes" => Some(true),
            "no" => Some(false),
            _ => {
                self.fail(field, "Choose yes or no");
                None
            }
        }
    }

    /// The date in `parts` (day, month, year) as [`past_date`] checks it, named by
    /// `prefix` and, in its messages, by `what` ("the admission date"), as a form may
    /// ask for several; `None` with no problem when all three are empty and `missing`
    /// (what to ask for) is not given.
    pub fn date(
        &mut self,
        prefix: &str,
        what: &str,
        parts: &[String; 3],
        today: NaiveDate,
        earliest: Option<NaiveDate>,
        missing: Option<&str>,
    ) -> Option<NaiveDate> {
        if parts.iter().all(|p| p.trim().is_empty()) {
            if let Some(ask) = missing {
                self.fail(&format!("{prefix}_day"), ask);
            }
            return None;
        }
        let [day, month, year] = parts;
        past_date(
            [day, month, year],
            today,
            earliest,
            prefix,
            what,
            &mut self.problems,
        )
    }

    /// A day that may lie ahead, such as a planned one: the date in `parts`, real, not
    /// before `earliest`, and within `ahead_years` of `today`; named as in [`Self::date`].
    #[allow(clippy::too_many_arguments)]
    pub fn planned_date(
        &mut self,
        prefix: &str,
        what: &str,
        parts: &[String; 3],
        today: NaiveDate,
        earliest: NaiveDate,
        ahead_years: u32,
        missing: Option<&str>,
    ) -> Option<NaiveDate> {
        let latest = today
            .checked_add_months(chrono::Months::new(12 * ahead_years))
            .expect("dates in range");
        let date = self.date(prefix, what, parts, NaiveDate::MAX, Some(earliest), missing)?;
        if date > latest {
            let named = crate::models::capitalised(what);
            self.fail(
                &format!("{prefix}_day"),
                format!("{named} must be within {ahead_years} years of today"),
            );
            return None;
        }
        Some(date)
    }

    /// `value` when nothing was found wrong, otherwise every problem.
    pub fn done<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, Vec<FieldError>> {
        match value() {
            Some(value) if self.problems.is_empty() => Ok(value),
            _ => Err(self.problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_trimmed_bounded_and_required_when_asked() {
        let mut c = Checks::default();
        assert_eq!(c.text("a", "A", "  fits ", 4, None), "fits");
        c.text("b", "B", "x".repeat(5).as_str(), 4, None);
        c.text("c", "C", "  ", 4, Some("Enter C"));
        c.text("d", "D", "", 4, None);
        let problems = c.done(|| Some(())).unwrap_err();
        assert_eq!(
            problems
                .iter()
                .map(|p| (p.field.as_str(), p.message.as_str()))
                .collect::<Vec<_>>(),
            [
                ("b", "B must be 4 characters or fewer (it is 5)"),
                ("c", "Enter C"),
            ]
        );
    }

    #[test]
    fn choices_yes_no_and_optional_dates() {
        use crate::models::Setting;
        let mut c = Checks::default();
        assert_eq!(
            c.choice::<Setting>("s", "family_home", "Choose"),
            Some(Setting::FamilyHome)
        );
        assert_eq!(
            c.optional::<Setting>("o", " ", "Choose from the list"),
            None
        );
        assert_eq!(c.yes_no("y", "yes"), Some(true));
        assert_eq!(c.yes_no("n", ""), None);
        let empty = [String::new(), String::new(), String::new()];
        let today = "2026-12-03".parse().unwrap();
        assert_eq!(c.date("since", "the date", &empty, today, None, None), None);
        assert!(c.done(|| Some(())).is_ok(), "nothing wrong so far");

        let mut c = Checks::default();
        c.optional::<Setting>("o", "castle", "Choose from the list");
        c.yes_no("y", "maybe");
        c.date(
            "since",
            "the date",
            &empty,
            today,
            None,
            Some("Enter the date"),
        );
        let fields: Vec<String> = c
            .done(|| Some(()))
            .unwrap_err()
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, ["o", "y", "since_day"]);
    }

    #[test]
    fn a_date_problem_names_which_date() {
        let mut c = Checks::default();
        let today = "2026-12-03".parse().unwrap();
        let unreal = ["31".to_owned(), "2".to_owned(), "2026".to_owned()];
        c.date("admitted", "the admission date", &unreal, today, None, None);
        let future = ["4".to_owned(), "12".to_owned(), "2026".to_owned()];
        let since = "the date they started living there";
        c.date("since", since, &future, today, None, None);
        let problems = c.done(|| None::<()>).unwrap_err();
        let messages: Vec<_> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Enter the admission date as a real date, like 27 3 2026",
                "The date they started living there must be today or in the past"
            ]
        );
    }
}
