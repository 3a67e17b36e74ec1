//! Agencies: the organisations professionals belong to.

use super::{on_pool, on_tx, rows::decode, Db, Tx};
use crate::models::{Agency, BriefView, Sector};
use chrono::{DateTime, Utc};

/// Every agency, by name.
pub async fn list(db: &Db) -> Result<Vec<Agency>, sqlx::Error> {
    let rows: Vec<(String, String, String)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT id, name, sector FROM agencies ORDER BY name",
    )
    .fetch_all(pool)
    .await)?;
    rows.into_iter()
        .map(|(id, name, sector)| {
            Ok(Agency {
                id,
                name,
                sector: decode("sector", &sector)?,
            })
        })
        .collect()
}

/// Adds an agency; `None` when one already has this name.
pub async fn create(
    db: &Db,
    name: &str,
    sector: Sector,
    at: DateTime<Utc>,
) -> Result<Option<Agency>, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    let result = on_pool!(db, pool => sqlx::query(
        "INSERT INTO agencies (id, name, sector, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&id)
    .bind(name)
    .bind(sector.code())
    .bind(at)
    .execute(pool)
    .await
    .map(|_| ()));
    match result {
        Ok(()) => Ok(Some(Agency {
            id,
            name: name.to_owned(),
            sector,
        })),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(None),
        Err(e) => Err(e),
    }
}

/// The wider brief view of `agency`'s professionals (off when there is no such agency).
pub async fn brief_view(db: &Db, agency: &str) -> Result<BriefView, sqlx::Error> {
    let code: Option<String> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT brief_view FROM agencies WHERE id = $1",
    )
    .bind(agency)
    .fetch_optional(pool)
    .await)?;
    code.map_or(Ok(BriefView::Off), |c| decode("brief_view", &c))
}

/// Sets `agency`'s wider brief view inside `tx`; returns the view before, or `None` when
/// there is no such agency.
pub async fn set_brief_view(
    tx: &mut Tx,
    agency: &str,
    view: BriefView,
) -> Result<Option<BriefView>, sqlx::Error> {
    let before: Option<String> = on_tx!(&mut *tx, conn => sqlx::query_scalar(
        "SELECT brief_view FROM agencies WHERE id = $1",
    )
    .bind(agency)
    .fetch_optional(conn)
    .await)?;
    let Some(before) = before else {
        return Ok(None);
    };
    on_tx!(&mut *tx, conn => sqlx::query("UPDATE agencies SET brief_view = $1 WHERE id = $2")
        .bind(view.code())
        .bind(agency)
        .execute(conn)
        .await
        .map(|_| ()))?;
    Ok(Some(decode("brief_view", &before)?))
}

/// Until when `agency`'s professionals attend the DSR meeting running at `now`; `None`
/// when they do not.
pub async fn attending_until(
    db: &Db,
    agency: &str,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    let until: Option<Option<DateTime<Utc>>> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT attending_until FROM agencies WHERE id = $1",
    )
    .bind(agency)
    .fetch_optional(pool)
    .await)?;
    Ok(until.flatten().filter(|until| *until > now))
}

/// Marks `agency` as attending the meeting until `until` (or, with `None`, as not
/// attending) inside `tx`; false when there is no such agency.
pub async fn set_attending(
    tx: &mut Tx,
    agency: &str,
    until: Option<DateTime<Utc>>,
) -> Result<bool, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query("UPDATE agencies SET attending_until = $1 WHERE id = $2")
        .bind(until)
        .bind(agency)
        .execute(conn)
        .await
        .map(|r| r.rows_affected() == 1))
}

/// Every agency with its wider brief view and whether it attends the meeting running at
/// `now`, by name.
pub async fn brief_views(
    db: &Db,
    now: DateTime<Utc>,
) -> Result<Vec<(Agency, BriefView, bool)>, sqlx::Error> {
    type Row = (String, String, String, String, Option<DateTime<Utc>>);
    let rows: Vec<Row> = on_pool!(db, pool => sqlx::query_as(
        "SELECT id, name, sector, brief_view, attending_until FROM agencies ORDER BY name",
    )
    .fetch_all(pool)
    .await)?;
    rows.into_iter()
        .map(|(id, name, sector, view, until)| {
            Ok((
                Agency {
                    id,
                    name,
                    sector: decode("sector", &sector)?,
                },
                decode("brief_view", &view)?,
                until.is_some_and(|until| until > now),
            ))
        })
        .collect()
}
