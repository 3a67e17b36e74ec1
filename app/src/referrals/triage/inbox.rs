//! Server functions: the triage inbox and one referral opened from it (coordinators).

use crate::{
    error::AppError,
    models::{ReferralRecord, ReferralSummary},
};
#[cfg(feature = "ssr")]
use crate::{models::DuplicateReferral, store::referrals::Stored};
use leptos::prelude::*;

/// Referrals in `status` (a status code; empty for those still open), the most urgent
/// first and then the oldest, with their age in working days against the contact target
/// and the other open referrals that may be for the same person.
#[server(prefix = "/api", endpoint = "referral_inbox")]
pub async fn referral_inbox(status: String) -> Result<Vec<ReferralSummary>, AppError> {
    use crate::{
        auth::{access, caller},
        models::{uk_today, ReferralStatus},
        state::AppState,
        store::{referrals, timestamp_now},
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "referral_inbox", access::COORDINATORS).await?;
    let wanted = match status.as_str() {
        "" => None,
        code => Some(
            code.parse::<ReferralStatus>()
                .map_err(|_| AppError::field("status", "Select a status"))?,
        ),
    };
    let detail = format!(
        "status: {}",
        if status.is_empty() { "open" } else { &status }
    );
    state
        .audit(&caller.audit("referral_inbox_viewed").detail(&detail))
        .await?;
    let today = uk_today(timestamp_now());
    let contact_days = state.settings.referrals.contact_days;
    let open = referrals::open(&state.db, None).await?;
    let same_person = SamePerson::among(&open);
    let listed = match wanted {
        None => open,
        Some(status) => referrals::list(&state.db, Some(status)).await?,
    };
    Ok(listed
        .iter()
        .map(|r| summary(r, today, contact_days, &same_person))
        .collect())
}

/// Opens referral `id` with its triage history and possible duplicates; the view is audited.
#[server(prefix = "/api", endpoint = "open_referral")]
pub async fn open_referral(id: String) -> Result<ReferralRecord, AppError> {
    use crate::{
        auth::{access, caller},
        models::uk_today,
        state::AppState,
        store::{audit, referrals, timestamp_now},
    };
    let caller = caller()?;
    let state = AppState::current()?;
    access::require_role(&state, &caller, "open_referral", access::COORDINATORS).await?;
    let stored = referrals::get(&state.db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let at = timestamp_now();
    let r = &stored.referral;
    let possible_duplicates = if stored.person.is_some() {
        Vec::new()
    } else {
        referrals::possible_duplicates(
            &state.db,
            r.nhs_number.as_ref().map(|n| n.digits()),
            &r.family_name,
            r.date_of_birth,
        )
        .await?
    };
    // The view, and each register record the possible-duplicates panel shows, in one go.
    let mut tx = state.db.begin().await?;
    let viewed = caller
        .audit("referral_viewed")
        .about(stored.person)
        .detail(&stored.reference)
        .at(at);
    audit::append(&mut tx, &state.settings.secret_key, &viewed).await?;
    for duplicate in &possible_duplicates {
        let shown = caller
            .audit("possible_duplicate_shown")
            .about(duplicate.person)
            .detail(&stored.reference)
            .at(at);
        audit::append(&mut tx, &state.settings.secret_key, &shown).await?;
    }
    tx.commit().await?;
    let born_the_same_day = referrals::open(&state.db, Some(r.date_of_birth)).await?;
    Ok(ReferralRecord {
        summary: summary(
            &stored,
            uk_today(at),
            state.settings.referrals.contact_days,
            &SamePerson::among(&born_the_same_day),
        ),
        events: referrals::events(&state.db, &stored.id).await?,
        person: stored.person,
        version: stored.version,
        referrer: stored.referrer.clone(),
        referral: stored.referral,
        possible_duplicates,
    })
}

/// Open referrals by who they seem to be for ([`crate::models::Referral::who`]).
#[cfg(feature = "ssr")]
struct SamePerson(std::collections::HashMap<(String, chrono::NaiveDate), Vec<DuplicateReferral>>);

#[cfg(feature = "ssr")]
impl SamePerson {
    /// Groups `open` referrals by who they seem to be for.
    fn among(open: &[Stored]) -> Self {
        let mut by_who = std::collections::HashMap::<_, Vec<_>>::new();
        for r in open {
            by_who
                .entry(r.referral.who())
                .or_default()
                .push(DuplicateReferral {
                    id: r.id.clone(),
                    reference: r.reference.clone(),
                });
        }
        SamePerson(by_who)
    }

    /// The other open referrals that may be for the same person as `stored` (the first
    /// [`crate::models::DUPLICATES_SHOWN`]) and how many more there are; none once
    /// `stored` is closed.
    fn besides(&self, stored: &Stored) -> (Vec<DuplicateReferral>, usize) {
        if stored.status.is_closed() {
            return (Vec::new(), 0);
        }
        let others = self
            .0
            .get(&stored.referral.who())
            .into_iter()
            .flatten()
            .filter(|d| d.id != stored.id);
        let shown: Vec<DuplicateReferral> = others
            .clone()
            .take(crate::models::DUPLICATES_SHOWN)
            .cloned()
            .collect();
        let more = others.count() - shown.len();
        (shown, more)
    }
}

/// The inbox line for `stored` on `today`, flagged with the other open referrals in
/// `same_person` that may be for the same person.
#[cfg(feature = "ssr")]
fn summary(
    stored: &Stored,
    today: chrono::NaiveDate,
    contact_days: u32,
    same_person: &SamePerson,
) -> ReferralSummary {
    let working_days =
        crate::models::working_days_between(crate::models::uk_today(stored.received_at), today);
    let (duplicate_referrals, more_duplicates) = same_person.besides(stored);
    ReferralSummary {
        id: stored.id.clone(),
        reference: stored.reference.clone(),
        from_professional: stored.referral.professional.is_some(),
        status: stored.status,
        name: stored.referral.full_name(),
        date_of_birth: stored.referral.date_of_birth,
        received_at: stored.received_at,
        working_days,
        overdue: !stored.status.is_closed() && !stored.contacted && working_days > contact_days,
        urgency: stored.referral.urgency,
        duplicate_referrals,
        more_duplicates,
    }
}
