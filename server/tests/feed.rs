//! The live change feed on both backends: order and catch-up with `Last-Event-ID`, bad
//! input, slow and departing clients.

use crate::support;

use app::{
    models::{ChangeKind, Rating},
    store::{change_log, Db},
};
use support::{
    change_rating, move_chair, serve,
    sse::{open, EventReader, PATIENCE},
    stuck_client,
};

/// Adds `n` demo people; returns their ids and versions, in change-log order.
async fn seed(db: &Db, n: u32) -> Vec<(String, i64)> {
    let today = app::models::uk_today(chrono::Utc::now());
    server::demo::seed(db, n, 11, today, &Default::default())
        .await
        .unwrap();
    let mut latest = std::collections::BTreeMap::new();
    for change in change_log::changes_after(db, 0, 100_000, today)
        .await
        .unwrap()
    {
        latest.insert(change.person.to_string(), change.card.version);
    }
    latest.into_iter().collect()
}

app::on_both_backends!(
    reconnecting_client_gets_every_later_entry_in_order_once,
    live_changes_arrive_after_catch_up,
    bad_last_event_ids_are_refused_or_reset,
    departed_clients_leave_no_subscribers,
    a_stuck_client_is_dropped_without_holding_up_others,
    chair_moves_reach_followers_and_change_no_record,
    a_professional_receives_changes_only_for_their_people,
    catch_up_from_zero_gives_an_unlinked_professional_no_history,
);

