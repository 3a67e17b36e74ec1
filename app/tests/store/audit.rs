//! The audit trail: the keyed chain, checkpoints, append-only rows and searching.

use app::store::{
    audit::{self, AuditEntry, ChainCheck, Checkpoint, CheckpointCheck},
    Db,
};

use super::common::*;

app::on_both_backends!(
    audit_chain_verifies_and_names_the_first_altered_row,
    audit_chain_keeps_plain_rows_and_checkpoints_find_a_keyless_rewrite_or_cut,
    audit_log_is_append_only,
    audit_search_filters_by_person_actor_and_time,
);

/// Writes three audit rows about Sam.
async fn three_audit_rows(db: &Db) -> app::models::Person {
    let sam = add_sam(db).await;
    for (n, action) in ["person_viewed", "rating_changed", "person_viewed"]
        .iter()
        .enumerate()
    {
        let id = audit::record(
            db,
            &audit_key(),
            &AuditEntry::new("Asha Patel", action, "192.0.2.7")
                .about(sam.id)
                .at(at(23, 9 + n as u32)),
        )
        .await
        .unwrap();
        assert_eq!(id, n as i64 + 1, "ids run 1, 2, 3");
    }
    sam
}

/// Runs `sql` with the audit log's append-only triggers out of the way, as someone with
/// direct access to the database could.
async fn tamper(db: &Db, sql: &str) {
    match db {
        Db::Sqlite(pool) => {
            for drop in [
                "DROP TRIGGER audit_log_append_only_update",
                "DROP TRIGGER audit_log_append_only_delete",
                sql,
            ] {
                sqlx::query(drop).execute(pool).await.unwrap();
            }
        }
        Db::Postgres(pool) => {
            for step in ["ALTER TABLE audit_log DISABLE TRIGGER USER", sql] {
                sqlx::query(step).execute(pool).await.unwrap();
            }
        }
    }
}

async fn audit_chain_verifies_and_names_the_first_altered_row(db: &Db) {
    assert_eq!(
        audit::verify(db, &audit_key()).await.unwrap(),
        ChainCheck::Intact { rows: 0 }
    );
    three_audit_rows(db).await;
    assert_eq!(
        audit::verify(db, &audit_key()).await.unwrap(),
        ChainCheck::Intact { rows: 3 }
    );
    tamper(
        db,
        "UPDATE audit_log SET actor = 'Someone else' WHERE id = 2",
    )
    .await;
    assert_eq!(
        audit::verify(db, &audit_key()).await.unwrap(),
        ChainCheck::BrokenAt(2)
    );
}

/// The service key the audit rows in these tests are signed with.
fn audit_key() -> app::sealed::SecretKey {
    app::sealed::SecretKey::from_hex(&"5e".repeat(32)).unwrap()
}

/// Writes audit row `id` after `prev` as the chain did before it was keyed (plain SHA-256,
/// `chain` 1), as an old register, or someone without the key, would; returns its hash.
async fn plain_row(db: &Db, id: i64, prev: &str, detail: &str) -> String {
    use sha2::{Digest, Sha256};
    let at = at(23, 8);
    let stamp = at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    let id_text = id.to_string();
    let mut hasher = Sha256::new();
    for field in [
        id_text.as_str(),
        &stamp,
        "Asha Patel",
        "login",
        "-",
        detail,
        "192.0.2.7",
        prev,
    ] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    let hash = hex::encode(hasher.finalize());
    let sql = "INSERT INTO audit_log (id, at, actor, action, person_id, detail, client, \
               prev_hash, hash, chain) VALUES ($1, $2, 'Asha Patel', 'login', NULL, $3, \
               '192.0.2.7', $4, $5, 1)";
    macro_rules! insert {
        ($pool:expr) => {
            sqlx::query(sql)
                .bind(id)
                .bind(at)
                .bind(detail)
                .bind(prev)
                .bind(&hash)
                .execute($pool)
                .await
                .map(|_| ())
        };
    }
    match db {
        Db::Sqlite(pool) => insert!(pool),
        Db::Postgres(pool) => insert!(pool),
    }
    .unwrap();
    hash
}

