//! What the person pages send and receive (wire types only).

use crate::models::{
    Agency, AuditLine, ConsentRecord, HistoryEntry, Person, PolicyTimescales, RatingChange,
    RecordLinks, RecordedDeparture, RecordedReview, SavedAction, SavedCtr, SavedSection,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the person page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRecord {
    /// The record.
    pub person: Person,
    /// Rating history, newest first.
    pub history: Vec<RatingChange>,
    /// Consent records and best-interests decisions, newest first.
    pub consent: Vec<ConsentRecord>,
    /// The record's sections that were ever saved, in section order.
    pub sections: Vec<SavedSection>,
    /// Every time the person left the register, newest first.
    pub departures: Vec<RecordedDeparture>,
    /// Every review, newest first.
    pub reviews: Vec<RecordedReview>,
    /// C(E)TRs, emergency protocol meetings and oversight visits: those to come first.
    pub ctrs: Vec<SavedCtr>,
    /// Actions: open ones first, soonest due first.
    pub actions: Vec<SavedAction>,
    /// The day they last left hospital, if they are not back in.
    pub discharged_on: Option<NaiveDate>,
    /// The policy clock's timescales (settings).
    pub policy: PolicyTimescales,
    /// A fresh id for anything the page adds (such as a C(E)TR), new at each read: a form
    /// sent twice names the same one, so it is kept once.
    pub new_id: uuid::Uuid,
    /// Today in the UK, for age and overdue.
    pub today: NaiveDate,
    /// The newest change-log entry when the record was read; the live feed continues from it.
    pub head: i64,
}

/// What the person page shows about who works with the person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamView {
    /// Linked professionals and agencies.
    pub links: RecordLinks,
    /// For coordinators: who else could be linked (professionals: id and description).
    pub candidates: Option<Candidates>,
    /// For coordinators: the latest looks at the record, newest first.
    pub views: Option<Vec<AuditLine>>,
}

/// Who a coordinator could link to a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidates {
    /// Active professionals: id and "name, job title, agency".
    pub professionals: Vec<(String, String)>,
    /// Agencies.
    pub agencies: Vec<Agency>,
}

/// A record's history, for its history page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordChanges {
    /// Whose record (their full name).
    pub name: String,
    /// Every change, newest first.
    pub entries: Vec<HistoryEntry>,
}

/// The closed records' search as posted (in the body, never the URL: it may be a name or an
/// NHS number).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedSearch {
    /// A name, or the start of an NHS number.
    #[serde(default)]
    pub q: String,
}
