//! DSR meetings: the agenda, who holds the chair, and where the chair is.

use super::{
    change_log, on_tx,
    rows::{cards, decode, person_columns, PersonRow},
    Db, Tx,
};
use crate::models::{BoardCard, ChangeKind, MeetingId, Person, PersonId, SinceFacts};
use chrono::{DateTime, NaiveDate, Utc};
use std::{collections::HashMap, sync::Arc};

/// Which agenda is read on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgendaOf {
    /// The register's rule, when no meeting held that day chose one: everyone on the
    /// register not Green, and Green people whose review is due.
    Register,
    /// What this meeting (the day's: see [`meeting_of`]) chose, with
    /// anyone put on since and without anyone taken off; someone who has left the register
    /// stays on it.
    Chosen(MeetingId),
}

/// Which agenda is read on `today`.
pub async fn agenda_of(tx: &mut Tx, today: NaiveDate) -> Result<AgendaOf, sqlx::Error> {
    Ok(match meeting_of(tx, today).await? {
        Some(meeting) => AgendaOf::Chosen(meeting),
        None => AgendaOf::Register,
    })
}

impl AgendaOf {
    /// The condition on `people` for being on this agenda read on `$1`.
    fn condition(self) -> String {
        match self {
            AgendaOf::Register => {
                "left_on IS NULL AND (rating <> 'green' OR review_due <= $1)".to_owned()
            }
            AgendaOf::Chosen(_) => format!(
                "id IN (SELECT a.person_id FROM meeting_agenda a WHERE a.removed_at IS NULL \
                 AND a.meeting_id = {})",
                DAYS_MEETING
            ),
        }
    }
}

/// The meeting whose agenda is the day's: of the meetings held on `$1` that chose one, the
/// one set up last. A subquery for the store's agenda queries.
const DAYS_MEETING: &str = "(SELECT m.id FROM meetings m WHERE m.held_on = $1 \
     AND EXISTS (SELECT 1 FROM meeting_agenda x WHERE x.meeting_id = m.id) \
     ORDER BY m.created_at DESC, m.id LIMIT 1)";

/// The meeting held on `day` whose agenda is that day's, if one chose an agenda (see
/// [`DAYS_MEETING`]).
pub async fn meeting_of(tx: &mut Tx, day: NaiveDate) -> Result<Option<MeetingId>, sqlx::Error> {
    let id: Option<String> = on_tx!(tx, conn => sqlx::query_scalar(&format!("SELECT {DAYS_MEETING}"))
        .bind(day)
        .fetch_one(conn)
        .await)?;
    id.map(|id| decode("meeting_id", &id)).transpose()
}

/// The agenda's order: Blue, Red, Amber, Green, then soonest review, then id. The index
/// `people_agenda_order` (migration 20261123000003) is on exactly this expression.
macro_rules! rank {
    () => {
        "CASE rating WHEN 'blue' THEN 0 WHEN 'red' THEN 1 WHEN 'amber' THEN 2 ELSE 3 END"
    };
}

/// The day's agenda as read at one change-log position: everyone on it, in agenda order
/// (Blue, Red, Amber, Green, then soonest review, then id).
#[derive(Debug)]
pub struct Agenda {
    of: AgendaOf,
    today: NaiveDate,
    cards: Vec<BoardCard>,
    /// What changed since a day for the people asked about so far, and that day.
    since: std::sync::Mutex<(Option<NaiveDate>, HashMap<PersonId, SinceFacts>)>,
}

/// Where a person sorts on an agenda.
fn agenda_key(
    rating: crate::models::Rating,
    review_due: NaiveDate,
    id: PersonId,
) -> (u8, NaiveDate, PersonId) {
    (rating.order(), review_due, id)
}

impl Agenda {
    /// Reads agenda `of` on `today` inside `tx`.
    pub async fn read(tx: &mut Tx, of: AgendaOf, today: NaiveDate) -> Result<Agenda, sqlx::Error> {
        let sql = format!(
            concat!("SELECT ", person_columns!(), " FROM people WHERE {}"),
            of.condition()
        );
        let rows: Vec<PersonRow> =
            on_tx!(tx, conn => sqlx::query_as(&sql).bind(today).fetch_all(conn).await)?;
        let mut cards = cards(rows, today)?;
        cards.sort_by_key(|c| agenda_key(c.rating, c.review_due, c.id));
        Ok(Agenda {
            of,
            today,
            cards,
            since: Default::default(),
        })
    }

    /// The same agenda with only the people `keep` allows, in the same order.
    pub fn only(&self, keep: impl Fn(&BoardCard) -> bool) -> Agenda {
        Agenda {
            of: self.of,
            today: self.today,
            cards: self.cards.iter().filter(|c| keep(c)).cloned().collect(),
            since: Default::default(),
        }
    }