async fn audit_chain_keeps_plain_rows_and_checkpoints_find_a_keyless_rewrite_or_cut(db: &Db) {
    let key = audit_key();
    let genesis = "0".repeat(64);
    let first = plain_row(db, 1, &genesis, "").await;
    let second = plain_row(db, 2, &first, "").await;
    for _ in 0..2 {
        audit::record(
            db,
            &key,
            &AuditEntry::new("Asha Patel", "login", "192.0.2.7").at(at(23, 9)),
        )
        .await
        .unwrap();
    }
    assert_eq!(
        audit::verify(db, &key).await.unwrap(),
        ChainCheck::Intact { rows: 4 },
        "old plain rows, then keyed rows"
    );
    assert_eq!(
        audit::verify(db, &app::sealed::SecretKey::random())
            .await
            .unwrap(),
        ChainCheck::BrokenAt(3),
        "keyed rows check only with the service's key"
    );
    let checkpoint = audit::checkpoint(db, &key).await.unwrap();
    assert_eq!(checkpoint.id, 4);
    let line = checkpoint.to_string();
    assert_eq!(Checkpoint::parse(&line, &key), Some(checkpoint.clone()));
    assert_eq!(
        Checkpoint::parse(&line, &app::sealed::SecretKey::random()),
        None
    );
    assert_eq!(
        Checkpoint::parse(&line.replace(" 4 ", " 5 "), &key),
        None,
        "an altered checkpoint"
    );
    assert_eq!(
        audit::check_checkpoint(db, &checkpoint).await.unwrap(),
        CheckpointCheck::Matches
    );

    // Someone without the key rewrites the keyed rows as plain ones: the chain alone
    // cannot tell, the checkpoint does.
    tamper(db, "DELETE FROM audit_log WHERE id > 2").await;
    let third = plain_row(db, 3, &second, "").await;
    plain_row(db, 4, &third, "").await;
    assert_eq!(
        audit::verify(db, &key).await.unwrap(),
        ChainCheck::Intact { rows: 4 }
    );
    assert_eq!(
        audit::check_checkpoint(db, &checkpoint).await.unwrap(),
        CheckpointCheck::Differs
    );
    // Rows cut from the end leave an intact, shorter chain: the checkpoint finds it.
    let run = |sql: &'static str| async move {
        match db {
            Db::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
            Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        }
        .unwrap()
    };
    run("DELETE FROM audit_log WHERE id = 4").await;
    assert_eq!(
        audit::check_checkpoint(db, &checkpoint).await.unwrap(),
        CheckpointCheck::Shorter { last: 3 }
    );
    // A plain row after a keyed one is a keyed row rewritten without the key.
    run("DELETE FROM audit_log WHERE id = 3").await;
    audit::record(
        db,
        &key,
        &AuditEntry::new("Asha Patel", "login", "192.0.2.7").at(at(23, 10)),
    )
    .await
    .unwrap();
    let keyed = audit::checkpoint(db, &key).await.unwrap().hash;
    plain_row(db, 4, &keyed, "").await;
    assert_eq!(
        audit::verify(db, &key).await.unwrap(),
        ChainCheck::BrokenAt(4)
    );
}

async fn audit_log_is_append_only(db: &Db) {
    three_audit_rows(db).await;
    for sql in [
        "UPDATE audit_log SET detail = 'x'",
        "DELETE FROM audit_log WHERE id = 3",
    ] {
        assert!(execute(db, sql).await.is_err(), "{sql} must be refused");
    }
    tamper(db, "DELETE FROM audit_log WHERE id = 2").await;
    assert_eq!(
        audit::verify(db, &audit_key()).await.unwrap(),
        ChainCheck::BrokenAt(2),
        "a removed row is named"
    );
}

async fn audit_search_filters_by_person_actor_and_time(db: &Db) {
    use app::store::audit::AuditFilter;
    let sam = three_audit_rows(db).await;
    let all = audit::search(db, &AuditFilter::default(), 10)
        .await
        .unwrap();
    assert_eq!(
        all.iter().map(|r| r.id).collect::<Vec<_>>(),
        [3, 2, 1],
        "newest first"
    );
    let about_sam = AuditFilter {
        person: Some(sam.id),
        ..AuditFilter::default()
    };
    let rows = audit::search(db, &about_sam, 10).await.unwrap();
    assert!(!rows.is_empty());
    assert!(rows
        .iter()
        .all(|r| r.person.as_deref() == Some(sam.id.to_string().as_str())));
    let first = &all[2];
    let by_actor = AuditFilter {
        actor: Some(first.actor.clone()),
        to: Some(first.at + chrono::TimeDelta::microseconds(1)),
        ..AuditFilter::default()
    };
    let rows = audit::search(db, &by_actor, 10).await.unwrap();
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [1]);
    let later = AuditFilter {
        from: Some(all[0].at + chrono::TimeDelta::seconds(1)),
        ..AuditFilter::default()
    };
    assert!(audit::search(db, &later, 10).await.unwrap().is_empty());
}
