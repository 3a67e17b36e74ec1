//! `/admin/accounts`: admins approve or reject requests for accounts, and disable
//! accounts (which ends their sessions at once). Emails are shown exactly, any hidden
//! character by its code point, and an email that looks like another account's is flagged.
//! Nobody approves a request sent from their own session or computer.

use crate::{
    accounts::reset_codes::{issued_reset_code, IssueResetCode, Issued, IssuedResetCode},
    accounts::wire::{AccountLists, Decision},
    error::AppError,
    layout::{error_message, summary_for, Problem, SelectField},
    models::{email_pieces, EmailPiece, ListedAccount, StaffMember},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// Every account, for admins, each with the other accounts whose emails look the same.
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
    use AccountStatus::{Active, Disabled, Pending, Rejected};
    let mut all = Vec::new();
    for status in [Pending, Active, Rejected, Disabled] {
        all.extend(users::with_status_and_agency(&state.db, status).await?);
    }
    let mut by_skeleton = std::collections::HashMap::<String, Vec<String>>::new();
    for account in &all {
        by_skeleton
            .entry(users::email_skeleton(&account.member.email))
            .or_default()
            .push(account.member.email.clone());
    }
    let listed: Vec<ListedAccount> = all
        .into_iter()
        .map(|a| ListedAccount {
            looks_like: by_skeleton[&users::email_skeleton(&a.member.email)]
                .iter()
                .filter(|e| **e != a.member.email)
                .cloned()
                .collect(),
            member: a.member,
            agency_id: a.agency_id,
        })
        .collect();
    let with = |statuses: &[AccountStatus]| {
        listed
            .iter()
            .filter(|a| statuses.contains(&a.member.status))
            .cloned()
            .collect()
    };
    Ok(AccountLists {
        pending: with(&[Pending]),
        active: with(&[Active]),
        closed: with(&[Rejected, Disabled]),
        agencies: super::join::agencies().await?,
    })
}

/// Most characters in a reason.
#[cfg(feature = "ssr")]
const MAX_REASON: usize = 500;

