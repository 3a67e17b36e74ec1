//! `/people/{id}/history`: every change to a record, newest first, each field with what it
//! was before and what it became.

use super::history::record_history;
use crate::{layout::Problem, models::format_date_time};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The history page.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let history = Resource::new(move || id.get(), record_history);
    view! {
        <a class="nhsuk-back-link" href=move || format!("/people/{}", id.get())>"Back to the record"</a>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match history.await {
                    Err(error) => view! { <Problem error/> }.into_any(),
                    Ok(history) => view! {
                        <Title text=format!("History: {} - Dynamic Support Register", history.name)/>
                        <h1><span class="nhsuk-caption-l">{history.name}<span class="nhsuk-u-visually-hidden">" - "</span></span>"History of the record"</h1>
                        <p>"Every change to the record, newest first. Nothing is ever deleted: an earlier value is shown as it was."</p>
                        {history.entries.is_empty().then(|| view! { <p>"Nothing has changed since the record was made."</p> })}
                        {history.entries.into_iter().map(|entry| view! {
                            <section class="dsr-history-entry">
                                <h2 class="nhsuk-heading-s">
                                    {entry.what}
                                    <span class="nhsuk-caption-m">{format!("{}, by {}", format_date_time(entry.at), entry.by)}</span>
                                </h2>
                                <dl class="nhsuk-summary-list">
                                    {entry.fields.into_iter().map(|f| view! {
                                        <div class="nhsuk-summary-list__row">
                                            <dt class="nhsuk-summary-list__key">{f.label}</dt>
                                            <dd class="nhsuk-summary-list__value dsr-rationale">
                                                {f.before.map(|before| view! { <p class="dsr-history-before">"Was: " {before}</p> })}
                                                <p class="nhsuk-u-margin-bottom-0">{f.after}</p>
                                            </dd>
                                        </div>
                                    }).collect_view()}
                                </dl>
                            </section>
                        }).collect_view()}
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
