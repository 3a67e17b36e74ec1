//! What the figures read, each as the register stood at a moment (`before`: the end of
//! the day asked about): people's kept states, stays in hospital, C(E)TRs, referrals and
//! actions, never today's rows. Month-end counts are kept once worked out.

use super::{on_pool, Db};
use crate::models::{child_born_after, keyworker_age_born_after, Ctr, CtrDates};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashMap;

/// People on the register at the end of a day who shared everything the figures count of
/// them (one row of [`state_groups`]).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct StateGroup {
    /// Their rating's code.
    pub rating: String,
    /// Their setting's code.
    pub setting: String,
    /// In hospital out of the ICB's area.
    pub out_of_area: bool,
    /// Under 18 on the day.
    pub child: bool,
    /// Of keyworking age (0 to 25) on the day.
    pub keyworker_age: bool,
    /// Their review was due before the day.
    pub review_overdue: bool,
    /// Their consent was due to be checked again before the day.
    pub consent_overdue: bool,
    /// No consent was recorded.
    pub no_consent: bool,
    /// What the policy clock asked for (see `PolicyDue::encode`).
    pub policy_dues: String,
    /// How many people.
    pub people: i64,
}

impl StateGroup {
    /// Whether they were in hospital.
    pub fn inpatient(&self) -> bool {
        self.setting == crate::models::Setting::InpatientUnit.code()
    }
}

/// Everyone on the register at the end of `day` (`before`: its end), from each person's
/// last state kept before then, grouped by what the figures count: only the groups are
/// read back, far fewer rows than people (reading a row back is most of what a day's
/// figures would otherwise cost on SQLite).
pub async fn state_groups(
    db: &Db,
    before: DateTime<Utc>,
    day: NaiveDate,
) -> Result<Vec<StateGroup>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT rating, setting, (placement IS NOT NULL AND placement = 'out_of_area') AS out_of_area, \
         date_of_birth > $2 AS child, date_of_birth > $3 AS keyworker_age, \
         review_due < $4 AS review_overdue, (consent_due IS NOT NULL AND consent_due < $4) AS consent_overdue, \
         consent_due IS NULL AS no_consent, policy_dues, COUNT(*) AS people \
         FROM register_states WHERE left_on IS NULL AND id IN \
         (SELECT MAX(id) FROM register_states WHERE recorded_at < $1 GROUP BY person_id) \
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9",
    )
    .bind(before)
    .bind(child_born_after(day))
    .bind(keyworker_age_born_after(day))
    .bind(day)
    .fetch_all(pool)
    .await)
}

/// A stay in hospital as known at a moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stay {
    /// Whose (a person id).
    pub person: String,
    /// The day they were admitted.
    pub admitted_on: NaiveDate,
    /// Their date of birth.
    pub born: NaiveDate,
    /// Whether the unit is secure.
    pub secure: bool,
    /// Whether it is out of area.
    pub out_of_area: bool,
    /// The day it was recorded that they left, if it was.
    pub discharged_on: Option<NaiveDate>,
    /// Their C(E)TRs as known then.
    pub ctrs: Vec<CtrDates>,
}

#[derive(sqlx::FromRow)]
struct StayRow {
    person_id: String,
    id: i64,
    admitted_on: NaiveDate,
    security: Option<String>,
    placement: Option<String>,
    date_of_birth: NaiveDate,
}

#[derive(sqlx::FromRow)]
struct DischargeRow {
    person_id: String,
    id: i64,
    discharged_on: NaiveDate,
}

#[derive(sqlx::FromRow)]
struct CtrVersion {
    person_id: String,
    ctr_id: String,
    body: String,
}

/// Every stay with an admission day from `from` to `to`, as recorded before `before`,
/// each with its discharge and the person's C(E)TRs as then recorded.
pub async fn stays(
    db: &Db,
    from: NaiveDate,
    to: NaiveDate,
    before: DateTime<Utc>,
) -> Result<Vec<Stay>, sqlx::Error> {
    // The first state of each stay (a person and an admission day).
    let rows: Vec<StayRow> = on_pool!(db, pool => sqlx::query_as(
        "SELECT person_id, id, admitted_on, security, placement, date_of_birth FROM register_states \
         WHERE id IN (SELECT MIN(id) FROM register_states WHERE admitted_on >= $1 \
          AND admitted_on <= $2 AND recorded_at < $3 GROUP BY person_id, admitted_on) \
         ORDER BY person_id, id",
    )
    .bind(from)
    .bind(to)
    .bind(before)
    .fetch_all(pool)
    .await)?;
    let discharges: Vec<DischargeRow> = on_pool!(db, pool => sqlx::query_as(
        "SELECT person_id, id, discharged_on FROM register_states \
         WHERE discharged_on >= $1 AND recorded_at < $2 ORDER BY id",
    )
    .bind(from)
    .bind(before)
    .fetch_all(pool)
    .await)?;
    let versions: Vec<CtrVersion> = on_pool!(db, pool => sqlx::query_as(
        "SELECT person_id, ctr_id, body FROM ctr_history WHERE changed_at < $1 AND person_id IN \
         (SELECT person_id FROM register_states WHERE admitted_on >= $2 AND admitted_on <= $3 \
         AND recorded_at < $1) ORDER BY id",
    )
    .bind(before)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await)?;
    // The newest version of each C(E)TR, by person.
    let mut newest: HashMap<String, (String, CtrDates)> = HashMap::new();
    for v in versions {
        let ctr: Ctr = serde_json::from_str(&v.body).map_err(|e| sqlx::Error::ColumnDecode {
            index: "body".into(),
            source: Box::new(e),
        })?;
        newest.insert(v.ctr_id, (v.person_id, ctr.dates()));
    }
    let mut ctrs_of: HashMap<String, Vec<CtrDates>> = HashMap::new();
    for (person, dates) in newest.into_values() {
        ctrs_of.entry(person).or_default().push(dates);
    }
    let mut discharges_of: HashMap<String, Vec<(i64, NaiveDate)>> = HashMap::new();
    for d in discharges {
        discharges_of
            .entry(d.person_id)
            .or_default()
            .push((d.id, d.discharged_on));
    }
    let mut stays: Vec<Stay> = Vec::with_capacity(rows.len());
    for row in rows {
        // The first discharge recorded after the stay began (discharges are in id order).
        let discharged_on = discharges_of
            .get(&row.person_id)
            .and_then(|ds| ds.iter().find(|(id, _)| *id > row.id))
            .map(|(_, day)| *day);
        let ctrs = ctrs_of.get(&row.person_id).cloned().unwrap_or_default();
        stays.push(Stay {
            secure: row.security.as_deref().is_some_and(|s| s != "non_secure"),
            out_of_area: row.placement.as_deref() == Some("out_of_area"),
            person: row.person_id,
            admitted_on: row.admitted_on,
            born: row.date_of_birth,
            discharged_on,
            ctrs,
        });
    }
    Ok(stays)
}

