//! A person's record over HTTP: a small demo register, linking a professional, and the
//! fields a refusal names.

use app::{
    models::{PersonId, SavedSection, SectionKind},
    store::Db,
};

/// A register of three fictional people; the first by name.
pub async fn first_person(db: &Db) -> PersonId {
    let today = app::models::uk_today(chrono::Utc::now());
    server::demo::seed(db, 3, 3, today, &Default::default())
        .await
        .unwrap();
    app::store::people::first_by_name(db, 1).await.unwrap()[0]
}

/// Links the professional `user` to `person`.
pub async fn link(db: &Db, person: PersonId, user: &str) {
    use app::store::links::{self, LinkTarget};
    let mut tx = db.begin().await.unwrap();
    let at = app::store::timestamp_now();
    links::link(&mut tx, person, LinkTarget::Professional(user), "test", at)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// `person`'s section `kind` as saved, if it was.
pub async fn saved_section(db: &Db, person: PersonId, kind: SectionKind) -> Option<SavedSection> {
    let row = app::store::people::get(db, person).await.unwrap().unwrap();
    app::store::sections::of_person(db, &row)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.body.kind() == kind)
}

/// The version of `person`'s section `kind`: 0 when never saved.
pub async fn section_version(db: &Db, person: PersonId, kind: SectionKind) -> i64 {
    saved_section(db, person, kind)
        .await
        .map_or(0, |s| s.version)
}

/// How many consent records `person` has: what a consent form drawn now says it saw.
pub async fn consents_held(db: &Db, person: PersonId) -> usize {
    let mut tx = db.begin().await.unwrap();
    app::store::consents::of_person(&mut tx, person)
        .await
        .unwrap()
        .len()
}

/// A professional of a new agency whose wider brief view a coordinator of `site` set to
/// everyone: they see every card in brief, and no record.
pub async fn wide_viewer(db: &Db, site: &super::Site) -> super::staff::Staff {
    use app::{models::Role, store::agencies};
    let at = app::store::timestamp_now();
    let agency = agencies::create(db, "Wide School", app::models::Sector::Education, at)
        .await
        .unwrap()
        .unwrap();
    let status = super::post_form(
        site.client(),
        &site.base,
        "set_brief_view",
        format!("agency={}&view=all", agency.id),
    )
    .await;
    assert!(status.is_success());
    super::staff::sign_in(db, Role::Professional, Some(&agency.id)).await
}

/// The fields a refusal names, in order.
pub fn fields(body: &str) -> Vec<String> {
    let error: app::error::AppError = serde_json::from_str(body).unwrap();
    match error {
        app::error::AppError::Invalid(errors) => errors.into_iter().map(|e| e.field).collect(),
        other => panic!("not a field error: {other:?}"),
    }
}

/// Puts a community C(E)TR with its consent recorded on `person`'s record, as `id`.
pub async fn stored_ctr(db: &Db, person: PersonId, id: &str) {
    use app::models::{ConsentBasis, Ctr, CtrConsent, CtrKind, CtrPlan, PanelMember};
    let today = app::models::uk_today(chrono::Utc::now());
    let ctr = Ctr {
        plan: CtrPlan {
            kind: CtrKind::Community,
            planned_on: Some(today),
            chair: PanelMember::default(),
            clinical_expert: PanelMember::default(),
            expert_by_experience: PanelMember::default(),
            papers_sent_on: None,
        },
        consent: Some(CtrConsent {
            basis: ConsentBasis::Own,
            given_by: "Sam Carter".into(),
            decided_on: today,
            child_view: String::new(),
            reason: String::new(),
        }),
        held: None,
    };
    let mut tx = db.begin().await.unwrap();
    let save = app::store::ctrs::CtrSave {
        person,
        id: id.parse().unwrap(),
        from_version: 0,
        ctr: &ctr,
        actor: "test",
        at: app::store::timestamp_now(),
    };
    app::store::ctrs::save(&mut tx, &save).await.unwrap();
    tx.commit().await.unwrap();
}

/// The version of the C(E)TR `id`.
pub async fn ctr_version(db: &Db, id: &str) -> i64 {
    app::store::ctrs::get(db, id.parse().unwrap())
        .await
        .unwrap()
        .unwrap()
        .1
        .version
}

/// Puts an open action owned by a named person on `person`'s record, as `id`.
pub async fn stored_action(db: &Db, person: PersonId, id: &str) {
    use app::models::{Action, ActionOwner, ActionSource};
    let action = Action {
        what: "Arrange a crisis plan meeting".into(),
        owner: ActionOwner::Named {
            name: "Pat Lowe".into(),
            agency: "Northshire Council".into(),
        },
        due_on: app::models::uk_today(chrono::Utc::now()),
        source: ActionSource::Record,
        meeting: None,
    };
    let mut tx = db.begin().await.unwrap();
    let at = app::store::timestamp_now();
    app::store::actions::add(&mut tx, person, id.parse().unwrap(), &action, "test", at)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// The version of the action `id`.
pub async fn action_version(db: &Db, id: &str) -> i64 {
    app::store::actions::get(db, id.parse().unwrap())
        .await
        .unwrap()
        .unwrap()
        .0
        .version
}

/// Sets up the DSR meeting `id`, held today and chaired by the account `chair`.
pub async fn stored_meeting(db: &Db, id: &str, chair: &str) {
    use app::store::meetings::{self, Done, Holder, NewMeeting};
    let at = app::store::timestamp_now();
    let new = NewMeeting {
        id: id.parse().unwrap(),
        held_on: app::models::uk_today(at),
        chair: Holder {
            user: chair,
            name: "Test Chair",
        },
        note_taker: None,
    };
    let mut tx = db.begin().await.unwrap();
    let done = Done { actor: "test", at };
    meetings::create(&mut tx, &new, done).await.unwrap();
    tx.commit().await.unwrap();
}

/// The version of the meeting `id`.
pub async fn meeting_version(db: &Db, id: &str) -> i64 {
    app::store::meetings::get(db, id.parse().unwrap())
        .await
        .unwrap()
        .unwrap()
        .record
        .version
}
