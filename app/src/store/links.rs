//! Who is linked to whose record: professionals as key professionals, and agencies on a
//! person's record. A professional sees a full record only through one of these links.

use super::{on_pool, on_tx, rows::decode, Db, Tx};
use crate::models::{Agency, LinkedProfessional, PersonId, RecordLinks};
use chrono::{DateTime, Utc};
use std::collections::HashSet;

/// The people `user` (of `agency`) is linked to, directly or through their agency.
pub async fn people_of(
    db: &Db,
    user: &str,
    agency: Option<&str>,
) -> Result<HashSet<PersonId>, sqlx::Error> {
    let ids: Vec<String> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT person_id FROM person_professionals WHERE user_id = $1 \
         UNION SELECT person_id FROM person_agencies WHERE agency_id = $2",
    )
    .bind(user)
    .bind(agency)
    .fetch_all(pool)
    .await)?;
    ids.iter().map(|id| decode("person_id", id)).collect()
}

/// Whether `user` (of `agency`) is linked to `person`.
pub async fn is_linked(
    db: &Db,
    user: &str,
    agency: Option<&str>,
    person: PersonId,
) -> Result<bool, sqlx::Error> {
    let found: Option<i32> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT 1 FROM person_professionals WHERE person_id = $1 AND user_id = $2 \
         UNION SELECT 1 FROM person_agencies WHERE person_id = $1 AND agency_id = $3",
    )
    .bind(person.to_string())
    .bind(user)
    .bind(agency)
    .fetch_optional(pool)
    .await)?;
    Ok(found.is_some())
}

/// The professionals and agencies linked to `person`, by name.
pub async fn of_person(db: &Db, person: PersonId) -> Result<RecordLinks, sqlx::Error> {
    let professionals: Vec<(String, String, String, Option<String>)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT u.id, u.full_name, u.job_title, a.name FROM person_professionals l \
         JOIN users u ON u.id = l.user_id LEFT JOIN agencies a ON a.id = u.agency_id \
         WHERE l.person_id = $1 ORDER BY u.full_name",
    )
    .bind(person.to_string())
    .fetch_all(pool)
    .await)?;
    let agencies: Vec<(String, String, String)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT a.id, a.name, a.sector FROM person_agencies l \
         JOIN agencies a ON a.id = l.agency_id WHERE l.person_id = $1 ORDER BY a.name",
    )
    .bind(person.to_string())
    .fetch_all(pool)
    .await)?;
    Ok(RecordLinks {
        professionals: professionals
            .into_iter()
            .map(|(id, name, job_title, agency)| LinkedProfessional {
                id,
                name,
                job_title,
                agency,
            })
            .collect(),
        agencies: agencies
            .into_iter()
            .map(|(id, name, sector)| {
                Ok(Agency {
                    id,
                    name,
                    sector: decode("sector", &sector)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?,
    })
}

/// What a link joins a record to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkTarget<'a> {
    /// A professional's account id.
    Professional(&'a str),
    /// An agency's id.
    Agency(&'a str),
}

impl LinkTarget<'_> {
    /// The link table and its column for the target's id.
    fn table(self) -> (&'static str, &'static str) {
        match self {
            LinkTarget::Professional(_) => ("person_professionals", "user_id"),
            LinkTarget::Agency(_) => ("person_agencies", "agency_id"),
        }
    }
}

/// Links `target` to `person` inside `tx`; false when it already was.
pub async fn link(
    tx: &mut Tx,
    person: PersonId,
    target: LinkTarget<'_>,
    by: &str,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let (table, column) = target.table();
    let sql = format!(
        "INSERT INTO {table} (person_id, {column}, added_by, added_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING"
    );
    on_tx!(&mut *tx, conn => sqlx::query(&sql)
        .bind(person.to_string())
        .bind(target_id(target))
        .bind(by)
        .bind(at)
        .execute(conn)
        .await
        .map(|r| r.rows_affected() == 1))
}

/// Removes the link between `target` and `person` inside `tx`; false when there was none.
pub async fn unlink(
    tx: &mut Tx,
    person: PersonId,
    target: LinkTarget<'_>,
) -> Result<bool, sqlx::Error> {
    let (table, column) = target.table();
    let sql = format!("DELETE FROM {table} WHERE person_id = $1 AND {column} = $2");
    on_tx!(&mut *tx, conn => sqlx::query(&sql)
        .bind(person.to_string())
        .bind(target_id(target))
        .execute(conn)
        .await
        .map(|r| r.rows_affected() == 1))
}

/// The id a link target names.
fn target_id(target: LinkTarget<'_>) -> &str {
    match target {
        LinkTarget::Professional(id) | LinkTarget::Agency(id) => id,
    }
}
