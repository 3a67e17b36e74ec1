//! `/admin/accounts`: admins approve or reject requests for accounts, and disable
//! accounts (which ends their sessions at once).

use crate::{
    error::AppError,
    layout::{error_message, summary_for, Problem},
    models::StaffMember,
};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// The accounts an admin looks after, by where they stand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountLists {
    /// Waiting for a decision, oldest first.
    pub pending: Vec<StaffMember>,
    /// In use.
    pub active: Vec<StaffMember>,
    /// Rejected or disabled.
    pub closed: Vec<StaffMember>,
}

/// Every account, for admins.
#[server(prefix = "/api", endpoint = "accounts")]
pub async fn accounts() -> Result<AccountLists, AppError> {
    use crate::{
        auth::{access, caller},
        models::AccountStatus,
        state::AppState,
        store::users,
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "accounts", access::ADMINS).await?;
    let mut closed = users::with_status(&state.db, AccountStatus::Rejected).await?;
    closed.extend(users::with_status(&state.db, AccountStatus::Disabled).await?);
    Ok(AccountLists {
        pending: users::with_status(&state.db, AccountStatus::Pending).await?,
        active: users::with_status(&state.db, AccountStatus::Active).await?,
        closed,
    })
}

/// What an admin decides about an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Let a pending account in.
    Approve,
    /// Refuse a pending account, with a reason.
    Reject,
    /// Switch an active account off, with a reason; its sessions end at once.
    Disable,
    /// Forget an active account's authenticator app and recovery codes (lost phone), with
    /// a reason; its sessions end, and it sets up a new app at its next sign-in if the
    /// rule asks for one.
    ResetSecondFactor,
}

/// Most characters in a reason.
#[cfg(feature = "ssr")]
const MAX_REASON: usize = 500;

