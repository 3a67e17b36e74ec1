//! People on the register: adding someone, reading a record and its history, and
//! changing a rating without ever overwriting someone else's change.

use super::{
    change_log::{self, NewChange},
    on_exec, on_pool, on_tx,
    rows::{convert_all, person_columns, PersonRow, RatingChangeRow, SELECT_PERSON},
    Db, Exec, Tx,
};
use crate::models::{
    uk_today, ChangeKind, Diagnosis, NhsNumber, Person, PersonId, Rating, RatingChange, Rationale,
    ReviewIntervals, Setting,
};
use chrono::{DateTime, NaiveDate, Utc};

/// `$query` with `$1..$8` bound: `$person`'s id, then the columns of the people row a
/// record's sections hold (NHS number, names, date of birth, diagnosis, setting, area).
macro_rules! bind_row {
    ($query:expr, $person:expr) => {
        $query
            .bind($person.id.to_string())
            .bind($person.nhs_number.digits())
            .bind(&$person.given_name)
            .bind(&$person.family_name)
            .bind($person.date_of_birth)
            .bind($person.diagnosis.code())
            .bind($person.setting.code())
            .bind(&$person.area)
    };
}

/// Someone to add to the register, with their first rating.
#[derive(Clone, Debug)]
pub struct NewPerson {
    /// Identifier to give them (normally [`PersonId::random`]).
    pub id: PersonId,
    /// NHS number.
    pub nhs_number: NhsNumber,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Date of birth.
    pub date_of_birth: NaiveDate,
    /// Diagnosis.
    pub diagnosis: Diagnosis,
    /// Where they live now.
    pub setting: Setting,
    /// Local area.
    pub area: String,
    /// First rating.
    pub rating: Rating,
    /// Why that rating.
    pub rationale: Rationale,
}

/// A rating change to apply.
#[derive(Clone, Debug)]
pub struct RatingUpdate<'a> {
    /// Whose rating.
    pub person: PersonId,
    /// The version the change was made from.
    pub from_version: i64,
    /// The new rating.
    pub to: Rating,
    /// Why.
    pub rationale: &'a Rationale,
    /// Who.
    pub actor: &'a str,
    /// When.
    pub at: DateTime<Utc>,
}

/// Why a rating change was not applied.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// No such person.
    #[error("no such person")]
    NotFound,
    /// The person changed since `from_version`; here is the record as it is now.
    #[error("stale version")]
    Conflict(Box<Person>),
    /// The person has left the register: a closed record changes only by reopening.
    #[error("record closed")]
    Closed,
    /// The database failed; nothing was written.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Adds a person, their first rating-history row and a change-log entry, inside `tx`.
