//! `/meetings/new`: the LDA team sets up a DSR meeting: its day, who chairs it and who
//! takes the notes.

use super::set_up::{list_meetings, SetUpMeeting};
use crate::{
    drafts::DraftedForm,
    layout::{field_error, summary_for, DateField, Problem, SelectField},
    models::uk_today,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The page.
#[component]
pub fn SetUpMeetingPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_meetings());
    let action = ServerAction::<SetUpMeeting>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let err = move |field| field_error(error, field);
    view! {
        <Title text=crate::layout::title_text(move || format!("{}Set up a DSR meeting - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" }))/>
        <a class="nhsuk-back-link" href="/meetings">"Back to DSR meetings"</a>
        {move || error.get().map(|e| summary_for(&e, "held_day"))}
        <h1>"Set up a DSR meeting"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let list = match list.await {
                    Ok(list) if list.may_set_up => list,
                    Ok(_) => return view! { <Problem error=crate::error::AppError::Forbidden/> }.into_any(),
                    Err(error) => return view! { <Problem error/> }.into_any(),
                };
                let staff: Vec<(String, String)> = list.staff.into_iter().map(|s| (s.id, s.name)).collect();
                view! {
                    <DraftedForm action name="meeting-new">
                        <input type="hidden" name="meeting_id" value=list.new_id/>
                        <DateField prefix="held" legend="When is the meeting?" value=Some(uk_today(chrono::Utc::now())) error/>
                        <SelectField name="chair" label="Who chairs it?" options=staff.clone() placeholder="Choose the chair" selected=list.me error=err("chair")/>
                        <SelectField name="note_taker" label="Who takes the notes? (optional)"
                            hint="The chair and the note-taker record notes, decisions and actions in the meeting view."
                            options=staff placeholder="No one else: the chair takes them" error=err("note_taker")/>
                        <button class="nhsuk-button" type="submit">"Set up the meeting"</button>
                    </DraftedForm>
                }
                .into_any()
            })}
        </Suspense>
    }
}
