//! Signing in over HTTP, on both backends: cookies, session fixation, the same answer for
//! an unknown email and a wrong password, lockout, second factors and replays, sign-out
//! and disabling, cross-site requests and security headers, and their audit rows.

use crate::support;

use app::{
    auth::session::COOKIE,
    models::Role,
    store::{second_factor, sessions, timestamp_now, Db},
};
use reqwest::header;
use support::{
    serve,
    signing_in::{
        account, actions_of, board_status, call, cookie_of, current_code, login, with_app, PASSWORD,
    },
    staff::browser,
};

app::on_both_backends!(
    public_pages_carry_their_header_links_in_the_html,
    a_sign_in_sets_a_host_only_secure_cookie_with_a_new_id,
    unknown_email_and_wrong_password_get_the_same_answer_and_lockout_follows,
    a_second_factor_code_is_accepted_once,
    sign_out_and_disabling_end_sessions_on_the_server,
    cross_site_changes_are_refused_and_pages_carry_security_headers,
    an_admin_resets_a_lost_authenticator_app,
);

async fn an_admin_resets_a_lost_authenticator_app(db: &Db) {
    let site = serve(db).await;
    let id = account(db, "dev.rao@nhs.example", Role::Professional).await;
    with_app(&site, &id, &["abcde-fghjk".into()]).await;
    let session = support::staff::sign_in(db, Role::Professional, None).await;
    let own = sessions::start(db, &id, "127.0.0.1", timestamp_now(), sessions::Stage::Full)
        .await
        .unwrap();
    let own = format!("{COOKIE}={}", own.expose());
    assert_eq!(board_status(&site, &own).await, 200);
    let admin = support::staff::sign_in(db, Role::Admin, None).await;
    let reset =
        |who: &str, reason: &str| format!("id={who}&decision=reset_second_factor&reason={reason}");
    let refused = call(
        &site,
        "decide_account",
        &reset(&id, ""),
        Some(&admin.cookie),
    )
    .await;
    assert_eq!(refused.status, 422, "a reason is needed");
    assert!(
        refused.body.contains(&format!("reason-{id}-reset")),
        "{}",
        refused.body
    );
    let by_professional = call(
        &site,
        "decide_account",
        &reset(&id, "Lost+phone"),
        Some(&session.cookie),
    )
    .await;
    assert_eq!(by_professional.status, 403, "admins only");
    let done = call(
        &site,
        "decide_account",
        &reset(&id, "Lost+phone"),
        Some(&admin.cookie),
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(
        second_factor::secret(db, &site.state.settings.secret_key, &id)
            .await
            .unwrap(),
        None,
        "the app is forgotten"
    );
    assert!(
        !second_factor::use_recovery_code(db, &id, "abcde-fghjk", timestamp_now())
            .await
            .unwrap(),
        "and its recovery codes"
    );
    assert_eq!(board_status(&site, &own).await, 401, "its sessions ended");
    assert_eq!(actions_of(db, &admin.email).await, ["second_factor_reset"]);
    // Never one's own (a stolen session would then set up a new app with the password).
    let own = format!("id={}&decision=reset_second_factor&reason=Lost", admin.id);
    assert_eq!(
        call(&site, "decide_account", &own, Some(&admin.cookie))
            .await
            .status,
        409
    );
    let pending = call(
        &site,
        "decide_account",
        &reset("no-such-account", "x"),
        Some(&admin.cookie),
    )
    .await;
    assert_eq!(pending.status, 404);
}

async fn a_sign_in_sets_a_host_only_secure_cookie_with_a_new_id(db: &Db) {
    let site = serve(db).await;
    account(db, "cara.li@council.example", Role::Coordinator).await;
    let first = login(&site, "Cara.Li@council.example", PASSWORD, None).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.redirect.as_deref(), Some("/register"));
    let set = first.set_cookie.clone().unwrap();
    for part in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set.contains(part), "{set} lacks {part}");
    }
    assert!(set.starts_with(&format!("{COOKIE}=")), "{set}");
    assert!(!set.contains("Domain"), "a __Host- cookie has no Domain");
    let old = cookie_of(&first);
    assert_eq!(board_status(&site, &old).await, 200);

    // Signing in again from a browser that has a session gives a new id and ends the old.
    let second = login(&site, "cara.li@council.example", PASSWORD, Some(&old)).await;
    let new = cookie_of(&second);
    assert_ne!(new, old, "a new session id at every sign-in");
    assert_eq!(board_status(&site, &old).await, 401, "the old id is dead");
    assert_eq!(board_status(&site, &new).await, 200);
    // A forged cookie is nobody.
    assert_eq!(board_status(&site, &format!("{COOKIE}=00ff")).await, 401);
    assert_eq!(
        actions_of(db, "cara.li@council.example").await,
        ["login", "login"]
    );
    // A commissioner starts at the figures, the only thing they may read.
    account(db, "cam.ng@icb.example", Role::Commissioner).await;
    let commissioner = login(&site, "cam.ng@icb.example", PASSWORD, None).await;
    assert_eq!(commissioner.redirect.as_deref(), Some("/figures"));
}

