//! The board's filters and paging, as read from and written to the page's query string.

use crate::models::{AgeGroup, NeedsFilter, Rating};
use serde::{Deserialize, Serialize};

/// Cards shown per section on the whole-board view.
pub const SECTION_PREVIEW: i64 = 20;
/// Cards per page when one rating is shown on its own.
pub const PAGE_SIZE: i64 = 50;
/// The longest search text accepted; longer text is cut.
pub const SEARCH_MAX_CHARS: usize = 100;

/// The filter form as posted. The search text is sent in the request body, never in a URL,
/// because it may be a name or an NHS number.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterForm {
    /// Name or NHS number search.
    pub q: Option<String>,
    /// `child`, `adult` or empty.
    pub age: Option<String>,
    /// `yes` when ticked.
    pub overdue: Option<String>,
    /// The needs filters ticked: `yes` under each one's name.
    #[serde(default)]
    pub ctr_overdue: Option<String>,
    /// See `ctr_overdue`.
    #[serde(default)]
    pub actions_overdue: Option<String>,
    /// See `ctr_overdue`.
    #[serde(default)]
    pub keyworker: Option<String>,
    /// See `ctr_overdue`.
    #[serde(default)]
    pub consent: Option<String>,
    /// `yes`: only the people the professional supports (linked to them or their agency).
    #[serde(default)]
    pub mine: Option<String>,
    /// `list` when the board is drawn one line per person (kept across the post).
    #[serde(default)]
    pub view: Option<String>,
}

impl FilterForm {
    /// The needs filters ticked.
    fn needs(&self) -> NeedsFilter {
        let ticked = [
            ("ctr_overdue", &self.ctr_overdue),
            ("actions_overdue", &self.actions_overdue),
            ("keyworker", &self.keyworker),
            ("consent", &self.consent),
        ];
        NeedsFilter::of(
            ticked
                .into_iter()
                .filter(|(_, v)| v.as_deref() == Some("yes"))
                .map(|(name, _)| name),
        )
    }
}

/// The board's filters, parsed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filters {
    /// Children or adults only.
    pub age: Option<AgeGroup>,
    /// Only overdue reviews.
    pub overdue: bool,
    /// What the record needs doing (none when a client does not say).
    #[serde(default)]
    pub needs: NeedsFilter,
    /// Name or NHS number search, trimmed and cut to [`SEARCH_MAX_CHARS`].
    pub q: String,
    /// Only the people the professional supports.
    #[serde(default)]
    pub mine: bool,
}

impl From<FilterForm> for Filters {
    fn from(form: FilterForm) -> Self {
        Filters {
            mine: form.mine.as_deref() == Some("yes"),
            needs: form.needs(),
            age: form.age.and_then(|v| v.parse().ok()),
            overdue: form.overdue.is_some_and(|v| v == "yes"),
            q: clean_search(&form.q.unwrap_or_default()),
        }
    }
}

/// A search as the board uses it: trimmed, and cut to [`SEARCH_MAX_CHARS`].
pub fn clean_search(text: &str) -> String {
    text.trim().chars().take(SEARCH_MAX_CHARS).collect()
}

/// What the board shows: filters, and which rating (if one) is paged through.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardQuery {
    /// Children or adults only.
    pub age: Option<AgeGroup>,
    /// Only people whose review is overdue.
    pub overdue: bool,
    /// What the record needs doing (none when a client does not say).
    #[serde(default)]
    pub needs: NeedsFilter,
    /// Name or NHS number search.
    pub q: String,
    /// Show only this rating, paged.
    pub rating: Option<Rating>,
    /// Page number (from 1) within `rating`.
    pub page: u32,
    /// Only the people the professional supports (linked to them or their agency).
    #[serde(default)]
    pub mine: bool,
    /// One line per person rather than cards (for a projector, or a long section).
    #[serde(default)]
    pub list: bool,
}

