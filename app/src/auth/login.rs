//! Signing in with email and password.

#[cfg(feature = "ssr")]
use crate::store::audit::AuditEntry;
use crate::{
    error::AppError,
    layout::{field_error, summary_for, TextField},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The one answer for an unknown email, a wrong password, and an account still waiting
/// for approval.
pub const WRONG_DETAILS: &str = "Enter a correct email address and password";

/// Checks an email and password. On success a new session starts (any earlier one
/// ends) and the browser is sent on: to the second-factor step when one is needed,
/// otherwise into the service.
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    use crate::{
        auth::{client_address, lockout, session},
        models::{AccountStatus, Role},
        state::AppState,
        store::{app_settings, attempts, sessions, timestamp_now, users},
    };

    AppError::require(&[
        (
            "email",
            email.trim().is_empty(),
            "Enter your work email address",
        ),
        ("password", password.is_empty(), "Enter your password"),
    ])?;
    let state = AppState::current()?;
    let client = client_address();
    let now = timestamp_now();
    let email = users::normalise_email(&email);
    let audit = |action: &'static str, detail: String| {
        let (state, email, client) = (state.clone(), email.clone(), client.clone());
        async move {
            state
                .audit(&AuditEntry::new(&email, action, &client).detail(&detail))
                .await
        }
    };
    // Counted before the password is checked, unknown emails too, so neither parallel
    // guesses nor a flood of unknown emails get more checks than the limit.
    let attempt = lockout::reserve(&state, &email, &client, now).await?;
    let account = users::for_login(&state.db, &email).await?;
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    let matches = match state.hashing.verify(password, hash).await {
        Ok(matches) => matches,
        Err(busy) => {
            attempts::release(&state.db, attempt).await?;
            return Err(busy.into());
        }
    };
    let Some(account) = account.filter(|_| matches) else {
        lockout::audit_attempt(&state, &email, "login_failed", "", &client).await?;
        return Err(AppError::field("email", WRONG_DETAILS));
    };
    let status: AccountStatus = account.status.parse().map_err(|_| AppError::Internal)?;
    match status {
        AccountStatus::Active => {}
        // The same answer as a wrong password: someone who registered with another's
        // email learns nothing from signing in with what they registered.
        AccountStatus::Pending => {
            audit("login_refused", "account pending".into()).await?;
            return Err(AppError::field("email", WRONG_DETAILS));
        }
        _ => {
            audit("login_refused", format!("account {}", status.code())).await?;
            return Err(AppError::field(
                "email",
                "This account cannot be used. Contact the LDA team if you think this is wrong",
            ));
        }
    }
    attempts::release(&state.db, attempt).await?;
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
        // The failures counted so far stay until the second factor is passed too.
        audit("login_password_accepted", String::new()).await?;
        let next = if account.has_totp {
            "/login/code"
        } else {
            "/login/set-up-code"
        };
        leptos_axum::redirect(next);
    } else {
        attempts::clear_sign_in(&state.db, &email).await?;
        audit("login", String::new()).await?;
        leptos_axum::redirect(home_of(role));
    }
    Ok(())
}

/// Where a signed-in member of staff starts.
pub fn home_of(role: crate::models::Role) -> &'static str {
    match role {
        crate::models::Role::Admin => "/admin/accounts",
        crate::models::Role::Commissioner => "/figures",
        _ => "/register",
    }
}

/// `/login`: email and password.
#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Title text=crate::layout::title_text(move || format!("{}Sign in - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" }))/>
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
                <p>"If you have registered, you can sign in once the LDA team has approved your account."</p>
                <p>"No account yet? "<a href="/join">"Register for an account"</a>"."</p>
                <p>"Forgotten your password? Ask the LDA team for a reset code, then "<a href="/login/reset">"set a new password"</a>"."</p>
                <p>"Families: you do not need an account. "<a href="/">"Find out about the register"</a>"."</p>
            </div>
        </div>
    }
}
