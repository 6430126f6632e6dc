//! Backup and restore (docs/operations.md): demo data plus rows in every table Jobbvei keeps
//! beside the exchange format, backed up on each engine, restored into an empty database of
//! each engine and backed up again, byte for byte the same; and every kind of bad file or
//! occupied database refused with nothing written.

use std::io::Cursor;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use jobbvei_exchange::ExchangeError;
use jobbvei_exchange::backup::{BackupError, backup, restore};
use jobbvei_exchange::demo::{DemoSpec, Scale};
use jobbvei_store::testing::{Scratch, both, postgres, sqlite};
use jobbvei_store::{AuditEntry, BACKUP_TABLES, BackupTable, Db, Kind, Value};

/// The tables the exchange format fills; the rest get rows from [`fill_own_tables`].
const EXCHANGE_TABLES: usize = 16;

async fn backup_bytes(db: &Db) -> Vec<u8> {
    let mut out = Vec::new();
    backup(db, &mut out).await.unwrap();
    out
}

/// The ids of a table in key order.
async fn ids(db: &Db, table: &str) -> Vec<String> {
    let t = BACKUP_TABLES.iter().find(|t| t.name == table).unwrap();
    let mut out = Vec::new();
    let mut tx = db.snapshot().await.unwrap();
    tx.each_backup_row(t, |row| {
        if let Value::Text(Some(id)) = &row[0] {
            out.push(id.clone());
        }
        Ok::<_, jobbvei_store::StoreError>(())
    })
    .await
    .unwrap();
    out
}

/// The table a column refers to, by the naming the migrations keep.
fn refers_to(column: &str) -> Option<&'static str> {
    Some(match column {
        "participant_id" => "participant",
        "course_id" => "course",
        "job_id" => "job",
        "employer_id" => "employer",
        "team_id" => "team",
        "office_id" => "office",
        "measure_id" => "measure",
        "review_id" => "review",
        "parent_id" => "plan_item",
        "ad_uuid" => "job_ad",
        "activity_id" => "activity",
        "holder_id" | "marked_by" => "app_user",
        "user_id" | "created_by" | "updated_by" | "registered_by" | "veileder_id" | "job_specialist_id"
        | "shared_by" | "added_by" | "reviewer_id" => "app_user",
        _ => return None,
    })
}

/// Values the schema's CHECKs allow.
fn fixed(table: &str, column: &str) -> Option<&'static str> {
    Some(match (table, column) {
        ("review", "kind") => "fagrevisjon",
        ("review", "status") => "open",
        ("support_need", "level") => "individ",
        ("plan_item", "kind") => "mal",
        ("plan_item", "owner") => "deltaker",
        ("plan_item", "status") => "planlagt",
        ("job_ad", "status") => "aktiv",
        ("job_ad_mark", "mark") => "lagret",
        _ => return None,
    })
}

fn value(table: &BackupTable, column: &str, kind: Kind, n: usize, refs: &dyn Fn(&str, usize) -> String) -> Value {
    let day = NaiveDate::from_ymd_opt(2024, 2, 28).unwrap() + Duration::days(n as i64);
    let at: DateTime<Utc> = "2024-10-27T01:30:00.123456Z".parse().unwrap();
    if let Some(target) = refers_to(column) {
        if target == "plan_item" {
            // The first item's parent sorts after it: the restore must not trip on that.
            return Value::Text((n == 0).then(|| "bk-plan_item-1".to_owned()));
        }
        return Value::Text(Some(refs(target, n)));
    }
    if column == "id" && table.serial {
        return Value::Int(Some(1_000 + n as i64));
    }
    match kind {
        Kind::Text if column == "id" || column == "token_hash" || column == "uuid" => {
            Value::Text(Some(format!("bk-{}-{n}", table.name)))
        }
        Kind::Text => Value::Text(Some(
            fixed(table.name, column)
                .map(str::to_owned)
                .unwrap_or_else(|| format!("{} {n}: «æøå» \"sitat\" \\ \n\tlinje 2 🙂", table.name)),
        )),
        Kind::Date => Value::Date(Some(day)),
        Kind::Instant => Value::Instant(Some(if n == 0 {
            at
        } else {
            at + Duration::seconds(3600) - Duration::microseconds(123_456)
        })),
        Kind::Bool => Value::Bool(Some(n.is_multiple_of(2))),
        Kind::Int => Value::Int(Some(n as i64 + 1)),
        Kind::Float => Value::Float(Some(0.1 + n as f64)),
    }
}

