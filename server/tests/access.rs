//! The access matrix, on both backends: every server function and every page or feed ×
//! every kind of caller (anonymous, admin, coordinator, a professional linked to the
//! record, a professional who is not) → the exact status. A server function or page
//! without a row here fails the suite.

use crate::support;

use app::{
    models::{PersonId, Rating, Role, SectionKind},
    store::{
        agencies,
        links::{self, LinkTarget},
        people, sessions, timestamp_now, Db,
    },
};
use axum::{
    body::Body,
    http::{header, Request, StatusCode},
    Router,
};
use std::collections::BTreeSet;
use support::staff::{sign_in, Staff};
use tower::ServiceExt;

/// Who calls, in the order of each row's statuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Anonymous,
    Admin,
    Coordinator,
    Linked,
    Unlinked,
    Commissioner,
}

const KINDS: [Kind; 6] = [
    Kind::Anonymous,
    Kind::Admin,
    Kind::Coordinator,
    Kind::Linked,
    Kind::Unlinked,
    Kind::Commissioner,
];

/// Every server function: its endpoint and the status for each [`Kind`].
const SERVER_FUNCTIONS: &[(&str, [u16; 6])] = &[
    // Public: signing in and registering (wrong or incomplete input on purpose).
    ("login", [422, 422, 422, 422, 422, 422]),
    ("agencies", [200, 200, 200, 200, 200, 200]),
    ("join", [422, 422, 422, 422, 422, 422]),
    ("current_user", [200, 200, 200, 200, 200, 200]),
    ("logout", [200, 200, 200, 200, 200, 200]),
    // The second factor needs at least a password-checked session.
    ("confirm_code", [401, 200, 200, 200, 200, 200]),
    ("enrolment", [401, 200, 200, 200, 200, 200]),
    ("enrol", [401, 403, 403, 403, 403, 403]),
    ("confirm_identity", [401, 422, 422, 422, 422, 422]),
    ("shown_once", [200, 200, 200, 200, 200, 200]),
    ("kept_form", [200, 200, 200, 200, 200, 200]),
    // One's own password; a reset code (public, wrong input on purpose); issuing one.
    ("change_password", [401, 422, 422, 422, 422, 422]),
    ("reset_password", [422, 422, 422, 422, 422, 422]),
    ("issue_reset_code", [401, 422, 403, 403, 403, 403]),
    // One's own sessions.
    ("my_sessions", [401, 200, 200, 200, 200, 200]),
    ("end_session", [401, 404, 404, 404, 404, 404]),
    // The register.
    ("get_board", [401, 403, 200, 200, 200, 403]),
    // Searching: too short is a field error for everyone; by the record's NHS number, an
    // answer (empty for the unlinked professional: see http.rs).
    ("get_board#short_search", [401, 403, 422, 422, 422, 403]),
    ("get_board#nhs_search", [401, 403, 200, 200, 200, 403]),
    ("brief_views", [401, 403, 200, 403, 403, 403]),
    ("set_brief_view", [401, 403, 200, 403, 403, 403]),
    ("set_attending", [401, 403, 200, 403, 403, 403]),
    ("get_person", [401, 403, 200, 200, 403, 403]),
    ("get_meeting", [401, 403, 200, 200, 403, 403]),
    // Go to person: anyone of the register's staff, offered only people they may open.
    ("find_on_agenda", [401, 403, 200, 200, 200, 403]),
    ("go_to_person", [401, 403, 422, 422, 422, 403]),
    // A page refreshing itself from the live feed reads under the same rules.
    ("get_board#refresh", [401, 403, 200, 200, 200, 403]),
    ("get_person#refresh", [401, 403, 200, 200, 403, 403]),
    ("get_meeting#refresh", [401, 403, 200, 200, 403, 403]),
    ("record_team#refresh", [401, 403, 200, 200, 403, 403]),
    ("change_rating", [401, 403, 200, 200, 403, 403]),
    ("save_narrative", [401, 403, 200, 200, 403, 403]),
    ("save_keyworker", [401, 403, 200, 200, 403, 403]),
    ("save_details", [401, 403, 200, 200, 403, 403]),
    // A new NHS number: coordinators only (a linked professional is refused and audited).
    ("save_details#nhs_number", [401, 403, 200, 403, 403, 403]),
    ("save_diagnosis", [401, 403, 200, 200, 403, 403]),
    ("save_home", [401, 403, 200, 200, 403, 403]),
    ("save_contact", [401, 403, 200, 200, 403, 403]),
    ("remove_contact", [401, 403, 200, 200, 403, 403]),
    ("save_risks", [401, 403, 200, 200, 403, 403]),
    // After save_home: the record holds a stay in hospital to review.
    ("save_root_cause", [401, 403, 200, 200, 403, 403]),
    ("record_team", [401, 403, 200, 200, 403, 403]),
    ("record_consent", [401, 403, 200, 200, 403, 403]),
    ("record_review", [401, 403, 200, 200, 403, 403]),
    ("save_ctr_plan", [401, 403, 200, 200, 403, 403]),
    ("save_ctr_consent", [401, 403, 200, 200, 403, 403]),
    ("save_ctr_outcome", [401, 403, 200, 200, 403, 403]),
    ("add_action", [401, 403, 200, 200, 403, 403]),
    ("update_action", [401, 403, 200, 200, 403, 403]),
    ("action_owners", [401, 403, 200, 200, 403, 403]),
    // Their own and their agency's: anyone of the register's staff, each their own list.
    ("my_actions", [401, 403, 200, 200, 200, 403]),
    ("record_history", [401, 403, 200, 200, 403, 403]),
    // Leaving the register (incomplete on purpose, so the record stays open for the other
    // rows: a complete one is in standing.rs).
    ("leave_register", [401, 403, 422, 422, 403, 403]),
    ("closed_records", [401, 403, 200, 403, 403, 403]),
    // The chair of the day's meeting: taken, moved and given up by coordinators only.
    ("take_chair", [401, 403, 200, 403, 403, 403]),
    ("move_chair", [401, 403, 200, 403, 403, 403]),
    ("stop_chairing", [401, 403, 200, 403, 403, 403]),
    // Meetings as records: anyone of the register's staff reads the list, attendance and
    // minutes (the minutes show each person as the reader may see them: http tests);
    // the LDA team sets one up; its chair (here the coordinator) records for it.
    ("list_meetings", [401, 403, 200, 200, 200, 403]),
    // Before a later meeting is set up for the day: the day's agenda is the one set up last.
    ("change_agenda", [401, 403, 200, 403, 403, 403]),
    ("set_up_meeting", [401, 403, 200, 403, 403, 403]),
    ("read_attendance", [401, 403, 200, 200, 200, 403]),
    ("add_attendee", [401, 403, 200, 403, 403, 403]),
    ("remove_attendee", [401, 403, 200, 403, 403, 403]),
    ("record_entry", [401, 403, 200, 403, 403, 403]),
    ("get_minutes", [401, 403, 200, 200, 200, 403]),
    ("mark_circulated", [401, 403, 200, 403, 403, 403]),
    ("change_link", [401, 403, 200, 403, 403, 403]),
    // Referrals: a professional's referral needs register staff; triage is for coordinators.
    ("submit_referral", [401, 403, 200, 200, 200, 403]),
    // A family's answers copied to the server's kept draft: public, like the form.
    ("copy_referral_answers", [200, 200, 200, 200, 200, 200]),
    ("referral_inbox", [401, 403, 200, 403, 403, 403]),
    ("open_referral", [401, 403, 200, 403, 403, 403]),
    ("record_triage", [401, 403, 200, 403, 403, 403]),
    ("accept_referral", [401, 403, 422, 403, 403, 403]),
    // Administration.
    ("accounts", [401, 200, 403, 403, 403, 403]),
    ("decide_account", [401, 200, 403, 403, 403, 403]),
    ("admin_settings", [401, 200, 403, 403, 403, 403]),
    ("set_two_factor_rule", [401, 200, 403, 403, 403, 403]),
    ("add_agency", [401, 200, 403, 403, 403, 403]),
    ("audit_trail", [401, 200, 403, 403, 403, 403]),
    // Figures: the LDA team and commissioners (who see small numbers suppressed: figures
    // tests); a list with names is for coordinators, with a reason.
    ("figures", [401, 200, 200, 403, 403, 200]),
    ("figures#bad_day", [401, 422, 422, 403, 403, 422]),
    ("ask_for_names", [401, 403, 200, 403, 403, 403]),
];

