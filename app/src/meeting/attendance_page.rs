//! `/meetings/{id}/attendance`: who attended a DSR meeting or sent apologies; its chair
//! or note-taker adds and takes off names.

use super::{
    attendance::{read_attendance, AddAttendee, RemoveAttendee},
    recording_panel::emptied_after_saving,
};
use crate::{
    auth::shown_once::refused_form,
    drafts::DraftedForm,
    layout::{field_error, summary_for, CountedText, Problem, RadiosField, TableHead},
    models::{Attendee, SHORT_TEXT_MAX},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The page.
#[component]
pub fn AttendancePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let add = ServerAction::<AddAttendee>::new();
    let remove = ServerAction::<RemoveAttendee>::new();
    let sheet = Resource::new(
        move || (id.get(), add.version().get(), remove.version().get()),
        |(id, _, _)| read_attendance(id),
    );
    let error = Signal::derive(move || {
        add.value()
            .get()
            .and_then(Result::err)
            .or_else(|| remove.value().get().and_then(Result::err))
    });
    let err = move |field| field_error(error, field);
    let added = move || matches!(add.value().get(), Some(Ok(())));
    let refused = refused_form(None);
    view! {
        <Title text=crate::layout::title_text(move || format!("{}Meeting attendance - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" }))/>
        <a class="nhsuk-back-link" href="/meetings">"Back to DSR meetings"</a>
        {move || error.get().map(|e| summary_for(&e, "name"))}
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                if let Some(kept) = refused {
                    if let Some(kept) = kept.await {
                        provide_context(kept);
                    }
                }
                let sheet = match sheet.await {
                    Ok(sheet) => sheet,
                    Err(error) => return view! { <Problem error/> }.into_any(),
                };
                let meeting = sheet.meeting.id;
                let may_change = sheet.may_change;
                let present = sheet.attendees.iter().filter(|a| a.present).count();
                let apologies = sheet.attendees.len() - present;
                let rows = sheet.attendees.into_iter().map(|a| view! { <AttendeeRow a meeting=meeting.to_string() may_change remove/> }).collect_view();
                let table = (present + apologies > 0).then(|| view! {
                    <p>{format!("{present} present, {apologies} sent apologies.")}</p>
                    <table class="nhsuk-table">
                        <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Attendance"</caption>
                        <TableHead columns=if may_change { &["Name", "Agency", "Present", "Change"][..] } else { &["Name", "Agency", "Present"][..] }/>
                        <tbody class="nhsuk-table__body">{rows}</tbody>
                    </table>
                });
                let form = may_change.then(|| view! {
                    <h2>"Add someone"</h2>
                    <div role="status">
                        {move || added().then(|| view! { <p class="nhsuk-inset-text dsr-saved">"Added to the attendance."</p> })}
                    </div>
                    <DraftedForm action=add name=format!("attendee-new:{meeting}") node_ref=emptied_after_saving(add)>
                        <input type="hidden" name="meeting_id" value=meeting.to_string()/>
                        <input type="hidden" name="attendee_id" value=sheet.new_id/>
                        <CountedText name="name" label="Name" line=true value="" max=SHORT_TEXT_MAX error=err("name")/>
                        <CountedText name="agency" label="Agency or team" line=true value="" max=SHORT_TEXT_MAX error=err("agency")/>
                        <RadiosField name="present" legend="Were they there?" error=err("present")
                            options=vec![("yes".to_owned(), "Present".to_owned()), ("no".to_owned(), "Sent apologies".to_owned())]/>
                        <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Add to the attendance"</button>
                    </DraftedForm>
                });
                view! {
                    <h1><span class="nhsuk-caption-l">{sheet.meeting.title()}<span class="nhsuk-u-visually-hidden">" - "</span></span>"Attendance"</h1>
                    {if present + apologies == 0 { Some(view! { <p>"No one is on the attendance yet."</p> }) } else { None }}
                    {table}
                    {form}
                    <ul class="nhsuk-list">
                        <li><a href="/register/meeting">"Go to the meeting view"</a></li>
                        <li><a href=format!("/meetings/{meeting}/minutes")>"Read the minutes"</a></li>
                    </ul>
                }
                .into_any()
            })}
        </Transition>
    }
}

/// One line of the attendance, with a button that takes it off when the reader may.
#[component]
fn AttendeeRow(
    a: Attendee,
    meeting: String,
    may_change: bool,
    remove: ServerAction<RemoveAttendee>,
) -> impl IntoView {
    let named = format!(" {}", a.name);
    let button = may_change.then(|| {
        view! {
            <td class="nhsuk-table__cell">
                <DraftedForm action=remove name=format!("attendee-remove:{}", a.id) class="dsr-inline-form">
                    <input type="hidden" name="meeting_id" value=meeting/>
                    <input type="hidden" name="attendee_id" value=a.id.to_string()/>
                    <button class="dsr-link-button" type="submit">"Take off"<span class="nhsuk-u-visually-hidden">{named}</span></button>
                </DraftedForm>
            </td>
        }
    });
    view! {
        <tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell">{a.name.clone()}</td>
            <td class="nhsuk-table__cell">{a.agency}</td>
            <td class="nhsuk-table__cell">{if a.present { "Present" } else { "Sent apologies" }}</td>
            {button}
        </tr>
    }
}
