//! The second factor: a six-digit code from an authenticator app (or a one-use recovery
//! code) after the password, and setting the app up with recovery codes.

use crate::{
    error::AppError,
    layout::{field_error, summary_for, TextField},
};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// Recovery codes given at enrolment.
#[cfg(feature = "ssr")]
const RECOVERY_CODES: usize = 10;

/// The session asking, which must have passed the password (or be fully signed in, to
/// set up a new app).
#[cfg(feature = "ssr")]
fn signing_in() -> Result<crate::auth::session::Session, AppError> {
    crate::auth::session::current().ok_or(AppError::Unauthorised)
}

/// Replaces the half-signed-in session with a full one (a new id), and sends the
/// browser into the service.
#[cfg(feature = "ssr")]
async fn finish_sign_in(
    state: &crate::state::AppState,
    session: &crate::auth::session::Session,
) -> Result<(), AppError> {
    use crate::{
        auth::{client_address, login, session as cookie},
        store::{sessions, timestamp_now},
    };
    let now = timestamp_now();
    let client = client_address();
    sessions::end(&state.db, &session.token, now).await?;
    let token = sessions::start(
        &state.db,
        &session.account.member.id,
        &client,
        now,
        sessions::Stage::Full,
    )
    .await?;
    cookie::send_cookie(cookie::set_cookie(&token));
    login::audit_event(state, &session.account.member.email, "login", "", &client).await?;
    Ok(())
}

/// Checks the code from the authenticator app, or a recovery code. A code is accepted
/// once only; wrong codes count towards the account's lockout like wrong passwords.
#[server(prefix = "/api", endpoint = "confirm_code")]
pub async fn confirm_code(code: String) -> Result<(), AppError> {
    use crate::{
        auth::{client_address, login, totp},
        state::AppState,
        store::{login_failures, second_factor, sessions::Stage, timestamp_now},
    };
    let session = signing_in()?;
    if session.stage != Stage::Password {
        leptos_axum::redirect(login::home_of(session.account.member.role));
        return Ok(());
    }
    if code.trim().is_empty() {
        return Err(AppError::field(
            "code",
            "Enter the code from your authenticator app",
        ));
    }
    let state = AppState::current()?;
    let user = &session.account.member;
    let client = client_address();
    let now = timestamp_now();
    let since = now - chrono::TimeDelta::minutes(login::LOCKOUT_MINUTES);
    let (for_email, from_client) =
        login_failures::count_since(&state.db, &user.email, &client, since).await?;
    if login::locked_out(for_email, from_client) {
        login::audit_event(
            &state,
            &user.email,
            "login_refused",
            "too many failed attempts",
            &client,
        )
        .await?;
        return Err(AppError::TooManyAttempts);
    }
    let secret = second_factor::secret(&state.db, &state.settings.secret_key, &user.id)
        .await?
        .ok_or(AppError::Forbidden)?;
    let accepted = match totp::verify(&secret, &code, now.timestamp()) {
        Some(step) => second_factor::accept_step(&state.db, &user.id, step).await?,
        None => second_factor::use_recovery_code(&state.db, &user.id, &code, now).await?,
    };
    if !accepted {
        login_failures::record(&state.db, &user.email, &client, now).await?;
        login::audit_event(&state, &user.email, "second_factor_failed", "", &client).await?;
        return Err(AppError::field(
            "code",
            "Enter the current code from your authenticator app, or an unused recovery code",
        ));
    }
    login_failures::clear(&state.db, &user.email).await?;
    finish_sign_in(&state, &session).await?;
    leptos_axum::redirect(login::home_of(user.role));
    Ok(())
}

/// What setting up an authenticator app needs: a new secret, as text and a QR code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentOffer {
    /// The secret, base32, for typing into the app.
    pub secret: String,
    /// The QR code (SVG) of the app's set-up address.
    pub qr_svg: String,
}

/// A new secret to set up an authenticator app with. It is kept only once a code from
/// the app proves the app has it.
#[server(prefix = "/api", endpoint = "enrolment")]
pub async fn enrolment() -> Result<EnrolmentOffer, AppError> {
    use crate::auth::totp;
    let session = signing_in()?;
    let secret = totp::new_secret();
    let uri = totp::provisioning_uri(&secret, &session.account.member.email);
    Ok(EnrolmentOffer {
        qr_svg: totp::qr_svg(&uri),
        secret,
    })
}

/// The outcome of setting up an app.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolled {
    /// One-use recovery codes, shown once.
    pub codes: Vec<String>,
    /// Where the user goes next.
    pub next: String,
}

