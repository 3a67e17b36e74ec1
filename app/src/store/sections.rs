//! Sections of a person's record (details, the narrative, contacts, ...): each saved with
//! its own version, never overwriting a save made meanwhile, every version kept in the
//! record's history, and each save written with its change-log entry in one transaction.
//! What a section keeps on the people row (names, diagnosis, setting, ...) is written
//! there in the same transaction, and read from there (see `models::sections`).

use super::{
    change_log::{self, NewChange},
    on_exec, on_tx, people, Exec, Tx,
};
use crate::models::{ChangeKind, Person, PersonId, SavedSection, SectionBody, SectionKind};
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
    /// Another person on the register has the NHS number given.
    #[error("NHS number taken")]
    NhsNumberTaken,
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

impl SectionRow {
    /// The section as saved, completed with what `person`'s row holds.
    fn into_saved(self, person: &Person) -> Result<SavedSection, sqlx::Error> {
        Ok(SavedSection {
            body: SectionBody::from_own_json(&self.body, person).map_err(|e| {
                sqlx::Error::ColumnDecode {
                    index: "body".into(),
                    source: Box::new(e),
                }
            })?,
            version: self.version,
            changed_by: self.changed_by,
            changed_at: self.changed_at,
        })
    }
}

/// Every saved section of `person`'s record, in section order.
pub async fn of_person<'a>(
    on: impl Into<Exec<'a>>,
    person: &Person,
) -> Result<Vec<SavedSection>, sqlx::Error> {
    let rows: Vec<SectionRow> = on_exec!(on.into(), conn => sqlx::query_as(
        "SELECT body, version, changed_by, changed_at FROM record_sections WHERE person_id = $1",
    )
    .bind(person.id.to_string())
    .fetch_all(conn)
    .await)?;
    let mut sections = rows
        .into_iter()
        .map(|row| row.into_saved(person))
        .collect::<Result<Vec<_>, _>>()?;
    sections.sort_by_key(|s| SectionKind::ALL.iter().position(|k| *k == s.body.kind()));
    Ok(sections)
}

/// The day `person` last left hospital, from every version of where they live (see
/// [`last_discharge`]); `None` when they have not, or are back in.
pub async fn discharged_on<'a>(
    on: impl Into<Exec<'a>>,
    person: PersonId,
) -> Result<Option<chrono::NaiveDate>, sqlx::Error> {
    use crate::models::{last_discharge, uk_today};
    let homes: Vec<_> = versions(on, person)
        .await?
        .into_iter()
        .filter_map(|s| match s.body {
            SectionBody::Home(home) => Some((home, uk_today(s.changed_at))),
            _ => None,
        })
        .collect();
    Ok(last_discharge(&homes))
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
    // History rows keep the content in full, the row's fields included.
    rows.into_iter()
        .map(|row| {
            Ok(SavedSection {
                body: serde_json::from_str(&row.body).map_err(|e| sqlx::Error::ColumnDecode {
                    index: "body".into(),
                    source: Box::new(e),
                })?,
                version: row.version,
                changed_by: row.changed_by,
                changed_at: row.changed_at,
            })
        })
        .collect()
}

/// One section of `person`'s record, if it was ever saved, read inside `tx`.
async fn one(
    tx: &mut Tx,
    person: &Person,
    kind: SectionKind,
) -> Result<Option<SavedSection>, sqlx::Error> {
    let row: Option<SectionRow> = on_tx!(tx, conn => sqlx::query_as(
        "SELECT body, version, changed_by, changed_at FROM record_sections \
         WHERE person_id = $1 AND section = $2",
    )
    .bind(person.id.to_string())
    .bind(kind.code())
    .fetch_optional(conn)
    .await)?;
    row.map(|row| row.into_saved(person)).transpose()
}

/// Saves a section inside `tx`, if it is still at `from_version`: the section, its history
/// row (the content in full) and a change-log entry. When the content changes what the
/// people row holds, the row is written too and its version moves on (a `details_changed`
/// entry, which boards follow); otherwise the entry is `section_changed`. A stale save
/// writes nothing and returns the section as it is now; a repeat of the save that made it
/// so is told apart.
pub async fn save(tx: &mut Tx, save: &SectionSave<'_>) -> Result<SavedSection, SaveError> {
    let person = people::get(&mut *tx, save.person)
        .await?
        .ok_or(SaveError::NotFound)?;
    if person.left_on.is_some() {
        return Err(SaveError::Closed);
    }
    let kind = save.body.kind();
    let encode = |e: serde_json::Error| sqlx::Error::Encode(Box::new(e));
    let own = save.body.own_json().map_err(encode)?;
    // The caller's version may be forged at i64's end: it then matches nothing (stale).
    let version = save.from_version.saturating_add(1);
    // Made from the version stored: the update (or, for a first save, the insert) names it,
    // so of two saves from one version only the first applies.
    let written = if save.from_version == 0 {
        on_tx!(&mut *tx, conn => sqlx::query(
            "INSERT INTO record_sections (person_id, section, body, version, changed_by, changed_at) \
             VALUES ($1, $2, $3, 1, $4, $5) ON CONFLICT (person_id, section) DO NOTHING",
        )
        .bind(save.person.to_string())
        .bind(kind.code())
        .bind(&own)
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
        .bind(&own)
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
        let now = one(tx, &person, kind).await?;
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
    let full = serde_json::to_string(save.body).map_err(encode)?;
    on_tx!(&mut *tx, conn => sqlx::query(
        "INSERT INTO record_section_history (person_id, section, body, version, changed_by, changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(save.person.to_string())
    .bind(kind.code())
    .bind(&full)
    .bind(version)
    .bind(save.actor)
    .bind(save.at)
    .execute(conn)
    .await
    .map(|_| ()))?;
    let moved = save.body.onto(&person).map_err(encode)?;
    let (change, person_version) = if moved == person {
        // The card did not change: the entry carries the record's own version.
        (ChangeKind::SectionChanged, person.version)
    } else {
        match people::write_row(tx, &moved).await {
            // The only unique column a section writes.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Err(SaveError::NhsNumberTaken)
            }
            written => (ChangeKind::DetailsChanged, written?),
        }
    };
    change_log::append(
        tx,
        &NewChange {
            person: save.person,
            kind: change,
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
