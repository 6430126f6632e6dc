//! Forward-only migrations, embedded in the binary, one file per version and engine.

use sqlx::Executor;

use crate::{Db, StoreError};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "core",
        sqlite: include_str!("../migrations/sqlite/0001_core.sql"),
        postgres: include_str!("../migrations/postgres/0001_core.sql"),
    },
    Migration {
        version: 2,
        name: "auth_audit",
        sqlite: include_str!("../migrations/sqlite/0002_auth_audit.sql"),
        postgres: include_str!("../migrations/postgres/0002_auth_audit.sql"),
    },
    Migration {
        version: 3,
        name: "reviews",
        sqlite: include_str!("../migrations/sqlite/0003_reviews.sql"),
        postgres: include_str!("../migrations/postgres/0003_reviews.sql"),
    },
    Migration {
        version: 4,
        name: "measures",
        sqlite: include_str!("../migrations/sqlite/0004_measures.sql"),
        postgres: include_str!("../migrations/postgres/0004_measures.sql"),
    },
    Migration {
        version: 5,
        name: "course_end",
        sqlite: include_str!("../migrations/sqlite/0005_course_end.sql"),
        postgres: include_str!("../migrations/postgres/0005_course_end.sql"),
    },
    Migration {
        version: 6,
        name: "profile",
        sqlite: include_str!("../migrations/sqlite/0006_profile.sql"),
        postgres: include_str!("../migrations/postgres/0006_profile.sql"),
    },
];

const CREATE_LEDGER: &str =
    "CREATE TABLE IF NOT EXISTS schema_migration (version BIGINT PRIMARY KEY, name TEXT NOT NULL)";

/// Arbitrary key for PostgreSQL's advisory lock, so that instances starting together
/// do not migrate twice.
const MIGRATION_LOCK: i64 = 0x004a_6f62_6276_6569;

impl Db {
    /// Applies every migration not yet applied, each in its own transaction.
    pub async fn migrate(&self) -> Result<Vec<i64>, StoreError> {
        let mut applied = Vec::new();
        match self {
            Db::Sqlite(pool) => {
                pool.execute(CREATE_LEDGER).await?;
                for m in MIGRATIONS {
                    let mut tx = pool.begin().await?;
                    let done: Option<i64> =
                        sqlx::query_scalar("SELECT version FROM schema_migration WHERE version = $1")
                            .bind(m.version)
                            .fetch_optional(&mut *tx)
                            .await?;
                    if done.is_none() {
                        let fail = |source| StoreError::Migration { version: m.version, source };
                        sqlx::raw_sql(m.sqlite).execute(&mut *tx).await.map_err(fail)?;
                        record(&mut *tx, m).await?;
                        tx.commit().await?;
                        applied.push(m.version);
                    }
                }
            }
            Db::Postgres(pool) => {
                let mut conn = pool.acquire().await?;
                sqlx::query("SELECT pg_advisory_lock($1)").bind(MIGRATION_LOCK).execute(&mut *conn).await?;
                let result = async {
                    conn.execute(CREATE_LEDGER).await?;
                    for m in MIGRATIONS {
                        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
                        let done: Option<i64> =
                            sqlx::query_scalar("SELECT version FROM schema_migration WHERE version = $1")
                                .bind(m.version)
                                .fetch_optional(&mut *tx)
                                .await?;
                        if done.is_none() {
                            let fail = |source| StoreError::Migration { version: m.version, source };
                            sqlx::raw_sql(m.postgres).execute(&mut *tx).await.map_err(fail)?;
                            record(&mut *tx, m).await?;
                            tx.commit().await?;
                            applied.push(m.version);
                        }
                    }
                    Ok::<_, StoreError>(())
                }
                .await;
                sqlx::query("SELECT pg_advisory_unlock($1)").bind(MIGRATION_LOCK).execute(&mut *conn).await?;
                result?;
            }
        }
        for v in &applied {
            tracing::info!(version = v, "applied migration");
        }
        Ok(applied)
    }
}

async fn record<'c, E>(conn: E, m: &Migration) -> Result<(), StoreError>
where
    E: sqlx::Executor<'c>,
    for<'q> i64: sqlx::Encode<'q, E::Database> + sqlx::Type<E::Database>,
    for<'q> &'q str: sqlx::Encode<'q, E::Database> + sqlx::Type<E::Database>,
    for<'q> <E::Database as sqlx::Database>::Arguments: sqlx::IntoArguments<E::Database>,
{
    sqlx::query("INSERT INTO schema_migration (version, name) VALUES ($1, $2)")
        .bind(m.version)
        .bind(m.name)
        .execute(conn)
        .await?;
    Ok(())
}
