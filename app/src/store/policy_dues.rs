//! What the policy clock asks of a person, kept on their row: recomputed inside the
//! transaction of every change to what the clock reads (rating, where they live, the
//! keyworker, C(E)TRs, the root-cause review), so the board's next item and its filters
//! never read a record.

use super::{
    ctrs, on_exec, on_tx, people, register_states,
    rows::{decode, NOT_COMPUTED},
    sections, Db, Tx,
};
use crate::models::{ClockState, PersonId, PolicyDue, PolicyTimescales, Rule};
use chrono::NaiveDate;

/// Computes what the policy asks of everyone whose row has not had it computed (rows from
/// before it was kept), each in a transaction of its own; returns how many.
pub async fn refresh_uncomputed(
    db: &Db,
    policy: &PolicyTimescales,
    today: NaiveDate,
) -> Result<usize, sqlx::Error> {
    let mut done = 0;
    loop {
        let ids: Vec<String> = on_exec!(db.into(), conn => sqlx::query_scalar(
            "SELECT id FROM people WHERE policy_dues = $1 LIMIT 200",
        )
        .bind(NOT_COMPUTED)
        .fetch_all(conn)
        .await)?;
        if ids.is_empty() {
            return Ok(done);
        }
        for id in ids {
            let person = decode("id", &id)?;
            let mut tx = db.begin().await?;
            refresh(&mut tx, person, policy, today).await?;
            tx.commit().await?;
            done += 1;
        }
    }
}

/// Computes `person`'s open items on `today` under `policy` and keeps them on their row:
/// every item, the earliest C(E)TR-kind due date, and while a keyworker is asked for, the
/// day that lapses. Nothing for someone not on the register.
pub async fn refresh(
    tx: &mut Tx,
    person: PersonId,
    policy: &PolicyTimescales,
    today: NaiveDate,
) -> Result<(), sqlx::Error> {
    let Some(now) = people::get(&mut *tx, person).await? else {
        return Ok(());
    };
    let saved = sections::of_person(&mut *tx, &now).await?;
    let discharged_on = sections::discharged_on(&mut *tx, person).await?;
    let reviews = ctrs::of_person(&mut *tx, person).await?;
    let dues =
        ClockState::of_record(&now, &saved, discharged_on, &reviews).open_dues(policy, today);
    let ctr_due = dues
        .iter()
        .filter(|d| d.is_review())
        .map(|d| d.due_on)
        .min();
    let keyworker_until = dues
        .iter()
        .find(|d| d.rule == Rule::Keyworker)
        .and_then(|d| d.until);
    on_tx!(tx, conn => sqlx::query(
        "UPDATE people SET policy_dues = $1, ctr_due = $2, keyworker_until = $3 WHERE id = $4",
    )
    .bind(PolicyDue::encode(&dues))
    .bind(ctr_due)
    .bind(keyworker_until)
    .bind(person.to_string())
    .execute(conn)
    .await
    .map(|_| ()))?;
    register_states::keep(tx, person).await
}