/// Two rows in every table beyond the exchange format's, referring to the demo's records.
async fn fill_own_tables(db: &Db) {
    let mut known = std::collections::HashMap::new();
    for t in ["participant", "course", "job", "employer", "team", "office", "measure", "app_user", "activity"] {
        known.insert(t, ids(db, t).await);
    }
    let refs = |target: &str, n: usize| -> String {
        match known.get(target) {
            Some(list) => list[n % list.len()].clone(),
            None => format!("bk-{target}-{n}"),
        }
    };
    let mut tx = db.begin().await.unwrap();
    for table in &BACKUP_TABLES[EXCHANGE_TABLES..] {
        let columns: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
        let rows: Vec<Vec<Value>> =
            (0..2).map(|n| table.columns.iter().map(|(c, k)| value(table, c, *k, n, &refs)).collect()).collect();
        tx.insert_backup_rows(table, &columns, &rows).await.unwrap();
    }
    tx.commit().await.unwrap();
}

async fn fixture(label: &str) -> Vec<Scratch> {
    let spec = DemoSpec { scale: Scale::Small, seed: 7, as_of: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap() };
    let dbs = both(label).await;
    for s in &dbs {
        let spec = spec.clone();
        jobbvei_exchange::import::import_generated(&s.db, move |sink| jobbvei_exchange::demo::generate(&spec, sink))
            .await
            .unwrap();
        fill_own_tables(&s.db).await;
    }
    dbs
}

async fn empty_targets(label: &str) -> Vec<Scratch> {
    both(label).await
}

#[tokio::test]
async fn backup_restore_backup_is_identical_within_and_across_engines() {
    let sources = fixture("bk_source").await;
    let mut firsts = Vec::new();
    for s in &sources {
        let first = backup_bytes(&s.db).await;
        let text = String::from_utf8(first.clone()).unwrap();
        // Every table is in the file, and every table has rows.
        for t in BACKUP_TABLES {
            let head = format!("{{\"table\":\"{}\",", t.name);
            let at = text.find(&head).unwrap_or_else(|| panic!("{} missing", t.name));
            let next = text[at..].lines().nth(1).unwrap();
            assert!(next.starts_with('['), "{}: {} has no rows", s.label, t.name);
        }
        assert!(text.starts_with("{\"format\":\"jobbvei-backup\",\"version\":1,\"schema\":"));
        assert!(text.contains("\"2024-10-27T01:30:00.123456Z\""), "instants in UTC with microseconds");
        assert!(text.contains("\"2024-10-27T02:30:00Z\""), "whole seconds without a fraction");
        for target in empty_targets("bk_target").await {
            let summary = restore(&target.db, Cursor::new(first.clone())).await.unwrap();
            assert_eq!(summary.tables, BACKUP_TABLES.len());
            let second = backup_bytes(&target.db).await;
            assert!(first == second, "{} → {}: the second backup differs", s.label, target.label);
            // The day facts are not in the backup: the restore computed them.
            let check = target.db.check_facts().await.unwrap();
            assert!(check.is_clean() && check.days_checked > 0, "{}: {:?}", target.label, check);
            // Sequences go on after the restored ids: a new audit row can be written.
            let mut tx = target.db.begin().await.unwrap();
            tx.audit(&AuditEntry {
                at: Utc::now(),
                user_id: None,
                username: Some("test".into()),
                role: None,
                action: "after_restore".into(),
                record_type: None,
                record_id: None,
                fields: vec![],
                ip: None,
                outcome: "ok".into(),
            })
            .await
            .unwrap();
            tx.commit().await.unwrap();
            target.remove().await;
        }
        firsts.push(first);
    }
    if firsts.len() == 2 {
        assert!(firsts[0] == firsts[1], "SQLite and PostgreSQL give the same bytes");
    }
    for s in sources {
        s.remove().await;
    }
}

