//! How writes reach the database: on SQLite a connection of its own whose writers' turns
//! commit in groups (`writer.rs`), and rows declared new that must be new on both engines
//! (`Tx::rows_are_new`).

use std::time::Duration;

use jobbvei_store::testing::{both, sqlite};

use super::{office, offices};

#[tokio::test]
async fn a_sqlite_write_does_not_wait_for_the_readers_connections() {
    let s = sqlite("writer").await;
    let jobbvei_store::Db::Sqlite(reads, _) = &s.db else { panic!("a SQLite scratch database") };
    // Every reading connection taken, as by readers under load.
    let mut held = Vec::new();
    for _ in 0..reads.options().get_max_connections() {
        held.push(reads.acquire().await.unwrap());
    }
    let write = async {
        let mut tx = s.db.begin().await?;
        tx.upsert_offices(&[office("0314", "NAV Sagene")]).await?;
        tx.commit().await
    };
    tokio::time::timeout(Duration::from_secs(5), write)
        .await
        .expect("the write waited for a reader's connection")
        .unwrap();
    drop(held);
    assert_eq!(offices(&s.db).await.len(), 1);
    s.remove().await;
}

#[tokio::test]
async fn a_row_declared_new_that_is_stored_already_fails_the_write() {
    for s in both("rowsnew").await {
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_offices(&[office("0314", "NAV Sagene")]).await.unwrap();
        tx.commit().await.unwrap();

        // One row: an INSERT on both engines (PostgreSQL copies only larger batches in).
        let mut tx = s.db.begin().await.unwrap();
        tx.rows_are_new(true);
        let clash = tx.upsert_offices(&[office("0314", "NAV Sagene og Bjerke")]).await;
        assert!(clash.is_err(), "{}: a stored key declared new must fail, not replace", s.label);
        drop(tx);

        let mut tx = s.db.begin().await.unwrap();
        tx.rows_are_new(true);
        tx.upsert_offices(&[office("0301", "NAV Oslo")]).await.unwrap();
        tx.commit().await.unwrap();
        let names: Vec<String> = offices(&s.db).await.into_iter().map(|o| o.name).collect();
        assert_eq!(names, ["NAV Oslo", "NAV Sagene"], "{}", s.label);
        s.remove().await;
    }
}

fn names(list: Vec<jobbvei_domain::Office>) -> Vec<String> {
    list.into_iter().map(|o| o.name).collect()
}

fn created(office: &str) -> jobbvei_store::AuditEntry {
    jobbvei_store::AuditEntry {
        at: chrono::Utc::now(),
        user_id: Some("u1".into()),
        username: Some("kari".into()),
        role: Some("jobbspesialist".into()),
        action: "create".into(),
        record_type: Some("office".into()),
        record_id: Some(office.into()),
        fields: vec!["name".into()],
        ip: None,
        outcome: "ok".into(),
    }
}

fn commits(db: &jobbvei_store::Db) -> (u64, u64) {
    let jobbvei_store::Db::Sqlite(_, w) = db else { panic!("a SQLite scratch database") };
    let stats = w.stats();
    (stats.commits, stats.turns)
}

