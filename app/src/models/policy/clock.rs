//! The policy clock: from a person's state, every item the policy asks for, with its due
//! date and where it stands. Pure: the caller gathers the state.

use super::{PolicyTimescales, Rule};
use crate::models::{
    add_working_days, age_on, is_keyworker_age, CtrDates, CtrKind, Keyworker, Rating,
};
use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A stay in hospital, as the clock needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Admission {
    /// The day they were admitted.
    pub admitted_on: NaiveDate,
    /// Whether the service is secure (low, medium or high).
    pub secure: bool,
    /// Whether it is out of the ICB's area.
    pub out_of_area: bool,
}

/// What the clock reads about one person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockState {
    /// Date of birth.
    pub born: NaiveDate,
    /// The rating now.
    pub rating: Rating,
    /// The day it was set.
    pub rating_since: NaiveDate,
    /// The stay in hospital now, if they are in one.
    pub admission: Option<Admission>,
    /// The day they last left hospital, if they have and are not back in.
    pub discharged_on: Option<NaiveDate>,
    /// Their C(E)TRs, emergency protocol meetings and oversight visits, held and planned.
    pub ctrs: Vec<CtrDates>,
    /// Their keyworker, if the record says.
    pub keyworker: Option<Keyworker>,
    /// The day the root-cause review of the admission was done, if it was.
    pub root_cause_done_on: Option<NaiveDate>,
}

/// Where a due item stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueStatus {
    /// A date is set for it, from today on and on or before the day it is due.
    Planned,
    /// Not done yet, and not late.
    Due,
    /// Not done, and the day it was due has passed.
    Overdue,
    /// Done by the day it was due.
    Met,
    /// Done, after the day it was due.
    MetLate,
}

super::super::coded_enum!(DueStatus {
    Planned => ("planned", "Planned"),
    Due => ("due", "Due"),
    Overdue => ("overdue", "Overdue"),
    Met => ("met", "Met"),
    MetLate => ("met_late", "Met late"),
});

impl DueStatus {
    /// Whether it still needs doing.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            DueStatus::Planned | DueStatus::Due | DueStatus::Overdue
        )
    }

    /// Where something due on `due` stands on `today`, given when it was done, if it was,
    /// and when it is planned, if it is.
    fn of(
        due: NaiveDate,
        done: Option<NaiveDate>,
        planned: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Self {
        match done {
            Some(d) if d <= due => DueStatus::Met,
            Some(_) => DueStatus::MetLate,
            None if today > due => DueStatus::Overdue,
            None if planned.is_some_and(|p| p <= due && p >= today) => DueStatus::Planned,
            None => DueStatus::Due,
        }
    }
}

/// One thing the policy asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueItem {
    /// The rule that asks for it.
    pub rule: Rule,
    /// The day it is due.
    pub due_on: NaiveDate,
    /// Where it stands.
    pub status: DueStatus,
    /// The day it was done.
    pub done_on: Option<NaiveDate>,
    /// The day it is planned for.
    pub planned_on: Option<NaiveDate>,
    /// An earlier target within the due date (children's interim post-admission target).
    pub interim_on: Option<NaiveDate>,
}

impl DueItem {
    fn new(
        rule: Rule,
        due_on: NaiveDate,
        done: Option<NaiveDate>,
        planned: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Self {
        DueItem {
            rule,
            due_on,
            status: DueStatus::of(due_on, done, planned, today),
            done_on: done,
            planned_on: planned.filter(|_| done.is_none()),
            interim_on: None,
        }
    }
}

impl ClockState {
    /// Every item the policy asks for on `today`, in due-date order: what was done in the
    /// current episode (the stay in hospital, or the time since the rating was set) and
    /// what is still to do.
    pub fn due_items(&self, t: &PolicyTimescales, today: NaiveDate) -> Vec<DueItem> {
        let mut items = Vec::new();
        match self.admission {
            Some(admission) => self.in_hospital(admission, t, today, &mut items),
            None => self.at_home(t, today, &mut items),
        }
        if let Some(item) = self.keyworker_item(today) {
            items.push(item);
        }
        items.sort_by_key(|i| (i.due_on, i.rule.code()));
        items
    }

    /// The open item due first, if any: what a card shows.
    pub fn next_due(&self, t: &PolicyTimescales, today: NaiveDate) -> Option<DueItem> {
        self.due_items(t, today)
            .into_iter()
            .find(|i| i.status.is_open())
    }