impl BoardQuery {
    /// Reads the query string's values leniently: an unknown value means "no filter". A
    /// search is never read from the URL.
    pub fn from_pairs<'a>(get: impl Fn(&str) -> Option<&'a str>) -> BoardQuery {
        BoardQuery {
            age: get("age").and_then(|v| v.parse().ok()),
            overdue: get("overdue").is_some_and(|v| v == "yes"),
            needs: NeedsFilter::of(
                NeedsFilter::FIELDS
                    .iter()
                    .map(|(name, _)| *name)
                    .filter(|name| get(name) == Some("yes")),
            ),
            q: String::new(),
            rating: get("rating").and_then(|v| v.parse().ok()),
            page: get("page")
                .and_then(|v| v.parse().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
            mine: get("mine") == Some("yes"),
            list: get("view") == Some("list"),
        }
    }

    /// This query with `filters` applied.
    pub fn with_filters(self, filters: &Filters) -> BoardQuery {
        BoardQuery {
            age: filters.age,
            overdue: filters.overdue,
            needs: filters.needs,
            q: filters.q.clone(),
            mine: filters.mine,
            ..self
        }
    }

    /// This query showing only `rating`, at `page`.
    pub fn for_rating(&self, rating: Option<Rating>, page: u32) -> BoardQuery {
        BoardQuery {
            rating,
            page,
            ..self.clone()
        }
    }

    /// This query drawn as a list (`true`) or as cards.
    pub fn as_list(&self, list: bool) -> BoardQuery {
        BoardQuery {
            list,
            ..self.clone()
        }
    }

    /// The board's URL for this query. The search text is left out: it stays in the page.
    pub fn href(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(age) = self.age {
            pairs.push(("age", age.code().to_owned()));
        }
        if self.overdue {
            pairs.push(("overdue", "yes".to_owned()));
        }
        for name in self.needs.names() {
            pairs.push((name, "yes".to_owned()));
        }
        if self.mine {
            pairs.push(("mine", "yes".to_owned()));
        }
        if self.list {
            pairs.push(("view", "list".to_owned()));
        }
        if let Some(rating) = self.rating {
            pairs.push(("rating", rating.code().to_owned()));
            if self.page > 1 {
                pairs.push(("page", self.page.to_string()));
            }
        }
        // Every value is a fixed code or a number: nothing needs escaping.
        let query: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
        if query.is_empty() {
            "/register".to_owned()
        } else {
            format!("/register?{}", query.join("&"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(pairs: &[(&str, &str)]) -> BoardQuery {
        let map: HashMap<&str, &str> = pairs.iter().copied().collect();
        BoardQuery::from_pairs(|k| map.get(k).copied())
    }

    #[test]
    fn reads_the_url_leniently_and_never_a_search() {
        let q = parse(&[
            ("age", "child"),
            ("overdue", "yes"),
            ("keyworker", "yes"),
            ("consent", "no"),
            ("q", "Sam"),
            ("rating", "red"),
            ("page", "3"),
            ("mine", "yes"),
            ("view", "list"),
        ]);
        assert_eq!(
            q,
            BoardQuery {
                age: Some(AgeGroup::Child),
                overdue: true,
                needs: NeedsFilter::of(["keyworker"]),
                q: String::new(),
                rating: Some(Rating::Red),
                page: 3,
                mine: true,
                list: true,
            }
        );
        let junk = parse(&[
            ("age", "elderly"),
            ("overdue", "1"),
            ("rating", "purple"),
            ("page", "0"),
            ("mine", "1"),
            ("view", "cards"),
        ]);
        assert_eq!(
            junk,
            BoardQuery {
                page: 1,
                ..BoardQuery::default()
            }
        );
    }

    #[test]
    fn parses_the_posted_form() {
        let form = FilterForm {
            q: Some("  Sam  ".into()),
            age: Some("adult".into()),
            overdue: Some("yes".into()),
            ctr_overdue: Some("yes".into()),
            consent: Some("on".into()),
            mine: Some("yes".into()),
            ..FilterForm::default()
        };
        assert_eq!(
            Filters::from(form),
            Filters {
                age: Some(AgeGroup::Adult),
                overdue: true,
                needs: NeedsFilter::of(["ctr_overdue"]),
                q: "Sam".into(),
                mine: true,
            }
        );
        let long = FilterForm {
            q: Some("x".repeat(500)),
            age: Some("elderly".into()),
            ..FilterForm::default()
        };
        assert_eq!(
            Filters::from(long),
            Filters {
                q: "x".repeat(SEARCH_MAX_CHARS),
                ..Filters::default()
            }
        );
    }

    #[test]
    fn writes_hrefs_that_read_back_without_the_search() {
        let q = BoardQuery {
            age: Some(AgeGroup::Adult),
            overdue: true,
            needs: NeedsFilter::of(["actions_overdue", "consent"]),
            q: "O'Brien 943 476".into(),
            rating: Some(Rating::Amber),
            page: 2,
            mine: true,
            list: true,
        };
        assert_eq!(
            q.href(),
            "/register?age=adult&overdue=yes&actions_overdue=yes&consent=yes&mine=yes&view=list&rating=amber&page=2"
        );
        let pairs = [
            ("age", "adult"),
            ("overdue", "yes"),
            ("actions_overdue", "yes"),
            ("consent", "yes"),
            ("mine", "yes"),
            ("view", "list"),
            ("rating", "amber"),
            ("page", "2"),
        ];
        assert_eq!(
            parse(&pairs),
            BoardQuery {
                q: String::new(),
                ..q
            }
        );
        assert_eq!(BoardQuery::default().href(), "/register");
        assert!(!q.as_list(false).href().contains("view="));
    }
}
