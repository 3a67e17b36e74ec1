//! Signing out: ending the session on the server, and the button that does it.

use crate::error::AppError;
use leptos::prelude::*;

/// Ends the current session on the server and removes the cookie.
#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::{
        auth::{client_address, session},
        state::AppState,
        store::{audit::AuditEntry, sessions, timestamp_now},
    };
    let state = AppState::current()?;
    if let Some(current) = session::current() {
        sessions::end(&state.db, &current.token, timestamp_now()).await?;
        state
            .audit(&AuditEntry::new(
                &current.account.member.email,
                "logout",
                &client_address(),
            ))
            .await?;
    }
    session::send_cookie(session::clear_cookie());
    leptos_axum::redirect("/login");
    Ok(())
}

/// A "Sign out" button: a form posting to the logout server function, so it works
/// without JavaScript too. Before it posts, this browser's staff drafts are deleted.
#[component]
pub fn SignOut() -> impl IntoView {
    let action = ServerAction::<Logout>::new();
    view! {
        <ActionForm action attr:class="dsr-sign-out" on:submit=|_| crate::drafts::delete_staff_drafts()>
            <button class="dsr-link-button" type="submit">"Sign out"</button>
        </ActionForm>
    }
}
