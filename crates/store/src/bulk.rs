//! Loading an import into empty record tables. Checking every row against its foreign keys
//! and inserting it into every index one at a time is most of the server's work in a large
//! import (about 57 % of PostgreSQL's time at national scale). When the record tables are
//! empty, the import drops their plain indexes (and on PostgreSQL their foreign keys)
//! inside its own transaction and puts them back just before committing: an index is then
//! built by one sort and a key checked by one join over the whole table. Both engines undo
//! DDL on rollback, so a failed import leaves the schema as it was, constraints included.
//!
//! Only an empty target qualifies: putting keys back checks whole tables, which into a
//! large database would cost far more than the rows being added; and the tables stay
//! locked until commit, which matters only where there is something to read.

use sqlx::{AssertSqlSafe, PgConnection, SqliteConnection};

use crate::read::ALL_TABLES;
use crate::write::{Inner, on_tx};
use crate::{StoreError, Tx};

/// What a bulk load took away, to be put back before commit.
#[derive(Debug)]
pub struct BulkLoad {
    /// `CREATE INDEX …` statements, as the engine reported them.
    indexes: Vec<String>,
    /// (table, constraint name, definition) of PostgreSQL's foreign keys.
    keys: Vec<(String, String, String)>,
    /// Statements that put back the case stamp's triggers (migration 0031), which would
    /// otherwise stamp users once per row loaded: the load raises the epoch instead.
    triggers: Vec<String>,
}

/// The triggers that stamp users' courses as written (migration 0031).
const STAMP_TRIGGERS: &str = "case\\_stamp\\_%";

/// After a load without the stamp's triggers: every kept caseload is out of date.
const RAISE_EPOCH: &str = "UPDATE case_stamp SET n = n + 1 WHERE user_id = ''";

/// Memory for rebuilding indexes and checking keys on PostgreSQL (its key check uses the
/// maintenance setting too): enough to sort or hash the largest table in memory.
const MAINTENANCE_MEMORY: &str = "SET LOCAL maintenance_work_mem = '512MB'";

/// Helper threads SQLite's sorter may use while building indexes at the end of a bulk load,
/// when nothing else of the import runs any more.
const SORTER_THREADS: usize = 2;

fn table_names() -> Vec<String> {
    ALL_TABLES.iter().map(|t| t.name.to_owned()).collect()
}

