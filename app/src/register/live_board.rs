//! The board page's live state: the board on screen, kept current from the feed, with
//! the connection status, a polite announcement of each change, and a brief highlight.

use super::{board::Board, board_query::BoardQuery, live::Outcome};
use crate::{
    feed::FeedStatus,
    layout::drawn_in_browser,
    models::{BoardChange, ChangeKind, FeedEntry, PersonId},
};
use leptos::prelude::*;

/// Changes kept to replay onto a board that was read while they were arriving.
const RECENT: usize = 500;

/// Shared by the board page and its sections.
#[derive(Clone, Copy)]
pub struct LiveBoard {
    /// Connection state.
    pub status: ReadSignal<FeedStatus>,
    /// Written by the feed connection, which only runs in the browser.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    set_status: WriteSignal<FeedStatus>,
    /// The latest announcement for screen readers.
    pub announcement: RwSignal<String>,
    /// The card changed most recently, for a moment.
    pub highlight: RwSignal<Option<PersonId>>,
    /// Bumped when the board must be read again.
    pub reload: RwSignal<u32>,
    /// Set once the page is running in the browser: cards are then drawn live.
    pub running: RwSignal<bool>,
    shown: StoredValue<Option<RwSignal<Board>>>,
    recent: StoredValue<Vec<FeedEntry>>,
}

impl LiveBoard {
    /// New, not yet following the feed.
    pub fn new() -> Self {
        let (status, set_status) = signal(FeedStatus::Connecting);
        LiveBoard {
            status,
            set_status,
            announcement: RwSignal::new(String::new()),
            highlight: RwSignal::new(None),
            reload: RwSignal::new(0),
            running: RwSignal::new(drawn_in_browser()),
            shown: StoredValue::new(None),
            recent: StoredValue::new(Vec::new()),
        }
    }

    /// Puts a board read from the server on screen, first replaying any change that
    /// arrived after the board's snapshot was taken.
    pub fn show(&self, mut board: Board, query: &BoardQuery) -> RwSignal<Board> {
        let window = window_for(query);
        let mut reload = false;
        self.recent.with_value(|recent| {
            // `apply` skips what the snapshot already reflects.
            for change in recent {
                reload |= board.apply(change, query, window) == Outcome::Reload;
            }
        });
        if reload {
            self.reload.update(|n| *n += 1);
        }
        let shown = RwSignal::new(board);
        self.shown.set_value(Some(shown));
        shown
    }

    /// Applies one entry from the feed to the board on screen.
    pub fn receive(&self, entry: FeedEntry, query: &BoardQuery) {
        let (person, said) = match &entry {
            FeedEntry::Change(change) if change.changes_record() => {
                (change.person, announce(change))
            }
            FeedEntry::Brief(brief) => (
                brief.card.id,
                format!("{} is now {}.", brief.card.name, brief.card.rating.label()),
            ),
            FeedEntry::Change(_) | FeedEntry::ChairElsewhere(_) | FeedEntry::ChairChanged(_) => {
                return
            }
        };
        self.recent.update_value(|recent| {
            recent.push(entry.clone());
            if recent.len() > RECENT {
                recent.drain(..recent.len() - RECENT);
            }
        });
        let outcome = self.shown.get_value().and_then(|shown| {
            shown.try_update(|board| board.apply(&entry, query, window_for(query)))
        });
        if outcome == Some(Outcome::Reload) {
            self.reload.update(|n| *n += 1);
        }
        self.announcement.set(said);
        self.highlight.set(Some(person));
    }

    /// Follows the feed from `head` for as long as the current owner lives.
    #[cfg(feature = "hydrate")]
    pub fn follow(self, head: i64, query: Memo<BoardQuery>) {
        use std::rc::Rc;
        let handlers = crate::feed::FeedHandlers {
            on_change: Rc::new(move |entry: FeedEntry| {
                let person = match &entry {
                    FeedEntry::Change(change) => change.person,
                    FeedEntry::Brief(brief) => brief.card.id,
                    FeedEntry::ChairElsewhere(_) | FeedEntry::ChairChanged(_) => return,
                };
                self.receive(entry, &query.get_untracked());
                set_timeout(
                    move || {
                        if self.highlight.get_untracked() == Some(person) {
                            self.highlight.set(None);
                        }
                    },
                    std::time::Duration::from_secs(4),
                );
            }),
            on_reset: Rc::new(|| {
                let _ = window().location().reload();
            }),
        };
        crate::feed::follow(head, handlers, self.set_status);
    }
}

impl Default for LiveBoard {
    fn default() -> Self {
        LiveBoard::new()
    }
}

fn window_for(query: &BoardQuery) -> usize {
    let size = if query.rating.is_some() {
        super::board_query::PAGE_SIZE
    } else {
        super::board_query::SECTION_PREVIEW
    };
    size as usize
}

/// What a screen reader hears about a change.
pub(crate) fn announce(change: &BoardChange) -> String {
    let name = &change.card.name;
    match (change.kind, change.from, change.to) {
        (ChangeKind::PersonAdded, _, Some(to)) => {
            format!("{name} was added to the register as {}.", to.label())
        }
        (ChangeKind::RatingChanged, Some(from), Some(to)) if from == to => {
            format!("{name}'s {} rating was confirmed.", to.label())
        }
        (ChangeKind::RatingChanged, Some(from), Some(to)) => {
            format!("{name} changed from {} to {}.", from.label(), to.label())
        }
        (ChangeKind::TeamChanged, ..) => format!("Who is involved with {name} changed."),
        (ChangeKind::DetailsChanged, ..) => format!("{name}'s details changed."),
        (ChangeKind::PersonLeft, ..) => format!("{name} left the register."),
        (ChangeKind::PersonReturned, ..) => format!("{name} returned to the register."),
        _ => format!("{name}'s record changed."),
    }
}
