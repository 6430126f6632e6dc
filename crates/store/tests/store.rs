//! The store's conformance suite: the same checks on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used)]

mod audit_group;
mod backup_catalogue;
mod facts;
mod leases;
mod pages;
mod retention;
mod writer;

use jobbvei_domain::{ExtId, Fte, Method, Office, Role, Team, User};
use jobbvei_store::testing::both;

fn id(s: &str) -> ExtId {
    ExtId::parse(s).unwrap()
}

fn office(n: &str, name: &str) -> Office {
    Office { id: id(n), name: name.into() }
}

/// An employer with no holder (one organisation number: the tests hold one employer each).
fn employer(eid: &str, name: &str) -> jobbvei_domain::Employer {
    jobbvei_domain::Employer {
        id: id(eid),
        orgnr: jobbvei_domain::Orgnr::parse("912345688").unwrap(),
        name: name.into(),
        municipality: None,
        industry: None,
        stage: None,
        holder: None,
    }
}

/// A paid permanent job at employer e1 from `start`, still held.
fn job(jid: &str, course: &str, start: &str) -> jobbvei_domain::Job {
    jobbvei_domain::Job {
        id: id(jid),
        course: id(course),
        employer: id("e1"),
        form: jobbvei_domain::JobForm::Permanent,
        start: start.parse().unwrap(),
        title: None,
        styrk: None,
        paid: Some(true),
        ordinary_terms: None,
        percent: Vec::new(),
        hours_per_week: None,
        probation_end: None,
        planned_end: None,
        end: None,
        ended_by: None,
        end_reason: None,
        extensions: None,
    }
}

async fn offices(db: &jobbvei_store::Db) -> Vec<Office> {
    let mut out = Vec::new();
    let mut snap = db.snapshot().await.unwrap();
    snap.each_office(|o| {
        out.push(o);
        Ok::<_, jobbvei_store::StoreError>(())
    })
    .await
    .unwrap();
    out
}

#[tokio::test]
async fn migrations_apply_once() {
    for s in both("migrate").await {
        assert!(s.db.migrate().await.unwrap().is_empty(), "{}: second run applies nothing", s.label);
        s.db.health().await.unwrap();
        let counts = s.db.table_counts().await.unwrap();
        assert_eq!(counts.len(), 16);
        assert!(counts.iter().all(|c| c.rows == 0), "{}", s.label);
        s.remove().await;
    }
}

#[tokio::test]
async fn upserts_commit_update_and_roll_back() {
    for s in both("upsert").await {
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_offices(&[office("0314", "NAV Sagene"), office("0301", "NAV Oslo")]).await.unwrap();
        tx.commit().await.unwrap();
        let names: Vec<String> = offices(&s.db).await.into_iter().map(|o| o.name).collect();
        assert_eq!(names, ["NAV Oslo", "NAV Sagene"], "{}: ordered by id", s.label);

        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_offices(&[office("0314", "NAV Sagene og Bjerke")]).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(offices(&s.db).await[1].name, "NAV Sagene og Bjerke", "{}", s.label);

        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_offices(&[office("9999", "Skal bort")]).await.unwrap();
        tx.rollback().await.unwrap();
        {
            let mut tx = s.db.begin().await.unwrap();
            tx.upsert_offices(&[office("9998", "Også bort")]).await.unwrap();
            // Dropped without commit.
        }
        assert_eq!(offices(&s.db).await.len(), 2, "{}", s.label);
        s.remove().await;
    }
}

#[tokio::test]
async fn foreign_keys_are_enforced() {
    for s in both("fk").await {
        let mut tx = s.db.begin().await.unwrap();
        let orphan = Team { id: id("t1"), office: id("0000"), name: "T".into(), method: Method::Se };
        assert!(tx.upsert_teams(&[orphan]).await.is_err(), "{}", s.label);
        // A pool only closes once every connection is back, the transaction's included.
        drop(tx);
        s.remove().await;
    }
}

#[tokio::test]
async fn large_batches_split_under_parameter_limits() {
    for s in both("batch").await {
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_offices(&[office("0314", "NAV Sagene")]).await.unwrap();
        tx.upsert_teams(&[Team { id: id("t1"), office: id("0314"), name: "T".into(), method: Method::Ips }])
            .await
            .unwrap();
        let users: Vec<User> = (0..4321)
            .map(|i| User {
                id: id(&format!("u{i:05}")),
                name: format!("Bruker {i}"),
                roles: vec![Role::JobSpecialist, Role::MethodSupervisor],
                team: Some(id("t1")),
                fte: Fte::new(0.8).unwrap(),
                username: Some(format!("user{i}")),
            })
            .collect();
        tx.upsert_users(&users).await.unwrap();
        tx.commit().await.unwrap();
        let mut read = Vec::new();
        let mut snap = s.db.snapshot().await.unwrap();
        snap.each_user(|u| {
            read.push(u);
            Ok::<_, jobbvei_store::StoreError>(())
        })
        .await
        .unwrap();
        assert_eq!(read, users, "{}", s.label);
        let index = snap.import_index().await.unwrap();
        assert_eq!(index.users.len(), 4321);
        assert_eq!(index.teams, ["t1"]);
        drop(snap);
        // Names for many ids at once, in chunks; an unknown id is left out.
        let mut ids: Vec<String> = users.iter().map(|u| u.id.to_string()).collect();
        ids.push("u-unknown".into());
        let names = s.db.names(jobbvei_store::NameKind::User, &ids).await.unwrap();
        assert_eq!((names.len(), names["u04320"].as_str()), (4321, "Bruker 4320"), "{}", s.label);
        let teams = s.db.names(jobbvei_store::NameKind::Team, &["t1".to_owned()]).await.unwrap();
        assert_eq!(teams["t1"], "T");
        let offices = s.db.names(jobbvei_store::NameKind::Office, &["0314".to_owned()]).await.unwrap();
        assert_eq!(offices["0314"], "NAV Sagene");
        s.remove().await;
    }
}

