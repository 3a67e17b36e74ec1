//! Agencies: the organisations professionals belong to.

use super::{on_pool, rows::decode, Db};
use crate::models::{Agency, Sector};
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
