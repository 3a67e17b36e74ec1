//! Signed-in staff for the tests and the benchmark: an account made straight in the
//! database with a live session, and an HTTP client that sends its cookie and says its
//! requests come from the site's own pages, as a browser does.

use app::{
    auth::session::COOKIE,
    models::{AccountStatus, Role},
    store::{
        sessions::{self, Stage},
        timestamp_now,
        users::{self, NewUser},
        Db,
    },
};

/// A placeholder hash: these accounts sign in through their session, never a password.
const NO_PASSWORD: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

/// A signed-in member of staff.
pub struct Staff {
    /// Account id.
    pub id: String,
    /// Work email.
    pub email: String,
    /// The `Cookie` header value of their session.
    pub cookie: String,
    /// A client sending that cookie.
    pub client: reqwest::Client,
}

/// Makes an active account with `role` (in `agency`, if given) and signs it in.
pub async fn sign_in(db: &Db, role: Role, agency: Option<&str>) -> Staff {
    let email = format!(
        "{}-{}@test.invalid",
        role.code(),
        uuid::Uuid::new_v4().simple()
    );
    let id = users::create(
        db,
        &NewUser {
            email: &email,
            full_name: &format!("Test {}", role.label()),
            job_title: "Tester",
            agency,
            role,
            status: AccountStatus::Active,
            password_hash: NO_PASSWORD,
            at: timestamp_now(),
            origin: None,
        },
    )
    .await
    .unwrap()
    .to_string();
    let token = sessions::start(db, &id, "127.0.0.1", timestamp_now(), Stage::Full)
        .await
        .unwrap();
    let cookie = format!("{COOKIE}={}", token.expose());
    Staff {
        id,
        email,
        client: browser(Some(&cookie)),
        cookie,
    }
}

/// A client sending `cookie` (if any) and `Sec-Fetch-Site: same-origin` with every request.
pub fn browser(cookie: Option<&str>) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("sec-fetch-site", "same-origin".parse().unwrap());
    if let Some(cookie) = cookie {
        headers.insert(reqwest::header::COOKIE, cookie.parse().unwrap());
    }
    reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}
