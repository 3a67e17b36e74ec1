//! Actions on a person's record: added once (a repeated send of a new action is
//! recognised by its id), updated from the version seen (never overwriting an update made
//! meanwhile), every update kept in the append-only `action_updates`, and each change
//! written with its change-log entry in one transaction.

use super::{
    change_log::{self, NewChange},
    on_exec, on_tx, people,
    rows::decode,
    Db, Exec, Tx,
};
use crate::models::{
    Action, ActionId, ActionOwner, ActionStatus, ActionUpdate, ChangeKind, MeetingId, PersonId,
    SavedAction,
};
use chrono::{DateTime, NaiveDate, Utc};

/// Why an action was not saved.
#[derive(Debug, thiserror::Error)]
pub enum ActionSaveError {
    /// No such person, or the action is another person's.
    #[error("not found")]
    NotFound,
    /// The person has left the register.
    #[error("record closed")]
    Closed,
    /// The record already holds [`MAX_OPEN_ACTIONS`] open actions.
    #[error("too many open actions")]
    TooMany,
    /// Changed by someone else since the version the save was made from.
    #[error("stale version")]
    Conflict(Box<SavedAction>),
    /// This very save was made already: nothing was written again.
    #[error("already saved")]
    Repeated(Box<SavedAction>),
    /// The database failed; nothing was written.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// The most open actions one record holds: more is a mistake or a flood.
pub const MAX_OPEN_ACTIONS: usize = 100;

/// An update of an action, made from `from_version`.
#[derive(Clone, Copy, Debug)]
pub struct ActionChange<'a> {
    /// Whose record.
    pub person: PersonId,
    /// Which action.
    pub id: ActionId,
    /// The version the update was made from.
    pub from_version: i64,
    /// The status after it.
    pub status: ActionStatus,
    /// The due date after it.
    pub due_on: NaiveDate,
    /// The note.
    pub note: &'a str,
    /// Who (their name).
    pub actor: &'a str,
    /// When.
    pub at: DateTime<Utc>,
}

/// A row of `actions`, with the person's name.
#[derive(sqlx::FromRow)]
struct ActionRow {
    id: String,
    person_id: String,
    what: String,
    owner: String,
    agreed_due: NaiveDate,
    source: String,
    meeting_id: Option<String>,
    status: String,
    due_on: NaiveDate,
    version: i64,
    created_by: String,
    created_at: DateTime<Utc>,
    person_name: String,
}

