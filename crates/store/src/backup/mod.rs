//! What a backup reads and a restore writes: every row of every table in the catalogue, as
//! typed values, in key order. The file format around it lives in the exchange crate.

mod catalogue;

pub use catalogue::{BackupTable, EXCLUDED, Excluded, Kind, TABLES, table};

use chrono::{DateTime, NaiveDate, Utc};
use futures_util::TryStreamExt;
use sqlx::AssertSqlSafe;

use crate::engine::{Binder, Col};
use crate::write::{Inner, on_tx};
use crate::{Db, Engine, StoreError, Tx};

/// One stored value, typed by its column's kind even when it is NULL.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(Option<String>),
    Date(Option<NaiveDate>),
    Instant(Option<DateTime<Utc>>),
    Bool(Option<bool>),
    Int(Option<i64>),
    Float(Option<f64>),
}

pub(crate) fn read_value<R: Col>(row: &R, i: usize, kind: Kind) -> Result<Value, StoreError> {
    Ok(match kind {
        Kind::Text => Value::Text(row.opt_text(i)?),
        Kind::Date => Value::Date(row.opt_date(i)?),
        Kind::Instant => Value::Instant(row.opt_instant(i)?),
        Kind::Bool => Value::Bool(row.opt_bool(i)?),
        Kind::Int => Value::Int(row.opt_int(i)?),
        Kind::Float => Value::Float(row.opt_float(i)?),
    })
}

fn bind_row(b: &mut dyn Binder, row: &Vec<Value>) {
    for v in row {
        match v {
            Value::Text(x) => b.opt_text(x.as_deref()),
            Value::Date(x) => b.opt_date(*x),
            Value::Instant(x) => b.opt_instant(*x),
            Value::Bool(x) => b.opt_bool(*x),
            Value::Int(x) => b.opt_int(*x),
            Value::Float(x) => b.opt_float(*x),
        }
    }
}

fn order_by(db: Engine, table: &BackupTable) -> String {
    let keys: Vec<String> = table
        .key
        .iter()
        .map(|k| match (db, table.column(k)) {
            // Bytewise on PostgreSQL too, whatever the column's collation.
            (Engine::Postgres, Some(Kind::Text)) => format!("{k} COLLATE \"C\""),
            _ => (*k).to_owned(),
        })
        .collect();
    keys.join(", ")
}

impl Tx {
    fn engine(&self) -> Engine {
        match self.0 {
            Inner::Sqlite(_) => Engine::Sqlite,
            Inner::Postgres(_) => Engine::Postgres,
        }
    }

    /// Every row of `table` in key order, one at a time, each as its columns' values in
    /// catalogue order.
    pub async fn each_backup_row<E: From<StoreError>>(
        &mut self,
        table: &BackupTable,
        mut f: impl FnMut(&[Value]) -> Result<(), E>,
    ) -> Result<(), E> {
        let names: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
        let sql =
            format!("SELECT {} FROM {} ORDER BY {}", names.join(", "), table.name, order_by(self.engine(), table));
        let mut values = Vec::with_capacity(names.len());
        on_tx!(&mut self.0, t => {
            let mut rows = sqlx::query(AssertSqlSafe(sql)).fetch(&mut **t);
            while let Some(row) = rows.try_next().await.map_err(StoreError::from)? {
                values.clear();
                for (i, (_, kind)) in table.columns.iter().enumerate() {
                    values.push(read_value(&row, i, *kind)?);
                }
                f(&values)?;
            }
        });
        Ok(())
    }

