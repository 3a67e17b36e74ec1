//! Registering and approving accounts over HTTP, on both backends: emails with hidden
//! characters are refused, case and compatibility forms name the same account, look-alike
//! emails are flagged, nobody approves a request sent from their own session or computer,
//! an approval confirms an agency and names its approver, and admins read clinical audit
//! detail only as "changed".

use crate::support;

use app::{
    accounts::wire::AccountLists,
    models::{AccountStatus, AuditLine, Rating, Role, Sector},
    store::{
        agencies, audit, people, timestamp_now,
        users::{self, NewUser},
        Db,
    },
};
use reqwest::StatusCode;
use support::{
    post_form_answer, serve, serve_with,
    staff::{sign_in, Staff},
    Site,
};

const PASSWORD: &str = "velvet+otters+juggle+quietly";

/// A client as a browser on the site, sending `cookie` if given and, through the trusted
/// proxy at 127.0.0.1, coming from `address`.
fn browser_at(address: &str, cookie: Option<&str>) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("sec-fetch-site", "same-origin".parse().unwrap());
    headers.insert("x-forwarded-for", address.parse().unwrap());
    if let Some(cookie) = cookie {
        headers.insert(reqwest::header::COOKIE, cookie.parse().unwrap());
    }
    reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A site that believes `X-Forwarded-For` from 127.0.0.1, so each test client can have an
/// address of its own.
async fn behind_a_proxy(db: &Db) -> Site {
    serve_with(
        db,
        app::state::Settings {
            trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
            ..Default::default()
        },
    )
    .await
}

/// A new agency of `sector`; returns its id.
async fn agency(db: &Db, name: &str, sector: Sector) -> String {
    agencies::create(db, name, sector, timestamp_now())
        .await
        .unwrap()
        .unwrap()
        .id
}

/// Registers at `/join` with `client`; returns the status and body.
async fn join(
    client: &reqwest::Client,
    site: &Site,
    email: &str,
    agency: &str,
) -> (StatusCode, String) {
    let form = format!(
        "name=Cara+Li&email={}&agency={agency}&job_title=Social+worker&password={PASSWORD}",
        urlencode(email)
    );
    post_form_answer(client, &site.base, "join", form).await
}

/// `text` percent-encoded for a form body.
fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// How many accounts there are.
async fn account_count(db: &Db) -> i64 {
    let sql = "SELECT COUNT(*) FROM users";
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
    }
    .unwrap()
}

/// The id of the account with `email`.
async fn id_of(db: &Db, email: &str) -> String {
    users::by_email(db, email).await.unwrap().unwrap().member.id
}

/// Approves account `id` into `agency` as `client`; returns the status and body.
async fn approve(
    client: &reqwest::Client,
    site: &Site,
    id: &str,
    agency: &str,
) -> (StatusCode, String) {
    let form = format!("id={id}&decision=approve&agency={agency}");
    post_form_answer(client, &site.base, "decide_account", form).await
}

/// Sends `decision` (with a reason) about account `id` as `client`; returns the status.
async fn decide(client: &reqwest::Client, site: &Site, id: &str, decision: &str) -> StatusCode {
    let form = format!("id={id}&decision={decision}&reason=Left+the+service");
    post_form_answer(client, &site.base, "decide_account", form)
        .await
        .0
}

/// A request for an account sent at `/join` by nobody signed in; returns its id.
async fn pending_request(db: &Db, site: &Site, email: &str, agency: &str) -> String {
    let (status, body) = join(&browser_at("203.0.113.5", None), site, email, agency).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    id_of(db, email).await
}

/// How many `answers` were 200 OK, and how many 409 Conflict.
fn ok_and_refused(answers: &[StatusCode]) -> (usize, usize) {
    let count = |status| answers.iter().filter(|s| **s == status).count();
    (count(StatusCode::OK), count(StatusCode::CONFLICT))
}

/// How many audit rows record a decision about an account.
async fn decisions_audited(db: &Db) -> usize {
    let mut count = 0;
    for action in [
        "account_approved",
        "account_rejected",
        "account_disabled",
        "second_factor_reset",
    ] {
        count += audited(db, action).await.len();
    }
    count
}

