//! `/people/{id}`: a person's details and full rating history, newest first.

use super::{
    get_person::get_person, sections::SummaryList, wire::PersonRecord, RatingActions, RatingForm,
};
use crate::{
    layout::{Problem, RatingTag, TableHead},
    models::{format_date, format_date_time, ConsentStanding, PersonId, RecordedDeparture},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The person page.
#[component]
pub fn PersonPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let actions = RatingActions::for_page();
    let reload = RwSignal::new(0u32);
    let (status, set_status) = signal(crate::feed::FeedStatus::Connecting);
    let refreshes =
        crate::feed::Refreshes::new((id.get_untracked(), actions.action.version().get_untracked()));
    let record = Resource::new(
        move || (id.get(), actions.action.version().get(), reload.get()),
        move |(id, version, reloads)| {
            let refresh = refreshes.is_refresh((id.clone(), version), reloads);
            get_person(id, refresh)
        },
    );
    let team_change = ServerAction::<super::record_team::ChangeLink>::new();
    let team = super::record_team::team_resource(id, reload, team_change);
    // Follow the feed from the first read: a change to this person re-reads the record.
    #[cfg(feature = "hydrate")]
    crate::feed::start_after_first_read(
        move || record.get().and_then(|r| r.ok()).map(|r| r.head),
        move |head| {
            let person = params.read_untracked().get("id").unwrap_or_default();
            let handlers = crate::feed::FeedHandlers {
                on_change: std::rc::Rc::new(move |entry: crate::models::FeedEntry| {
                    let person_changed = match &entry {
                        crate::models::FeedEntry::Change(change) => {
                            change.changes_record().then_some(change.person)
                        }
                        // Access to the record was lost: reading it again says so.
                        crate::models::FeedEntry::Brief(brief) => Some(brief.card.id),
                        crate::models::FeedEntry::ChairElsewhere(_)
                        | crate::models::FeedEntry::ChairChanged(_) => None,
                    };
                    if person_changed.is_some_and(|p| p.to_string().eq_ignore_ascii_case(&person)) {
                        reload.update(|n| *n += 1);
                    }
                }),
                on_reset: std::rc::Rc::new(move || reload.update(|n| *n += 1)),
            };
            crate::feed::follow(head, handlers, set_status);
        },
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = set_status;
    view! {
        <a class="nhsuk-back-link" href="/register">"Back to the register board"</a>
        <crate::feed::FeedStatusLine status/>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                actions.ready().await;
                match record.await {
                    Ok(record) => {
                        let person_id = record.person.id.to_string();
                        let leave = record.person.left_on.is_none().then(|| view! {
                            <h2 class="nhsuk-heading-m">"Leaving the register"</h2>
                            <p><a href=format!("/people/{person_id}/leave")>"Take off the register"</a>" if the risk has reduced, consent is withdrawn, or they move away."</p>
                        });
                        view! {
                            <Record record=record.clone() actions also_refused=Signal::derive(move || matches!(team_change.value().get(), Some(Err(_))))/>
                            <super::sections::RecordSections record=record.clone()/>
                            <super::ctrs::CtrsOnRecord record=record.clone()/>
                            <crate::actions::ActionsOnRecord actions=record.actions person=person_id.clone() open=record.person.left_on.is_none() today=record.today/>
                            <super::record_team::RecordTeamSection person_id=person_id.clone() team change=team_change/>
                            <h2 class="nhsuk-heading-m">"History"</h2>
                            <p><a href=format!("/people/{person_id}/history")>"See every change to this record"</a>", with who made it and what each field was before."</p>
                            {leave}
                        }
                        .into_any()
                    }
                    Err(error) => view! { <Problem error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The soonest open C(E)TR the policy asks for on `record` (community, post-admission or
/// inpatient follow-up).
fn next_ctr(record: &PersonRecord) -> Option<crate::models::DueItem> {
    use crate::models::Rule;
    super::ctrs::due_items(record).into_iter().find(|item| {
        item.status.is_open()
            && matches!(
                item.rule,
                Rule::CommunityCtr | Rule::PostAdmissionCtr | Rule::FollowUpCtr
            )
    })
}

/// The record itself: heading, current rating, details, rating form and history. The
/// meeting view shows it with a `caption` above the name saying where on the agenda it is;
/// there the current rating also says why (the latest reason) and what is due, so a
/// projected first screen holds the essentials, and `children` (the meeting's recording
/// panel) follow it.
#[component]
pub fn Record(
    record: PersonRecord,
    actions: RatingActions,
    #[prop(optional, into)] caption: Option<String>,
    #[prop(optional)] children: Option<Children>,
    /// Whether another form on the page (the team, the meeting's entry) was refused: the
    /// title then starts "Error:" too.
    #[prop(optional, into)]
    also_refused: Option<Signal<bool>>,
    /// In a meeting: what changed since the last one.
    #[prop(optional)]
    marks: Vec<crate::models::SinceMark>,
) -> impl IntoView {
    let details = view! { <super::sections::RecordDetails record=record.clone()/> };
    let overdue_counts = OverdueCounts::of(&record);
    // In a meeting: the C(E)TR the policy asks for next, when it is not the card's next item.
    let ctr_due = caption
        .as_ref()
        .and_then(|_| next_ctr(&record))
        .filter(|item| {
            record
                .person
                .card(record.today)
                .detail
                .next_due
                .map(|n| n.rule)
                != Some(item.rule)
        })
        .map(|item| {
            let when = format_date(item.due_on);
            match item.status {
                crate::models::DueStatus::Overdue => (
                    format!("Overdue: {}, was due {when}", item.rule.label()),
                    true,
                ),
                _ => (format!("{}: due {when}", item.rule.label()), false),
            }
        });
    let PersonRecord {
        person,
        history,
        consent,
        departures,
        reviews,
        today,
        ..
    } = record;
    let id = person.id;
    let closed = person.left_on.is_some();
    let standing = ConsentStanding::on(person.consent_due, today);
    let card = person.card(today);
    let overdue = card.is_overdue(today);
    // In a meeting: what is due, and why the rating is what it is.
    let meeting = caption.is_some();
    let dues = meeting.then(|| {
        let consent = card.detail.consent.flag().map(|flag| {
            let late = !matches!(card.detail.consent, ConsentStanding::Due(_));
            (flag.to_owned(), late)
        });
        let lines = card
            .due_lines(today)
            .into_iter()
            .chain(ctr_due)
            .chain(consent)
            .map(|(words, late)| view! { <li><crate::layout::DueWords words late/></li> })
            .collect_view();
        view! { <ul class="nhsuk-list dsr-dues">{lines}</ul> }
    });
    let why = history
        .first()
        .filter(|_| meeting)
        .map(|h| view! { <p class="dsr-rationale dsr-why"><strong>"Why: "</strong>{h.rationale.clone()}</p> });
    let name = person.full_name();
    let title = match &caption {
        Some(c) => format!("{name} ({c}) - Dynamic Support Register"),
        None => format!("{name} - Dynamic Support Register"),
    };
    // A refused rating change marks the page's title, as the NHS pattern asks.
    let refused = move || {
        matches!(actions.action.value().get(), Some(Err(_)))
            // The title outlives the page briefly when leaving it: a form's state already
            // gone counts as not refused.
            || also_refused.is_some_and(|other| other.try_get().unwrap_or(false))
    };
    view! {
        <Title text=crate::layout::title_text(move || format!("{}{title}", if refused() { "Error: " } else { "" }))/>
        <h1>
            {caption.map(|c| view! { <span class="nhsuk-caption-l">{c}<span class="nhsuk-u-visually-hidden">" - "</span></span> })}
            {person.full_name()}
        </h1>
        {closed.then(|| view! { <ClosedBanner id departure=departures.first().cloned()/> })}
        <section class=format!("dsr-current dsr-current--{}", person.rating.code()) aria-labelledby="current-rating">
            <h2 class="nhsuk-heading-m" id="current-rating">"Current rating"</h2>
            <p><RatingTag rating=person.rating/> " since " {format_date_time(person.rating_since)} ", set by " {person.rating_set_by.clone()}</p>
            // The reason next to the rating, so it stays on the first screen.
            {why}
            <p class="dsr-review-due">
                {if overdue {
                    view! { <strong class="dsr-overdue">"Review overdue"</strong> " was due " {format_date(person.review_due)} }.into_any()
                } else {
                    view! { "Next review due " {format_date(person.review_due)} }.into_any()
                }}
            </p>
            {dues}
            // What changed since the last meeting: after the essentials, so they stay on
            // the first screen.
            <crate::layout::SinceMarks marks/>
            <p class="dsr-meaning">{person.rating.meaning()}</p>
            {overdue_counts.view(id)}
            {(!closed).then(|| view! {
                <a class="nhsuk-button dsr-button--review" href=format!("/people/{id}/review")>"Record review outcome"<span class="nhsuk-u-visually-hidden">{format!(" for {name}")}</span></a>
            })}
        </section>
        {children.map(|children| children())}
        <h2 class="nhsuk-heading-m">"Consent"</h2>
        {(!closed).then(|| view! { <ConsentLine standing/> })}
        {match consent.first() {
            None => view! { <p>"No consent is recorded."</p> }.into_any(),
            Some(c) => view! {
                <SummaryList rows=c.rows()/>
            }.into_any(),
        }}
        {(!closed).then(|| view! { <p><a href=format!("/people/{id}/consent")>"Record a consent check"<span class="nhsuk-u-visually-hidden">{format!(" for {name}")}</span></a></p> })}
        {details}
        {(!closed).then(|| view! {
            <h2 class="nhsuk-heading-m" id="change-rating">"Change rating between reviews"</h2>
            <RatingForm card actions sole_form=true/>
        })}
        <Reviews reviews/>
        <h2 class="nhsuk-heading-m">"Rating history"</h2>
        <table class="nhsuk-table">
            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Rating history, newest first"</caption>
            <TableHead columns=&["When", "Change", "Reason", "By"]/>
            <tbody class="nhsuk-table__body">
                {history
                    .into_iter()
                    .map(|h| view! {
                        <tr class="nhsuk-table__row">
                            <td class="nhsuk-table__cell">{format_date_time(h.changed_at)}</td>
                            <td class="nhsuk-table__cell">
                                {match h.from {
                                    Some(from) if from == h.to => view! { "Confirmed " <RatingTag rating=h.to/> }.into_any(),
                                    Some(from) => view! { <RatingTag rating=from/> " to " <RatingTag rating=h.to/> }.into_any(),
                                    None => view! { "Added as " <RatingTag rating=h.to/> }.into_any(),
                                }}
                            </td>
                            <td class="nhsuk-table__cell dsr-rationale">{h.rationale}</td>
                            <td class="nhsuk-table__cell">{h.changed_by}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// Whether the consent is current, due a re-check, overdue, or missing.
#[component]
fn ConsentLine(standing: ConsentStanding) -> impl IntoView {
    match standing {
        ConsentStanding::Current(due) => view! { <p>"Next consent check due " {format_date(due)}</p> }.into_any(),
        ConsentStanding::Due(due) => view! { <p><strong class="nhsuk-tag nhsuk-tag--yellow">"Consent re-check due"</strong> " by " {format_date(due)}</p> }.into_any(),
        ConsentStanding::Overdue(due) => view! { <p><strong class="nhsuk-tag nhsuk-tag--orange">"Consent re-check overdue"</strong> " was due " {format_date(due)}</p> }.into_any(),
        ConsentStanding::Missing => view! { <p><strong class="nhsuk-tag nhsuk-tag--orange">"Consent missing"</strong> " Nobody should be on the register without consent or a best-interests decision: record one now."</p> }.into_any(),
    }
}

/// A closed record: when and why the person left, and the way to reopen it.
#[component]
fn ClosedBanner(id: PersonId, departure: Option<RecordedDeparture>) -> impl IntoView {
    view! {
        <div class="nhsuk-warning-callout">
            <h2 class="nhsuk-warning-callout__label"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Record closed"</h2>
            {departure.map(|d| {
                let d_ = d.departure;
                view! {
                    <p>{format!("Left the register on {}: {}.", format_date(d_.left_on), d_.reason.label())}</p>
                    <dl class="nhsuk-summary-list">
                        <div class="nhsuk-summary-list__row">
                            <dt class="nhsuk-summary-list__key">"Decided by"</dt>
                            <dd class="nhsuk-summary-list__value">{d_.decided_by}</dd>
                        </div>
                        {(!d_.why.is_empty()).then(|| view! {
                            <div class="nhsuk-summary-list__row">
                                <dt class="nhsuk-summary-list__key">"Why"</dt>
                                <dd class="nhsuk-summary-list__value dsr-rationale">{d_.why}</dd>
                            </div>
                        })}
                        {(!d_.detail.is_empty()).then(|| view! {
                            <div class="nhsuk-summary-list__row">
                                <dt class="nhsuk-summary-list__key">"Details"</dt>
                                <dd class="nhsuk-summary-list__value">{d_.detail}</dd>
                            </div>
                        })}
                        <div class="nhsuk-summary-list__row">
                            <dt class="nhsuk-summary-list__key">"Recorded"</dt>
                            <dd class="nhsuk-summary-list__value">{format!("{} by {}", format_date_time(d.recorded_at), d.recorded_by)}</dd>
                        </div>
                    </dl>
                }
            })}
            <p>"The record is kept. The LDA team can reopen it with a new consent record."</p>
            <p><a href=format!("/people/{id}/consent")>"Reopen the record"</a></p>
        </div>
    }
}

/// Past reviews, newest first.
#[component]
fn Reviews(reviews: Vec<crate::models::RecordedReview>) -> impl IntoView {
    view! {
        <h2 class="nhsuk-heading-m">"Reviews"</h2>
        {if reviews.is_empty() {
            view! { <p>"No review is recorded yet."</p> }.into_any()
        } else {
            view! {
                <table class="nhsuk-table">
                    <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Reviews, newest first"</caption>
                    <TableHead columns=&["Held", "Outcome", "Who took part, and notes", "Next review"]/>
                    <tbody class="nhsuk-table__body">
                        {reviews.into_iter().map(|r| {
                            let v = r.review;
                            view! {
                                <tr class="nhsuk-table__row">
                                    <td class="nhsuk-table__cell">{format_date(v.held_on)}</td>
                                    <td class="nhsuk-table__cell">
                                        {if r.before == v.rating {
                                            view! { "Kept " <RatingTag rating=v.rating/> }.into_any()
                                        } else {
                                            view! { <RatingTag rating=r.before/> " to " <RatingTag rating=v.rating/> }.into_any()
                                        }}
                                        <p class="dsr-rationale">{v.rationale.as_str().to_owned()}</p>
                                    </td>
                                    <td class="nhsuk-table__cell dsr-rationale">{v.attendees}{(!v.notes.is_empty()).then(|| view! { <p>{v.notes}</p> })}</td>
                                    <td class="nhsuk-table__cell">
                                        {v.next_due.map(format_date)}
                                        {(!v.next_reason.is_empty()).then(|| view! { <p class="dsr-rationale">{v.next_reason}</p> })}
                                        <p class="nhsuk-body-s">{format!("Recorded by {}", r.recorded_by)}</p>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

/// How many of the policy's items and the record's actions are overdue: said near the top
/// of the record, with links down to each, so nobody has to scroll to find out.
struct OverdueCounts {
    policy: usize,
    actions: usize,
}

impl OverdueCounts {
    fn of(record: &PersonRecord) -> OverdueCounts {
        OverdueCounts {
            policy: super::ctrs::due_items(record)
                .iter()
                .filter(|i| i.status == crate::models::DueStatus::Overdue)
                .count(),
            actions: record
                .actions
                .iter()
                .filter(|a| a.is_overdue(record.today))
                .count(),
        }
    }

    /// "Overdue: 1 item the policy asks for, 2 actions", each linking to its section; nothing
    /// when nothing is overdue.
    fn view(self, id: PersonId) -> Option<impl IntoView> {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let policy = (self.policy > 0).then(|| view! {
            <a href=format!("/people/{id}#policy")>{plural(self.policy, "item the policy asks for", "items the policy asks for")}</a>
        });
        let actions = (self.actions > 0).then(|| view! {
            <a href=format!("/people/{id}#actions")>{plural(self.actions, "action", "actions")}</a>
        });
        let both = (self.policy > 0 && self.actions > 0).then_some(", ");
        (self.policy + self.actions > 0).then(|| view! {
            <p class="dsr-overdue-summary"><strong class="dsr-overdue">"Overdue"</strong> " "{policy}{both}{actions}</p>
        })
    }
}
