//! What the register keeps of the policy clock on each person's row, so the board can show
//! the next item due and filter on what is overdue without reading every record: each
//! open item's rule, due date and, for an item that lapses with time (the keyworker at 26,
//! the prompt after leaving hospital), the day it stops being asked for.

use super::{ClockState, DueItem, PolicyTimescales, Rule};
use crate::models::{birthday, KEYWORKER_MAX_AGE};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// One open item, as the person's row keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PolicyDue {
    /// The rule that asks for it.
    pub rule: Rule,
    /// The day it is due.
    pub due_on: NaiveDate,
    /// The day it stops being asked for, if it lapses.
    pub until: Option<NaiveDate>,
}

impl PolicyDue {
    /// Whether it is still asked for on `today`.
    pub fn asked_on(&self, today: NaiveDate) -> bool {
        self.until.is_none_or(|until| today < until)
    }

    /// Whether it is still asked for and its day has passed. A keyworker is asked for
    /// from the rating on, never late (as the clock has it).
    pub fn overdue_on(&self, today: NaiveDate) -> bool {
        self.rule != Rule::Keyworker && self.asked_on(today) && today > self.due_on
    }

    /// Whether it is a C(E)TR, an emergency protocol meeting or an oversight visit.
    pub fn is_review(&self) -> bool {
        matches!(
            self.rule,
            Rule::CommunityCtr | Rule::PostAdmissionCtr | Rule::FollowUpCtr | Rule::OversightVisit
        )
    }

    /// Items as the row keeps them: `rule:due` or `rule:due:until`, comma separated.
    pub fn encode(dues: &[PolicyDue]) -> String {
        let one = |d: &PolicyDue| match d.until {
            Some(until) => format!("{}:{}:{until}", d.rule.code(), d.due_on),
            None => format!("{}:{}", d.rule.code(), d.due_on),
        };
        dues.iter().map(one).collect::<Vec<_>>().join(",")
    }

    /// Items from [`PolicyDue::encode`]'s text; `None` when it is not that.
    pub fn decode(text: &str) -> Option<Vec<PolicyDue>> {
        let one = |item: &str| {
            let mut parts = item.split(':');
            let rule = parts.next()?.parse().ok()?;
            let due_on = parts.next()?.parse().ok()?;
            let until = parts.next().map(str::parse).transpose().ok()?;
            parts.next().is_none().then_some(PolicyDue {
                rule,
                due_on,
                until,
            })
        };
        text.split(',').filter(|i| !i.is_empty()).map(one).collect()
    }
}

/// The item a card shows: the open one due first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NextDue {
    /// The rule that asks for it.
    pub rule: Rule,
    /// The day it is due.
    pub due_on: NaiveDate,
    /// Whether that day has passed.
    pub overdue: bool,
}

impl NextDue {
    /// The most pressing of `dues` still asked for on `today`: the first overdue one, or
    /// else the first due.
    pub fn of(dues: &[PolicyDue], today: NaiveDate) -> Option<NextDue> {
        dues.iter()
            .filter(|d| d.asked_on(today))
            .min_by_key(|d| (!d.overdue_on(today), d.due_on))
            .map(|d| NextDue {
                rule: d.rule,
                due_on: d.due_on,
                overdue: d.overdue_on(today),
            })
    }
}

impl ClockState {
    /// The open items on `today`, soonest due first, as the person's row keeps them.
    pub fn open_dues(&self, t: &PolicyTimescales, today: NaiveDate) -> Vec<PolicyDue> {
        self.due_items(t, today)
            .into_iter()
            .filter(|i| i.status.is_open())
            .map(|i: DueItem| PolicyDue {
                rule: i.rule,
                due_on: i.due_on,
                until: match i.rule {
                    Rule::Keyworker => Some(birthday(self.born, KEYWORKER_MAX_AGE + 1)),
                    Rule::RedAfterDischarge => i
                        .due_on
                        .checked_add_days(Days::new(t.red_after_discharge_days.into())),
                    _ => None,
                },
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::clock::tests::{day, red_adult};
    use super::*;
    use crate::models::Rating;

    #[test]
    fn dues_round_trip_and_bad_text_is_refused() {
        let dues = [
            PolicyDue {
                rule: Rule::CommunityCtr,
                due_on: day("2026-11-16"),
                until: None,
            },
            PolicyDue {
                rule: Rule::Keyworker,
                due_on: day("2026-11-02"),
                until: Some(day("2031-05-05")),
            },
        ];
        let text = PolicyDue::encode(&dues);
        assert_eq!(
            text,
            "community_ctr:2026-11-16,keyworker:2026-11-02:2031-05-05"
        );
        assert_eq!(PolicyDue::decode(&text).unwrap(), dues);
        assert_eq!(PolicyDue::decode("").unwrap(), []);
        for bad in [
            "tea:2026-11-16",
            "community_ctr",
            "community_ctr:2026-13-01",
            "keyworker:2026-11-02:x",
            "keyworker:2026-11-02:2031-05-05:1",
        ] {
            assert_eq!(PolicyDue::decode(bad), None, "{bad}");
        }
    }

    /// A young person rated Red on 2 November 2026 with nothing held and no keyworker.
    fn young_red() -> ClockState {
        ClockState {
            born: day("2005-05-05"),
            ..red_adult()
        }
    }

    #[test]
    fn open_items_lapse_and_fall_due_as_the_days_pass() {
        let t = PolicyTimescales::default();
        let dues = young_red().open_dues(&t, day("2026-11-10"));
        let rules: Vec<_> = dues.iter().map(|d| d.rule).collect();
        assert_eq!(rules, [Rule::Keyworker, Rule::CommunityCtr]);
        // The keyworker lapses on the 26th birthday.
        assert_eq!(dues[0].until, Some(day("2031-05-05")));
        assert!(dues[0].asked_on(day("2031-05-04")) && !dues[0].asked_on(day("2031-05-05")));
        // The card shows the first still asked for, overdue once its day has passed.
        let next = NextDue::of(&dues, day("2026-11-10")).unwrap();
        assert_eq!((next.rule, next.overdue), (Rule::Keyworker, false));
        // Once the C(E)TR is late it comes first, though the keyworker was asked for earlier.
        let late = NextDue::of(&dues, day("2026-11-17")).unwrap();
        assert_eq!((late.rule, late.overdue), (Rule::CommunityCtr, true));
        let later = NextDue::of(&dues, day("2031-06-01")).unwrap();
        assert_eq!((later.rule, later.overdue), (Rule::CommunityCtr, true));
        let on_time = NextDue::of(&dues[1..], day("2026-11-16")).unwrap();
        assert!(!on_time.overdue && on_time.due_on == day("2026-11-16"));
        assert!(dues[1].is_review() && !dues[0].is_review());
        // After leaving hospital, the prompt lapses with its window.
        let home = ClockState {
            rating: Rating::Amber,
            discharged_on: Some(day("2026-11-05")),
            born: day("1980-01-01"),
            ..young_red()
        };
        let dues = home.open_dues(&t, day("2026-11-10"));
        assert_eq!(dues.len(), 1);
        assert_eq!(dues[0].rule, Rule::RedAfterDischarge);
        assert_eq!(dues[0].until, Some(day("2026-11-19")));
        assert_eq!(NextDue::of(&dues, day("2026-11-19")), None);
    }
}