#[tokio::test]
async fn the_audit_log_is_append_only() {
    use jobbvei_store::{AuditEntry, AuditFilter};
    for s in both("audit").await {
        let entry = AuditEntry {
            at: chrono::DateTime::from_timestamp(1_732_000_000, 0).unwrap(),
            user_id: Some("u1".into()),
            username: Some("kari".into()),
            role: Some("jobbspesialist".into()),
            action: "read".into(),
            record_type: Some("participant".into()),
            record_id: Some("p1".into()),
            fields: vec!["name".into(), "fnr".into()],
            ip: Some("127.0.0.1".into()),
            outcome: "ok".into(),
        };
        let mut tx = s.db.begin().await.unwrap();
        tx.audit(&entry).await.unwrap();
        tx.commit().await.unwrap();
        let filter = AuditFilter { participant: Some("p1".into()), ..AuditFilter::default() };
        assert_eq!(s.db.audit_entries(&filter).await.unwrap(), vec![entry.clone()], "{}", s.label);
        let other = AuditFilter { user: Some("u2".into()), ..AuditFilter::default() };
        assert!(s.db.audit_entries(&other).await.unwrap().is_empty());
        let mut refusals =
            vec!["UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log", "DELETE FROM audit_log WHERE id > 0"];
        if s.db.engine() == jobbvei_store::Engine::Postgres {
            refusals.extend([
                "TRUNCATE audit_log",
                "TRUNCATE TABLE audit_log CASCADE",
                "TRUNCATE audit_log RESTART IDENTITY",
            ]);
        }
        for sql in refusals {
            let refused = match &s.db {
                jobbvei_store::Db::Sqlite(p, _) => {
                    sqlx::query(sql).execute(p).await.map(|_| ()).map_err(|e| e.to_string())
                }
                jobbvei_store::Db::Postgres(p) => {
                    sqlx::query(sql).execute(p).await.map(|_| ()).map_err(|e| e.to_string())
                }
            };
            let message = refused.err().unwrap_or_else(|| panic!("{}: {sql} must fail", s.label));
            assert!(message.contains("the audit log is append-only"), "{}: {sql}: {message}", s.label);
        }
        assert_eq!(s.db.audit_entries(&AuditFilter::default()).await.unwrap().len(), 1);
        s.remove().await;
    }
}

#[tokio::test]
async fn pending_oidc_sign_ins_have_a_ceiling() {
    use jobbvei_store::{MAX_PENDING_OIDC_LOGINS, OidcLogin};
    let now = chrono::DateTime::from_timestamp(1_732_000_000, 0).unwrap();
    let expires = now + chrono::Duration::minutes(10);
    let login = OidcLogin { state: "s".into(), nonce: "n".into(), verifier: "v".into() };
    for s in both("oidc_ceiling").await {
        // All but one of the allowed sign-ins, in one statement.
        let fill = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
                    INSERT INTO oidc_login (key_hash, state, nonce, verifier, expires_at) \
                    SELECT 'k' || i, 's', 'n', 'v', $2 FROM n";
        match &s.db {
            jobbvei_store::Db::Sqlite(p, _) => {
                sqlx::query(fill).bind(MAX_PENDING_OIDC_LOGINS - 1).bind(expires).execute(p).await.unwrap();
            }
            jobbvei_store::Db::Postgres(p) => {
                sqlx::query(fill).bind(MAX_PENDING_OIDC_LOGINS - 1).bind(expires).execute(p).await.unwrap();
            }
        }
        assert!(s.db.put_oidc_login("last", &login, expires, now).await.unwrap(), "{}", s.label);
        assert!(!s.db.put_oidc_login("one-too-many", &login, expires, now).await.unwrap(), "{}", s.label);
        assert_eq!(s.db.take_oidc_login("one-too-many", now).await.unwrap(), None);
        // Once they have expired, they are swept and a new one is taken.
        let later = expires + chrono::Duration::seconds(1);
        assert!(s.db.put_oidc_login("fresh", &login, later + chrono::Duration::minutes(10), later).await.unwrap());
        assert_eq!(s.db.take_oidc_login("fresh", later).await.unwrap(), Some(login.clone()));
        s.remove().await;
    }
}

/// Eight writers that each read before they write (as the API's creates do) all get through
/// on both engines: on SQLite the write lock is taken when the transaction starts, so a
/// writer waits its turn instead of failing with "database is locked".
#[tokio::test]
async fn concurrent_writers_that_read_first_all_get_through() {
    for s in both("writers").await {
        let mut tasks = Vec::new();
        for w in 0..8 {
            let db = s.db.clone();
            tasks.push(tokio::spawn(async move {
                let mut failed = 0;
                for i in 0..25 {
                    let n = format!("{:04}", 1000 + w * 100 + i);
                    let done = async {
                        let mut tx = db.begin().await?;
                        if tx.id_is_free(jobbvei_store::RecordKind::Participant, &n).await? {
                            tx.upsert_offices(&[office(&n, "Kontor")]).await?;
                        }
                        tx.commit().await
                    }
                    .await;
                    failed += usize::from(done.is_err());
                }
                failed
            }));
        }
        let mut failed = 0;
        for t in tasks {
            failed += t.await.unwrap();
        }
        assert_eq!(failed, 0, "{}", s.label);
        assert_eq!(offices(&s.db).await.len(), 200, "{}", s.label);
        s.remove().await;
    }
}
