//! Demo referrals for a demo register: a family's self-referral from yesterday, and one
//! left untouched for two weeks (so past the contact target). Fictional people only.

use app::{
    models::{validate_referral, ReferralAnswers},
    store::{
        referrals::{self, Incoming},
        Db,
    },
};
use chrono::{DateTime, TimeDelta, Utc};

/// Adds the demo referrals, each received some days before `now`.
pub async fn seed(db: &Db, now: DateTime<Utc>) -> Result<usize, Box<dyn std::error::Error>> {
    let demo = [
        (
            1,
            "Ellis",
            "Marsh",
            "2011",
            "my_child",
            "parental",
            "Ellis has stopped going to school and hits out at home.",
        ),
        (
            14,
            "Rowan",
            "Pike",
            "1998",
            "myself",
            "own",
            "My supported living placement is ending next month and I am scared.",
        ),
    ];
    for (days_ago, given, family, year, for_whom, consent, story) in demo {
        let answers = ReferralAnswers {
            for_whom: for_whom.into(),
            given_name: given.into(),
            family_name: family.into(),
            dob_day: "9".into(),
            dob_month: "6".into(),
            dob_year: year.into(),
            knows_nhs_number: "no".into(),
            diagnosis: "awaiting_assessment".into(),
            setting: "family_home".into(),
            whats_happening: story.into(),
            urgency: if days_ago == 1 { "urgent" } else { "soon" }.into(),
            contact_name: format!("Sam {family}"),
            phone: "01632 960 001".into(),
            contact_preference: "phone".into(),
            consent: consent.into(),
            child_view: if consent == "parental" {
                "could_not_say".into()
            } else {
                String::new()
            },
            ..Default::default()
        };
        let at = now - TimeDelta::days(days_ago);
        let referral = validate_referral(&answers, false, app::models::uk_today(at))
            .map_err(|e| format!("demo referral for {given} does not check: {e:?}"))?;
        let key = uuid::Uuid::new_v4().to_string();
        let mut tx = db.begin().await?;
        referrals::receive(
            &mut tx,
            &Incoming {
                key: &key,
                referral: &referral,
                referrer: None,
                client: "demo",
                limit: None,
                at,
            },
        )
        .await?;
        tx.commit().await?;
    }
    Ok(demo.len())
}
