//! `/triage`: referrals still open (or with one status), oldest first, with their age in
//! working days against the contact target.

use super::inbox::referral_inbox;
use crate::{
    layout::{Problem, TableHead},
    models::{format_date, format_date_time, ReferralStatus},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

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
                    // Scrolls sideways on a narrow screen rather than spilling off it.
                    Ok(list) => view! {
                        <div class="dsr-table-scroll" role="region" aria-label="Referrals" tabindex="0">
                        <table class="nhsuk-table">
                            <caption class="nhsuk-table__caption">{format!("{} referrals, oldest first", list.len())}</caption>
                            <TableHead columns=&["Name", "Reference", "From", "Received", "Status"]/>
                            <tbody class="nhsuk-table__body">
                                {list.into_iter().map(|r| view! {
                                    <tr class="nhsuk-table__row">
                                        <td class="nhsuk-table__cell">
                                            <a href=format!("/triage/{}", r.id)>{r.name}</a>
                                            <br/><span class="nhsuk-body-s">{format!("Born {}", format_date(r.date_of_birth))}</span>
                                        </td>
                                        <td class="nhsuk-table__cell">{r.reference}</td>
                                        <td class="nhsuk-table__cell">{if r.from_professional { "Professional" } else { "Self-referral" }}</td>
                                        <td class="nhsuk-table__cell">
                                            {format_date_time(r.received_at)}
                                            <br/><span class="nhsuk-body-s">{format!("{} working days ago", r.working_days)}</span>
                                        </td>
                                        <td class="nhsuk-table__cell">
                                            <strong class="nhsuk-tag nhsuk-tag--grey">{r.status.label()}</strong>
                                            {r.overdue.then(|| view! { " " <strong class="nhsuk-tag nhsuk-tag--red">"Contact overdue"</strong> })}
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
