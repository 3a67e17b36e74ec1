//! Signing in with email and password, signing out, and who is signed in.

use crate::{
    error::AppError,
    layout::{field_error, summary_for, TextField},
    models::Me,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// Failed sign-ins for one email within the window before it is locked.
#[cfg(feature = "ssr")]
pub const MAX_FAILURES_PER_EMAIL: i64 = 5;
/// Failed sign-ins from one client address within the window before it is refused.
#[cfg(feature = "ssr")]
pub const MAX_FAILURES_PER_CLIENT: i64 = 20;
/// How long failures count, and so how long a lockout lasts.
#[cfg(feature = "ssr")]
pub const LOCKOUT_MINUTES: i64 = 15;

/// Whether sign-in is refused for now, given failures in the window for the email and
/// from the client address.
#[cfg(feature = "ssr")]
pub fn locked_out(for_email: i64, from_client: i64) -> bool {
    for_email >= MAX_FAILURES_PER_EMAIL || from_client >= MAX_FAILURES_PER_CLIENT
}

/// The one answer for an unknown email and a wrong password.
pub const WRONG_DETAILS: &str = "Enter a correct email address and password";

/// Checks an email and password. On success a new session starts (any earlier one
/// ends) and the browser is sent on: to the second-factor step when one is needed,
/// otherwise into the service.
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    use crate::{
        auth::{client_address, password, session},
        models::{AccountStatus, Role},
        state::AppState,
        store::{app_settings, login_failures, sessions, timestamp_now, users},
    };

    let mut missing = Vec::new();
    if email.trim().is_empty() {
        missing.push(("email", "Enter your work email address"));
    }
    if password.is_empty() {
        missing.push(("password", "Enter your password"));
    }
    if !missing.is_empty() {
        return Err(AppError::Invalid(
            missing
                .into_iter()
                .map(|(field, message)| crate::error::FieldError {
                    field: field.to_owned(),
                    message: message.to_owned(),
                })
                .collect(),
        ));
    }
    let state = AppState::current()?;
    let client = client_address();
    let now = timestamp_now();
    let email = users::normalise_email(&email);
    let audit = |action: &'static str, detail: String| {
        let (state, email, client) = (state.clone(), email.clone(), client.clone());
        async move { audit_event(&state, &email, action, &detail, &client).await }
    };
    let since = now - chrono::TimeDelta::minutes(LOCKOUT_MINUTES);
    let (for_email, from_client) =
        login_failures::count_since(&state.db, &email, &client, since).await?;
    if locked_out(for_email, from_client) {
        audit("login_refused", "too many failed attempts".into()).await?;
        return Err(AppError::TooManyAttempts);
    }
    let account = users::for_login(&state.db, &email).await?;
    let matches =
        password::verify(password, account.as_ref().map(|a| a.password_hash.clone())).await;
    let Some(account) = account.filter(|_| matches) else {
        login_failures::record(&state.db, &email, &client, now).await?;
        audit("login_failed", String::new()).await?;
        return Err(AppError::field("email", WRONG_DETAILS));
    };
    let status: AccountStatus = account.status.parse().map_err(|_| AppError::Internal)?;
    if status != AccountStatus::Active {
        audit("login_refused", format!("account {}", status.code())).await?;
        let message = match status {
            AccountStatus::Pending => "Your account is waiting for the LDA team to approve it",
            _ => "This account cannot be used. Contact the LDA team if you think this is wrong",
        };
        return Err(AppError::field("email", message));
    }
    login_failures::clear(&state.db, &email).await?;
    if let Some(old) = session::current() {
        sessions::end(&state.db, &old.token, now).await?;
    }
    let role: Role = account.role.parse().map_err(|_| AppError::Internal)?;
    let needs_code = account.has_totp
        || role == Role::Admin
        || app_settings::flag(&state.db, app_settings::REQUIRE_TOTP_FOR_ALL).await?;
    let stage = if needs_code {
        sessions::Stage::Password
    } else {
        sessions::Stage::Full
    };
    let token = sessions::start(&state.db, &account.id, &client, now, stage).await?;
    session::send_cookie(session::set_cookie(&token));
    if needs_code {
        audit("login_password_accepted", String::new()).await?;
        let next = if account.has_totp {
            "/login/code"
        } else {
            "/login/set-up-code"
        };
        leptos_axum::redirect(next);
    } else {
        audit("login", String::new()).await?;
        leptos_axum::redirect(home_of(role));
    }
    Ok(())
}

/// Where a signed-in member of staff starts.
pub fn home_of(role: crate::models::Role) -> &'static str {
    match role {
        crate::models::Role::Admin => "/admin/accounts",
        _ => "/register",
    }
}

/// Appends a sign-in event to the audit trail.
#[cfg(feature = "ssr")]
pub async fn audit_event(
    state: &crate::state::AppState,
    actor: &str,
    action: &str,
    detail: &str,
    client: &str,
) -> Result<(), AppError> {
    use crate::store::audit::{self, AuditEntry};
    audit::record(
        &state.db,
        &AuditEntry {
            at: crate::store::timestamp_now(),
            actor,
            action,
            person: None,
            detail,
            client,
        },
    )
    .await?;
    Ok(())
}

/// Ends the current session on the server and removes the cookie.
#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::{
        auth::{client_address, session},
        state::AppState,
        store::{sessions, timestamp_now},
    };
    let state = AppState::current()?;
    if let Some(current) = session::current() {
        sessions::end(&state.db, &current.token, timestamp_now()).await?;
        audit_event(
            &state,
            &current.account.member.email,
            "logout",
            "",
            &client_address(),
        )
        .await?;
    }
    session::send_cookie(session::clear_cookie());
    leptos_axum::redirect("/login");
    Ok(())
}

/// The signed-in user, if any.
#[server(prefix = "/api", endpoint = "current_user")]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    Ok(crate::auth::caller().ok().map(|c| Me {
        name: c.name,
        role: c.role,
    }))
}

/// `/login`: email and password.
#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Title text=move || format!("{}Sign in - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" })/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                {move || error.get().map(|e| summary_for(&e, "email"))}
                <h1>"Sign in"</h1>
                <p>"For health, social care and education staff, and the LDA team."</p>
                <ActionForm action attr:novalidate=true>
                    <TextField name="email" label="Work email address" kind="email" autocomplete="username" error=field_error(error, "email")/>
                    <TextField name="password" label="Password" kind="password" autocomplete="current-password" error=field_error(error, "password")/>
                    <button class="nhsuk-button" type="submit" disabled=move || action.pending().get()>"Sign in"</button>
                </ActionForm>
                <p>"No account yet? "<a href="/join">"Register for an account"</a>"."</p>
                <p>"Families: you do not need an account. "<a href="/">"Find out about the register"</a>"."</p>
            </div>
        </div>
    }
}

/// A "Sign out" button: a form posting to the logout server function, so it works
/// without JavaScript too.
#[component]
pub fn SignOut() -> impl IntoView {
    let action = ServerAction::<Logout>::new();
    view! {
        <ActionForm action attr:class="dsr-sign-out">
            <button class="dsr-link-button" type="submit">"Sign out"</button>
        </ActionForm>
    }
}
