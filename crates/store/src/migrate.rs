//! Forward-only migrations, embedded in the binary, one file per version and engine.

use sqlx::Executor;

use crate::{Db, StoreError};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

/// One migration: both engines' files share the name `NNNN_<name>.sql`, so a file can never
/// be missing on one engine without the build failing.
macro_rules! migration {
    ($version:literal, $file:literal, $name:literal) => {
        Migration {
            version: $version,
            name: $name,
            sqlite: include_str!(concat!("../migrations/sqlite/", $file, ".sql")),
            postgres: include_str!(concat!("../migrations/postgres/", $file, ".sql")),
        }
    };
}

const MIGRATIONS: &[Migration] = &[
    migration!(1, "0001_core", "core"),
    migration!(2, "0002_auth_audit", "auth_audit"),
    migration!(3, "0003_reviews", "reviews"),
    migration!(4, "0004_measures", "measures"),
    migration!(5, "0005_course_end", "course_end"),
    migration!(6, "0006_profile", "profile"),
    migration!(7, "0007_notifications", "notifications"),
    migration!(8, "0008_placement", "placement"),
    migration!(9, "0009_oidc", "oidc"),
    migration!(10, "0010_followup_course", "followup_course"),
    migration!(11, "0011_employer_requirement", "employer_requirement"),
    migration!(12, "0012_keep_extras", "keep_extras"),
    migration!(13, "0013_referral", "referral"),
    migration!(14, "0014_collaboration", "collaboration"),
    migration!(15, "0015_registration", "registration"),
    migration!(16, "0016_cutoff", "cutoff"),
    migration!(17, "0017_gdpr", "gdpr"),
    migration!(18, "0018_ads", "ads"),
    // 17 and 18 are added on other branches; versions are applied in list order, each once.
    migration!(19, "0019_employer_pipeline", "employer_pipeline"),
    // 20 and 21 are taken on other branches.
    migration!(22, "0022_instances", "instances"),
    migration!(23, "0023_kpi_facts", "kpi_facts"),
    migration!(24, "0024_page_indexes", "page_indexes"),
    migration!(25, "0025_course_facts", "course_facts"),
    migration!(26, "0026_ad_generation", "ad_generation"),
    migration!(27, "0027_caseload_indexes", "caseload_indexes"),
    // 28 is unused.
    migration!(29, "0029_team_members", "team_members"),
    migration!(30, "0030_employer_activity_index", "employer_activity_index"),
    migration!(31, "0031_case_stamp", "case_stamp"),
    migration!(32, "0032_course_scope_index", "course_scope_index"),
    migration!(33, "0033_case_stamp_plans", "case_stamp_plans"),
    migration!(34, "0034_case_stamp_collation", "case_stamp_collation"),
    migration!(35, "0035_case_stamp_owner", "case_stamp_owner"),
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
            Db::Sqlite(pool, _) => {
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