/// Approves, rejects or disables the account `id`, or resets its second factor. All but
/// approving need a reason; an admin cannot disable their own account. Approving needs the
/// `agency` the approver confirms, and another admin than the one whose session or computer
/// sent the request.
#[server(prefix = "/api", endpoint = "decide_account")]
pub async fn decide_account(
    id: String,
    decision: Decision,
    reason: Option<String>,
    agency: Option<String>,
) -> Result<(), AppError> {
    use crate::{
        auth::{access, caller},
        models::AccountStatus,
        state::AppState,
        store::{audit, sessions, timestamp_now, users},
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
        Decision::Approve => {
            return approve(&state, &caller, &account, agency.as_deref().unwrap_or("")).await
        }
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
    if decision == Decision::Disable && id == caller.id {
        return Err(AppError::Conflict);
    }
    let at = timestamp_now();
    let detail = format!("{}: {reason}", account.member.email);
    let mut tx = state.db.begin().await?;
    // Checked and changed in one statement: of two decisions sent at once, one finds the
    // status already changed and is refused.
    if !users::change_status(&mut tx, &id, from, to, &reason).await? {
        return Err(AppError::Conflict);
    }
    audit::append(
        &mut tx,
        &state.settings.secret_key,
        &caller.audit(action).detail(&detail).at(at),
    )
    .await?;
    tx.commit().await?;
    if to == AccountStatus::Disabled {
        sessions::end_all(&state.db, &id, at).await?;
    }
    Ok(())
}

/// Approves pending `account` into `agency` (an agency professionals belong to), unless
/// `caller` sent the request; the approval names the approver, and is audited.
#[cfg(feature = "ssr")]
async fn approve(
    state: &crate::state::AppState,
    caller: &crate::auth::Caller,
    account: &crate::store::users::Account,
    agency: &str,
) -> Result<(), AppError> {
    use crate::{
        auth::{approval, session},
        models::AccountStatus,
        store::{audit, timestamp_now, users},
    };
    let member = &account.member;
    if member.status != AccountStatus::Pending {
        return Err(AppError::Conflict);
    }
    let registered = users::registered_from(&state.db, &member.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let own_session = session::current().map(|s| s.token.stored());
    if !approval::may_approve(&registered, caller, own_session.as_deref()) {
        let detail = format!(
            "{}: sent from the approver's own session or computer",
            member.email
        );
        state
            .audit(&caller.audit("approval_refused").detail(&detail))
            .await?;
        return Err(AppError::OwnRequest);
    }
    let agencies = super::join::agencies().await?;
    let Some(agency) = agencies.iter().find(|a| a.id == agency) else {
        return Err(AppError::field(
            &format!("agency-{}", member.id),
            "Select the agency this person works for",
        ));
    };
    let at = timestamp_now();
    let mut tx = state.db.begin().await?;
    if !users::approve(&mut tx, &member.id, &agency.id, &caller.email, at).await? {
        return Err(AppError::Conflict);
    }
    audit::append(
        &mut tx,
        &state.settings.secret_key,
        &caller
            .audit("account_approved")
            .detail(&format!(
                "{}: approved by {} for {}",
                member.email, caller.email, agency.name
            ))
            .at(at),
    )
    .await?;
    tx.commit().await?;
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
    use crate::store::{audit, second_factor, sessions, timestamp_now};
    // Never one's own: that would let a stolen session set up a new app with the
    // password alone. Another admin must do it.
    if account.member.id == caller.id {
        return Err(AppError::Conflict);
    }
    let at = timestamp_now();
    let mut tx = state.db.begin().await?;
    if !second_factor::forget(&mut tx, &account.member.id).await? {
        return Err(AppError::Conflict);
    }
    let detail = format!("{}: {reason}", account.member.email);
    let entry = caller.audit("second_factor_reset").detail(&detail);
    audit::append(&mut tx, &state.settings.secret_key, &entry).await?;
    tx.commit().await?;
    sessions::end_all(&state.db, &account.member.id, at).await?;
    Ok(())
}

/// The accounts page.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let decide = ServerAction::<DecideAccount>::new();
    let issue = ServerAction::<IssueResetCode>::new();
    let issued = issued_reset_code(issue);
    let list = Resource::new(move || decide.version().get(), |_| accounts());
    let decide_error = Signal::derive(move || decide.value().get().and_then(Result::err));
    let issue_error = Signal::derive(move || issue.value().get().and_then(Result::err));
    let error = Signal::derive(move || decide_error.get().or_else(|| issue_error.get()));
    // The account the last decision was about, so a refusal shows beside its form.
    let last = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(input) = decide.input().get() {
            last.set(Some(input.id));
        }
    });
    let refusal = move |id: &str| {
        let id = id.to_owned();
        Signal::derive(move || {
            decide_error
                .get()
                .filter(|e| !matches!(e, AppError::Invalid(_)))
                .filter(|_| last.get().as_deref() == Some(id.as_str()))
                .map(|e| e.to_string())
        })
    };
    view! {
        <Title text=crate::layout::title_text(move || format!("{}Accounts - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" }))/>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let issued = issued.await;
                match list.await {
                    Err(e) => view! { <Problem error=e/> }.into_any(),
                    Ok(lists) => {
                        let agencies: Vec<(String, String)> = lists
                            .agencies
                            .iter()
                            .map(|a| (a.id.clone(), format!("{} ({})", a.name, a.sector.label())))
                            .collect();
                        view! {
                            {move || error.get().map(|e| summary_for(&e, "reason"))}
                            <h1>"Accounts"</h1>
                            <h2>"Waiting for approval"</h2>
                            {if lists.pending.is_empty() {
                                view! { <p>"No requests are waiting."</p> }.into_any()
                            } else {
                                lists.pending.into_iter().map(|a| {
                                    let refused = refusal(&a.member.id);
                                    view! { <Request account=a agencies=agencies.clone() decide error refused/> }
                                }).collect_view().into_any()
                            }}
                            <h2>"In use"</h2>
                            <ul class="nhsuk-list">
                                {lists.active.into_iter().map(|a| view! { {
                                    let issued = issued.clone().filter(|i| i.0 == a.member.id);
                                    view! { <ActiveAccount account=a decide issue issued error/> }
                                } }).collect_view()}
                            </ul>
                            <h2>"Rejected or disabled"</h2>
                            <ul class="nhsuk-list">
                                {lists.closed.into_iter().map(|a| view! {
                                    <li>
                                        {format!("{} (", a.member.name)}<ShownEmail email=a.member.email.clone()/>
                                        {format!("): {}. {}", a.member.status.label(), a.member.reason)}
                                        <LooksLike emails=a.looks_like/>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// An email exactly as stored, each hidden character shown by its code point in a marked
/// box that a screen reader announces as a hidden character.
#[component]
fn ShownEmail(email: String) -> impl IntoView {
    email_pieces(&email)
        .into_iter()
        .map(|piece| match piece {
            EmailPiece::Text(text) => view! { <span>{text}</span> }.into_any(),
            EmailPiece::Hidden(code) => view! {
                <mark class="dsr-hidden-character"><span class="nhsuk-u-visually-hidden">"hidden character "</span>{code}</mark>
            }
            .into_any(),
        })
        .collect_view()
}

/// The warning for an email that looks like other accounts' emails, if it does.
#[component]
fn LooksLike(emails: Vec<String>) -> impl IntoView {
    (!emails.is_empty()).then(|| {
        view! {
            <strong class="nhsuk-tag dsr-tag dsr-tag--red dsr-looks-like">
                "Looks like another account's email: "
                {emails.into_iter().enumerate().map(|(i, email)| view! {
                    {(i > 0).then_some(", ")}<ShownEmail email/>
                }).collect_view()}
            </strong>
        }
    })
}

/// Who someone is, after their email: job, agency, when they registered and who approved
/// them.
fn describe(m: &StaffMember) -> String {
    let approved = m.approval.as_ref().map_or(String::new(), |a| {
        format!(
            " Approved by {} on {}.",
            a.by,
            crate::models::format_date_time(a.at)
        )
    });
    format!(
        ", {} at {}. Registered {}.{approved}",
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

/// One request: approve into the agency the approver confirms, or reject with a reason.
#[component]
fn Request(
    account: ListedAccount,
    agencies: Vec<(String, String)>,
    decide: ServerAction<DecideAccount>,
    error: Signal<Option<AppError>>,
    /// Why the last approval of this request was refused, if it was.
    refused: Signal<Option<String>>,
) -> impl IntoView {
    let member = account.member;
    let about = describe(&member);
    let agency_field = format!("agency-{}", member.id);
    let agency_error = {
        let field = agency_field.clone();
        Signal::derive(move || error.get().and_then(|e| e.message_for(&field)))
    };
    let (approve_id, reject_id, reason_id) =
        (member.id.clone(), member.id.clone(), member.id.clone());
    let (approve_name, reject_name) = (format!(" {}", member.name), format!(" {}", member.name));
    view! {
        <div class="nhsuk-card">
            <div class="nhsuk-card__content">
                <h3 class="nhsuk-card__heading">{format!("{} (", member.name)}<ShownEmail email=member.email.clone()/>")"</h3>
                <LooksLike emails=account.looks_like/>
                <p><ShownEmail email=member.email/>{about}</p>
                <ActionForm action=decide>
                    <input type="hidden" name="id" value=approve_id.clone()/>
                    <input type="hidden" name="decision" value="approve"/>
                    <SelectField name="agency" field=agency_field label="Agency this account is for"
                        hint="The account will see the records this agency is linked to. Check it is the one they work for."
                        placeholder="Select an agency" options=agencies selected=account.agency_id.unwrap_or_default() error=agency_error/>
                    {error_message(format!("approve-{approve_id}"), refused)}
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
    account: ListedAccount,
    decide: ServerAction<DecideAccount>,
    issue: ServerAction<IssueResetCode>,
    issued: Option<Issued>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let member = account.member;
    // Open when it has something to show: a code just issued, or a refusal.
    let field = format!("reason-{}-password", member.id);
    let refused = issue
        .value()
        .get_untracked()
        .and_then(Result::err)
        .is_some_and(|e| e.message_for(&field).is_some());
    let open = issued.is_some() || refused;
    let summary = format!("{} ({}), ", member.name, member.role.label());
    let about = describe(&member);
    let (id, name) = (member.id.clone(), member.name.clone());
    let reset_id = format!("{id}-reset");
    let reset_code = view! { <IssueResetCode id=id.clone() name=name.clone() action=issue/> };
    view! {
        <li>
            <LooksLike emails=account.looks_like/>
            <details class="nhsuk-details" open=open>
                <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">{summary}<ShownEmail email=member.email.clone()/>{about}</span></summary>
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
                    {issued.map(|issued| view! { <IssuedResetCode issued/> })}
                    {reset_code}
                </div>
            </details>
        </li>
    }
}
