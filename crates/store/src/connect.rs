//! Where the data lives: a SQLite file under the data folder unless a URL says otherwise.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{AssertSqlSafe, ConnectOptions, Connection};

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

/// Prepared statements kept per SQLite connection (sqlx's default is 100).
const STATEMENT_CACHE: usize = 256;

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
                    .pragma("temp_store", "memory")
                    // Room for each record table's bulk INSERT statements (`sqlite_rows`)
                    // beside the usual queries, so an import compiles each of them once.
                    .statement_cache_capacity(STATEMENT_CACHE);
                // No ping before each acquire: a file has no other end to lose (see `fresh`).
                let reads = SqlitePoolOptions::new()
                    .max_connections(4)
                    .test_before_acquire(false)
                    .connect_with(options.clone())
                    .await?;
                Db::Sqlite(reads, crate::Writer::new(options))
            }
            Location::Postgres(url) => Db::Postgres(
                PgPoolOptions::new()
                    .max_connections(10)
                    .acquire_timeout(Duration::from_secs(10))
                    .test_before_acquire(false)
                    .before_acquire(|conn, meta| Box::pin(fresh(conn, meta)))
                    .connect(url)
                    .await
                    .map_err(|e| missing_database(url, e))?,
            ),
        };
        db.migrate().await?;
        db.ensure_facts().await?;
        Ok(db)
    }

    /// Makes the database if it is not there (the PostgreSQL database named in the URL, on
    /// its server; the SQLite file) and applies the migrations. `true` when it was made.
    pub async fn create_database(&self) -> Result<bool, StoreError> {
        let made = match self {
            Location::Sqlite(path) => !path.exists(),
            Location::Postgres(url) => {
                let options = PgConnectOptions::from_str(url)?;
                // Without a name the server's default database is meant, which exists.
                let Some(name) = options.get_database().map(str::to_owned) else {
                    return self.open().await.map(|_| false);
                };
                // The maintenance database every server has, where CREATE DATABASE may run.
                let mut conn = options.database("postgres").connect().await?;
                let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
                    .bind(&name)
                    .fetch_one(&mut conn)
                    .await?;
                if !exists {
                    let sql = format!("CREATE DATABASE \"{}\"", name.replace('"', "\"\""));
                    sqlx::query(AssertSqlSafe(sql)).execute(&mut conn).await?;
                }
                conn.close().await?;
                !exists
            }
        };
        self.open().await?.close().await;
        Ok(made)
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

/// How long a connection may lie idle before it is pinged on its way out of the pool.
const PING_AFTER_IDLE: Duration = Duration::from_secs(5);

/// Whether an idle PostgreSQL connection is still fit to use. sqlx pings every connection
/// as it goes back to the pool, and by default again as it comes out: with a pool taken per
/// statement, that made every statement three round trips (on SQLite three hand-offs to the
/// connection's thread). One just put back was pinged then; only one left idle longer, which
/// the server or a proxy may have dropped meanwhile, is pinged again.
async fn fresh(conn: &mut sqlx::PgConnection, meta: sqlx::pool::PoolConnectionMetadata) -> Result<bool, sqlx::Error> {
    if meta.idle_for >= PING_AFTER_IDLE {
        conn.ping().await?;
    }
    Ok(true)
}

/// PostgreSQL's "database does not exist" (SQLSTATE 3D000) said plainly, with what to do;
/// its own message points at a line of the server's source.
fn missing_database(url: &str, e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(d) = &e
        && d.code().as_deref() == Some("3D000")
    {
        let name = PgConnectOptions::from_str(url).ok().and_then(|o| o.get_database().map(str::to_owned));
        return StoreError::NoDatabase { name: name.unwrap_or_default() };
    }
    e.into()
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

    /// A URL to a database that is not there says so and how to make it; `create_database`
    /// makes it once.
    #[tokio::test]
    async fn a_missing_postgres_database_is_named_and_can_be_created() {
        let server = crate::testing::pg_server_url();
        let Ok(mut admin) = sqlx::PgConnection::connect(&server).await else {
            eprintln!("note: skipping PostgreSQL");
            return;
        };
        let name = format!("jobbvei_t_{}_nodb", std::process::id());
        let url = format!("{}/{name}", server.rsplit_once('/').unwrap().0);
        let drop = format!("DROP DATABASE IF EXISTS \"{name}\"");
        sqlx::query(AssertSqlSafe(drop.clone())).execute(&mut admin).await.unwrap();
        let location = Location::Postgres(url);
        let e = location.open().await.unwrap_err();
        assert!(matches!(&e, StoreError::NoDatabase { name: n } if *n == name), "{e:?}");
        assert_eq!(
            e.to_string(),
            format!(
                "the PostgreSQL database \"{name}\" does not exist on that server; create it with `jobbvei --database-url URL db create` (or ask its administrator)"
            )
        );
        assert!(location.create_database().await.unwrap());
        assert!(!location.create_database().await.unwrap(), "made once");
        location.open().await.unwrap().close().await;
        sqlx::query(AssertSqlSafe(drop)).execute(&mut admin).await.unwrap();
    }

    #[tokio::test]
    async fn create_database_makes_the_sqlite_file() {
        let dir = std::env::temp_dir().join(format!("jobbvei-create-{}", std::process::id()));
        let location = Location::Sqlite(dir.join("jobbvei.sqlite3"));
        assert!(location.create_database().await.unwrap());
        assert!(!location.create_database().await.unwrap());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn never_describes_a_password() {
        let l = Location::Postgres("postgres://user:secret@db.example:5432/jobbvei".into());
        assert_eq!(l.describe(), "PostgreSQL at db.example:5432/jobbvei");
    }
}
