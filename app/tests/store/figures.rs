//! Figures at a day, counted from a history built by hand where every number is known:
//! someone whose rating changed three times in a month, a child admitted without a
//! community C(E)TR (post-admission C(E)TR in time) and later discharged, an adult
//! admitted after one, a record closed and reopened, referrals contacted in and out of
//! time, actions open, done and overdue. A day asked again after later changes gives the
//! same figures.

use app::{
    figures::{
        gather::tables,
        wire::{Cell, FigureTable},
    },
    models::{
        uk_today, Action, ActionId, ActionOwner, ActionSource, ActionStatus, ConsentKind,
        ConsentRecord, Ctr, CtrHeld, CtrId, CtrKind, CtrOutcome, CtrPlan, Departure, Home,
        Inpatient, LeavingReason, MhaStatus, PanelMember, Person, PersonId, Placement, Rating,
        SectionBody, Security, Setting, Ward,
    },
    state::Settings,
    store::{
        actions::{self, ActionChange},
        ctrs::{self, CtrSave},
        departures::{self, Done},
        people, policy_dues, referrals,
        sections::{self, SectionSave},
        Db,
    },
};
use chrono::{DateTime, TimeZone, Utc};

use super::common::*;

app::on_both_backends!(
    figures_at_a_day_are_counted_from_the_history,
    a_day_asked_again_after_later_changes_gives_the_same_figures,
    commissioners_see_small_numbers_suppressed,
);

/// 10:00 UTC on `day` (2026).
fn on(day: &str) -> DateTime<Utc> {
    let d = date(day);
    Utc.from_utc_datetime(&d.and_hms_opt(10, 0, 0).unwrap())
}