/// The days discharges were recorded, from `from` on, as recorded before `before`.
pub async fn discharges(
    db: &Db,
    from: NaiveDate,
    before: DateTime<Utc>,
) -> Result<Vec<NaiveDate>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_scalar(
        "SELECT discharged_on FROM register_states WHERE discharged_on >= $1 AND recorded_at < $2",
    )
    .bind(from)
    .bind(before)
    .fetch_all(pool)
    .await)
}

/// A referral as known at a moment.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ReferralFacts {
    /// `family` or `professional`.
    pub kind: String,
    /// When it arrived.
    pub received_at: DateTime<Utc>,
    /// When the LDA team first recorded contact, if they had.
    pub contacted_at: Option<DateTime<Utc>>,
    /// Its status then (a `ReferralStatus` code).
    pub status: String,
}

/// Every referral received from `from` until `before`, as it stood at `before`.
pub async fn referrals(
    db: &Db,
    from: DateTime<Utc>,
    before: DateTime<Utc>,
) -> Result<Vec<ReferralFacts>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_as(
        "SELECT r.kind, r.received_at, \
         (SELECT MIN(e.at) FROM referral_events e WHERE e.referral_id = r.id AND e.kind = 'contact' \
          AND e.at < $2) AS contacted_at, \
         COALESCE((SELECT e.status FROM referral_events e WHERE e.referral_id = r.id \
          AND e.kind = 'status' AND e.at < $2 ORDER BY e.id DESC LIMIT 1), 'new') AS status \
         FROM referrals r WHERE r.received_at >= $1 AND r.received_at < $2",
    )
    .bind(from)
    .bind(before)
    .fetch_all(pool)
    .await)
}

/// How many actions of one agency were open at a moment, and how many of those overdue.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OpenActions {
    /// The owners' agency ('' when none).
    pub agency: String,
    /// Open then.
    pub open: i64,
    /// Open then and due before `day`.
    pub overdue: i64,
}

/// The actions agreed before `before` and open then (as their updates then stood), by
/// agency in name order, with those due before `day` counted as overdue.
pub async fn open_actions(
    db: &Db,
    before: DateTime<Utc>,
    day: NaiveDate,
) -> Result<Vec<OpenActions>, sqlx::Error> {
    let mut rows: Vec<OpenActions> = on_pool!(db, pool => sqlx::query_as(
        // Grouped by an expression: by the agency's index, SQLite would visit the actions
        // in agency order, one page read each, several times slower than reading them all.
        "SELECT a.owner_agency || '' AS agency, COUNT(*) AS open, \
         SUM(CASE WHEN COALESCE(u.due_on, a.agreed_due) < $2 THEN 1 ELSE 0 END) AS overdue \
         FROM actions a LEFT JOIN (SELECT action_id, MAX(id) AS id FROM action_updates \
          WHERE updated_at < $1 GROUP BY action_id) newest ON newest.action_id = a.id \
         LEFT JOIN action_updates u ON u.id = newest.id \
         WHERE a.created_at < $1 AND (u.status IS NULL OR u.status = 'open') GROUP BY 1",
    )
    .bind(before)
    .bind(day)
    .fetch_all(pool)
    .await)?;
    // In Rust, so the order is the same on both databases whatever their collation.
    rows.sort_by(|a, b| a.agency.cmp(&b.agency));
    Ok(rows)
}

/// The counts kept for the month ending `month_end`, if they have been worked out.
pub async fn kept_month(db: &Db, month_end: NaiveDate) -> Result<Option<String>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_scalar("SELECT body FROM figure_months WHERE month_end = $1")
        .bind(month_end)
        .fetch_optional(pool)
        .await)
}

/// Keeps the counts worked out for the month ending `month_end` (a month already over).
pub async fn keep_month(db: &Db, month_end: NaiveDate, body: &str) -> Result<(), sqlx::Error> {
    on_pool!(db, pool => sqlx::query(
        "INSERT INTO figure_months (month_end, body) VALUES ($1, $2) ON CONFLICT (month_end) DO NOTHING",
    )
    .bind(month_end)
    .bind(body)
    .execute(pool)
    .await
    .map(|_| ()))
}

/// The day the register began: the first kept state's, if any.
pub async fn first_day(db: &Db) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    on_pool!(db, pool => sqlx::query_scalar("SELECT MIN(recorded_at) FROM register_states")
        .fetch_one(pool)
        .await)
}