/// Every page route and the feed: the route as declared, the address asked for (`{P}`
/// is the record's id), and the status for each [`Kind`].
const ROUTES: &[(&str, &str, [u16; 6])] = &[
    ("/", "/", [200, 200, 200, 200, 200, 200]),
    (
        "/accessibility",
        "/accessibility",
        [200, 200, 200, 200, 200, 200],
    ),
    ("/easy-read", "/easy-read", [200, 200, 200, 200, 200, 200]),
    ("/login", "/login", [200, 200, 200, 200, 200, 200]),
    ("/login/code", "/login/code", [200, 200, 200, 200, 200, 200]),
    (
        "/login/set-up-code",
        "/login/set-up-code",
        [401, 200, 200, 200, 200, 200],
    ),
    (
        "/login/reset",
        "/login/reset",
        [200, 200, 200, 200, 200, 200],
    ),
    (
        "/login/reset/done",
        "/login/reset/done",
        [200, 200, 200, 200, 200, 200],
    ),
    ("/join", "/join", [200, 200, 200, 200, 200, 200]),
    ("/join/done", "/join/done", [200, 200, 200, 200, 200, 200]),
    ("/register", "/register", [401, 403, 200, 200, 200, 403]),
    (
        "/register/meeting",
        "/register/meeting",
        [401, 403, 200, 200, 200, 403],
    ),
    (
        "/register/meeting",
        "/register/meeting?person={P}",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}",
        "/people/{P}",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}/narrative",
        "/people/{P}/narrative",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}/keyworker",
        "/people/{P}/keyworker",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}/details",
        "/people/{P}/details",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}/diagnosis",
        "/people/{P}/diagnosis",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}/home",
        "/people/{P}/home",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}/contacts/new",
        "/people/{P}/contacts/new",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}/contacts/{contact}",
        "/people/{P}/contacts/demo0",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}/contacts/{contact}/remove",
        "/people/{P}/contacts/demo0/remove",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}/risks",
        "/people/{P}/risks",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}/root-cause",
        "/people/{P}/root-cause",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}/consent",
        "/people/{P}/consent",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}/review",
        "/people/{P}/review",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}/actions/new",
        "/people/{P}/actions/new",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}/actions/{action}",
        "/people/{P}/actions/{A}",
        [401, 403, 200, 200, 403, 403],
    ),
    ("/actions", "/actions", [401, 403, 200, 200, 200, 403]),
    (
        "/people/{id}/ctrs/new",
        "/people/{P}/ctrs/new",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}/ctrs/{ctr}",
        "/people/{P}/ctrs/{C}",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}/ctrs/{ctr}/consent",
        "/people/{P}/ctrs/{C}/consent",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}/ctrs/{ctr}/outcome",
        "/people/{P}/ctrs/{C}/outcome",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}/history",
        "/people/{P}/history",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/people/{id}/leave",
        "/people/{P}/leave",
        [401, 403, 200, 200, 403, 403],
    ),
    (
        "/register/closed",
        "/register/closed",
        [401, 403, 200, 403, 403, 403],
    ),
    (
        "/account/sessions",
        "/account/sessions",
        [401, 200, 200, 200, 200, 200],
    ),
    (
        "/account/password",
        "/account/password",
        [401, 200, 200, 200, 200, 200],
    ),
    (
        "/account/password/changed",
        "/account/password/changed",
        [401, 200, 200, 200, 200, 200],
    ),
    (
        "/account/authenticator",
        "/account/authenticator",
        [401, 200, 200, 200, 200, 200],
    ),
    (
        "/admin/accounts",
        "/admin/accounts",
        [401, 200, 403, 403, 403, 403],
    ),
    (
        "/admin/settings",
        "/admin/settings",
        [401, 200, 403, 403, 403, 403],
    ),
    (
        "/admin/audit",
        "/admin/audit",
        [401, 200, 403, 403, 403, 403],
    ),
    ("/refer", "/refer", [200, 200, 200, 200, 200, 200]),
    (
        "/register/refer",
        "/register/refer",
        [401, 403, 200, 200, 200, 403],
    ),
    ("/triage", "/triage", [401, 403, 200, 403, 403, 403]),
    (
        "/triage/{id}",
        "/triage/{R}",
        [401, 403, 200, 403, 403, 403],
    ),
    (
        "/triage/{id}/accept",
        "/triage/{R}/accept",
        [401, 403, 200, 403, 403, 403],
    ),
    ("/events", "/events", [401, 403, 200, 200, 200, 403]),
    // The feed's catch-up from the start: each entry as the caller may see it (feed.rs).
    ("/events", "/events?after=0", [401, 403, 200, 200, 200, 403]),
    (
        "/register/agencies",
        "/register/agencies",
        [401, 403, 200, 403, 403, 403],
    ),
    ("/meetings", "/meetings", [401, 403, 200, 200, 200, 403]),
    (
        "/meetings/new",
        "/meetings/new",
        [401, 403, 200, 403, 403, 403],
    ),
    (
        "/meetings/{id}/attendance",
        "/meetings/{M}/attendance",
        [401, 403, 200, 200, 200, 403],
    ),
    (
        "/meetings/{id}/minutes",
        "/meetings/{M}/minutes",
        [401, 403, 200, 200, 200, 403],
    ),
    ("/figures", "/figures", [401, 200, 200, 403, 403, 200]),
    (
        "/figures",
        "/figures?on_day=31&on_month=2&on_year=2026",
        [401, 200, 200, 403, 403, 200],
    ),
    (
        "/figures/names",
        "/figures/names",
        [401, 403, 200, 403, 403, 403],
    ),
    (
        "/figures/names/ready",
        "/figures/names/ready",
        [401, 403, 200, 403, 403, 403],
    ),
    // Downloads (not pages): a table of figures; a list with names, when one was asked
    // for (none here: back to asking).
    (
        "/figures/export",
        "/figures/export?table=ratings",
        [401, 200, 200, 403, 403, 200],
    ),
    (
        "/figures/export",
        "/figures/export?table=nothing",
        [401, 400, 400, 403, 403, 400],
    ),
    (
        "/figures/names/download",
        "/figures/names/download",
        [401, 403, 303, 403, 403, 403],
    ),
];