fn quoted(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

impl Tx {
    /// When every record table is empty, drops their plain indexes and (PostgreSQL) foreign
    /// keys for the rest of this transaction. [`Tx::end_bulk_load`] must run before commit.
    pub async fn begin_bulk_load(&mut self) -> Result<Option<BulkLoad>, StoreError> {
        match &mut self.0 {
            Inner::Sqlite(t) => {
                // BEGIN IMMEDIATE holds the write lock: nobody can fill the tables meanwhile.
                if !sqlite_empty(t).await? {
                    return Ok(None);
                }
                let indexes = sqlite_indexes(t).await?;
                for (name, _) in &indexes {
                    sqlx::query(AssertSqlSafe(format!("DROP INDEX {}", quoted(name)))).execute(&mut **t).await?;
                }
                let triggers: Vec<(String, String)> = sqlx::query_as(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE $1 ESCAPE '\\' ORDER BY name",
                )
                .bind(STAMP_TRIGGERS)
                .fetch_all(&mut **t)
                .await?;
                for (name, _) in &triggers {
                    sqlx::query(AssertSqlSafe(format!("DROP TRIGGER {}", quoted(name)))).execute(&mut **t).await?;
                }
                // Every day's facts are summed as the activities go in, and stored once.
                self.sum_facts_while_loading();
                Ok(Some(BulkLoad {
                    indexes: indexes.into_iter().map(|(_, sql)| sql).collect(),
                    keys: Vec::new(),
                    triggers: triggers.into_iter().map(|(_, sql)| sql).collect(),
                }))
            }
            Inner::Postgres(t) => {
                if !pg_empty(t).await? {
                    return Ok(None);
                }
                // Locked before looking again, so that no other import fills them between
                // the look and the drop.
                let lock = format!("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE", table_names().join(", "));
                sqlx::query(AssertSqlSafe(lock)).execute(&mut **t).await?;
                if !pg_empty(t).await? {
                    return Ok(None);
                }
                let keys: Vec<(String, String, String)> = sqlx::query_as(
                    "SELECT c.conrelid::regclass::text, c.conname::text, pg_get_constraintdef(c.oid) \
                     FROM pg_constraint c \
                     WHERE c.contype = 'f' AND c.conrelid = ANY (SELECT unnest($1::text[])::regclass) \
                     ORDER BY 1, 2",
                )
                .bind(table_names())
                .fetch_all(&mut **t)
                .await?;
                let indexes: Vec<(String, String)> = sqlx::query_as(
                    "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) \
                     FROM pg_index i \
                     WHERE i.indrelid = ANY (SELECT unnest($1::text[])::regclass) \
                       AND NOT i.indisunique AND NOT i.indisprimary \
                       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) \
                     ORDER BY 1",
                )
                .bind(table_names())
                .fetch_all(&mut **t)
                .await?;
                for (table, name, _) in &keys {
                    let sql = format!("ALTER TABLE {table} DROP CONSTRAINT {}", quoted(name));
                    sqlx::query(AssertSqlSafe(sql)).execute(&mut **t).await?;
                }
                for (name, _) in &indexes {
                    sqlx::query(AssertSqlSafe(format!("DROP INDEX {name}"))).execute(&mut **t).await?;
                }
                let triggers: Vec<(String, String)> = sqlx::query_as(
                    "SELECT t.tgrelid::regclass::text, t.tgname::text FROM pg_trigger t \
                     WHERE NOT t.tgisinternal AND t.tgname LIKE $1 ORDER BY 1, 2",
                )
                .bind(STAMP_TRIGGERS)
                .fetch_all(&mut **t)
                .await?;
                for (table, name) in &triggers {
                    let sql = format!("ALTER TABLE {table} DISABLE TRIGGER {}", quoted(name));
                    sqlx::query(AssertSqlSafe(sql)).execute(&mut **t).await?;
                }
                let freeze = pg_truncate(t).await?;
                self.1.freeze = freeze;
                self.sum_facts_while_loading();
                Ok(Some(BulkLoad {
                    indexes: indexes.into_iter().map(|(_, sql)| sql).collect(),
                    keys,
                    triggers: triggers
                        .iter()
                        .map(|(table, name)| format!("ALTER TABLE {table} ENABLE TRIGGER {}", quoted(name)))
                        .collect(),
                }))
            }
        }
    }

    /// Builds the dropped indexes and adds the dropped foreign keys back, each checked
    /// against the whole table: a row that breaks one fails the import here.
    pub async fn end_bulk_load(&mut self, load: BulkLoad) -> Result<(), StoreError> {
        // Before the index builds, whose sorts are the load's peak of memory: the summed
        // facts are freed first.
        let started = std::time::Instant::now();
        self.write_summed_facts().await?;
        let facts_s = started.elapsed().as_secs_f64();
        match &mut self.0 {
            Inner::Sqlite(t) => sqlite_build_indexes(t, &load.indexes).await?,
            Inner::Postgres(t) => {
                self.1.freeze = false;
                sqlx::query(MAINTENANCE_MEMORY).execute(&mut **t).await?;
                for sql in &load.indexes {
                    sqlx::query(AssertSqlSafe(sql.clone())).execute(&mut **t).await?;
                }
                for (table, name, definition) in &load.keys {
                    let sql = format!("ALTER TABLE {table} ADD CONSTRAINT {} {definition}", quoted(name));
                    sqlx::query(AssertSqlSafe(sql)).execute(&mut **t).await?;
                }
            }
        }
        on_tx!(&mut self.0, t => {
            for sql in &load.triggers {
                sqlx::query(AssertSqlSafe(sql.clone())).execute(&mut **t).await?;
            }
            sqlx::query(RAISE_EPOCH).execute(&mut **t).await?;
        });
        // The closing steps run on one thread while nothing else of the load does: their
        // times say where a large import's tail goes (docs/benchmarks.md).
        tracing::info!(
            facts_s = format!("{facts_s:.1}"),
            indexes = load.indexes.len(),
            indexes_s = format!("{:.1}", started.elapsed().as_secs_f64() - facts_s),
            "bulk load: summed facts written and indexes built"
        );
        Ok(())
    }
}

/// Empties the (empty) record tables with `TRUNCATE`, after which PostgreSQL lets `COPY`
/// write frozen rows. TRUNCATE must name every table whose foreign keys point at one it
/// empties, so those are found (transitively) and must be empty too; when one is not, or
/// anything fails, nothing is truncated and the rows are written unfrozen. The savepoint's
/// release hands the new files to the transaction itself, where `COPY FREEZE` looks.
async fn pg_truncate(t: &mut PgConnection) -> Result<bool, StoreError> {
    let tables: Vec<String> = sqlx::query_scalar(
        "WITH RECURSIVE hit(oid) AS (              SELECT unnest($1::text[])::regclass::oid              UNION              SELECT c.conrelid FROM pg_constraint c JOIN hit ON c.confrelid = hit.oid WHERE c.contype = 'f'          ) SELECT oid::regclass::text FROM hit ORDER BY 1",
    )
    .bind(table_names())
    .fetch_all(&mut *t)
    .await?;
    let any: Vec<String> = tables.iter().map(|name| format!("EXISTS (SELECT 1 FROM {name})")).collect();
    let empty: bool =
        sqlx::query_scalar(AssertSqlSafe(format!("SELECT NOT ({})", any.join(" OR ")))).fetch_one(&mut *t).await?;
    if !empty {
        return Ok(false);
    }
    sqlx::query("SAVEPOINT bulk_truncate").execute(&mut *t).await?;
    let truncate = format!("TRUNCATE {}", tables.join(", "));
    match sqlx::query(AssertSqlSafe(truncate)).execute(&mut *t).await {
        Ok(_) => {
            sqlx::query("RELEASE SAVEPOINT bulk_truncate").execute(&mut *t).await?;
            Ok(true)
        }
        Err(e) => {
            tracing::warn!(error = %e, "bulk load: could not truncate the empty record tables; rows are written unfrozen");
            sqlx::query("ROLLBACK TO SAVEPOINT bulk_truncate").execute(&mut *t).await?;
            sqlx::query("RELEASE SAVEPOINT bulk_truncate").execute(&mut *t).await?;
            Ok(false)
        }
    }
}

impl crate::Db {
    /// `VACUUM` of the record tables on PostgreSQL, after rows were written into them in
    /// bulk without `FREEZE`: it sets the hint bits and the visibility map that the first
    /// reads would otherwise have to settle (and write back) page by page; with `analyze`,
    /// their statistics too. On SQLite there is nothing of the kind to settle.
    pub async fn vacuum_record_tables(&self, analyze: bool) -> Result<(), StoreError> {
        if let crate::Db::Postgres(p) = self {
            let what = if analyze { "VACUUM (ANALYZE)" } else { "VACUUM" };
            let sql = format!("{what} {}", table_names().join(", "));
            sqlx::query(AssertSqlSafe(sql)).execute(p).await?;
        }
        Ok(())
    }
}

/// Builds the indexes with SQLite's sorter allowed to spill to temporary files and to use a
/// second thread. The connection's `temp_store = MEMORY` keeps the whole sort of an index
/// in memory (SQLite never writes sorted runs out then, nor starts sorter threads): 936 MB
/// for the national activities. With `FILE` the sorter holds runs of `cache_size` bytes
/// (64 MB) and merges them from files in the temporary directory, which the operating
/// system mostly keeps in its page cache. Both settings are put back afterwards, whatever
/// the outcome, so the connection returns to the pool as it was.
async fn sqlite_build_indexes(t: &mut SqliteConnection, indexes: &[String]) -> Result<(), StoreError> {
    let temp_store: i64 = sqlx::query_scalar("PRAGMA temp_store").fetch_one(&mut *t).await?;
    let threads: i64 = sqlx::query_scalar("PRAGMA threads").fetch_one(&mut *t).await?;
    sqlx::query("PRAGMA temp_store = FILE").execute(&mut *t).await?;
    sqlx::query(AssertSqlSafe(format!("PRAGMA threads = {SORTER_THREADS}"))).execute(&mut *t).await?;
    let mut built = Ok(());
    for sql in indexes {
        if let Err(e) = sqlx::query(AssertSqlSafe(sql.clone())).execute(&mut *t).await {
            built = Err(e.into());
            break;
        }
    }
    sqlx::query(AssertSqlSafe(format!("PRAGMA temp_store = {temp_store}"))).execute(&mut *t).await?;
    sqlx::query(AssertSqlSafe(format!("PRAGMA threads = {threads}"))).execute(&mut *t).await?;
    built
}

async fn pg_empty(t: &mut PgConnection) -> Result<bool, StoreError> {
    let any: Vec<String> = ALL_TABLES.iter().map(|t| format!("EXISTS (SELECT 1 FROM {})", t.name)).collect();
    let sql = format!("SELECT NOT ({})", any.join(" OR "));
    Ok(sqlx::query_scalar(AssertSqlSafe(sql)).fetch_one(t).await?)
}

async fn sqlite_empty(t: &mut SqliteConnection) -> Result<bool, StoreError> {
    let any: Vec<String> = ALL_TABLES.iter().map(|t| format!("EXISTS (SELECT 1 FROM {})", t.name)).collect();
    let sql = format!("SELECT NOT ({})", any.join(" OR "));
    Ok(sqlx::query_scalar(AssertSqlSafe(sql)).fetch_one(t).await?)
}

/// The indexes made by `CREATE INDEX` (not those behind a primary key or UNIQUE) on the
/// record tables, with their statements.
async fn sqlite_indexes(t: &mut SqliteConnection) -> Result<Vec<(String, String)>, StoreError> {
    let mut out = Vec::new();
    for table in ALL_TABLES {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT l.name, m.sql FROM pragma_index_list($1) l JOIN sqlite_master m ON m.name = l.name \
             WHERE l.origin = 'c' AND l.\"unique\" = 0 AND m.sql IS NOT NULL ORDER BY l.name",
        )
        .bind(table.name)
        .fetch_all(&mut *t)
        .await?;
        out.extend(rows);
    }
    Ok(out)
}
