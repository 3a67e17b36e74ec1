//! A person on the register, their rating history, and the card the board shows.

use super::{
    format_date, AgeGroup, ConsentStanding, Diagnosis, NextDue, NhsNumber, PolicyDue, Rating,
    Setting,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};
use uuid::Uuid;

/// A person's identifier: random, so it says nothing about the person or the register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PersonId(pub Uuid);

impl PersonId {
    /// A new random identifier.
    #[cfg(feature = "ssr")]
    pub fn random() -> Self {
        PersonId(Uuid::new_v4())
    }
}

impl FromStr for PersonId {
    type Err = uuid::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s.trim()).map(PersonId)
    }
}

impl fmt::Display for PersonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

/// Everything the person page shows about someone on the register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Identifier.
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
    /// Local area or place.
    pub area: String,
    /// Current rating.
    pub rating: Rating,
    /// When the current rating was set.
    pub rating_since: DateTime<Utc>,
    /// Who set the current rating.
    pub rating_set_by: String,
    /// When the next review is due.
    pub review_due: NaiveDate,
    /// Incremented by every change; a change names the version it was made from.
    pub version: i64,
    /// When their consent must be checked again; `None` when none is recorded.
    pub consent_due: Option<NaiveDate>,
    /// The day they left the register; `None` while they are on it.
    pub left_on: Option<NaiveDate>,
    /// When each of their open actions is due, soonest first.
    pub open_action_dues: Vec<NaiveDate>,
    /// What the policy clock asked for when their record last changed, soonest first.
    pub policy_dues: Vec<PolicyDue>,
}

impl Person {
    /// Given and family name.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }

    /// Child or adult on `today`.
    pub fn age_group(&self, today: NaiveDate) -> AgeGroup {
        AgeGroup::of(self.date_of_birth, today)
    }

    /// The card this person shows on the board.
    pub fn card(&self, today: NaiveDate) -> BoardCard {
        BoardCard {
            id: self.id,
            name: self.full_name(),
            detail: CardDetail {
                age_group: self.age_group(today),
                setting: self.setting,
                consent: ConsentStanding::on(self.consent_due, today),
                actions: ActionCounts::on(&self.open_action_dues, today),
                next_due: NextDue::of(&self.policy_dues, today),
            },
            rating: self.rating,
            rating_since: self.rating_since,
            rating_set_by: self.rating_set_by.clone(),
            review_due: self.review_due,
            version: self.version,
            left_on: self.left_on,
        }
    }
}

/// One entry in a person's rating history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingChange {
    /// The rating before; `None` for the first rating on joining the register.
    pub from: Option<Rating>,
    /// The new rating.
    pub to: Rating,
    /// Why it changed.
    pub rationale: String,
    /// Who changed it.
    pub changed_by: String,
    /// When.
    pub changed_at: DateTime<Utc>,
}

/// What a card shows only to those who may see the person's full record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CardDetail {
    /// Child or adult.
    pub age_group: AgeGroup,
    /// Where they live now.
    pub setting: Setting,
    /// Whether their consent is current, due a re-check, overdue or missing.
    pub consent: ConsentStanding,
    /// How many open actions they have, and how many of those are overdue.
    pub actions: ActionCounts,
    /// The item the policy asks for next, if any.
    pub next_due: Option<NextDue>,
}

/// How many open actions someone has on a day, and how many of those are overdue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ActionCounts {
    /// Open actions.
    pub open: u32,
    /// Open actions whose due date has passed.
    pub overdue: u32,
}

impl ActionCounts {
    /// The counts of open actions due on `dues`, on `today`.
    pub fn on(dues: &[NaiveDate], today: NaiveDate) -> ActionCounts {
        ActionCounts {
            open: dues.len() as u32,
            overdue: dues.iter().filter(|d| **d < today).count() as u32,
        }
    }

    /// "2 open actions, 1 overdue", or `None` when there are none.
    pub fn describe(self) -> Option<String> {
        let plural = if self.open == 1 { "" } else { "s" };
        match (self.open, self.overdue) {
            (0, _) => None,
            (open, 0) => Some(format!("{open} open action{plural}")),
            (open, overdue) => Some(format!("{open} open action{plural}, {overdue} overdue")),
        }
    }
}

/// A person's card in full, for those who may see their record: the brief card with
/// age group, setting, who set the rating and the record's version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardCard {
    /// Identifier.
    pub id: PersonId,
    /// Full name.
    pub name: String,
    /// Age group and setting.
    pub detail: CardDetail,
    /// Current rating.
    pub rating: Rating,
    /// Since when.
    pub rating_since: DateTime<Utc>,
    /// Who set it.
    pub rating_set_by: String,
    /// Next review due.
    pub review_due: NaiveDate,
    /// Version the card was read at; a rating change made from the card carries it.
    pub version: i64,
    /// The day they left the register, if they have: a closed record's card is shown on
    /// no board.
    pub left_on: Option<NaiveDate>,
}

