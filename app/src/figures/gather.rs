//! Reads what the figures for a day need and counts every table (server only).

use super::{
    count,
    months::{month_end, month_ends, month_name},
    table::{publish_all, Link, RawTable},
    wire::FigureTable,
};
use crate::{
    models::{uk_day_start, uk_today},
    state::Settings,
    store::{figures as store, Db},
};
use chrono::{Datelike, Months, NaiveDate};

/// People by rating at the end of `end`: kept once the day is over, so worked out once.
async fn ratings_at(db: &Db, end: NaiveDate, today: NaiveDate) -> Result<[i64; 4], sqlx::Error> {
    if let Some(kept) = store::kept_month(db, end).await? {
        if let Ok(counts) = serde_json::from_str(&kept) {
            return Ok(counts);
        }
    }
    let next = end.succ_opt().expect("a date");
    let counts = count::by_rating(&store::state_groups(db, uk_day_start(next), end).await?);
    if end < today {
        let body = serde_json::to_string(&counts).expect("counts serialise");
        store::keep_month(db, end, &body).await?;
    }
    Ok(counts)
}

/// Works out and keeps the counts of the month ends in the two years before `today` that
/// are not kept yet (the server does this as it starts, so the first ask of a day's
/// figures is as quick as the next); returns how many month ends it read.
pub async fn keep_month_ends(db: &Db, today: NaiveDate) -> Result<usize, sqlx::Error> {
    let yesterday = today.pred_opt().expect("a date");
    let mut ends = month_ends(yesterday);
    ends.extend(month_ends(ends[0].pred_opt().expect("a date")));
    for end in &ends {
        ratings_at(db, *end, today).await?;
    }
    Ok(ends.len())
}

/// Every table of figures for a day, and the sums that run between tables.
pub struct Counted {
    /// The tables, in page order.
    pub tables: Vec<RawTable>,
    /// Cells of different tables that add up (see [`links`]).
    pub links: Vec<Link>,
}

impl Counted {
    /// The tables as a reader sees them (see [`publish_all`]).
    pub fn publish(&self, below: Option<i64>) -> Vec<FigureTable> {
        publish_all(&self.tables, &self.links, below)
    }
}

/// The tables' keys, in page order.
pub const TABLES: [&str; 8] = [
    "ratings",
    "settings",
    "rating-trend",
    "movement-trend",
    "referrals",
    "ctrs",
    "overdue",
    "actions",
];

/// Where each table is in [`Counted::tables`].
const RATINGS: usize = 0;
const SETTINGS: usize = 1;
const RATING_TREND: usize = 2;
const MOVEMENT_TREND: usize = 3;
const REFERRALS: usize = 4;
const CTRS: usize = 5;

/// The sums between the tables of a month end (whose trends end on that day): people by
/// rating and in all, in the ratings, settings and trend tables; the month's referrals in
/// the trend and the referrals table; and the 12 months' admissions, month by month and in
/// all, kept strict, since the 12 months move on a month at each month end.
fn links(tables: &[RawTable]) -> Vec<Link> {
    let last_row = |t: usize| tables[t].rows.len() - 1;
    let same = |a: (usize, (usize, usize)), b: (usize, (usize, usize))| Link {
        parts: vec![a],
        total: b,
        strict: false,
    };
    let month = last_row(MOVEMENT_TREND);
    let mut links: Vec<Link> = (0..5)
        .map(|r| {
            same(
                (RATINGS, (r, 3)),
                (RATING_TREND, (last_row(RATING_TREND), r)),
            )
        })
        .collect();
    links.push(same((RATINGS, (4, 3)), (SETTINGS, (last_row(SETTINGS), 2))));
    links.push(same((MOVEMENT_TREND, (month, 2)), (REFERRALS, (0, 2))));
    links.push(Link {
        parts: (0..=month).map(|r| (MOVEMENT_TREND, (r, 0))).collect(),
        total: (CTRS, (0, 0)),
        strict: true,
    });
    links
}

/// Every table of figures for the end of `day`, as the register in `db` then stood,
/// under `settings` (the contact target and the policy's timescales).
pub async fn tables(db: &Db, settings: &Settings, day: NaiveDate) -> Result<Counted, sqlx::Error> {
    let today = uk_today(crate::store::timestamp_now());
    let before = uk_day_start(day.succ_opt().expect("a date"));
    let groups = store::state_groups(db, before, day).await?;
    let ends = month_ends(day);
    let trend_start = ends[0].with_day(1).expect("a first");
    // The 12 months to the day; at a month end, exactly the trend's 12 months (a day after
    // a year before would be 29 February on the 28th after a leap year).
    let year_start = if month_end(day) == day {
        trend_start
    } else {
        (day - Months::new(12)).succ_opt().expect("a date")
    };
    let from = trend_start.min(year_start);
    let stays = store::stays(db, from, day, before).await?;
    let discharges = store::discharges(db, from, before).await?;
    let referrals = store::referrals(db, uk_day_start(from), before).await?;
    let actions = store::open_actions(db, before, day).await?;
    let mut months = Vec::with_capacity(ends.len());
    for end in &ends {
        months.push((*end, ratings_at(db, *end, today).await?));
    }
    let month_start = day.with_day(1).expect("a first");
    let this_month: Vec<_> = referrals
        .iter()
        .filter(|r| uk_today(r.received_at) >= month_start)
        .cloned()
        .collect();
    let period = if month_end(day) == day {
        month_name(day)
    } else {
        format!(
            "{} up to {}",
            month_name(day),
            crate::models::format_date(day)
        )
    };
    let year: Vec<_> = stays
        .iter()
        .filter(|s| s.admitted_on >= year_start)
        .cloned()
        .collect();
    let tables = vec![
        count::ratings(&groups, day),
        count::settings(&groups, day),
        count::rating_trend(&months),
        count::movement_trend(
            &ends,
            &stays.iter().map(|s| s.admitted_on).collect::<Vec<_>>(),
            &discharges,
            &referrals
                .iter()
                .map(|r| uk_today(r.received_at))
                .collect::<Vec<_>>(),
        ),
        count::referrals(&this_month, &period, day, settings.referrals.contact_days),
        count::ctrs(&year, &settings.policy, day, &groups),
        count::overdue(&groups, &actions, day),
        count::actions_by_agency(&actions, day),
    ];
    // The trends end on the day only when it is a month end.
    let links = if month_end(day) == day {
        links(&tables)
    } else {
        Vec::new()
    };
    Ok(Counted { tables, links })
}
