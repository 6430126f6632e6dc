//! Audit entries of reads committed in groups (`audit_batch.rs`): every caller's entries are
//! written exactly once, and a bad entry fails only its own caller.

use jobbvei_store::testing::both;
use jobbvei_store::{AuditEntry, AuditFilter, Engine};

fn entry(record: usize, action: &str) -> AuditEntry {
    AuditEntry {
        at: chrono::DateTime::from_timestamp(1_732_000_000 + record as i64, 0).unwrap(),
        user_id: Some("u1".into()),
        username: Some("kari".into()),
        role: Some("jobbspesialist".into()),
        action: action.into(),
        record_type: Some("participant".into()),
        record_id: Some(format!("p{record}")),
        fields: vec!["name".into()],
        ip: None,
        outcome: "ok".into(),
    }
}

/// The records named in the audit log, sorted, each as often as it was audited.
async fn written(db: &jobbvei_store::Db) -> Vec<String> {
    let mut ids: Vec<String> =
        db.audit_entries(&AuditFilter::default()).await.unwrap().into_iter().filter_map(|e| e.record_id).collect();
    ids.sort();
    ids
}

fn sorted(records: impl Iterator<Item = usize>) -> Vec<String> {
    let mut ids: Vec<String> = records.map(|r| format!("p{r}")).collect();
    ids.sort();
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_reads_are_each_audited_once() {
    for s in both("auditgroup").await {
        let tasks: Vec<_> = (0..64)
            .map(|n| {
                let db = s.db.clone();
                tokio::spawn(async move {
                    // Some callers audit several records at once, as Min dag does.
                    let entries: Vec<AuditEntry> = (0..1 + n % 3).map(|k| entry(n * 10 + k, "read")).collect();
                    db.audit_all_now(&entries).await
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        let want = (0..64).flat_map(|n| (0..1 + n % 3).map(move |k| n * 10 + k));
        assert_eq!(written(&s.db).await, sorted(want), "{}", s.label);
        s.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_entry_fails_only_its_own_caller() {
    // Every fourth caller audits 60 records, so that groups exceed one statement's 100 rows
    // and are split; nothing may then be written twice.
    let records =
        |n: usize| -> Vec<usize> { (0..if n.is_multiple_of(4) { 60 } else { 1 }).map(|k| n * 1000 + k).collect() };
    for s in both("auditbad").await {
        // PostgreSQL refuses a NUL in text; SQLite stores it, so there is nothing to refuse.
        if s.db.engine() != Engine::Postgres {
            s.remove().await;
            continue;
        }
        let tasks: Vec<_> = (0..32)
            .map(|n| {
                let db = s.db.clone();
                let action = if n == 7 { "re\0ad" } else { "read" };
                let entries: Vec<AuditEntry> = records(n).into_iter().map(|r| entry(r, action)).collect();
                tokio::spawn(async move { (n, db.audit_all_now(&entries).await) })
            })
            .collect();
        for t in tasks {
            let (n, result) = t.await.unwrap();
            assert_eq!(result.is_err(), n == 7, "{}: caller {n}", s.label);
            // The bad caller gets the database's own refusal, as when it wrote alone.
            if let Err(e) = result {
                assert!(
                    !matches!(e, jobbvei_store::StoreError::Database(sqlx::Error::Protocol(_))),
                    "{}: {e}",
                    s.label
                );
            }
        }
        let want = (0..32).filter(|n| *n != 7).flat_map(records);
        assert_eq!(written(&s.db).await, sorted(want), "{}: each good entry once, the bad one not at all", s.label);
        s.remove().await;
    }
}
