//! The meeting on screen, kept current from the live feed.

use super::agenda::{Meeting, MeetingView, Place};
#[cfg(feature = "hydrate")]
use super::taking_part::Role;
#[cfg(feature = "hydrate")]
use crate::feed::FeedStatus;
use crate::models::{BriefCard, FeedEntry, PersonId};
use leptos::prelude::*;

/// What a follower is told when the chair opens a record they may not see: the name only
/// when they may see the brief card.
pub fn chair_elsewhere(card: Option<&BriefCard>) -> String {
    match card {
        Some(card) => format!(
            "The chair is discussing {}, whom you are not linked to.",
            card.name
        ),
        None => "The chair is discussing someone you are not linked to.".to_owned(),
    }
}

/// "1 person" or "N people".
fn people(n: i64) -> String {
    match n {
        1 => "1 person".to_owned(),
        n => format!("{n} people"),
    }
}

/// Changes kept to replay onto a meeting read while they were arriving.
#[cfg(feature = "hydrate")]
const RECENT: usize = 200;

/// The meeting on screen, kept current from the feed.
#[derive(Clone, Copy)]
pub struct LiveMeeting {
    /// The latest read, with the changes received since.
    pub shown: RwSignal<Option<Meeting>>,
    /// Changes received lately, replayed onto a read that was under way meanwhile.
    recent: StoredValue<Vec<FeedEntry>>,
    /// The open person's place as read when they were opened: previous and next stay
    /// put even when a change moves that person elsewhere on the agenda.
    place: StoredValue<Option<(PersonId, Place)>>,
    /// Bumped when the open record must be read again.
    pub reload: RwSignal<u32>,
    /// What screen readers are told.
    announcement: RwSignal<String>,
    /// Set once the page is running in the browser: the agenda is then drawn live (the
    /// server sends kept HTML). Kept with the page, so it outlives each read's view.
    pub running: RwSignal<bool>,
}

impl LiveMeeting {
    /// Nothing on screen yet; `reload` is bumped when the open record must be read again;
    /// `announcement` is what screen readers are told.
    pub fn new(reload: RwSignal<u32>, announcement: RwSignal<String>) -> Self {
        LiveMeeting {
            shown: RwSignal::new(None),
            recent: StoredValue::new(Vec::new()),
            place: StoredValue::new(None),
            reload,
            announcement,
            running: RwSignal::new(crate::layout::drawn_in_browser()),
        }
    }

    /// Puts a read on screen after replaying what arrived while it was under way.
    pub fn show(self, mut meeting: Meeting) -> Meeting {
        let mut stale = false;
        self.recent.with_value(|recent| {
            for change in recent {
                stale |= meeting.apply(change);
            }
        });
        if let MeetingView::Person { record, place, .. } = &meeting.view {
            let opened = self.place.with_value(|p| p.as_ref().map(|(id, _)| *id));
            if opened != Some(record.person.id) {
                self.place
                    .set_value(Some((record.person.id, place.clone())));
            }
        }
        // The chair put someone on the agenda or took them off.
        let was = self.shown.with_untracked(|m| m.as_ref().map(|m| m.total));
        if was.is_some_and(|was| was != meeting.total) {
            self.announcement.set(format!(
                "The meeting's agenda changed: {} on it now.",
                people(meeting.total)
            ));
        }
        self.shown.set(Some(meeting.clone()));
        if stale {
            self.reload.update(|n| *n += 1);
        }
        meeting
    }

    /// Forgets the open person's place, so the next read puts it right (after the agenda
    /// itself changed).
    pub fn forget_place(self) {
        self.place.set_value(None);
    }

    /// The place of `person`, who is open now.
    pub fn place_of(self, person: PersonId) -> Place {
        self.place
            .with_value(|p| {
                p.as_ref()
                    .filter(|(id, _)| *id == person)
                    .map(|(_, place)| place.clone())
            })
            .unwrap_or(Place {
                position: None,
                prev: None,
                next: None,
            })
    }

    /// The people before and after the one open.
    #[cfg(feature = "hydrate")]
    pub fn neighbours(self) -> (Option<PersonId>, Option<PersonId>) {
        self.place.with_value(|p| match p {
            Some((_, place)) => (
                place.prev.as_ref().map(|n| n.id),
                place.next.as_ref().map(|n| n.id),
            ),
            None => (None, None),
        })
    }

    /// Follows the feed: keeps the agenda's cards and the chair's place current, re-reads
    /// the open record when it changes, and tells screen readers what happened.
    #[cfg(feature = "hydrate")]
    pub fn follow(
        self,
        head: i64,
        role: RwSignal<Role>,
        announcement: RwSignal<String>,
        set_status: WriteSignal<FeedStatus>,
    ) {
        use std::rc::Rc;
        let handlers = crate::feed::FeedHandlers {
            on_change: Rc::new(move |entry: FeedEntry| {
                self.recent.update_value(|recent| {
                    recent.push(entry.clone());
                    if recent.len() > RECENT {
                        recent.drain(..recent.len() - RECENT);
                    }
                });
                let stale = self
                    .shown
                    .try_update(|m| m.as_mut().is_some_and(|m| m.apply(&entry)))
                    .unwrap_or(false);
                if stale {
                    self.reload.update(|n| *n += 1);
                }
                let following = role.get_untracked() == Role::Follower;
                match &entry {
                    FeedEntry::Change(change) if change.changes_record() => {
                        announcement.set(crate::register::live_board::announce(change));
                    }
                    // Told once the agenda has been read again (see `show`).
                    FeedEntry::Change(change)
                        if change.kind == crate::models::ChangeKind::AgendaChanged => {}
                    FeedEntry::Change(change) if following => {
                        announcement.set(format!("The chair moved on to {}.", change.card.name));
                    }
                    FeedEntry::ChairElsewhere(moved) if following => {
                        announcement.set(chair_elsewhere(moved.card.as_ref()));
                    }
                    FeedEntry::Brief(brief) => announcement.set(format!(
                        "{} is now {}.",
                        brief.card.name,
                        brief.card.rating.label()
                    )),
                    // Told once who chairs now has been read (see `ChairControl`).
                    FeedEntry::Change(_)
                    | FeedEntry::ChairElsewhere(_)
                    | FeedEntry::ChairChanged(_) => {}
                }
            }),
            on_reset: Rc::new(|| {
                let _ = window().location().reload();
            }),
        };
        crate::feed::follow(head, handlers, set_status);
    }
}
