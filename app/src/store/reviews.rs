//! Reviews of a person: the outcome goes through the versioned rating change (a
//! confirmation keeps the colour), the next review date is set, and the review is kept.

use super::{
    on_exec, on_tx,
    people::{self, ChangeError, RatingUpdate},
    rows::decode,
    Exec, Tx,
};
use crate::models::{Person, PersonId, Rationale, RecordedReview, Review, ReviewIntervals};
use chrono::{DateTime, NaiveDate, Utc};

/// Records `review` of `person` inside `tx`, made from the record's `from_version`: the
/// rating change (or confirmation) with its history and change-log entry, the next review
/// date (the rating's usual interval from the day it was held, unless the review set one),
/// and the review itself. Returns the person now and whether anything was written: the
/// same review sent again (the newest one already kept) writes nothing.
pub async fn record(
    tx: &mut Tx,
    person: PersonId,
    from_version: i64,
    review: &Review,
    intervals: &ReviewIntervals,
    done: super::departures::Done<'_>,
) -> Result<(Person, bool), ChangeError> {
    let update = RatingUpdate {
        person,
        from_version,
        to: review.rating,
        rationale: &review.rationale,
        actor: done.actor,
        at: done.at,
    };
    let from = people::get(&mut *tx, person)
        .await?
        .map_or(review.rating, |p| p.rating);
    let after = match people::apply_rating_change(tx, &update, intervals).await {
        Ok(changed) => changed,
        Err(ChangeError::Conflict(now)) => {
            let newest = of_person(&mut *tx, person).await?;
            return match newest.first() {
                Some(kept) if same_review(&kept.review, review) => Ok((*now, false)),
                _ => Err(ChangeError::Conflict(now)),
            };
        }
        Err(other) => return Err(other),
    };
    let next_due = review
        .next_due
        .unwrap_or_else(|| intervals.due(review.rating, review.held_on));
    on_tx!(&mut *tx, conn => sqlx::query("UPDATE people SET review_due = $1 WHERE id = $2")
        .bind(next_due)
        .bind(person.to_string())
        .execute(conn)
        .await
        .map(|_| ()))?;
    on_tx!(&mut *tx, conn => sqlx::query(
        "INSERT INTO reviews (person_id, held_on, attendees, before_rating, rating, rationale, \
         notes, next_due, next_reason, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(person.to_string())
    .bind(review.held_on)
    .bind(&review.attendees)
    .bind(from.code())
    .bind(review.rating.code())
    .bind(review.rationale.as_str())
    .bind(&review.notes)
    .bind(next_due)
    .bind(&review.next_reason)
    .bind(done.actor)
    .bind(done.at)
    .execute(conn)
    .await
    .map(|_| ()))?;
    Ok((
        Person {
            review_due: next_due,
            ..after
        },
        true,
    ))
}

/// Whether `kept` is `sent` again (the next review date is kept resolved, so it is not
/// compared when the form left it blank).
fn same_review(kept: &Review, sent: &Review) -> bool {
    Review {
        next_due: sent.next_due.or(kept.next_due),
        ..sent.clone()
    } == *kept
}

/// A row of `reviews`.
#[derive(sqlx::FromRow)]
struct ReviewRow {
    held_on: NaiveDate,
    attendees: String,
    before_rating: String,
    rating: String,
    rationale: String,
    notes: String,
    next_due: NaiveDate,
    next_reason: String,
    recorded_by: String,
    recorded_at: DateTime<Utc>,
}

/// Every review of `person`, newest first.
pub async fn of_person<'a>(
    on: impl Into<Exec<'a>>,
    person: PersonId,
) -> Result<Vec<RecordedReview>, sqlx::Error> {
    let rows: Vec<ReviewRow> = on_exec!(on.into(), conn => sqlx::query_as(
        "SELECT held_on, attendees, before_rating, rating, rationale, notes, next_due, \
         next_reason, recorded_by, recorded_at FROM reviews WHERE person_id = $1 ORDER BY id DESC",
    )
    .bind(person.to_string())
    .fetch_all(conn)
    .await)?;
    rows.into_iter()
        .map(|r| {
            Ok(RecordedReview {
                review: Review {
                    held_on: r.held_on,
                    attendees: r.attendees,
                    rating: decode("rating", &r.rating)?,
                    rationale: Rationale::try_from(r.rationale)
                        .map_err(|e| sqlx::Error::Decode(e.to_string().into()))?,
                    notes: r.notes,
                    next_due: Some(r.next_due),
                    next_reason: r.next_reason,
                },
                before: decode("before_rating", &r.before_rating)?,
                recorded_by: r.recorded_by,
                recorded_at: r.recorded_at,
            })
        })
        .collect()
}
