//! Scratch databases on both engines, for the test suites of every crate.
//!
//! SQLite always runs. PostgreSQL runs when the server at `JOBBVEI_TEST_PG` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`) answers; when it does not, the tests
//! skip it with a note, except on CI (`CI=true`), where a missing server is a failure.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use sqlx::{Connection, PgConnection};

use crate::{Db, Location, create_pg_database, drop_pg_database};

static COUNTER: AtomicUsize = AtomicUsize::new(0);
static SWEPT: AtomicBool = AtomicBool::new(false);

/// An empty, migrated database that is removed by [`Scratch::remove`].
pub struct Scratch {
    pub label: String,
    pub location: Location,
    pub db: Db,
    cleanup: Cleanup,
}

enum Cleanup {
    Folder(PathBuf),
    Database { server: String, name: String },
}

pub fn pg_server_url() -> String {
    std::env::var("JOBBVEI_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn unique(label: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let clean: String = label.chars().filter(|c| c.is_ascii_alphanumeric()).take(20).collect();
    format!("jobbvei_t_{}_{}_{n}_{clean}", std::process::id(), nanos())
}

fn nanos() -> u32 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos())
}

/// A fresh SQLite database in a temporary folder.
pub async fn sqlite(label: &str) -> Scratch {
    let dir = std::env::temp_dir().join(unique(label));
    let location = Location::Sqlite(dir.join("jobbvei.sqlite3"));
    let db = location.open().await.unwrap_or_else(|e| panic!("SQLite scratch database failed: {e}"));
    Scratch { label: format!("sqlite:{label}"), location, db, cleanup: Cleanup::Folder(dir) }
}

/// A fresh PostgreSQL database, or `None` when no server answers and this is not CI.
pub async fn postgres(label: &str) -> Option<Scratch> {
    let server = pg_server_url();
    if !SWEPT.swap(true, Ordering::Relaxed) {
        sweep_orphans(&server).await;
    }
    let name = unique(label);
    match create_pg_database(&server, &name).await {
        Ok(url) => {
            let location = Location::Postgres(url);
            let db = location.open().await.unwrap_or_else(|e| panic!("PostgreSQL scratch database failed: {e}"));
            Some(Scratch {
                label: format!("postgres:{label}"),
                location,
                db,
                cleanup: Cleanup::Database { server, name },
            })
        }
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but PostgreSQL at {server} is not available: {e}")
        }
        Err(e) => {
            eprintln!("note: skipping PostgreSQL ({e})");
            None
        }
    }
}

/// Drops scratch databases left behind by test processes that have ended (a test that
/// panics never reaches [`Scratch::remove`]). A database's name carries its process id; one
/// whose process no longer runs is an orphan. Only where `/proc` tells which processes run.
async fn sweep_orphans(server: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(mut conn) = PgConnection::connect(server).await else { return };
    let names: Vec<String> = sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'jobbvei\\_t\\_%'")
        .fetch_all(&mut conn)
        .await
        .unwrap_or_default();
    let _ = conn.close().await;
    for name in names.iter().filter(|n| is_orphan(n)) {
        if let Err(e) = drop_pg_database(server, name).await {
            eprintln!("note: could not drop the orphaned {name}: {e}");
        }
    }
}

/// `jobbvei_t_<pid>_…` whose process has ended.
fn is_orphan(name: &str) -> bool {
    let pid = name.strip_prefix("jobbvei_t_").and_then(|rest| rest.split('_').next());
    match pid.and_then(|p| p.parse::<u32>().ok()) {
        Some(pid) => pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists(),
        None => false,
    }
}

/// One scratch database per available engine: SQLite first, then PostgreSQL.
pub async fn both(label: &str) -> Vec<Scratch> {
    let mut out = vec![sqlite(label).await];
    out.extend(postgres(label).await);
    out
}

impl Scratch {
    /// Opens a second, empty database on the same engine.
    pub async fn sibling(&self, label: &str) -> Scratch {
        match self.cleanup {
            Cleanup::Folder(_) => sqlite(label).await,
            Cleanup::Database { .. } => match postgres(label).await {
                Some(s) => s,
                None => panic!("PostgreSQL went away during the test"),
            },
        }
    }

    pub async fn remove(self) {
        self.db.close().await;
        match self.cleanup {
            Cleanup::Folder(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Database { server, name } => {
                if let Err(e) = drop_pg_database(&server, &name).await {
                    eprintln!("note: could not drop {name}: {e}");
                }
            }
        }
    }
}

/// Every index and foreign key of the database, one line each in a stable order, for
/// tests that something put back exactly what it took away.
pub async fn schema_outline(db: &Db) -> Vec<String> {
    let sql_pg = "SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() \
                  UNION ALL \
                  SELECT 'key ' || conrelid::regclass::text || '.' || conname || ': ' || pg_get_constraintdef(oid) \
                    || CASE WHEN convalidated THEN '' ELSE ' NOT VALID' END \
                  FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace \
                  ORDER BY 1";
    let sql_sqlite = "SELECT 'index ' || m.name || ': ' || COALESCE(m.sql, '(automatic)') FROM sqlite_master m \
                      WHERE m.type = 'index' \
                      UNION ALL \
                      SELECT 'key ' || m.name || '.' || f.\"from\" || ' -> ' || f.\"table\" || '.' || COALESCE(f.\"to\", '') \
                      FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' \
                      ORDER BY 1";
    match db {
        Db::Sqlite(p, _) => sqlx::query_scalar(sql_sqlite).fetch_all(p).await,
        Db::Postgres(p) => sqlx::query_scalar(sql_pg).fetch_all(p).await,
    }
    .unwrap_or_else(|e| panic!("schema outline: {e}"))
}
