//! Signing in over HTTP for the tests: accounts with a known password, server-function
//! calls as a browser makes them, and reading the audit trail.

use super::{staff::browser, Site};
use app::{
    auth::password::{Hashing, Password},
    models::{AccountStatus, Role},
    store::{
        sessions, timestamp_now,
        users::{self, NewUser},
        Db,
    },
};
use reqwest::{header, StatusCode};

/// The password of the accounts made here.
pub const PASSWORD: &str = "velvet otters juggle quietly";

/// An active account with [`PASSWORD`]; returns its id.
pub async fn account(db: &Db, email: &str, role: Role) -> String {
    account_with(db, email, role, AccountStatus::Active).await
}

/// An account with [`PASSWORD`] and `status`; returns its id.
pub async fn account_with(db: &Db, email: &str, role: Role, status: AccountStatus) -> String {
    let password = Password::new(PASSWORD.into(), &[]).unwrap();
    let hash = Hashing::new(1).hash(password).await.unwrap();
    users::create(
        db,
        &NewUser {
            email,
            full_name: "Cara Li",
            job_title: "Social worker",
            agency: None,
            role,
            status,
            password_hash: &hash,
            at: timestamp_now(),
            origin: None,
        },
    )
    .await
    .unwrap()
    .to_string()
}

/// What a sign-in answered.
pub struct Answer {
    /// The status.
    pub status: StatusCode,
    /// The body.
    pub body: String,
    /// The `Set-Cookie` header, if any.
    pub set_cookie: Option<String>,
    /// The `Location` header, if any.
    pub redirect: Option<String>,
}

/// Posts to a server function as a browser on the site, with `cookie` if given.
pub async fn call(site: &Site, endpoint: &str, form: &str, cookie: Option<&str>) -> Answer {
    let response = browser(cookie)
        .post(format!("{}/api/{endpoint}", site.base))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(form.to_owned())
        .send()
        .await
        .unwrap();
    Answer::read(response).await
}

impl Answer {
    /// What `response` answered.
    pub async fn read(response: reqwest::Response) -> Answer {
        let header_text = |name| {
            response
                .headers()
                .get(name)
                .map(|v: &header::HeaderValue| v.to_str().unwrap().to_owned())
        };
        let set_cookie = header_text(header::SET_COOKIE);
        let redirect = header_text(header::LOCATION);
        Answer {
            status: response.status(),
            body: response.text().await.unwrap(),
            set_cookie,
            redirect,
        }
    }
}

/// Signs in with email and password.
pub async fn login(site: &Site, email: &str, password: &str, cookie: Option<&str>) -> Answer {
    let form = format!(
        "email={}&password={}",
        email.replace('@', "%40"),
        password.replace(' ', "+")
    );
    call(site, "login", &form, cookie).await
}

/// The `name=value` part of a `Set-Cookie` header.
pub fn cookie_of(answer: &Answer) -> String {
    let set = answer.set_cookie.as_deref().expect("a cookie is set");
    set.split(';').next().unwrap().to_owned()
}

/// The status of the board for `cookie`.
pub async fn board_status(site: &Site, cookie: &str) -> StatusCode {
    browser(Some(cookie))
        .get(format!("{}/register", site.base))
        .send()
        .await
        .unwrap()
        .status()
}

/// The audit trail's actions for `actor`, oldest first.
pub async fn actions_of(db: &Db, actor: &str) -> Vec<String> {
    let sql = "SELECT action FROM audit_log WHERE actor = $1 ORDER BY id";
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).bind(actor).fetch_all(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).bind(actor).fetch_all(pool).await,
    }
    .unwrap()
}

/// Enrols a new authenticator app for `user` straight in the database (with `codes` as its
/// recovery codes), as if set up earlier; returns its secret.
pub async fn with_app(site: &Site, user: &str, codes: &[String]) -> String {
    use app::{
        auth::totp,
        store::second_factor::{self, Existing},
    };
    let secret = totp::new_secret();
    let step = totp::step_at(timestamp_now().timestamp()) - 10;
    let db = &site.state.db;
    let mut tx = db.begin().await.unwrap();
    let key = &site.state.settings.secret_key;
    second_factor::enrol(&mut tx, key, user, &secret, step, codes, Existing::Replace)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    secret
}

/// The current code of the app with `secret`.
pub fn current_code(secret: &str) -> String {
    use app::auth::totp;
    totp::code_at(secret, totp::step_at(timestamp_now().timestamp())).unwrap()
}

/// A new full session of `user`, as its cookie.
pub async fn session_of(db: &Db, user: &str) -> String {
    let token = sessions::start(
        db,
        user,
        "127.0.0.1",
        timestamp_now(),
        sessions::Stage::Full,
    )
    .await
    .unwrap();
    format!("{}={}", app::auth::session::COOKIE, token.expose())
}

/// Posts `form` to `endpoint` as a browser without JavaScript does from `page`.
pub async fn plain_post(
    site: &Site,
    endpoint: &str,
    form: &str,
    page: &str,
    cookie: &str,
) -> reqwest::Response {
    browser(Some(cookie))
        .post(format!("{}/api/{endpoint}", site.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", format!("{}{page}", site.base))
        .body(form.to_owned())
        .send()
        .await
        .unwrap()
}

/// The HTML of `page` for `cookie`.
pub async fn page_html(site: &Site, page: &str, cookie: &str) -> String {
    browser(Some(cookie))
        .get(format!("{}{page}", site.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}
