//! How writes reach the database: on SQLite a connection of its own (`writer.rs`), and rows
//! declared new that must be new on both engines (`Tx::rows_are_new`).

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
