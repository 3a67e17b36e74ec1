//! Applying the live feed to a board that is on screen: move the card, fix the counts,
//! or say that the board must be read again.

use super::{
    board::{Board, BoardSection},
    board_query::BoardQuery,
};
use crate::models::{BoardChange, ChangeKind, FeedEntry, NeedsFilter, ShownCard};

/// What applying a change did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Already reflected (or not on this board): nothing to do.
    Ignored,
    /// The board was updated in place.
    Applied,
    /// The change cannot be placed exactly here (a search, the overdue filter, a paged
    /// section, or a window left short): read the board again.
    Reload,
}

impl Board {
    /// Applies one entry from the feed. Entries arrive in order; one at or before the
    /// board's `head` is already reflected and is ignored.
    pub fn apply(&mut self, entry: &FeedEntry, query: &BoardQuery, window: usize) -> Outcome {
        if entry.id() <= self.head {
            return Outcome::Ignored;
        }
        self.head = entry.id();
        let change = match entry {
            FeedEntry::Change(change) if change.changes_record() => change,
            FeedEntry::Change(_) | FeedEntry::ChairElsewhere(_) | FeedEntry::ChairChanged(_) => {
                return Outcome::Ignored
            }
            // A brief card says nothing of where it was: read the board again.
            FeedEntry::Brief(_) => return Outcome::Reload,
        };
        // Who is linked to a record decides whether it is on a professional's board; a new
        // date of birth may move the card out of (or into) the age group shown. The people
        // a professional supports, shown first, are read again with the board.
        if self.own.is_some()
            || change.kind == ChangeKind::TeamChanged
            || (change.kind == ChangeKind::DetailsChanged && query.age.is_some())
        {
            return Outcome::Reload;
        }
        // Whether the person matched the filters before the change is not known for a
        // search, the overdue or needs filters, nor where they sit in a paged section.
        if !query.q.is_empty()
            || query.overdue
            || query.needs != NeedsFilter::default()
            || query.rating.is_some()
        {
            return Outcome::Reload;
        }
        if query
            .age
            .is_some_and(|age| change.card.detail.age_group != age)
        {
            return Outcome::Ignored;
        }
        if let Some(from) = change.from {
            self.counts[usize::from(from.order())] -= 1;
        }
        if let Some(to) = change.to {
            self.counts[usize::from(to.order())] += 1;
        }
        // How many cards each section showed before.
        let before: Vec<usize> = self.sections.iter().map(|s| s.cards.len()).collect();
        for section in &mut self.sections {
            section.cards.retain(|card| card.id() != change.person);
            section.count = self.counts[usize::from(section.rating.order())];
        }
        // Only a change that leaves the card as it is now says where the card goes; an
        // earlier one is followed by the later change, which places it. A closed record's
        // card goes nowhere.
        if change.is_latest() && change.card.left_on.is_none() {
            if let Some(section) = self
                .sections
                .iter_mut()
                .find(|s| s.rating == change.card.rating)
            {
                place(section, change, window);
            }
        }
        // A section that lost a card (and did not get it back in its place) shows fewer
        // than it has: the board must be read again to fill it.
        let short = self.sections.iter().zip(before).any(|(section, before)| {
            section.cards.len() < before && (section.cards.len() as i64) < section.count
        });
        if short {
            Outcome::Reload
        } else {
            Outcome::Applied
        }
    }
}

