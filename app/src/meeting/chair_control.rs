//! The chair of the day's meeting as this screen sees it: taking or giving it up (held on
//! the server: see `take_chair`), and what followers are told when it changes.

use super::{
    agenda::{ChairSeat, MeetingView},
    live_meeting::{chair_elsewhere, LiveMeeting},
    take_chair::{StopChairing, TakeChair},
    taking_part::{remember_hold, remembered_hold, remembered_role, Role},
};
use crate::{
    layout::RatingTag,
    models::{format_date, uk_today, PersonId},
};
use leptos::prelude::*;

/// Who chairs, as read, and the caller's taking or giving up of the chair (held on the
/// server: see `take_chair`).
#[derive(Clone, Copy)]
pub struct ChairControl {
    /// Who chairs, from the latest read.
    pub seat: Memo<Option<ChairSeat>>,
    /// Whether the caller is not at the meeting (their agency is not marked as attending),
    /// so hears nothing of who chairs.
    pub apart: Memo<bool>,
    /// Why the caller's take of the chair was refused (someone else took it first).
    pub refusal: RwSignal<Option<String>>,
    /// What changed about the chair, for whoever follows or chaired.
    news: RwSignal<Option<String>>,
    take: ServerAction<TakeChair>,
    stop: ServerAction<StopChairing>,
    /// How the caller took part before asking for the chair.
    before: StoredValue<Role>,
    /// The version of the hold this screen took, if it took the chair (kept in the
    /// browser across a reload).
    held: StoredValue<Option<i64>>,
    role: RwSignal<Role>,
    current: Memo<Option<PersonId>>,
}

impl ChairControl {
    /// Watches who chairs: the chair stays the chair across a reload; a chair who was
    /// taken over from goes on alone; followers are told when the chair changes.
    pub fn new(live: LiveMeeting, role: RwSignal<Role>, current: Memo<Option<PersonId>>) -> Self {
        let seat = Memo::new(move |_| live.shown.with(|m| m.as_ref().map(|m| m.seat.clone())));
        let apart = Memo::new(move |_| live.shown.with(|m| m.as_ref().is_some_and(|m| m.own_only)));
        let control = ChairControl {
            seat,
            apart,
            refusal: RwSignal::new(None),
            news: RwSignal::new(None),
            take: ServerAction::new(),
            stop: ServerAction::new(),
            before: StoredValue::new(Role::OnMyOwn),
            held: StoredValue::new(remembered_hold()),
            role,
            current,
        };
        Effect::new(move |before: Option<Option<ChairSeat>>| {
            let now = seat.get();
            let (Some(was), Some(seat)) = (before.clone().flatten(), now.clone()) else {
                // The screen that chaired still does after a reload: the server holds the
                // chair for the account, this browser remembers it was the screen chairing
                // and the hold it took (another screen of the account may have taken over).
                if now
                    .as_ref()
                    .is_some_and(|s| s.mine && control.held.get_value() == Some(s.version))
                    && remembered_role() == Some(Role::Chair)
                {
                    role.set(Role::Chair);
                }
                return now;
            };
            if was.name != seat.name || was.mine != seat.mine || control.taken_elsewhere(&seat) {
                control.told(&was, &seat);
            }
            now
        });
        Effect::new(move |_| match control.take.value().get() {
            Some(Ok(version)) => {
                control.held.set_value(Some(version));
                remember_hold(Some(version));
                control.refusal.set(None);
                role.set(Role::Chair);
                live.reload.update(|n| *n += 1);
            }
            Some(Err(error)) => {
                control
                    .refusal
                    .set(error.message_for("chair").or(Some(error.to_string())));
                role.set(control.before.get_value());
                live.reload.update(|n| *n += 1);
            }
            None => {}
        });
        control
    }