/// A row of `action_updates`.
#[derive(sqlx::FromRow)]
struct UpdateRow {
    action_id: String,
    status: String,
    due_on: NaiveDate,
    note: String,
    updated_by: String,
    updated_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT a.id, a.person_id, a.what, a.owner, a.agreed_due, a.source, a.meeting_id, a.status, \
     a.due_on, a.version, a.created_by, a.created_at, p.given_name || ' ' || p.family_name AS person_name \
     FROM actions a JOIN people p ON p.id = a.person_id";

impl ActionRow {
    /// The action, with `updates` (its own, oldest first).
    fn into_saved(self, updates: &[UpdateRow]) -> Result<(SavedAction, String), sqlx::Error> {
        let owner: ActionOwner =
            serde_json::from_str(&self.owner).map_err(|e| sqlx::Error::ColumnDecode {
                index: "owner".into(),
                source: Box::new(e),
            })?;
        let updates = updates
            .iter()
            .map(|u| {
                Ok(ActionUpdate {
                    status: decode("status", &u.status)?,
                    due_on: u.due_on,
                    note: u.note.clone(),
                    by: u.updated_by.clone(),
                    at: u.updated_at,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?;
        Ok((
            SavedAction {
                id: decode("id", &self.id)?,
                person: decode("person_id", &self.person_id)?,
                action: Action {
                    what: self.what,
                    owner,
                    due_on: self.agreed_due,
                    source: decode("source", &self.source)?,
                    meeting: self
                        .meeting_id
                        .map(|m| decode("meeting_id", &m))
                        .transpose()?,
                },
                status: decode("status", &self.status)?,
                due_on: self.due_on,
                updates,
                version: self.version,
                created_by: self.created_by,
                created_at: self.created_at,
            },
            self.person_name,
        ))
    }
}

/// Whose updates a read of actions needs: one query each, whatever the number of actions.
enum UpdatesOf<'a> {
    /// Every update on one record.
    Person(PersonId),
    /// One action's.
    Action(ActionId),
    /// Those of the open actions owned by an account or an agency (see [`open_for`]).
    OpenFor(&'a str, Option<&'a str>),
    /// Those of the actions a meeting agreed.
    Meeting(MeetingId),
    /// Those of every open action.
    AllOpen,
}

const SELECT_UPDATES: &str = "SELECT u.action_id, u.status, u.due_on, u.note, u.updated_by, \
     u.updated_at FROM action_updates u";

/// The actions (with the person's name) that `rows` are, each with its updates, read in
/// one query.
async fn complete(
    exec: Exec<'_>,
    rows: Vec<ActionRow>,
    of: UpdatesOf<'_>,
) -> Result<Vec<(SavedAction, String)>, sqlx::Error> {
    let updates: Vec<UpdateRow> = match of {
        UpdatesOf::Person(person) => on_exec!(exec, conn => sqlx::query_as(&format!(
            "{SELECT_UPDATES} WHERE u.person_id = $1 ORDER BY u.id"
        ))
        .bind(person.to_string())
        .fetch_all(conn)
        .await)?,
        UpdatesOf::Action(id) => on_exec!(exec, conn => sqlx::query_as(&format!(
            "{SELECT_UPDATES} WHERE u.action_id = $1 ORDER BY u.id"
        ))
        .bind(id.to_string())
        .fetch_all(conn)
        .await)?,
        UpdatesOf::OpenFor(user, agency) => on_exec!(exec, conn => sqlx::query_as(&format!(
            "{SELECT_UPDATES} JOIN actions a ON a.id = u.action_id WHERE a.status = 'open' \
             AND (a.owner_user = $1 OR a.owner_agency = $2) ORDER BY u.id"
        ))
        .bind(user)
        .bind(agency)
        .fetch_all(conn)
        .await)?,
        UpdatesOf::AllOpen => on_exec!(exec, conn => sqlx::query_as(&format!(
            "{SELECT_UPDATES} JOIN actions a ON a.id = u.action_id WHERE a.status = 'open' ORDER BY u.id"
        ))
        .fetch_all(conn)
        .await)?,
        UpdatesOf::Meeting(meeting) => on_exec!(exec, conn => sqlx::query_as(&format!(
            "{SELECT_UPDATES} JOIN actions a ON a.id = u.action_id WHERE a.meeting_id = $1 ORDER BY u.id"
        ))
        .bind(meeting.to_string())
        .fetch_all(conn)
        .await)?,
    };
    let mut by_action: std::collections::HashMap<String, Vec<UpdateRow>> = Default::default();
    for update in updates {
        by_action
            .entry(update.action_id.clone())
            .or_default()
            .push(update);
    }
    rows.into_iter()
        .map(|r| {
            let own = by_action.remove(&r.id).unwrap_or_default();
            r.into_saved(&own)
        })
        .collect()
}

/// Every action on `person`'s record: open ones first, soonest due first; then the rest,
/// most recently due first.
pub async fn of_person<'a>(
    on: impl Into<Exec<'a>>,
    person: PersonId,
) -> Result<Vec<SavedAction>, sqlx::Error> {
    let mut exec = on.into();
    let rows: Vec<ActionRow> = on_exec!(exec.reborrow(), conn => sqlx::query_as(&format!(
        "{SELECT} WHERE a.person_id = $1 \
         ORDER BY a.status <> 'open', CASE WHEN a.status = 'open' THEN a.due_on END, a.due_on DESC, a.id"
    ))
    .bind(person.to_string())
    .fetch_all(conn)
    .await)?;
    Ok(complete(exec, rows, UpdatesOf::Person(person))
        .await?
        .into_iter()
        .map(|(a, _)| a)
        .collect())
}

/// One action, with the person's name.
pub async fn get<'a>(
    on: impl Into<Exec<'a>>,
    id: ActionId,
) -> Result<Option<(SavedAction, String)>, sqlx::Error> {
    let mut exec = on.into();
    let rows: Vec<ActionRow> = on_exec!(exec.reborrow(), conn => sqlx::query_as(&format!(
        "{SELECT} WHERE a.id = $1"
    ))
    .bind(id.to_string())
    .fetch_all(conn)
    .await)?;
    Ok(complete(exec, rows, UpdatesOf::Action(id)).await?.pop())
}

/// The open actions owned by account `user`, or by anyone of the agency named `agency`,
/// on records of people still on the register, soonest due (so overdue) first, each with
/// the person's name. All of them: what the reader may see of them is for `auth` to say.
pub async fn open_for<'a>(
    on: impl Into<Exec<'a>>,
    user: &str,
    agency: Option<&str>,
) -> Result<Vec<(SavedAction, String)>, sqlx::Error> {
    // No agency (NULL) matches no one: an empty name is never an agency's.
    let agency = agency.filter(|a| !a.is_empty());
    let mut exec = on.into();
    let rows: Vec<ActionRow> = on_exec!(exec.reborrow(), conn => sqlx::query_as(&format!(
        "{SELECT} WHERE a.status = 'open' AND p.left_on IS NULL \
         AND (a.owner_user = $1 OR a.owner_agency = $2) ORDER BY a.due_on, a.id"
    ))
    .bind(user)
    .bind(agency)
    .fetch_all(conn)
    .await)?;
    complete(exec, rows, UpdatesOf::OpenFor(user, agency)).await
}

/// Every open action on the records of people on the register, soonest due first, each
/// with the person's name (for the LDA team's export).
pub async fn all_open(db: &Db) -> Result<Vec<(SavedAction, String)>, sqlx::Error> {
    let mut exec = Exec::from(db);
    let rows: Vec<ActionRow> = on_exec!(exec.reborrow(), conn => sqlx::query_as(&format!(
        "{SELECT} WHERE a.status = 'open' AND p.left_on IS NULL ORDER BY a.due_on, a.id"
    ))
    .fetch_all(conn)
    .await)?;
    complete(exec, rows, UpdatesOf::AllOpen).await
}

/// The actions `meeting` agreed, in the order they were added, each with the person's
/// name.
pub async fn of_meeting<'a>(
    on: impl Into<Exec<'a>>,
    meeting: MeetingId,
) -> Result<Vec<(SavedAction, String)>, sqlx::Error> {
    let mut exec = on.into();
    let rows: Vec<ActionRow> = on_exec!(exec.reborrow(), conn => sqlx::query_as(&format!(
        "{SELECT} WHERE a.meeting_id = $1 ORDER BY a.created_at, a.id"
    ))
    .bind(meeting.to_string())
    .fetch_all(conn)
    .await)?;
    complete(exec, rows, UpdatesOf::Meeting(meeting)).await
}

