//! Sections of a person's record (the narrative, the keyworker, ...): each saved with its
//! own version, never overwriting a save made meanwhile, every version kept in the
//! record's history, and each save written with its change-log entry in one transaction.

use super::{
    change_log::{self, NewChange},
    on_exec, on_tx, Exec, Tx,
};
use crate::models::{ChangeKind, PersonId, SavedSection, SectionBody, SectionKind};
use chrono::{DateTime, Utc};

/// Why a section was not saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// No such person.
    #[error("no such person")]
    NotFound,
    /// The section was saved by someone else since the version the save was made from;
    /// here it is as it is now (`None`: it was never saved, but the save named a version).
    #[error("stale version")]
    Conflict(Option<Box<SavedSection>>),
    /// The same save was already made (the same content from the same version, by the
    /// same person): nothing was written again; here is the section as saved.
    #[error("already saved")]
    Repeated(Box<SavedSection>),
    /// The person has left the register: a closed record changes only by reopening.
    #[error("record closed")]
    Closed,
    /// The database failed; nothing was written.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// A save of one section.
#[derive(Clone, Copy, Debug)]
pub struct SectionSave<'a> {
    /// Whose record.
    pub person: PersonId,
    /// The section's version the save was made from: 0 when it had never been saved.
    pub from_version: i64,
    /// The new content.
    pub body: &'a SectionBody,
    /// Who saves it (their name).
    pub actor: &'a str,
    /// When.
    pub at: DateTime<Utc>,
}

/// A stored section.
#[derive(sqlx::FromRow)]
struct SectionRow {
    body: String,
    version: i64,
    changed_by: String,
    changed_at: DateTime<Utc>,
}

impl TryFrom<SectionRow> for SavedSection {
    type Error = sqlx::Error;

    fn try_from(row: SectionRow) -> Result<Self, Self::Error> {
        Ok(SavedSection {
            body: serde_json::from_str(&row.body).map_err(|e| sqlx::Error::ColumnDecode {
                index: "body".into(),
                source: Box::new(e),
            })?,
            version: row.version,
            changed_by: row.changed_by,
            changed_at: row.changed_at,
        })
    }
}

/// Every saved section of `person`'s record, in section order.
pub async fn of_person<'a>(
    on: impl Into<Exec<'a>>,
    person: PersonId,
) -> Result<Vec<SavedSection>, sqlx::Error> {
    let rows: Vec<SectionRow> = on_exec!(on.into(), conn => sqlx::query_as(
        "SELECT body, version, changed_by, changed_at FROM record_sections WHERE person_id = $1",
    )
    .bind(person.to_string())
    .fetch_all(conn)
    .await)?;
    let mut sections = rows
        .into_iter()
        .map(SavedSection::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    sections.sort_by_key(|s| SectionKind::ALL.iter().position(|k| *k == s.body.kind()));
    Ok(sections)
}

/// Every version of every section of `person`'s record ever saved, oldest first.
pub async fn versions<'a>(
    on: impl Into<Exec<'a>>,
    person: PersonId,
) -> Result<Vec<SavedSection>, sqlx::Error> {
    let rows: Vec<SectionRow> = on_exec!(on.into(), conn => sqlx::query_as(
        "SELECT body, version, changed_by, changed_at FROM record_section_history \
         WHERE person_id = $1 ORDER BY id",
    )
    .bind(person.to_string())
    .fetch_all(conn)
    .await)?;
    rows.into_iter().map(SavedSection::try_from).collect()
}

/// One section of `person`'s record, if it was ever saved, read inside `tx`.
async fn one(
    tx: &mut Tx,
    person: PersonId,
    kind: SectionKind,
) -> Result<Option<SavedSection>, sqlx::Error> {
    let row: Option<SectionRow> = on_tx!(tx, conn => sqlx::query_as(
        "SELECT body, version, changed_by, changed_at FROM record_sections \
         WHERE person_id = $1 AND section = $2",
    )
    .bind(person.to_string())
    .bind(kind.code())
    .fetch_optional(conn)
    .await)?;
    row.map(SavedSection::try_from).transpose()
}

/// Saves a section inside `tx`, if it is still at `from_version`: the section, its history
/// row and a change-log entry. A stale save writes nothing and returns the section as it
/// is now; a repeat of the save that made it so is told apart.
pub async fn save(tx: &mut Tx, save: &SectionSave<'_>) -> Result<SavedSection, SaveError> {
    let person: Option<(i64, Option<chrono::NaiveDate>)> = on_tx!(&mut *tx, conn => sqlx::query_as(
        "SELECT version, left_on FROM people WHERE id = $1",
    )
    .bind(save.person.to_string())
    .fetch_optional(conn)
    .await)?;
    let person_version = match person {
        None => return Err(SaveError::NotFound),
        Some((_, Some(_))) => return Err(SaveError::Closed),
        Some((version, None)) => version,
    };
    let kind = save.body.kind();
    let body = serde_json::to_string(save.body).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let version = save.from_version + 1;
    // Made from the version stored: the update (or, for a first save, the insert) names it,
    // so of two saves from one version only the first applies.
    let written = if save.from_version == 0 {
        on_tx!(&mut *tx, conn => sqlx::query(
            "INSERT INTO record_sections (person_id, section, body, version, changed_by, changed_at) \
             VALUES ($1, $2, $3, 1, $4, $5) ON CONFLICT (person_id, section) DO NOTHING",
        )
        .bind(save.person.to_string())
        .bind(kind.code())
        .bind(&body)
        .bind(save.actor)
        .bind(save.at)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?
    } else {
        on_tx!(&mut *tx, conn => sqlx::query(
            "UPDATE record_sections SET body = $1, version = version + 1, changed_by = $2, \
             changed_at = $3 WHERE person_id = $4 AND section = $5 AND version = $6",
        )
        .bind(&body)
        .bind(save.actor)
        .bind(save.at)
        .bind(save.person.to_string())
        .bind(kind.code())
        .bind(save.from_version)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?
    };
    if written != 1 {
        let now = one(tx, save.person, kind).await?;
        return match now {
            // This very save, sent again after its answer was lost: kept once.
            Some(now)
                if now.version == version
                    && now.body == *save.body
                    && now.changed_by == save.actor =>
            {
                Err(SaveError::Repeated(Box::new(now)))
            }
            now => Err(SaveError::Conflict(now.map(Box::new))),
        };
    }
    on_tx!(&mut *tx, conn => sqlx::query(
        "INSERT INTO record_section_history (person_id, section, body, version, changed_by, changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(save.person.to_string())
    .bind(kind.code())
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
            kind: ChangeKind::SectionChanged,
            // The card did not change: the entry carries the record's own version.
            version: person_version,
            from: None,
            to: None,
            actor: save.actor,
            at: save.at,
        },
    )
    .await?;
    Ok(SavedSection {
        body: save.body.clone(),
        version,
        changed_by: save.actor.to_owned(),
        changed_at: save.at,
    })
}
