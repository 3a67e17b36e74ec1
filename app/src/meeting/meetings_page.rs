//! `/meetings`: the latest DSR meetings, each with its attendance and minutes; the LDA
//! team sets up the next one from here.

use super::set_up::list_meetings;
use crate::{
    layout::{Problem, TableHead},
    models::format_date,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The page.
#[component]
pub fn MeetingsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_meetings());
    view! {
        <Title text="DSR meetings - Dynamic Support Register"/>
        <h1>"DSR meetings"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let list = match list.await {
                    Ok(list) => list,
                    Err(error) => return view! { <Problem error/> }.into_any(),
                };
                let set_up = list.may_set_up.then(|| view! {
                    <a class="nhsuk-button" href="/meetings/new">"Set up a meeting"</a>
                });
                if list.meetings.is_empty() {
                    return view! { {set_up} <p>"No meetings have been set up yet."</p> }.into_any();
                }
                view! {
                    {set_up}
                    <table class="nhsuk-table">
                        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"DSR meetings, the latest first"</caption>
                        <TableHead columns=&["Day", "Chair", "Minutes sent round", "Pages"]/>
                        <tbody class="nhsuk-table__body">
                            {list.meetings.into_iter().map(|m| {
                                let day = format_date(m.held_on);
                                view! {
                                    <tr class="nhsuk-table__row">
                                        <td class="nhsuk-table__cell">{day.clone()}</td>
                                        <td class="nhsuk-table__cell">{m.chair.clone()}</td>
                                        <td class="nhsuk-table__cell">{m.circulated_on.map_or("Not yet".to_owned(), format_date)}</td>
                                        <td class="nhsuk-table__cell">
                                            <a href=format!("/meetings/{}/minutes", m.id)>"Minutes"<span class="nhsuk-u-visually-hidden">{format!(" of {day}")}</span></a>
                                            " · "
                                            <a href=format!("/meetings/{}/attendance", m.id)>"Attendance"<span class="nhsuk-u-visually-hidden">{format!(" on {day}")}</span></a>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            })}
        </Suspense>
    }
}
