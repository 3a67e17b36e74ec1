//! Changes to the register as the live board receives them.

use super::{BoardCard, BriefCard, PersonId, Rating};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The kind of a change-log entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A person joined the register.
    PersonAdded,
    /// A person's rating changed.
    RatingChanged,
    /// Professionals or agencies were linked to or unlinked from the record: what each
    /// professional may see of it changed (the record itself did not).
    TeamChanged,
    /// The chair of a DSR meeting moved on to this person; attendees who follow the chair
    /// open the same record. Nothing in the record changed.
    ChairMoved,
    /// Someone took (or took over) the chair of the day's DSR meeting; logged on the person
    /// the chair has open. Nothing in the record changed.
    ChairTaken,
    /// The chair of the day's DSR meeting stopped sharing their screen; logged on the
    /// person the chair last had open. Nothing in the record changed.
    ChairStopped,
    /// A section of the record beyond the card (such as the narrative) was saved: the
    /// card itself did not change.
    SectionChanged,
    /// A section changed what the people row holds (name, date of birth, NHS number,
    /// area, diagnosis or setting): the card may show a new name, age group or setting,
    /// and the record's version moved on.
    DetailsChanged,
    /// A new consent record (or best-interests decision) was added: the card's consent
    /// flag may have changed, nothing else.
    ConsentRecorded,
    /// A C(E)TR, emergency protocol meeting or oversight visit was planned or recorded:
    /// what the policy clock shows as due may have changed, the card's rating did not.
    CtrChanged,
    /// An action was added or updated: the card's action counts may have changed, the
    /// record's rating did not.
    ActionChanged,
    /// A DSR meeting recorded a discussion note or decision about the person: open
    /// meeting views show it; the card did not change.
    MeetingNoted,
    /// The person left the register: the record is closed and kept, and no board shows
    /// the card.
    PersonLeft,
    /// A closed record was reopened, with a new consent record: the person is back on
    /// the register.
    PersonReturned,
    /// The day's DSR meeting put the person on its agenda or took them off: open meeting
    /// views read the agenda again. Nothing in the record changed.
    AgendaChanged,
}

super::coded_enum!(ChangeKind {
    PersonAdded => ("person_added", "Added to the register"),
    RatingChanged => ("rating_changed", "Rating changed"),
    TeamChanged => ("team_changed", "Who is involved changed"),
    ChairMoved => ("chair_moved", "Meeting chair moved on"),
    ChairTaken => ("chair_taken", "Meeting chair taken"),
    ChairStopped => ("chair_stopped", "Meeting chair stopped"),
    SectionChanged => ("section_changed", "Record section changed"),
    DetailsChanged => ("details_changed", "Details changed"),
    ConsentRecorded => ("consent_recorded", "Consent recorded"),
    CtrChanged => ("ctr_changed", "C(E)TR recorded"),
    ActionChanged => ("action_changed", "Action recorded"),
    MeetingNoted => ("meeting_noted", "Recorded at a DSR meeting"),
    PersonLeft => ("person_left", "Left the register"),
    PersonReturned => ("person_returned", "Returned to the register"),
    AgendaChanged => ("agenda_changed", "Meeting agenda changed"),
});

/// One change-log entry in full, for a viewer who may see the person's record: what
/// changed, and the person's card as it is now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardChange {
    /// The change-log id; entries arrive in increasing order.
    pub id: i64,
    /// Whose record changed.
    pub person: PersonId,
    /// What kind of change.
    pub kind: ChangeKind,
    /// The person's version after this change.
    pub version: i64,
    /// Rating before the change (`None` when the person was added).
    pub from: Option<Rating>,
    /// Rating after the change.
    pub to: Option<Rating>,
    /// When the change was committed.
    pub at: DateTime<Utc>,
    /// The person's card now (its version may be later than `version`).
    pub card: BoardCard,
}

impl BoardChange {
    /// Whether `card` is the person's state right after this change (no later change yet).
    pub fn is_latest(&self) -> bool {
        self.card.version == self.version
    }

    /// Whether this entry changed the person's record (a chair's move or an agenda
    /// change does not).
    pub fn changes_record(&self) -> bool {
        self.kind.changes_record()
    }
}

/// One feed entry as a viewer receives it (see `auth::access` for who gets which).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FeedEntry {
    /// A change to a record the viewer may see.
    Change(BoardChange),
    /// A brief card the viewer may see changed: nothing about what or who changed it.
    Brief(BriefChange),
    /// The meeting's chair moved on to someone the viewer may not see.
    ChairElsewhere(ChairElsewhere),
    /// Someone took the meeting's chair, the chair stopped, or the agenda changed: the
    /// meeting view reads who chairs and its agenda again. Nothing about the person it was
    /// logged on.
    ChairChanged(ChairElsewhere),
}

impl ChangeKind {
    /// Whether an entry of this kind changed the person's record (a chair's move or an
    /// agenda change does not).
    pub fn changes_record(self) -> bool {
        !self.is_chair() && self != ChangeKind::AgendaChanged
    }

    /// Whether this is about the meeting's chair rather than the person's record.
    pub fn is_chair(self) -> bool {
        matches!(
            self,
            ChangeKind::ChairMoved | ChangeKind::ChairTaken | ChangeKind::ChairStopped
        )
    }
}

/// A brief card changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BriefChange {
    /// The change-log id.
    pub id: i64,
    /// The brief card now.
    pub card: BriefCard,
}

/// News of the meeting's chair without the person's record: a move to someone the viewer
/// is not linked to (with only their brief card), or a change of who chairs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChairElsewhere {
    /// The change-log id.
    pub id: i64,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// The brief card of whom the chair opened, for an attendee not linked to them;
    /// `None` for news of who chairs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<BriefCard>,
}

impl FeedEntry {
    /// The change-log id; entries arrive in increasing order.
    pub fn id(&self) -> i64 {
        match self {
            FeedEntry::Change(c) => c.id,
            FeedEntry::Brief(c) => c.id,
            FeedEntry::ChairElsewhere(c) | FeedEntry::ChairChanged(c) => c.id,
        }
    }
}
