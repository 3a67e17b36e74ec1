//! Setting up an authenticator app: at first sign-in (or after an admin's reset), or to
//! replace a lost or changed app from a full session once the owner has proved who they
//! are again. The secret is made and kept by the server (sealed, with the session) and
//! never read from a request.

use super::wire::EnrolmentOffer;
#[cfg(feature = "ssr")]
use crate::store::audit::AuditEntry;
use crate::{
    error::AppError,
    layout::{field_error, summary_for, Problem, TextField},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// Recovery codes given at enrolment.
#[cfg(feature = "ssr")]
const RECOVERY_CODES: usize = 10;

/// How long after proving who they are again someone may replace their app.
#[cfg(feature = "ssr")]
const REAUTHENTICATION_MINUTES: i64 = 10;

/// Whether `session` may set up an app now, and whether that replaces the account's app.
/// At sign-in (half signed in), only an account with no app may set one up. From a full
/// session, adding or replacing an app needs its owner to have proved who they are again
/// in the last few minutes (`None` until then), so a session alone never changes it.
#[cfg(feature = "ssr")]
async fn may_enrol(
    state: &crate::state::AppState,
    session: &crate::auth::session::Session,
) -> Result<Option<crate::store::second_factor::Existing>, AppError> {
    use crate::store::{second_factor::Existing, sessions, timestamp_now};
    let existing = if session.account.member.two_factor {
        Existing::Replace
    } else {
        Existing::Refuse
    };
    if session.stage != sessions::Stage::Full {
        return match existing {
            Existing::Refuse => Ok(Some(existing)),
            Existing::Replace => Err(AppError::Forbidden),
        };
    }
    let since = timestamp_now() - chrono::TimeDelta::minutes(REAUTHENTICATION_MINUTES);
    Ok(
        sessions::reauthenticated_since(&state.db, &session.token, since)
            .await?
            .then_some(existing),
    )
}

/// The secret to set up an app with: made by the server the first time it is asked for
/// in this session, and kept (sealed) with the session until a code from the app proves
/// the app has it. `None` when the caller must first prove who they are again (they
/// already have an app). Refused for a half-signed-in session whose account has an app.
#[server(prefix = "/api", endpoint = "enrolment")]
pub async fn enrolment() -> Result<Option<EnrolmentOffer>, AppError> {
    use crate::{
        auth::{totp, two_factor::signing_in},
        state::AppState,
        store::sessions,
    };
    let session = signing_in()?;
    let state = AppState::current()?;
    let Some(existing) = may_enrol(&state, &session).await? else {
        return Ok(None);
    };
    let key = &state.settings.secret_key;
    sessions::offer_secret(&state.db, key, &session.token, &totp::new_secret()).await?;
    let secret = sessions::pending_secret(&state.db, key, &session.token)
        .await?
        .ok_or(AppError::Internal)?;
    let uri = totp::provisioning_uri(&secret, &session.account.member.email);
    Ok(Some(EnrolmentOffer {
        qr_svg: totp::qr_svg(&uri),
        secret,
        replacing: existing == crate::store::second_factor::Existing::Replace,
    }))
}

/// Sets up the app that holds this session's offered secret, proved by `code`; its new
/// one-use recovery codes are kept to be shown once ([`crate::auth::shown_once`]). A half-signed-in
/// session becomes a full one;
/// replacing an app ends the account's other sessions. Wrong codes count towards the
/// lockout.
#[server(prefix = "/api", endpoint = "enrol")]
pub async fn enrol(code: String) -> Result<(), AppError> {
    use crate::{
        auth::{
            client_address, lockout,
            shown_once::keep,
            totp,
            two_factor::{finish_sign_in, signing_in},
            wire::ShownOnce,
        },
        state::AppState,
        store::{
            attempts,
            second_factor::{self, Existing},
            sessions::{self, Stage},
            timestamp_now,
        },
    };
    let session = signing_in()?;
    let state = AppState::current()?;
    let existing = may_enrol(&state, &session)
        .await?
        .ok_or(AppError::Forbidden)?;
    if code.trim().is_empty() {
        return Err(AppError::field(
            "code",
            "Enter the 6-digit code your authenticator app shows now",
        ));
    }
    let key = &state.settings.secret_key;
    let secret = sessions::pending_secret(&state.db, key, &session.token)
        .await?
        .ok_or(AppError::Conflict)?;
    let user = &session.account.member;
    let client = client_address();
    let now = timestamp_now();
    let _attempt = lockout::reserve(&state, &user.email, &client, now).await?;
    let Some(step) = totp::verify(&secret, &code, now.timestamp()) else {
        lockout::audit_failure(&state, &user.email, "second_factor_failed", &client).await?;
        return Err(AppError::field(
            "code",
            "That code is not right. Enter the 6-digit code your app shows now: it changes every 30 seconds",
        ));
    };
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
    let mut tx = state.db.begin().await?;
    if !second_factor::enrol(&mut tx, key, &user.id, &secret, step, &codes, existing).await? {
        return Err(AppError::Conflict);
    }
    tx.commit().await?;
    sessions::set_reauthenticated(&state.db, &session.token, None).await?;
    attempts::clear_sign_in(&state.db, &user.email).await?;
    let action = match existing {
        Existing::Refuse => "second_factor_enrolled",
        Existing::Replace => "second_factor_replaced",
    };
    state
        .audit(&AuditEntry::new(&user.email, action, &client))
        .await?;
    let token = match session.stage {
        Stage::Password => finish_sign_in(&state, &session).await?,
        // Signed in already: every session of the account ends, and this browser gets a
        // new one.
        Stage::Full => {
            sessions::end_all(&state.db, &user.id, now).await?;
            let token = sessions::start(&state.db, &user.id, &client, now, Stage::Full).await?;
            crate::auth::session::send_cookie(crate::auth::session::set_cookie(&token));
            token
        }
    };
    let next = super::login::home_of(user.role).to_owned();
    keep(&state, &token, &ShownOnce::RecoveryCodes { codes, next }).await
}

/// Proves, before adding or replacing an authenticator app, that the signed-in person is
/// the account's owner: their password and, if the account has an app, a current code
/// from it or an unused recovery code. Failures count towards the lockout. Good for a few
/// minutes.
#[server(prefix = "/api", endpoint = "confirm_identity")]
pub async fn confirm_identity(password: String, code: String) -> Result<(), AppError> {
    use crate::{
        auth::{client_address, lockout, two_factor::check_code},
        state::AppState,
        store::{attempts, sessions, timestamp_now, users},
    };
    let session = crate::auth::session::current()
        .filter(|s| s.stage == sessions::Stage::Full)
        .ok_or(AppError::Unauthorised)?;
    let has_app = session.account.member.two_factor;
    AppError::require(&[
        ("password", password.is_empty(), "Enter your password"),
        (
            "code",
            has_app && code.trim().is_empty(),
            "Enter the code from your authenticator app",
        ),
    ])?;
    let state = AppState::current()?;
    let user = &session.account.member;
    let client = client_address();
    let now = timestamp_now();
    let attempt = lockout::reserve(&state, &user.email, &client, now).await?;
    let hash = users::for_login(&state.db, &user.email)
        .await?
        .map(|a| a.password_hash);
    let password_right = match state.hashing.verify(password, hash).await {
        Ok(right) => right,
        Err(busy) => {
            attempts::release(&state.db, attempt).await?;
            return Err(busy.into());
        }
    };
    if !password_right || (has_app && !check_code(&state, &user.id, &code, now).await?) {
        lockout::audit_failure(&state, &user.email, "reauthentication_failed", &client).await?;
        let message = "Your password or code is not right. Enter your current password, and the code your app shows now or an unused recovery code";
        return Err(AppError::Invalid(
            ["password", "code"]
                .map(|field| crate::error::FieldError {
                    field: field.into(),
                    message: message.into(),
                })
                .into(),
        ));
    }
    attempts::release(&state.db, attempt).await?;
    sessions::set_reauthenticated(&state.db, &session.token, Some(now)).await?;
    state
        .audit(&AuditEntry::new(&user.email, "reauthenticated", &client))
        .await
}

/// A recovery code: 10 random characters from an alphabet without look-alikes, in two
/// groups of five.
#[cfg(feature = "ssr")]
fn recovery_code() -> String {
    crate::random_code::random_code(b"abcdefghjkmnpqrstuvwxyz23456789", 2, 5)
}

/// `/login/set-up-code`: set up an authenticator app at sign-in, then keep the recovery
/// codes.
#[component]
pub fn SetUpCodePage() -> impl IntoView {
    let action = ServerAction::<Enrol>::new();
    let offer = Resource::new_blocking(move || action.version().get(), |_| enrolment());
    let codes = recovery_codes(action);
    view! {
        <Title text="Set up your authenticator app - Dynamic Support Register"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        if let Some((codes, next)) = codes.await {
                            return view! { <RecoveryCodes codes next/> }.into_any();
                        }
                        match offer.await {
                            Err(e) => view! { <Problem error=e/> }.into_any(),
                            Ok(None) => view! {
                                <h1>"Nothing to set up here"</h1>
                                <p>"To set up or change your authenticator app, go to "<a href="/account/authenticator">"Your account"</a>"."</p>
                            }.into_any(),
                            Ok(Some(offer)) => view! {
                                <AppSetUp offer action heading="Set up your authenticator app"
                                    why="Your account needs a second check when you sign in. Use an authenticator app on your work phone."/>
                            }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </div>
    }
}

/// `/account/authenticator`: replace one's authenticator app (a new phone), after proving
/// who one is with the password and a current or recovery code; or set one up.
#[component]
pub fn AuthenticatorPage() -> impl IntoView {
    let confirm = ServerAction::<ConfirmIdentity>::new();
    let action = ServerAction::<Enrol>::new();
    let offer = Resource::new(
        move || (confirm.version().get(), action.version().get()),
        |_| enrolment(),
    );
    let codes = recovery_codes(action);
    let error = Signal::derive(move || confirm.value().get().and_then(Result::err));
    view! {
        <Title text=crate::layout::title_text(move || format!("{}Change your authenticator app - Dynamic Support Register", if error.get().is_some() { "Error: " } else { "" }))/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <Transition fallback=|| view! { <p>"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        if let Some((codes, next)) = codes.await {
                            return view! { <RecoveryCodes codes next/> }.into_any();
                        }
                        match offer.await {
                            Err(e) => view! { <Problem error=e/> }.into_any(),
                            Ok(Some(offer)) if offer.replacing => view! {
                                <AppSetUp offer action heading="Set up your new authenticator app"
                                    why="Your old app and recovery codes stop working once the new app is set up, and you are signed out everywhere else."/>
                            }.into_any(),
                            Ok(Some(offer)) => view! {
                                <AppSetUp offer action heading="Set up an authenticator app"
                                    why="Your account does not have one yet. Once it is set up, you will give a code from it each time you sign in."/>
                            }.into_any(),
                            Ok(None) => view! {
                                {move || error.get().map(|e| summary_for(&e, "password"))}
                                <h1>"Change your authenticator app"</h1>
                                <p>"First, confirm it is you."</p>
                                <ActionForm action=confirm attr:novalidate=true>
                                    <TextField name="password" label="Your password" kind="password" autocomplete="current-password" error=field_error(error, "password")/>
                                    <TextField name="code" label="Security code" hint="The 6-digit code from your current app. If you have lost it, enter one of your recovery codes. If you have no app yet, leave this empty." autocomplete="one-time-code" class="nhsuk-input--width-10" error=field_error(error, "code")/>
                                    <button class="nhsuk-button" type="submit" disabled=move || confirm.pending().get()>"Continue"</button>
                                </ActionForm>
                                <p>"Lost your app and your recovery codes? Ask the LDA team to reset it."</p>
                            }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </div>
    }
}

/// Setting up an app from `offer`: the steps, the QR code and key, and the code that
/// proves it.
#[component]
fn AppSetUp(
    offer: EnrolmentOffer,
    action: ServerAction<Enrol>,
    heading: &'static str,
    why: &'static str,
) -> impl IntoView {
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        {move || error.get().map(|e| summary_for(&e, "code"))}
        <h1>{heading}</h1>
        <p>{why}</p>
        <ol class="nhsuk-list nhsuk-list--number">
            <li>"Open the app and add an account."</li>
            <li>"Scan the QR code, or type in the key below it."</li>
            <li>"Enter the 6-digit code the app shows."</li>
        </ol>
        <div class="dsr-qr" role="img" aria-label="QR code for your authenticator app. If you cannot scan it, type in the key below instead." inner_html=offer.qr_svg.clone()></div>
        <p>"Key: "<code class="dsr-secret">{grouped(&offer.secret)}</code></p>
        <ActionForm action attr:novalidate=true>
            <TextField name="code" label="Security code" hint="The 6-digit code your app shows now." autocomplete="one-time-code" inputmode="numeric" class="nhsuk-input--width-10" error=field_error(error, "code")/>
            <button class="nhsuk-button" type="submit" disabled=move || action.pending().get()>"Continue"</button>
        </ActionForm>
    }
}

/// A key written in groups of four, easier to read and type (apps ignore the spaces).
fn grouped(key: &str) -> String {
    key.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The recovery codes (and where to go next) of an app just set up, by `action` or by a
/// form posted without JavaScript: taken once from the session.
fn recovery_codes(action: ServerAction<Enrol>) -> Resource<Option<(Vec<String>, String)>> {
    use crate::auth::{shown_once::take_shown_once, wire::ShownOnce};
    Resource::new_blocking(
        move || action.version().get(),
        |_| async move {
            match take_shown_once().await {
                Ok(Some(ShownOnce::RecoveryCodes { codes, next })) => Some((codes, next)),
                _ => None,
            }
        },
    )
}

/// The recovery codes, shown once.
#[component]
fn RecoveryCodes(codes: Vec<String>, next: String) -> impl IntoView {
    view! {
        <div class="nhsuk-panel">
            <h1>"Your authenticator app is set up"</h1>
            <p>"Keep these recovery codes somewhere safe. Each one works once, if you lose your app. You will not see them again."</p>
            <ul class="nhsuk-list dsr-recovery-codes">
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ul>
            <a class="nhsuk-button nhsuk-button--reverse" href=next>"Continue"</a>
        </div>
    }
}
