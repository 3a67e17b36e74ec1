//! Demo staff for a demo register: agencies, one account of each role and links from
//! professionals to a few people, all sharing one password (`DSR_DEMO_PASSWORD`, or
//! [`DEFAULT_PASSWORD`]). Only ever added with the fictional demo people.

use app::{
    auth::password::{Hashing, Password},
    models::{AccountStatus, BriefView, PersonId, Role, Sector},
    store::{
        agencies,
        links::{self, LinkTarget},
        timestamp_now,
        users::{self, NewUser},
        Db,
    },
};

/// The demo password when `DSR_DEMO_PASSWORD` is not set. Demo registers only.
pub const DEFAULT_PASSWORD: &str = "purple lantern walks home";

/// A demo account: email, name, job title, role and agency (by index into [`AGENCIES`]).
type DemoAccount = (&'static str, &'static str, &'static str, Role, usize);

/// The demo agencies.
const AGENCIES: &[(&str, Sector)] = &[
    ("Learning Disability and Autism Team (ICB)", Sector::LdaTeam),
    ("North Community Learning Disability Team", Sector::Health),
    ("County Council Adult Social Care", Sector::SocialCare),
    ("Riverside Special School", Sector::Education),
];

/// The demo accounts.
pub const ACCOUNTS: &[DemoAccount] = &[
    (
        "admin@demo.invalid",
        "Alex Admin",
        "LDA team administrator",
        Role::Admin,
        0,
    ),
    (
        "coordinator@demo.invalid",
        "Asha Patel",
        "DSR coordinator",
        Role::Coordinator,
        0,
    ),
    (
        "nurse@demo.invalid",
        "Dev Rao",
        "Community learning disability nurse",
        Role::Professional,
        1,
    ),
    (
        "teacher@demo.invalid",
        "Tess Hall",
        "Special educational needs coordinator",
        Role::Professional,
        3,
    ),
    (
        "commissioner@demo.invalid",
        "Chris Morgan",
        "Commissioning manager (ICB)",
        Role::Commissioner,
        0,
    ),
];

/// Adds the demo agencies and accounts, links the nurse as key professional to the
/// first three of `people` and the school's agency (which sees every child in brief) to
/// the next two, and gives them actions
/// and a past DSR meeting with its minutes. Returns the password.
pub async fn seed(db: &Db, people: &[PersonId]) -> Result<String, Box<dyn std::error::Error>> {
    let typed = std::env::var("DSR_DEMO_PASSWORD").unwrap_or_else(|_| DEFAULT_PASSWORD.to_owned());
    let hash = Hashing::new(1)
        .hash(Password::new(typed.clone(), &[])?)
        .await
        .map_err(|e| format!("the demo password could not be hashed: {e}"))?;
    let at = timestamp_now();
    let mut agency_ids = Vec::new();
    for (name, sector) in AGENCIES {
        let agency = agencies::create(db, name, *sector, at)
            .await?
            .ok_or("demo agencies are only added to an empty register")?;
        agency_ids.push(agency.id);
    }
    let mut user_ids = Vec::new();
    for (email, name, job_title, role, agency) in ACCOUNTS {
        let id = users::create(
            db,
            &NewUser {
                email,
                full_name: name,
                job_title,
                agency: Some(&agency_ids[*agency]),
                role: *role,
                status: AccountStatus::Active,
                password_hash: &hash,
                at,
                origin: None,
            },
        )
        .await?;
        user_ids.push(id.to_string());
    }
    let mut tx = db.begin().await?;
    for person in people.iter().take(3) {
        links::link(
            &mut tx,
            *person,
            LinkTarget::Professional(&user_ids[2]),
            "demo",
            at,
        )
        .await?;
    }
    for person in people.iter().skip(3).take(2) {
        links::link(
            &mut tx,
            *person,
            LinkTarget::Agency(&agency_ids[3]),
            "demo",
            at,
        )
        .await?;
    }
    // The school sees every child in brief, so the teacher finds her own people first.
    agencies::set_brief_view(&mut tx, &agency_ids[3], BriefView::Children).await?;
    demo_actions(&mut tx, people, &user_ids, at).await?;
    let owner = |i: usize| (ACCOUNTS[i].1, AGENCIES[ACCOUNTS[i].4].0);
    crate::demo_meeting::seed(
        &mut tx,
        people,
        &user_ids,
        [owner(2), owner(3)],
        ACCOUNTS[1].1,
        at,
    )
    .await?;
    tx.commit().await?;
    Ok(typed)
}

/// Actions for the demo nurse (on her three people) and the school (on its two): each has
/// one overdue and one due soon; the school's include one owned by a named teacher.
async fn demo_actions(
    tx: &mut app::store::Tx,
    people: &[PersonId],
    users: &[String],
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), Box<dyn std::error::Error>> {
    use app::models::{Action, ActionId, ActionOwner, ActionSource, ActionStatus};
    use app::store::actions::{self, ActionChange};
    let today = app::models::uk_today(at);
    let days = |n: i64| today + chrono::Duration::days(n);
    let account = |i: usize| ActionOwner::Account {
        id: users[i].clone(),
        name: ACCOUNTS[i].1.to_owned(),
        agency: AGENCIES[ACCOUNTS[i].4].0.to_owned(),
    };
    let plans: Vec<(usize, &str, ActionOwner, chrono::NaiveDate, ActionSource)> = vec![
        (
            0,
            "Write a crisis plan with the family and share it with the out-of-hours team",
            account(2),
            days(-5),
            ActionSource::Meeting,
        ),
        (
            0,
            "Refer to the intensive support team",
            account(2),
            days(10),
            ActionSource::Ctr,
        ),
        (
            1,
            "Book a sensory assessment",
            account(2),
            days(-12),
            ActionSource::Review,
        ),
        (
            2,
            "Arrange respite for the family over the holidays",
            account(2),
            days(21),
            ActionSource::Meeting,
        ),
        (
            3,
            "Agree a reduced timetable with the family",
            account(3),
            days(-3),
            ActionSource::Meeting,
        ),
        (
            4,
            "Update the education, health and care plan after the annual review",
            ActionOwner::Named {
                name: "Sam Okoro".into(),
                agency: AGENCIES[3].0.into(),
            },
            days(14),
            ActionSource::Ctr,
        ),
    ];
    for (n, (person, what, owner, due_on, source)) in plans.into_iter().enumerate() {
        let Some(person) = people.get(person) else {
            continue;
        };
        let id = ActionId(uuid::Uuid::new_v4());
        let action = Action {
            what: what.into(),
            owner,
            due_on,
            source,
            meeting: None,
        };
        let added = chrono::Duration::days(20);
        match actions::add(tx, *person, id, &action, ACCOUNTS[1].1, at - added).await {
            // A closed record (demo people leave too) takes no action.
            Err(actions::ActionSaveError::Closed) => continue,
            other => other?,
        };
        if n == 1 {
            let change = ActionChange {
                person: *person,
                id,
                from_version: 1,
                status: ActionStatus::Open,
                due_on,
                note: "Referral form sent; waiting to hear back.",
                actor: ACCOUNTS[2].1,
                at: at - chrono::Duration::days(2),
            };
            actions::update(tx, &change).await?;
        }
    }
    Ok(())
}
