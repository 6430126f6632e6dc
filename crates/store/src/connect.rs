//! Where the data lives: a SQLite file under the data folder unless a URL says otherwise.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::{Db, StoreError};

/// The database a command will use, before connecting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

/// Picks the database from `--database-url` (or `DATABASE_URL`) and `--data-dir`.
pub fn resolve_location(url: Option<&str>, data_dir: &Path) -> Result<Location, StoreError> {
    match url.map(str::trim).filter(|u| !u.is_empty()) {
        None => Ok(Location::Sqlite(data_dir.join("jobbvei.sqlite3"))),
        Some(u) if u.starts_with("postgres://") || u.starts_with("postgresql://") => {
            Ok(Location::Postgres(u.to_owned()))
        }
        Some(u) => match u.strip_prefix("sqlite://").or_else(|| u.strip_prefix("sqlite:")) {
            Some(path) if !path.is_empty() => Ok(Location::Sqlite(PathBuf::from(path))),
            _ => Err(StoreError::UnsupportedUrl),
        },
    }
}

impl Location {
    /// Connects, creating the SQLite file and its folder on first use, and applies migrations.
    pub async fn open(&self) -> Result<Db, StoreError> {
        let db = match self {
            Location::Sqlite(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .map_err(|source| StoreError::DataDir { path: dir.display().to_string(), source })?;
                }
                let options = SqliteConnectOptions::from_str("sqlite:")?
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
                    .pragma("cache_size", "-65536")
                    .pragma("temp_store", "memory");
                Db::Sqlite(SqlitePoolOptions::new().max_connections(4).connect_with(options).await?)
            }
            Location::Postgres(url) => Db::Postgres(
                PgPoolOptions::new().max_connections(10).acquire_timeout(Duration::from_secs(10)).connect(url).await?,
            ),
        };
        db.migrate().await?;
        Ok(db)
    }

    /// A description safe to print: never the password of a URL.
    pub fn describe(&self) -> String {
        match self {
            Location::Sqlite(p) => format!("SQLite file {}", p.display()),
            Location::Postgres(url) => {
                let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
                let host = after_scheme.rsplit_once('@').map_or(after_scheme, |(_, host)| host);
                format!("PostgreSQL at {host}")
            }
        }
    }
}

impl Db {
    /// Refreshes the planner's statistics after a bulk write. PostgreSQL servers may run
    /// without autovacuum, and a freshly imported national database then gets plans made
    /// for empty tables (seconds instead of milliseconds per page). SQLite plans well
    /// without statistics, and a full ANALYZE of a large file costs more than it gives.
    pub async fn refresh_statistics(&self) -> Result<(), StoreError> {
        if let Db::Postgres(p) = self {
            sqlx::query("ANALYZE").execute(p).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_locations() {
        let dir = Path::new("data");
        assert_eq!(resolve_location(None, dir).unwrap(), Location::Sqlite(dir.join("jobbvei.sqlite3")));
        assert_eq!(resolve_location(Some(""), dir).unwrap(), Location::Sqlite(dir.join("jobbvei.sqlite3")));
        assert_eq!(
            resolve_location(Some("postgres://u@h/db"), dir).unwrap(),
            Location::Postgres("postgres://u@h/db".into())
        );
        assert_eq!(resolve_location(Some("sqlite://x.db"), dir).unwrap(), Location::Sqlite("x.db".into()));
        assert!(matches!(resolve_location(Some("mysql://h/db"), dir), Err(StoreError::UnsupportedUrl)));
    }

    #[test]
    fn never_describes_a_password() {
        let l = Location::Postgres("postgres://user:secret@db.example:5432/jobbvei".into());
        assert_eq!(l.describe(), "PostgreSQL at db.example:5432/jobbvei");
    }
}
