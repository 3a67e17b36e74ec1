//! Changing one's password, and an admin's one-time reset code, over HTTP on both backends.

use crate::support;

use app::{models::Role, store::Db};
use support::{
    serve,
    signing_in::{
        account, actions_of, board_status, call, cookie_of, login, page_html, plain_post,
        session_of, with_app, PASSWORD,
    },
    staff,
};

app::on_both_backends!(
    a_password_change_needs_the_current_one_and_ends_other_sessions,
    a_reset_code_works_once_and_the_second_factor_is_still_needed,
    without_javascript_the_admin_sees_the_reset_code_once,
);

// Fails on the code before this commit: posted without JavaScript, the code was issued
// but the page the browser was sent back to never showed it.
async fn without_javascript_the_admin_sees_the_reset_code_once(db: &Db) {
    let site = serve(db).await;
    let id = account(db, "dev.rao@nhs.example", Role::Professional).await;
    let admin = staff::sign_in(db, Role::Admin, None).await;
    let form = format!("id={id}&reason=Forgot+it");
    let posted = plain_post(
        &site,
        "issue_reset_code",
        &form,
        "/admin/accounts",
        &admin.cookie,
    )
    .await;
    assert_eq!(posted.status(), 302);
    let shown = page_html(&site, "/admin/accounts", &admin.cookie).await;
    assert!(shown.contains("Password reset code for Cara Li"), "{shown}");
    let again = page_html(&site, "/admin/accounts", &admin.cookie).await;
    assert_eq!(
        again.matches("Password reset code for").count(),
        0,
        "shown once"
    );
}

/// A form field's value, encoded.
fn encoded(text: &str) -> String {
    text.replace(' ', "+").replace('@', "%40")
}

const NEW: &str = "quartz heron folds paper";

async fn a_password_change_needs_the_current_one_and_ends_other_sessions(db: &Db) {
    let site = serve(db).await;
    let id = account(db, "cara.li@council.example", Role::Professional).await;
    let (here, elsewhere) = (session_of(db, &id).await, session_of(db, &id).await);
    let change = |current: &str, new: &str| {
        format!("current={}&new_password={}", encoded(current), encoded(new))
    };
    let wrong = call(
        &site,
        "change_password",
        &change("not my password", NEW),
        Some(&here),
    )
    .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("\"current\""), "{}", wrong.body);
    let weak = call(
        &site,
        "change_password",
        &change(PASSWORD, "password1234"),
        Some(&here),
    )
    .await;
    assert_eq!(weak.status, 422);
    assert!(weak.body.contains("new_password"), "{}", weak.body);
    let done = call(
        &site,
        "change_password",
        &change(PASSWORD, NEW),
        Some(&here),
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.redirect.as_deref(), Some("/account/password/changed"));
    assert_eq!(
        board_status(&site, &elsewhere).await,
        401,
        "other sessions end"
    );
    assert_eq!(board_status(&site, &here).await, 200, "this one goes on");
    assert_eq!(
        login(&site, "cara.li@council.example", PASSWORD, None)
            .await
            .status,
        422
    );
    let new = login(&site, "cara.li@council.example", NEW, None).await;
    assert_eq!(new.redirect.as_deref(), Some("/register"));
    let actions = actions_of(db, "cara.li@council.example").await;
    assert!(actions.contains(&"password_change_failed".to_owned()));
    assert!(actions.contains(&"password_changed".to_owned()));
}

async fn a_reset_code_works_once_and_the_second_factor_is_still_needed(db: &Db) {
    let site = serve(db).await;
    let id = account(db, "dev.rao@nhs.example", Role::Professional).await;
    with_app(&site, &id, &[]).await;
    let open = session_of(db, &id).await;
    let admin = staff::sign_in(db, Role::Admin, None).await;
    let issue = |reason: &str| format!("id={id}&reason={}", encoded(reason));
    assert_eq!(
        call(&site, "issue_reset_code", &issue(""), Some(&admin.cookie))
            .await
            .status,
        422,
        "a reason is needed"
    );
    assert_eq!(
        call(
            &site,
            "issue_reset_code",
            &issue("Forgot"),
            Some(&site.staff.cookie)
        )
        .await
        .status,
        403,
        "admins only"
    );
    let own = format!("id={}&reason=Mine", admin.id);
    assert_eq!(
        call(&site, "issue_reset_code", &own, Some(&admin.cookie))
            .await
            .status,
        409
    );
    let issue_and_read = |reason: &'static str| {
        let (site, admin, form) = (&site, &admin, issue(reason));
        async move {
            let issued = call(site, "issue_reset_code", &form, Some(&admin.cookie)).await;
            assert_eq!(issued.status, 200, "{}", issued.body);
            let shown = call(site, "shown_once", "", Some(&admin.cookie)).await;
            let value: serde_json::Value = serde_json::from_str(&shown.body).unwrap();
            assert_eq!(value["ResetCode"]["name"], "Cara Li", "{value}");
            let code = value["ResetCode"]["code"].as_str().unwrap().to_owned();
            let again = call(site, "shown_once", "", Some(&admin.cookie)).await;
            assert_eq!(again.body, "null", "shown once");
            code
        }
    };
    let old_code = issue_and_read("Forgot it").await;
    let code = issue_and_read("Forgot it again").await;
    let reset = |email: &str, code: &str, password: &str| {
        format!(
            "email={}&code={code}&new_password={}",
            encoded(email),
            encoded(password)
        )
    };
    let with_old = call(
        &site,
        "reset_password",
        &reset("dev.rao@nhs.example", &old_code, NEW),
        None,
    )
    .await;
    assert_eq!(with_old.status, 422, "a newer code cancels the older one");
    let unknown = call(
        &site,
        "reset_password",
        &reset("nobody@nhs.example", &code, NEW),
        None,
    )
    .await;
    assert_eq!(
        (unknown.status, &unknown.body),
        (with_old.status, &with_old.body)
    );
    let weak = call(
        &site,
        "reset_password",
        &reset("dev.rao@nhs.example", &code, "password1234"),
        None,
    )
    .await;
    assert_eq!(weak.status, 422);
    assert!(weak.body.contains("new_password"), "{}", weak.body);
    let done = call(
        &site,
        "reset_password",
        &reset("dev.rao@nhs.example", &code, NEW),
        None,
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.redirect.as_deref(), Some("/login/reset/done"));
    assert_eq!(
        board_status(&site, &open).await,
        401,
        "the account's sessions end"
    );
    let again = call(
        &site,
        "reset_password",
        &reset("dev.rao@nhs.example", &code, "another quartz heron"),
        None,
    )
    .await;
    assert_eq!(again.status, 422, "a code works once");
    let signed = login(&site, "dev.rao@nhs.example", NEW, None).await;
    assert_eq!(
        signed.redirect.as_deref(),
        Some("/login/code"),
        "the app is still needed"
    );
    assert_eq!(board_status(&site, &cookie_of(&signed)).await, 401);
    assert_eq!(
        actions_of(db, &admin.email).await,
        ["password_reset_issued", "password_reset_issued"]
    );
    let owner = actions_of(db, "dev.rao@nhs.example").await;
    assert!(owner.contains(&"password_reset".to_owned()), "{owner:?}");
}
