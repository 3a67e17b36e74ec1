//! The second factor at sign-in: a six-digit code from an authenticator app, or a one-use
//! recovery code, after the password.

#[cfg(feature = "ssr")]
use crate::store::audit::AuditEntry;
use crate::{
    error::AppError,
    layout::{field_error, summary_for, TextField},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The session asking, which must have passed the password (or be fully signed in, to
/// set up a new app).
#[cfg(feature = "ssr")]
pub(crate) fn signing_in() -> Result<crate::auth::session::Session, AppError> {
    crate::auth::session::current().ok_or(AppError::Unauthorised)
}

/// Replaces the half-signed-in session with a full one (a new id, returned), and sends
/// the browser into the service.
#[cfg(feature = "ssr")]
pub(crate) async fn finish_sign_in(
    state: &crate::state::AppState,
    session: &crate::auth::session::Session,
) -> Result<crate::store::sessions::SessionToken, AppError> {
    use crate::{
        auth::{client_address, session as cookie},
        store::{sessions, timestamp_now},
    };
    let now = timestamp_now();
    let client = client_address();
    sessions::end(&state.db, &session.token, now).await?;
    let token = sessions::start(
        &state.db,
        &session.account.member.id,
        &client,
        now,
        sessions::Stage::Full,
    )
    .await?;
    cookie::send_cookie(cookie::set_cookie(&token));
    state
        .audit(&AuditEntry::new(
            &session.account.member.email,
            "login",
            &client,
        ))
        .await?;
    Ok(token)
}

/// Checks the code from the authenticator app, or a recovery code. A code is accepted
/// once only; wrong codes count towards the account's lockout like wrong passwords.
#[server(prefix = "/api", endpoint = "confirm_code")]
pub async fn confirm_code(code: String) -> Result<(), AppError> {
    use crate::{
        auth::{client_address, lockout, login},
        state::AppState,
        store::{attempts, sessions::Stage, timestamp_now},
    };
    let session = signing_in()?;
    if session.stage != Stage::Password {
        leptos_axum::redirect(login::home_of(session.account.member.role));
        return Ok(());
    }
    if code.trim().is_empty() {
        return Err(AppError::field(
            "code",
            "Enter the code from your authenticator app",
        ));
    }
    let state = AppState::current()?;
    let user = &session.account.member;
    let client = client_address();
    let now = timestamp_now();
    let _attempt = lockout::reserve(&state, &user.email, &client, now).await?;
    if !check_code(&state, &user.id, &code, now).await? {
        lockout::audit_failure(&state, &user.email, "second_factor_failed", &client).await?;
        return Err(AppError::field(
            "code",
            "Enter the current code from your authenticator app, or an unused recovery code",
        ));
    }
    attempts::clear_sign_in(&state.db, &user.email).await?;
    finish_sign_in(&state, &session).await?;
    leptos_axum::redirect(login::home_of(user.role));
    Ok(())
}

/// Whether `code` is the current code of `user`'s app (each time step accepted once) or
/// one of their unused recovery codes (used up now). An account with no app has no code.
#[cfg(feature = "ssr")]
pub async fn check_code(
    state: &crate::state::AppState,
    user: &str,
    code: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, AppError> {
    use crate::{auth::totp, store::second_factor};
    let Some(secret) = second_factor::secret(&state.db, &state.settings.secret_key, user).await?
    else {
        return Ok(false);
    };
    Ok(match totp::verify(&secret, code, now.timestamp()) {
        Some(step) => second_factor::accept_step(&state.db, user, step).await?,
        None => second_factor::use_recovery_code(&state.db, user, code, now).await?,
    })
}

/// `/login/code`: the code from the authenticator app.
#[component]
pub fn CodePage() -> impl IntoView {
    let action = ServerAction::<ConfirmCode>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Title text=crate::layout::title_text(move || format!("{}Enter your security code - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" }))/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                {move || error.get().map(|e| summary_for(&e, "code"))}
                <h1>"Enter your security code"</h1>
                <ActionForm action attr:novalidate=true>
                    <TextField name="code" label="Security code" hint="The 6-digit code from your authenticator app. If you have lost your app, enter one of your recovery codes." autocomplete="one-time-code" class="nhsuk-input--width-10" error=field_error(error, "code")/>
                    <button class="nhsuk-button" type="submit" disabled=move || action.pending().get()>"Continue"</button>
                </ActionForm>
            </div>
        </div>
    }
}
