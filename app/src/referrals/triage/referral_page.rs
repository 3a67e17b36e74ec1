//! `/triage/{id}`: one referral, its answers and history, possible duplicates, and what
//! the coordinator records: a contact, a note, a new status, or accepting the person.

use super::{inbox::open_referral, inbox_page::urgent_tag, steps::RecordTriage};
use crate::{
    layout::{field_error, summary_for, Problem, RadiosField, TextAreaField},
    models::{format_date, format_date_time, ReferralAnswers, ReferralRecord, Urgency},
    referrals::{answer_rows, AnswerList, Subject},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The referral page.
#[component]
pub fn ReferralPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let action = ServerAction::<RecordTriage>::new();
    let record = Resource::new(
        move || (id.get(), action.version().get()),
        |(id, _)| open_referral(id),
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading the referral…"</p> }>
            {move || Suspend::new(async move {
                match record.await {
                    Err(error) => view! { <Problem error/> }.into_any(),
                    Ok(record) => referral_view(record, action).into_any(),
                }
            })}
        </Suspense>
    }
}

/// The referral, its history, and the triage form.
fn referral_view(record: ReferralRecord, action: ServerAction<RecordTriage>) -> impl IntoView {
    let s = &record.summary;
    let professional = record.referral.professional.is_some();
    let answers = ReferralAnswers::from(&record.referral);
    let subject = if professional {
        Subject::Person
    } else if record.referral.for_whom == Some(crate::models::ForWhom::Myself) {
        Subject::Myself
    } else {
        Subject::Child
    };
    let rows = answer_rows(&answers, subject, professional);
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let closed = s.status.is_closed();
    let (id, version) = (s.id.clone(), record.version);
    let accept_href = format!("/triage/{id}/accept");
    view! {
        <Title text={
            let reference = s.reference.clone();
            crate::layout::title_text(move || format!("{}Referral {reference} - Dynamic Support Register", if error.try_get().flatten().is_some() { "Error: " } else { "" }))
        }/>
        <a class="nhsuk-back-link" href="/triage">"Back to referrals"</a>
        <span class="nhsuk-caption-l">{format!("Referral {}", s.reference)}</span>
        <h1>{s.name.clone()}</h1>
        <p>
            <strong class="nhsuk-tag nhsuk-tag--grey">{s.status.label()}</strong>
            {(s.urgency == Urgency::Urgent).then(|| view! { " " {urgent_tag()} })}
            {s.overdue.then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--red">"Contact overdue"</strong> })}
        </p>
        <p>{format!("Received {} ({}). Born {}.", format_date_time(s.received_at), super::working_days_ago(s.working_days), format_date(s.date_of_birth))}</p>
        <p>{format!("Urgency: {}.", s.urgency.label())}</p>
        {record.referrer.clone().map(|r| view! { <p>{format!("Referred by {r}.")}</p> })}
        {record.person.map(|p| view! { <p><a href=format!("/people/{p}")>"Open their record on the register"</a></p> })}
        {(!record.possible_duplicates.is_empty() || !s.duplicate_referrals.is_empty()).then(|| view! {
            <div class="nhsuk-warning-callout">
                <h2 class="nhsuk-warning-callout__label"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Possible duplicate"</h2>
                {(!s.duplicate_referrals.is_empty()).then(|| view! {
                    <p>"Another open referral has the same name and date of birth:"</p>
                    <ul>
                        {s.duplicate_referrals.iter().map(|d| view! {
                            <li>"Possible duplicate of referral "<a href=format!("/triage/{}", d.id)>{d.reference.clone()}</a></li>
                        }).collect_view()}
                        {(s.more_duplicates > 0).then(|| view! {
                            <li>{format!("and {} more open referrals with the same name and date of birth", s.more_duplicates)}</li>
                        })}
                    </ul>
                })}
                {(!record.possible_duplicates.is_empty()).then(|| view! {
                    <p>"Someone already on the register may be the same person:"</p>
                    <ul>
                        {record.possible_duplicates.iter().map(|d| view! {
                            <li><a href=format!("/people/{}", d.person)>{d.name.clone()}</a>{format!(", born {}, matches on {}", format_date(d.date_of_birth), d.matched_on)}</li>
                        }).collect_view()}
                    </ul>
                })}
            </div>
        })}
        <h2>"Answers"</h2>
        <AnswerList rows/>
        <h2>"History"</h2>
        {if record.events.is_empty() {
            view! { <p>"Nothing recorded yet."</p> }.into_any()
        } else {
            view! {
                <ol class="nhsuk-list dsr-history">
                    {record.events.iter().map(|e| {
                        let what = match (e.kind.as_str(), e.status) {
                            ("contact", _) => "Contact".to_owned(),
                            ("note", _) => "Note".to_owned(),
                            (_, Some(status)) => format!("Status: {}", status.label()),
                            _ => e.kind.clone(),
                        };
                        view! {
                            <li>
                                <strong>{what}</strong>{format!(" by {}, {}", e.actor, format_date_time(e.at))}
                                {(!e.body.is_empty()).then(|| view! { <p class="dsr-pre-line">{e.body.clone()}</p> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        {(!closed).then(|| view! {
            <h2>"Record what happened"</h2>
            {move || error.get().map(|e| summary_for(&e, "step"))}
            <ActionForm action attr:novalidate=true>
                <input type="hidden" name="id" value=id.clone()/>
                <input type="hidden" name="version" value=version/>
                <RadiosField name="step" legend="What are you recording?"
                    options=vec![
                        ("contact".into(), "A contact with the family or referrer".into()),
                        ("note".into(), "A note".into()),
                        ("in_triage".into(), "Status: in triage".into()),
                        ("more_information".into(), "Status: more information needed".into()),
                        ("not_eligible".into(), "Status: not eligible".into()),
                    ]
                    error=field_error(error, "step")/>
                <TextAreaField name="body" label="Details" hint="Who was contacted and what was agreed, the note, or the reason for the status." error=field_error(error, "body")/>
                <button class="nhsuk-button" type="submit">"Save"</button>
            </ActionForm>
            <h2>"Accept onto the register"</h2>
            <p>"After assessment, add the person with their first rating and their consent record."</p>
            <a class="nhsuk-button nhsuk-button--secondary" role="button" draggable="false" href=accept_href.clone()>"Accept onto the register"</a>
        })}
    }
}