    /// [`facts_since`] for `people` and `day`, read inside `tx` (at a change-log position
    /// this agenda is kept for), each person's read once with the agenda: nothing they say
    /// changes until the log moves on.
    pub async fn facts_since(
        &self,
        tx: &mut Tx,
        people: &[PersonId],
        day: NaiveDate,
    ) -> Result<Vec<(PersonId, SinceFacts)>, sqlx::Error> {
        let kept = |since: &mut (Option<NaiveDate>, HashMap<PersonId, SinceFacts>)| {
            if since.0 != Some(day) {
                *since = (Some(day), HashMap::new());
            }
        };
        let missing: Vec<PersonId> = {
            let mut since = self.since.lock().unwrap_or_else(|e| e.into_inner());
            kept(&mut since);
            people
                .iter()
                .filter(|p| !since.1.contains_key(p))
                .copied()
                .collect()
        };
        let found = facts_since(tx, &missing, day).await?;
        let mut since = self.since.lock().unwrap_or_else(|e| e.into_inner());
        kept(&mut since);
        since.1.extend(found);
        Ok(people
            .iter()
            .filter_map(|p| since.1.get(p).map(|facts| (*p, *facts)))
            .collect())
    }

    /// Which agenda this is.
    pub fn of(&self) -> AgendaOf {
        self.of
    }

    /// How many people are on it.
    pub fn total(&self) -> i64 {
        i64::try_from(self.cards.len()).unwrap_or(i64::MAX)
    }

    /// Up to `limit` people from position `offset` (from 0).
    pub fn page(&self, offset: i64, limit: i64) -> Vec<BoardCard> {
        let take = |n: i64| usize::try_from(n.max(0)).unwrap_or(usize::MAX);
        self.cards
            .iter()
            .skip(take(offset))
            .take(take(limit))
            .cloned()
            .collect()
    }

    /// Whether `person` is on it.
    pub fn contains(&self, person: PersonId) -> bool {
        self.cards.iter().any(|c| c.id == person)
    }

    /// Where `person` sits on it: their position from 1 (`None` when they are not on it),
    /// and the people just before and after where they sort.
    pub fn place(&self, person: &Person) -> AgendaPlace {
        let key = agenda_key(person.rating, person.review_due, person.id);
        let at = self
            .cards
            .partition_point(|c| agenda_key(c.rating, c.review_due, c.id) < key);
        let on = self.cards.get(at).is_some_and(|c| c.id == person.id);
        let after = if on { at + 1 } else { at };
        AgendaPlace {
            position: on.then(|| i64::try_from(at + 1).unwrap_or(i64::MAX)),
            prev: at.checked_sub(1).and_then(|i| self.cards.get(i)).cloned(),
            next: self.cards.get(after).cloned(),
        }
    }
}

/// The agenda last read on this instance, kept while the change log has not moved on, or
/// has moved on only with the chair's moves: every change to who is on it (a rating, a
/// review date, someone leaving, the chair putting someone on or taking them off) is a
/// change-log entry, and a meeting set up that day is another agenda.
#[derive(Debug, Default)]
pub struct AgendaCache {
    /// The agenda with the newest change-log entry it holds for.
    kept: tokio::sync::Mutex<Option<(i64, Arc<Agenda>)>>,
}

impl AgendaCache {
    /// The agenda of `today` as `tx` reads it, `head` being its newest change-log entry.
    /// Requests that find the kept agenda out of date wait for one of them to read it.
    pub async fn agenda(
        &self,
        tx: &mut Tx,
        today: NaiveDate,
        head: i64,
    ) -> Result<Arc<Agenda>, sqlx::Error> {
        let of = agenda_of(tx, today).await?;
        let mut kept = self.kept.lock().await;
        if let Some((at, agenda)) = kept
            .as_mut()
            .filter(|(_, a)| a.of == of && a.today == today)
        {
            if *at == head || (*at < head && change_log::only_chair_between(tx, *at, head).await?) {
                *at = head.max(*at);
                return Ok(Arc::clone(agenda));
            }
        }
        let agenda = Arc::new(Agenda::read(tx, of, today).await?);
        // A request that began before the newest read does not put back an older agenda.
        if kept.as_ref().is_none_or(|(at, _)| *at <= head) {
            *kept = Some((head, Arc::clone(&agenda)));
        }
        Ok(agenda)
    }

