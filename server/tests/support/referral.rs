//! Referral answers and submissions for tests.

use app::{
    models::{uk_today, validate_referral, ReferralAnswers},
    store::{
        referrals::{self, Incoming},
        timestamp_now, Db,
    },
};

/// A complete self-referral by a parent for their 9-year-old, Mia Brown.
pub fn family() -> ReferralAnswers {
    ReferralAnswers {
        for_whom: "my_child".into(),
        given_name: "Mia".into(),
        family_name: "Brown".into(),
        dob_day: "14".into(),
        dob_month: "2".into(),
        dob_year: "2017".into(),
        knows_nhs_number: "yes".into(),
        nhs_number: "401 023 2137".into(),
        diagnosis: "both".into(),
        setting: "family_home".into(),
        whats_happening: "Mia has stopped sleeping and school cannot keep her safe.".into(),
        urgency: "soon".into(),
        contact_name: "Jo Brown".into(),
        email: "jo.brown@example.com".into(),
        contact_preference: "email".into(),
        consent: "parental".into(),
        child_view: "could_not_say".into(),
        ..Default::default()
    }
}

/// [`family`], with what a professional adds.
pub fn professional() -> ReferralAnswers {
    ReferralAnswers {
        for_whom: String::new(),
        current_issues: "Two A&E visits this month.".into(),
        what_tried: "Positive behaviour support plan.".into(),
        risk_factors: vec!["crisis_contacts".into()],
        suggested_rating: "red".into(),
        ..family()
    }
}

/// The JSON body of a `submit_referral` call.
pub fn submission(
    key: &str,
    answers: &ReferralAnswers,
    professional: bool,
    website: &str,
) -> String {
    serde_json::json!({
        "key": key,
        "answers": answers,
        "professional": professional,
        "website": website,
    })
    .to_string()
}

/// A professional's referral with a new key.
pub fn professional_submission() -> String {
    submission(&uuid::Uuid::new_v4().to_string(), &professional(), true, "")
}

/// A family's referral received straight into the store; returns its id.
pub async fn stored(db: &Db) -> String {
    stored_from(db, None).await
}

/// A referral received straight into the store: a professional's when `referrer` (their
/// account id) is given, otherwise a family's; returns its id.
pub async fn stored_from(db: &Db, referrer: Option<&str>) -> String {
    let at = timestamp_now();
    let answers = if referrer.is_some() {
        professional()
    } else {
        family()
    };
    let referral = validate_referral(&answers, referrer.is_some(), uk_today(at)).unwrap();
    let mut tx = db.begin().await.unwrap();
    let key = uuid::Uuid::new_v4().to_string();
    let received = referrals::receive(
        &mut tx,
        &Incoming {
            key: &key,
            referral: &referral,
            referrer,
            client: "test",
            limit: None,
            at,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    received.id
}

/// The referral's version now.
pub async fn version(db: &Db, id: &str) -> i64 {
    referrals::get(db, id).await.unwrap().unwrap().version
}