impl BoardCard {
    /// Whether the review date has passed on `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.review_due < today
    }

    /// Whether this person belongs on a DSR meeting's agenda read on `today`: everyone not
    /// Green, and Green people whose review is due.
    pub fn on_agenda(&self, today: NaiveDate) -> bool {
        self.rating != Rating::Green || self.review_due <= today
    }

    /// What the card says is due, each with whether it is late: the record's open and
    /// overdue actions, then the item the policy clock asks for next.
    pub fn due_lines(&self, today: NaiveDate) -> Vec<(String, bool)> {
        let counts = self.detail.actions;
        let actions = counts.describe().map(|words| (words, counts.overdue > 0));
        let next = self.detail.next_due.map(|next| {
            let when = format_date(next.due_on);
            let words = if next.overdue {
                format!("Overdue: {}, was due {when}", next.rule.label())
            } else if next.due_on < today {
                // Asked for since then, never late (a keyworker).
                format!("Needed: {}, since {when}", next.rule.label())
            } else {
                format!("Next: {}, due {when}", next.rule.label())
            };
            (words, next.overdue)
        });
        actions.into_iter().chain(next).collect()
    }

    /// The brief card: what someone who may not see the record may see of it.
    pub fn brief(&self) -> BriefCard {
        BriefCard {
            id: self.id,
            name: self.name.clone(),
            rating: self.rating,
            rating_since: self.rating_since,
            review_due: self.review_due,
        }
    }
}

/// A brief card: name, rating and since when, next review, and nothing else. It is its
/// own type, so a field added to the full card never reaches someone who may see only this.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BriefCard {
    /// Identifier.
    pub id: PersonId,
    /// Full name.
    pub name: String,
    /// Current rating.
    pub rating: Rating,
    /// Since when.
    pub rating_since: DateTime<Utc>,
    /// Next review due.
    pub review_due: NaiveDate,
}

/// A card as it leaves the server: in full for those who may see the record, otherwise
/// brief (see `auth::access`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ShownCard {
    /// The card in full.
    Full(BoardCard),
    /// The brief card.
    Brief(BriefCard),
}

impl ShownCard {
    /// Whose card.
    pub fn id(&self) -> PersonId {
        match self {
            ShownCard::Full(c) => c.id,
            ShownCard::Brief(c) => c.id,
        }
    }

    /// Their name.
    pub fn name(&self) -> &str {
        match self {
            ShownCard::Full(c) => &c.name,
            ShownCard::Brief(c) => &c.name,
        }
    }

    /// Their rating.
    pub fn rating(&self) -> Rating {
        match self {
            ShownCard::Full(c) => c.rating,
            ShownCard::Brief(c) => c.rating,
        }
    }

    /// Since when.
    pub fn rating_since(&self) -> DateTime<Utc> {
        match self {
            ShownCard::Full(c) => c.rating_since,
            ShownCard::Brief(c) => c.rating_since,
        }
    }

    /// Their next review.
    pub fn review_due(&self) -> NaiveDate {
        match self {
            ShownCard::Full(c) => c.review_due,
            ShownCard::Brief(c) => c.review_due,
        }
    }

    /// Whether the review date has passed on `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.review_due() < today
    }

    /// The full card, when the caller may see it.
    pub fn full(&self) -> Option<&BoardCard> {
        match self {
            ShownCard::Full(c) => Some(c),
            ShownCard::Brief(_) => None,
        }
    }
}

/// A card for unit tests: "Person n", a child when n is even, rated `rating` since
/// 1 November 2026, review due on `due` (yyyy-mm-dd).
#[cfg(test)]
pub(crate) fn test_card(n: u128, rating: Rating, due: &str, version: i64) -> BoardCard {
    use chrono::TimeZone;
    BoardCard {
        id: PersonId(Uuid::from_u128(n)),
        name: format!("Person {n}"),
        detail: CardDetail {
            age_group: if n.is_multiple_of(2) {
                AgeGroup::Child
            } else {
                AgeGroup::Adult
            },
            setting: Setting::FamilyHome,
            consent: ConsentStanding::Current("2027-11-01".parse().unwrap()),
            actions: ActionCounts::default(),
            next_due: None,
        },
        rating,
        rating_since: Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap(),
        rating_set_by: "LDA team".into(),
        review_due: due.parse().unwrap(),
        version,
        left_on: None,
    }
}

/// A person for unit tests: Sam Okafor, born 1 May 2012, autistic, living at home in the
/// North, rated Amber.
#[cfg(test)]
pub(crate) fn test_person() -> Person {
    use chrono::TimeZone;
    Person {
        id: PersonId(Uuid::from_u128(1)),
        nhs_number: "9434765919".parse().expect("valid"),
        given_name: "Sam".into(),
        family_name: "Okafor".into(),
        date_of_birth: NaiveDate::from_ymd_opt(2012, 5, 1).expect("a date"),
        diagnosis: Diagnosis::Autism,
        setting: Setting::FamilyHome,
        area: "North".into(),
        rating: Rating::Amber,
        rating_since: Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap(),
        rating_set_by: "LDA team".into(),
        review_due: NaiveDate::from_ymd_opt(2026, 11, 29).expect("a date"),
        version: 1,
        consent_due: None,
        left_on: None,
        open_action_dues: Vec::new(),
        policy_dues: Vec::new(),
    }
}

#[cfg(test)]
mod action_count_tests {
    use super::*;

    #[test]
    fn open_and_overdue_actions_are_counted_on_the_day() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let dues = [day("2026-11-30"), day("2026-12-03"), day("2026-12-20")];
        let counts = ActionCounts::on(&dues, day("2026-12-03"));
        assert_eq!((counts.open, counts.overdue), (3, 1));
        assert_eq!(counts.describe().unwrap(), "3 open actions, 1 overdue");
        let one = ActionCounts::on(&dues[2..], day("2026-12-03"));
        assert_eq!(one.describe().unwrap(), "1 open action");
        assert_eq!(ActionCounts::on(&[], day("2026-12-03")).describe(), None);
    }
}