    /// Whether `person` is on today's agenda, read now.
    pub async fn is_on_now(&self, db: &Db, person: PersonId) -> Result<bool, sqlx::Error> {
        let today = crate::models::uk_today(chrono::Utc::now());
        let mut tx = db.begin_read().await?;
        let head = change_log::head(&mut tx).await?;
        let on = self.agenda(&mut tx, today, head).await?.contains(person);
        tx.commit().await?;
        Ok(on)
    }
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

/// Where the chair was last (a move, a take or a stop) at or after `since`: the person
/// and when.
pub async fn chair_position(
    tx: &mut Tx,
    since: DateTime<Utc>,
) -> Result<Option<(PersonId, DateTime<Utc>)>, sqlx::Error> {
    let row: Option<(String, DateTime<Utc>)> = on_tx!(tx, conn => sqlx::query_as(
        "SELECT person_id, created_at FROM change_log \
         WHERE kind IN ($1, $2, $3) AND created_at >= $4 ORDER BY id DESC LIMIT 1",
    )
    .bind(ChangeKind::ChairMoved.code())
    .bind(ChangeKind::ChairTaken.code())
    .bind(ChangeKind::ChairStopped.code())
    .bind(since)
    .fetch_optional(conn)
    .await)?;
    row.map(|(id, at)| Ok((decode("person_id", &id)?, at)))
        .transpose()
}

/// Records that the chair of `day`'s meeting, the account `holder`, moved on to `person`,
/// so followers open the same record. Returns the change-log id; `Ok(None)` when there is
/// no such person; `Err(())` inside when `holder` does not hold the chair. The check and the
/// entry are one transaction, and the check locks the hold (a no-op update), so a take-over
/// cannot slip between them.
pub async fn move_chair(
    db: &Db,
    day: NaiveDate,
    holder: &str,
    person: PersonId,
    actor: &str,
    at: DateTime<Utc>,
) -> Result<Result<Option<i64>, ()>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let holds = on_tx!(&mut tx, conn => sqlx::query(
        "UPDATE meeting_chairs SET version = version WHERE held_on = $1 AND user_id = $2",
    )
    .bind(day)
    .bind(holder)
    .execute(conn)
    .await
    .map(|r| r.rows_affected() == 1))?;
    if !holds {
        return Ok(Err(()));
    }
    let id = change_log::append_on(&mut tx, person, ChangeKind::ChairMoved, actor, at).await?;
    if id.is_some() {
        tx.commit().await?;
    }
    Ok(Ok(id))
}

/// Who holds the chair of a day's meeting, as kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChairHold {
    /// Moves on at every take, hand-over and stop; 0 when no one has chaired that day.
    pub version: i64,
    /// The account holding it and their name; `None` once the chair stopped.
    pub holder: Option<(String, String)>,
    /// Since when.
    pub since: DateTime<Utc>,
}

/// Who holds the chair of the meeting on `day` (version 0 when no one has taken it).
pub async fn chair_hold(tx: &mut Tx, day: NaiveDate) -> Result<ChairHold, sqlx::Error> {
    type Row = (i64, Option<String>, Option<String>, DateTime<Utc>);
    let row: Option<Row> = on_tx!(tx, conn => sqlx::query_as(
        "SELECT version, user_id, name, since FROM meeting_chairs WHERE held_on = $1",
    )
    .bind(day)
    .fetch_optional(conn)
    .await)?;
    Ok(match row {
        Some((version, user, name, since)) => ChairHold {
            version,
            holder: user.zip(name),
            since,
        },
        None => ChairHold {
            version: 0,
            holder: None,
            since: DateTime::<Utc>::MIN_UTC,
        },
    })
}

/// A change of who holds a day's chair.
#[derive(Clone, Copy, Debug)]
pub struct ChairChange<'a> {
    /// The meeting's day.
    pub day: NaiveDate,
    /// The version of the hold its author saw (0: no one had taken it).
    pub seen: i64,
    /// The new holder (account and name), or `None` to stop chairing.
    pub holder: Option<(&'a str, &'a str)>,
    /// The person the change is logged on, so open meeting views hear of it: the one the
    /// new chair has open, or where the chair last was. `None`: nothing to tell.
    pub on: Option<PersonId>,
    /// Who made it.
    pub actor: &'a str,
    /// When.
    pub at: DateTime<Utc>,
}

