//! `/meetings/{id}/minutes`: a DSR meeting's minutes, assembled from what it recorded:
//! attendance, then each person discussed with their rating, the discussion and
//! decisions, and the actions agreed. Printed, each person starts a new page and the
//! portal's navigation is left out. The chair or note-taker records when they were sent
//! round.

use super::{
    minutes::{get_minutes, MarkCirculated},
    recording_panel::EntryLine,
    wire::{Minutes, MinutesPerson},
};
use crate::{
    auth::shown_once::refused_form,
    drafts::DraftedForm,
    layout::{summary_for, DateField, Problem, RatingTag, TableHead},
    models::{format_date, Attendee, SavedAction},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The page.
#[component]
pub fn MinutesPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let circulate = ServerAction::<MarkCirculated>::new();
    let minutes = Resource::new(
        move || (id.get(), circulate.version().get()),
        |(id, _)| get_minutes(id),
    );
    let error = Signal::derive(move || circulate.value().get().and_then(Result::err));
    let refused = refused_form(None);
    view! {
        <Title text=crate::layout::title_text(move || format!("{}Minutes - Dynamic Support Register", if error.try_get().flatten().is_some() { "Error: " } else { "" }))/>
        <a class="nhsuk-back-link dsr-no-print" href="/meetings">"Back to DSR meetings"</a>
        {move || error.get().map(|e| summary_for(&e, "circulated_day"))}
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                if let Some(kept) = refused {
                    if let Some(kept) = kept.await {
                        provide_context(kept);
                    }
                }
                match minutes.await {
                    Ok(minutes) => view! { <MinutesBody minutes circulate error/> }.into_any(),
                    Err(error) => view! { <Problem error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The minutes themselves.
#[component]
fn MinutesBody(
    minutes: Minutes,
    circulate: ServerAction<MarkCirculated>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let meeting = minutes.meeting;
    let title = meeting.title();
    let (present, apologies): (Vec<Attendee>, Vec<Attendee>) =
        minutes.attendance.into_iter().partition(|a| a.present);
    let (full, lines): (Vec<MinutesPerson>, Vec<MinutesPerson>) = minutes
        .people
        .into_iter()
        .partition(|p| matches!(p, MinutesPerson::Full { .. }));
    let unseen = minutes.unseen;
    let no_lines = lines.is_empty();
    let discussed = full.len() + lines.len() + unseen as usize;
    let circulated = meeting
        .circulated_on
        .map_or("Not yet".to_owned(), format_date);
    let form = minutes.may_circulate.then(|| {
        view! {
            <div class="dsr-no-print">
                <h2>"When were the minutes sent round?"</h2>
                <DraftedForm action=circulate name=format!("minutes-circulated:{}", meeting.id)>
                    <input type="hidden" name="meeting_id" value=meeting.id.to_string()/>
                    <input type="hidden" name="version" value=meeting.version.to_string()/>
                    <DateField prefix="circulated" legend="Day the minutes were sent round" value=meeting.circulated_on error/>
                    <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Save the day"</button>
                </DraftedForm>
            </div>
        }
    });
    view! {
        <Title text={
            let title = title.clone();
            crate::layout::title_text(move || format!("{}Minutes: {title} - Dynamic Support Register", if error.try_get().flatten().is_some() { "Error: " } else { "" }))
        }/>
        <article class="dsr-minutes">
            <h1>{format!("Minutes: {title}")}</h1>
            <dl class="nhsuk-summary-list">
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"Chair"</dt>
                    <dd class="nhsuk-summary-list__value">{meeting.chair}</dd>
                </div>
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"Notes taken by"</dt>
                    <dd class="nhsuk-summary-list__value">{meeting.note_taker.unwrap_or_else(|| "The chair".to_owned())}</dd>
                </div>
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"Sent round on"</dt>
                    <dd class="nhsuk-summary-list__value">{circulated}</dd>
                </div>
                <div class="nhsuk-summary-list__row">
                    <dt class="nhsuk-summary-list__key">"People discussed"</dt>
                    <dd class="nhsuk-summary-list__value">{discussed.to_string()}</dd>
                </div>
            </dl>
            <h2>"Attendance"</h2>
            <NameList heading="Present" people=present/>
            <NameList heading="Apologies" people=apologies/>
            {full.into_iter().map(|p| view! { <PersonMinutes p title=title.clone()/> }).collect_view()}
            {(!no_lines || unseen > 0).then(|| view! {
                <section class="dsr-minutes-others">
                    <h2>"Others discussed"</h2>
                    {(!no_lines).then(|| view! { <p>"You are not linked to these people, so only that they were discussed is shown."</p> })}
                    <ul>
                        {lines.into_iter().map(|p| match p {
                            MinutesPerson::Line { name, rating } => view! { <li>{name}", " {rating.label()}": discussed"</li> }.into_any(),
                            MinutesPerson::Full { .. } => ().into_any(),
                        }).collect_view()}
                    </ul>
                    {(unseen > 0).then(|| view! { <p>{match (no_lines, unseen) {
                        (true, 1) => "1 person you are not linked to was discussed.".to_owned(),
                        (true, n) => format!("{n} people you are not linked to were discussed."),
                        (false, n) => format!("And {n} more you cannot see on the register."),
                    }}</p> })}
                </section>
            })}
        </article>
        {form}
    }
}

/// A list of names with their agencies under `heading`, or "None".
#[component]
fn NameList(heading: &'static str, people: Vec<Attendee>) -> impl IntoView {
    view! {
        <h3>{heading}</h3>
        {if people.is_empty() {
            view! { <p>"None recorded."</p> }.into_any()
        } else {
            view! {
                <ul>
                    {people.into_iter().map(|a| view! { <li>{format!("{}, {}", a.name, a.agency)}</li> }).collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
}

/// One person discussed, in full: rating, discussion and decisions, actions agreed.
#[component]
fn PersonMinutes(p: MinutesPerson, title: String) -> impl IntoView {
    let MinutesPerson::Full {
        id,
        name,
        rating,
        entries,
        actions,
    } = p
    else {
        return ().into_any();
    };
    let actions = (!actions.is_empty()).then(|| view! { <ActionsAgreed actions/> });
    let label = name.clone();
    view! {
        <section class="dsr-minutes-person" aria-label=label>
            <p class="dsr-print-only">{format!("Minutes: {title}")}</p>
            <h2><a href=format!("/people/{id}")>{name}</a>" " <RatingTag rating/></h2>
            {if entries.is_empty() {
                view! { <p>"No discussion was recorded."</p> }.into_any()
            } else {
                view! {
                    <h3>"Discussion and decisions"</h3>
                    <ol class="nhsuk-list dsr-entries">
                        {entries.into_iter().map(|entry| view! { <EntryLine entry/> }).collect_view()}
                    </ol>
                }
                .into_any()
            }}
            {actions}
        </section>
    }
    .into_any()
}

/// The actions a meeting agreed for one person.
#[component]
fn ActionsAgreed(actions: Vec<SavedAction>) -> impl IntoView {
    view! {
        <table class="nhsuk-table">
            <caption class="nhsuk-table__caption">"Actions agreed"</caption>
            <TableHead columns=&["What", "Owner", "Due", "Where it stands"]/>
            <tbody class="nhsuk-table__body">
                {actions.into_iter().map(|a| view! {
                    <tr class="nhsuk-table__row">
                        <td class="nhsuk-table__cell dsr-rationale">{a.action.what.clone()}</td>
                        <td class="nhsuk-table__cell">{a.action.owner.describe()}</td>
                        <td class="nhsuk-table__cell">{format_date(a.due_on)}</td>
                        <td class="nhsuk-table__cell">{a.status.label()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