/// Puts the card in its sorted place (review due, then id, as the server orders them),
/// keeping at most `window` cards.
fn place(section: &mut BoardSection, change: &BoardChange, window: usize) {
    let key = |c: &ShownCard| (c.review_due(), c.id());
    let card = ShownCard::Full(change.card.clone());
    let at = section.cards.partition_point(|c| key(c) < key(&card));
    if at < window {
        section.cards.insert(at, card);
        section.cards.truncate(window);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{AgeGroup, BoardCard, BriefChange, Rating};
    use chrono::{NaiveDate, Utc};

    use crate::models::test_card as card;

    fn board(cards: Vec<BoardCard>) -> Board {
        let mut counts = [0; 4];
        for c in &cards {
            counts[usize::from(c.rating.order())] += 1;
        }
        let sections = Rating::ALL
            .iter()
            .map(|r| BoardSection {
                rating: *r,
                count: counts[usize::from(r.order())],
                cards: cards
                    .iter()
                    .filter(|c| c.rating == *r)
                    .cloned()
                    .map(ShownCard::Full)
                    .collect(),
                offset: 0,
            })
            .collect();
        Board {
            today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            sections,
            counts,
            head: 10,
            own: None,
        }
    }

    fn moved(id: i64, card: BoardCard, from: Rating, version: i64) -> FeedEntry {
        FeedEntry::Change(change_of(id, card, from, version))
    }

    fn change_of(id: i64, card: BoardCard, from: Rating, version: i64) -> BoardChange {
        BoardChange {
            id,
            person: card.id,
            kind: ChangeKind::RatingChanged,
            version,
            from: Some(from),
            to: Some(card.rating),
            at: Utc::now(),
            card,
        }
    }

    fn names(b: &Board, r: Rating) -> Vec<String> {
        b.sections[usize::from(r.order())]
            .cards
            .iter()
            .map(|c| c.name().to_owned())
            .collect()
    }

    #[test]
    fn moves_a_card_and_both_counts_in_sorted_place() {
        let mut b = board(vec![
            card(1, Rating::Amber, "2026-12-01", 1),
            card(2, Rating::Red, "2026-11-25", 1),
            card(3, Rating::Red, "2026-12-10", 1),
        ]);
        let change = moved(11, card(1, Rating::Red, "2026-12-07", 2), Rating::Amber, 2);
        assert_eq!(
            b.apply(&change, &BoardQuery::default(), 20),
            Outcome::Applied
        );
        assert_eq!(b.counts, [0, 3, 0, 0]);
        assert_eq!(names(&b, Rating::Red), ["Person 2", "Person 1", "Person 3"]);
        assert!(names(&b, Rating::Amber).is_empty());
        assert_eq!(b.sections[2].count, 0);
        assert_eq!(b.head, 11);
        assert_eq!(
            b.apply(&change, &BoardQuery::default(), 20),
            Outcome::Ignored,
            "never applied twice"
        );
        assert_eq!(b.counts, [0, 3, 0, 0]);
    }

    #[test]
    fn someone_who_leaves_goes_from_the_board_and_comes_back_when_reopened() {
        let mut b = board(vec![
            card(1, Rating::Amber, "2026-12-01", 1),
            card(2, Rating::Amber, "2026-12-05", 1),
        ]);
        let mut closed = card(1, Rating::Amber, "2026-12-01", 2);
        closed.left_on = NaiveDate::from_ymd_opt(2026, 11, 23);
        let left = FeedEntry::Change(BoardChange {
            kind: ChangeKind::PersonLeft,
            to: None,
            ..change_of(11, closed, Rating::Amber, 2)
        });
        assert_eq!(b.apply(&left, &BoardQuery::default(), 20), Outcome::Applied);
        assert_eq!(b.counts, [0, 0, 1, 0]);
        assert_eq!(names(&b, Rating::Amber), ["Person 2"]);
        let back = FeedEntry::Change(BoardChange {
            kind: ChangeKind::PersonReturned,
            from: None,
            ..change_of(
                12,
                card(1, Rating::Amber, "2026-11-23", 3),
                Rating::Amber,
                3,
            )
        });
        assert_eq!(b.apply(&back, &BoardQuery::default(), 20), Outcome::Applied);
        assert_eq!(b.counts, [0, 0, 2, 0]);
        assert_eq!(names(&b, Rating::Amber), ["Person 1", "Person 2"]);
    }

    #[test]
    fn a_chair_move_leaves_the_board_as_it_is() {
        let mut b = board(vec![card(1, Rating::Amber, "2026-12-01", 1)]);
        let chair = FeedEntry::Change(BoardChange {
            kind: ChangeKind::ChairMoved,
            from: None,
            to: None,
            ..change_of(
                11,
                card(1, Rating::Amber, "2026-12-01", 1),
                Rating::Amber,
                1,
            )
        });
        let before = b.clone();
        assert_eq!(
            b.apply(&chair, &BoardQuery::default(), 20),
            Outcome::Ignored
        );
        assert_eq!(b.sections, before.sections);
        assert_eq!(b.counts, before.counts);
        assert_eq!(b.head, 11, "still counted as seen");
    }

    #[test]
    fn an_earlier_change_moves_counts_but_waits_for_the_latest_to_place_the_card() {
        let mut b = board(vec![card(1, Rating::Amber, "2026-12-01", 1)]);
        let now = card(1, Rating::Green, "2027-02-01", 3);
        let first = FeedEntry::Change(BoardChange {
            to: Some(Rating::Red),
            ..change_of(11, now.clone(), Rating::Amber, 2)
        });
        assert_eq!(
            b.apply(&first, &BoardQuery::default(), 20),
            Outcome::Applied
        );
        assert_eq!(b.counts, [0, 1, 0, 0]);
        assert!(names(&b, Rating::Red).is_empty() && names(&b, Rating::Amber).is_empty());
        assert_eq!(
            b.apply(&moved(12, now, Rating::Red, 3), &BoardQuery::default(), 20),
            Outcome::Applied
        );
        assert_eq!(b.counts, [0, 0, 0, 1]);
        assert_eq!(names(&b, Rating::Green), ["Person 1"]);
    }

    #[test]
    fn filters_decide_between_ignoring_applying_and_reloading() {
        let start = || {
            board(vec![
                card(1, Rating::Amber, "2026-12-01", 1),
                card(2, Rating::Amber, "2026-12-02", 1),
            ])
        };
        let change = moved(11, card(1, Rating::Red, "2026-12-07", 2), Rating::Amber, 2);
        let children = BoardQuery {
            age: Some(AgeGroup::Child),
            ..BoardQuery::default()
        };
        assert_eq!(
            start().apply(&change, &children, 20),
            Outcome::Ignored,
            "an adult is not on the children's board"
        );
        let adults = BoardQuery {
            age: Some(AgeGroup::Adult),
            ..BoardQuery::default()
        };
        assert_eq!(start().apply(&change, &adults, 20), Outcome::Applied);
        for query in [
            BoardQuery {
                q: "Person".into(),
                ..BoardQuery::default()
            },
            BoardQuery {
                overdue: true,
                ..BoardQuery::default()
            },
            BoardQuery {
                rating: Some(Rating::Amber),
                page: 2,
                ..BoardQuery::default()
            },
        ] {
            assert_eq!(
                start().apply(&change, &query, 20),
                Outcome::Reload,
                "{query:?}"
            );
        }
    }

    #[test]
    fn a_brief_card_or_a_team_change_reads_the_board_again() {
        let mut b = board(vec![card(1, Rating::Amber, "2026-12-01", 1)]);
        let brief = FeedEntry::Brief(BriefChange {
            id: 11,
            card: card(2, Rating::Red, "2026-12-07", 2).brief(),
        });
        assert_eq!(b.apply(&brief, &BoardQuery::default(), 20), Outcome::Reload);
        let team = FeedEntry::Change(BoardChange {
            kind: ChangeKind::TeamChanged,
            from: None,
            to: None,
            ..change_of(
                12,
                card(1, Rating::Amber, "2026-12-01", 1),
                Rating::Amber,
                1,
            )
        });
        assert_eq!(b.apply(&team, &BoardQuery::default(), 20), Outcome::Reload);
        assert_eq!(b.head, 12);
        // A professional's board led by the people they support is read again whole.
        b.own = Some(super::super::board::OwnSection {
            count: 1,
            cards: vec![card(1, Rating::Amber, "2026-12-01", 1)],
        });
        let change = moved(13, card(1, Rating::Red, "2026-12-07", 2), Rating::Amber, 2);
        assert_eq!(
            b.apply(&change, &BoardQuery::default(), 20),
            Outcome::Reload
        );
    }

    #[test]
    fn new_details_replace_the_card_in_place_or_reload_a_board_of_one_age_group() {
        let mut b = board(vec![card(1, Rating::Amber, "2026-12-01", 1)]);
        let mut renamed = card(1, Rating::Amber, "2026-12-01", 2);
        renamed.name = "Person One".into();
        let details = |id| {
            FeedEntry::Change(BoardChange {
                kind: ChangeKind::DetailsChanged,
                from: None,
                to: None,
                ..change_of(id, renamed.clone(), Rating::Amber, 2)
            })
        };
        assert_eq!(
            b.apply(&details(11), &BoardQuery::default(), 20),
            Outcome::Applied
        );
        assert_eq!(names(&b, Rating::Amber), ["Person One"]);
        assert_eq!(b.counts, [0, 0, 1, 0]);
        let adults = BoardQuery {
            age: Some(AgeGroup::Adult),
            ..BoardQuery::default()
        };
        assert_eq!(b.apply(&details(12), &adults, 20), Outcome::Reload);
    }

    #[test]
    fn a_window_left_short_asks_for_a_reload_and_late_cards_only_count() {
        let mut b = board(vec![
            card(1, Rating::Amber, "2026-12-01", 1),
            card(3, Rating::Red, "2026-12-01", 1),
        ]);
        b.counts[2] = 5;
        b.sections[2].count = 5;
        let out = moved(11, card(1, Rating::Red, "2027-01-30", 2), Rating::Amber, 2);
        assert_eq!(
            b.apply(&out, &BoardQuery::default(), 1),
            Outcome::Reload,
            "Amber shows 0 of 4"
        );
        assert_eq!(
            names(&b, Rating::Red),
            ["Person 3"],
            "beyond the window of 1: counted, not shown"
        );
        assert_eq!(b.counts, [0, 2, 4, 0]);
    }
}