/// The accounts list as `admin` reads it.
async fn account_lists(site: &Site, admin: &Staff) -> AccountLists {
    let (status, body) =
        post_form_answer(&admin.client, &site.base, "accounts", String::new()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).unwrap()
}

/// The audit rows with `action`, newest first.
async fn audited(db: &Db, action: &str) -> Vec<AuditLine> {
    let filter = audit::AuditFilter {
        action: Some(action.into()),
        ..Default::default()
    };
    audit::search(db, &filter, 50).await.unwrap()
}

app::on_both_backends!(
    emails_with_hidden_characters_are_refused,
    case_and_compatibility_forms_name_the_same_account,
    look_alike_emails_are_flagged_for_admins,
    nobody_approves_a_request_sent_from_their_own_session_or_computer,
    an_approval_confirms_the_agency_and_names_the_approver,
    admins_read_clinical_audit_detail_only_as_changed,
    a_decision_already_taken_is_refused,
    of_decisions_sent_at_once_exactly_one_applies,
    a_commissioner_asks_for_an_account_and_once_approved_reads_only_figures,
);

async fn a_commissioner_asks_for_an_account_and_once_approved_reads_only_figures(db: &Db) {
    let site = behind_a_proxy(db).await;
    let council = agency(db, "County Council Commissioning", Sector::SocialCare).await;
    let anyone = browser_at("203.0.113.7", None);
    // A purpose that is neither: a field error, nothing kept.
    let before = account_count(db).await;
    let form = |purpose: &str| {
        format!(
            "name=Kim+Lee&email=kim.lee%40council.example&agency={council}&job_title=Commissioner&password={PASSWORD}&purpose={purpose}"
        )
    };
    let (status, body) = post_form_answer(&anyone, &site.base, "join", form("admin")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body.contains("Choose what you need an account for"),
        "{body}"
    );
    assert_eq!(account_count(db).await, before);
    // Asked for as a commissioner: pending, then approved like any account.
    let (status, body) = post_form_answer(&anyone, &site.base, "join", form("commissioner")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id = id_of(db, "kim.lee@council.example").await;
    let account = users::get(db, &id).await.unwrap().unwrap();
    assert_eq!(account.member.role, Role::Commissioner);
    assert_eq!(account.member.status, app::models::AccountStatus::Pending);
    let admin = sign_in(db, Role::Admin, None).await;
    let (status, body) = approve(&admin.client, &site, &id, &council).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(audited(db, "account_registered").await[0]
        .detail
        .starts_with("commissioner at County Council Commissioning"));
}

async fn emails_with_hidden_characters_are_refused(db: &Db) {
    let site = serve(db).await;
    let school = agency(db, "Hill School", Sector::Education).await;
    let anyone = browser_at("203.0.113.1", None);
    let before = account_count(db).await;
    for email in [
        "cara\u{200B}.li@nhs.example",
        "ca\u{00AD}ra.li@nhs.example",
        "\u{200F}cara.li@nhs.example",
    ] {
        let (status, body) = join(&anyone, &site, email, &school).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{email:?}: {body}"
        );
        let error: app::error::AppError = serde_json::from_str(&body).unwrap();
        assert_eq!(
            error.message_for("email").as_deref(),
            Some(users::HIDDEN_CHARACTERS),
            "{email:?}"
        );
    }
    // Letters of other scripts that look like Latin ones, and a blank Braille cell (fails
    // on the code before this commit: all were accepted, and none was flagged).
    for email in [
        "c\u{0430}ra.li@nhs.example",
        "cara.l\u{0131}@nhs.example",
        "cara.li\u{2800}@nhs.example",
    ] {
        let (status, body) = join(&anyone, &site, email, &school).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{email:?}: {body}"
        );
        assert!(
            body.contains("only the letters a to z"),
            "{email:?}: {body}"
        );
    }
    assert_eq!(account_count(db).await, before, "no account was made");
    let (status, body) = join(&anyone, &site, "cara.li@nhs.example", &school).await;
    assert_eq!(status, StatusCode::OK, "the same address typed in: {body}");
    // `dsr admin create` refuses before it asks for a password.
    let refused = server::admin::create(
        db,
        &Default::default(),
        "ada\u{2060}@nhs.example",
        "Ada Admin",
    )
    .await;
    assert!(refused
        .unwrap_err()
        .to_string()
        .contains("hidden characters"));
}

