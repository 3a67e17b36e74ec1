//! Server functions: the referral terms, and receiving a referral exactly once.

use super::wire::Receipt;
use crate::{error::AppError, models::ReferralAnswers};
use leptos::prelude::*;

/// Receives a referral. `key` is the draft's idempotency key (a UUID the browser chose):
/// sending the same key again returns the same reference and creates nothing; the same
/// key with different answers is refused. Families send with `professional` false and no
/// sign-in; a professional's referral needs a signed-in member of register staff.
/// `website` is a field people never see: anything in it marks a robot. Without sign-in,
/// new referrals and hidden-field hits from one client share one hourly limit (429).
/// `written_by` is the account that wrote a professional's draft: another account signed
/// in now is refused ([`AppError::OtherAccount`]).
#[server(prefix = "/api", endpoint = "submit_referral", input = server_fn::codec::Json)]
pub async fn submit_referral(
    key: String,
    answers: ReferralAnswers,
    professional: bool,
    website: String,
    #[server(default)] written_by: Option<String>,
) -> Result<Receipt, AppError> {
    use crate::{
        auth::{access, caller, client_address},
        state::AppState,
    };
    let state = AppState::current()?;
    let client = client_address();
    let referrer = if professional {
        let caller = caller()?;
        access::require_role(&state, &caller, "submit_referral", access::REGISTER).await?;
        // A draft sent from the browser names the account that wrote it: never sent
        // under another that has signed in since.
        if written_by
            .as_ref()
            .is_some_and(|writer| *writer != caller.id)
        {
            return Err(AppError::OtherAccount);
        }
        Some(caller)
    } else {
        None
    };
    let receipt = receive(&state, &key, &answers, referrer.as_ref(), &website, &client).await?;
    if referrer.is_none() {
        // Sent from the browser after pages posted without JavaScript: the server's copy
        // of those answers is no longer needed.
        super::kept::sent_from_browser(&state, &key, &receipt.reference).await?;
    }
    Ok(receipt)
}

/// Receives a checked referral exactly once (see [`submit_referral`]) from `client`:
/// sent by `referrer`, or by a family when `None` (limited per client, or IPv6 /64
/// network, per hour).
#[cfg(feature = "ssr")]
pub async fn receive(
    state: &crate::state::AppState,
    key: &str,
    answers: &ReferralAnswers,
    referrer: Option<&crate::auth::Caller>,
    website: &str,
    client: &str,
) -> Result<Receipt, AppError> {
    use crate::{
        models::{uk_today, validate_referral},
        store::{
            audit::{self, AuditEntry},
            referrals::{self, Incoming},
            timestamp_now,
        },
    };
    let at = timestamp_now();
    let client = client.to_owned();
    // Limits count an IPv6 client's /64 network; the audit names the address.
    let group = crate::auth::client::limit_group(&client);
    let professional = referrer.is_some();
    let key = key.trim().to_ascii_lowercase();
    if uuid::Uuid::parse_str(&key).map(|u| u.hyphenated().to_string()) != Ok(key.clone()) {
        return Err(AppError::BadRequest("the form's key is not valid".into()));
    }
    // Signed-in professionals are not limited.
    let limit = referrer
        .is_none()
        .then_some(state.settings.referrals_per_hour);
    if !website.is_empty() {
        let mut tx = state.db.begin().await?;
        let hits = referrals::trap_hit(&mut tx, &group, at, limit)
            .await?
            .ok_or(AppError::TooManyAttempts)?;
        if hits == 1 {
            audit::append(
                &mut tx,
                &state.settings.secret_key,
                &AuditEntry::new("public", "referral_refused", &client)
                    .detail(
                        "hidden field filled in; further hits from this client this hour \
                         are counted in the hidden-field tally, not audited one by one",
                    )
                    .at(at),
            )
            .await?;
        }
        tx.commit().await?;
        return Err(AppError::BadRequest("the form could not be sent".into()));
    }
    let referral =
        validate_referral(answers, professional, uk_today(at)).map_err(AppError::Invalid)?;
    let mut tx = state.db.begin().await?;
    let received = referrals::receive(
        &mut tx,
        &Incoming {
            key: &key,
            referral: &referral,
            referrer: referrer.map(|c| c.id.as_str()),
            client: &group,
            at,
            limit,
        },
    )
    .await?;
    if received.created {
        audit::append(
            &mut tx,
            &state.settings.secret_key,
            &AuditEntry::new(
                referrer.map_or("public", |c| c.email.as_str()),
                "referral_received",
                &client,
            )
            .detail(&received.reference)
            .at(at),
        )
        .await?;
    }
    tx.commit().await?;
    if received.created {
        let from = if professional {
            "professional"
        } else {
            "family"
        };
        state
            .kept::<crate::metrics::Metrics>()
            .referral_received(from);
    }
    Ok(Receipt {
        reference: received.reference,
        contact_days: state.settings.referrals.contact_days,
    })
}
