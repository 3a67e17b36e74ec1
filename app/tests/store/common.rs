//! What every store test uses: fixed days, people to add and rating changes.

use app::{
    models::{Diagnosis, NhsNumber, Rating, Rationale, ReviewIntervals, Setting},
    store::{
        people::{self, ChangeError, NewPerson, RatingUpdate},
        Db,
    },
};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// The day the tests read the board on.
pub const TODAY: chrono::NaiveDate = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();

pub fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
}

pub fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn why(s: &str) -> Rationale {
    Rationale::try_from(s.to_owned()).unwrap()
}

pub fn new_person(nhs: &str, given: &str, family: &str, dob: &str, rating: Rating) -> NewPerson {
    NewPerson {
        id: app::models::PersonId::random(),
        nhs_number: nhs.parse::<NhsNumber>().unwrap(),
        given_name: given.into(),
        family_name: family.into(),
        date_of_birth: date(dob),
        diagnosis: Diagnosis::Autism,
        setting: Setting::FamilyHome,
        area: "North".into(),
        rating,
        rationale: why("Initial assessment"),
    }
}

pub async fn add(db: &Db, new: NewPerson, when: DateTime<Utc>) -> app::models::Person {
    let mut tx = db.begin().await.unwrap();
    let p = people::insert(
        &mut tx,
        &new,
        "Asha Patel",
        when,
        &ReviewIntervals::default(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    p
}

/// Adds Sam Okafor, a child rated Amber on 1 November.
pub async fn add_sam(db: &Db) -> app::models::Person {
    add(
        db,
        new_person("9434765919", "Sam", "Okafor", "2012-05-01", Rating::Amber),
        at(1, 9),
    )
    .await
}

/// Adds Ria Khan, an adult rated Red on 1 November.
pub async fn add_ria(db: &Db) -> app::models::Person {
    add(
        db,
        new_person("9434765870", "Ria", "Khan", "1990-02-02", Rating::Red),
        at(1, 10),
    )
    .await
}

/// Changes `person`'s rating from `from_version` to `to`, in its own transaction.
pub async fn change(
    db: &Db,
    person: app::models::PersonId,
    from_version: i64,
    to: Rating,
    reason: &str,
    actor: &str,
    when: DateTime<Utc>,
) -> Result<app::models::Person, ChangeError> {
    let rationale = why(reason);
    let update = RatingUpdate {
        person,
        from_version,
        to,
        rationale: &rationale,
        actor,
        at: when,
    };
    let mut tx = db.begin().await?;
    let person = people::apply_rating_change(&mut tx, &update, &ReviewIntervals::default()).await?;
    tx.commit().await?;
    Ok(person)
}

/// The cards rated `rating` that a board search for `text` finds on `TODAY`.
pub async fn search_board(db: &Db, text: &str, rating: Rating) -> Vec<app::models::BoardCard> {
    use app::store::board::{self, BoardFilter};
    let mut tx = db.begin_read().await.unwrap();
    let filter = BoardFilter {
        search: Some(text.into()),
        ..BoardFilter::default()
    };
    let found = board::cards(&mut tx, &filter, rating, TODAY, 50, 0)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    found
}

/// The single number `sql` (a `SELECT COUNT(*) …`) answers.
pub async fn count(db: &Db, sql: &str) -> i64 {
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
    }
}

/// Runs `sql` as it is, answering whether the database accepted it.
pub async fn execute(db: &Db, sql: &str) -> Result<(), sqlx::Error> {
    match db {
        Db::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
    }
}