    /// Held C(E)TRs of the kinds `is_kind` accepts, held from `from` on, earliest first.
    fn held(&self, is_kind: impl Fn(CtrKind) -> bool, from: NaiveDate) -> Vec<NaiveDate> {
        let days: std::collections::BTreeSet<_> = self
            .ctrs
            .iter()
            .filter(|c| is_kind(c.kind))
            .filter_map(|c| c.held_on)
            .filter(|d| *d >= from)
            .collect();
        days.into_iter().collect()
    }

    /// The first planned, not held, C(E)TR of the kinds `is_kind` accepts, from `from` on.
    fn planned(&self, is_kind: impl Fn(CtrKind) -> bool, from: NaiveDate) -> Option<NaiveDate> {
        self.ctrs
            .iter()
            .filter(|c| is_kind(c.kind) && c.held_on.is_none())
            .filter_map(|c| c.planned_on)
            .filter(|d| *d >= from)
            .min()
    }

    fn at_home(&self, t: &PolicyTimescales, today: NaiveDate, items: &mut Vec<DueItem>) {
        if self.rating == Rating::Red {
            let since = self.rating_since;
            let done = self
                .held(CtrKind::prevents_admission, since)
                .first()
                .copied();
            let planned = self.planned(CtrKind::prevents_admission, since);
            items.push(DueItem::new(
                Rule::CommunityCtr,
                plus_days(since, t.community_days),
                done,
                planned,
                today,
            ));
        }
        if let Some(left) = self.discharged_on {
            let until = plus_days(left, t.red_after_discharge_days);
            if today < until {
                // Met once they are rated Red after leaving; a prompt until then.
                let red = (self.rating == Rating::Red).then_some(self.rating_since.max(left));
                items.push(DueItem::new(
                    Rule::RedAfterDischarge,
                    left,
                    red,
                    None,
                    today,
                ));
            }
        }
    }

    fn in_hospital(
        &self,
        a: Admission,
        t: &PolicyTimescales,
        today: NaiveDate,
        items: &mut Vec<DueItem>,
    ) {
        let admitted = a.admitted_on;
        let window_start = admitted
            .checked_sub_days(Days::new(t.preceding_days.into()))
            .expect("dates in range");
        let preceded = self
            .held(CtrKind::prevents_admission, window_start)
            .into_iter()
            .any(|d| d <= admitted);
        if !preceded {
            let post_admission = |k| k == CtrKind::PostAdmission;
            let child = age_on(self.born, admitted) < 18;
            let due = if child {
                add_working_days(admitted, t.child_post_admission_working_days)
            } else {
                plus_days(admitted, t.adult_post_admission_days)
            };
            let done = self.held(post_admission, admitted).first().copied();
            let planned = self.planned(post_admission, admitted);
            items.push(DueItem {
                interim_on: child.then(|| {
                    add_working_days(admitted, t.child_post_admission_interim_working_days)
                }),
                ..DueItem::new(Rule::PostAdmissionCtr, due, done, planned, today)
            });
            let due = plus_days(admitted, t.root_cause_days);
            items.push(DueItem::new(
                Rule::RootCauseReview,
                due,
                self.root_cause_done_on,
                None,
                today,
            ));
        }
        // Follow-ups run from the admission, or from the post-admission C(E)TR if held.
        let start = self
            .held(|k| k == CtrKind::PostAdmission, admitted)
            .first()
            .copied()
            .unwrap_or(admitted);
        let born = self.born;
        self.cycle(
            Rule::FollowUpCtr,
            CtrKind::FollowUp,
            start,
            today,
            items,
            |from| {
                let months = if age_on(born, from) < 18 {
                    t.child_follow_up_months
                } else if a.secure {
                    t.secure_follow_up_months
                } else {
                    t.adult_follow_up_months
                };
                from.checked_add_months(Months::new(months))
                    .expect("dates in range")
            },
        );
        if a.out_of_area {
            self.cycle(
                Rule::OversightVisit,
                CtrKind::OversightVisit,
                admitted,
                today,
                items,
                |from| {
                    let days = if age_on(born, from) < 18 {
                        t.child_oversight_days
                    } else {
                        t.adult_oversight_days
                    };
                    plus_days(from, days)
                },
            );
        }
    }

