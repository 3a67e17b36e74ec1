//! What changed about someone since the last DSR meeting, so the meeting sees at a glance
//! who is new, whose rating went up or down, who had a C(E)TR and whose actions are late.

use super::Rating;
use serde::{Deserialize, Serialize};

/// What was true of someone at the end of the last meeting's day, as kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SinceFacts {
    /// They joined the register after that day.
    pub added_after: bool,
    /// Their rating then (`None` when they were not on the register).
    pub rating_then: Option<Rating>,
    /// C(E)TRs (and their kin) held after that day.
    pub ctrs_held: i64,
}

/// One "changed since the last meeting" mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SinceMark {
    /// New on the register.
    New,
    /// Rated more urgently than then (from that rating).
    Up(Rating),
    /// Rated less urgently than then (from that rating).
    Down(Rating),
    /// A C(E)TR was held.
    NewCtr,
    /// Actions are overdue.
    ActionsOverdue,
}

impl SinceMark {
    /// The mark's words.
    pub fn words(self) -> String {
        match self {
            SinceMark::New => "New on the register".to_owned(),
            SinceMark::Up(from) => format!("Rating up from {}", from.label()),
            SinceMark::Down(from) => format!("Rating down from {}", from.label()),
            SinceMark::NewCtr => "New C(E)TR".to_owned(),
            SinceMark::ActionsOverdue => "Actions overdue".to_owned(),
        }
    }
}

/// The marks of someone rated `now`, with `overdue_actions` open actions past their date,
/// given what was true at the last meeting. Blue is the most urgent, then Red, Amber and
/// Green.
pub fn since_marks(facts: SinceFacts, now: Rating, overdue_actions: u32) -> Vec<SinceMark> {
    let mut marks = Vec::new();
    match facts.rating_then {
        _ if facts.added_after => marks.push(SinceMark::New),
        Some(then) if now.order() < then.order() => marks.push(SinceMark::Up(then)),
        Some(then) if now.order() > then.order() => marks.push(SinceMark::Down(then)),
        _ => {}
    }
    if facts.ctrs_held > 0 {
        marks.push(SinceMark::NewCtr);
    }
    if overdue_actions > 0 {
        marks.push(SinceMark::ActionsOverdue);
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use Rating::{Amber, Blue, Green, Red};

    fn facts(added_after: bool, rating_then: Option<Rating>, ctrs_held: i64) -> SinceFacts {
        SinceFacts {
            added_after,
            rating_then,
            ctrs_held,
        }
    }

    #[rstest]
    #[case::unchanged(facts(false, Some(Amber), 0), Amber, 0, vec![])]
    #[case::new(facts(true, None, 0), Red, 0, vec![SinceMark::New])]
    #[case::new_and_rerated_is_only_new(facts(true, Some(Green), 0), Red, 0, vec![SinceMark::New])]
    #[case::amber_to_red_is_up(facts(false, Some(Amber), 0), Red, 0, vec![SinceMark::Up(Amber)])]
    #[case::red_to_blue_is_up(facts(false, Some(Red), 0), Blue, 0, vec![SinceMark::Up(Red)])]
    #[case::blue_to_green_is_down(facts(false, Some(Blue), 0), Green, 0, vec![SinceMark::Down(Blue)])]
    #[case::ctr_and_late_actions(facts(false, Some(Red), 2), Red, 3, vec![SinceMark::NewCtr, SinceMark::ActionsOverdue])]
    #[case::everything(facts(false, Some(Green), 1), Amber, 1, vec![SinceMark::Up(Green), SinceMark::NewCtr, SinceMark::ActionsOverdue])]
    fn marks(
        #[case] facts: SinceFacts,
        #[case] now: Rating,
        #[case] overdue: u32,
        #[case] expected: Vec<SinceMark>,
    ) {
        assert_eq!(since_marks(facts, now, overdue), expected);
    }

    #[test]
    fn words_name_the_rating_it_moved_from() {
        assert_eq!(SinceMark::Up(Amber).words(), "Rating up from Amber");
        assert_eq!(SinceMark::Down(Red).words(), "Rating down from Red");
    }
}