async fn unknown_email_and_wrong_password_get_the_same_answer_and_lockout_follows(db: &Db) {
    let site = serve(db).await;
    account(db, "dev.rao@nhs.example", Role::Professional).await;
    let wrong = login(&site, "dev.rao@nhs.example", "not the password", None).await;
    let unknown = login(&site, "nobody@nhs.example", "not the password", None).await;
    assert_eq!(wrong.status, 422);
    assert_eq!(
        (wrong.status, &wrong.body),
        (unknown.status, &unknown.body),
        "nothing tells them apart"
    );
    assert!(wrong
        .body
        .contains("Enter a correct email address and password"));
    assert!(wrong.set_cookie.is_none());
    // Four more wrong passwords make five: now even the right one is refused, as is an
    // unknown email after five tries, so a lockout tells nothing either.
    for _ in 0..4 {
        assert_eq!(
            login(&site, "dev.rao@nhs.example", "still wrong", None)
                .await
                .status,
            422
        );
    }
    let locked = login(&site, "dev.rao@nhs.example", PASSWORD, None).await;
    assert_eq!(locked.status, 429, "{}", locked.body);
    assert!(locked.set_cookie.is_none());
    for _ in 0..4 {
        login(&site, "nobody@nhs.example", "x", None).await;
    }
    let unknown_locked = login(&site, "nobody@nhs.example", "x", None).await;
    assert_eq!(
        (unknown_locked.status, &unknown_locked.body),
        (locked.status, &locked.body)
    );
    let actions = actions_of(db, "dev.rao@nhs.example").await;
    assert_eq!(actions.iter().filter(|a| *a == "login_failed").count(), 5);
    assert_eq!(actions.last().map(String::as_str), Some("login_refused"));
}

async fn a_second_factor_code_is_accepted_once(db: &Db) {
    let site = serve(db).await;
    let id = account(db, "asha.admin@icb.example", Role::Admin).await;
    let secret = with_app(&site, &id, &["abcde-fghjk".into()]).await;
    // The database holds the secret sealed, never as it is.
    let sql = format!("SELECT totp_secret FROM users WHERE id = '{id}'");
    let stored: String = match db {
        Db::Sqlite(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await,
    }
    .unwrap();
    assert!(
        stored.starts_with("v1:") && !stored.contains(&secret),
        "{stored}"
    );

    let password_only = login(&site, "asha.admin@icb.example", PASSWORD, None).await;
    assert_eq!(password_only.redirect.as_deref(), Some("/login/code"));
    let half = cookie_of(&password_only);
    assert_eq!(
        board_status(&site, &half).await,
        401,
        "the password alone opens nothing"
    );
    let code = current_code(&secret);
    let full = call(&site, "confirm_code", &format!("code={code}"), Some(&half)).await;
    assert_eq!(full.status, 200, "{}", full.body);
    let full_cookie = cookie_of(&full);
    assert_ne!(full_cookie, half, "a new id after the second factor");
    assert_eq!(
        board_status(&site, &half).await,
        401,
        "the half session ended"
    );
    assert_eq!(
        browser(Some(&full_cookie))
            .get(format!("{}/admin/accounts", site.base))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    // The same code again, in a new sign-in: refused. A recovery code works once.
    let again = cookie_of(&login(&site, "asha.admin@icb.example", PASSWORD, None).await);
    let replay = call(&site, "confirm_code", &format!("code={code}"), Some(&again)).await;
    assert_eq!(replay.status, 422, "a replayed code is refused");
    let recovered = call(&site, "confirm_code", "code=ABCDE+FGHJK", Some(&again)).await;
    assert_eq!(recovered.status, 200, "{}", recovered.body);
    let third = cookie_of(&login(&site, "asha.admin@icb.example", PASSWORD, None).await);
    let reused = call(&site, "confirm_code", "code=abcde-fghjk", Some(&third)).await;
    assert_eq!(reused.status, 422, "a recovery code works once");
    let actions = actions_of(db, "asha.admin@icb.example").await;
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "second_factor_failed")
            .count(),
        2
    );
    assert_eq!(actions.iter().filter(|a| *a == "login").count(), 2);
}