async fn case_and_compatibility_forms_name_the_same_account(db: &Db) {
    let site = serve(db).await;
    let school = agency(db, "Hill School", Sector::Education).await;
    let anyone = browser_at("203.0.113.1", None);
    let first = join(&anyone, &site, "cara.li@nhs.example", &school).await;
    assert_eq!(first.0, StatusCode::OK, "{}", first.1);
    let accounts = account_count(db).await;
    for variant in [
        "CARA.LI@NHS.EXAMPLE",
        "\u{FF43}\u{FF41}\u{FF52}\u{FF41}.li\u{FF20}nhs.example",
        " Cara.Li@nhs.example ",
    ] {
        let again = join(&anyone, &site, variant, &school).await;
        assert_eq!(again, first, "{variant:?} is answered as usual");
    }
    assert_eq!(account_count(db).await, accounts, "no second account");
    let registered = audited(db, "account_registered").await;
    assert_eq!(registered.len(), 4);
    assert!(registered[..3]
        .iter()
        .all(|r| r.actor == "cara.li@nhs.example" && r.detail == "email already registered"));
}

async fn look_alike_emails_are_flagged_for_admins(db: &Db) {
    let site = serve(db).await;
    // Kept from before the check at /join: the store itself takes any email.
    let make = |email: &'static str, status| async move {
        users::create(
            db,
            &NewUser {
                email,
                full_name: "Cara Li",
                job_title: "Social worker",
                agency: None,
                role: Role::Professional,
                status,
                password_hash: "x",
                at: timestamp_now(),
                origin: None,
            },
        )
        .await
        .unwrap()
    };
    make("cara.li@nhs.example", AccountStatus::Active).await;
    make("cara.li\u{200B}@nhs.example", AccountStatus::Pending).await;
    make("dev.rao@nhs.example", AccountStatus::Pending).await;
    let admin = sign_in(db, Role::Admin, None).await;
    let lists = account_lists(&site, &admin).await;
    let pending = |email: &str| {
        lists
            .pending
            .iter()
            .find(|a| a.member.email == email)
            .unwrap()
            .looks_like
            .clone()
    };
    assert_eq!(
        pending("cara.li\u{200B}@nhs.example"),
        ["cara.li@nhs.example"]
    );
    assert!(pending("dev.rao@nhs.example").is_empty());
    let active = lists
        .active
        .iter()
        .find(|a| a.member.email == "cara.li@nhs.example")
        .unwrap();
    assert_eq!(active.looks_like, ["cara.li\u{200B}@nhs.example"]);
    let page = support::text_of(admin.client.get(format!("{}/admin/accounts", site.base))).await;
    assert!(
        page.contains("Looks like another account&#x27;s email")
            || page.contains("Looks like another account's email"),
        "{page}"
    );
    assert!(page.contains("[U+200B]") && page.contains("hidden character"));
}

