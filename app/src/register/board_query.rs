//! The board's filters and paging, as read from and written to the page's query string.

use crate::models::{AgeGroup, Rating};
use serde::{Deserialize, Serialize};

/// Cards shown per section on the whole-board view.
pub const SECTION_PREVIEW: i64 = 20;
/// Cards per page when one rating is shown on its own.
pub const PAGE_SIZE: i64 = 50;
/// The longest search text accepted; longer text is cut.
pub const SEARCH_MAX_CHARS: usize = 100;

/// What the board shows: filters, and which rating (if one) is paged through.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardQuery {
    /// Children or adults only.
    pub age: Option<AgeGroup>,
    /// Only people whose review is overdue.
    pub overdue: bool,
    /// Name or NHS number search.
    pub q: String,
    /// Show only this rating, paged.
    pub rating: Option<Rating>,
    /// Page number (from 1) within `rating`.
    pub page: u32,
}

impl BoardQuery {
    /// Reads the query string's values leniently: an unknown value means "no filter".
    pub fn from_pairs<'a>(get: impl Fn(&str) -> Option<&'a str>) -> BoardQuery {
        BoardQuery {
            age: get("age").and_then(|v| v.parse().ok()),
            overdue: get("overdue").is_some_and(|v| v == "yes"),
            q: get("q")
                .unwrap_or_default()
                .trim()
                .chars()
                .take(SEARCH_MAX_CHARS)
                .collect(),
            rating: get("rating").and_then(|v| v.parse().ok()),
            page: get("page")
                .and_then(|v| v.parse().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
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

    /// The board's URL for this query.
    pub fn href(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(age) = self.age {
            pairs.push(("age", age.code().to_owned()));
        }
        if self.overdue {
            pairs.push(("overdue", "yes".to_owned()));
        }
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        if let Some(rating) = self.rating {
            pairs.push(("rating", rating.code().to_owned()));
            if self.page > 1 {
                pairs.push(("page", self.page.to_string()));
            }
        }
        let query: Vec<String> = pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", percent_encode(&v)))
            .collect();
        if query.is_empty() {
            "/register".to_owned()
        } else {
            format!("/register?{}", query.join("&"))
        }
    }
}

/// Percent-encodes everything but unreserved characters.
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
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
    fn reads_filters_leniently() {
        let q = parse(&[
            ("age", "child"),
            ("overdue", "yes"),
            ("q", "  Sam  "),
            ("rating", "red"),
            ("page", "3"),
        ]);
        assert_eq!(
            q,
            BoardQuery {
                age: Some(AgeGroup::Child),
                overdue: true,
                q: "Sam".into(),
                rating: Some(Rating::Red),
                page: 3
            }
        );
        let junk = parse(&[
            ("age", "elderly"),
            ("overdue", "1"),
            ("rating", "purple"),
            ("page", "0"),
        ]);
        assert_eq!(
            junk,
            BoardQuery {
                page: 1,
                ..BoardQuery::default()
            }
        );
        assert_eq!(parse(&[("q", &"x".repeat(500))]).q.len(), SEARCH_MAX_CHARS);
    }

    #[test]
    fn writes_hrefs_that_read_back() {
        let q = BoardQuery {
            age: Some(AgeGroup::Adult),
            overdue: true,
            q: "O'Brien & co".into(),
            rating: Some(Rating::Amber),
            page: 2,
        };
        assert_eq!(
            q.href(),
            "/register?age=adult&overdue=yes&q=O%27Brien%20%26%20co&rating=amber&page=2"
        );
        assert_eq!(BoardQuery::default().href(), "/register");
    }
}