/// Links professional `user` to `person`.
async fn link(db: &Db, person: app::models::PersonId, user: &str) {
    use app::store::links::{self, LinkTarget};
    let mut tx = db.begin().await.unwrap();
    links::link(
        &mut tx,
        person,
        LinkTarget::Professional(user),
        "test",
        app::store::timestamp_now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// Every event a reader receives until the stream goes quiet.
async fn drain(reader: &mut EventReader) -> Vec<support::sse::Sse> {
    let mut all = Vec::new();
    while let Some(event) = reader.next().await {
        all.push(event);
    }
    all
}

async fn a_professional_receives_changes_only_for_their_people(db: &Db) {
    use app::models::{FeedEntry, Role};
    let people = seed(db, 2).await;
    let site = serve(db).await;
    let professional = support::staff::sign_in(db, Role::Professional, None).await;
    let theirs: app::models::PersonId = people[0].0.parse().unwrap();
    link(db, theirs, &professional.id).await;
    let head = change_log::head(db).await.unwrap();
    let url = format!("{}/events?after={head}", site.base);
    let mut reader = EventReader::connect(&professional.client, &url, None).await;
    for (id, version) in &people {
        assert!(
            change_rating(site.client(), &site.base, id, *version, "red")
                .await
                .is_success()
        );
    }
    let first = reader.next().await.unwrap().change();
    assert_eq!(first.person, theirs, "their own person's change in full");
    assert_eq!(first.card.rating, Rating::Red);
    // Linked to the second person, the professional hears of it in full; unlinked again,
    // they receive only the brief card (so their board reads itself again).
    let link = |remove: bool| {
        format!(
            "person_id={}&professional={}{}",
            people[1].0,
            professional.id,
            if remove { "&remove=yes" } else { "" }
        )
    };
    for remove in [false, true] {
        let status =
            support::post_form(site.client(), &site.base, "change_link", link(remove)).await;
        assert!(status.is_success(), "{status}");
        let entry = reader.next().await.unwrap().entry();
        match (remove, entry) {
            (false, FeedEntry::Change(change)) => assert_eq!(
                (change.person.to_string(), change.kind),
                (people[1].0.clone(), ChangeKind::TeamChanged),
                "the rating change before the link was never sent"
            ),
            (true, FeedEntry::Brief(brief)) => assert_eq!(brief.card.id.to_string(), people[1].0),
            (remove, other) => panic!("removed: {remove}: {other:?}"),
        }
    }
    assert!(change_rating(
        site.client(),
        &site.base,
        &people[1].0,
        people[1].1 + 1,
        "green"
    )
    .await
    .is_success());
    assert_eq!(
        reader.next().await,
        None,
        "nothing about someone not theirs"
    );
    assert_eq!(
        open(&support::staff::browser(None), &url, None)
            .await
            .status(),
        401,
        "and nobody unsigned receives anything"
    );
}

/// The fields of a brief card, exactly.
const BRIEF_FIELDS: [&str; 5] = ["id", "name", "rating", "rating_since", "review_due"];

async fn catch_up_from_zero_gives_an_unlinked_professional_no_history(db: &Db) {
    use app::{
        models::{Role, Sector},
        store::agencies,
    };
    let people = seed(db, 3).await;
    let site = serve(db).await;
    for (id, version) in &people {
        assert!(
            change_rating(site.client(), &site.base, id, *version, "blue")
                .await
                .is_success()
        );
    }
    assert!(move_chair(site.client(), &site.base, &people[0].0)
        .await
        .is_success());
    let at = app::store::timestamp_now();
    let agency = agencies::create(db, "Wide School", Sector::Education, at)
        .await
        .unwrap()
        .unwrap();
    let unlinked = support::staff::sign_in(db, Role::Professional, Some(&agency.id)).await;
    // An agency not at the meeting hears nothing of it.
    let url = format!("{}/events?after=0", site.base);
    let mut reader = EventReader::connect(&unlinked.client, &url, None).await;
    assert!(drain(&mut reader).await.is_empty());
    // Not even a professional linked to the person the chair opened: only their record's
    // own changes reach them.
    let away = agencies::create(db, "Away Team", Sector::Health, at)
        .await
        .unwrap()
        .unwrap();
    let linked = support::staff::sign_in(db, Role::Professional, Some(&away.id)).await;
    let person: app::models::PersonId = people[0].0.parse().unwrap();
    support::record::link(db, person, &linked.id).await;
    let mut reader = EventReader::connect(&linked.client, &url, None).await;
    let events = drain(&mut reader).await;
    assert!(!events.is_empty(), "their person's changes arrive");
    for event in &events {
        let data: serde_json::Value = serde_json::from_str(&event.data).unwrap();
        assert_eq!(data["type"], "change", "{data}");
        assert!(
            !data["kind"].as_str().unwrap().starts_with("chair"),
            "{data}"
        );
    }
    let attend = format!("agency={}&attending=true", agency.id);
    let status = support::post_form(site.client(), &site.base, "set_attending", attend).await;
    assert!(status.is_success(), "{status}");
    // Marked as attending now: what the meeting did before is not theirs, even caught up
    // from the start of the log.
    let mut reader = EventReader::connect(&unlinked.client, &url, None).await;
    assert!(drain(&mut reader).await.is_empty());
    assert!(move_chair(site.client(), &site.base, &people[2].0)
        .await
        .is_success());
    for last_event_id in [None, Some("0")] {
        let url = match last_event_id {
            None => format!("{}/events?after=0", site.base),
            Some(_) => format!("{}/events", site.base),
        };
        let mut reader = EventReader::connect(&unlinked.client, &url, last_event_id).await;
        let events = drain(&mut reader).await;
        // The chair's move, with only the person's brief card: nothing else at all.
        assert_eq!(events.len(), 1, "{events:?}");
        let data: serde_json::Value = serde_json::from_str(&events[0].data).unwrap();
        let keys = |value: &serde_json::Value| {
            let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
            keys.sort_unstable();
            keys
        };
        assert_eq!(keys(&data), ["at", "card", "id", "type"], "{data}");
        assert_eq!(keys(&data["card"]), BRIEF_FIELDS, "{data}");
        assert_eq!(data["type"], "chair_elsewhere");
    }
    // Another coordinator takes the chair over on someone else: the agency hears that who
    // chairs changed, and nothing of whom.
    let second = support::staff::sign_in(db, Role::Coordinator, None).await;
    let seen = support::chair_seat(&second.client, &site.base).await["version"].clone();
    let take = format!("seen={seen}&person_id={}", people[1].0);
    let (status, text) =
        support::post_form_answer(&second.client, &site.base, "take_chair", take).await;
    assert!(status.is_success(), "{text}");
    let mut reader = EventReader::connect(&unlinked.client, &url, None).await;
    let events = drain(&mut reader).await;
    assert_eq!(events.len(), 2, "{events:?}");
    let data: serde_json::Value = serde_json::from_str(&events[1].data).unwrap();
    assert_eq!(data["type"], "chair_changed", "{data}");
    assert_eq!(
        data.as_object().unwrap().len(),
        3,
        "only type, id and when: {data}"
    );
    // With the coordinator's wider view on, only brief cards: no from, to or versions.
    let status = support::post_form(
        site.client(),
        &site.base,
        "set_brief_view",
        format!("agency={}&view=all", agency.id),
    )
    .await;
    assert!(status.is_success(), "{status}");
    let mut reader = EventReader::connect(
        &unlinked.client,
        &format!("{}/events?after=0", site.base),
        None,
    )
    .await;
    let events = drain(&mut reader).await;
    let briefs: Vec<serde_json::Value> = events
        .iter()
        .map(|e| serde_json::from_str::<serde_json::Value>(&e.data).unwrap())
        .filter(|v| v["type"] == "brief")
        .collect();
    // One brief card a person (the latest): a replay does not count anyone's changes.
    let mut carded: Vec<&str> = briefs
        .iter()
        .map(|b| b["card"]["id"].as_str().unwrap())
        .collect();
    carded.sort_unstable();
    carded.dedup();
    assert_eq!(carded.len(), briefs.len(), "{briefs:?}");
    assert!(briefs.len() >= people.len(), "{events:?}");
    for brief in &briefs {
        let mut keys: Vec<&str> = brief
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["card", "id", "type"], "{brief}");
        let mut fields: Vec<&str> = brief["card"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        fields.sort_unstable();
        assert_eq!(fields, BRIEF_FIELDS, "{brief}");
    }
    assert!(
        events.iter().all(|e| !e.data.contains("\"from\"")
            && !e.data.contains("\"version\"")
            && !e.data.contains("rating_set_by")),
        "no history in {events:?}"
    );
    // The wider view turned off reaches a feed already open: no more brief cards.
    let head = change_log::head(db).await.unwrap();
    let url = format!("{}/events?after={head}", site.base);
    let mut open_feed = EventReader::connect(&unlinked.client, &url, None).await;
    let off = format!("agency={}&view=off", agency.id);
    let status = support::post_form(site.client(), &site.base, "set_brief_view", off).await;
    assert!(status.is_success(), "{status}");
    let (id, _) = &people[1];
    let version = app::store::people::get(db, id.parse().unwrap())
        .await
        .unwrap()
        .unwrap()
        .version;
    assert!(
        change_rating(site.client(), &site.base, id, version, "green")
            .await
            .is_success()
    );
    assert_eq!(
        open_feed.next().await,
        None,
        "no brief card after the view went off"
    );
}

async fn reconnecting_client_gets_every_later_entry_in_order_once(db: &Db) {
    let people = seed(db, 3).await;
    let site = serve(db).await;
    let (base, client) = (site.base.clone(), site.client().clone());
    let head = change_log::head(db).await.unwrap();
    for (id, version) in &people {
        assert!(change_rating(&client, &base, id, *version, "red")
            .await
            .is_success());
    }
    let all: Vec<i64> = change_log::changes_after(db, 0, 1000, chrono::Utc::now().date_naive())
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    let after = head + 1;
    let mut reader =
        EventReader::connect(&client, &format!("{base}/events"), Some(&after.to_string())).await;
    let got = reader
        .ids(all.iter().filter(|id| **id > after).count())
        .await;
    assert_eq!(
        got,
        all.iter()
            .copied()
            .filter(|id| *id > after)
            .collect::<Vec<_>>()
    );
    assert_eq!(reader.next().await, None, "nothing more, and nothing twice");

    let mut from_start =
        EventReader::connect(&client, &format!("{base}/events?after=0"), None).await;
    let first = from_start.next().await.unwrap();
    assert_eq!(first.id.as_deref(), Some(all[0].to_string().as_str()));
    let change = first.change();
    assert_eq!(
        (change.kind, change.from, change.version),
        (ChangeKind::PersonAdded, None, 1)
    );
}

/// Two demo people, a server, and a feed client subscribed from the log's head.
struct Live {
    people: Vec<(String, i64)>,
    base: String,
    client: reqwest::Client,
    head: i64,
    reader: EventReader,
}

async fn follow_live(db: &Db) -> Live {
    let people = seed(db, 2).await;
    let site = serve(db).await;
    let (base, state, client) = (site.base.clone(), site.state.clone(), site.client().clone());
    let head = change_log::head(db).await.unwrap();
    let reader = EventReader::connect(&client, &format!("{base}/events?after={head}"), None).await;
    while state.feed.subscribers() == 0 {
        tokio::task::yield_now().await;
    }
    Live {
        people,
        base,
        client,
        head,
        reader,
    }
}

async fn live_changes_arrive_after_catch_up(db: &Db) {
    let mut live = follow_live(db).await;
    let (id, version) = &live.people[0];
    assert!(
        change_rating(&live.client, &live.base, id, *version, "amber")
            .await
            .is_success()
    );
    let event = live.reader.next().await.expect("the change arrives live");
    let change = event.change();
    assert_eq!(change.id, live.head + 1);
    assert_eq!(
        (change.kind, change.to, change.version),
        (ChangeKind::RatingChanged, Some(Rating::Amber), version + 1)
    );
    assert_eq!(change.card.rating, Rating::Amber);
    assert!(change.is_latest());
    let json: serde_json::Value = serde_json::from_str(&event.data).unwrap();
    let card = json["card"].as_object().unwrap();
    let mut fields: Vec<&str> = card.keys().map(String::as_str).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "detail",
            "id",
            "left_on",
            "name",
            "rating",
            "rating_set_by",
            "rating_since",
            "review_due",
            "version"
        ],
        "the feed carries only what the board shows (left_on: a closed record's card goes)"
    );
}

