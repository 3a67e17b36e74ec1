//! A DSR meeting's agenda: who is discussed, in what order, and where the chair is.

use crate::models::{BoardCard, BoardChange, ChangeKind, PersonId, Rating};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Where the meeting's chair is: the person open on the chair's screen, and since when.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChairPosition {
    /// The person the chair has open.
    pub person: PersonId,
    /// When the chair moved there.
    pub at: DateTime<Utc>,
}

/// The agenda as read at the start of the meeting. Its order stays put while the meeting
/// goes through it; ratings on it change live.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agenda {
    /// The day the agenda was read, in the UK.
    pub today: NaiveDate,
    /// Blue, Red and Amber people, then Green people whose review is due.
    pub people: Vec<BoardCard>,
    /// The chair's latest move in this meeting, if any.
    pub chair: Option<ChairPosition>,
    /// The newest change-log entry the agenda reflects; the live feed continues from it.
    pub head: i64,
}

/// Whether someone with `card` belongs on an agenda read on `today`.
pub fn on_agenda(card: &BoardCard, today: NaiveDate) -> bool {
    card.rating != Rating::Green || card.review_due <= today
}

impl Agenda {
    /// Where `person` is on the agenda.
    pub fn position(&self, person: PersonId) -> Option<usize> {
        self.people.iter().position(|c| c.id == person)
    }

    /// The people before and after `person` on the agenda. Someone not on it (added
    /// after the agenda was read and since moved off it) sits before the first person.
    pub fn neighbours(&self, person: PersonId) -> (Option<&BoardCard>, Option<&BoardCard>) {
        match self.position(person) {
            Some(at) => (
                at.checked_sub(1).and_then(|i| self.people.get(i)),
                self.people.get(at + 1),
            ),
            None => (None, self.people.first()),
        }
    }

    /// Applies one change from the feed; returns whether the agenda changed. A changed
    /// card is updated where it is (the order stays put); a chair's move is remembered;
    /// someone added to the register who belongs on the agenda joins at its end.
    pub fn apply(&mut self, change: &BoardChange) -> bool {
        if change.id <= self.head {
            return false;
        }
        self.head = change.id;
        match change.kind {
            ChangeKind::ChairMoved => {
                self.chair = Some(ChairPosition {
                    person: change.person,
                    at: change.at,
                });
                true
            }
            ChangeKind::PersonAdded | ChangeKind::RatingChanged => {
                match self.people.iter_mut().find(|c| c.id == change.person) {
                    Some(card) if card.version < change.card.version => {
                        *card = change.card.clone();
                        true
                    }
                    Some(_) => false,
                    None if on_agenda(&change.card, self.today) => {
                        self.people.push(change.card.clone());
                        true
                    }
                    None => false,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{AgeGroup, Setting};
    use chrono::TimeZone;

    const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();

    fn card(n: u128, rating: Rating, due: &str, version: i64) -> BoardCard {
        BoardCard {
            id: PersonId(uuid::Uuid::from_u128(n)),
            name: format!("Person {n}"),
            age_group: AgeGroup::Adult,
            setting: Setting::FamilyHome,
            rating,
            rating_since: Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap(),
            rating_set_by: "LDA team".into(),
            review_due: due.parse().unwrap(),
            version,
        }
    }

    fn change(id: i64, kind: ChangeKind, card: BoardCard) -> BoardChange {
        BoardChange {
            id,
            person: card.id,
            kind,
            version: card.version,
            from: None,
            to: Some(card.rating),
            at: Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap(),
            card,
        }
    }

    fn agenda() -> Agenda {
        Agenda {
            today: TODAY,
            people: vec![
                card(1, Rating::Red, "2026-12-01", 1),
                card(2, Rating::Amber, "2026-11-30", 1),
                card(3, Rating::Green, "2026-11-20", 1),
            ],
            chair: None,
            head: 10,
        }
    }

    fn names(a: &Agenda) -> Vec<&str> {
        a.people.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn a_rating_change_updates_the_card_in_place() {
        let mut a = agenda();
        let red = card(2, Rating::Red, "2026-12-07", 2);
        assert!(a.apply(&change(11, ChangeKind::RatingChanged, red)));
        assert_eq!(names(&a), ["Person 1", "Person 2", "Person 3"]);
        assert_eq!(a.people[1].rating, Rating::Red);
        assert_eq!(a.head, 11);
    }

    #[test]
    fn old_or_repeated_changes_are_ignored() {
        let mut a = agenda();
        let red = card(2, Rating::Red, "2026-12-07", 2);
        assert!(!a.apply(&change(9, ChangeKind::RatingChanged, red.clone())));
        assert!(a.apply(&change(11, ChangeKind::RatingChanged, red.clone())));
        assert!(!a.apply(&change(11, ChangeKind::RatingChanged, red)));
        let older = card(2, Rating::Amber, "2026-11-30", 1);
        assert!(!a.apply(&change(12, ChangeKind::RatingChanged, older)));
        assert_eq!(a.people[1].rating, Rating::Red);
    }

    #[test]
    fn newcomers_join_the_end_only_when_they_belong_on_the_agenda() {
        let mut a = agenda();
        let blue = card(4, Rating::Blue, "2026-11-24", 1);
        assert!(a.apply(&change(11, ChangeKind::PersonAdded, blue)));
        let green = card(5, Rating::Green, "2027-05-01", 1);
        assert!(!a.apply(&change(12, ChangeKind::PersonAdded, green)));
        assert_eq!(names(&a), ["Person 1", "Person 2", "Person 3", "Person 4"]);
    }

    #[test]
    fn a_chair_move_is_remembered_and_changes_no_card() {
        let mut a = agenda();
        let before = a.people.clone();
        assert!(a.apply(&change(
            11,
            ChangeKind::ChairMoved,
            card(3, Rating::Green, "2026-11-20", 1)
        )));
        assert_eq!(
            a.chair.map(|c| c.person),
            Some(PersonId(uuid::Uuid::from_u128(3)))
        );
        assert_eq!(a.people, before);
    }

    #[test]
    fn neighbours_follow_the_agenda_order() {
        let a = agenda();
        let id = |n| PersonId(uuid::Uuid::from_u128(n));
        let names = |(p, n): (Option<&BoardCard>, Option<&BoardCard>)| {
            (p.map(|c| c.name.clone()), n.map(|c| c.name.clone()))
        };
        assert_eq!(names(a.neighbours(id(1))), (None, Some("Person 2".into())));
        assert_eq!(
            names(a.neighbours(id(2))),
            (Some("Person 1".into()), Some("Person 3".into()))
        );
        assert_eq!(names(a.neighbours(id(3))), (Some("Person 2".into()), None));
        assert_eq!(
            names(a.neighbours(id(9))),
            (None, Some("Person 1".into())),
            "someone off the agenda leads back to its start"
        );
    }

    #[test]
    fn green_people_are_on_the_agenda_only_when_their_review_is_due() {
        assert!(on_agenda(&card(1, Rating::Green, "2026-11-23", 1), TODAY));
        assert!(!on_agenda(&card(1, Rating::Green, "2026-11-24", 1), TODAY));
        assert!(on_agenda(&card(1, Rating::Amber, "2027-01-01", 1), TODAY));
    }
}
