//! Accounts, sessions and sign-in attempts.

use app::store::Db;
use chrono::{DateTime, Utc};

use super::common::*;

app::on_both_backends!(
    accounts_have_unique_lower_cased_emails,
    sessions_expire_when_idle_or_old_and_end_on_logout_or_disable,
    attempts_are_reserved_per_email_and_client_within_the_window,
);

async fn accounts_have_unique_lower_cased_emails(db: &Db) {
    use app::{
        models::{AccountStatus, Role},
        store::users::{self, CreateError, NewUser},
    };
    let user = |email| NewUser {
        email,
        full_name: "Cara Li",
        job_title: "Social worker",
        agency: None,
        role: Role::Professional,
        status: AccountStatus::Pending,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
        at: at(23, 9),
        origin: None,
    };
    users::create(db, &user(" Cara.Li@Council.gov.uk "))
        .await
        .unwrap();
    assert!(matches!(
        users::create(db, &user("cara.li@council.gov.uk")).await,
        Err(CreateError::EmailTaken)
    ));
    assert_eq!(
        users::role_and_status(db, "CARA.LI@council.gov.uk")
            .await
            .unwrap(),
        Some((Role::Professional, AccountStatus::Pending))
    );
    assert_eq!(
        users::role_and_status(db, "nobody@x.org").await.unwrap(),
        None
    );
}

async fn sessions_expire_when_idle_or_old_and_end_on_logout_or_disable(db: &Db) {
    use app::{
        models::{AccountStatus, Role},
        store::{
            sessions::{self, SessionLimits, Stage},
            users::{self, NewUser},
        },
    };
    use chrono::TimeDelta;
    let user = users::create(
        db,
        &NewUser {
            email: "cara.li@council.gov.uk",
            full_name: "Cara Li",
            job_title: "Social worker",
            agency: None,
            role: Role::Professional,
            status: AccountStatus::Active,
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
            at: at(23, 8),
            origin: None,
        },
    )
    .await
    .unwrap()
    .to_string();
    let limits = SessionLimits::default();
    let t0 = at(23, 9);
    let mins = |m| t0 + TimeDelta::minutes(m);
    // A person's request: the session is checked, then marked as used.
    let resume = |token, when| async move {
        let found = sessions::resume(db, token, when, limits).await.unwrap();
        if found.is_some() {
            sessions::mark_used(db, token, when).await.unwrap();
        }
        found.map(|(user, _, _)| user)
    };

    let a = sessions::start(db, &user, "192.0.2.7", t0, Stage::Full)
        .await
        .unwrap();
    let b = sessions::start(db, &user, "192.0.2.7", t0, Stage::Full)
        .await
        .unwrap();
    assert_ne!(a, b, "every login gets a new token");
    let stored: Vec<String> = match db {
        Db::Sqlite(pool) => {
            sqlx::query_scalar("SELECT id_hash FROM sessions")
                .fetch_all(pool)
                .await
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar("SELECT id_hash FROM sessions")
                .fetch_all(pool)
                .await
        }
    }
    .unwrap();
    assert!(
        !stored.iter().any(|s| s == a.expose()),
        "only a hash is stored"
    );

    // Used every 25 minutes, a session lives until 12 hours, then ends however busy.
    let mut when = 0;
    while when + 25 <= 12 * 60 {
        when += 25;
        assert_eq!(
            resume(&a, mins(when)).await.as_deref(),
            Some(user.as_str()),
            "at {when} min"
        );
    }
    assert_eq!(resume(&a, mins(12 * 60 + 1)).await, None, "absolute limit");
    assert_eq!(
        resume(&a, mins(12 * 60 + 2)).await,
        None,
        "and it stays ended"
    );

    // Left alone for 31 minutes, a session ends.
    assert_eq!(resume(&b, mins(31)).await, None, "idle limit");

    let c = sessions::start(db, &user, "192.0.2.7", t0, Stage::Full)
        .await
        .unwrap();
    sessions::end(db, &c, mins(1)).await.unwrap();
    assert_eq!(
        resume(&c, mins(2)).await,
        None,
        "logout ends it on the server"
    );

    let d = sessions::start(db, &user, "192.0.2.7", t0, Stage::Full)
        .await
        .unwrap();
    let e = sessions::start(db, &user, "198.51.100.4", t0, Stage::Full)
        .await
        .unwrap();
    assert_eq!(sessions::end_all(db, &user, mins(1)).await.unwrap(), 2);
    assert_eq!(resume(&d, mins(2)).await, None);
    assert_eq!(
        resume(&e, mins(2)).await,
        None,
        "disabling ends every session"
    );
    assert_eq!(
        resume(&sessions::SessionToken::from_cookie("forged"), mins(2)).await,
        None
    );
}

async fn attempts_are_reserved_per_email_and_client_within_the_window(db: &Db) {
    use app::store::attempts::{self, Kind, Quota};
    use chrono::TimeDelta;
    let t0 = at(23, 9);
    let quota = |email: &'static str, client: &'static str, now: DateTime<Utc>| Quota {
        kind: Kind::SignIn,
        email: Some((email, 5)),
        client,
        per_client: 6,
        in_all: None,
        since: now - TimeDelta::minutes(15),
    };
    let reserve = |email, client, now| async move {
        attempts::reserve(db, &quota(email, client, now), now)
            .await
            .unwrap()
    };
    for _ in 0..5 {
        assert!(reserve("Cara.Li@Council.gov.uk", "192.0.2.7", t0)
            .await
            .is_some());
    }
    let later = t0 + TimeDelta::minutes(14);
    assert!(
        reserve("cara.li@council.gov.uk", "198.51.100.1", later)
            .await
            .is_none(),
        "five lock the email, in any case and from anywhere"
    );
    assert!(reserve("nobody@x.org", "192.0.2.7", t0).await.is_some());
    assert!(
        reserve("third@x.org", "192.0.2.7", t0).await.is_none(),
        "six lock the client"
    );
    let after = t0 + TimeDelta::minutes(16);
    assert!(
        reserve("cara.li@council.gov.uk", "198.51.100.1", after)
            .await
            .is_some(),
        "released once the window has passed"
    );
    for _ in 0..6 {
        let attempt = reserve("free@x.org", "203.0.113.1", t0).await.unwrap();
        attempts::release(db, attempt).await.unwrap();
    }
    assert!(
        reserve("free@x.org", "203.0.113.1", t0).await.is_some(),
        "a released attempt does not count"
    );
    attempts::clear_sign_in(db, "CARA.LI@council.gov.uk")
        .await
        .unwrap();
    assert!(
        reserve("cara.li@council.gov.uk", "198.51.100.2", later)
            .await
            .is_some(),
        "a complete sign-in forgets the email's failures"
    );
    let join = |client: &'static str| Quota {
        kind: Kind::Join,
        email: None,
        client,
        per_client: 2,
        in_all: Some(3),
        since: t0 - TimeDelta::hours(1),
    };
    let joins = [
        attempts::reserve(db, &join("192.0.2.1"), t0).await.unwrap(),
        attempts::reserve(db, &join("192.0.2.1"), t0).await.unwrap(),
        attempts::reserve(db, &join("192.0.2.1"), t0).await.unwrap(),
        attempts::reserve(db, &join("192.0.2.2"), t0).await.unwrap(),
        attempts::reserve(db, &join("192.0.2.3"), t0).await.unwrap(),
    ];
    let allowed: Vec<bool> = joins.iter().map(Option::is_some).collect();
    assert_eq!(
        allowed,
        [true, true, false, true, false],
        "two per client, three in all; sign-in attempts are not counted"
    );
}
