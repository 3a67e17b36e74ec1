//! DSR meetings: the agenda, and where the meeting's chair is.

use super::{
    change_log::{self, NewChange},
    on_tx,
    rows::{cards, decode, person_columns, PersonRow},
    Db, Tx,
};
use crate::models::{BoardCard, ChangeKind, Person, PersonId};
use chrono::{DateTime, NaiveDate, Utc};

/// Who is on the agenda read on `$1`: everyone on the register not Green, and Green people
/// whose review is due.
const ON_AGENDA: &str = "left_on IS NULL AND (rating <> 'green' OR review_due <= $1)";

/// The agenda's order: Blue, Red, Amber, Green, then soonest review, then id. The index
/// `people_agenda_order` (migration 20261123000003) is on exactly this expression.
macro_rules! rank {
    () => {
        "CASE rating WHEN 'blue' THEN 0 WHEN 'red' THEN 1 WHEN 'amber' THEN 2 ELSE 3 END"
    };
}

/// How many people are on the agenda on `today`.
pub async fn agenda_count(tx: &mut Tx, today: NaiveDate) -> Result<i64, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) FROM people WHERE {ON_AGENDA}");
    on_tx!(tx, conn => sqlx::query_scalar(&sql).bind(today).fetch_one(conn).await)
}

/// Up to `limit` people on the agenda on `today`, from position `offset`, in agenda order.
pub async fn agenda_page(
    tx: &mut Tx,
    today: NaiveDate,
    offset: i64,
    limit: i64,
) -> Result<Vec<BoardCard>, sqlx::Error> {
    let sql = format!(
        concat!(
            "SELECT ",
            person_columns!(),
            " FROM people WHERE {} ORDER BY ",
            rank!(),
            ", review_due, id LIMIT $2 OFFSET $3"
        ),
        ON_AGENDA
    );
    let rows: Vec<PersonRow> = on_tx!(tx, conn => sqlx::query_as(&sql)
        .bind(today)
        .bind(limit)
        .bind(offset)
        .fetch_all(conn)
        .await)?;
    cards(rows, today)
}

/// Where `person` sits on the agenda on `today`: their position from 1 (`None` when they
/// are not on it), and the people just before and after them in agenda order. Each query
/// keeps to one side of them in one rating group, so it is a range of the agenda index.
pub async fn agenda_place(
    tx: &mut Tx,
    person: &Person,
    today: NaiveDate,
) -> Result<AgendaPlace, sqlx::Error> {
    // $2 is the person's rating group; $3 and $4 their review date and id.
    const SAME_BEFORE: &str = concat!("(", rank!(), ") = $2 AND (review_due, id) < ($3, $4)");
    const SAME_AFTER: &str = concat!("(", rank!(), ") = $2 AND (review_due, id) > ($3, $4)");
    const GROUPS_BEFORE: &str = concat!("(", rank!(), ") < $2");
    const GROUPS_AFTER: &str = concat!("(", rank!(), ") > $2");
    let neighbour = |side: &str, order: &str| {
        format!(
            concat!(
                "SELECT ",
                person_columns!(),
                " FROM people WHERE {} AND {} ORDER BY ",
                rank!(),
                " {order}, review_due {order}, id {order} LIMIT 1"
            ),
            ON_AGENDA,
            side,
            order = order
        )
    };
    let count = |side: &str| format!("SELECT COUNT(*) FROM people WHERE {ON_AGENDA} AND {side}");
    let group = i64::from(person.rating.order());
    let id = person.id.to_string();
    let mut sides = Vec::with_capacity(2);
    for (near, far, order) in [
        (SAME_BEFORE, GROUPS_BEFORE, "DESC"),
        (SAME_AFTER, GROUPS_AFTER, "ASC"),
    ] {
        let mut found = None;
        for side in [near, far] {
            let row: Option<PersonRow> = on_tx!(&mut *tx, conn => sqlx::query_as(&neighbour(side, order))
                .bind(today)
                .bind(group)
                .bind(person.review_due)
                .bind(&id)
                .fetch_optional(conn)
                .await)?;
            if let Some(row) = row {
                found = Some(Person::try_from(row)?.card(today));
                break;
            }
        }
        sides.push(found);
    }
    let mut ahead = 0;
    for side in [SAME_BEFORE, GROUPS_BEFORE] {
        let n: i64 = on_tx!(&mut *tx, conn => sqlx::query_scalar(&count(side))
            .bind(today)
            .bind(group)
            .bind(person.review_due)
            .bind(&id)
            .fetch_one(conn)
            .await)?;
        ahead += n;
    }
    let next = sides.pop().flatten();
    let prev = sides.pop().flatten();
    Ok(AgendaPlace {
        position: person.card(today).on_agenda(today).then_some(ahead + 1),
        prev,
        next,
    })
}

/// Where someone sits on the agenda.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgendaPlace {
    /// Their position from 1, if they are on the agenda.
    pub position: Option<i64>,
    /// The person before them.
    pub prev: Option<BoardCard>,
    /// The person after them.
    pub next: Option<BoardCard>,
}

/// The chair's latest move made at or after `since`: the person and when.
pub async fn chair_position(
    tx: &mut Tx,
    since: DateTime<Utc>,
) -> Result<Option<(PersonId, DateTime<Utc>)>, sqlx::Error> {
    let row: Option<(String, DateTime<Utc>)> = on_tx!(tx, conn => sqlx::query_as(
        "SELECT person_id, created_at FROM change_log \
         WHERE kind = $1 AND created_at >= $2 ORDER BY id DESC LIMIT 1",
    )
    .bind(ChangeKind::ChairMoved.code())
    .bind(since)
    .fetch_optional(conn)
    .await)?;
    row.map(|(id, at)| Ok((decode("person_id", &id)?, at)))
        .transpose()
}

/// Records that the chair moved on to `person`, so followers open the same record.
/// Returns the change-log id, or `None` when there is no such person.
pub async fn move_chair(
    db: &Db,
    person: PersonId,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let version: Option<i64> = on_tx!(&mut tx, conn => sqlx::query_scalar(
        "SELECT version FROM people WHERE id = $1",
    )
    .bind(person.to_string())
    .fetch_optional(conn)
    .await)?;
    let Some(version) = version else {
        return Ok(None);
    };
    let id = change_log::append(
        &mut tx,
        &NewChange {
            person,
            kind: ChangeKind::ChairMoved,
            version,
            from: None,
            to: None,
            actor,
            at,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Some(id))
}
