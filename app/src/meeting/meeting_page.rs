//! `/register/meeting`: a DSR meeting. Without `?person=` it lists the agenda; with it,
//! it shows that person's record with previous and next links in agenda order.

use super::{agenda::Agenda, get_agenda::get_agenda};
use crate::{
    feed::{FeedStatus, FeedStatusLine},
    layout::{Problem, RatingTag},
    models::{format_date, BoardCard, PersonId},
    people::{get_person::get_person, RatingActions, Record},
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

/// The link that opens `person` in the meeting view.
pub fn meeting_href(person: PersonId) -> String {
    format!("/register/meeting?person={person}")
}

/// The meeting page.
#[component]
pub fn MeetingPage() -> impl IntoView {
    let params = use_query_map();
    let asked = Memo::new(move |_| params.read().get("person"));
    let current = Memo::new(move |_| asked.get().and_then(|p| p.parse::<PersonId>().ok()));
    let actions = RatingActions::for_page();
    let role = RwSignal::new(Role::OnMyOwn);
    let reload = RwSignal::new(0u32);
    let announcement = RwSignal::new(String::new());
    let (status, set_status) = signal(FeedStatus::Connecting);
    let agenda_read = Resource::new(|| (), |_| get_agenda());
    // The agenda on screen: read once, then kept current from the feed.
    let agenda = RwSignal::new(None::<Agenda>);
    let record = Resource::new(
        move || (asked.get(), actions.action.version().get(), reload.get()),
        |(person, _, _)| async move {
            match person {
                Some(id) => get_person(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let navigate = use_navigate();
    let open = Callback::new(move |person: PersonId| {
        navigate(&meeting_href(person), Default::default());
    });
    #[cfg(feature = "hydrate")]
    {
        let move_chair = ServerAction::<super::move_chair::MoveChair>::new();
        // The chair shares every person they open (and where they are on becoming chair).
        Effect::new(move |_| {
            if let (Role::Chair, Some(person)) = (role.get(), current.get()) {
                move_chair.dispatch(super::move_chair::MoveChair {
                    person_id: person.to_string(),
                });
            }
        });
        // A follower opens whoever the chair has open.
        Effect::new(move |_| {
            if role.get() != Role::Follower {
                return;
            }
            let chair = agenda.with(|a| a.as_ref().and_then(|a| a.chair));
            if let Some(chair) = chair {
                if current.get_untracked() != Some(chair.person) {
                    open.run(chair.person);
                }
            }
        });
        super::keys::arrow_keys(
            move || neighbours(agenda, current),
            move |person| {
                leave_follow(role);
                open.run(person);
            },
        );
        crate::feed::start_after_first_read(
            move || agenda.with(|a| a.as_ref().map(|a| a.head)),
            move |head| {
                follow_feed(
                    head,
                    agenda,
                    current,
                    role,
                    reload,
                    announcement,
                    set_status,
                )
            },
        );
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (set_status, open, announcement, current);
    view! {
        <a class="nhsuk-back-link" href="/register">"Back to the register board"</a>
        <FeedStatusLine status/>
        <div class="nhsuk-u-visually-hidden" aria-live="polite" data-testid="announcements">{move || announcement.get()}</div>
        <RoleChoice role/>
        <Transition fallback=|| view! { <p>"Loading the meeting…"</p> }>
            {move || Suspend::new(async move {
                let read = match agenda_read.await {
                    Ok(read) => read,
                    Err(error) => return view! { <Problem error/> }.into_any(),
                };
                if agenda.with_untracked(Option::is_none) {
                    agenda.set(Some(read));
                }
                match record.await {
                    Ok(Some(record)) => {
                        let person = record.person.id;
                        view! { <OnePerson agenda person record actions role/> }.into_any()
                    }
                    Ok(None) => view! { <AgendaOverview agenda role/> }.into_any(),
                    Err(error) => view! { <Problem error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The people before and after the one open, in agenda order.
#[cfg(feature = "hydrate")]
fn neighbours(
    agenda: RwSignal<Option<Agenda>>,
    current: Memo<Option<PersonId>>,
) -> (Option<PersonId>, Option<PersonId>) {
    let Some(person) = current.get_untracked() else {
        return (None, None);
    };
    agenda.with_untracked(|a| {
        a.as_ref().map_or((None, None), |a| {
            let (prev, next) = a.neighbours(person);
            (prev.map(|c| c.id), next.map(|c| c.id))
        })
    })
}

/// Someone who moves on their own stops following the chair.
fn leave_follow(role: RwSignal<Role>) {
    if role.get_untracked() == Role::Follower {
        role.set(Role::OnMyOwn);
    }
}

/// Follows the feed: keeps the agenda's ratings and the chair's place current, re-reads
/// the open record when it changes, and tells screen readers what happened.
#[cfg(feature = "hydrate")]
fn follow_feed(
    head: i64,
    agenda: RwSignal<Option<Agenda>>,
    current: Memo<Option<PersonId>>,
    role: RwSignal<Role>,
    reload: RwSignal<u32>,
    announcement: RwSignal<String>,
    set_status: WriteSignal<FeedStatus>,
) {
    use crate::models::BoardChange;
    use std::rc::Rc;
    let handlers = crate::feed::FeedHandlers {
        on_change: Rc::new(move |change: BoardChange| {
            agenda.update(|a| {
                if let Some(a) = a {
                    a.apply(&change);
                }
            });
            if change.changes_record() {
                if current.get_untracked() == Some(change.person) {
                    reload.update(|n| *n += 1);
                }
                announcement.set(crate::register::live_board::announce(&change));
            } else if role.get_untracked() == Role::Follower {
                announcement.set(format!("The chair moved on to {}.", change.card.name));
            }
        }),
        on_reset: Rc::new(|| {
            let _ = window().location().reload();
        }),
    };
    crate::feed::follow(head, handlers, set_status);
}

/// The choice of chairing, following or going alone. It needs JavaScript, so it appears
/// once the page is running in the browser.
#[component]
fn RoleChoice(role: RwSignal<Role>) -> impl IntoView {
    let running = RwSignal::new(false);
    Effect::new(move |_| running.set(true));
    let choices = [
        (Role::OnMyOwn, "own", "Go through the agenda on my own"),
        (
            Role::Chair,
            "chair",
            "Chair the meeting: attendees can follow my screen",
        ),
        (Role::Follower, "follow", "Follow the chair's screen"),
    ];
    let explain = move || match role.get() {
        Role::OnMyOwn => "",
        Role::Chair => "Attendees who follow the chair see the person you have open.",
        Role::Follower => {
            "Your screen opens whoever the chair has open. Moving on yourself stops following."
        }
    };
    view! {
        <Show when=move || running.get()>
            <div class="nhsuk-form-group dsr-meeting-role">
                <fieldset class="nhsuk-fieldset" aria-describedby="meeting-role-hint">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"How are you taking part?"</legend>
                    <div class="nhsuk-hint" id="meeting-role-hint">
                        "Use the left and right arrow keys to move between people when you are not typing."
                    </div>
                    <div class="nhsuk-radios nhsuk-radios--small">
                        {choices
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
                                            on:change=move |_| role.set(value)
                                        />
                                        <label class="nhsuk-label nhsuk-radios__label" for=id>{label}</label>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
                <p class="dsr-meeting-role__now" role="status">{explain}</p>
            </div>
        </Show>
    }
}

/// The agenda before anyone is opened.
#[component]
fn AgendaOverview(agenda: RwSignal<Option<Agenda>>, role: RwSignal<Role>) -> impl IntoView {
    let count = move || agenda.with(|a| a.as_ref().map_or(0, |a| a.people.len()));
    let first = move || agenda.with(|a| a.as_ref().and_then(|a| a.people.first().map(|c| c.id)));
    view! {
        <Title text="DSR meeting agenda - Dynamic Support Register"/>
        <h1>"DSR meeting agenda"</h1>
        <p class="nhsuk-lede-text">
            "Everyone rated Blue, Red or Amber, then Green people whose review is due. "
            "The order is set when you open this page; ratings change live."
        </p>
        {move || match first() {
            Some(first) => view! {
                <p>{count} " people on the agenda."</p>
                <a class="nhsuk-button" href=meeting_href(first) on:click=move |_| leave_follow(role)>
                    "Start with the first person"
                </a>
            }
            .into_any(),
            None => view! { <p>"No one is on the agenda today."</p> }.into_any(),
        }}
        <AgendaList agenda open=None role/>
    }
}

/// One person's record in the meeting, with previous and next in agenda order.
#[component]
fn OnePerson(
    agenda: RwSignal<Option<Agenda>>,
    person: PersonId,
    record: crate::people::get_person::PersonRecord,
    actions: RatingActions,
    role: RwSignal<Role>,
) -> impl IntoView {
    let caption = Signal::derive(move || {
        agenda.with(|a| match a.as_ref() {
            Some(a) => match a.position(person) {
                Some(at) => format!("DSR meeting: {} of {}", at + 1, a.people.len()),
                None => "DSR meeting: not on the agenda".to_owned(),
            },
            None => "DSR meeting".to_owned(),
        })
    });
    let side = move |which: bool| {
        agenda.with(|a| {
            a.as_ref().and_then(|a| {
                let (prev, next) = a.neighbours(person);
                if which { next } else { prev }.map(|c| (c.id, c.name.clone()))
            })
        })
    };
    let link = move |which: bool| {
        side(which).map(|(id, name)| {
            let (item, class, title) = if which {
                (
                    "nhsuk-pagination-item--next",
                    "nhsuk-pagination__link nhsuk-pagination__link--next",
                    "Next",
                )
            } else {
                (
                    "nhsuk-pagination-item--previous",
                    "nhsuk-pagination__link nhsuk-pagination__link--prev",
                    "Previous",
                )
            };
            view! {
                <li class=item>
                    <a class=class href=meeting_href(id) on:click=move |_| leave_follow(role)>
                        <span class="nhsuk-pagination__title">{title}</span>
                        <span class="nhsuk-u-visually-hidden">": "</span>
                        <span class="nhsuk-pagination__page">{name}</span>
                    </a>
                </li>
            }
        })
    };
    let count = move || agenda.with(|a| a.as_ref().map_or(0, |a| a.people.len()));
    view! {
        <nav class="nhsuk-pagination" role="navigation" aria-label="Agenda">
            <ul class="nhsuk-list nhsuk-pagination__list">
                {move || link(false)}
                {move || link(true)}
            </ul>
        </nav>
        <Record record actions caption/>
        <details class="nhsuk-details">
            <summary class="nhsuk-details__summary">
                <span class="nhsuk-details__summary-text">"The whole agenda (" {count} " people)"</span>
            </summary>
            <div class="nhsuk-details__text">
                <AgendaList agenda open=Some(person) role/>
            </div>
        </details>
    }
}

/// The agenda as a numbered list of links, with each person's rating and review date.
#[component]
fn AgendaList(
    agenda: RwSignal<Option<Agenda>>,
    open: Option<PersonId>,
    role: RwSignal<Role>,
) -> impl IntoView {
    let entry = move |card: BoardCard, today: chrono::NaiveDate| {
        let due = if card.is_overdue(today) {
            format!("review overdue since {}", format_date(card.review_due))
        } else if card.review_due == today {
            "review due today".to_owned()
        } else {
            format!("review due {}", format_date(card.review_due))
        };
        let here = open == Some(card.id);
        view! {
            <li aria-current=here.then_some("true")>
                <a href=meeting_href(card.id) on:click=move |_| leave_follow(role)>{card.name}</a>
                " " <RatingTag rating=card.rating/> " " {due}
            </li>
        }
    };
    view! {
        <ol class="dsr-agenda" aria-label="Agenda">
            {move || agenda.with(|a| a.as_ref().map(|a| {
                let today = a.today;
                a.people.iter().cloned().map(|c| entry(c, today)).collect_view()
            }))}
        </ol>
    }
}