    /// The first table (in catalogue order, then the excluded ones) that holds a row, if any.
    pub async fn first_occupied_table(&mut self) -> Result<Option<&'static str>, StoreError> {
        let names = TABLES.iter().map(|t| t.name).chain(EXCLUDED.iter().map(|e| e.name));
        // Derived facts are rebuilt by the restore itself, whatever they held; the job ads'
        // generation and the case stamp always hold their counter rows (migrations 0026 and
        // 0031), which are no data.
        let kept = |n: &&str| {
            !["schema_migration", "job_ad_generation", "case_stamp"].contains(n) && !crate::FACT_TABLES.contains(n)
        };
        for name in names.filter(kept) {
            let sql = format!("SELECT 1 FROM {name} LIMIT 1");
            let found: Option<i32> =
                on_tx!(&mut self.0, t => sqlx::query_scalar(AssertSqlSafe(sql)).fetch_optional(&mut **t).await?);
            if found.is_some() {
                return Ok(Some(name));
            }
        }
        Ok(None)
    }

    /// Inserts rows of `table` holding the values of `columns` (a subset of the table's, in
    /// any order). Plain `INSERT`: a key that is already there is an error, never a merge.
    /// PostgreSQL gets them by `COPY`, which has the same all-or-error rule and spares the
    /// server a statement and an array unpacking per batch (a restore is mostly this).
    pub async fn insert_backup_rows(
        &mut self,
        table: &BackupTable,
        columns: &[&str],
        rows: &[Vec<Value>],
    ) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        // A bulk load's `TRUNCATE` lets the record tables take frozen rows: the restore's
        // closing `VACUUM` then has nothing to rewrite there.
        let freeze = self.1.freeze && crate::read::ALL_TABLES.iter().any(|t| t.name == table.name);
        match &mut self.0 {
            Inner::Postgres(t) => crate::copy::copy_columns(t, table.name, columns, rows, bind_row, freeze).await,
            Inner::Sqlite(t) => {
                let prefix = format!("INSERT INTO {} ({}) ", table.name, columns.join(", "));
                crate::sqlite_rows::insert(t, &prefix, "", columns.len(), rows, bind_row).await
            }
        }
    }

    /// Inserts or updates rows of `table`: `columns` name every value of a row, `key` the
    /// columns whose values say which row it is. A row whose key is there is replaced whole.
    /// For the exchange format's Jobbvei-side records, which share the backup's tables.
    pub async fn upsert_backup_rows(
        &mut self,
        table: &BackupTable,
        columns: &[&str],
        key: &[&str],
        rows: &[Vec<Value>],
    ) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        let prefix = format!("INSERT INTO {} ({}) ", table.name, columns.join(", "));
        let updates: Vec<String> =
            columns.iter().filter(|c| !key.contains(c)).map(|c| format!("{c} = excluded.{c}")).collect();
        let suffix = if updates.is_empty() {
            format!(" ON CONFLICT ({}) DO NOTHING", key.join(", "))
        } else {
            format!(" ON CONFLICT ({}) DO UPDATE SET {}", key.join(", "), updates.join(", "))
        };
        match &mut self.0 {
            Inner::Postgres(t) => crate::columns::insert_with(t, &prefix, columns.len(), &suffix, rows, bind_row).await,
            Inner::Sqlite(t) => crate::sqlite_rows::insert(t, &prefix, &suffix, columns.len(), rows, bind_row).await,
        }
    }

    /// Sets `column` of the rows keyed `key` (a single-column key) after all rows are in.
    pub async fn set_backup_links(
        &mut self,
        table: &BackupTable,
        column: &str,
        links: &[(String, String)],
    ) -> Result<(), StoreError> {
        let key = table.key.first().copied().unwrap_or("id");
        let sql = format!("UPDATE {} SET {column} = $1 WHERE {key} = $2", table.name);
        for (id, target) in links {
            on_tx!(&mut self.0, t => {
                sqlx::query(AssertSqlSafe(sql.as_str())).bind(target).bind(id).execute(&mut **t).await?;
            });
        }
        Ok(())
    }

    /// After a restore, lets PostgreSQL's sequences go on after the restored ids (SQLite's
    /// AUTOINCREMENT follows inserted ids by itself).
    pub async fn reset_backup_sequences(&mut self) -> Result<(), StoreError> {
        let Inner::Postgres(t) = &mut self.0 else { return Ok(()) };
        for table in TABLES.iter().filter(|t| t.serial) {
            let (name, key) = (table.name, table.key[0]);
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{name}', '{key}'), COALESCE(MAX({key}), 0) + 1, false) \
                 FROM {name}"
            );
            sqlx::query(AssertSqlSafe(sql)).execute(&mut **t).await?;
        }
        Ok(())
    }

    /// The newest migration applied: the schema version a backup is made at.
    pub async fn schema_version(&mut self) -> Result<i64, StoreError> {
        let sql = "SELECT COALESCE(MAX(version), 0) FROM schema_migration";
        Ok(on_tx!(&mut self.0, t => sqlx::query_scalar(sql).fetch_one(&mut **t).await?))
    }
}

impl Db {
    /// Every table of the live schema with its columns and their declared types, for the test
    /// that holds the catalogue to the migrations.
    pub async fn schema_columns(&self) -> Result<Vec<(String, String, String)>, StoreError> {
        Ok(match self {
            Db::Sqlite(p, _) => {
                sqlx::query_as(
                    "SELECT m.name, c.name, c.type FROM sqlite_master m, pragma_table_info(m.name) c \
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, c.cid",
                )
                .fetch_all(p)
                .await?
            }
            Db::Postgres(p) => {
                sqlx::query_as(
                    "SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
                )
                .fetch_all(p)
                .await?
            }
        })
    }

    /// Copies a SQLite database, while it is in use, into a new file (`VACUUM INTO`): one
    /// consistent state, compacted. On PostgreSQL use the server's own tools instead.
    pub async fn sqlite_copy(&self, target: &str) -> Result<bool, StoreError> {
        match self {
            Db::Sqlite(p, _) => {
                sqlx::query("VACUUM INTO $1").bind(target).execute(p).await?;
                Ok(true)
            }
            Db::Postgres(_) => Ok(false),
        }
    }
}
