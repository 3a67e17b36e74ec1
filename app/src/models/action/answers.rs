//! The action forms as typed, and how each is checked: adding an action, and updating one.

use super::{Action, ActionOwner, ActionSource, ActionStatus, SavedAction};
use crate::{
    error::FieldError,
    models::{checks::Checks, CONSENT_LONG_MAX, SHORT_TEXT_MAX},
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Longest description of an action.
pub const ACTION_TEXT_MAX: usize = 500;

/// How far ahead an action may be due, in years.
const DUE_AHEAD_YEARS: u32 = 2;

/// Someone an action may be given to: an active account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerChoice {
    /// Their account.
    pub id: String,
    /// Their name.
    pub name: String,
    /// Their agency's name ("" when none).
    pub agency: String,
}

/// The form that adds an action, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionAnswers {
    /// What is to be done.
    pub what: String,
    /// `account` (someone with an account) or `named` (anyone else).
    pub owner_kind: String,
    /// The account chosen, for `account`.
    pub owner_account: String,
    /// The owner's name, for `named`.
    pub owner_name: String,
    /// The owner's agency, for `named`.
    pub owner_agency: String,
    /// By when: day, month, year.
    pub due: [String; 3],
}

impl ActionAnswers {
    /// Checks the action as of `today` for someone born on `born`, from `source`: what
    /// (bounded), an owner (one of the active accounts in `choices`, or a name and agency),
    /// and a real due date after birth and within two years (a past one is allowed: the
    /// record then warns). Fields: `what`, `owner_kind`, `owner_account`, `owner_name`,
    /// `owner_agency`, `due_day`.
    pub fn check(
        &self,
        today: NaiveDate,
        born: NaiveDate,
        source: ActionSource,
        choices: &[OwnerChoice],
    ) -> Result<Action, Vec<FieldError>> {
        let mut c = Checks::default();
        let what = c.text(
            "what",
            "What is to be done",
            &self.what,
            ACTION_TEXT_MAX,
            Some("Enter what is to be done"),
        );
        let owner = match self.owner_kind.as_str() {
            "account" => match choices.iter().find(|o| o.id == self.owner_account.trim()) {
                Some(o) => Some(ActionOwner::Account {
                    id: o.id.clone(),
                    name: o.name.clone(),
                    agency: o.agency.clone(),
                }),
                None => {
                    c.fail(
                        "owner_account",
                        "Choose who owns it from the list: only active accounts can own an action",
                    );
                    None
                }
            },
            "named" => {
                let name = c.line(
                    "owner_name",
                    "The owner's name",
                    &self.owner_name,
                    SHORT_TEXT_MAX,
                    Some("Enter the owner's name"),
                );
                let agency = c.line(
                    "owner_agency",
                    "The owner's agency",
                    &self.owner_agency,
                    SHORT_TEXT_MAX,
                    Some("Enter the owner's agency"),
                );
                Some(ActionOwner::Named { name, agency })
            }
            _ => {
                c.fail("owner_kind", "Choose who owns the action");
                None
            }
        };
        let due_on = c.planned_date(
            "due",
            "the due date",
            &self.due,
            today,
            born,
            DUE_AHEAD_YEARS,
            Some("Enter the date it is due by"),
        );
        c.done(|| {
            Some(Action {
                what,
                owner: owner?,
                due_on: due_on?,
                source,
                meeting: None,
            })
        })
    }
}

/// The form that updates an action, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionUpdateAnswers {
    /// The status after the update (a code).
    pub status: String,
    /// A note; why, for a cancellation.
    pub note: String,
    /// A new due date: day, month, year (all empty to keep it).
    pub due: [String; 3],
}

