//! `/admin/audit`: admins read the audit trail, filtered by person, user and date. The
//! portal offers no way to change or remove a row.

use crate::{
    error::AppError,
    layout::{field_error, summary_for, Problem, TableHead, TextField},
    models::{format_date_time, AuditLine},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// Rows shown at once.
#[cfg(feature = "ssr")]
const ROWS: i64 = 200;

/// The newest rows of the audit trail matching the filters (each may be left empty):
/// a person's record id, a user's email, and dates (yyyy-mm-dd, UTC) from and to. Clinical
/// detail reaches admins only as "changed" (`auth::audit_detail`).
#[server(prefix = "/api", endpoint = "audit_trail")]
pub async fn audit_trail(
    person: Option<String>,
    user: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<Vec<AuditLine>, AppError> {
    use crate::{
        auth::{access, audit_detail, caller},
        error::FieldError,
        state::AppState,
        store::audit::{self, AuditFilter},
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "audit_trail", access::ADMINS).await?;
    let given = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let mut errors = Vec::new();
    let person = match given(person) {
        None => None,
        Some(p) => match p.parse() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.push(FieldError {
                    field: "person".into(),
                    message: "Enter a record id like 0f8c7c1e-…, as shown in the record's address"
                        .into(),
                });
                None
            }
        },
    };
    let mut day = |field: &str, v: Option<String>, plus: u64| match given(v) {
        None => None,
        // Checked: a date typed near chrono's limits must be refused, never overflow.
        Some(text) => match chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .ok()
            .filter(|d| (1..=9999).contains(&chrono::Datelike::year(d)))
            .and_then(|d| d.checked_add_days(chrono::Days::new(plus)))
        {
            Some(d) => Some(d.and_time(chrono::NaiveTime::MIN).and_utc()),
            None => {
                errors.push(FieldError {
                    field: field.into(),
                    message: "Enter a date like 2026-11-24".into(),
                });
                None
            }
        },
    };
    let from = day("from", from, 0);
    let to = day("to", to, 1);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let filter = AuditFilter {
        person,
        actor: given(user).map(|u| crate::store::users::normalise_email(&u)),
        action: None,
        from,
        to,
    };
    Ok(audit::search(&state.db, &filter, ROWS)
        .await?
        .into_iter()
        .map(|line| audit_detail::as_read_by(caller.role, line))
        .collect())
}

/// The audit trail page: a filter form and the matching rows, newest first.
#[component]
pub fn AuditPage() -> impl IntoView {
    let search = ServerAction::<AuditTrail>::new();
    let latest = Resource::new(|| (), |_| audit_trail(None, None, None, None));
    let error = Signal::derive(move || search.value().get().and_then(Result::err));
    view! {
        <Title text=crate::layout::title_text(move || format!("{}Audit trail - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" }))/>
        {move || error.get().map(|e| summary_for(&e, "person"))}
        <h1>"Audit trail"</h1>
        <p>"Every sign-in, look at a record, change and account decision, newest first, in UK time. Clinical details, such as a rating or a referral's outcome, show only as \"changed\" with the record's id."</p>
        <ActionForm action=search attr:novalidate=true attr:class="dsr-audit-filter">
            <TextField name="person" label="Record id" hint="From the address of the person's page." error=field_error(error, "person")/>
            <TextField name="user" label="User's email" kind="email" error=field_error(error, "user")/>
            <TextField name="from" label="From date" hint="For example, 2026-11-24" class="nhsuk-input--width-10" error=field_error(error, "from")/>
            <TextField name="to" label="To date" hint="For example, 2026-11-24" class="nhsuk-input--width-10" error=field_error(error, "to")/>
            <button class="nhsuk-button" type="submit">"Show entries"</button>
        </ActionForm>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let rows = match search.value().get() {
                    Some(Ok(rows)) => Ok(rows),
                    _ => latest.await,
                };
                match rows {
                    Err(e) => view! { <Problem error=e/> }.into_any(),
                    Ok(rows) => view! { <AuditTable rows/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Audit rows as a table.
#[component]
pub fn AuditTable(rows: Vec<AuditLine>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p>"No entries match."</p> }.into_any();
    }
    view! {
        <table class="nhsuk-table dsr-audit">
            <caption class="nhsuk-table__caption">{format!("{} entries, newest first", rows.len())}</caption>
            <TableHead columns=&["When", "Who", "What", "Record", "Detail", "From"]/>
            <tbody class="nhsuk-table__body">
                {rows.into_iter().map(|r| view! {
                    <tr>
                        <td>{format_date_time(r.at)}</td>
                        <td>{r.actor}</td>
                        <td>{r.action}</td>
                        <td>{r.person.unwrap_or_default()}</td>
                        <td>{r.detail}</td>
                        <td>{r.client}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
