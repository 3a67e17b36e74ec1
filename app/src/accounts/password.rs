//! `/account/password`: a signed-in member of staff changes their password.

use crate::{
    error::AppError,
    layout::{field_error, summary_for, TextField},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// Hint shown wherever a new password is chosen.
pub const NEW_PASSWORD_HINT: &str = "At least 12 characters. A few unrelated words make a strong password that is easy to remember. You can paste from a password manager.";

/// Changes the caller's password: the current one is needed (wrong ones count towards the
/// lockout), the new one follows the same rules as at registration, and every other
/// session of the account ends.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(current: String, new_password: String) -> Result<(), AppError> {
    use crate::{
        auth::{caller, lockout, password::Password, session},
        state::AppState,
        store::{attempts, sessions, timestamp_now, users},
    };
    let caller = caller()?;
    let session = session::current().ok_or(AppError::Unauthorised)?;
    AppError::require(&[
        ("current", current.is_empty(), "Enter your current password"),
        (
            "new_password",
            new_password.is_empty(),
            "Enter a new password",
        ),
    ])?;
    if current == new_password {
        return Err(AppError::field(
            "new_password",
            "Enter a new password that is different from your current one",
        ));
    }
    let state = AppState::current()?;
    let now = timestamp_now();
    let attempt = lockout::reserve(&state, &caller.email, &caller.client, now).await?;
    let hash = users::for_login(&state.db, &caller.email)
        .await?
        .map(|a| a.password_hash);
    let right = match state.hashing.verify(current, hash).await {
        Ok(right) => right,
        Err(busy) => {
            attempts::release(&state.db, attempt).await?;
            return Err(busy.into());
        }
    };
    if !right {
        state.audit(&caller.audit("password_change_failed")).await?;
        return Err(AppError::field(
            "current",
            "Your current password is not right. Enter it again",
        ));
    }
    attempts::release(&state.db, attempt).await?;
    let new = Password::new(new_password, &[&caller.name, &caller.email])
        .map_err(|rule| AppError::field("new_password", rule.to_string()))?;
    let new_hash = state.hashing.hash(new).await?;
    let audit = caller.audit("password_changed").at(now);
    let mut tx = state.db.begin().await?;
    save_password(
        &mut tx,
        &caller.id,
        &new_hash,
        &state.settings.secret_key,
        &audit,
    )
    .await?;
    tx.commit().await?;
    sessions::end_others(&state.db, &caller.id, Some(&session.token), now).await?;
    leptos_axum::redirect("/account/password/changed");
    Ok(())
}

/// Keeps `user`'s new password `hash` with its `audit` row, inside `tx`.
#[cfg(feature = "ssr")]
pub async fn save_password(
    tx: &mut crate::store::Tx,
    user: &str,
    hash: &str,
    key: &crate::sealed::SecretKey,
    audit: &crate::store::audit::AuditEntry<'_>,
) -> Result<(), sqlx::Error> {
    use crate::store::{audit, users};
    users::set_password(tx, user, hash).await?;
    audit::append(tx, key, audit).await?;
    Ok(())
}

/// The change-password form.
#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Title text=crate::layout::title_text(move || format!("{}Change your password - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" }))/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                {move || error.get().map(|e| summary_for(&e, "current"))}
                <h1>"Change your password"</h1>
                <p>"You will stay signed in here. Anywhere else you are signed in will be signed out."</p>
                <ActionForm action attr:novalidate=true>
                    <TextField name="current" label="Current password" kind="password" autocomplete="current-password" error=field_error(error, "current")/>
                    <TextField name="new_password" label="New password" hint=NEW_PASSWORD_HINT kind="password" autocomplete="new-password" error=field_error(error, "new_password")/>
                    <button class="nhsuk-button" type="submit" disabled=move || action.pending().get()>"Change password"</button>
                </ActionForm>
            </div>
        </div>
    }
}

/// `/account/password/changed`: the password was changed.
#[component]
pub fn PasswordChangedPage() -> impl IntoView {
    view! {
        <Title text="Password changed - Dynamic Support Register"/>
        <div class="nhsuk-panel">
            <h1>"Your password has been changed"</h1>
            <p>"Anywhere else you were signed in has been signed out."</p>
        </div>
        <p><a href="/account/sessions">"See where you are signed in"</a></p>
    }
}
