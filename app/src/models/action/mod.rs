//! Actions agreed for a person: what, who owns it, by when, where it came from, and its
//! dated updates until it is done or cancelled.

mod answers;

pub use answers::{ActionAnswers, ActionUpdateAnswers, OwnerChoice, ACTION_TEXT_MAX};

use crate::models::{coded_enum, PersonId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

crate::models::uuid_id!(
    /// Identifies one action.
    ActionId
);

/// Where an action stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    /// Still to do.
    Open,
    /// Done.
    Done,
    /// Not going to be done (the update says why).
    Cancelled,
}

coded_enum!(ActionStatus {
    Open => ("open", "Open"),
    Done => ("done", "Done"),
    Cancelled => ("cancelled", "Cancelled"),
});

/// Where an action was agreed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionSource {
    /// Added on the record itself.
    Record,
    /// A review of the person.
    Review,
    /// A C(E)TR's recommendation.
    Ctr,
    /// A DSR meeting.
    Meeting,
}

coded_enum!(ActionSource {
    Record => ("record", "Added on the record"),
    Review => ("review", "A review"),
    Ctr => ("ctr", "A C(E)TR recommendation"),
    Meeting => ("meeting", "A DSR meeting"),
});

/// Who owns an action: someone with an account, or a named person and their agency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ActionOwner {
    /// A signed-in user of the portal.
    Account {
        /// Their account.
        id: String,
        /// Their name when the action was given to them.
        name: String,
        /// Their agency's name, if any.
        agency: String,
    },
    /// Someone without an account.
    Named {
        /// Their name.
        name: String,
        /// Their agency.
        agency: String,
    },
}

impl ActionOwner {
    /// "Name, agency".
    pub fn describe(&self) -> String {
        let (ActionOwner::Account { name, agency, .. } | ActionOwner::Named { name, agency }) =
            self;
        if agency.is_empty() {
            name.clone()
        } else {
            format!("{name}, {agency}")
        }
    }

    /// The owner's agency's name ("" when none).
    pub fn agency(&self) -> &str {
        let (ActionOwner::Account { agency, .. } | ActionOwner::Named { agency, .. }) = self;
        agency
    }
}

/// An action as agreed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// What is to be done.
    pub what: String,
    /// Who does it.
    pub owner: ActionOwner,
    /// By when (as agreed; updates may move it).
    pub due_on: NaiveDate,
    /// Where it was agreed.
    pub source: ActionSource,
    /// The DSR meeting that agreed it, when one did.
    #[serde(default)]
    pub meeting: Option<crate::models::MeetingId>,
}

/// A dated update: the status and due date after it, and a note (why, for a cancellation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionUpdate {
    /// The status after it.
    pub status: ActionStatus,
    /// The due date after it.
    pub due_on: NaiveDate,
    /// What happened, or why it was cancelled.
    pub note: String,
    /// Who updated it (their name).
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// An action as kept, with every update, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAction {
    /// Its identity.
    pub id: ActionId,
    /// Whose record it is on.
    pub person: PersonId,
    /// As agreed.
    pub action: Action,
    /// Where it stands now.
    pub status: ActionStatus,
    /// When it is due now.
    pub due_on: NaiveDate,
    /// Every update, oldest first.
    pub updates: Vec<ActionUpdate>,
    /// Incremented by every update; an update names the version it was made from.
    pub version: i64,
    /// Who added it (their name).
    pub created_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl SavedAction {
    /// Whether it is open and its due date has passed on `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status == ActionStatus::Open && self.due_on < today
    }

    /// Whether it was already due when it was added (allowed, and shown as a warning).
    pub fn due_before_added(&self) -> bool {
        self.action.due_on < crate::models::uk_today(self.created_at)
    }
}

/// What "My actions" shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyActionList {
    /// Open actions on records the reader may see, soonest due first.
    pub lines: Vec<ActionLine>,
    /// How many of the reader's own open actions are on records they may no longer see.
    pub out_of_sight: u32,
}

/// An action on "My actions": the action and whose record it is on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionLine {
    /// The action.
    pub action: SavedAction,
    /// The person's name.
    pub person_name: String,
    /// Whether it is the caller's own (otherwise their agency's).
    pub own: bool,
}
