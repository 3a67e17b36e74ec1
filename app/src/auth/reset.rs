//! `/login/reset`: setting a new password with a one-time reset code from an admin. The
//! code is checked like a password (wrong codes count towards the lockout), works once,
//! ends every session of the account, and the next sign-in still needs the second factor.

use crate::{
    accounts::password::NEW_PASSWORD_HINT,
    error::AppError,
    layout::{field_error, summary_for, TextField},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The one answer for an unknown email, a wrong, used or expired code.
#[cfg(feature = "ssr")]
const WRONG_CODE: &str =
    "Enter your email address and the reset code the LDA team gave you. A code works once, for 24 hours";

/// Sets a new password for the account with `email`, given its reset `code`.
#[server(prefix = "/api", endpoint = "reset_password")]
pub async fn reset_password(
    email: String,
    code: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::{
        accounts::password::save_password,
        auth::{client_address, lockout, password::Password},
        models::AccountStatus,
        state::AppState,
        store::{attempts, audit::AuditEntry, password_resets, sessions, timestamp_now, users},
    };
    AppError::require(&[
        (
            "email",
            email.trim().is_empty(),
            "Enter your work email address",
        ),
        ("code", code.trim().is_empty(), "Enter the reset code"),
        (
            "new_password",
            new_password.is_empty(),
            "Enter a new password",
        ),
    ])?;
    let state = AppState::current()?;
    let client = client_address();
    let now = timestamp_now();
    let email = users::normalise_email(&email);
    let attempt = lockout::reserve(&state, &email, &client, now).await?;
    let account = users::by_email(&state.db, &email)
        .await?
        .filter(|a| a.member.status == AccountStatus::Active);
    let valid = match &account {
        Some(a) => password_resets::is_valid(&state.db, &a.member.id, &code, now).await?,
        None => false,
    };
    let (Some(account), true) = (account, valid) else {
        lockout::audit_attempt(&state, &email, "password_reset_failed", "", &client).await?;
        return Err(AppError::field("code", WRONG_CODE));
    };
    attempts::release(&state.db, attempt).await?;
    let member = &account.member;
    let new = Password::new(new_password, &[&member.name, &member.email])
        .map_err(|rule| AppError::field("new_password", rule.to_string()))?;
    let hash = state.hashing.hash(new).await?;
    let audit = AuditEntry::new(&member.email, "password_reset", &client).at(now);
    let mut tx = state.db.begin().await?;
    if !password_resets::use_code(&mut tx, &member.id, &code, now).await? {
        return Err(AppError::field("code", WRONG_CODE));
    }
    save_password(
        &mut tx,
        &member.id,
        &hash,
        &state.settings.secret_key,
        &audit,
    )
    .await?;
    tx.commit().await?;
    sessions::end_all(&state.db, &member.id, now).await?;
    leptos_axum::redirect("/login/reset/done");
    Ok(())
}

/// The reset form.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Title text=crate::layout::title_text(move || format!("{}Set a new password - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" }))/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                {move || error.get().map(|e| summary_for(&e, "email"))}
                <h1>"Set a new password"</h1>
                <p>"If you have forgotten your password, ask the LDA team for a reset code. It works once, for 24 hours."</p>
                <ActionForm action attr:novalidate=true>
                    <TextField name="email" label="Work email address" kind="email" autocomplete="username" error=field_error(error, "email")/>
                    <TextField name="code" label="Reset code" hint="For example, abcde-fghjk-mnpqr" autocomplete="off" class="nhsuk-input--width-20" error=field_error(error, "code")/>
                    <TextField name="new_password" label="New password" hint=NEW_PASSWORD_HINT kind="password" autocomplete="new-password" error=field_error(error, "new_password")/>
                    <button class="nhsuk-button" type="submit" disabled=move || action.pending().get()>"Set new password"</button>
                </ActionForm>
            </div>
        </div>
    }
}

/// `/login/reset/done`: the new password is set.
#[component]
pub fn ResetDonePage() -> impl IntoView {
    view! {
        <Title text="New password set - Dynamic Support Register"/>
        <div class="nhsuk-panel">
            <h1>"Your new password is set"</h1>
            <p>"Sign in with it. You will still need your authenticator app, or a recovery code, if your account uses one."</p>
        </div>
        <p><a href="/login">"Go to sign in"</a></p>
    }
}