/// Keeps what the policy clock asks of `person`, as every change through the portal does.
async fn dues(db: &Db, person: PersonId, at: DateTime<Utc>) {
    let mut tx = db.begin().await.unwrap();
    policy_dues::refresh(&mut tx, person, &Settings::default().policy, uk_today(at))
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn now(db: &Db, id: PersonId) -> Person {
    people::get(db, id).await.unwrap().unwrap()
}

async fn rate(db: &Db, id: PersonId, to: Rating, day: &str) {
    let version = now(db, id).await.version;
    change(db, id, version, to, "Reviewed", "Asha Patel", on(day))
        .await
        .unwrap();
    dues(db, id, on(day)).await;
}

async fn home(db: &Db, id: PersonId, home: Home, day: &str) {
    let version: i64 = count(
        db,
        &format!("SELECT COALESCE(MAX(version), 0) FROM record_sections WHERE person_id = '{id}' AND section = 'home'"),
    )
    .await;
    let mut tx = db.begin().await.unwrap();
    sections::save(
        &mut tx,
        &SectionSave {
            person: id,
            from_version: version,
            body: &SectionBody::Home(home),
            actor: "Asha Patel",
            at: on(day),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    dues(db, id, on(day)).await;
}

fn in_hospital(admitted: &str, placement: Placement, security: Security) -> Home {
    Home {
        setting: Setting::InpatientUnit,
        since: Some(date(admitted)),
        inpatient: Some(Inpatient {
            unit: "Cedar Ward".into(),
            provider: "Northshire NHS Foundation Trust".into(),
            ward: Ward::SpecialistLd,
            security,
            placement,
            admitted_on: date(admitted),
            mha: MhaStatus::Section3,
            mha_other: String::new(),
        }),
    }
}

fn at_home(since: &str) -> Home {
    Home {
        setting: Setting::FamilyHome,
        since: Some(date(since)),
        inpatient: None,
    }
}

async fn held_ctr(db: &Db, id: PersonId, kind: CtrKind, day: &str) {
    let ctr = Ctr {
        plan: CtrPlan {
            kind,
            planned_on: Some(date(day)),
            chair: PanelMember {
                name: "Kim Lee".into(),
                role: "Commissioner".into(),
            },
            clinical_expert: PanelMember::default(),
            expert_by_experience: PanelMember::default(),
            papers_sent_on: None,
        },
        consent: None,
        held: Some(CtrHeld {
            held_on: date(day),
            outcome: CtrOutcome::AdmissionAvoided,
            outcome_other: String::new(),
            summary: "Held".into(),
        }),
    };
    let mut tx = db.begin().await.unwrap();
    ctrs::save(
        &mut tx,
        &CtrSave {
            person: id,
            id: CtrId(uuid::Uuid::new_v4()),
            from_version: 0,
            ctr: &ctr,
            actor: "Asha Patel",
            at: on(day),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    dues(db, id, on(day)).await;
}

/// A referral of `kind` received on `day`, straight into the table (its answers do not
/// count in the figures); its id.
async fn referral(db: &Db, kind: &str, day: &str) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    let sql = "INSERT INTO referrals (id, reference, idempotency_key, content_hash, kind, status, \
               answers, given_name, family_name, date_of_birth, client, received_at) \
               VALUES ($1, $2, $3, 'h', $4, 'new', '{}', 'A', 'B', $5, 'test', $6)";
    let reference = format!("R-{}", &id[..8]);
    match db {
        Db::Sqlite(pool) => sqlx::query(sql)
            .bind(&id)
            .bind(&reference)
            .bind(&id)
            .bind(kind)
            .bind(date("2000-01-01"))
            .bind(on(day))
            .execute(pool)
            .await
            .map(|_| ()),
        Db::Postgres(pool) => sqlx::query(sql)
            .bind(&id)
            .bind(&reference)
            .bind(&id)
            .bind(kind)
            .bind(date("2000-01-01"))
            .bind(on(day))
            .execute(pool)
            .await
            .map(|_| ()),
    }
    .unwrap();
    id
}

async fn triage(db: &Db, id: &str, version: i64, step: referrals::Step<'_>, day: &str) {
    let mut tx = db.begin().await.unwrap();
    referrals::record(&mut tx, id, version, step, None, "Asha Patel", on(day))
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn add_action(db: &Db, id: PersonId, agency: &str, due: &str, day: &str) -> ActionId {
    let action_id = ActionId(uuid::Uuid::new_v4());
    let action = Action {
        what: "Arrange respite".into(),
        owner: ActionOwner::Named {
            name: "Jo Reid".into(),
            agency: agency.into(),
        },
        due_on: date(due),
        source: ActionSource::Record,
        meeting: None,
    };
    let mut tx = db.begin().await.unwrap();
    actions::add(&mut tx, id, action_id, &action, "Asha Patel", on(day))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    action_id
}

async fn finish_action(db: &Db, person: PersonId, id: ActionId, due: &str, day: &str) {
    let version = actions::get(db, id).await.unwrap().unwrap().0.version;
    let mut tx = db.begin().await.unwrap();
    actions::update(
        &mut tx,
        &ActionChange {
            person,
            id,
            from_version: version,
            status: ActionStatus::Done,
            due_on: date(due),
            note: "Done",
            actor: "Asha Patel",
            at: on(day),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// The people of the history.
struct History {
    ann: PersonId,
    dev: PersonId,
    action: ActionId,
}

/// Builds the history (March to June 2026):
/// - Ann (adult): Green 2 March, then Amber 10, Red 15 and Amber 20 March.
/// - Ben (child, 13): Red 5 March; admitted out of area 1 April without a community
///   C(E)TR (recorded 3 April, rated Blue); post-admission C(E)TR held 10 April (due 17
///   April, ten working days over Easter); home again, recorded 20 May (Red).
/// - Cal (25, so of keyworker age): Amber 3 March; community C(E)TR 20 April; admitted in
///   area to a low-secure unit 1 May (recorded 2 May, Blue).
/// - Dev (adult): Green 4 March; left the register 15 April; back 1 June.
/// - Referrals in April: a family's contacted in 2 working days and accepted; a
///   professional's contacted in 9 and not eligible; a family's not contacted.
/// - Actions on Ann's record: one for North Trust due 30 April; one with no agency due
///   15 May, done 10 May.
async fn history(db: &Db) -> History {
    let ann = add(
        db,
        new_person("9434765900", "Ann", "Adams", "1980-01-01", Rating::Green),
        on("2026-03-02"),
    )
    .await
    .id;
    let ben = add(
        db,
        new_person("9434765919", "Ben", "Brown", "2012-06-01", Rating::Red),
        on("2026-03-05"),
    )
    .await
    .id;
    let cal = add(
        db,
        new_person("9434765927", "Cal", "Cole", "2001-01-01", Rating::Amber),
        on("2026-03-03"),
    )
    .await
    .id;
    let dev = add(
        db,
        new_person("9434765935", "Dev", "Dodd", "1970-01-01", Rating::Green),
        on("2026-03-04"),
    )
    .await
    .id;
    for id in [ann, ben, cal, dev] {
        dues(db, id, on("2026-03-05")).await;
    }
    rate(db, ann, Rating::Amber, "2026-03-10").await;
    rate(db, ann, Rating::Red, "2026-03-15").await;
    rate(db, ann, Rating::Amber, "2026-03-20").await;
    // Ben: in hospital without a community C(E)TR first.
    home(
        db,
        ben,
        in_hospital("2026-04-01", Placement::OutOfArea, Security::NonSecure),
        "2026-04-03",
    )
    .await;
    rate(db, ben, Rating::Blue, "2026-04-03").await;
    held_ctr(db, ben, CtrKind::PostAdmission, "2026-04-10").await;
    // Dev leaves.
    let mut tx = db.begin().await.unwrap();
    let version = now(db, dev).await.version;
    departures::leave(
        &mut tx,
        dev,
        version,
        &Departure {
            reason: LeavingReason::RiskReduced,
            left_on: date("2026-04-15"),
            decided_by: "Asha Patel".into(),
            why: "Settled".into(),
            detail: String::new(),
        },
        Done {
            actor: "Asha Patel",
            at: on("2026-04-15"),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    // Cal: a community C(E)TR, then admitted.
    held_ctr(db, cal, CtrKind::Community, "2026-04-20").await;
    home(
        db,
        cal,
        in_hospital("2026-05-01", Placement::InArea, Security::Low),
        "2026-05-02",
    )
    .await;
    rate(db, cal, Rating::Blue, "2026-05-02").await;
    // Ben home.
    home(db, ben, at_home("2026-05-20"), "2026-05-20").await;
    rate(db, ben, Rating::Red, "2026-05-20").await;
    // Dev back, with consent.
    let mut tx = db.begin().await.unwrap();
    let version = now(db, dev).await.version;
    departures::reopen(
        &mut tx,
        dev,
        version,
        &ConsentRecord {
            kind: ConsentKind::Consent,
            given_by: "Dev Dodd".into(),
            method: "In person".into(),
            decided_on: date("2026-06-01"),
            reason: String::new(),
        },
        date("2027-06-01"),
        Done {
            actor: "Asha Patel",
            at: on("2026-06-01"),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    // Referrals.
    let r1 = referral(db, "family", "2026-04-07").await;
    triage(db, &r1, 1, referrals::Step::Contact("Phoned"), "2026-04-09").await;
    triage(
        db,
        &r1,
        2,
        referrals::Step::Status(app::models::ReferralStatus::Accepted, "Assessed"),
        "2026-04-20",
    )
    .await;
    let r2 = referral(db, "professional", "2026-04-08").await;
    triage(db, &r2, 1, referrals::Step::Contact("Phoned"), "2026-04-21").await;
    triage(
        db,
        &r2,
        2,
        referrals::Step::Status(app::models::ReferralStatus::NotEligible, "Not eligible"),
        "2026-04-22",
    )
    .await;
    referral(db, "family", "2026-04-28").await;
    // Actions.
    let action = add_action(db, ann, "North Trust", "2026-04-30", "2026-04-01").await;
    let other = add_action(db, ann, "", "2026-05-15", "2026-04-02").await;
    finish_action(db, ann, other, "2026-05-15", "2026-05-10").await;
    History { ann, dev, action }
}

async fn figures(db: &Db, day: &str) -> Vec<FigureTable> {
    tables(db, &Settings::default(), date(day))
        .await
        .unwrap()
        .publish(None)
}

/// The cells of the row labelled `row` in table `key`, as numbers (shares as part and
/// whole, medians times ten).
fn row(tables: &[FigureTable], key: &str, row: &str) -> Vec<i64> {
    let table = tables.iter().find(|t| t.key == key).expect(key);
    let found = table
        .rows
        .iter()
        .find(|r| r.label == row)
        .unwrap_or_else(|| panic!("{key}: no row {row:?} in {:?}", table.rows));
    found
        .cells
        .iter()
        .flat_map(|c| match c {
            Cell::Count(Some(n)) => vec![*n],
            Cell::Share(Some((p, w))) => vec![*p, *w],
            Cell::Days(Some(d)) => vec![(d * 10.0).round() as i64],
            other => panic!("{key} {row}: {other:?}"),
        })
        .collect()
}

async fn figures_at_a_day_are_counted_from_the_history(db: &Db) {
    history(db).await;
    // End of March: Ann Amber (after three changes), Ben Red (child), Cal Amber (25),
    // Dev Green. Columns: children, aged 18 to 25, aged 26 and over, all ages.
    let march = figures(db, "2026-03-31").await;
    assert_eq!(row(&march, "ratings", "Blue"), [0, 0, 0, 0]);
    assert_eq!(row(&march, "ratings", "Red"), [1, 0, 0, 1]);
    assert_eq!(row(&march, "ratings", "Amber"), [0, 1, 1, 2]);
    assert_eq!(row(&march, "ratings", "Green"), [0, 0, 1, 1]);
    assert_eq!(row(&march, "ratings", "All ratings"), [1, 1, 2, 4]);
    assert_eq!(row(&march, "settings", "Family home"), [1, 3, 4]);

    // End of April: Ben Blue, out of area; Dev gone.
    let april = figures(db, "2026-04-30").await;
    assert_eq!(row(&april, "ratings", "Blue"), [1, 0, 0, 1]);
    assert_eq!(row(&april, "ratings", "Red"), [0, 0, 0, 0]);
    assert_eq!(row(&april, "ratings", "Amber"), [0, 1, 1, 2]);
    assert_eq!(row(&april, "ratings", "Green"), [0, 0, 0, 0]);
    assert_eq!(
        row(&april, "settings", "Inpatient unit out of area"),
        [1, 0, 1]
    );
    assert_eq!(
        row(&april, "settings", "Inpatient unit in the ICB's area"),
        [0, 0, 0]
    );
    assert_eq!(row(&april, "settings", "Family home"), [0, 2, 2]);
    // Referrals in April: families, professionals, all.
    assert_eq!(row(&april, "referrals", "Received"), [2, 1, 3]);
    assert_eq!(
        row(&april, "referrals", "Contacted within 5 working days"),
        [1, 0, 1]
    );
    assert_eq!(
        row(&april, "referrals", "Contacted later than that"),
        [0, 1, 1]
    );
    // The family's referral of 28 April is not yet due for contact on 30 April.
    assert_eq!(
        row(&april, "referrals", "Not contacted, target passed"),
        [0, 0, 0]
    );
    assert_eq!(
        row(&april, "referrals", "Not contacted, target not yet passed"),
        [1, 0, 1]
    );
    assert_eq!(
        row(&april, "referrals", "Due for contact by the end of the day"),
        [1, 1, 2]
    );
    assert_eq!(
        row(
            &april,
            "referrals",
            "Share of those due contacted within the target"
        ),
        [1, 1, 0, 1, 1, 2]
    );
    assert_eq!(
        row(&april, "referrals", "Median working days to contact"),
        [20, 90, 55]
    );
    assert_eq!(
        row(&april, "referrals", "Accepted onto the register"),
        [1, 0, 1]
    );
    assert_eq!(row(&april, "referrals", "Not eligible"), [0, 1, 1]);
    assert_eq!(row(&april, "referrals", "Still being looked at"), [1, 0, 1]);
    // Ben's admission: no community C(E)TR first; post-admission C(E)TR in time.
    assert_eq!(row(&april, "ctrs", "Admissions to hospital"), [1]);
    assert_eq!(
        row(
            &april,
            "ctrs",
            "With a community C(E)TR or emergency protocol meeting first"
        ),
        [0]
    );
    assert_eq!(row(&april, "ctrs", "Without one"), [1]);
    assert_eq!(row(&april, "ctrs", "Post-admission C(E)TRs due"), [1]);
    assert_eq!(
        row(&april, "ctrs", "Post-admission C(E)TRs not yet due"),
        [0]
    );
    // On 5 April Ben's post-admission C(E)TR (due 17 April) was not yet due: the
    // admissions without a community C(E)TR still add up.
    let fifth = figures(db, "2026-04-05").await;
    assert_eq!(row(&fifth, "ctrs", "Without one"), [1]);
    assert_eq!(row(&fifth, "ctrs", "Post-admission C(E)TRs due"), [0]);
    assert_eq!(
        row(&fifth, "ctrs", "Post-admission C(E)TRs not yet due"),
        [1]
    );
    assert_eq!(row(&april, "ctrs", "Follow-up C(E)TRs due"), [0]);
    // Reviews: Ann (Amber since 20 March, due 17 April) and Cal (Amber since 3 March,
    // due 31 March) overdue; Ben (Blue since 3 April, due 1 May) not.
    assert_eq!(row(&april, "overdue", "Reviews overdue"), [2]);
    assert_eq!(row(&april, "overdue", "No consent recorded"), [3]);
    // Ben (13, Blue) and Cal (25, Amber) should have a keyworker; none is named.
    assert_eq!(
        row(
            &april,
            "overdue",
            "Aged 0 to 25, keyworker asked for and none named"
        ),
        [2]
    );
    // Both actions open on 30 April; the first is due that day, so not yet overdue.
    assert_eq!(row(&april, "overdue", "Actions open"), [2]);
    assert_eq!(row(&april, "overdue", "Actions overdue"), [0]);
    assert_eq!(row(&april, "actions", "North Trust"), [1, 0]);
    assert_eq!(row(&april, "actions", "No agency"), [1, 0]);
    assert_eq!(row(&april, "actions", "All agencies"), [2, 0]);

    // End of May: Cal admitted after a community C(E)TR; Ben home (discharged 20 May).
    let may = figures(db, "2026-05-31").await;
    assert_eq!(row(&may, "ratings", "Blue"), [0, 1, 0, 1]);
    assert_eq!(row(&may, "ratings", "Red"), [1, 0, 0, 1]);
    assert_eq!(
        row(&may, "settings", "Inpatient unit in the ICB's area"),
        [0, 1, 1]
    );
    assert_eq!(
        row(&may, "settings", "Inpatient unit out of area"),
        [0, 0, 0]
    );
    assert_eq!(row(&may, "ctrs", "Admissions to hospital"), [2]);
    assert_eq!(
        row(
            &may,
            "ctrs",
            "With a community C(E)TR or emergency protocol meeting first"
        ),
        [1]
    );
    assert_eq!(
        row(&may, "ctrs", "Share with one first (standard: 90%)"),
        [1, 2]
    );
    assert_eq!(row(&may, "ctrs", "Post-admission C(E)TRs due"), [1]);
    assert_eq!(row(&may, "ctrs", "Share held within the timescale"), [1, 1]);
    assert_eq!(row(&may, "overdue", "Actions open"), [1]);
    assert_eq!(row(&may, "overdue", "Actions overdue"), [1]);
    assert_eq!(row(&may, "actions", "North Trust"), [1, 1]);
    // The trends, month by month (the last 12 month ends to 31 May).
    assert_eq!(row(&may, "movement-trend", "April 2026"), [1, 0, 3]);
    assert_eq!(row(&may, "movement-trend", "May 2026"), [1, 1, 0]);
    assert_eq!(row(&may, "movement-trend", "March 2026"), [0, 0, 0]);
    assert_eq!(row(&may, "rating-trend", "31 March 2026"), [0, 1, 2, 1, 4]);
    assert_eq!(row(&may, "rating-trend", "30 April 2026"), [1, 0, 2, 0, 3]);
    assert_eq!(row(&may, "rating-trend", "31 May 2026"), [1, 1, 1, 0, 3]);

    // End of June: Dev back (Green), with consent.
    let june = figures(db, "2026-06-30").await;
    assert_eq!(row(&june, "ratings", "Green"), [0, 0, 1, 1]);
    assert_eq!(row(&june, "ratings", "All ratings"), [1, 1, 2, 4]);
    assert_eq!(row(&june, "overdue", "No consent recorded"), [3]);
}

async fn a_day_asked_again_after_later_changes_gives_the_same_figures(db: &Db) {
    let h = history(db).await;
    let before = figures(db, "2026-04-30").await;
    let march = figures(db, "2026-03-31").await;
    // Later: Ann rated Red, the North Trust action done, Dev leaves again, a referral.
    rate(db, h.ann, Rating::Red, "2026-07-01").await;
    finish_action(db, h.ann, h.action, "2026-04-30", "2026-07-02").await;
    let mut tx = db.begin().await.unwrap();
    let version = now(db, h.dev).await.version;
    departures::leave(
        &mut tx,
        h.dev,
        version,
        &Departure {
            reason: LeavingReason::MovedArea,
            left_on: date("2026-07-03"),
            decided_by: "Asha Patel".into(),
            why: "Moved".into(),
            detail: "Another ICB".into(),
        },
        Done {
            actor: "Asha Patel",
            at: on("2026-07-03"),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    referral(db, "family", "2026-07-04").await;
    assert_eq!(figures(db, "2026-04-30").await, before);
    assert_eq!(figures(db, "2026-03-31").await, march);
    // The later day sees the changes.
    let july = figures(db, "2026-07-31").await;
    assert_eq!(row(&july, "ratings", "Red"), [1, 0, 1, 2]);
    assert_eq!(row(&july, "overdue", "Actions open"), [0]);
}

async fn commissioners_see_small_numbers_suppressed(db: &Db) {
    history(db).await;
    let april = tables(db, &Settings::default(), date("2026-04-30"))
        .await
        .unwrap();
    let published = april.publish(Some(8));
    let ratings = published.iter().find(|t| t.key == "ratings").unwrap();
    for r in &ratings.rows {
        for cell in &r.cells {
            match cell {
                Cell::Count(Some(n)) => assert_eq!(*n, 0, "{}: only zeros are shown", r.label),
                Cell::Count(None) | Cell::Hidden => {}
                other => panic!("{other:?}"),
            }
        }
    }
    let referrals = published.iter().find(|t| t.key == "referrals").unwrap();
    assert!(referrals
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .all(|c| matches!(
            c,
            Cell::Count(None)
                | Cell::Hidden
                | Cell::Count(Some(0))
                | Cell::Share(None)
                | Cell::Share(Some((0, _)))
                | Cell::Days(None)
        )));
}