/// Rows of [`ROUTES`] that are not pages: the feed and the downloads.
const NOT_PAGES: [&str; 3] = ["/events", "/figures/export", "/figures/names/download"];

/// The DSR meeting, held today and chaired by the coordinator, that the meeting pages and
/// forms name.
const MEETING: &str = "3c9d2b7e-1f4a-4e8b-9c62-8a1d5e3f7b04";

/// The C(E)TR on the record that the C(E)TR pages and forms name.
const CTR: &str = "0b7e3c1a-5d2f-4c9e-8a41-7f6d2e9b1c30";

/// The action on the record that the action pages and forms name.
const ACTION: &str = "5f1c9a2e-8b3d-4e7f-9a60-2d4b8c1e7f93";

/// The register and its callers.
struct World {
    router: Router,
    person: PersonId,
    /// A referral waiting in triage.
    referral: String,
    /// An agency the coordinator links to the record (nobody belongs to it).
    agency: String,
    staff: Vec<(Kind, Staff)>,
}

async fn world(db: &Db) -> World {
    let today = app::models::uk_today(chrono::Utc::now());
    server::demo::seed(db, 2, 9, today, &Default::default())
        .await
        .unwrap();
    let person = people::first_by_name(db, 1).await.unwrap()[0];
    let at = timestamp_now();
    let mut agency_ids = Vec::new();
    for name in ["Linked Agency", "Other Agency", "Agency To Link"] {
        let agency = agencies::create(db, name, app::models::Sector::Health, at)
            .await
            .unwrap()
            .unwrap();
        agency_ids.push(agency.id);
    }
    let admin = sign_in(db, Role::Admin, None).await;
    let coordinator = sign_in(db, Role::Coordinator, None).await;
    let linked = sign_in(db, Role::Professional, Some(&agency_ids[0])).await;
    let unlinked = sign_in(db, Role::Professional, Some(&agency_ids[1])).await;
    let commissioner = sign_in(db, Role::Commissioner, None).await;
    let mut tx = db.begin().await.unwrap();
    links::link(
        &mut tx,
        person,
        LinkTarget::Professional(&linked.id),
        "test",
        at,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    // Two more family contacts with the id `demo0`, so its pages open, and it can be
    // removed, whatever the rows before did.
    let (version, mut contacts) =
        match support::record::saved_section(db, person, SectionKind::Contacts).await {
            Some(app::models::SavedSection {
                body: app::models::SectionBody::Contacts(c),
                version,
                ..
            }) => (version, c),
            _ => (0, app::models::Contacts::default()),
        };
    let grace = app::models::FamilyContact {
        id: "demo0".into(),
        name: "Grace Okafor".into(),
        relationship: "Mother".into(),
        phone: "07700 900 982".into(),
        email: String::new(),
        prefers: app::models::ContactMethod::Text,
        parental_responsibility: true,
        lasting_power_of_attorney: false,
    };
    contacts.contacts.extend([grace.clone(), grace]);
    let mut tx = db.begin().await.unwrap();
    let save = app::store::sections::SectionSave {
        person,
        from_version: version,
        body: &contacts.into(),
        actor: "test",
        at,
    };
    app::store::sections::save(&mut tx, &save).await.unwrap();
    tx.commit().await.unwrap();
    support::record::stored_ctr(db, person, CTR).await;
    support::record::stored_action(db, person, ACTION).await;
    let referral = support::referral::stored(db).await;
    support::record::stored_meeting(db, MEETING, &coordinator.id).await;
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("dsr")
        .build();
    let state = app::state::AppState::start(db.clone(), Default::default())
        .await
        .unwrap();
    World {
        router: server::router::router(state, options),
        person,
        referral,
        agency: agency_ids[2].clone(),
        staff: vec![
            (Kind::Admin, admin),
            (Kind::Coordinator, coordinator),
            (Kind::Linked, linked),
            (Kind::Unlinked, unlinked),
            (Kind::Commissioner, commissioner),
        ],
    }
}

impl World {
    /// A new session cookie for `kind` (so a logout in one call does not affect the next).
    async fn cookie(&self, db: &Db, kind: Kind) -> Option<String> {
        let (_, staff) = self.staff.iter().find(|(k, _)| *k == kind)?;
        let token = sessions::start(
            db,
            &staff.id,
            "127.0.0.1",
            timestamp_now(),
            sessions::Stage::Full,
        )
        .await
        .unwrap();
        Some(format!("{}={}", app::auth::session::COOKIE, token.expose()))
    }

    /// The form body that calls `endpoint` as `kind` would.
    async fn body(&self, db: &Db, endpoint: &str, kind: Kind) -> String {
        let p = self.person;
        let version = || async {
            let mut tx = db.begin_read().await.unwrap();
            let v = people::get(&mut tx, p).await.unwrap().unwrap().version;
            tx.commit().await.unwrap();
            v
        };
        match endpoint {
            "login" => format!("email=nobody-{kind:?}%40test.invalid&password=wrong+password+here"),
            "join" => "name=&email=&agency=&job_title=&password=".into(),
            "confirm_code" => "code=123456".into(),
            "enrol" => "code=000000".into(),
            "confirm_identity" => "password=&code=".into(),
            "change_password" => "current=&new_password=".into(),
            "reset_password" => "email=&code=&new_password=".into(),
            "issue_reset_code" => "id=anyone&reason=".into(),
            "end_session" => "reference=0000000000000000".into(),
            "get_board" => "query[q]=&query[page]=1&query[overdue]=false".into(),
            "get_board#short_search" => "query[q]=ab&query[page]=1&query[overdue]=false".into(),
            "get_board#nhs_search" => {
                let mut tx = db.begin_read().await.unwrap();
                let nhs = people::get(&mut tx, p).await.unwrap().unwrap().nhs_number;
                tx.commit().await.unwrap();
                format!("query[q]={}&query[page]=1&query[overdue]=false", nhs.to_string().replace(' ', "+"))
            }
            "brief_views" => String::new(),
            "set_brief_view" => format!("agency={}&view=off", self.agency),
            "set_attending" => format!("agency={}&attending=false", self.agency),
            "get_person" => format!("id={p}"),
            "get_meeting" => format!("person={p}&page=1"),
            "find_on_agenda" => "text=ok".to_owned(),
            "go_to_person" => "name=".to_owned(),
            "get_board#refresh" => "query[q]=&query[page]=1&query[overdue]=false&refresh=true".into(),
            "get_person#refresh" => format!("id={p}&refresh=true"),
            "get_meeting#refresh" => format!("person={p}&page=1&refresh=true"),
            "record_team#refresh" => format!("person_id={p}&refresh=true"),
            "change_rating" => format!(
                "person_id={p}&version={}&rating={}&rationale=Agreed",
                version().await,
                [Rating::Red, Rating::Amber][(version().await % 2) as usize].code()
            ),
            "save_narrative" => format!(
                "person_id={p}&version={}&current_issues=Crisis+at+home&tried=&would_reduce_risk=&own_view=&family_view=",
                support::record::section_version(db, p, SectionKind::Narrative).await
            ),
            "save_keyworker" => format!(
                "person_id={p}&version={}&status=waiting&name=&agency=",
                support::record::section_version(db, p, SectionKind::Keyworker).await
            ),
            "save_details" | "save_details#nhs_number" => {
                let person = person_now(db, p).await;
                let born = person.date_of_birth;
                let mut body = format!(
                    "person_id={p}&version={}&given_name={}&family_name={}&preferred_name=&dob_day={}&dob_month={}&dob_year={}&area=North&sex=female&gender=&ethnicity=z&first_language=English&interpreter=no&easy_read=yes&gp_practice=",
                    support::record::section_version(db, p, SectionKind::Details).await,
                    person.given_name,
                    person.family_name,
                    chrono::Datelike::day(&born),
                    chrono::Datelike::month(&born),
                    chrono::Datelike::year(&born),
                );
                if endpoint == "save_details#nhs_number" {
                    // Two valid numbers outside the demo's 999 range, taken in turn.
                    let other = if person.nhs_number.digits() == "9434765919" { "9434765870" } else { "9434765919" };
                    body.push_str(&format!("&nhs_number={other}"));
                }
                body
            }
            "save_diagnosis" => format!(
                "person_id={p}&version={}&diagnosis=both&other_conditions=Epilepsy",
                support::record::section_version(db, p, SectionKind::Diagnosis).await
            ),
            "save_home" => {
                let today = app::models::uk_today(chrono::Utc::now());
                format!(
                    "person_id={p}&version={}&setting=inpatient_unit&since_day=&since_month=&since_year=&unit=Cedar+Ward&provider=Northshire+NHS+Trust&ward=specialist_ld&security=non_secure&placement=out_of_area&admitted_day={}&admitted_month={}&admitted_year={}&mha=section_3&mha_other=",
                    support::record::section_version(db, p, SectionKind::Home).await,
                    chrono::Datelike::day(&today),
                    chrono::Datelike::month(&today),
                    chrono::Datelike::year(&today),
                )
            }
            "save_contact" => format!(
                "person_id={p}&version={}&name=Grace+Okafor&relationship=Mother&phone=07700+900+982&email=&prefers=text&parental_responsibility=yes",
                support::record::section_version(db, p, SectionKind::Contacts).await
            ),
            "remove_contact" => format!(
                "person_id={p}&version={}&contact=demo0",
                support::record::section_version(db, p, SectionKind::Contacts).await
            ),
            "save_risks" => {
                let today = app::models::uk_today(chrono::Utc::now());
                format!(
                    "person_id={p}&version={}&risks%5Btransition%5D=yes&risks%5Btransition_note%5D=Leaves+school&risks%5Btransition_day%5D={}&risks%5Btransition_month%5D={}&risks%5Btransition_year%5D={}",
                    support::record::section_version(db, p, SectionKind::RiskFactors).await,
                    chrono::Datelike::day(&today),
                    chrono::Datelike::month(&today),
                    chrono::Datelike::year(&today),
                )
            }
            "save_root_cause" => format!(
                "person_id={p}&version={}&{}&notes=Not+on+the+register+before",
                support::record::section_version(db, p, SectionKind::RootCause).await,
                support::today_fields("done")
            ),
            "record_team" => format!("person_id={p}"),
            "record_consent" => {
                let today = app::models::uk_today(chrono::Utc::now());
                format!(
                    "person_id={p}&version={}&consents_seen={}&consent_kind=consent&given_by=Sam+Carter&method=At+a+visit&decided_day={}&decided_month={}&decided_year={}&reason=",
                    version().await,
                    support::record::consents_held(db, p).await,
                    chrono::Datelike::day(&today),
                    chrono::Datelike::month(&today),
                    chrono::Datelike::year(&today),
                )
            }
            "leave_register" => format!(
                "person_id={p}&version={}&reason=other&left_day=1&left_month=1&left_year=2026&decided_by=&why=",
                version().await
            ),
            "closed_records" => "q=".into(),
            "record_review" => {
                let today = app::models::uk_today(chrono::Utc::now());
                format!(
                    "person_id={p}&version={}&held_day={}&held_month={}&held_year={}&attendees=LDA+team&rating=amber&rationale=Reviewed",
                    version().await,
                    chrono::Datelike::day(&today),
                    chrono::Datelike::month(&today),
                    chrono::Datelike::year(&today),
                )
            }
            "record_history" => format!("person_id={p}"),
            "add_action" => format!(
                "person_id={p}&action_id={}&what=Arrange+a+visit&owner_kind=named&owner_name=Pat+Lowe&owner_agency=Council&{}",
                uuid::Uuid::new_v4(),
                support::today_fields("due")
            ),
            "action_owners" => format!("person_id={p}"),
            "update_action" => format!(
                "person_id={p}&action_id={ACTION}&version={}&status=open&note=Phoned+again",
                support::record::action_version(db, ACTION).await
            ),
            "save_ctr_plan" => format!(
                "person_id={p}&ctr_id={}&version=0&kind=community&chair_name=Ann+Lee&chair_role=Commissioner",
                uuid::Uuid::new_v4()
            ),
            "save_ctr_consent" | "save_ctr_outcome" => {
                let today = app::models::uk_today(chrono::Utc::now());
                let (d, m, y) = (
                    chrono::Datelike::day(&today),
                    chrono::Datelike::month(&today),
                    chrono::Datelike::year(&today),
                );
                let v = support::record::ctr_version(db, CTR).await;
                if endpoint == "save_ctr_consent" {
                    format!("person_id={p}&ctr_id={CTR}&version={v}&basis=own&given_by=Sam+Carter&decided_day={d}&decided_month={m}&decided_year={y}")
                } else {
                    format!("person_id={p}&ctr_id={CTR}&version={v}&held_day={d}&held_month={m}&held_year={y}&outcome=admission_avoided&summary=Agreed+a+crisis+plan")
                }
            }
            "move_chair" => format!("person_id={p}"),
            "take_chair" => format!("seen=0&person_id={p}"),
            "stop_chairing" => "seen=1".to_owned(),
            "set_up_meeting" => {
                let chair = self.staff.iter().find(|(k, _)| *k == Kind::Coordinator).map(|(_, s)| s.id.clone()).unwrap_or_default();
                format!("meeting_id={}&{}&chair={chair}&note_taker=", uuid::Uuid::new_v4(), support::today_fields("held"))
            }
            "read_attendance" | "get_minutes" => format!("meeting_id={MEETING}"),
            "add_attendee" => format!("meeting_id={MEETING}&attendee_id={}&name=Jo+Reid&agency=School&present=yes", uuid::Uuid::new_v4()),
            "remove_attendee" => format!("meeting_id={MEETING}&attendee_id={}", uuid::Uuid::new_v4()),
            "change_agenda" => format!("meeting_id={MEETING}&person_id={p}&on=false"),
            "record_entry" => format!(
                "meeting_id={MEETING}&person_id={p}&entry_id={}&version={}&entry_kind=note&entry_text=Discussed",
                uuid::Uuid::new_v4(),
                version().await
            ),
            "mark_circulated" => format!(
                "meeting_id={MEETING}&version={}&{}",
                support::record::meeting_version(db, MEETING).await,
                support::today_fields("circulated")
            ),
            "change_link" => format!("person_id={p}&agency={}", self.agency),
            "decide_account" => {
                let pending = pending_account(db).await;
                format!("id={pending}&decision=approve&agency={}", self.agency)
            }
            "set_two_factor_rule" => "required=false".into(),
            "add_agency" => format!(
                "name=Agency+{}&sector=health",
                uuid::Uuid::new_v4().simple()
            ),
            "audit_trail" => String::new(),
            "submit_referral" => support::referral::professional_submission(),
            "copy_referral_answers" => serde_json::json!({
                "key": uuid::Uuid::new_v4().to_string(),
                "answers": support::referral::family(),
            })
            .to_string(),
            "referral_inbox" => "status=".into(),
            "open_referral" => format!("id={}", self.referral),
            "record_triage" => format!(
                "id={}&version={}&step=note&body=Phoned+the+family",
                self.referral,
                support::referral::version(db, &self.referral).await
            ),
            "accept_referral" => format!("id={}&version=1&nhs_number=&rationale=&area=&given_by=&method=&decided_day=&decided_month=&decided_year=&reason=", self.referral),
            "kept_form" => "page=%2Fregister".into(),
            "figures" => "day=&month=&year=".into(),
            "figures#bad_day" => "day=31&month=2&year=2026".into(),
            "ask_for_names" => "list=register&reason=Monthly+return".into(),
            _ => String::new(),
        }
    }
}

/// `person` as stored now.
async fn person_now(db: &Db, person: PersonId) -> app::models::Person {
    people::get(db, person).await.unwrap().unwrap()
}

/// A new pending account's id.
async fn pending_account(db: &Db) -> String {
    use app::{
        models::AccountStatus,
        store::users::{self, NewUser},
    };
    let email = format!("pending-{}@test.invalid", uuid::Uuid::new_v4().simple());
    users::create(
        db,
        &NewUser {
            email: &email,
            full_name: "Pending Person",
            job_title: "Nurse",
            agency: None,
            role: Role::Professional,
            status: AccountStatus::Pending,
            password_hash: "x",
            at: timestamp_now(),
            origin: None,
        },
    )
    .await
    .unwrap()
    .to_string()
}

/// The server function a row calls: its name up to any `#` (which names a case of it).
fn endpoint_of(row: &str) -> &str {
    row.split('#').next().unwrap_or(row)
}

/// Sends `request` and returns its status, reading the body only when it is not a stream.
async fn status_of(router: &Router, request: Request<Body>) -> (StatusCode, String) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let streaming = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.to_str().unwrap_or("").starts_with("text/event-stream"));
    let body = if streaming {
        String::new()
    } else {
        let bytes = axum::body::to_bytes(response.into_body(), 10 << 20)
            .await
            .unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let main = text.find("<main").unwrap_or(0);
        text[main..].chars().take(600).collect()
    };
    (status, body)
}