/// Sets up the app whose `secret` produced `code`; returns one-use recovery codes, shown
/// once. A half-signed-in session becomes a full one.
#[server(prefix = "/api", endpoint = "enrol")]
pub async fn enrol(secret: String, code: String) -> Result<Enrolled, AppError> {
    use crate::{
        auth::{client_address, login, totp},
        state::AppState,
        store::{second_factor, sessions::Stage, timestamp_now},
    };
    let session = signing_in()?;
    let now = timestamp_now();
    let Some(step) = totp::verify(&secret, &code, now.timestamp()) else {
        return Err(AppError::field(
            "code",
            "Enter the 6-digit code your authenticator app shows now",
        ));
    };
    let state = AppState::current()?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
    let user = &session.account.member;
    let mut tx = state.db.begin().await?;
    second_factor::enrol(
        &mut tx,
        &state.settings.secret_key,
        &user.id,
        &secret,
        step,
        &codes,
    )
    .await?;
    tx.commit().await?;
    login::audit_event(
        &state,
        &user.email,
        "second_factor_enrolled",
        "",
        &client_address(),
    )
    .await?;
    if session.stage == Stage::Password {
        finish_sign_in(&state, &session).await?;
    }
    Ok(Enrolled {
        codes,
        next: login::home_of(user.role).to_owned(),
    })
}

/// A recovery code: 10 random characters from an alphabet without look-alikes, in two
/// groups of five.
#[cfg(feature = "ssr")]
fn recovery_code() -> String {
    crate::random_code::random_code(b"abcdefghjkmnpqrstuvwxyz23456789", 2, 5)
}

/// `/login/code`: the code from the authenticator app.
#[component]
pub fn CodePage() -> impl IntoView {
    let action = ServerAction::<ConfirmCode>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Title text=move || format!("{}Enter your security code - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" })/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                {move || error.get().map(|e| summary_for(&e, "code"))}
                <h1>"Enter your security code"</h1>
                <ActionForm action attr:novalidate=true>
                    <TextField name="code" label="Security code" hint="The 6-digit code from your authenticator app. If you have lost your app, enter one of your recovery codes." autocomplete="one-time-code" class="nhsuk-input--width-10" error=field_error(error, "code")/>
                    <button class="nhsuk-button" type="submit" disabled=move || action.pending().get()>"Continue"</button>
                </ActionForm>
            </div>
        </div>
    }
}

/// `/login/set-up-code`: set up an authenticator app, then keep the recovery codes.
#[component]
pub fn SetUpCodePage() -> impl IntoView {
    let offer = Resource::new_blocking(|| (), |_| enrolment());
    let action = ServerAction::<Enrol>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Title text=move || format!("{}Set up your authenticator app - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" })/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match offer.await {
                            Err(e) => view! { <crate::layout::Problem error=e/> }.into_any(),
                            Ok(offer) => match action.value().get() {
                                Some(Ok(done)) => view! { <RecoveryCodes done/> }.into_any(),
                                _ => view! {
                                    {move || error.get().map(|e| summary_for(&e, "code"))}
                                    <h1>"Set up your authenticator app"</h1>
                                    <p>"Your account needs a second check when you sign in. Use an authenticator app on your work phone."</p>
                                    <ol class="nhsuk-list nhsuk-list--number">
                                        <li>"Open the app and add an account."</li>
                                        <li>"Scan the QR code, or type in the key below it."</li>
                                        <li>"Enter the 6-digit code the app shows."</li>
                                    </ol>
                                    <div class="dsr-qr" inner_html=offer.qr_svg.clone()></div>
                                    <p>"Key: "<code class="dsr-secret">{offer.secret.clone()}</code></p>
                                    <ActionForm action attr:novalidate=true>
                                        <input type="hidden" name="secret" value=offer.secret.clone()/>
                                        <TextField name="code" label="Security code" hint="The 6-digit code your app shows now." autocomplete="one-time-code" class="nhsuk-input--width-10" error=field_error(error, "code")/>
                                        <button class="nhsuk-button" type="submit" disabled=move || action.pending().get()>"Continue"</button>
                                    </ActionForm>
                                }.into_any(),
                            },
                        }
                    })}
                </Suspense>
            </div>
        </div>
    }
}

/// The recovery codes, shown once.
#[component]
fn RecoveryCodes(done: Enrolled) -> impl IntoView {
    view! {
        <div class="nhsuk-panel">
            <h1>"Your authenticator app is set up"</h1>
            <p>"Keep these recovery codes somewhere safe. Each one works once, if you lose your app. You will not see them again."</p>
            <ul class="nhsuk-list dsr-recovery-codes">
                {done.codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ul>
            <a class="nhsuk-button" href=done.next>"Continue"</a>
        </div>
    }
}