async fn chair_moves_reach_followers_and_change_no_record(db: &Db) {
    let mut live = follow_live(db).await;
    let (id, version) = &live.people[1];
    assert!(move_chair(&live.client, &live.base, id).await.is_success());
    let change = live
        .reader
        .next()
        .await
        .expect("the move arrives live")
        .change();
    assert_eq!(change.id, live.head + 1);
    assert_eq!(change.kind, ChangeKind::ChairMoved);
    assert_eq!(change.person.to_string(), *id);
    assert_eq!((change.from, change.to), (None, None));
    assert_eq!(change.card.version, *version, "the record is unchanged");
    for bad in [
        app::models::PersonId::random().to_string(),
        "not-an-id".to_owned(),
    ] {
        assert_eq!(
            move_chair(&live.client, &live.base, &bad).await,
            404,
            "{bad}"
        );
    }
    assert_eq!(
        change_log::head(db).await.unwrap(),
        live.head + 1,
        "nothing logged"
    );
    assert!(
        change_rating(&live.client, &live.base, id, *version, "blue")
            .await
            .is_success(),
        "a chair's move does not make the record stale"
    );
    let sql = "SELECT client FROM audit_log WHERE action = 'rating_changed'";
    let client: String = match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
    }
    .unwrap();
    assert_eq!(
        client, "127.0.0.1",
        "the audit trail names the client's address"
    );
}