async fn nobody_approves_a_request_sent_from_their_own_session_or_computer(db: &Db) {
    let site = behind_a_proxy(db).await;
    let school = agency(db, "Hill School", Sector::Education).await;
    let ada = sign_in(db, Role::Admin, None).await;
    let ben = sign_in(db, Role::Admin, None).await;
    // Ada, signed in, sends a request from her desk; someone else sends one from the desk
    // she later approves from.
    let (status, _) = join(
        &browser_at("203.0.113.5", Some(&ada.cookie)),
        &site,
        "from.ada@nhs.example",
        &school,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = join(
        &browser_at("198.51.100.7", None),
        &site,
        "from.the.desk@nhs.example",
        &school,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (by_session, by_client) = (
        id_of(db, "from.ada@nhs.example").await,
        id_of(db, "from.the.desk@nhs.example").await,
    );
    let ada_elsewhere = browser_at("198.51.100.9", Some(&ada.cookie));
    let ada_at_the_desk = browser_at("198.51.100.7", Some(&ada.cookie));
    for (client, id) in [
        (&ada_elsewhere, &by_session),
        (&ada_at_the_desk, &by_client),
    ] {
        let (status, body) = approve(client, &site, id, &school).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let error: app::error::AppError = serde_json::from_str(&body).unwrap();
        assert_eq!(
            error.to_string(),
            "Another admin must approve this request: it was sent from your computer"
        );
        let account = users::get(db, id).await.unwrap().unwrap();
        assert_eq!(account.member.status, AccountStatus::Pending);
    }
    assert_eq!(audited(db, "approval_refused").await.len(), 2);
    // Another admin approves the first; Ada, away from the desk, the second.
    let ben_elsewhere = browser_at("192.0.2.44", Some(&ben.cookie));
    assert_eq!(
        approve(&ben_elsewhere, &site, &by_session, &school).await.0,
        StatusCode::OK
    );
    assert_eq!(
        approve(&ada_elsewhere, &site, &by_client, &school).await.0,
        StatusCode::OK
    );
}

async fn an_approval_confirms_the_agency_and_names_the_approver(db: &Db) {
    let site = behind_a_proxy(db).await;
    let asked = agency(db, "Hill School", Sector::Education).await;
    let confirmed = agency(db, "Riverside Council", Sector::SocialCare).await;
    let lda = agency(db, "LDA Team", Sector::LdaTeam).await;
    let (status, _) = join(
        &browser_at("203.0.113.5", None),
        &site,
        "cara.li@nhs.example",
        &asked,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let id = id_of(db, "cara.li@nhs.example").await;
    let admin = sign_in(db, Role::Admin, None).await;
    let lists = account_lists(&site, &admin).await;
    assert_eq!(
        lists.pending[0].agency_id.as_deref(),
        Some(asked.as_str()),
        "preset"
    );
    assert!(
        lists.agencies.iter().all(|a| a.id != lda),
        "the LDA team is not offered"
    );
    let desk = browser_at("198.51.100.20", Some(&admin.cookie));
    for wrong in ["", "no-such-agency", lda.as_str()] {
        let (status, body) = approve(&desk, &site, &id, wrong).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{wrong}: {body}");
        let error: app::error::AppError = serde_json::from_str(&body).unwrap();
        assert_eq!(
            error.message_for(&format!("agency-{id}")).as_deref(),
            Some("Select the agency this person works for")
        );
    }
    let (status, body) = approve(&desk, &site, &id, &confirmed).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let account = users::get(db, &id).await.unwrap().unwrap();
    assert_eq!(account.member.status, AccountStatus::Active);
    assert_eq!(account.agency_id.as_deref(), Some(confirmed.as_str()));
    let approval = account.member.approval.expect("the approval is kept");
    assert_eq!(approval.by, admin.email);
    let listed = account_lists(&site, &admin).await;
    let shown = listed.active.iter().find(|a| a.member.id == id).unwrap();
    assert_eq!(shown.member.approval.as_ref().unwrap().by, admin.email);
    let audit_rows = audited(db, "account_approved").await;
    assert_eq!(audit_rows.len(), 1);
    assert_eq!(audit_rows[0].actor, admin.email);
    assert_eq!(
        audit_rows[0].detail,
        format!(
            "cara.li@nhs.example: approved by {} for Riverside Council",
            admin.email
        )
    );
    assert_eq!(audit_rows[0].client, "198.51.100.20");
    assert_eq!(
        approve(&desk, &site, &id, &confirmed).await.0,
        StatusCode::CONFLICT,
        "approved once"
    );
}

async fn admins_read_clinical_audit_detail_only_as_changed(db: &Db) {
    let today = app::models::uk_today(chrono::Utc::now());
    server::demo::seed(db, 1, 3, today, &Default::default())
        .await
        .unwrap();
    let site = serve(db).await;
    let person = people::first_by_name(db, 1).await.unwrap()[0];
    let before = people::get(db, person).await.unwrap().unwrap();
    let to = if before.rating == Rating::Red {
        Rating::Amber
    } else {
        Rating::Red
    };
    let status = support::change_rating(
        site.client(),
        &site.base,
        &person.to_string(),
        before.version,
        to.code(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let stored = audited(db, "rating_changed").await;
    assert_eq!(
        stored[0].detail,
        format!("{} to {}", before.rating.code(), to.code()),
        "the trail itself keeps the detail"
    );
    let refused = post_form_answer(site.client(), &site.base, "audit_trail", String::new()).await;
    assert_eq!(
        refused.0,
        StatusCode::FORBIDDEN,
        "coordinators do not use the page"
    );
    let admin = sign_in(db, Role::Admin, None).await;
    let (status, body) =
        post_form_answer(&admin.client, &site.base, "audit_trail", String::new()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let rows: Vec<AuditLine> = serde_json::from_str(&body).unwrap();
    let change = rows.iter().find(|r| r.action == "rating_changed").unwrap();
    assert_eq!(change.detail, "changed");
    assert_eq!(change.person.as_deref(), Some(person.to_string().as_str()));
    assert_eq!(change.actor, site.staff.email, "who, when and where stay");
    let denied = rows.iter().find(|r| r.action == "access_denied").unwrap();
    assert_eq!(denied.detail, "audit_trail", "security events in full");
}

async fn a_decision_already_taken_is_refused(db: &Db) {
    let site = behind_a_proxy(db).await;
    let school = agency(db, "Hill School", Sector::Education).await;
    let admin = sign_in(db, Role::Admin, None).await;
    let desk = browser_at("198.51.100.20", Some(&admin.cookie));
    let approved = pending_request(db, &site, "cara.li@nhs.example", &school).await;
    assert_eq!(
        approve(&desk, &site, &approved, &school).await.0,
        StatusCode::OK
    );
    assert_eq!(
        decide(&desk, &site, &approved, "reject").await,
        StatusCode::CONFLICT,
        "an approved account is not rejected"
    );
    let rejected = pending_request(db, &site, "dev.shah@nhs.example", &school).await;
    assert_eq!(
        decide(&desk, &site, &rejected, "reject").await,
        StatusCode::OK
    );
    assert_eq!(
        approve(&desk, &site, &rejected, &school).await.0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        decide(&desk, &site, &rejected, "reject").await,
        StatusCode::CONFLICT
    );
    assert_eq!(
        decide(&desk, &site, &approved, "disable").await,
        StatusCode::OK
    );
    for again in ["disable", "reset_second_factor", "reject"] {
        assert_eq!(
            decide(&desk, &site, &approved, again).await,
            StatusCode::CONFLICT,
            "{again} after disable"
        );
    }
    let account = users::get(db, &approved).await.unwrap().unwrap();
    assert_eq!(account.member.status, AccountStatus::Disabled);
    assert_eq!(decisions_audited(db).await, 3);
}

async fn of_decisions_sent_at_once_exactly_one_applies(db: &Db) {
    let site = behind_a_proxy(db).await;
    let school = agency(db, "Hill School", Sector::Education).await;
    let admin = sign_in(db, Role::Admin, None).await;
    let desk = browser_at("198.51.100.20", Some(&admin.cookie));
    // Twenty approvals and rejections of one request at once.
    let id = pending_request(db, &site, "cara.li@nhs.example", &school).await;
    let answers = futures::future::join_all((0..20).map(|i| {
        let (desk, site, id, school) = (&desk, &site, &id, &school);
        async move {
            if i % 2 == 0 {
                approve(desk, site, id, school).await.0
            } else {
                decide(desk, site, id, "reject").await
            }
        }
    }))
    .await;
    assert_eq!(ok_and_refused(&answers), (1, 19), "{answers:?}");
    assert_eq!(decisions_audited(db).await, 1);
    // Two disables at once, then twenty.
    for (senders, audited_before) in [(2, 1), (20, 2)] {
        let target = sign_in(db, Role::Professional, None).await;
        let answers = futures::future::join_all(
            (0..senders).map(|_| decide(&desk, &site, &target.id, "disable")),
        )
        .await;
        assert_eq!(ok_and_refused(&answers), (1, senders - 1), "{answers:?}");
        assert_eq!(decisions_audited(db).await, audited_before + 1);
    }
    // Twenty resets of one account's authenticator app at once.
    let target = sign_in(db, Role::Professional, None).await;
    support::signing_in::with_app(&site, &target.id, &[]).await;
    let answers = futures::future::join_all(
        (0..20).map(|_| decide(&desk, &site, &target.id, "reset_second_factor")),
    )
    .await;
    assert_eq!(ok_and_refused(&answers), (1, 19), "{answers:?}");
    assert_eq!(decisions_audited(db).await, 4);
}
