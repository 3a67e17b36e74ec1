//! Leaving the register and coming back: a closed record is kept whole (nothing is
//! deleted), leaves every board, agenda and search, and is reopened only with a new
//! consent record.

use super::{
    change_log::{self, NewChange},
    consents, on_exec, on_pool, on_tx,
    people::{self, ChangeError},
    rows::decode,
    Db, Exec, Tx,
};
use crate::models::{
    uk_today, ChangeKind, ClosedRecord, ConsentRecord, Departure, Person, PersonId,
    RecordedDeparture,
};
use chrono::{DateTime, NaiveDate, Utc};

/// Who does it and when.
#[derive(Clone, Copy, Debug)]
pub struct Done<'a> {
    /// Who (their name).
    pub actor: &'a str,
    /// When.
    pub at: DateTime<Utc>,
}

/// Closes `person`'s record inside `tx` (made from `from_version`): the person leaves the
/// register on the day given, with the departure kept and a change-log entry every board
/// follows. Returns the person now and whether anything was written: sending the same
/// departure again changes nothing; a record closed otherwise meanwhile is refused.
pub async fn leave(
    tx: &mut Tx,
    person: PersonId,
    from_version: i64,
    departure: &Departure,
    done: Done<'_>,
) -> Result<(Person, bool), ChangeError> {
    let now = match people::current(tx, person, from_version).await {
        Err(ChangeError::Closed) => {
            let latest = of_person(&mut *tx, person).await?;
            let same = latest.first().map(|d| &d.departure) == Some(departure);
            return match people::get(&mut *tx, person).await? {
                Some(now) if same => Ok((now, false)),
                _ => Err(ChangeError::Closed),
            };
        }
        other => other?,
    };
    on_tx!(&mut *tx, conn => sqlx::query(
        "UPDATE people SET left_on = $1, version = version + 1 WHERE id = $2 AND version = $3",
    )
    .bind(departure.left_on)
    .bind(person.to_string())
    .bind(from_version)
    .execute(conn)
    .await
    .map(|_| ()))?;
    on_tx!(&mut *tx, conn => sqlx::query(
        "INSERT INTO departures (person_id, reason, left_on, decided_by, why, detail, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(person.to_string())
    .bind(departure.reason.code())
    .bind(departure.left_on)
    .bind(&departure.decided_by)
    .bind(&departure.why)
    .bind(&departure.detail)
    .bind(done.actor)
    .bind(done.at)
    .execute(conn)
    .await
    .map(|_| ()))?;
    let left = Person {
        left_on: Some(departure.left_on),
        version: now.version + 1,
        ..now
    };
    let change = NewChange {
        person,
        kind: ChangeKind::PersonLeft,
        version: left.version,
        from: Some(left.rating),
        to: None,
        actor: done.actor,
        at: done.at,
    };
    change_log::append(tx, &change).await?;
    Ok((left, true))
}

/// Reopens `person`'s closed record inside `tx` (made from `from_version`) with a new
/// consent record, re-checked on `consent_due`: they are back on the register with the
/// rating they had, due a review today. Returns the person now and whether anything was
/// written: sending the same consent again changes nothing; a record already open
/// otherwise is refused as changed meanwhile.
pub async fn reopen(
    tx: &mut Tx,
    person: PersonId,
    from_version: i64,
    consent: &ConsentRecord,
    consent_due: NaiveDate,
    done: Done<'_>,
) -> Result<(Person, bool), ChangeError> {
    let now = people::get(&mut *tx, person)
        .await?
        .ok_or(ChangeError::NotFound)?;
    if now.left_on.is_none() {
        let same = consents::of_person(tx, person).await?.first() == Some(consent);
        return if same {
            Ok((now, false))
        } else {
            Err(ChangeError::Conflict(Box::new(now)))
        };
    }
    if now.version != from_version {
        return Err(ChangeError::Conflict(Box::new(now)));
    }
    let today = uk_today(done.at);
    on_tx!(&mut *tx, conn => sqlx::query(
        "UPDATE people SET left_on = NULL, review_due = $1, version = version + 1 \
         WHERE id = $2 AND version = $3",
    )
    .bind(today)
    .bind(person.to_string())
    .bind(from_version)
    .execute(conn)
    .await
    .map(|_| ()))?;
    consents::record(tx, person, consent, consent_due, done.actor, done.at).await?;
    let back = Person {
        left_on: None,
        review_due: today,
        consent_due: Some(consent_due),
        version: now.version + 1,
        ..now
    };
    let change = NewChange {
        person,
        kind: ChangeKind::PersonReturned,
        version: back.version,
        from: None,
        to: Some(back.rating),
        actor: done.actor,
        at: done.at,
    };
    change_log::append(tx, &change).await?;
    Ok((back, true))
}

/// A row of `departures`.
#[derive(sqlx::FromRow)]
struct DepartureRow {
    reason: String,
    left_on: NaiveDate,
    decided_by: String,
    why: String,
    detail: String,
    recorded_by: String,
    recorded_at: DateTime<Utc>,
}

impl TryFrom<DepartureRow> for RecordedDeparture {
    type Error = sqlx::Error;

    fn try_from(row: DepartureRow) -> Result<Self, Self::Error> {
        Ok(RecordedDeparture {
            departure: Departure {
                reason: decode("reason", &row.reason)?,
                left_on: row.left_on,
                decided_by: row.decided_by,
                why: row.why,
                detail: row.detail,
            },
            recorded_by: row.recorded_by,
            recorded_at: row.recorded_at,
        })
    }
}

/// Every time `person` left the register, newest first.
pub async fn of_person<'a>(
    on: impl Into<Exec<'a>>,
    person: PersonId,
) -> Result<Vec<RecordedDeparture>, sqlx::Error> {
    let rows: Vec<DepartureRow> = on_exec!(on.into(), conn => sqlx::query_as(
        "SELECT reason, left_on, decided_by, why, detail, recorded_by, recorded_at \
         FROM departures WHERE person_id = $1 ORDER BY id DESC",
    )
    .bind(person.to_string())
    .fetch_all(conn)
    .await)?;
    rows.into_iter().map(RecordedDeparture::try_from).collect()
}