#[tokio::test]
async fn concurrent_sqlite_writes_are_committed_together() {
    let s = sqlite("groups").await;
    let before = commits(&s.db);
    let tasks: Vec<_> = (0..20)
        .map(|n| {
            let db = s.db.clone();
            tokio::spawn(async move {
                let mut tx = db.begin().await?;
                tx.upsert_offices(&[office(&format!("{:04}", 1000 + n), &format!("NAV {n}"))]).await?;
                tx.commit().await
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(offices(&s.db).await.len(), 20, "every write answered is committed");
    let after = commits(&s.db);
    let (groups, turns) = (after.0 - before.0, after.1 - before.1);
    assert_eq!(turns, 20);
    assert!(groups < turns, "writers waiting for the turn share a commit: {groups} commits for {turns} writes");
    s.remove().await;
}

#[tokio::test]
async fn a_turn_that_fails_leaves_the_rest_of_its_group() {
    let s = sqlite("groupfail").await;
    let mut first = s.db.begin().await.unwrap();
    first.upsert_offices(&[office("0301", "NAV Oslo")]).await.unwrap();
    first.audit(&created("0301")).await.unwrap();
    // Three more writers queue for the turn while the first holds it, so all four share one
    // transaction: the second is dropped half-way, the third rolls back, the fourth commits.
    let queued: Vec<_> = [("0314", "NAV Sagene", 0), ("0315", "NAV Grünerløkka", 1), ("0316", "NAV Gamle Oslo", 2)]
        .into_iter()
        .map(|(n, name, how)| {
            let db = s.db.clone();
            tokio::spawn(async move {
                let mut tx = db.begin().await.unwrap();
                tx.upsert_offices(&[office(n, name)]).await.unwrap();
                tx.audit(&created(n)).await.unwrap();
                match how {
                    0 => drop(tx),
                    1 => tx.rollback().await.unwrap(),
                    _ => tx.commit().await.unwrap(),
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(50)).await;
    let before = commits(&s.db);
    first.commit().await.unwrap();
    for t in queued {
        t.await.unwrap();
    }
    assert_eq!(names(offices(&s.db).await), ["NAV Oslo", "NAV Gamle Oslo"]);
    // The audit entries are written as each turn ends, and stand or fall with its changes.
    let audited: Vec<Option<String>> =
        s.db.audit_entries(&Default::default()).await.unwrap().into_iter().map(|e| e.record_id).collect();
    assert_eq!(audited, [Some("0301".to_owned()), Some("0316".to_owned())]);
    let after = commits(&s.db);
    assert_eq!((after.0 - before.0, after.1 - before.1), (1, 2), "one commit for the two writes kept");
    s.remove().await;
}

#[tokio::test]
async fn a_dropped_turn_does_not_keep_the_file_locked() {
    let s = sqlite("groupdrop").await;
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_offices(&[office("0301", "NAV Oslo")]).await.unwrap();
    drop(tx);
    let jobbvei_store::Location::Sqlite(path) = &s.location else { panic!("a SQLite scratch database") };
    // Another process's writer: it gets the write lock once the group is closed.
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path).busy_timeout(Duration::from_secs(2));
    let mut other = sqlx::ConnectOptions::connect(&options).await.unwrap();
    sqlx::query("BEGIN IMMEDIATE").execute(&mut other).await.expect("the dropped turn's group was closed");
    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    drop(other);
    assert!(offices(&s.db).await.is_empty(), "the dropped turn's write was undone");
    s.remove().await;
}

#[tokio::test]
async fn a_statement_joins_the_group_without_landing_in_the_next_turns_savepoint() {
    let s = sqlite("groupstatement").await;
    let mut first = s.db.begin().await.unwrap();
    first.upsert_offices(&[office("0301", "NAV Oslo")]).await.unwrap();
    // Queued behind the first: an audit entry of a read (a statement of its own), then a
    // transaction that rolls back. The first leaves a savepoint ready as it ends; the
    // statement must not write inside it, or the rollback would take the entry with it.
    let db = s.db.clone();
    let read = tokio::spawn(async move { db.audit_all_now(&[created("read")]).await });
    tokio::time::sleep(Duration::from_millis(20)).await;
    let db = s.db.clone();
    let undone = tokio::spawn(async move {
        let mut tx = db.begin().await.unwrap();
        tx.upsert_offices(&[office("0314", "NAV Sagene")]).await.unwrap();
        tx.audit(&created("0314")).await.unwrap();
        tx.rollback().await.unwrap();
    });
    tokio::time::sleep(Duration::from_millis(20)).await;
    first.commit().await.unwrap();
    read.await.unwrap().unwrap();
    undone.await.unwrap();
    assert_eq!(names(offices(&s.db).await), ["NAV Oslo"]);
    let audited: Vec<Option<String>> =
        s.db.audit_entries(&Default::default()).await.unwrap().into_iter().map(|e| e.record_id).collect();
    assert_eq!(audited, [Some("read".to_owned())]);
    s.remove().await;
}