/// Adds `action` as `id` to `person`'s record inside `tx`, with its change-log entry. The
/// same action sent again (its answer lost) is recognised and writes nothing.
pub async fn add(
    tx: &mut Tx,
    person: PersonId,
    id: ActionId,
    action: &Action,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<SavedAction, ActionSaveError> {
    let person_now = open_person(tx, person).await?;
    let owner =
        serde_json::to_string(&action.owner).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let owner_user = match &action.owner {
        ActionOwner::Account { id, .. } => Some(id.clone()),
        ActionOwner::Named { .. } => None,
    };
    let written = on_tx!(&mut *tx, conn => sqlx::query(
        "INSERT INTO actions (id, person_id, what, owner, owner_user, owner_agency, agreed_due, \
         source, meeting_id, status, due_on, version, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $11, 'open', $7, 1, $9, $10) ON CONFLICT (id) DO NOTHING",
    )
    .bind(id.to_string())
    .bind(person.to_string())
    .bind(&action.what)
    .bind(&owner)
    .bind(owner_user)
    .bind(action.owner.agency())
    .bind(action.due_on)
    .bind(action.source.code())
    .bind(actor)
    .bind(at)
    .bind(action.meeting.map(|m| m.to_string()))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if written != 1 {
        return Err(match get(&mut *tx, id).await? {
            Some((now, _)) if now.person != person => ActionSaveError::NotFound,
            Some((now, _))
                if now.action == *action && now.created_by == actor && now.version == 1 =>
            {
                ActionSaveError::Repeated(Box::new(now))
            }
            Some((now, _)) => ActionSaveError::Conflict(Box::new(now)),
            None => ActionSaveError::NotFound,
        });
    }
    // Over the cap, the caller's transaction is dropped and the action with it.
    if keep_dues(tx, person).await? > MAX_OPEN_ACTIONS {
        return Err(ActionSaveError::TooMany);
    }
    logged(tx, person, person_now.version, actor, at).await?;
    Ok(get(&mut *tx, id).await?.ok_or(ActionSaveError::NotFound)?.0)
}

/// Updates an action inside `tx`, if it is still at the version the update was made
/// from: its status and due date, and the update kept with its note.
pub async fn update(
    tx: &mut Tx,
    change: &ActionChange<'_>,
) -> Result<SavedAction, ActionSaveError> {
    let person_now = open_person(tx, change.person).await?;
    let written = on_tx!(&mut *tx, conn => sqlx::query(
        "UPDATE actions SET status = $1, due_on = $2, version = version + 1 \
         WHERE id = $3 AND person_id = $4 AND version = $5",
    )
    .bind(change.status.code())
    .bind(change.due_on)
    .bind(change.id.to_string())
    .bind(change.person.to_string())
    .bind(change.from_version)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if written != 1 {
        return Err(match get(&mut *tx, change.id).await? {
            Some((now, _)) if now.person != change.person => ActionSaveError::NotFound,
            Some((now, _)) => {
                let last = now.updates.last();
                let same = now.version == change.from_version.saturating_add(1)
                    && last.is_some_and(|u| {
                        (u.status, u.due_on, u.note.as_str(), u.by.as_str())
                            == (change.status, change.due_on, change.note, change.actor)
                    });
                if same {
                    ActionSaveError::Repeated(Box::new(now))
                } else {
                    ActionSaveError::Conflict(Box::new(now))
                }
            }
            None => ActionSaveError::NotFound,
        });
    }
    on_tx!(&mut *tx, conn => sqlx::query(
        "INSERT INTO action_updates (action_id, person_id, version, status, due_on, note, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(change.id.to_string())
    .bind(change.person.to_string())
    .bind(change.from_version + 1)
    .bind(change.status.code())
    .bind(change.due_on)
    .bind(change.note)
    .bind(change.actor)
    .bind(change.at)
    .execute(conn)
    .await
    .map(|_| ()))?;
    // Reopening counts against the cap as adding does.
    let open = keep_dues(tx, change.person).await?;
    if change.status == ActionStatus::Open && open > MAX_OPEN_ACTIONS {
        return Err(ActionSaveError::TooMany);
    }
    logged(
        tx,
        change.person,
        person_now.version,
        change.actor,
        change.at,
    )
    .await?;
    Ok(get(&mut *tx, change.id)
        .await?
        .ok_or(ActionSaveError::NotFound)?
        .0)
}

/// The person, if on the register.
async fn open_person(
    tx: &mut Tx,
    person: PersonId,
) -> Result<crate::models::Person, ActionSaveError> {
    let now = people::get(&mut *tx, person)
        .await?
        .ok_or(ActionSaveError::NotFound)?;
    if now.left_on.is_some() {
        return Err(ActionSaveError::Closed);
    }
    Ok(now)
}

/// Locks `person`'s row (so changes to their actions made at once queue behind this
/// one), then keeps on it when each of their open actions is due, soonest first (the
/// card's counts); returns how many are open.
async fn keep_dues(tx: &mut Tx, person: PersonId) -> Result<usize, sqlx::Error> {
    let id = person.to_string();
    on_tx!(&mut *tx, conn => sqlx::query("UPDATE people SET action_dues = action_dues WHERE id = $1")
        .bind(&id)
        .execute(conn)
        .await
        .map(|_| ()))?;
    let dues: Vec<NaiveDate> = on_tx!(&mut *tx, conn => sqlx::query_scalar(
        "SELECT due_on FROM actions WHERE person_id = $1 AND status = 'open' ORDER BY due_on",
    )
    .bind(&id)
    .fetch_all(conn)
    .await)?;
    let text: Vec<String> = dues.iter().map(NaiveDate::to_string).collect();
    on_tx!(&mut *tx, conn => sqlx::query("UPDATE people SET action_dues = $1 WHERE id = $2")
        .bind(text.join(","))
        .bind(&id)
        .execute(conn)
        .await
        .map(|_| ()))?;
    Ok(dues.len())
}

/// Appends the `action_changed` entry: the card's counts may have changed, not the record's
/// version.
async fn logged(
    tx: &mut Tx,
    person: PersonId,
    version: i64,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    change_log::append(
        tx,
        &NewChange {
            person,
            kind: ChangeKind::ActionChanged,
            version,
            from: None,
            to: None,
            actor,
            at,
        },
    )
    .await
    .map(|_| ())
}