async fn bad_last_event_ids_are_refused_or_reset(db: &Db) {
    seed(db, 1).await;
    let site = serve(db).await;
    let (base, client) = (site.base.clone(), site.client().clone());
    for bad in ["abc", "-1", "1.5", "99999999999999999999"] {
        let response = open(&client, &format!("{base}/events"), Some(bad)).await;
        assert_eq!(response.status(), 400, "{bad}");
        assert!(response.text().await.unwrap().contains("Last-Event-ID"));
    }
    assert_eq!(
        open(&client, &format!("{base}/events?after=x"), None)
            .await
            .status(),
        400
    );
    let head = change_log::head(db).await.unwrap();
    let mut ahead = EventReader::connect(
        &client,
        &format!("{base}/events"),
        Some(&(head + 50).to_string()),
    )
    .await;
    let reset = ahead.next().await.unwrap();
    assert_eq!(
        (reset.event.as_str(), reset.data),
        ("reset", head.to_string())
    );
    assert_eq!(
        ahead.next().await,
        None,
        "the stream ends so the board reloads"
    );
}

async fn departed_clients_leave_no_subscribers(db: &Db) {
    seed(db, 1).await;
    let site = serve(db).await;
    let (base, state, client) = (site.base.clone(), site.state.clone(), site.client().clone());
    let mut clients = Vec::new();
    for _ in 0..300 {
        clients.push(open(&client, &format!("{base}/events"), None).await);
    }
    assert_eq!(state.feed.subscribers(), 300);
    drop(clients);
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while state.feed.subscribers() > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(
        state.feed.subscribers(),
        0,
        "every stream ended with its connection"
    );
}