fn refused(result: Result<jobbvei_exchange::backup::RestoreSummary, ExchangeError>) -> BackupError {
    match result {
        Err(ExchangeError::Backup(b)) => b,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A small real backup to damage.
async fn small_backup() -> Vec<u8> {
    let s = sqlite("bk_small").await;
    jobbvei_exchange::import_reader(
        &s.db,
        Cursor::new(
            br#"{"type":"office","id":"0314","name":"NAV Sagene"}
{"type":"team","id":"t1","office":"0314","name":"Team","method":"SE"}
"#
            .to_vec(),
        ),
        |_| {},
    )
    .await
    .unwrap();
    let bytes = backup_bytes(&s.db).await;
    s.remove().await;
    bytes
}

async fn is_empty(db: &Db) -> bool {
    db.begin().await.unwrap().first_occupied_table().await.unwrap().is_none()
}

#[tokio::test]
async fn bad_files_and_occupied_databases_are_refused_with_nothing_written() {
    let good = String::from_utf8(small_backup().await).unwrap();
    let mut targets = vec![sqlite("bk_refuse").await];
    targets.extend(postgres("bk_refuse").await);
    for t in targets {
        // A changed value: the checksum no longer matches.
        let changed = good.replace("NAV Sagene", "NAV Sagenf");
        let e = refused(restore(&t.db, Cursor::new(changed)).await);
        assert!(matches!(e, BackupError::Checksum), "{}: {e}", t.label);
        assert!(e.to_string().contains("checksum does not match"));
        // A cut file: no trailer.
        let cut: String = good.lines().take(4).map(|l| format!("{l}\n")).collect();
        assert!(matches!(refused(restore(&t.db, Cursor::new(cut)).await), BackupError::Truncated { .. }));
        // A broken line.
        let broken = good.replacen("[\"0314\"", "[\"0314", 1);
        let e = refused(restore(&t.db, Cursor::new(broken)).await);
        assert!(matches!(e, BackupError::Damaged { line: 3, .. }), "{}: {e}", t.label);
        // A value of the wrong kind in a row.
        let wrong = good.replacen("[\"0314\",\"NAV Sagene\"]", "[\"0314\",5]", 1);
        let e = refused(restore(&t.db, Cursor::new(wrong)).await);
        assert!(e.to_string().contains("office.name: expected text"), "{e}");
        // A newer format, and a newer schema.
        let newer = good.replacen("\"version\":1", "\"version\":2", 1);
        let e = refused(restore(&t.db, Cursor::new(newer)).await);
        assert!(e.to_string().contains("made by a newer Jobbvei (backup format 2"), "{e}");
        let schema = good.replacen("\"schema\":", "\"schema\":9", 1);
        assert!(matches!(refused(restore(&t.db, Cursor::new(schema)).await), BackupError::NewerSchema { .. }));
        // Not a backup at all: an exchange file.
        let e = refused(restore(&t.db, Cursor::new("{\"type\":\"office\",\"id\":\"1\",\"name\":\"x\"}\n")).await);
        assert!(e.to_string().contains("jobbvei import"), "{e}");
        assert!(is_empty(&t.db).await, "{}: nothing was written", t.label);

        // The good file goes in once; a second time the database is no longer empty.
        restore(&t.db, Cursor::new(good.clone())).await.unwrap();
        let e = refused(restore(&t.db, Cursor::new(good.clone())).await);
        assert!(e.to_string().contains("the database is not empty (table office has rows)"), "{e}");
        t.remove().await;
    }
}

/// A damaged row late in the file leaves nothing of the rows before it.
#[tokio::test]
async fn a_late_error_rolls_back_the_rows_already_inserted() {
    let good = String::from_utf8(small_backup().await).unwrap();
    let late = good.replacen("\"method\"]", "\"method\"]\n[\"t2\",\"0314\",\"Team 2\",\"XX\"]", 1);
    for t in both("bk_late").await {
        // The trailer's count no longer fits; the database refuses the method first or the
        // checksum does: either way nothing remains.
        assert!(restore(&t.db, Cursor::new(late.clone())).await.is_err());
        assert!(is_empty(&t.db).await, "{}", t.label);
        t.remove().await;
    }
}

/// A restore into PostgreSQL vacuums the record tables and then analyses every table once:
/// the vacuum leaves the statistics to the one `ANALYZE` after it (it used to analyse the
/// record tables itself, and then again).
#[tokio::test]
async fn a_postgres_restore_analyses_each_table_once() {
    let good = small_backup().await;
    let Some(t) = postgres("bk_analyse").await else { return };
    restore(&t.db, Cursor::new(good)).await.unwrap();
    let Db::Postgres(pool) = &t.db else { unreachable!("a PostgreSQL scratch database") };
    let counts: Vec<(String, i64, i64)> =
        sqlx::query_as("SELECT relname::text, analyze_count, vacuum_count FROM pg_stat_user_tables ORDER BY 1")
            .fetch_all(pool)
            .await
            .unwrap();
    assert!(counts.len() > EXCHANGE_TABLES, "{counts:?}");
    let twice: Vec<_> = counts.iter().filter(|(_, analyses, _)| *analyses != 1).collect();
    assert!(twice.is_empty(), "each table analysed once: {twice:?}");
    let activity = counts.iter().find(|(name, _, _)| name == "activity").unwrap();
    assert_eq!(activity.2, 1, "the record tables are vacuumed");
    t.remove().await;
}