    /// Takes part as `wanted`: becoming chair asks the server for the chair, and a chair
    /// who goes on otherwise gives it up.
    pub fn choose(self, wanted: Role) {
        let seen = self.seat.get_untracked().map(|s| s.version).unwrap_or(0);
        self.refusal.set(None);
        self.news.set(None);
        match (self.role.get_untracked(), wanted) {
            (Role::Chair, Role::Chair) => {}
            (before, Role::Chair) => {
                // Chairing at once; moves are sent once the server says the chair is
                // theirs, and a refusal puts back how they took part before.
                self.held.set_value(None);
                remember_hold(None);
                self.before.set_value(before);
                self.role.set(Role::Chair);
                self.take.dispatch(TakeChair {
                    seen,
                    person_id: self.current.get_untracked().map(|p| p.to_string()),
                });
            }
            (Role::Chair, other) => {
                self.stop.dispatch(StopChairing { seen });
                self.role.set(other);
            }
            (_, other) => self.role.set(other),
        }
    }

    /// Whether this screen chairs, but another screen of the same account has taken the
    /// chair over since (the hold moved on from the one this browser took).
    fn taken_elsewhere(self, now: &ChairSeat) -> bool {
        now.mine
            && self.role.get_untracked() == Role::Chair
            && self
                .held
                .get_value()
                .is_some_and(|held| held != now.version)
    }

    /// What this screen is told when who chairs changed from `was` to `now`.
    fn told(self, was: &ChairSeat, now: &ChairSeat) {
        let role = self.role.get_untracked();
        let news = match (&now.name, role) {
            (_, Role::Chair) if self.taken_elsewhere(now) => {
                self.role.set(Role::OnMyOwn);
                Some("You took the chair on another screen. This screen is now going through the agenda on its own.".to_owned())
            }
            (_, Role::Chair) if !now.mine => {
                self.role.set(Role::OnMyOwn);
                Some(match &now.name {
                    Some(name) => format!("{name} has taken over the chair. You are now going through the agenda on your own."),
                    None => "You are no longer chairing. You are now going through the agenda on your own.".to_owned(),
                })
            }
            (Some(name), Role::Follower) => Some(format!("{name} is now chairing: your screen follows theirs.")),
            (None, Role::Follower) if was.name.is_some() => Some(
                "The chair has stopped sharing their screen. Your screen stays where it is until someone chairs again."
                    .to_owned(),
            ),
            _ => None,
        };
        if news.is_some() {
            self.news.set(news);
        }
    }
}

/// What changed about the chair, for a follower or a chair who was taken over from.
#[component]
pub fn ChairNews(chair: ChairControl) -> impl IntoView {
    move || {
        chair.news.get().map(|news| {
            view! { <div class="nhsuk-inset-text" role="status"><p>{news}</p></div> }
        })
    }
}

/// Tells a follower when the chair has open someone whose record they may not see, with
/// that person's brief card when they may see it.
#[component]
pub fn ChairElsewhereNote(live: LiveMeeting, role: RwSignal<Role>) -> impl IntoView {
    // `Some(brief card, if any)` while the chair has open someone not in the caller's scope.
    let elsewhere = Memo::new(move |_| {
        if role.get() != Role::Follower {
            return None;
        }
        live.shown.with(|m| {
            let chair = m.as_ref()?.chair.as_ref()?;
            chair.person.is_none().then(|| chair.brief.clone())
        })
    });
    // A record still open below is not the one being discussed: say so plainly.
    let stale = move || {
        live.shown.with(|m| {
            m.as_ref()
                .is_some_and(|m| matches!(m.view, MeetingView::Person { .. }))
        })
    };
    move || {
        elsewhere.get().map(|brief| {
            let words = chair_elsewhere(brief.as_ref());
            let today = uk_today(chrono::Utc::now());
            let card = brief.map(|card| {
                let review = if card.review_due < today {
                    format!("review overdue since {}", format_date(card.review_due))
                } else {
                    format!("review due {}", format_date(card.review_due))
                };
                view! {
                    <p data-testid="chair-brief-card">
                        "Their brief card: " <RatingTag rating=card.rating/>
                        {format!(" since {}, {review}.", format_date(uk_today(card.rating_since)))}
                    </p>
                }
            });
            view! {
                <div class="nhsuk-warning-callout dsr-chair-elsewhere">
                    <p>
                        <strong>{words}</strong>
                        <Show when=stale>
                            <span>" The record below is no longer being discussed."</span>
                        </Show>
                    </p>
                    {card}
                </div>
            }
        })
    }
}