pub async fn insert(
    tx: &mut Tx,
    new: &NewPerson,
    actor: &str,
    at: DateTime<Utc>,
    intervals: &ReviewIntervals,
) -> Result<Person, sqlx::Error> {
    let person = Person {
        id: new.id,
        nhs_number: new.nhs_number.clone(),
        given_name: new.given_name.trim().to_owned(),
        family_name: new.family_name.trim().to_owned(),
        date_of_birth: new.date_of_birth,
        diagnosis: new.diagnosis,
        setting: new.setting,
        area: new.area.trim().to_owned(),
        rating: new.rating,
        rating_since: at,
        rating_set_by: actor.to_owned(),
        review_due: intervals.due(new.rating, uk_today(at)),
        version: 1,
        consent_due: None,
        left_on: None,
        open_action_dues: Vec::new(),
        policy_dues: Vec::new(),
    };
    on_tx!(tx, conn => bind_row!(sqlx::query(
        "INSERT INTO people (id, nhs_number, given_name, family_name, date_of_birth, diagnosis, \
         setting, area, rating, rating_since, rating_set_by, review_due, version, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $10)",
    ), person)
    .bind(person.rating.code())
    .bind(at)
    .bind(actor)
    .bind(person.review_due)
    .bind(person.version)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    record_history(
        tx,
        person.id,
        None,
        person.rating,
        &new.rationale,
        actor,
        at,
    )
    .await?;
    let change = NewChange {
        person: person.id,
        kind: ChangeKind::PersonAdded,
        version: person.version,
        from: None,
        to: Some(person.rating),
        actor,
        at,
    };
    change_log::append(tx, &change).await?;
    Ok(person)
}

/// Applies a rating change inside `tx`: the person's row, a history row and a change-log
/// entry, or nothing at all when the person changed since `update.from_version`.
pub async fn apply_rating_change(
    tx: &mut Tx,
    update: &RatingUpdate<'_>,
    intervals: &ReviewIntervals,
) -> Result<Person, ChangeError> {
    let current = current(tx, update.person, update.from_version).await?;
    let review_due = intervals.due(update.to, uk_today(update.at));
    let updated = on_tx!(tx, conn => sqlx::query(
        "UPDATE people SET rating = $1, rating_since = $2, rating_set_by = $3, review_due = $4, \
         version = version + 1 WHERE id = $5 AND version = $6",
    )
    .bind(update.to.code())
    .bind(update.at)
    .bind(update.actor)
    .bind(review_due)
    .bind(update.person.to_string())
    .bind(update.from_version)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if updated == 0 {
        let now = get(&mut *tx, update.person)
            .await?
            .ok_or(ChangeError::NotFound)?;
        return Err(ChangeError::Conflict(Box::new(now)));
    }
    let person = Person {
        rating: update.to,
        rating_since: update.at,
        rating_set_by: update.actor.to_owned(),
        review_due,
        version: current.version + 1,
        ..current
    };
    record_history(
        tx,
        person.id,
        Some(current.rating),
        update.to,
        update.rationale,
        update.actor,
        update.at,
    )
    .await?;
    let change = NewChange {
        person: person.id,
        kind: ChangeKind::RatingChanged,
        version: person.version,
        from: Some(current.rating),
        to: Some(update.to),
        actor: update.actor,
        at: update.at,
    };
    change_log::append(tx, &change).await?;
    Ok(person)
}

/// Applies a rating change like [`apply_rating_change`], but answers a repeat of the
/// change last applied (made from the version just before it, to the same rating, with
/// the same reason, by the same person) with the record as it is, writing nothing: a send
/// retried after a lost answer is kept once. Returns the person and whether anything was
/// written.
pub async fn apply_rating_change_once(
    tx: &mut Tx,
    update: &RatingUpdate<'_>,
    intervals: &ReviewIntervals,
) -> Result<(Person, bool), ChangeError> {
    match apply_rating_change(tx, update, intervals).await {
        Ok(person) => Ok((person, true)),
        // `saturating_add`: the version is the caller's, and may be forged at i64's end.
        Err(ChangeError::Conflict(now)) if now.version == update.from_version.saturating_add(1) => {
            let newest = on_tx!(&mut *tx, conn => sqlx::query_as::<_, RatingChangeRow>(NEWEST_CHANGE)
                .bind(update.person.to_string())
                .fetch_optional(conn)
                .await)?;
            let newest = newest.map(RatingChange::try_from).transpose()?;
            match newest {
                Some(last)
                    if last.to == update.to
                        && last.rationale == update.rationale.as_str()
                        && last.changed_by == update.actor =>
                {
                    Ok((*now, false))
                }
                _ => Err(ChangeError::Conflict(now)),
            }
        }
        Err(other) => Err(other),
    }
}

/// Writes what a record's sections keep on `person`'s row (names, date of birth, NHS
/// number, area, diagnosis, setting) inside `tx`, and moves the row's version on (a rating
/// change made from the version before is then refused as stale, since the card changed);
/// returns the new version.
pub async fn write_row(tx: &mut Tx, person: &Person) -> Result<i64, sqlx::Error> {
    on_tx!(tx, conn => bind_row!(sqlx::query_scalar(
        "UPDATE people SET nhs_number = $2, given_name = $3, family_name = $4, \
         date_of_birth = $5, diagnosis = $6, setting = $7, area = $8, version = version + 1 \
         WHERE id = $1 RETURNING version",
    ), person)
    .fetch_one(conn)
    .await)
}

/// `person` as they are now, read inside `tx`, if they are on the register and still at
/// `from_version`.
pub async fn current(
    tx: &mut Tx,
    person: PersonId,
    from_version: i64,
) -> Result<Person, ChangeError> {
    let now = get(&mut *tx, person).await?.ok_or(ChangeError::NotFound)?;
    if now.left_on.is_some() {
        return Err(ChangeError::Closed);
    }
    if now.version != from_version {
        return Err(ChangeError::Conflict(Box::new(now)));
    }
    Ok(now)
}

/// One person's record, read on the pool or inside a transaction.
pub async fn get<'a>(on: impl Into<Exec<'a>>, id: PersonId) -> Result<Option<Person>, sqlx::Error> {
    let row: Option<PersonRow> = on_exec!(on.into(), conn => sqlx::query_as(SELECT_PERSON)
    .bind(id.to_string())
    .fetch_optional(conn)
    .await)?;
    row.map(Person::try_from).transpose()
}

/// Everyone on the register, by family name then given name.
pub async fn on_register(db: &Db) -> Result<Vec<Person>, sqlx::Error> {
    let rows: Vec<PersonRow> = on_pool!(db, pool => sqlx::query_as(concat!(
        "SELECT ", person_columns!(), " FROM people WHERE left_on IS NULL ORDER BY family_name, given_name, id"
    ))
    .fetch_all(pool)
    .await)?;
    rows.into_iter().map(Person::try_from).collect()
}

/// A person's rating history, newest first.
macro_rules! history_sql {
    () => {
        "SELECT from_rating, to_rating, rationale, changed_by, changed_at \
         FROM rating_changes WHERE person_id = $1 ORDER BY id DESC"
    };
}
const HISTORY: &str = history_sql!();
/// A person's newest rating change.
const NEWEST_CHANGE: &str = concat!(history_sql!(), " LIMIT 1");

/// A person's rating history, newest first, read on the pool or inside a transaction.
pub async fn history<'a>(
    on: impl Into<Exec<'a>>,
    id: PersonId,
) -> Result<Vec<RatingChange>, sqlx::Error> {
    let rows: Vec<RatingChangeRow> = on_exec!(on.into(), conn => sqlx::query_as(HISTORY)
    .bind(id.to_string())
    .fetch_all(conn)
    .await)?;
    convert_all(rows)
}

/// How many people are on the register.
pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM people").fetch_one(pool).await)
}

/// The first `limit` people by family name, then given name.
pub async fn first_by_name(db: &Db, limit: i64) -> Result<Vec<PersonId>, sqlx::Error> {
    let ids: Vec<String> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT id FROM people ORDER BY family_name, given_name, id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await)?;
    ids.iter().map(|id| super::rows::decode("id", id)).collect()
}

async fn record_history(
    tx: &mut Tx,
    person: PersonId,
    from: Option<Rating>,
    to: Rating,
    rationale: &Rationale,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO rating_changes (person_id, from_rating, to_rating, rationale, changed_by, changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(person.to_string())
    .bind(from.map(Rating::code))
    .bind(to.code())
    .bind(rationale.as_str())
    .bind(actor)
    .bind(at)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
