//! `/register/meeting`: a DSR meeting. Without `?person=` it lists the agenda a page at a
//! time (`?page=`); with it, it shows that person's record with previous and next links in agenda order.

use super::{
    agenda::{Meeting, MeetingView, Neighbour, Place},
    chair_control::{ChairControl, ChairElsewhereNote, ChairNews},
    change_agenda::AgendaChangeForm,
    get_meeting::get_meeting,
    go_to_person::{GoToErrorSummary, GoToForm},
    href::meeting_href,
    live_meeting::LiveMeeting,
    record_entry::RecordEntry,
    recording_panel::RecordingPanel,
    role_choice::RoleChoice,
    taking_part::{leave_follow, Role},
    wire::Recording,
};
use crate::{
    feed::{FeedStatus, FeedStatusLine},
    layout::{live_part, Problem, RatingTag},
    models::{format_date, PersonId, ShownCard},
    people::{RatingActions, Record},
    register::board_query::PAGE_SIZE,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

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
    let live = LiveMeeting::new(reload, announcement);
    Effect::new(move |_| live.running.set(true));
    let navigate = use_navigate();
    let open = Callback::new(move |person: PersonId| {
        navigate(&meeting_href(person), Default::default());
    });
    let chair = ChairControl::new(live, role, current);
    super::go_to_person::GoToActions::provide();
    // Who is on the agenda changed: the open person's place is read again.
    let agenda_changed = Callback::new(move |_| {
        live.forget_place();
        reload.update(|n| *n += 1);
    });
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
            let chair = live
                .shown
                .with(|m| m.as_ref().and_then(|m| m.chair.as_ref()?.person));
            if let Some(person) = chair {
                if current.get_untracked() != Some(person) {
                    open.run(person);
                }
            }
        });
        // Moving to another person puts focus on their name: a screen reader says who it
        // is, and Tab goes on from there rather than from the foot of the page.
        Effect::new(move |before: Option<Option<PersonId>>| {
            let shown = live.shown.with(|m| match m.as_ref().map(|m| &m.view) {
                Some(MeetingView::Person { record, .. }) => Some(record.person.id),
                _ => None,
            });
            if shown.is_some() && before.is_some_and(|was| was != shown) {
                request_animation_frame(focus_heading);
            }
            shown
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
        <GoToErrorSummary/>
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
                        view! { <AgendaPage live page total=meeting.total chosen=meeting.agenda_meeting.is_some() discussed=meeting.discussed own_only=meeting.own_only role/> }.into_any()
                    }
                    MeetingView::Person { record, recording, .. } => {
                        let place = live.place_of(record.person.id);
                        let marks = meeting
                            .since
                            .as_ref()
                            .map(|since| since.marks(&record.person.card(record.today)))
                            .unwrap_or_default();
                        view! { <OnePerson record=*record place total marks actions role recording entry_action agenda_meeting=meeting.agenda_meeting discussed=meeting.discussed agenda_changed/> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// Moves focus to the page's main heading (the open person's name).
#[cfg(feature = "hydrate")]
fn focus_heading() {
    use leptos::wasm_bindgen::JsCast;
    if let Some(heading) = document()
        .query_selector("#maincontent h1")
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = heading.set_attribute("tabindex", "-1");
        let _ = heading.focus();
    }
}

/// A page of the agenda, before anyone is opened.
#[component]
fn AgendaPage(
    live: LiveMeeting,
    page: u32,
    total: i64,
    /// Whether the agenda was chosen for today's meeting.
    chosen: bool,
    /// How many that meeting has discussed so far.
    discussed: Option<i64>,
    own_only: bool,
    role: RwSignal<Role>,
) -> impl IntoView {
    // Each person with what changed since the last meeting (kept current as cards change).
    let people = move || -> Vec<Entry> {
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
        <p class="nhsuk-lede-text">{if chosen {
            "Chosen for today's meeting when it was set up (everyone rated Blue, Red or Amber, Green people whose review was due, and people new since the last meeting), with anyone the chair has put on or taken off since. Each rating starts with the soonest review."
        } else {
            "Everyone rated Blue, Red or Amber, then Green people whose review is due. Each group starts with the soonest review."
        }}</p>
        {if total == 0 {
            view! { <p>"No one is on the agenda today."</p> }.into_any()
        } else if own_only {
            view! { <p>"You see the people on the agenda you are linked to, and in brief anyone else on it your agency's wider view shows. While a meeting runs, the LDA team can mark your agency as attending: you then see the whole agenda, in brief where you are not linked."</p> }.into_any()
        } else {
            let progress = match discussed {
                Some(d) => format!("{total} people on the agenda; {d} of {total} discussed so far."),
                None => format!("{total} people on the agenda."),
            };
            view! { <p>{progress}</p> }.into_any()
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
        // The server sends kept HTML (see `kept_agenda`); once the page is running, the
        // browser draws live entries from the same data.
        {live_part(move || {
            if live.running.get() {
                let entries = people()
                    .into_iter()
                    .map(|(card, today, marks)| view! { <AgendaEntry card today marks role/> })
                    .collect_view();
                view! { <ol class="dsr-agenda" aria-label="Agenda" start=start>{entries}</ol> }.into_any()
            } else {
                view! { <ol class="dsr-agenda" aria-label="Agenda" start=start inner_html=kept_agenda(&people(), role)></ol> }.into_any()
            }
        })}
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

/// One person on the agenda: the card, the day and the marks since the last meeting.
type Entry = (ShownCard, chrono::NaiveDate, Vec<crate::models::SinceMark>);

/// The HTML of `entries` on the server, each entry drawn once and kept by this instance
/// (its HTML depends on the card, the day and the marks); nothing in the browser, which
/// keeps what the server sent until it draws its own.
fn kept_agenda(entries: &[Entry], role: RwSignal<Role>) -> String {
    #[cfg(feature = "ssr")]
    if let Ok(state) = crate::state::AppState::current() {
        use crate::{
            layout::KeptHtml,
            register::card_html::{card_key, CardKey},
        };
        let kept = state.kept::<KeptHtml<(CardKey, Vec<crate::models::SinceMark>)>>();
        return kept.list(
            entries,
            |(card, today, marks)| (card_key(card, *today), marks.clone()),
            |(card, today, marks)| {
                view! { <AgendaEntry card=card.clone() today=*today marks=marks.clone() role/> }
                    .to_html()
            },
        );
    }
    let _ = (entries, role);
    String::new()
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
    // Chosen for the meeting, but has left the register since: shown as left.
    let left = card.full().and_then(|c| c.left_on);
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
            {left.map(|on| view! { " " <strong class="dsr-flag">{format!("Left the register on {}", format_date(on))}</strong> })}
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
    /// The meeting whose chosen agenda is shown, if one is.
    agenda_meeting: Option<crate::models::MeetingId>,
    /// How many people that meeting has discussed so far.
    discussed: Option<i64>,
    /// Runs once the meeting's agenda changed.
    agenda_changed: Callback<()>,
) -> impl IntoView {
    // What the policy asks for and the record's actions, so the meeting reviews them.
    let dues = view! {
        <crate::people::ctrs::CtrsOnRecord record=record.clone()/>
        <crate::actions::ActionsOnRecord actions=record.actions.clone() person=record.person.id.to_string() open=record.person.left_on.is_none() today=record.today/>
    };
    let discussed = discussed
        .map(|d| format!(" · {d} discussed"))
        .unwrap_or_default();
    // The chair or note-taker of the meeting whose agenda this is changes who is on it.
    let agenda_change = recording
        .as_ref()
        .filter(|r| r.may_record && agenda_meeting.is_none_or(|m| m == r.meeting.id))
        .map(|r| {
        view! {
            <AgendaChangeForm meeting=r.meeting.id person=record.person.id name=record.person.full_name()
                on_agenda=place.position.is_some() on_changed=agenda_changed/>
        }
    });
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
        <Record record actions caption marks also_refused=Signal::derive(move || matches!(entry_action.value().get(), Some(Err(_))))>{panel}{agenda_change}</Record>
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