app::on_both_backends!(every_server_function_and_route_answers_each_caller_as_the_matrix_says);

async fn every_server_function_and_route_answers_each_caller_as_the_matrix_says(db: &Db) {
    // Every registered server function has a row, and takes POST only.
    let registered: BTreeSet<String> = server_fn::axum::server_fn_paths()
        .map(|(path, method)| {
            assert_eq!(
                method,
                axum::http::Method::POST,
                "{path} must take POST only"
            );
            path.trim_start_matches("/api/").to_owned()
        })
        .collect();
    let listed: BTreeSet<String> = SERVER_FUNCTIONS
        .iter()
        .map(|(e, _)| endpoint_of(e).to_owned())
        .collect();
    assert_eq!(
        registered, listed,
        "every server function needs a row in the access matrix"
    );
    // Every page route has a row.
    let routes: BTreeSet<String> = server::router::route_list()
        .iter()
        .map(|r| r.path().to_owned())
        .collect();
    let covered: BTreeSet<String> = ROUTES
        .iter()
        .map(|(route, _, _)| route.to_string())
        .filter(|r| !NOT_PAGES.contains(&r.as_str()))
        .collect();
    assert_eq!(
        routes, covered,
        "every page needs a row in the access matrix"
    );

    let world = world(db).await;
    let mut wrong = Vec::new();
    for (endpoint, expected) in SERVER_FUNCTIONS {
        for (kind, want) in KINDS.iter().zip(expected) {
            let body = world.body(db, endpoint, *kind).await;
            let content_type = if body.starts_with('{') {
                "application/json"
            } else {
                "application/x-www-form-urlencoded"
            };
            let mut request = Request::post(format!("/api/{}", endpoint_of(endpoint)))
                .header(header::CONTENT_TYPE, content_type)
                .header(header::ACCEPT, "application/json")
                .header("sec-fetch-site", "same-origin");
            if let Some(cookie) = world.cookie(db, *kind).await {
                request = request.header(header::COOKIE, cookie);
            }
            let (got, text) =
                status_of(&world.router, request.body(Body::from(body)).unwrap()).await;
            if got.as_u16() != *want {
                wrong.push(format!(
                    "{endpoint} as {kind:?}: {got} (expected {want}) {text}"
                ));
            }
        }
    }
    for (_, uri, expected) in ROUTES {
        let uri = uri
            .replace("{P}", &world.person.to_string())
            .replace("{R}", &world.referral)
            .replace("{C}", CTR)
            .replace("{A}", ACTION)
            .replace("{M}", MEETING);
        for (kind, want) in KINDS.iter().zip(expected) {
            let mut request = Request::get(&uri);
            if let Some(cookie) = world.cookie(db, *kind).await {
                request = request.header(header::COOKIE, cookie);
            }
            let (got, text) = status_of(&world.router, request.body(Body::empty()).unwrap()).await;
            if got.as_u16() != *want {
                wrong.push(format!(
                    "GET {uri} as {kind:?}: {got} (expected {want}) {text}"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
