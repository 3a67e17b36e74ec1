//! The register board's queries: counts per rating and one page of cards per rating,
//! under the board's filters.

use super::{
    on_tx,
    rows::{cards as cards_of, person_columns, PersonRow},
    Tx,
};
use crate::models::{
    child_born_after, AgeGroup, BoardCard, BriefView, NeedsFilter, Rating, RECHECK_DUE_WITHIN_DAYS,
};
use chrono::{Days, NaiveDate};

/// The board's filters, as the database applies them.
#[derive(Clone, Debug, Default)]
pub struct BoardFilter {
    /// Only children or only adults.
    pub age_group: Option<AgeGroup>,
    /// Only people whose review date has passed.
    pub overdue_only: bool,
    /// A name (any part, any case) or an NHS number (digits, from the start).
    pub search: Option<String>,
    /// What the record needs doing. A professional's needs filters match only the people
    /// they are linked to: brief cards never say what a record holds.
    pub needs: NeedsFilter,
    /// A professional's view (from `auth::access::Scope::board_viewer`); `None` for
    /// everyone.
    pub viewer: Option<Viewer>,
}

/// A professional's board, as the database applies it: the people they are linked to
/// (directly or through their agency) and their agency's wider brief view; a search
/// matches NHS numbers only of linked people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Viewer {
    /// Their account.
    pub user: String,
    /// Their agency.
    pub agency: Option<String>,
    /// Their agency's wider brief view.
    pub wider: BriefView,
}

/// The filter's values bound in the order `$1..$13` of [`WHERE`].
struct Bound {
    child_after: Option<NaiveDate>,
    adult_from: Option<NaiveDate>,
    due_before: Option<NaiveDate>,
    name_like: Option<String>,
    nhs_like: Option<String>,
    user: Option<String>,
    agency: Option<String>,
    wider: Option<&'static str>,
    cut: NaiveDate,
    ctr_before: Option<NaiveDate>,
    actions_before: Option<String>,
    keyworker_after: Option<NaiveDate>,
    consent_by: Option<NaiveDate>,
}

/// `query` with a [`Bound`]'s values bound in order.
macro_rules! bind_filter {
    ($query:expr, $b:expr) => {
        $query
            .bind($b.child_after)
            .bind($b.adult_from)
            .bind($b.due_before)
            .bind($b.name_like)
            .bind($b.nhs_like)
            .bind($b.user)
            .bind($b.agency)
            .bind($b.wider)
            .bind($b.cut)
            .bind($b.ctr_before)
            .bind($b.actions_before)
            .bind($b.keyworker_after)
            .bind($b.consent_by)
    };
}

/// The people a viewer (`$6` account, `$7` agency) is linked to.
macro_rules! linked {
    () => {
        "id IN (SELECT person_id FROM person_professionals WHERE user_id = $6 \
         UNION SELECT person_id FROM person_agencies WHERE agency_id = $7)"
    };
}

/// The shared filter clause; `$14` onwards belong to each query. The needs filters
/// (`$10..$13`) match, for a professional, only people they are linked to. Open actions'
/// due dates are kept soonest first, so the first is the one that may have passed.
const WHERE: &str = concat!(
    "($10 IS NULL AND $11 IS NULL AND $12 IS NULL AND $13 IS NULL OR ($6 IS NULL OR ",
    linked!(),
    ")) AND ($10 IS NULL OR ctr_due < $10) \
     AND ($11 IS NULL OR (action_dues <> '' AND SUBSTR(action_dues, 1, 10) < $11)) \
     AND ($12 IS NULL OR keyworker_until > $12) \
     AND ($13 IS NULL OR consent_due IS NULL OR consent_due <= $13) AND ",
    "left_on IS NULL AND ($1 IS NULL OR date_of_birth > $1) \
     AND ($2 IS NULL OR date_of_birth <= $2) \
     AND ($3 IS NULL OR review_due < $3) \
     AND ($4 IS NULL OR LOWER(given_name || ' ' || family_name) LIKE $4 ESCAPE '\\' \
          OR (nhs_number LIKE $5 ESCAPE '\\' AND ($6 IS NULL OR ",
    linked!(),
    "))) AND ($6 IS NULL OR ",
    linked!(),
    " OR $8 = 'all' OR ($8 = 'children' AND date_of_birth > $9) \
          OR ($8 = 'adults' AND date_of_birth <= $9))"
);

impl BoardFilter {
    fn bound(&self, today: NaiveDate) -> Bound {
        let cut = child_born_after(today);
        let search = self
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let digits: Option<String> = search
            .map(|s| {
                s.chars()
                    .filter(|c| !c.is_whitespace() && *c != '-')
                    .collect::<String>()
            })
            .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
        Bound {
            child_after: (self.age_group == Some(AgeGroup::Child)).then_some(cut),
            adult_from: (self.age_group == Some(AgeGroup::Adult)).then_some(cut),
            due_before: self.overdue_only.then_some(today),
            name_like: search.map(|s| format!("%{}%", escape_like(&s.to_lowercase()))),
            nhs_like: digits.map(|d| format!("{d}%")),
            user: self.viewer.as_ref().map(|v| v.user.clone()),
            agency: self.viewer.as_ref().and_then(|v| v.agency.clone()),
            wider: self.viewer.as_ref().map(|v| v.wider.code()),
            cut,
            ctr_before: self.needs.ctr_overdue.then_some(today),
            actions_before: self.needs.actions_overdue.then(|| today.to_string()),
            keyworker_after: self.needs.keyworker.then_some(today),
            consent_by: self
                .needs
                .consent
                .then(|| today + Days::new(RECHECK_DUE_WITHIN_DAYS)),
        }
    }
}

/// Escapes `LIKE` wildcards so user input matches literally.
pub(crate) fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// How many people match the filter, per rating, in board order.
pub async fn counts(
    tx: &mut Tx,
    filter: &BoardFilter,
    today: NaiveDate,
) -> Result<[i64; 4], sqlx::Error> {
    let b = filter.bound(today);
    let sql = format!("SELECT rating, COUNT(*) FROM people WHERE {WHERE} GROUP BY rating");
    let rows: Vec<(String, i64)> = on_tx!(tx, conn => bind_filter!(sqlx::query_as(&sql), b)
        .fetch_all(conn)
        .await)?;
    let mut counts = [0; 4];
    for (rating, n) in rows {
        if let Ok(r) = rating.parse::<Rating>() {
            counts[usize::from(r.order())] = n;
        }
    }
    Ok(counts)
}

/// One page of cards for `rating` under the filter, soonest (most overdue) review first,
/// then by id (an order the browser can reproduce when it moves a card).
pub async fn cards(
    tx: &mut Tx,
    filter: &BoardFilter,
    rating: Rating,
    today: NaiveDate,
    limit: i64,
    offset: i64,
) -> Result<Vec<BoardCard>, sqlx::Error> {
    let b = filter.bound(today);
    let sql = format!(
        concat!(
            "SELECT ",
            person_columns!(),
            " FROM people WHERE {} AND rating = $14 \
         ORDER BY review_due, id LIMIT $15 OFFSET $16"
        ),
        WHERE
    );
    let rows: Vec<PersonRow> = on_tx!(tx, conn => bind_filter!(sqlx::query_as(&sql), b)
        .bind(rating.code())
        .bind(limit)
        .bind(offset)
        .fetch_all(conn)
        .await)?;
    cards_of(rows, today)
}
