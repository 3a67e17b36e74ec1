//! `/join`: a professional registers for an account, which waits for an admin.

#[cfg(feature = "ssr")]
use crate::store::audit::AuditEntry;
use crate::{
    error::AppError,
    layout::{field_error, summary_for, RadiosField, SelectField, TextField},
    models::Agency,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The agencies a professional can choose from when registering.
#[server(prefix = "/api", endpoint = "agencies")]
pub async fn agencies() -> Result<Vec<Agency>, AppError> {
    use crate::{models::Sector, state::AppState, store::agencies};
    let state = AppState::current()?;
    Ok(agencies::list(&state.db)
        .await?
        .into_iter()
        .filter(|a| a.sector != Sector::LdaTeam)
        .collect())
}

/// Most characters in a name or job title.
#[cfg(feature = "ssr")]
const MAX_TEXT: usize = 200;

/// Registers a professional (or a commissioner, who reads only figures). The account is
/// pending until an admin approves it; the
/// answer is the same whether or not the email already has an account, so registering
/// cannot be used to find out who has one. Requests are limited per client address and
/// per hour in all, counted before the password is hashed.
#[server(prefix = "/api", endpoint = "join")]
pub async fn join(
    name: String,
    email: String,
    agency: String,
    job_title: String,
    password: String,
    #[server(default)] purpose: Option<String>,
) -> Result<(), AppError> {
    use crate::{
        auth::{client_address, lockout, password::Password},
        error::FieldError,
        models::{
            has_control_characters, has_hidden_characters, looks_like_email, AccountStatus, Role,
            HIDDEN_CHARACTERS,
        },
        state::AppState,
        store::{agencies, timestamp_now, users},
    };
    let state = AppState::current()?;
    let (name, job_title) = (name.trim().to_owned(), job_title.trim().to_owned());
    let email = users::normalise_email(&email);
    let mut errors = Vec::new();
    let mut problem = |field: &str, message: &str| {
        errors.push(FieldError {
            field: field.to_owned(),
            message: message.to_owned(),
        })
    };
    if name.is_empty() {
        problem("name", "Enter your full name");
    } else if name.chars().count() > MAX_TEXT {
        problem("name", "Full name must be 200 characters or fewer");
    } else if has_control_characters(&name) {
        problem("name", &format!("Full name {HIDDEN_CHARACTERS}"));
    }
    if email.is_empty() {
        problem("email", "Enter your work email address");
    } else if has_hidden_characters(&email) {
        problem("email", users::HIDDEN_CHARACTERS);
    } else if !email.is_ascii() {
        // Letters from other scripts make look-alikes of real addresses (a Cyrillic "а"
        // for "a"); work email addresses here are written in plain letters.
        problem(
            "email",
            "Enter your work email address using only the letters a to z, numbers and the symbols . _ - + @",
        );
    } else if !looks_like_email(&email) {
        problem(
            "email",
            "Enter an email address in the correct format, like name@nhs.net",
        );
    }
    let known = agencies::list(&state.db).await?;
    let agency = known.iter().find(|a| a.id == agency);
    if agency.is_none() {
        problem("agency", "Select your agency");
    }
    if job_title.is_empty() {
        problem("job_title", "Enter your job title");
    } else if job_title.chars().count() > MAX_TEXT {
        problem("job_title", "Job title must be 200 characters or fewer");
    } else if has_control_characters(&job_title) {
        problem("job_title", &format!("Job title {HIDDEN_CHARACTERS}"));
    }
    // Professionals support people on the register; commissioners read its figures only.
    let role = match purpose.as_deref() {
        None | Some("") | Some(PROFESSIONAL) => Some(Role::Professional),
        Some(COMMISSIONER) => Some(Role::Commissioner),
        Some(_) => None,
    };
    if role.is_none() {
        problem("purpose", "Choose what you need an account for");
    }
    let password = Password::new(password, &[&name, &email]);
    if let Err(rule) = &password {
        problem("password", &rule.to_string());
    }
    let (Some(agency), Some(role), Ok(password), true) =
        (agency, role, password, errors.is_empty())
    else {
        return Err(AppError::Invalid(errors));
    };
    let client = client_address();
    lockout::reserve_join(&state, &client, timestamp_now()).await?;
    let hash = state.hashing.hash(password).await?;
    let created = users::create(
        &state.db,
        &users::NewUser {
            email: &email,
            full_name: &name,
            job_title: &job_title,
            agency: Some(&agency.id),
            role,
            status: AccountStatus::Pending,
            password_hash: &hash,
            at: timestamp_now(),
            origin: Some(users::Origin {
                client: &client_address(),
                session: crate::auth::session::current()
                    .map(|s| s.token.stored())
                    .as_deref(),
            }),
        },
    )
    .await;
    let detail = match created {
        Ok(_) => format!("{} at {}", role.label().to_lowercase(), agency.name),
        Err(users::CreateError::EmailTaken) => "email already registered".to_owned(),
        Err(users::CreateError::Db(e)) => return Err(e.into()),
    };
    state
        .audit(&AuditEntry::new(&email, "account_registered", &client).detail(&detail))
        .await?;
    leptos_axum::redirect("/join/done");
    Ok(())
}

/// What someone registering needs an account for: supporting people on the register.
const PROFESSIONAL: &str = "professional";
/// ... or reading the register's figures (commissioning).
const COMMISSIONER: &str = "commissioner";

/// The registration form.
#[component]
pub fn JoinPage() -> impl IntoView {
    let action = ServerAction::<Join>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let options = Resource::new_blocking(|| (), |_| agencies());
    view! {
        <Title text=crate::layout::title_text(move || format!("{}Register for an account - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" }))/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                {move || error.get().map(|e| summary_for(&e, "name"))}
                <h1>"Register for an account"</h1>
                <p>"For health, social care and education staff who support people on the register, and for commissioners who read its figures. The LDA team checks every request before the account can be used."</p>
                <ActionForm action attr:novalidate=true>
                    <RadiosField name="purpose" legend="What do you need an account for?" checked=PROFESSIONAL
                        options=vec![
                            (PROFESSIONAL.to_owned(), "Supporting people on the register (health, social care or education)".to_owned()),
                            (COMMISSIONER.to_owned(), "Reading the register's figures (commissioning): no names or records".to_owned()),
                        ]
                        error=field_error(error, "purpose")/>
                    <TextField name="name" label="Full name" autocomplete="name" error=field_error(error, "name")/>
                    <TextField name="email" label="Work email address" hint="Use your work email, not a personal one." kind="email" autocomplete="email" error=field_error(error, "email")/>
                    <Suspense>
                        {move || Suspend::new(async move {
                            let options = options
                                .await
                                .unwrap_or_default()
                                .into_iter()
                                .map(|a| (a.id, format!("{} ({})", a.name, a.sector.label())))
                                .collect::<Vec<_>>();
                            view! {
                                <SelectField name="agency" label="Agency" hint="The organisation you work for. If it is not listed, contact the LDA team."
                                    placeholder="Select your agency" options error=field_error(error, "agency")/>
                            }
                        })}
                    </Suspense>
                    <TextField name="job_title" label="Job title" autocomplete="organization-title" error=field_error(error, "job_title")/>
                    <TextField name="password" label="Create a password" hint="At least 12 characters. A few unrelated words make a strong password that is easy to remember. You can paste from a password manager." kind="password" autocomplete="new-password" error=field_error(error, "password")/>
                    <button class="nhsuk-button" type="submit" disabled=move || action.pending().get()>"Send request"</button>
                </ActionForm>
            </div>
        </div>
    }
}

/// `/join/done`: what happens after registering.
#[component]
pub fn JoinDonePage() -> impl IntoView {
    view! {
        <Title text="Request sent - Dynamic Support Register"/>
        <div class="nhsuk-panel">
            <h1>"Request sent"</h1>
            <p>"The LDA team will check your request. When it is approved, you can sign in with your email and password."</p>
            <p>"If you already had an account, sign in as usual."</p>
        </div>
        <p><a href="/login">"Go to sign in"</a></p>
    }
}
