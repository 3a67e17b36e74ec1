//! Admins issue a one-time password reset code for an account whose owner has forgotten
//! their password. The portal sends no email: the admin reads the code, shown once, to
//! the owner after checking who they are.

use crate::{error::AppError, layout::error_message};
use leptos::prelude::*;

/// How long a reset code works.
#[cfg(feature = "ssr")]
const VALID_HOURS: i64 = 24;

/// Issues a reset code for the active account `id` (not the admin's own), with a
/// `reason`; earlier unused codes for the account stop working. Audited. The code is kept
/// with the admin's session to be shown once by the next page ([`IssuedResetCode`]).
#[server(prefix = "/api", endpoint = "issue_reset_code")]
pub async fn issue_reset_code(id: String, reason: String) -> Result<(), AppError> {
    use crate::{
        auth::{access, caller, shown_once::keep, wire::ShownOnce},
        models::AccountStatus,
        random_code::random_code,
        state::AppState,
        store::{audit, password_resets, timestamp_now, users},
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
    let detail = format!("{}: {reason}", account.member.email);
    let entry = caller.audit("password_reset_issued").detail(&detail);
    audit::append(&mut tx, &state.settings.secret_key, &entry).await?;
    tx.commit().await?;
    let session = crate::auth::session::current().ok_or(AppError::Unauthorised)?;
    let name = account.member.name;
    keep(
        &state,
        &session.token,
        &ShownOnce::ResetCode {
            id,
            name,
            code,
            expires,
        },
    )
    .await
}

/// The form that issues, with `action`, a reset code for the account `id` (named `name`).
#[component]
pub fn IssueResetCode(
    id: String,
    name: String,
    action: ServerAction<IssueResetCode>,
) -> impl IntoView {
    let field = format!("reason-{id}-password");
    let message = {
        let field = field.clone();
        Signal::derive(move || {
            action
                .value()
                .get()
                .and_then(Result::err)
                .and_then(|e| e.message_for(&field))
        })
    };
    view! {
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

/// A reset code just issued: the account's id and name, the code, and until when it works.
pub type Issued = (String, String, String, chrono::DateTime<chrono::Utc>);

/// The reset code just issued with `action` (or by a form posted without JavaScript),
/// taken once from the session. Made with the page, so the page waits for it.
pub fn issued_reset_code(action: ServerAction<IssueResetCode>) -> Resource<Option<Issued>> {
    use crate::auth::{shown_once::take_shown_once, wire::ShownOnce};
    Resource::new_blocking(
        move || action.version().get(),
        |_| async move {
            match take_shown_once().await {
                Ok(Some(ShownOnce::ResetCode {
                    id,
                    name,
                    code,
                    expires,
                })) => Some((id, name, code, expires)),
                _ => None,
            }
        },
    )
}

/// A reset code just issued, shown beside its account's form.
#[component]
pub fn IssuedResetCode(issued: Issued) -> impl IntoView {
    let (_, name, code, expires) = issued;
    view! {
        <div class="nhsuk-inset-text" role="status">
            <h4>{format!("Password reset code for {name}")}</h4>
            <p class="dsr-code">{code}</p>
            <p>{format!("It works once, until {}. Read it to them after checking who they are: it will not be shown again.", crate::models::format_date_time(expires))}</p>
        </div>
    }
}
