//! `/register/meeting`: a DSR meeting. Without `?person=` it lists the agenda a page at a
//! time (`?page=`); with it, it shows that person's record with previous and next links in agenda order.

use super::take_chair::{StopChairing, TakeChair};
use super::{
    agenda::{ChairSeat, Meeting, MeetingView, Neighbour, Place},
    get_meeting::get_meeting,
    go_to_person::GoToForm,
    href::meeting_href,
    record_entry::RecordEntry,
    recording_panel::RecordingPanel,
    wire::Recording,
};
use crate::{
    feed::{FeedStatus, FeedStatusLine},
    layout::{Problem, RatingTag},
    models::{format_date, FeedEntry, PersonId, ShownCard},
    people::{RatingActions, Record},
    register::board_query::PAGE_SIZE,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

/// How someone takes part in the meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Moves through the agenda on their own.
    OnMyOwn,
    /// Chairs: every person they open is shared with the meeting.
    Chair,
    /// Follows the chair: their screen opens whoever the chair has open.
    Follower,
}

/// Changes kept to replay onto a meeting read while they were arriving.
#[cfg(feature = "hydrate")]
const RECENT: usize = 200;

/// The meeting page.
#[component]
pub fn MeetingPage() -> impl IntoView {
    let params = use_query_map();
    let asked = Memo::new(move |_| params.read().get("person"));
    let page = Memo::new(move |_| {
        params
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
    });
    let current = Memo::new(move |_| asked.get().and_then(|p| p.parse::<PersonId>().ok()));
    let actions = RatingActions::for_page();
    // The meeting's entry form: kept by the page, so what it says after a save outlives
    // the record being read again.
    let entry_action = ServerAction::<RecordEntry>::new();
    let role = RwSignal::new(Role::OnMyOwn);
    let reload = RwSignal::new(0u32);
    let announcement = RwSignal::new(String::new());
    let (status, set_status) = signal(FeedStatus::Connecting);
    let refreshes = crate::feed::Refreshes::new((
        asked.get_untracked(),
        page.get_untracked(),
        actions.action.version().get_untracked(),
    ));
    let read = Resource::new(
        move || {
            (
                asked.get(),
                page.get(),
                actions.action.version().get(),
                reload.get(),
            )
        },
        move |(person, page, version, reloads)| {
            let refresh = refreshes.is_refresh((person.clone(), page, version), reloads);
            get_meeting(person, page, refresh)
        },
    );
    let live = LiveMeeting {
        shown: RwSignal::new(None),
        recent: StoredValue::new(Vec::new()),
        place: StoredValue::new(None),
        reload,
    };
    let navigate = use_navigate();
    let open = Callback::new(move |person: PersonId| {
        navigate(&meeting_href(person), Default::default());
    });
    let chair = ChairControl::new(live, role, current);
    #[cfg(feature = "hydrate")]
    {
        use super::move_chair::MoveChair;
        let move_chair = ServerAction::<MoveChair>::new();
        // The chair shares every person they open (and where they are on becoming chair),
        // one move at a time, so moves made in quick succession arrive in order and the
        // last one counts.
        let wanted = StoredValue::new(None::<PersonId>);
        let sent = StoredValue::new(None::<PersonId>);
        let send_wanted = move || {
            let next = wanted.get_value();
            if next.is_some() && next != sent.get_value() && !move_chair.pending().get_untracked() {
                sent.set_value(next);
                move_chair.dispatch(MoveChair {
                    person_id: next.map(|p| p.to_string()).unwrap_or_default(),
                });
            }
        };
        Effect::new(move |_| {
            let held = chair.seat.get().is_some_and(|s| s.mine);
            if let (Role::Chair, true, Some(person)) = (role.get(), held, current.get()) {
                wanted.set_value(Some(person));
                sent.set_value(None);
                send_wanted();
            }
        });
        Effect::new(move |_| {
            if !move_chair.pending().get() {
                send_wanted();
            }
        });
        // A refused move means the chair is no longer the caller's: read who holds it.
        Effect::new(move |_| {
            if matches!(move_chair.value().get(), Some(Err(_))) {
                reload.update(|n| *n += 1);
            }
        });
        // A follower opens whoever the chair has open.
        Effect::new(move |_| {
            if role.get() != Role::Follower {
                return;
            }
            let chair = live.shown.with(|m| m.as_ref().and_then(|m| m.chair));
            if let Some(person) = chair.and_then(|c| c.person) {
                if current.get_untracked() != Some(person) {
                    open.run(person);
                }
            }
        });
        super::keys::arrow_keys(
            move || live.neighbours(),
            move |person| {
                leave_follow(role);
                open.run(person);
            },
        );
        crate::feed::start_after_first_read(
            move || read.get().and_then(|m| m.ok()).map(|m| m.head),
            move |head| live.follow(head, role, announcement, set_status),
        );
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (set_status, open, announcement, current);
    view! {
        // One row on a wide screen: the way back, the feed's state and how one takes part.
        <div class="dsr-meeting-top">
            <a class="nhsuk-back-link" href="/register">"Back to the register board"</a>
            <FeedStatusLine status/>
            <RoleChoice role chair/>
        </div>
        <div class="nhsuk-u-visually-hidden" aria-live="polite" data-testid="announcements">{move || announcement.get()}</div>
        <ChairNews chair/>
        <ChairElsewhereNote live role/>
        <Transition fallback=|| view! { <p>"Loading the meeting…"</p> }>
            {move || Suspend::new(async move {
                actions.ready().await;
                if let Some(kept) = actions.kept_form() {
                    provide_context(kept);
                }
                let meeting = match read.await {
                    Ok(meeting) => live.show(meeting),
                    Err(error) => return view! { <Problem error/> }.into_any(),
                };
                // Counts and places are of the whole agenda: not said to someone who sees
                // only their own people on it.
                let total = (!meeting.own_only).then_some(meeting.total);
                match meeting.view {
                    MeetingView::Agenda { page, .. } => {
                        view! { <AgendaPage live page total=meeting.total own_only=meeting.own_only role/> }.into_any()
                    }
                    MeetingView::Person { record, recording, .. } => {
                        let place = live.place_of(record.person.id);
                        let marks = meeting
                            .since
                            .as_ref()
                            .map(|since| since.marks(&record.person.card(record.today)))
                            .unwrap_or_default();
                        view! { <OnePerson record=*record place total marks actions role recording entry_action/> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The meeting on screen, kept current from the feed.
#[derive(Clone, Copy)]
struct LiveMeeting {
    /// The latest read, with the changes received since.
    shown: RwSignal<Option<Meeting>>,
    /// Changes received lately, replayed onto a read that was under way meanwhile.
    recent: StoredValue<Vec<FeedEntry>>,
    /// The open person's place as read when they were opened: previous and next stay
    /// put even when a change moves that person elsewhere on the agenda.
    place: StoredValue<Option<(PersonId, Place)>>,
    /// Bumped when the open record must be read again.
    reload: RwSignal<u32>,
}

impl LiveMeeting {
    /// Puts a read on screen after replaying what arrived while it was under way.
    fn show(self, mut meeting: Meeting) -> Meeting {
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
        self.shown.set(Some(meeting.clone()));
        if stale {
            self.reload.update(|n| *n += 1);
        }
        meeting
    }

    /// The place of `person`, who is open now.
    fn place_of(self, person: PersonId) -> Place {
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
    fn neighbours(self) -> (Option<PersonId>, Option<PersonId>) {
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
    fn follow(
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
                    FeedEntry::Change(change) if following => {
                        announcement.set(format!("The chair moved on to {}.", change.card.name));
                    }
                    FeedEntry::ChairElsewhere(_) if following => {
                        announcement.set(CHAIR_ELSEWHERE.to_owned());
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

/// Who chairs, as read, and the caller's taking or giving up of the chair (held on the
/// server: see `take_chair`).
#[derive(Clone, Copy)]
struct ChairControl {
    /// Who chairs, from the latest read.
    seat: Memo<Option<ChairSeat>>,
    /// Why the caller's take of the chair was refused (someone else took it first).
    refusal: RwSignal<Option<String>>,
    /// What changed about the chair, for whoever follows or chaired.
    news: RwSignal<Option<String>>,
    take: ServerAction<TakeChair>,
    stop: ServerAction<StopChairing>,
    /// How the caller took part before asking for the chair.
    before: StoredValue<Role>,
    role: RwSignal<Role>,
    current: Memo<Option<PersonId>>,
}

impl ChairControl {
    /// Watches who chairs: the chair stays the chair across a reload; a chair who was
    /// taken over from goes on alone; followers are told when the chair changes.
    fn new(live: LiveMeeting, role: RwSignal<Role>, current: Memo<Option<PersonId>>) -> Self {
        let seat = Memo::new(move |_| live.shown.with(|m| m.as_ref().map(|m| m.seat.clone())));
        let control = ChairControl {
            seat,
            refusal: RwSignal::new(None),
            news: RwSignal::new(None),
            take: ServerAction::new(),
            stop: ServerAction::new(),
            before: StoredValue::new(Role::OnMyOwn),
            role,
            current,
        };
        Effect::new(move |before: Option<Option<ChairSeat>>| {
            let now = seat.get();
            let (Some(was), Some(seat)) = (before.clone().flatten(), now.clone()) else {
                // The screen that chaired still does after a reload: the server holds the
                // chair for the account, this browser remembers it was the screen chairing.
                if now.as_ref().is_some_and(|s| s.mine) && remembered_role() == Some(Role::Chair) {
                    role.set(Role::Chair);
                }
                return now;
            };
            if was.name != seat.name || was.mine != seat.mine {
                control.told(&was, &seat);
            }
            now
        });
        Effect::new(move |_| match control.take.value().get() {
            Some(Ok(_)) => {
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
    fn choose(self, wanted: Role) {
        let seen = self.seat.get_untracked().map(|s| s.version).unwrap_or(0);
        self.refusal.set(None);
        self.news.set(None);
        match (self.role.get_untracked(), wanted) {
            (Role::Chair, Role::Chair) => {}
            (before, Role::Chair) => {
                // Chairing at once; moves are sent once the server says the chair is
                // theirs, and a refusal puts back how they took part before.
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

    /// What this screen is told when who chairs changed from `was` to `now`.
    fn told(self, was: &ChairSeat, now: &ChairSeat) {
        let role = self.role.get_untracked();
        let news = match (&now.name, role) {
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
fn ChairNews(chair: ChairControl) -> impl IntoView {
    move || {
        chair.news.get().map(|news| {
            view! { <div class="nhsuk-inset-text" role="status"><p>{news}</p></div> }
        })
    }
}

/// What a follower is told when the chair opens a record they may not see.
const CHAIR_ELSEWHERE: &str = "The chair is discussing someone you are not linked to.";

/// Tells a follower when the chair has open someone whose record they may not see.
#[component]
fn ChairElsewhereNote(live: LiveMeeting, role: RwSignal<Role>) -> impl IntoView {
    let elsewhere = move || {
        role.get() == Role::Follower
            && live.shown.with(|m| {
                m.as_ref()
                    .and_then(|m| m.chair)
                    .is_some_and(|c| c.person.is_none())
            })
    };
    // A record still open below is not the one being discussed: say so plainly.
    let stale = move || {
        live.shown.with(|m| {
            m.as_ref()
                .is_some_and(|m| matches!(m.view, MeetingView::Person { .. }))
        })
    };
    view! {
        <Show when=elsewhere>
            <div class="nhsuk-warning-callout dsr-chair-elsewhere">
                <p>
                    <strong>{CHAIR_ELSEWHERE}</strong>
                    <Show when=stale>
                        <span>" The record below is no longer being discussed."</span>
                    </Show>
                </p>
            </div>
        </Show>
    }
}

/// Someone who moves on their own stops following the chair.
fn leave_follow(role: RwSignal<Role>) {
    if role.get_untracked() == Role::Follower {
        role.set(Role::OnMyOwn);
    }
}

/// The choice of chairing (coordinators only), following or going alone, as one line with
/// a way to change it; remembered in this browser for the day's meeting. It needs
/// JavaScript, so it appears once the page is running in the browser.
#[component]
fn RoleChoice(role: RwSignal<Role>, chair: ChairControl) -> impl IntoView {
    let running = RwSignal::new(false);
    let me = crate::auth::signed_in::use_signed_in().0;
    let may_chair = move || {
        me.get()
            .and_then(Result::ok)
            .flatten()
            .is_some_and(|m| m.role == crate::models::Role::Coordinator)
    };
    Effect::new(move |_| {
        if !running.get_untracked() {
            running.set(true);
            // Chairing is restored once the server says the chair is still this account's.
            if let Some(kept) = remembered_role().filter(|r| *r != Role::Chair) {
                role.set(kept);
            }
        }
    });
    Effect::new(move |_| {
        let now = role.get();
        // A chair who may no longer chair goes through on their own.
        if now == Role::Chair && me.get().is_some() && !may_chair() {
            role.set(Role::OnMyOwn);
        } else if running.get() {
            remember_role(now);
        }
    });
    let choices = move || {
        let mut choices = vec![(
            Role::OnMyOwn,
            "own",
            "Go through the agenda on my own".to_owned(),
        )];
        if may_chair() {
            let label = match chair.seat.get() {
                Some(ChairSeat {
                    name: Some(name),
                    mine: false,
                    ..
                }) => {
                    format!("Take over the chair from {name}: attendees can follow my screen")
                }
                _ => "Chair the meeting: attendees can follow my screen".to_owned(),
            };
            choices.push((Role::Chair, "chair", label));
        }
        choices.push((
            Role::Follower,
            "follow",
            "Follow the chair's screen".to_owned(),
        ));
        choices
    };
    // Once chosen, the choice closes and focus returns to its summary: the arrow keys then
    // move between people, not between the radios.
    let choice = NodeRef::<leptos::html::Details>::new();
    let summary = NodeRef::<leptos::html::Summary>::new();
    let chosen = move |value: Role| {
        chair.choose(value);
        if let (Some(details), Some(summary)) = (choice.get_untracked(), summary.get_untracked()) {
            details.set_open(false);
            let _ = summary.focus();
        }
    };
    let now = move || {
        let chairing = chair.seat.get().and_then(|s| s.name);
        match (role.get(), chairing) {
            (Role::OnMyOwn, _) => "going through the agenda on your own".to_owned(),
            (Role::Chair, _) => {
                "chairing: attendees who follow see the person you have open".to_owned()
            }
            (Role::Follower, Some(name)) => format!(
                "following the chair's screen: {name} is chairing (moving on yourself stops following)"
            ),
            (Role::Follower, None) => "following the chair's screen: no one is chairing just now".to_owned(),
        }
    };
    view! {
        <Show when=move || running.get()>
            <div class="dsr-meeting-role">
            <p class="dsr-meeting-role__now" role="status">"You are " {now} "."</p>
            {move || chair.refusal.get().map(|message| view! {
                <p class="nhsuk-error-message" role="alert">
                    <span class="nhsuk-u-visually-hidden">"Error: "</span>{message}
                </p>
            })}
            <details class="nhsuk-details dsr-meeting-role__change" node_ref=choice>
                <summary class="nhsuk-details__summary" node_ref=summary>
                    <span class="nhsuk-details__summary-text">"Change how you take part"</span>
                </summary>
                <div class="nhsuk-details__text">
                    <fieldset class="nhsuk-fieldset" aria-describedby="meeting-role-hint">
                        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"How are you taking part?"</legend>
                        <div class="nhsuk-hint" id="meeting-role-hint">
                            "Use the left and right arrow keys to move between people when you are not typing."
                        </div>
                        <div class="nhsuk-radios nhsuk-radios--small">
                            {move || choices()
                                .into_iter()
                                .map(|(value, code, label)| {
                                    let id = format!("meeting-role-{code}");
                                    view! {
                                        <div class="nhsuk-radios__item">
                                            <input
                                                class="nhsuk-radios__input"
                                                id=id.clone()
                                                name="meeting-role"
                                                type="radio"
                                                value=code
                                                prop:checked=move || role.get() == value
                                                on:change=move |_| chosen(value)
                                            />
                                            <label class="nhsuk-label nhsuk-radios__label" for=id>{label}</label>
                                        </div>
                                    }
                                })
                                .collect_view()}
                        </div>
                    </fieldset>
                </div>
            </details>
            </div>
        </Show>
    }
}

/// Where this browser keeps how its user takes part in today's meeting.
#[cfg(feature = "hydrate")]
fn role_key() -> String {
    format!(
        "dsr-meeting-role:{}",
        crate::models::uk_today(chrono::Utc::now())
    )
}

/// How this browser's user took part in today's meeting, if they chose.
fn remembered_role() -> Option<Role> {
    #[cfg(feature = "hydrate")]
    {
        let storage = window().local_storage().ok().flatten()?;
        match storage.get_item(&role_key()).ok().flatten()?.as_str() {
            "chair" => Some(Role::Chair),
            "follow" => Some(Role::Follower),
            "own" => Some(Role::OnMyOwn),
            _ => None,
        }
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Remembers `role` for today's meeting in this browser.
fn remember_role(role: Role) {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = window().local_storage().ok().flatten() {
        let code = match role {
            Role::Chair => "chair",
            Role::Follower => "follow",
            Role::OnMyOwn => "own",
        };
        let _ = storage.set_item(&role_key(), code);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = role;
}

/// A page of the agenda, before anyone is opened.
#[component]
fn AgendaPage(
    live: LiveMeeting,
    page: u32,
    total: i64,
    own_only: bool,
    role: RwSignal<Role>,
) -> impl IntoView {
    // Each person with what changed since the last meeting (kept current as cards change).
    let people = move || {
        live.shown.with(|m| match m.as_ref() {
            Some(Meeting {
                view: MeetingView::Agenda { people, .. },
                today,
                since,
                ..
            }) => people
                .iter()
                .map(|card| {
                    let marks = match (card.full(), since) {
                        (Some(full), Some(since)) => since.marks(full),
                        _ => Vec::new(),
                    };
                    (card.clone(), *today, marks)
                })
                .collect(),
            _ => Vec::new(),
        })
    };
    let last = live
        .shown
        .with_untracked(|m| m.as_ref().and_then(|m| m.since.as_ref().map(|s| s.day)));
    let first = live
        .shown
        .with_untracked(|m| match m.as_ref().map(|m| &m.view) {
            Some(MeetingView::Agenda { people, .. }) if page == 1 => {
                people.iter().find_map(|c| c.full().map(|c| c.id))
            }
            _ => None,
        });
    let pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    let page_href = |n: u32| format!("/register/meeting?page={n}");
    let start = i64::from(page - 1) * PAGE_SIZE + 1;
    view! {
        <Title text="DSR meeting agenda - Dynamic Support Register"/>
        <h1>"DSR meeting agenda"</h1>
        <p class="nhsuk-lede-text">
            "Everyone rated Blue, Red or Amber, then Green people whose review is due. "
            "Each group starts with the soonest review."
        </p>
        {if total == 0 {
            view! { <p>"No one is on the agenda today."</p> }.into_any()
        } else if own_only {
            view! { <p>"You see the people on the agenda you are linked to. While a meeting runs, the LDA team can mark your agency as attending: you then see the whole agenda in brief."</p> }.into_any()
        } else {
            view! { <p>{format!("{total} people on the agenda.")}</p> }.into_any()
        }}
        {last.map(|day| view! {
            <p>{format!("Each person's marks say what changed since the last meeting on {}.", format_date(day))}</p>
        })}
        <p><a href="/meetings">"Meetings, their attendance and minutes"</a></p>
        <GoToForm on_go=Callback::new(move |_| leave_follow(role))/>
        {first.map(|first| view! {
            <a class="nhsuk-button" href=meeting_href(first) on:click=move |_| leave_follow(role)>
                "Start with the first person"
            </a>
        })}
        <ol class="dsr-agenda" aria-label="Agenda" start=start>
            {move || {
                people()
                    .into_iter()
                    .map(|(card, today, marks)| view! { <AgendaEntry card today marks role/> })
                    .collect_view()
            }}
        </ol>
        {(pages > 1).then(|| view! {
            <nav class="nhsuk-pagination" role="navigation" aria-label="Agenda pages">
                <p class="dsr-page-of">{format!("Page {page} of {pages}")}</p>
                <ul class="nhsuk-list nhsuk-pagination__list">
                    {(page > 1).then(|| view! { <li class="nhsuk-pagination-item--previous"><a class="nhsuk-pagination__link nhsuk-pagination__link--prev" href=page_href(page - 1)><span class="nhsuk-pagination__title">"Previous page"</span></a></li> })}
                    {(i64::from(page) < pages).then(|| view! { <li class="nhsuk-pagination-item--next"><a class="nhsuk-pagination__link nhsuk-pagination__link--next" href=page_href(page + 1)><span class="nhsuk-pagination__title">"Next page"</span></a></li> })}
                </ul>
            </nav>
        })}
    }
}

/// One person on the agenda list: their name (a link to them when the caller may see
/// their record), rating and review date.
#[component]
fn AgendaEntry(
    card: ShownCard,
    today: chrono::NaiveDate,
    marks: Vec<crate::models::SinceMark>,
    role: RwSignal<Role>,
) -> impl IntoView {
    let review_due = card.review_due();
    let due = if card.is_overdue(today) {
        format!(" review overdue since {}", format_date(review_due))
    } else if review_due == today {
        " review due today".to_owned()
    } else {
        format!(" review due {}", format_date(review_due))
    };
    let name = card.name().to_owned();
    let consent = card.full().and_then(|c| c.detail.consent.flag());
    // Open actions (from earlier meetings too) and what the policy asks for next, so
    // the meeting reviews them.
    let dues = card
        .full()
        .map(|c| c.due_lines(today))
        .unwrap_or_default()
        .into_iter()
        .map(|(words, late)| view! { <br/><crate::layout::DueWords words late/> })
        .collect_view();
    let named = match card.full() {
        Some(full) => view! {
            <a href=meeting_href(full.id) on:click=move |_| leave_follow(role)>{name}</a>
        }
        .into_any(),
        None => name.into_any(),
    };
    view! {
        <li>
            {named}
            " " <RatingTag rating=card.rating()/> {due}
            {consent.map(|flag| view! { " " <strong class="dsr-flag">{flag}</strong> })}
            {dues}
            <crate::layout::SinceMarks marks/>
        </li>
    }
}

/// One person's record in the meeting, with previous and next in agenda order.
#[component]
fn OnePerson(
    record: crate::people::wire::PersonRecord,
    place: Place,
    total: Option<i64>,
    /// What changed about them since the last meeting.
    marks: Vec<crate::models::SinceMark>,
    actions: RatingActions,
    role: RwSignal<Role>,
    recording: Option<Recording>,
    entry_action: ServerAction<RecordEntry>,
) -> impl IntoView {
    // What the policy asks for and the record's actions, so the meeting reviews them.
    let dues = view! {
        <crate::people::ctrs::CtrsOnRecord record=record.clone()/>
        <crate::actions::ActionsOnRecord actions=record.actions.clone() person=record.person.id.to_string() open=record.person.left_on.is_none() today=record.today/>
    };
    let discussed = recording
        .as_ref()
        .map(|r| format!(" · {} discussed", r.discussed))
        .unwrap_or_default();
    let panel = recording.map(|recording| {
        view! {
            <RecordingPanel recording action=entry_action person=record.person.id name=record.person.full_name()
                version=record.person.version new_id=record.new_id.to_string()/>
        }
    });
    let caption = match (place.position, total) {
        (Some(at), Some(total)) => format!("DSR meeting: {at} of {total}{discussed}"),
        (Some(_), None) => "DSR meeting: on the agenda".to_owned(),
        (None, _) => "DSR meeting: not on the agenda".to_owned(),
    };
    // The agenda's page this person is on.
    let agenda_href = match place.position {
        Some(at) => format!("/register/meeting?page={}", (at - 1) / PAGE_SIZE + 1),
        None => "/register/meeting".to_owned(),
    };
    let link = move |neighbour: Option<Neighbour>, next: bool| {
        neighbour.map(|n| {
            let (class, title) = if next {
                ("dsr-meeting-bar__next", "Next")
            } else {
                ("dsr-meeting-bar__previous", "Previous")
            };
            view! {
                <a class=class href=meeting_href(n.id) on:click=move |_| leave_follow(role)>
                    <span class="dsr-meeting-bar__title">{title}</span>
                    <span class="nhsuk-u-visually-hidden">": "</span>
                    <span class="dsr-meeting-bar__name">{n.name}</span>
                </a>
            }
        })
    };
    view! {
        <Record record actions caption marks also_refused=Signal::derive(move || matches!(entry_action.value().get(), Some(Err(_))))>{panel}</Record>
        {dues}
        // Always in reach at the foot of the screen, however long the record.
        <nav class="dsr-meeting-bar" aria-label="Agenda">
            {link(place.prev, false)}
            <a class="dsr-meeting-bar__agenda" href=agenda_href on:click=move |_| leave_follow(role)>"Agenda"</a>
            <GoToForm on_go=Callback::new(move |_| leave_follow(role))/>
            {link(place.next, true)}
        </nav>
    }
}
