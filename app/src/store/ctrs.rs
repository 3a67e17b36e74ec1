//! C(E)TRs on a person's record: each saved with its own version, never overwriting a save
//! made meanwhile, every version kept in `ctr_history`, and each save written with its
//! change-log entry in one transaction.

use super::{
    change_log::{self, NewChange},
    on_exec, on_tx, people,
    rows::decode,
    Exec, Tx,
};
use crate::models::{ChangeKind, Ctr, CtrId, PersonId, SavedCtr};
use chrono::{DateTime, Utc};

/// Why a C(E)TR was not saved.
#[derive(Debug, thiserror::Error)]
pub enum CtrSaveError {
    /// No such person, or the C(E)TR is another person's.
    #[error("not found")]
    NotFound,
    /// The person has left the register: a closed record changes only by reopening.
    #[error("record closed")]
    Closed,
    /// Saved by someone else since the version the save was made from; here it is now.
    #[error("stale version")]
    Conflict(Box<SavedCtr>),
    /// This very save was made already (sent again after its answer was lost): nothing
    /// was written again.
    #[error("already saved")]
    Repeated(Box<SavedCtr>),
    /// The database failed; nothing was written.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// A save of one C(E)TR.
#[derive(Clone, Copy, Debug)]
pub struct CtrSave<'a> {
    /// Whose record.
    pub person: PersonId,
    /// Which C(E)TR.
    pub id: CtrId,
    /// The version the save was made from: 0 for a new one.
    pub from_version: i64,
    /// The review in full.
    pub ctr: &'a Ctr,
    /// Who saves it (their name).
    pub actor: &'a str,
    /// When.
    pub at: DateTime<Utc>,
}

/// A row of `ctrs`.
#[derive(sqlx::FromRow)]
struct CtrRow {
    id: String,
    person_id: String,
    body: String,
    version: i64,
    changed_by: String,
    changed_at: DateTime<Utc>,
}

impl CtrRow {
    fn into_saved(self) -> Result<(PersonId, SavedCtr), sqlx::Error> {
        let ctr = serde_json::from_str(&self.body).map_err(|e| sqlx::Error::ColumnDecode {
            index: "body".into(),
            source: Box::new(e),
        })?;
        Ok((
            decode("person_id", &self.person_id)?,
            SavedCtr {
                id: decode("id", &self.id)?,
                ctr,
                version: self.version,
                changed_by: self.changed_by,
                changed_at: self.changed_at,
            },
        ))
    }
}

const COLUMNS: &str = "id, person_id, body, version, changed_by, changed_at";

/// Every C(E)TR on `person`'s record: those not yet held first (soonest planned first),
/// then those held, most recent first.
pub async fn of_person<'a>(
    on: impl Into<Exec<'a>>,
    person: PersonId,
) -> Result<Vec<SavedCtr>, sqlx::Error> {
    let rows: Vec<CtrRow> = on_exec!(on.into(), conn => sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM ctrs WHERE person_id = $1 \
         ORDER BY held_on IS NOT NULL, planned_on IS NULL, planned_on, held_on DESC, id"
    ))
    .bind(person.to_string())
    .fetch_all(conn)
    .await)?;
    rows.into_iter()
        .map(|r| r.into_saved().map(|(_, saved)| saved))
        .collect()
}

/// One C(E)TR and whose record it is on.
pub async fn get<'a>(
    on: impl Into<Exec<'a>>,
    id: CtrId,
) -> Result<Option<(PersonId, SavedCtr)>, sqlx::Error> {
    let row: Option<CtrRow> = on_exec!(on.into(), conn => sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM ctrs WHERE id = $1"
    ))
    .bind(id.to_string())
    .fetch_optional(conn)
    .await)?;
    row.map(CtrRow::into_saved).transpose()
}

/// Saves a C(E)TR inside `tx`, if it is still at `from_version` (a new one: if its id is
/// not taken): the review, its history row and a `ctr_changed` change-log entry. A stale
/// save writes nothing and returns the review as it is now; a repeat of the save that
/// made it so is told apart.
pub async fn save(tx: &mut Tx, save: &CtrSave<'_>) -> Result<SavedCtr, CtrSaveError> {
    let person = people::get(&mut *tx, save.person)
        .await?
        .ok_or(CtrSaveError::NotFound)?;
    if person.left_on.is_some() {
        return Err(CtrSaveError::Closed);
    }
    let body = serde_json::to_string(save.ctr).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let dates = save.ctr.dates();
    // The caller's version may be forged at i64's end: it then matches nothing (stale).
    let version = save.from_version.saturating_add(1);
    let written = if save.from_version == 0 {
        on_tx!(&mut *tx, conn => sqlx::query(
            "INSERT INTO ctrs (id, person_id, kind, planned_on, held_on, body, version, changed_by, changed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8) ON CONFLICT (id) DO NOTHING",
        )
        .bind(save.id.to_string())
        .bind(save.person.to_string())
        .bind(dates.kind.code())
        .bind(dates.planned_on)
        .bind(dates.held_on)
        .bind(&body)
        .bind(save.actor)
        .bind(save.at)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?
    } else {
        on_tx!(&mut *tx, conn => sqlx::query(
            "UPDATE ctrs SET kind = $1, planned_on = $2, held_on = $3, body = $4, \
             version = version + 1, changed_by = $5, changed_at = $6 \
             WHERE id = $7 AND person_id = $8 AND version = $9",
        )
        .bind(dates.kind.code())
        .bind(dates.planned_on)
        .bind(dates.held_on)
        .bind(&body)
        .bind(save.actor)
        .bind(save.at)
        .bind(save.id.to_string())
        .bind(save.person.to_string())
        .bind(save.from_version)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?
    };
    if written != 1 {
        return Err(match get(&mut *tx, save.id).await? {
            Some((owner, _)) if owner != save.person => CtrSaveError::NotFound,
            None => CtrSaveError::NotFound,
            Some((_, now))
                if now.version == version
                    && now.ctr == *save.ctr
                    && now.changed_by == save.actor =>
            {
                CtrSaveError::Repeated(Box::new(now))
            }
            Some((_, now)) => CtrSaveError::Conflict(Box::new(now)),
        });
    }
    on_tx!(&mut *tx, conn => sqlx::query(
        "INSERT INTO ctr_history (ctr_id, person_id, body, version, changed_by, changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(save.id.to_string())
    .bind(save.person.to_string())
    .bind(&body)
    .bind(version)
    .bind(save.actor)
    .bind(save.at)
    .execute(conn)
    .await
    .map(|_| ()))?;
    change_log::append(
        tx,
        &NewChange {
            person: save.person,
            kind: ChangeKind::CtrChanged,
            version: person.version,
            from: None,
            to: None,
            actor: save.actor,
            at: save.at,
        },
    )
    .await?;
    Ok(SavedCtr {
        id: save.id,
        ctr: save.ctr.clone(),
        version,
        changed_by: save.actor.to_owned(),
        changed_at: save.at,
    })
}