    /// A repeating item: each due `next(anchor)` after the one before was held (the first
    /// after `start`), ending with the one still to do.
    fn cycle(
        &self,
        rule: Rule,
        kind: CtrKind,
        start: NaiveDate,
        today: NaiveDate,
        items: &mut Vec<DueItem>,
        next: impl Fn(NaiveDate) -> NaiveDate,
    ) {
        let is_kind = |k| k == kind;
        // Held the day after the start or later: the start itself was the last one.
        let held = self.held(is_kind, start.succ_opt().expect("dates in range"));
        let mut anchor = start;
        for done in held {
            items.push(DueItem::new(rule, next(anchor), Some(done), None, today));
            anchor = done;
        }
        let planned = self.planned(is_kind, anchor.succ_opt().expect("dates in range"));
        items.push(DueItem::new(rule, next(anchor), None, planned, today));
    }

    fn keyworker_item(&self, today: NaiveDate) -> Option<DueItem> {
        if !is_keyworker_age(self.born, today) || self.rating == Rating::Green {
            return None;
        }
        let status = match &self.keyworker {
            Some(Keyworker::Named { .. }) => DueStatus::Met,
            Some(Keyworker::Waiting) => DueStatus::Planned,
            _ => DueStatus::Due,
        };
        Some(DueItem {
            rule: Rule::Keyworker,
            due_on: self.rating_since,
            status,
            done_on: None,
            planned_on: None,
            interim_on: None,
        })
    }
}

fn plus_days(from: NaiveDate, days: u32) -> NaiveDate {
    from.checked_add_days(Days::new(days.into()))
        .expect("dates in range")
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use rstest::rstest;

    pub(in crate::models::policy) fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// An adult rated Red on 2 November 2026, at home, with nothing held.
    pub(in crate::models::policy) fn red_adult() -> ClockState {
        ClockState {
            born: day("1990-05-05"),
            rating: Rating::Red,
            rating_since: day("2026-11-02"),
            admission: None,
            discharged_on: None,
            ctrs: Vec::new(),
            keyworker: None,
            root_cause_done_on: None,
        }
    }

    fn admitted(state: ClockState, on: &str, secure: bool, out_of_area: bool) -> ClockState {
        ClockState {
            rating: Rating::Blue,
            rating_since: day(on),
            admission: Some(Admission {
                admitted_on: day(on),
                secure,
                out_of_area,
            }),
            ..state
        }
    }

    fn ctr(kind: CtrKind, planned: Option<&str>, held: Option<&str>) -> CtrDates {
        CtrDates {
            kind,
            planned_on: planned.map(day),
            held_on: held.map(day),
        }
    }

    /// Each item as "rule due status", with an interim target after a slash.
    fn items(state: &ClockState, today: &str) -> Vec<String> {
        state
            .due_items(&PolicyTimescales::default(), day(today))
            .into_iter()
            .map(|i| {
                let interim = i.interim_on.map(|d| format!(" / {d}")).unwrap_or_default();
                format!(
                    "{} {}{interim} {}",
                    i.rule.code(),
                    i.due_on,
                    i.status.code()
                )
            })
            .collect()
    }

    #[rstest]
    #[case::nothing_yet(vec![], "2026-11-10", "community_ctr 2026-11-16 due")]
    #[case::late(vec![], "2026-11-17", "community_ctr 2026-11-16 overdue")]
    #[case::on_the_day(vec![], "2026-11-16", "community_ctr 2026-11-16 due")]
    #[case::planned(vec![ctr(CtrKind::Community, Some("2026-11-13"), None)], "2026-11-10", "community_ctr 2026-11-16 planned")]
    // A plan after the due date does not make it planned.
    #[case::planned_too_late(vec![ctr(CtrKind::Community, Some("2026-11-20"), None)], "2026-11-10", "community_ctr 2026-11-16 due")]
    // A planned day gone by with nothing recorded is not a plan any more.
    #[case::plan_gone_by(vec![ctr(CtrKind::Community, Some("2026-11-09"), None)], "2026-11-10", "community_ctr 2026-11-16 due")]
    #[case::held(vec![ctr(CtrKind::Community, None, Some("2026-11-12"))], "2026-11-20", "community_ctr 2026-11-16 met")]
    #[case::held_late(vec![ctr(CtrKind::Community, None, Some("2026-11-20"))], "2026-11-25", "community_ctr 2026-11-16 met_late")]
    #[case::emergency_protocol(vec![ctr(CtrKind::EmergencyProtocol, None, Some("2026-11-03"))], "2026-11-25", "community_ctr 2026-11-16 met")]
    // One held before the Red rating was for an earlier time.
    #[case::held_before_red(vec![ctr(CtrKind::Community, None, Some("2026-10-30"))], "2026-11-25", "community_ctr 2026-11-16 overdue")]
    // A follow-up is not a community C(E)TR.
    #[case::wrong_kind(vec![ctr(CtrKind::FollowUp, None, Some("2026-11-05"))], "2026-11-25", "community_ctr 2026-11-16 overdue")]
    fn community_ctr_for_red(
        #[case] ctrs: Vec<CtrDates>,
        #[case] today: &str,
        #[case] expected: &str,
    ) {
        let state = ClockState {
            ctrs,
            ..red_adult()
        };
        assert_eq!(items(&state, today), [expected]);
    }

    #[test]
    fn amber_and_green_at_home_ask_for_nothing() {
        for rating in [Rating::Amber, Rating::Green] {
            let state = ClockState {
                rating,
                ..red_adult()
            };
            assert!(items(&state, "2026-12-01").is_empty());
        }
    }

    #[rstest]
    // An adult admitted with no community C(E)TR: post-admission within 4 weeks, a
    // root-cause review, and follow-ups 6-monthly from the admission.
    #[case::adult(vec![], "1990-05-05", "2026-10-01", false, "2026-10-20", vec![
        "post_admission_ctr 2026-10-29 due", "root_cause_review 2026-10-29 due", "follow_up_ctr 2027-04-01 due"])]
    #[case::adult_late(vec![], "1990-05-05", "2026-10-01", false, "2026-10-30", vec![
        "post_admission_ctr 2026-10-29 overdue", "root_cause_review 2026-10-29 overdue", "follow_up_ctr 2027-04-01 due"])]
    // Follow-ups run from the post-admission C(E)TR once it is held.
    #[case::adult_post_admission_held(vec![ctr(CtrKind::PostAdmission, Some("2026-10-20"), Some("2026-10-20"))], "1990-05-05", "2026-10-01", false, "2026-11-01", vec![
        "post_admission_ctr 2026-10-29 met", "root_cause_review 2026-10-29 overdue", "follow_up_ctr 2027-04-20 due"])]
    // Secure services: 12-monthly.
    #[case::adult_secure(vec![ctr(CtrKind::PostAdmission, None, Some("2026-02-01"))], "1990-05-05", "2026-01-15", true, "2026-03-01", vec![
        "post_admission_ctr 2026-02-12 met", "root_cause_review 2026-02-12 overdue", "follow_up_ctr 2027-02-01 due"])]
    // A community C(E)TR in the six months before: neither a post-admission C(E)TR nor a
    // root-cause review.
    #[case::preceded(vec![ctr(CtrKind::Community, None, Some("2026-09-15"))], "1990-05-05", "2026-10-01", false, "2026-10-20", vec![
        "follow_up_ctr 2027-04-01 due"])]
    #[case::preceded_on_the_day(vec![ctr(CtrKind::EmergencyProtocol, None, Some("2026-10-01"))], "1990-05-05", "2026-10-01", false, "2026-10-20", vec![
        "follow_up_ctr 2027-04-01 due"])]
    #[case::too_long_before(vec![ctr(CtrKind::Community, None, Some("2026-03-01"))], "1990-05-05", "2026-10-01", false, "2026-10-20", vec![
        "post_admission_ctr 2026-10-29 due", "root_cause_review 2026-10-29 due", "follow_up_ctr 2027-04-01 due"])]
    // A child admitted the day before Christmas Eve 2026: 10 working days skip Christmas,
    // the Boxing Day substitute and New Year's Day; the interim target is 5.
    #[case::child_over_christmas(vec![], "2012-03-03", "2026-12-23", false, "2026-12-24", vec![
        "keyworker 2026-12-23 due", "post_admission_ctr 2027-01-11 / 2027-01-04 due", "root_cause_review 2027-01-20 due", "follow_up_ctr 2027-03-23 due"])]
    // Admitted on a Saturday: counting starts on the Monday.
    #[case::child_at_a_weekend(vec![], "2012-03-03", "2026-11-21", false, "2026-11-23", vec![
        "keyworker 2026-11-21 due", "post_admission_ctr 2026-12-04 / 2026-11-27 due", "root_cause_review 2026-12-19 due", "follow_up_ctr 2027-02-21 due"])]
    // Leap years: six months from 29 February is 29 August; three months from
    // 30 November 2027 is 29 February 2028.
    #[case::leap_day_admission(vec![ctr(CtrKind::Community, None, Some("2028-02-20"))], "1990-05-05", "2028-02-29", false, "2028-03-01", vec![
        "follow_up_ctr 2028-08-29 due"])]
    #[case::child_into_leap_day(vec![ctr(CtrKind::Community, None, Some("2027-11-29"))], "2012-03-03", "2027-11-30", false, "2027-12-01", vec![
        "keyworker 2027-11-30 due", "follow_up_ctr 2028-02-29 due"])]
    #[case::secure_from_leap_day(vec![ctr(CtrKind::Community, None, Some("2028-02-28"))], "1990-05-05", "2028-02-29", true, "2028-03-01", vec![
        "follow_up_ctr 2029-02-28 due"])]
    fn admissions(
        #[case] ctrs: Vec<CtrDates>,
        #[case] born: &str,
        #[case] on: &str,
        #[case] secure: bool,
        #[case] today: &str,
        #[case] expected: Vec<&str>,
    ) {
        let state = admitted(
            ClockState {
                ctrs,
                born: day(born),
                ..red_adult()
            },
            on,
            secure,
            false,
        );
        assert_eq!(items(&state, today), expected);
    }

    #[test]
    fn follow_ups_repeat_and_turn_adult_at_eighteen() {
        // Born 10 January 2009, admitted at 17 on 1 December 2026 after a community C(E)TR.
        let state = admitted(
            ClockState {
                born: day("2009-01-10"),
                keyworker: Some(Keyworker::Named {
                    name: "Kim".into(),
                    agency: "Keyworking service".into(),
                }),
                ctrs: vec![
                    ctr(CtrKind::Community, None, Some("2026-11-20")),
                    // At 17: the next is three months on, and held early.
                    ctr(CtrKind::FollowUp, Some("2027-02-25"), Some("2027-02-25")),
                    // At 18 by then: the next is six months on, and held late.
                    ctr(CtrKind::FollowUp, None, Some("2027-09-01")),
                    ctr(CtrKind::FollowUp, Some("2028-01-10"), None),
                ],
                ..red_adult()
            },
            "2026-12-01",
            false,
            false,
        );
        let follow_ups = |today| {
            let all = items(&state, today);
            all.into_iter()
                .filter(|i| i.starts_with("follow_up"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            follow_ups("2027-10-01"),
            [
                "follow_up_ctr 2027-03-01 met",
                "follow_up_ctr 2027-08-25 met_late",
                "follow_up_ctr 2028-03-01 planned",
            ]
        );
        assert_eq!(
            items(&state, "2028-03-02").last().unwrap(),
            "follow_up_ctr 2028-03-01 overdue"
        );
        let next = state
            .next_due(&PolicyTimescales::default(), day("2027-10-01"))
            .unwrap();
        assert_eq!(
            (next.rule, next.planned_on),
            (Rule::FollowUpCtr, Some(day("2028-01-10")))
        );
    }

    #[rstest]
    #[case::adult_first(vec![], "1990-05-05", "2026-11-20", vec!["oversight_visit 2026-11-26 due"])]
    #[case::adult_repeating(vec![ctr(CtrKind::OversightVisit, None, Some("2026-11-20"))], "1990-05-05", "2027-01-20", vec![
        "oversight_visit 2026-11-26 met", "oversight_visit 2027-01-15 overdue"])]
    #[case::child_six_weeks(vec![], "2012-03-03", "2026-11-01", vec!["oversight_visit 2026-11-12 due"])]
    fn oversight_visits_out_of_area(
        #[case] mut ctrs: Vec<CtrDates>,
        #[case] born: &str,
        #[case] today: &str,
        #[case] expected: Vec<&str>,
    ) {
        ctrs.push(ctr(CtrKind::Community, None, Some("2026-09-30")));
        let state = admitted(
            ClockState {
                ctrs,
                born: day(born),
                ..red_adult()
            },
            "2026-10-01",
            false,
            true,
        );
        let visits: Vec<_> = items(&state, today)
            .into_iter()
            .filter(|i| i.starts_with("oversight"))
            .collect();
        assert_eq!(visits, expected);
    }

    #[rstest]
    #[case::not_red(Rating::Amber, "2026-11-25", "2026-12-01", vec!["red_after_discharge 2026-11-25 overdue"])]
    #[case::red(Rating::Red, "2026-11-25", "2026-12-01", vec!["red_after_discharge 2026-11-25 met", "community_ctr 2026-12-09 due"])]
    // Two weeks on, the prompt has gone.
    #[case::after_two_weeks(Rating::Amber, "2026-11-25", "2026-12-09", vec![])]
    fn red_after_discharge(
        #[case] rating: Rating,
        #[case] since: &str,
        #[case] today: &str,
        #[case] expected: Vec<&str>,
    ) {
        let state = ClockState {
            rating,
            rating_since: day(since),
            discharged_on: Some(day("2026-11-25")),
            ..red_adult()
        };
        let mut got = items(&state, today);
        got.sort_by_key(|i| !i.starts_with("red"));
        assert_eq!(got, expected);
    }

    #[test]
    fn a_readmission_starts_its_own_clock() {
        // Followed up in a first stay, discharged 1 June, a community C(E)TR on 20 June,
        // back in on 1 July: no post-admission review, follow-ups from the new admission.
        let state = admitted(
            ClockState {
                discharged_on: Some(day("2026-06-01")),
                ctrs: vec![
                    ctr(CtrKind::FollowUp, None, Some("2026-03-01")),
                    ctr(CtrKind::Community, None, Some("2026-06-20")),
                ],
                ..red_adult()
            },
            "2026-07-01",
            false,
            false,
        );
        assert_eq!(
            items(&state, "2026-07-02"),
            ["follow_up_ctr 2027-01-01 due"]
        );
    }

    #[test]
    fn the_root_cause_review_is_met_when_done() {
        let state = ClockState {
            root_cause_done_on: Some(day("2026-11-05")),
            ..admitted(red_adult(), "2026-10-01", false, false)
        };
        assert!(items(&state, "2026-11-06")
            .contains(&"root_cause_review 2026-10-29 met_late".to_owned()));
    }

    #[rstest]
    #[case::amber_at_20("2006-06-01", Rating::Amber, None, Some(DueStatus::Due))]
    #[case::blue_at_20("2006-06-01", Rating::Blue, None, Some(DueStatus::Due))]
    #[case::waiting(
        "2006-06-01",
        Rating::Red,
        Some(Keyworker::Waiting),
        Some(DueStatus::Planned)
    )]
    #[case::named("2006-06-01", Rating::Red, Some(Keyworker::Named { name: "A".into(), agency: "B".into() }), Some(DueStatus::Met))]
    #[case::green("2006-06-01", Rating::Green, None, None)]
    // 26 on 2 December 2026: too old.
    #[case::aged_26("2000-12-02", Rating::Red, None, None)]
    #[case::aged_25("2000-12-03", Rating::Red, None, Some(DueStatus::Due))]
    fn keyworker_item(
        #[case] born: &str,
        #[case] rating: Rating,
        #[case] keyworker: Option<Keyworker>,
        #[case] expected: Option<DueStatus>,
    ) {
        let state = ClockState {
            born: day(born),
            rating,
            keyworker,
            ..red_adult()
        };
        let got = state
            .due_items(&PolicyTimescales::default(), day("2026-12-02"))
            .into_iter()
            .find(|i| i.rule == Rule::Keyworker)
            .map(|i| i.status);
        assert_eq!(got, expected);
    }

    #[test]
    fn timescales_are_settings() {
        let t = PolicyTimescales {
            community_days: 7,
            ..PolicyTimescales::default()
        };
        let due = red_adult().due_items(&t, day("2026-11-03"))[0].due_on;
        assert_eq!(due, day("2026-11-09"));
    }

    #[test]
    fn every_rule_says_what_it_asks_and_where_from() {
        for rule in Rule::ALL {
            let said = rule.explanation();
            assert!((said.ends_with('.') || said.ends_with('?')) && !rule.source().is_empty());
        }
    }
}