async fn sign_out_and_disabling_end_sessions_on_the_server(db: &Db) {
    let site = serve(db).await;
    let id = account(db, "tess.hall@school.example", Role::Professional).await;
    let a = cookie_of(&login(&site, "tess.hall@school.example", PASSWORD, None).await);
    let b = cookie_of(&login(&site, "tess.hall@school.example", PASSWORD, None).await);
    let out = call(&site, "logout", "", Some(&a)).await;
    assert!(
        out.set_cookie.unwrap().contains("Max-Age=0"),
        "the cookie is removed"
    );
    assert_eq!(
        board_status(&site, &a).await,
        401,
        "sign-out ended it on the server"
    );
    assert_eq!(board_status(&site, &b).await, 200, "other sessions go on");

    // An admin disables the account: its open session ends at once.
    let admin = support::staff::sign_in(db, Role::Admin, None).await;
    let decided = call(
        &site,
        "decide_account",
        &format!("id={id}&decision=disable&reason=Left+the+school"),
        Some(&admin.cookie),
    )
    .await;
    assert_eq!(decided.status, 200, "{}", decided.body);
    assert_eq!(board_status(&site, &b).await, 401);
    let refused = login(&site, "tess.hall@school.example", PASSWORD, None).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("cannot be used"));
    assert_eq!(
        actions_of(db, &admin.email).await,
        ["account_disabled"],
        "the admin's action is audited"
    );
    let open = sessions::open_sessions(
        db,
        &id,
        &sessions::SessionToken::from_cookie("-"),
        timestamp_now(),
        Default::default(),
    )
    .await
    .unwrap();
    assert!(open.is_empty());
}

async fn cross_site_changes_are_refused_and_pages_carry_security_headers(db: &Db) {
    let site = serve(db).await;
    let change = |origin: Option<&'static str>, fetch_site: Option<&'static str>| {
        let mut request = reqwest::Client::new()
            .post(format!("{}/api/logout", site.base))
            .header(header::COOKIE, &site.staff.cookie)
            .header(header::ACCEPT, "application/json");
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        if let Some(fetch_site) = fetch_site {
            request = request.header("sec-fetch-site", fetch_site);
        }
        async move { request.send().await.unwrap().status() }
    };
    assert_eq!(change(None, None).await, 403, "no Origin");
    assert_eq!(change(Some("https://evil.example"), None).await, 403);
    assert_eq!(change(Some("null"), Some("cross-site")).await, 403);
    assert_eq!(
        board_status(&site, &site.staff.cookie).await,
        200,
        "none of them signed the coordinator out"
    );
    let own = site.base.clone();
    let same = reqwest::Client::new()
        .post(format!("{own}/api/current_user"))
        .header(header::ORIGIN, own.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), 200, "the site's own Origin is accepted");

    let page = site
        .client()
        .get(format!("{}/register", site.base))
        .send()
        .await
        .unwrap();
    let headers = page.headers().clone();
    let csp = headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    for part in [
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "script-src 'self' 'nonce-",
    ] {
        assert!(csp.contains(part), "{csp} lacks {part}");
    }
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    let html = page.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the page's scripts carry the nonce"
    );
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::REFERRER_POLICY], "same-origin");
    assert!(
        !headers.contains_key(header::STRICT_TRANSPORT_SECURITY),
        "not over TLS"
    );
    let health = reqwest::get(format!("{}/healthz", site.base))
        .await
        .unwrap();
    assert!(health.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .starts_with("default-src 'none'"));
}

// Public pages wait for the header's links before sending the page: streamed after it
// (as before this commit), a script had to put them in place, and without JavaScript
// "Sign in" was missing whenever the page went out first.
async fn public_pages_carry_their_header_links_in_the_html(db: &Db) {
    let site = serve(db).await;
    for page in [
        "/",
        "/login",
        "/login/reset",
        "/join/done",
        "/accessibility",
        "/easy-read",
    ] {
        let html = reqwest::get(format!("{}{page}", site.base))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains(r#"href="/login" class="nhsuk-header__navigation-link">Sign in"#),
            "{page} has no Sign in link"
        );
    }
}
