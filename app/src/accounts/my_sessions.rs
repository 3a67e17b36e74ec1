//! `/account/sessions`: the signed-in user's account: links to change their password or
//! app, and their open sessions, each of which they can end.

use crate::{
    error::AppError,
    layout::{Problem, TableHead},
    models::{format_date_time, OpenSession},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The caller's open sessions, newest first.
#[server(prefix = "/api", endpoint = "my_sessions")]
pub async fn my_sessions() -> Result<Vec<OpenSession>, AppError> {
    use crate::{
        auth::{caller, session},
        state::AppState,
        store::{sessions, timestamp_now},
    };
    let caller = caller()?;
    let current = session::current().ok_or(AppError::Unauthorised)?;
    let state = AppState::current()?;
    Ok(sessions::open_sessions(
        &state.db,
        &caller.id,
        &current.token,
        timestamp_now(),
        state.settings.sessions,
    )
    .await?)
}

/// Ends one of the caller's own sessions.
#[server(prefix = "/api", endpoint = "end_session")]
pub async fn end_session(reference: String) -> Result<(), AppError> {
    use crate::{
        auth::caller,
        state::AppState,
        store::{sessions, timestamp_now},
    };
    let caller = caller()?;
    let state = AppState::current()?;
    if !sessions::end_by_reference(&state.db, &caller.id, &reference, timestamp_now()).await? {
        return Err(AppError::NotFound);
    }
    state
        .audit(&caller.audit("session_ended").detail(&reference))
        .await
}

/// The sessions page.
#[component]
pub fn SessionsPage() -> impl IntoView {
    let end = ServerAction::<EndSession>::new();
    let list = Resource::new(move || end.version().get(), |_| my_sessions());
    view! {
        <Title text="Your account - Dynamic Support Register"/>
        <h1>"Your account"</h1>
        <ul class="nhsuk-list">
            <li><a href="/account/password">"Change your password"</a></li>
            <li><a href="/account/authenticator">"Change your authenticator app"</a></li>
        </ul>
        <h2>"Where you are signed in"</h2>
        <p>"If you do not recognise one of these, end it and tell the LDA team."</p>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <Problem error=e/> }.into_any(),
                    Ok(lines) => view! {
                        <table class="nhsuk-table">
                            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">"Your open sessions"</caption>
                            <TableHead columns=&["Started", "Last used", "From address", "Action"]/>
                            <tbody class="nhsuk-table__body">
                                {lines.into_iter().map(|s| view! {
                                    <tr>
                                        <td>{format_date_time(s.started)}</td>
                                        <td>{format_date_time(s.last_seen)}</td>
                                        <td>{s.client.clone()}</td>
                                        <td>{if s.current {
                                            view! { "This session" }.into_any()
                                        } else {
                                            view! {
                                                <ActionForm action=end>
                                                    <input type="hidden" name="reference" value=s.reference.clone()/>
                                                    <button class="nhsuk-button nhsuk-button--secondary dsr-button--small" type="submit">"End session"<span class="nhsuk-u-visually-hidden">{format!(" started {}", format_date_time(s.started))}</span></button>
                                                </ActionForm>
                                            }.into_any()
                                        }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