/// Approves, rejects or disables the account `id`, or resets its second factor. All but
/// approving need a reason; an admin cannot disable their own account.
#[server(prefix = "/api", endpoint = "decide_account")]
pub async fn decide_account(
    id: String,
    decision: Decision,
    reason: Option<String>,
) -> Result<(), AppError> {
    use crate::{
        auth::{access, caller},
        models::AccountStatus,
        state::AppState,
        store::{
            audit::{self, AuditEntry},
            sessions, timestamp_now, users,
        },
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "decide_account", access::ADMINS).await?;
    let reason = reason.unwrap_or_default().trim().to_owned();
    let reason_field = match decision {
        Decision::ResetSecondFactor => format!("reason-{id}-reset"),
        _ => format!("reason-{id}"),
    };
    if decision != Decision::Approve && reason.is_empty() {
        return Err(AppError::field(&reason_field, "Enter the reason"));
    }
    if reason.chars().count() > MAX_REASON {
        return Err(AppError::field(
            &reason_field,
            "The reason must be 500 characters or fewer",
        ));
    }
    let account = users::get(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (from, to, action) = match decision {
        Decision::Approve => (
            AccountStatus::Pending,
            AccountStatus::Active,
            "account_approved",
        ),
        Decision::Reject => (
            AccountStatus::Pending,
            AccountStatus::Rejected,
            "account_rejected",
        ),
        Decision::Disable => (
            AccountStatus::Active,
            AccountStatus::Disabled,
            "account_disabled",
        ),
        Decision::ResetSecondFactor => {
            return reset_second_factor(&state, &caller, &account, &reason).await
        }
    };
    if account.member.status != from || (decision == Decision::Disable && id == caller.id) {
        return Err(AppError::Conflict);
    }
    let at = timestamp_now();
    let detail = format!("{}: {reason}", account.member.email);
    let mut tx = state.db.begin().await?;
    users::set_status(&mut tx, &id, to, &reason).await?;
    audit::append(
        &mut tx,
        &state.settings.secret_key,
        &AuditEntry {
            at,
            actor: &caller.email,
            action,
            person: None,
            detail: detail.trim_end_matches([':', ' ']),
            client: &caller.client,
        },
    )
    .await?;
    tx.commit().await?;
    if to == AccountStatus::Disabled {
        sessions::end_all(&state.db, &id, at).await?;
    }
    Ok(())
}

/// Forgets the second factor of `account` (which must be in use), audits it with
/// `reason`, and ends its sessions.
#[cfg(feature = "ssr")]
async fn reset_second_factor(
    state: &crate::state::AppState,
    caller: &crate::auth::Caller,
    account: &crate::store::users::Account,
    reason: &str,
) -> Result<(), AppError> {
    use crate::{
        models::AccountStatus,
        store::{
            audit::{self, AuditEntry},
            second_factor, sessions, timestamp_now,
        },
    };
    if account.member.status != AccountStatus::Active {
        return Err(AppError::Conflict);
    }
    let at = timestamp_now();
    let mut tx = state.db.begin().await?;
    second_factor::forget(&mut tx, &account.member.id).await?;
    audit::append(
        &mut tx,
        &state.settings.secret_key,
        &AuditEntry {
            at,
            actor: &caller.email,
            action: "second_factor_reset",
            person: None,
            detail: &format!("{}: {reason}", account.member.email),
            client: &caller.client,
        },
    )
    .await?;
    tx.commit().await?;
    sessions::end_all(&state.db, &account.member.id, at).await?;
    Ok(())
}

/// The accounts page.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let decide = ServerAction::<DecideAccount>::new();
    let list = Resource::new(move || decide.version().get(), |_| accounts());
    let error = Signal::derive(move || decide.value().get().and_then(Result::err));
    view! {
        <Title text=move || format!("{}Accounts - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" })/>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <Problem error=e/> }.into_any(),
                    Ok(lists) => view! {
                        {move || error.get().map(|e| summary_for(&e, "reason"))}
                        <h1>"Accounts"</h1>
                        <h2>"Waiting for approval"</h2>
                        {if lists.pending.is_empty() {
                            view! { <p>"No requests are waiting."</p> }.into_any()
                        } else {
                            lists.pending.into_iter().map(|m| view! { <Request member=m decide error/> }).collect_view().into_any()
                        }}
                        <h2>"In use"</h2>
                        <ul class="nhsuk-list">
                            {lists.active.into_iter().map(|m| view! { <ActiveAccount member=m decide error/> }).collect_view()}
                        </ul>
                        <h2>"Rejected or disabled"</h2>
                        <ul class="nhsuk-list">
                            {lists.closed.into_iter().map(|m| view! {
                                <li>{format!("{} ({}): {}. {}", m.name, m.email, m.status.label(), m.reason)}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Who someone is, as one line.
fn describe(m: &StaffMember) -> String {
    format!(
        "{}, {} at {}. Registered {}.",
        m.email,
        m.job_title,
        m.agency.as_deref().unwrap_or("no agency"),
        crate::models::format_date_time(m.registered)
    )
}

/// A reason field for one account's decision.
#[component]
fn Reason(id: String, label: &'static str, error: Signal<Option<AppError>>) -> impl IntoView {
    let field = format!("reason-{id}");
    let message = {
        let field = field.clone();
        move || error.get().and_then(|e| e.message_for(&field))
    };
    let has_error = {
        let message = message.clone();
        move || message().is_some()
    };
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=has_error>
            <label class="nhsuk-label" for=format!("field-{field}")>{label}</label>
            {error_message(format!("field-{field}"), Signal::derive(message))}
            <input class="nhsuk-input" id=format!("field-{field}") name="reason" type="text"/>
        </div>
    }
}

/// One request: approve, or reject with a reason.
#[component]
fn Request(
    member: StaffMember,
    decide: ServerAction<DecideAccount>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let heading = format!("{} ({})", member.name, member.email);
    let about = describe(&member);
    let (approve_id, reject_id, reason_id) = (member.id.clone(), member.id.clone(), member.id);
    let (approve_name, reject_name) = (format!(" {}", member.name), format!(" {}", member.name));
    view! {
        <div class="nhsuk-card">
            <div class="nhsuk-card__content">
                <h3 class="nhsuk-card__heading">{heading}</h3>
                <p>{about}</p>
                <ActionForm action=decide>
                    <input type="hidden" name="id" value=approve_id/>
                    <input type="hidden" name="decision" value="approve"/>
                    <button class="nhsuk-button" type="submit">"Approve"<span class="nhsuk-u-visually-hidden">{approve_name}</span></button>
                </ActionForm>
                <ActionForm action=decide>
                    <input type="hidden" name="id" value=reject_id/>
                    <input type="hidden" name="decision" value="reject"/>
                    <Reason id=reason_id label="Reason for rejecting" error/>
                    <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Reject"<span class="nhsuk-u-visually-hidden">{reject_name}</span></button>
                </ActionForm>
            </div>
        </div>
    }
}

/// One account in use, with a way to disable it.
#[component]
fn ActiveAccount(
    member: StaffMember,
    decide: ServerAction<DecideAccount>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let summary = format!(
        "{} ({}), {}",
        member.name,
        member.role.label(),
        describe(&member)
    );
    let (id, name) = (member.id.clone(), member.name.clone());
    let reset_id = format!("{id}-reset");
    let reset_code =
        view! { <crate::accounts::reset_codes::IssueResetCode id=id.clone() name=name.clone()/> };
    view! {
        <li>
            <details class="nhsuk-details">
                <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">{summary}</span></summary>
                <div class="nhsuk-details__text">
                    <ActionForm action=decide>
                        <input type="hidden" name="id" value=member.id.clone()/>
                        <input type="hidden" name="decision" value="disable"/>
                        <Reason id=member.id.clone() label="Reason for disabling" error/>
                        <button class="nhsuk-button nhsuk-button--warning" type="submit">"Disable account"<span class="nhsuk-u-visually-hidden">{format!(" of {}", member.name)}</span></button>
                    </ActionForm>
                    <ActionForm action=decide>
                        <input type="hidden" name="id" value=id.clone()/>
                        <input type="hidden" name="decision" value="reset_second_factor"/>
                        <Reason id=reset_id label="Reason for resetting the authenticator app" error/>
                        <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Reset authenticator app"<span class="nhsuk-u-visually-hidden">{format!(" of {name}")}</span></button>
                    </ActionForm>
                    {reset_code}
                </div>
            </details>
        </li>
    }
}
