//! `/triage`: referrals still open (or with one status), the most urgent first and then
//! the oldest, with their age in working days against the contact target and a flag on
//! those that may be for the same person as another open referral.

use super::inbox::referral_inbox;
use crate::{
    layout::{Problem, TableHead},
    models::{format_date, format_date_time, ReferralStatus, Urgency},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The inbox's columns, also named beside each value when the table stacks.
const COLUMNS: [&str; 6] = ["Name", "Reference", "From", "Urgency", "Received", "Status"];

/// The tag on an urgent referral.
pub(super) fn urgent_tag() -> impl IntoView {
    view! { <strong class="nhsuk-tag nhsuk-tag--red">"Urgent"</strong> }
}

/// The inbox's urgency column: the tag on an urgent referral, otherwise how soon in words.
fn urgency_cell(urgency: Urgency) -> AnyView {
    match urgency {
        Urgency::Urgent => urgent_tag().into_any(),
        Urgency::Soon => "Soon".into_any(),
        Urgency::NotUrgent => "Not urgent".into_any(),
    }
}

/// The inbox page.
#[component]
pub fn InboxPage() -> impl IntoView {
    let query = use_query_map();
    let status = Memo::new(move |_| query.with(|q| q.get("status").unwrap_or_default()));
    let inbox = Resource::new(move || status.get(), referral_inbox);
    let tab = move |code: &'static str, words: &'static str| {
        let current = move || status.get() == code;
        view! {
            <li class="dsr-tabs__item">
                <a href=if code.is_empty() { "/triage".to_owned() } else { format!("/triage?status={code}") }
                    aria-current=move || current().then_some("page")>{words}</a>
            </li>
        }
    };
    view! {
        <Title text="Referrals - Dynamic Support Register"/>
        <h1>"Referrals"</h1>
        <nav aria-label="Referrals by status">
            <ul class="dsr-tabs">
                {tab("", "Open")}
                {ReferralStatus::ALL.iter().map(|s| tab(s.code(), s.label())).collect_view()}
            </ul>
        </nav>
        <Suspense fallback=|| view! { <p>"Loading referrals…"</p> }>
            {move || Suspend::new(async move {
                match inbox.await {
                    Err(error) => view! { <Problem error/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>"There are no referrals here."</p> }.into_any(),
                    // The NHS responsive table: on a narrow screen (or zoomed in) each
                    // referral stacks, every value beside its column's name. Without the
                    // template's ARIA roles, which the Nu HTML Checker rejects on a table's
                    // rows and cells.
                    Ok(list) => view! {
                        <table class="nhsuk-table-responsive">
                            <caption class="nhsuk-table__caption">{format!("{} referrals, most urgent first, then oldest first", list.len())}</caption>
                            <TableHead columns=&COLUMNS/>
                            <tbody class="nhsuk-table__body">
                                {list.into_iter().map(|r| {
                                    let cell = |column: usize, content: AnyView| view! {
                                        <td class="nhsuk-table__cell">
                                            <span class="nhsuk-table-responsive__heading" aria-hidden="true">{format!("{} ", COLUMNS[column])}</span>
                                            <span>{content}</span>
                                        </td>
                                    };
                                    view! {
                                        <tr class="nhsuk-table__row">
                                            {cell(0, view! {
                                                <a href=format!("/triage/{}", r.id)>{r.name}</a>
                                                <br/><span class="nhsuk-body-s">{format!("Born {}", format_date(r.date_of_birth))}</span>
                                                {r.duplicate_referrals.into_iter().map(|d| view! {
                                                    <br/><span class="nhsuk-body-s">"Possible duplicate of referral "<a href=format!("/triage/{}", d.id)>{d.reference}</a></span>
                                                }).collect_view()}
                                                {(r.more_duplicates > 0).then(|| view! {
                                                    <br/><span class="nhsuk-body-s">{format!("and {} more", r.more_duplicates)}</span>
                                                })}
                                            }.into_any())}
                                            {cell(1, r.reference.into_any())}
                                            {cell(2, if r.from_professional { "Professional" } else { "Self-referral" }.into_any())}
                                            {cell(3, urgency_cell(r.urgency))}
                                            {cell(4, view! {
                                                {format_date_time(r.received_at)}
                                                <br/><span class="nhsuk-body-s">{super::working_days_ago(r.working_days)}</span>
                                            }.into_any())}
                                            {cell(5, view! {
                                                <strong class="nhsuk-tag nhsuk-tag--grey">{r.status.label()}</strong>
                                                {r.overdue.then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--red">"Contact overdue"</strong> })}
                                            }.into_any())}
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
