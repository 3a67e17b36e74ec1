//! What the pages of DSR meetings as records receive: the list of meetings, a meeting's
//! attendance, what today's meeting recorded about the person open, and the minutes.

use crate::models::{Attendee, MeetingEntry, MeetingRecord, PersonId, Rating, SavedAction};
use serde::{Deserialize, Serialize};

/// An LDA team account that may chair a meeting or take its notes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffChoice {
    /// Their account.
    pub id: String,
    /// Their name.
    pub name: String,
}

/// The meetings page: the latest meetings, and (for the LDA team) who may chair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingList {
    /// The latest meetings, the latest day first.
    pub meetings: Vec<MeetingRecord>,
    /// Whether the caller may set up a meeting.
    pub may_set_up: bool,
    /// Who may chair or take notes (empty unless the caller may set up a meeting).
    pub staff: Vec<StaffChoice>,
    /// The caller's account, the chair suggested.
    pub me: String,
    /// A fresh id for a meeting set up from this page.
    pub new_id: String,
}

/// A meeting's attendance page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceSheet {
    /// The meeting.
    pub meeting: MeetingRecord,
    /// Who attended or sent apologies, in the order taken.
    pub attendees: Vec<Attendee>,
    /// Whether the caller may change it (its chair or note-taker).
    pub may_change: bool,
    /// A fresh id for the next line added.
    pub new_id: String,
}

/// Today's meeting as the meeting view shows it beside one person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recording {
    /// The meeting.
    pub meeting: MeetingRecord,
    /// Whether the caller records for it (its chair or note-taker).
    pub may_record: bool,
    /// What it recorded about the person so far, in order.
    pub entries: Vec<MeetingEntry>,
}

/// The minutes of a meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Minutes {
    /// The meeting.
    pub meeting: MeetingRecord,
    /// Who attended or sent apologies.
    pub attendance: Vec<Attendee>,
    /// The people discussed, in the order first discussed, as the reader may see them.
    pub people: Vec<MinutesPerson>,
    /// How many other people were discussed whom the reader may not see at all.
    pub unseen: u32,
    /// Whether the reader may record when the minutes were sent round.
    pub may_circulate: bool,
}

/// One person in the minutes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MinutesPerson {
    /// Someone whose record the reader may see: everything the meeting recorded.
    Full {
        /// Who.
        id: PersonId,
        /// Their name.
        name: String,
        /// Their rating when the meeting last recorded something about them.
        rating: Rating,
        /// What was discussed and decided, in order.
        entries: Vec<MeetingEntry>,
        /// The actions agreed, with owners and dates.
        actions: Vec<SavedAction>,
    },
    /// Someone the reader sees only as a brief card: one line.
    Line {
        /// Their name.
        name: String,
        /// Their rating when the meeting last recorded something about them.
        rating: Rating,
    },
}