/// Most closed records listed at once.
pub const CLOSED_LIST_MAX: i64 = 200;

/// A row of the closed list.
#[derive(sqlx::FromRow)]
struct ClosedRow {
    id: String,
    given_name: String,
    family_name: String,
    nhs_number: String,
    left_on: NaiveDate,
    reason: String,
}

/// Closed records, most recently closed first (at most [`CLOSED_LIST_MAX`]); with
/// `search`, only those whose name contains it (any case) or whose NHS number starts with
/// its digits.
pub async fn closed(db: &Db, search: Option<&str>) -> Result<Vec<ClosedRecord>, sqlx::Error> {
    let search = search.map(str::trim).filter(|s| !s.is_empty());
    let name_like = search.map(|s| format!("%{}%", super::board::escape_like(&s.to_lowercase())));
    let digits = search
        .map(|s| s.chars().filter(|c| c.is_ascii_digit()).collect::<String>())
        .filter(|d| !d.is_empty())
        .map(|d| format!("{d}%"));
    let rows: Vec<ClosedRow> = on_pool!(db, pool => sqlx::query_as(
        "SELECT p.id, p.given_name, p.family_name, p.nhs_number, p.left_on, d.reason \
         FROM people p JOIN departures d ON d.id = \
             (SELECT MAX(id) FROM departures WHERE person_id = p.id) \
         WHERE p.left_on IS NOT NULL \
           AND ($1 IS NULL OR LOWER(p.given_name || ' ' || p.family_name) LIKE $1 ESCAPE '\\' \
                OR p.nhs_number LIKE $2) \
         ORDER BY p.left_on DESC, p.id LIMIT $3",
    )
    .bind(name_like)
    .bind(digits)
    .bind(CLOSED_LIST_MAX)
    .fetch_all(pool)
    .await)?;
    rows.into_iter()
        .map(|r| {
            Ok(ClosedRecord {
                id: decode("id", &r.id)?,
                name: format!("{} {}", r.given_name, r.family_name),
                nhs_number: decode::<crate::models::NhsNumber>("nhs_number", &r.nhs_number)?
                    .to_string(),
                left_on: r.left_on,
                reason: decode("reason", &r.reason)?,
            })
        })
        .collect()
}
