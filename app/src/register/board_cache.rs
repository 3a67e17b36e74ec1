//! The latest boards read, kept per filter choice while nothing has changed. A board is a
//! snapshot labelled with the change-log entry it reflects, so a kept board is served
//! only while that entry is still the newest in the database: exactly what a fresh read
//! would give, without its queries. Searches are never kept.

use super::{board::Board, board_query::BoardQuery};
use crate::models::{AgeGroup, NeedsFilter, Rating};
use chrono::NaiveDate;
use std::sync::Mutex;

/// Boards kept; the least recently used goes first.
const KEPT: usize = 16;

/// What makes two board reads the same, searches aside.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Key {
    age: Option<AgeGroup>,
    overdue: bool,
    needs: NeedsFilter,
    rating: Option<Rating>,
    page: u32,
    today: NaiveDate,
}

impl Key {
    /// The key for `query` read on `today`; `None` for a search, which is never kept.
    fn of(query: &BoardQuery, today: NaiveDate) -> Option<Key> {
        query.q.is_empty().then_some(Key {
            age: query.age,
            overdue: query.overdue,
            needs: query.needs,
            rating: query.rating,
            page: query.page,
            today,
        })
    }
}

/// This instance's kept boards, most recently used last.
#[derive(Debug, Default)]
pub struct BoardCache {
    kept: Mutex<Vec<(Key, Board)>>,
}

impl BoardCache {
    /// The board kept for `query` on `today`, if it reflects `head`, the newest entry
    /// in the change log now.
    pub fn get(&self, query: &BoardQuery, today: NaiveDate, head: i64) -> Option<Board> {
        let key = Key::of(query, today)?;
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let at = kept
            .iter()
            .position(|(k, board)| *k == key && board.head == head)?;
        let entry = kept.remove(at);
        let board = entry.1.clone();
        kept.push(entry);
        Some(board)
    }

    /// Keeps `board`, read for `query` on `today`, in place of any older one.
    pub fn put(&self, query: &BoardQuery, today: NaiveDate, board: &Board) {
        let Some(key) = Key::of(query, today) else {
            return;
        };
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.retain(|(k, _)| *k != key);
        if kept.len() == KEPT {
            kept.remove(0);
        }
        kept.push((key, board.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn board(head: i64) -> Board {
        Board {
            today: TODAY,
            sections: Vec::new(),
            counts: [1, 2, 3, head],
            head,
            own: None,
        }
    }

    const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();

    #[test]
    fn a_kept_board_is_served_only_while_its_entry_is_the_newest() {
        let cache = BoardCache::default();
        let all = BoardQuery::default();
        assert_eq!(cache.get(&all, TODAY, 7), None);
        cache.put(&all, TODAY, &board(7));
        assert_eq!(cache.get(&all, TODAY, 7), Some(board(7)));
        assert_eq!(cache.get(&all, TODAY, 8), None, "the log has moved on");
        let tomorrow = TODAY.succ_opt().unwrap();
        assert_eq!(
            cache.get(&all, tomorrow, 7),
            None,
            "overdue depends on the day"
        );
        let children = BoardQuery {
            age: Some(AgeGroup::Child),
            ..BoardQuery::default()
        };
        assert_eq!(cache.get(&children, TODAY, 7), None, "other filters");
        cache.put(&all, TODAY, &board(8));
        assert_eq!(cache.get(&all, TODAY, 8), Some(board(8)), "replaced");
        assert_eq!(cache.get(&all, TODAY, 7), None);
    }

    #[test]
    fn searches_are_never_kept() {
        let cache = BoardCache::default();
        let search = BoardQuery {
            q: "Okafor".into(),
            ..BoardQuery::default()
        };
        cache.put(&search, TODAY, &board(7));
        assert_eq!(cache.get(&search, TODAY, 7), None);
        assert!(cache.kept.lock().unwrap().is_empty());
    }

    #[test]
    fn the_least_recently_used_goes_first() {
        let all = BoardQuery::default;
        let kept = BoardCache::default();
        for page in 1..=KEPT as u32 {
            let query = BoardQuery {
                rating: Some(Rating::Green),
                page,
                ..all()
            };
            kept.put(&query, TODAY, &board(7));
        }
        let first = BoardQuery {
            rating: Some(Rating::Green),
            page: 1,
            ..all()
        };
        assert!(
            kept.get(&first, TODAY, 7).is_some(),
            "used again: now the newest"
        );
        kept.put(&all(), TODAY, &board(7));
        assert!(kept.get(&first, TODAY, 7).is_some());
        let second = BoardQuery {
            rating: Some(Rating::Green),
            page: 2,
            ..all()
        };
        assert_eq!(kept.get(&second, TODAY, 7), None, "page 2 was the oldest");
    }
}
