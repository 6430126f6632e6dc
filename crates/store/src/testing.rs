//! Scratch databases on both engines, for the test suites of every crate.
//!
//! SQLite always runs. PostgreSQL runs when the server at `JOBBVEI_TEST_PG` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`) answers; when it does not, the tests
//! skip it with a note, except on CI (`CI=true`), where a missing server is a failure.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::{Db, Location, create_pg_database, drop_pg_database};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

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
