//! A DSR meeting as the page shows it: a page of the agenda, or one person with the people
//! before and after them, and where the chair is.

use crate::{
    models::{
        since_marks, BoardCard, BriefCard, ChangeKind, FeedEntry, MeetingId, PersonId, ShownCard,
        SinceFacts, SinceMark,
    },
    people::wire::PersonRecord,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Where the meeting's chair is: the person open on the chair's screen, and since when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChairPosition {
    /// The person the chair has open; `None` when the viewer may not see that person's
    /// record ("the chair is discussing someone you are not linked to").
    pub person: Option<PersonId>,
    /// Their brief card, when the viewer may see only that.
    pub brief: Option<BriefCard>,
    /// When the chair moved there.
    pub at: DateTime<Utc>,
}

/// Who chairs the day's meeting, as the viewer sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChairSeat {
    /// The hold's version, named when taking the chair or stopping (0: no one has yet).
    pub version: i64,
    /// The chair's name, while someone chairs.
    pub name: Option<String>,
    /// Whether the viewer is the chair.
    pub mine: bool,
}

/// The last DSR meeting before today, and what was true then of each person shown whose
/// record the viewer may see: the "changed since the last meeting" marks come from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Since {
    /// The last meeting's day.
    pub day: NaiveDate,
    /// What was true of each person then.
    pub facts: Vec<(PersonId, SinceFacts)>,
}

impl Since {
    /// The marks of `card` as it is now (none for someone not read).
    pub fn marks(&self, card: &BoardCard) -> Vec<SinceMark> {
        self.facts
            .iter()
            .find(|(id, _)| *id == card.id)
            .map(|(_, facts)| since_marks(*facts, card.rating, card.detail.actions.overdue))
            .unwrap_or_default()
    }
}

/// One read of the meeting, in one snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    /// The day it was read, in the UK.
    pub today: NaiveDate,
    /// How many people are on the agenda.
    pub total: i64,
    /// The meeting whose chosen agenda this is (see `store::meeting_agenda`); `None` when
    /// it follows the register's rule.
    pub agenda_meeting: Option<MeetingId>,
    /// How many people that meeting has recorded a note or decision about so far.
    pub discussed: Option<i64>,
    /// Whether the caller sees only the people on the agenda they are linked to (a
    /// professional whose agency is not at a running meeting).
    pub own_only: bool,
    /// Who chairs.
    pub seat: ChairSeat,
    /// What changed since the last meeting, if there was one.
    pub since: Option<Since>,
    /// The chair's latest move since they took the chair, if any.
    pub chair: Option<ChairPosition>,
    /// What is shown.
    pub view: MeetingView,
    /// The newest change-log entry the read reflects; the live feed continues from it.
    pub head: i64,
}

/// The agenda, a page at a time, or one person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeetingView {
    /// A page of the agenda.
    Agenda {
        /// Page number, from 1.
        page: u32,
        /// The people on it the viewer may see, in agenda order, in full or brief.
        people: Vec<ShownCard>,
    },
    /// One person's record and their place on the agenda.
    Person {
        /// The record.
        record: Box<PersonRecord>,
        /// Where they sit.
        place: Place,
        /// Today's meeting, if one was set up, with what it recorded about them.
        recording: Option<super::wire::Recording>,
    },
}

/// Where someone sits on the agenda, as read when they were opened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// Position from 1, when they are on the agenda.
    pub position: Option<i64>,
    /// The person before them.
    pub prev: Option<Neighbour>,
    /// The person after them.
    pub next: Option<Neighbour>,
}

/// A person next on the agenda: enough to link to them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Neighbour {
    /// Who.
    pub id: PersonId,
    /// Their name.
    pub name: String,
}

impl Meeting {
    /// Applies one entry from the feed: a chair's move is remembered, and a card on the
    /// agenda page shown is updated where it is. Returns whether the meeting must be read
    /// again: the entry was about the record open in the person view, or who chairs changed.
    pub fn apply(&mut self, entry: &FeedEntry) -> bool {
        if entry.id() <= self.head {
            return false;
        }
        self.head = entry.id();
        let (person, card) = match entry {
            // Who chairs, who is on the agenda, or how many the meeting has discussed, is
            // read again.
            FeedEntry::ChairChanged(_) => return true,
            FeedEntry::Change(change)
                if matches!(
                    change.kind,
                    ChangeKind::AgendaChanged | ChangeKind::MeetingNoted
                ) =>
            {
                return true
            }
            FeedEntry::ChairElsewhere(moved) => {
                self.chair = Some(ChairPosition {
                    person: None,
                    brief: moved.card.clone(),
                    at: moved.at,
                });
                return false;
            }
            FeedEntry::Change(change) if !change.changes_record() => {
                self.chair = Some(ChairPosition {
                    person: Some(change.person),
                    brief: None,
                    at: change.at,
                });
                return false;
            }
            FeedEntry::Change(change) => (change.person, ShownCard::Full(change.card.clone())),
            FeedEntry::Brief(brief) => (brief.card.id, ShownCard::Brief(brief.card.clone())),
        };
        match &mut self.view {
            MeetingView::Agenda { people, .. } => {
                // Someone who left the register leaves the register's agenda; on one
                // chosen for the meeting they stay, shown as left.
                if self.agenda_meeting.is_none() && card.full().is_some_and(|c| c.left_on.is_some())
                {
                    people.retain(|c| c.id() != person);
                    return false;
                }
                if let Some(shown) = people
                    .iter_mut()
                    .find(|c| c.id() == person && !is_older(&card, c))
                {
                    *shown = card;
                }
                false
            }
            MeetingView::Person { record, .. } => record.person.id == person,
        }
    }
}