/// Writes `change` if the hold is still at the version its author saw, with a change-log
/// entry (taken or stopped) on `change.on`. Returns the new version, or the hold as it is
/// now when someone else changed it first: of two takes made at once, one wins.
pub async fn set_chair(
    db: &Db,
    change: &ChairChange<'_>,
) -> Result<Result<i64, ChairHold>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let (user, name) = change.holder.unzip();
    let written = if change.seen == 0 {
        on_tx!(&mut tx, conn => sqlx::query(
            "INSERT INTO meeting_chairs (held_on, user_id, name, version, since) \
             VALUES ($1, $2, $3, 1, $4) ON CONFLICT (held_on) DO NOTHING",
        )
        .bind(change.day)
        .bind(user)
        .bind(name)
        .bind(change.at)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?
    } else {
        on_tx!(&mut tx, conn => sqlx::query(
            "UPDATE meeting_chairs SET user_id = $2, name = $3, version = version + 1, since = $4 \
             WHERE held_on = $1 AND version = $5",
        )
        .bind(change.day)
        .bind(user)
        .bind(name)
        .bind(change.at)
        .bind(change.seen)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?
    };
    if written != 1 {
        // Nothing was written: the transaction ends unwritten as it drops.
        return Ok(Err(chair_hold(&mut tx, change.day).await?));
    }
    if let Some(person) = change.on {
        let kind = if change.holder.is_some() {
            ChangeKind::ChairTaken
        } else {
            ChangeKind::ChairStopped
        };
        change_log::append_on(&mut tx, person, kind, change.actor, change.at).await?;
    }
    tx.commit().await?;
    Ok(Ok(change.seen + 1))
}

/// The end of `day` (UTC): the start of the next.
pub fn end_of_day(day: NaiveDate) -> DateTime<Utc> {
    day.succ_opt()
        .unwrap_or(day)
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc()
}

/// The day of the last DSR meeting held before `today`, if any.
pub async fn last_meeting_before(
    tx: &mut Tx,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, sqlx::Error> {
    on_tx!(tx, conn => sqlx::query_scalar(
        "SELECT MAX(held_on) FROM meetings WHERE held_on < $1",
    )
    .bind(today)
    .fetch_one(conn)
    .await)
}

/// What was true of each of `people` at the end of `day` (a meeting's day, UTC): whether
/// they joined the register after it, their rating then, and how many C(E)TRs were held
/// after it. One query for them all.
pub async fn facts_since(
    tx: &mut Tx,
    people: &[PersonId],
    day: NaiveDate,
) -> Result<Vec<(PersonId, SinceFacts)>, sqlx::Error> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    let end = end_of_day(day);
    let ids: Vec<String> = (3..3 + people.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "SELECT p.id, p.created_at, \
         (SELECT r.to_rating FROM rating_changes r WHERE r.person_id = p.id AND r.changed_at < $1 \
          ORDER BY r.id DESC LIMIT 1) AS rating_then, \
         (SELECT COUNT(*) FROM ctrs c WHERE c.person_id = p.id AND c.held_on > $2) AS ctrs_held \
         FROM people p WHERE p.id IN ({})",
        ids.join(", ")
    );
    type Row = (String, DateTime<Utc>, Option<String>, i64);
    let rows: Vec<Row> = on_tx!(tx, conn => {
        let mut query = sqlx::query_as(&sql).bind(end).bind(day);
        for person in people {
            query = query.bind(person.to_string());
        }
        query.fetch_all(conn).await
    })?;
    rows.into_iter()
        .map(|(id, created, then, ctrs_held)| {
            Ok((
                decode("person_id", &id)?,
                SinceFacts {
                    added_after: created >= end,
                    rating_then: then.map(|r| decode("to_rating", &r)).transpose()?,
                    ctrs_held,
                },
            ))
        })
        .collect()
}

/// The most people [`agenda_named`] reads before the caller's view is applied.
const NAMED_MAX: i64 = 200;

/// People on agenda `of` on `today` whose full name contains `lowered` (already in lower
/// case), in agenda order, with their names: at most 200.
pub async fn agenda_named(
    tx: &mut Tx,
    of: AgendaOf,
    today: NaiveDate,
    lowered: &str,
) -> Result<Vec<(PersonId, String)>, sqlx::Error> {
    let sql = format!(
        concat!(
            "SELECT id, given_name || ' ' || family_name FROM people WHERE {} ",
            "AND LOWER(given_name || ' ' || family_name) LIKE $2 ESCAPE '\\' ORDER BY ",
            rank!(),
            ", review_due, id LIMIT $3"
        ),
        of.condition()
    );
    let rows: Vec<(String, String)> = on_tx!(tx, conn => sqlx::query_as(&sql)
        .bind(today)
        .bind(format!("%{}%", super::board::escape_like(lowered)))
        .bind(NAMED_MAX)
        .fetch_all(conn)
        .await)?;
    rows.into_iter()
        .map(|(id, name)| Ok((decode("person_id", &id)?, name)))
        .collect()
}
