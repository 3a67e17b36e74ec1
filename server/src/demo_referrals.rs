//! Demo referrals for a demo register: a family's self-referral from yesterday, one left
//! untouched for two weeks (so past the contact target), and 18 months of earlier ones,
//! each contacted and decided, so the figures' trends mean something. Fictional people
//! only.

use app::{
    models::{validate_referral, ReferralAnswers, ReferralStatus},
    store::{
        referrals::{self, Incoming, Step},
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
    // Earlier referrals: about two a month for 18 months, each contacted within 1 to 9
    // days and decided two weeks later (a few still waiting for more information).
    let earlier: Vec<_> = (0..36i64)
        .map(|k| {
            let (given, family) = EARLIER[k as usize % EARLIER.len()];
            let (for_whom, consent, year) = if k % 3 == 0 {
                ("myself", "own", "1995")
            } else {
                ("my_child", "parental", "2012")
            };
            (
                20 + k * 15 + k % 4,
                given,
                family,
                year,
                for_whom,
                consent,
                "Things are getting harder at home and we need help.",
            )
        })
        .collect();
    let mut decided = 0;
    for (days_ago, given, family, year, for_whom, consent, story) in demo.into_iter().chain(earlier)
    {
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
        let received = referrals::receive(
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
        if days_ago >= 20 {
            // Contacted after 1 to 9 days; decided two weeks after arriving.
            let contact = at + TimeDelta::days(1 + days_ago % 9);
            let outcome = match days_ago % 4 {
                0 | 1 => ReferralStatus::Accepted,
                2 => ReferralStatus::NotEligible,
                _ => ReferralStatus::MoreInformation,
            };
            let steps = [
                (
                    Step::Contact("Phoned the family and arranged a visit."),
                    contact,
                ),
                (
                    Step::Status(outcome, "Decided at the LDA team's triage meeting."),
                    at + TimeDelta::days(14),
                ),
            ];
            for (version, (step, when)) in (1..).zip(steps) {
                let mut tx = db.begin().await?;
                referrals::record(
                    &mut tx,
                    &received.id,
                    version,
                    step,
                    None,
                    "Asha Patel (LDA team)",
                    when,
                )
                .await
                .map_err(|e| format!("demo triage refused: {e}"))?;
                tx.commit().await?;
            }
            decided += 1;
        }
    }
    Ok(2 + decided)
}

/// Names for the earlier demo referrals.
const EARLIER: [(&str, &str); 8] = [
    ("Alex", "Stone"),
    ("Bea", "Hart"),
    ("Cody", "Lane"),
    ("Dara", "Moss"),
    ("Eden", "Wells"),
    ("Fern", "Shaw"),
    ("Gus", "Reed"),
    ("Hana", "Cross"),
];