/// Whether `new` is an older version of the full card `shown` (a brief card has no
/// version: entries arrive in order, so it is never older; nor is one of the same version,
/// such as after a consent check).
fn is_older(new: &ShownCard, shown: &ShownCard) -> bool {
    match (new.full(), shown.full()) {
        (Some(new), Some(shown)) => new.version < shown.version,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{BoardCard, BoardChange, Rating};
    use chrono::TimeZone;

    const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();

    use crate::models::test_card as card;

    fn change(id: i64, kind: ChangeKind, card: BoardCard) -> FeedEntry {
        FeedEntry::Change(BoardChange {
            id,
            person: card.id,
            kind,
            version: card.version,
            from: None,
            to: Some(card.rating),
            at: Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap(),
            card,
        })
    }

    fn agenda_page() -> Meeting {
        Meeting {
            today: TODAY,
            total: 3,
            agenda_meeting: None,
            discussed: None,
            own_only: false,
            seat: ChairSeat::default(),
            since: None,
            chair: None,
            view: MeetingView::Agenda {
                page: 1,
                people: vec![
                    ShownCard::Full(card(1, Rating::Red, "2026-12-01", 1)),
                    ShownCard::Full(card(2, Rating::Amber, "2026-11-30", 1)),
                ],
            },
            head: 10,
        }
    }

    fn people(m: &Meeting) -> Vec<(String, Rating)> {
        match &m.view {
            MeetingView::Agenda { people, .. } => people
                .iter()
                .map(|c| (c.name().to_owned(), c.rating()))
                .collect(),
            MeetingView::Person { .. } => Vec::new(),
        }
    }

    #[test]
    fn a_rating_change_updates_the_card_where_it_is() {
        let mut m = agenda_page();
        let red = card(2, Rating::Red, "2026-12-07", 2);
        assert!(!m.apply(&change(11, ChangeKind::RatingChanged, red)));
        assert_eq!(
            people(&m),
            [
                ("Person 1".to_owned(), Rating::Red),
                ("Person 2".to_owned(), Rating::Red)
            ]
        );
        assert_eq!(m.head, 11);
    }

    #[test]
    fn old_or_repeated_changes_are_ignored() {
        let mut m = agenda_page();
        let red = card(2, Rating::Red, "2026-12-07", 2);
        m.apply(&change(9, ChangeKind::RatingChanged, red.clone()));
        assert_eq!(people(&m)[1].1, Rating::Amber, "at or before the read");
        m.apply(&change(11, ChangeKind::RatingChanged, red));
        let older = card(2, Rating::Green, "2026-11-30", 1);
        m.apply(&change(12, ChangeKind::RatingChanged, older));
        assert_eq!(people(&m)[1].1, Rating::Red, "an older version");
    }

    #[test]
    fn someone_who_left_leaves_the_registers_agenda_but_stays_shown_as_left_on_a_chosen_one() {
        let mut left = card(2, Rating::Amber, "2026-11-30", 2);
        left.left_on = Some(TODAY);
        let mut register = agenda_page();
        register.apply(&change(11, ChangeKind::PersonLeft, left.clone()));
        assert_eq!(people(&register), [("Person 1".to_owned(), Rating::Red)]);
        let mut chosen = Meeting {
            agenda_meeting: Some(MeetingId(uuid::Uuid::nil())),
            ..agenda_page()
        };
        chosen.apply(&change(11, ChangeKind::PersonLeft, left));
        let MeetingView::Agenda { people, .. } = &chosen.view else {
            unreachable!("an agenda page")
        };
        assert_eq!(people.len(), 2);
        assert_eq!(people[1].full().and_then(|c| c.left_on), Some(TODAY));
    }

    #[test]
    fn a_chair_move_is_remembered_and_changes_no_card() {
        let mut m = agenda_page();
        let before = people(&m);
        let moved = change(
            11,
            ChangeKind::ChairMoved,
            card(2, Rating::Amber, "2026-11-30", 1),
        );
        assert!(!m.apply(&moved));
        assert_eq!(
            m.chair.as_ref().and_then(|c| c.person),
            Some(card(2, Rating::Amber, "2026-11-30", 1).id)
        );
        assert_eq!(people(&m), before);
    }

    #[test]
    fn an_agenda_change_or_a_note_reads_the_meeting_again_and_moves_no_chair() {
        for kind in [ChangeKind::AgendaChanged, ChangeKind::MeetingNoted] {
            let mut m = agenda_page();
            let before = people(&m);
            let changed = change(11, kind, card(2, Rating::Amber, "2026-11-30", 1));
            assert!(m.apply(&changed), "{kind:?}: read again");
            assert!(m.chair.is_none(), "{kind:?}");
            assert_eq!(people(&m), before, "{kind:?}");
            assert!(!m.apply(&changed), "{kind:?}: once");
        }
    }

    #[test]
    fn green_people_are_on_the_agenda_only_when_their_review_is_due() {
        assert!(card(1, Rating::Green, "2026-11-23", 1).on_agenda(TODAY));
        assert!(!card(1, Rating::Green, "2026-11-24", 1).on_agenda(TODAY));
        assert!(card(1, Rating::Amber, "2027-01-01", 1).on_agenda(TODAY));
    }
}