impl ActionUpdateAnswers {
    /// Checks an update of `action` as of `today`, for someone born on `born`: a status, a reason for a cancellation,
    /// a note bounded, a new due date (if given) real and within two years, and something
    /// changed or noted. Returns the status, the due date and the note. Fields: `status`,
    /// `note`, `due_day`.
    pub fn check(
        &self,
        today: NaiveDate,
        born: NaiveDate,
        action: &SavedAction,
    ) -> Result<(ActionStatus, NaiveDate, String), Vec<FieldError>> {
        let mut c = Checks::default();
        let status: Option<ActionStatus> = c.choice(
            "status",
            &self.status,
            "Choose whether it is open, done or cancelled",
        );
        let cancelled = status == Some(ActionStatus::Cancelled);
        let note = c.text(
            "note",
            "The note",
            &self.note,
            CONSENT_LONG_MAX,
            cancelled.then_some("Enter why the action is cancelled"),
        );
        let due_on = c
            .planned_date(
                "due",
                "the new due date",
                &self.due,
                today,
                born,
                DUE_AHEAD_YEARS,
                None,
            )
            .unwrap_or(action.due_on);
        if status == Some(action.status) && due_on == action.due_on && note.is_empty() {
            c.fail("status", "Change the status or the due date, or add a note");
        }
        c.done(|| Some((status?, due_on, note)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{ActionId, PersonId};
    use rstest::rstest;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const TODAY: &str = "2026-12-03";

    fn choices() -> Vec<OwnerChoice> {
        vec![OwnerChoice {
            id: "u1".into(),
            name: "Jo Reid".into(),
            agency: "Community LD team".into(),
        }]
    }

    fn fields<T>(r: Result<T, Vec<FieldError>>) -> Vec<String> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    fn answers(kind: &str, account: &str, due: [&str; 3]) -> ActionAnswers {
        ActionAnswers {
            what: "Arrange a crisis plan meeting".into(),
            owner_kind: kind.into(),
            owner_account: account.into(),
            owner_name: "Pat Lowe".into(),
            owner_agency: "Northshire Council".into(),
            due: due.map(String::from),
        }
    }

    #[rstest]
    #[case::an_account(answers("account", "u1", ["10", "12", "2026"]), vec![])]
    #[case::someone_named(answers("named", "", ["10", "12", "2026"]), vec![])]
    // Already due: allowed, the record warns.
    #[case::due_in_the_past(answers("account", "u1", ["1", "12", "2026"]), vec![])]
    // Not an active account (disabled, or made up).
    #[case::not_an_active_account(answers("account", "u9", ["10", "12", "2026"]), vec!["owner_account"])]
    #[case::no_owner(answers("", "", ["10", "12", "2026"]), vec!["owner_kind"])]
    #[case::too_far_ahead(answers("named", "", ["10", "12", "2029"]), vec!["due_day"])]
    #[case::not_a_date(answers("named", "", ["31", "2", "2027"]), vec!["due_day"])]
    #[case::no_date(answers("named", "", ["", "", ""]), vec!["due_day"])]
    fn adding(#[case] a: ActionAnswers, #[case] expected: Vec<&str>) {
        let got = a.check(
            day(TODAY),
            day("2000-01-01"),
            ActionSource::Record,
            &choices(),
        );
        assert_eq!(fields(got), expected);
    }

    #[test]
    fn a_named_owner_needs_a_name_and_agency_and_text_is_bounded() {
        let a = ActionAnswers {
            what: "x".repeat(ACTION_TEXT_MAX + 1),
            owner_name: " ".into(),
            owner_agency: String::new(),
            ..answers("named", "", ["10", "12", "2026"])
        };
        let got = a.check(
            day(TODAY),
            day("2000-01-01"),
            ActionSource::Record,
            &choices(),
        );
        assert_eq!(fields(got), ["what", "owner_name", "owner_agency"]);
        // Invisible text, and a line break in a one-line answer, are refused too.
        let a = ActionAnswers {
            what: "\u{3164}\u{3164}".into(),
            owner_name: "Pat\nLowe".into(),
            owner_agency: "\u{2060}".into(),
            ..answers("named", "", ["10", "12", "2026"])
        };
        let got = a.check(
            day(TODAY),
            day("2000-01-01"),
            ActionSource::Record,
            &choices(),
        );
        assert_eq!(fields(got), ["what", "owner_name", "owner_agency"]);
    }

    fn saved() -> SavedAction {
        let action = answers("account", "u1", ["10", "12", "2026"])
            .check(
                day(TODAY),
                day("2000-01-01"),
                ActionSource::Meeting,
                &choices(),
            )
            .unwrap();
        SavedAction {
            id: ActionId(uuid::Uuid::nil()),
            person: PersonId::random(),
            due_on: action.due_on,
            action,
            status: ActionStatus::Open,
            updates: Vec::new(),
            version: 1,
            created_by: "Asha Patel".into(),
            created_at: "2026-12-01T10:00:00Z".parse().unwrap(),
        }
    }

    #[rstest]
    #[case::done("done", "", ["", "", ""], Ok((ActionStatus::Done, "2026-12-10")))]
    #[case::moved("open", "", ["20", "12", "2026"], Ok((ActionStatus::Open, "2026-12-20")))]
    #[case::noted("open", "Phoned the school", ["", "", ""], Ok((ActionStatus::Open, "2026-12-10")))]
    #[case::nothing_changed("open", "", ["", "", ""], Err(vec!["status"]))]
    #[case::cancelled_without_reason("cancelled", "", ["", "", ""], Err(vec!["note"]))]
    #[case::cancelled("cancelled", "No longer needed: moved area", ["", "", ""], Ok((ActionStatus::Cancelled, "2026-12-10")))]
    #[case::no_status("", "x", ["", "", ""], Err(vec!["status"]))]
    fn updating(
        #[case] status: &str,
        #[case] note: &str,
        #[case] due: [&str; 3],
        #[case] expected: Result<(ActionStatus, &str), Vec<&str>>,
    ) {
        let a = ActionUpdateAnswers {
            status: status.into(),
            note: note.into(),
            due: due.map(String::from),
        };
        let got = a
            .check(day(TODAY), day("2000-01-01"), &saved())
            .map(|(s, d, _)| (s, d))
            .map_err(|e| e.into_iter().map(|e| e.field).collect::<Vec<_>>());
        let expected = expected
            .map(|(s, d)| (s, day(d)))
            .map_err(|f| f.into_iter().map(String::from).collect::<Vec<_>>());
        assert_eq!(got, expected);
    }

    #[test]
    fn overdue_and_late_at_creation() {
        let mut a = saved();
        assert!(!a.is_overdue(day("2026-12-10")) && a.is_overdue(day("2026-12-11")));
        a.status = ActionStatus::Done;
        assert!(!a.is_overdue(day("2026-12-11")));
        assert!(!a.due_before_added());
        a.action.due_on = day("2026-11-30");
        assert!(a.due_before_added());
    }
}