async fn a_stuck_client_is_dropped_without_holding_up_others(db: &Db) {
    let people = seed(db, 1).await;
    let site = serve(db).await;
    let (base, state, client) = (site.base.clone(), site.state.clone(), site.client().clone());
    let head = change_log::head(db).await.unwrap();
    let stuck = stuck_client(&base, &site.staff.cookie).await;
    let mut reader = EventReader::connect(&client, &format!("{base}/events"), None).await;
    while state.feed.subscribers() < 2 {
        tokio::task::yield_now().await;
    }
    // Far more changes than the send buffer and the feed's buffer hold, in batches,
    // while one client reads nothing at all and another reads as they come.
    let (id, version) = people[0].clone();
    let person: app::models::PersonId = id.parse().unwrap();
    let total = 3000;
    let expected: Vec<i64> = ((head + 1)..=(head + total as i64)).collect();
    let collector = tokio::spawn(async move { reader.ids(total).await });
    let reason = app::models::Rationale::try_from("Agreed".to_owned()).unwrap();
    for batch in 0..(total / 100) {
        let mut tx = db.begin().await.unwrap();
        for i in 0..100 {
            let n = batch * 100 + i;
            let update = app::store::people::RatingUpdate {
                person,
                from_version: version + n as i64,
                to: [Rating::Red, Rating::Amber][n % 2],
                rationale: &reason,
                actor: "Test",
                at: app::store::timestamp_now(),
            };
            app::store::people::apply_rating_change(&mut tx, &update, &Default::default())
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
        state.feed.wake();
        while state.feed.published() < head + (batch as i64 + 1) * 100 {
            tokio::task::yield_now().await;
        }
    }
    let got = collector.await.unwrap();
    assert_eq!(
        got, expected,
        "the reading client got every change, in order"
    );

    // The stuck client, when it reads again, gets an unbroken run and then the end of its
    // stream (it was dropped for falling behind); reconnecting catches it up from the log.
    let seen = read_to_end(stuck).await;
    assert!(
        seen.len() < total,
        "the stuck client was cut off ({} of {total})",
        seen.len()
    );
    assert_eq!(
        seen,
        expected[..seen.len()].to_vec(),
        "no gap before the cut"
    );
    let last = seen.last().copied().unwrap_or(head);
    let mut again =
        EventReader::connect(&client, &format!("{base}/events"), Some(&last.to_string())).await;
    let rest = again.ids(expected.len() - seen.len()).await;
    assert_eq!(rest, expected[seen.len()..].to_vec());
    assert_eq!(
        state.feed.subscribers(),
        1,
        "only the reconnected client: the stuck stream is gone"
    );
}

/// Reads a raw `/events` response until the server ends it; returns the change ids seen.
async fn read_to_end(mut stream: tokio::net::TcpStream) -> Vec<i64> {
    use tokio::io::AsyncReadExt;
    let mut raw = Vec::new();
    let mut chunk = [0u8; 65536];
    loop {
        match tokio::time::timeout(PATIENCE, stream.read(&mut chunk)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => break,
            Ok(Ok(n)) => raw.extend_from_slice(&chunk[..n]),
        }
        if raw.ends_with(b"0\r\n\r\n") {
            break;
        }
    }
    String::from_utf8_lossy(&raw)
        .lines()
        .filter_map(|line| {
            line.strip_prefix("id: ")
                .or_else(|| line.strip_prefix("id:"))
        })
        .map(|id| id.trim().parse().unwrap())
        .collect()
}
