//! Database rows (server only) and their one conversion into the shared wire types.

use crate::models::{BoardChange, Person, PolicyDue, RatingChange};
use chrono::{DateTime, NaiveDate, Utc};
use std::str::FromStr;

/// The columns of `people` that make up a [`PersonRow`], in order.
macro_rules! person_columns {
    () => {
        "id, nhs_number, given_name, family_name, date_of_birth, diagnosis, setting, area, \
         rating, rating_since, rating_set_by, review_due, version, consent_due, left_on, \
         action_dues, policy_dues"
    };
}
pub(crate) use person_columns;

/// What `people.policy_dues` holds until it is first computed (see `policy_dues`).
pub(crate) const NOT_COMPUTED: &str = "?";

/// One person by id.
pub(crate) const SELECT_PERSON: &str =
    concat!("SELECT ", person_columns!(), " FROM people WHERE id = $1");

/// A row of `people`.
#[derive(sqlx::FromRow)]
pub(crate) struct PersonRow {
    id: String,
    nhs_number: String,
    given_name: String,
    family_name: String,
    date_of_birth: NaiveDate,
    diagnosis: String,
    setting: String,
    area: String,
    rating: String,
    rating_since: DateTime<Utc>,
    rating_set_by: String,
    review_due: NaiveDate,
    version: i64,
    consent_due: Option<NaiveDate>,
    left_on: Option<NaiveDate>,
    action_dues: String,
    policy_dues: String,
}

/// A row of `rating_changes`.
#[derive(sqlx::FromRow)]
pub(crate) struct RatingChangeRow {
    from_rating: Option<String>,
    to_rating: String,
    rationale: String,
    changed_by: String,
    changed_at: DateTime<Utc>,
}

/// A change-log row joined with the person's current row.
#[derive(sqlx::FromRow)]
pub(crate) struct ChangeRow {
    change_id: i64,
    kind: String,
    change_version: i64,
    from_rating: Option<String>,
    to_rating: Option<String>,
    created_at: DateTime<Utc>,
    #[sqlx(flatten)]
    person: PersonRow,
}

impl ChangeRow {
    /// The change as the feed sends it, with the person's card as of `today`.
    pub(crate) fn into_change(self, today: NaiveDate) -> Result<BoardChange, sqlx::Error> {
        let person = Person::try_from(self.person)?;
        Ok(BoardChange {
            id: self.change_id,
            person: person.id,
            kind: decode("kind", &self.kind)?,
            version: self.change_version,
            from: self
                .from_rating
                .as_deref()
                .map(|r| decode("from_rating", r))
                .transpose()?,
            to: self
                .to_rating
                .as_deref()
                .map(|r| decode("to_rating", r))
                .transpose()?,
            at: self.created_at,
            card: person.card(today),
        })
    }
}

/// Parses a stored code, turning a bad one into a decode error naming the column.
pub(crate) fn decode<T: FromStr>(column: &'static str, value: &str) -> Result<T, sqlx::Error> {
    value.parse().map_err(|_| unexpected(column))
}

/// A decode error naming `column`, whose stored value is not what the app writes.
fn unexpected(column: &'static str) -> sqlx::Error {
    sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: format!("unexpected stored value in {column}").into(),
    }
}

impl TryFrom<PersonRow> for Person {
    type Error = sqlx::Error;

    fn try_from(row: PersonRow) -> Result<Self, Self::Error> {
        Ok(Person {
            id: decode("id", &row.id)?,
            nhs_number: decode("nhs_number", &row.nhs_number)?,
            given_name: row.given_name,
            family_name: row.family_name,
            date_of_birth: row.date_of_birth,
            diagnosis: decode("diagnosis", &row.diagnosis)?,
            setting: decode("setting", &row.setting)?,
            area: row.area,
            rating: decode("rating", &row.rating)?,
            rating_since: row.rating_since,
            rating_set_by: row.rating_set_by,
            review_due: row.review_due,
            version: row.version,
            consent_due: row.consent_due,
            left_on: row.left_on,
            open_action_dues: row
                .action_dues
                .split(',')
                .filter(|d| !d.is_empty())
                .map(|d| decode("action_dues", d))
                .collect::<Result<_, _>>()?,
            policy_dues: match row.policy_dues.as_str() {
                NOT_COMPUTED => Vec::new(),
                text => PolicyDue::decode(text).ok_or_else(|| unexpected("policy_dues"))?,
            },
        })
    }
}

impl TryFrom<RatingChangeRow> for RatingChange {
    type Error = sqlx::Error;

    fn try_from(row: RatingChangeRow) -> Result<Self, Self::Error> {
        Ok(RatingChange {
            from: row
                .from_rating
                .as_deref()
                .map(|r| decode("from_rating", r))
                .transpose()?,
            to: decode("to_rating", &row.to_rating)?,
            rationale: row.rationale,
            changed_by: row.changed_by,
            changed_at: row.changed_at,
        })
    }
}

/// Board cards from person rows, as of `today`.
pub(crate) fn cards(
    rows: Vec<PersonRow>,
    today: chrono::NaiveDate,
) -> Result<Vec<crate::models::BoardCard>, sqlx::Error> {
    rows.into_iter()
        .map(|row| Person::try_from(row).map(|p| p.card(today)))
        .collect()
}

/// Converts every row, failing on the first that does not decode.
pub(crate) fn convert_all<R, T: TryFrom<R, Error = sqlx::Error>>(
    rows: Vec<R>,
) -> Result<Vec<T>, sqlx::Error> {
    rows.into_iter().map(T::try_from).collect()
}
