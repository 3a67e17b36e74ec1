//! Admins issue a one-time password reset code for an account whose owner has forgotten
//! their password. The portal sends no email: the admin reads the code, shown once, to
//! the owner after checking who they are.

use crate::{error::AppError, layout::error_message};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How long a reset code works.
#[cfg(feature = "ssr")]
const VALID_HOURS: i64 = 24;

/// A reset code, shown once to the admin who issued it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetCode {
    /// The code to read out.
    pub code: String,
    /// Until when it works.
    pub expires: chrono::DateTime<chrono::Utc>,
}

/// Issues a reset code for the active account `id` (not the admin's own), with a
/// `reason`; earlier unused codes for the account stop working. Audited.
#[server(prefix = "/api", endpoint = "issue_reset_code")]
pub async fn issue_reset_code(id: String, reason: String) -> Result<ResetCode, AppError> {
    use crate::{
        auth::{access, caller},
        models::AccountStatus,
        random_code::random_code,
        state::AppState,
        store::{
            audit::{self, AuditEntry},
            password_resets, timestamp_now, users,
        },
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "issue_reset_code", access::ADMINS).await?;
    let reason = reason.trim();
    let field = format!("reason-{id}-password");
    AppError::require(&[(&field, reason.is_empty(), "Enter the reason")])?;
    if reason.chars().count() > 500 {
        return Err(AppError::field(
            &field,
            "The reason must be 500 characters or fewer",
        ));
    }
    let account = users::get(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    if account.member.status != AccountStatus::Active || account.member.id == caller.id {
        return Err(AppError::Conflict);
    }
    let at = timestamp_now();
    let expires = at + chrono::TimeDelta::hours(VALID_HOURS);
    let code = random_code(b"abcdefghjkmnpqrstuvwxyz23456789", 3, 5);
    let mut tx = state.db.begin().await?;
    password_resets::issue(&mut tx, &id, &code, &caller.email, at, expires).await?;
    audit::append(
        &mut tx,
        &state.settings.secret_key,
        &AuditEntry {
            at,
            actor: &caller.email,
            action: "password_reset_issued",
            person: None,
            detail: &format!("{}: {reason}", account.member.email),
            client: &caller.client,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ResetCode { code, expires })
}

/// The form that issues a reset code for the account `id` (named `name`), and the code
/// once issued.
#[component]
pub fn IssueResetCode(id: String, name: String) -> impl IntoView {
    let action = ServerAction::<IssueResetCode>::new();
    let field = format!("reason-{id}-password");
    let message = {
        let field = field.clone();
        Signal::derive(move || {
            action
                .value()
                .get()
                .and_then(Result::err)
                .and_then(|e| e.message_for(&field).or_else(|| Some(e.to_string())))
        })
    };
    view! {
        {move || action.value().get().and_then(Result::ok).map(|issued| view! {
            <div class="nhsuk-inset-text" role="status">
                <p>"Reset code: "<code class="dsr-secret">{issued.code}</code></p>
                <p>{format!("It works once, until {}. Read it to them after checking who they are; it will not be shown again.", crate::models::format_date_time(issued.expires))}</p>
            </div>
        })}
        <ActionForm action>
            <input type="hidden" name="id" value=id.clone()/>
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || message.get().is_some()>
                <label class="nhsuk-label" for=format!("field-{field}")>"Reason for a password reset code"</label>
                {error_message(format!("field-{field}"), message)}
                <input class="nhsuk-input" id=format!("field-{field}") name="reason" type="text"/>
            </div>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Issue reset code"<span class="nhsuk-u-visually-hidden">{format!(" for {name}")}</span></button>
        </ActionForm>
    }
}
