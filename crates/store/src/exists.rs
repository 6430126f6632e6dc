//! Does a record with this exchange id exist? For clear messages before a command acts.

use sqlx::AssertSqlSafe;

use crate::{Db, StoreError, on_pool};

/// Tables that can be asked about, by exchange type name.
const TABLES: [(&str, &str); 6] = [
    ("employer", "employer"),
    ("user", "app_user"),
    ("team", "team"),
    ("office", "office"),
    ("participant", "participant"),
    ("course", "course"),
];

impl Db {
    /// Whether a record of `kind` (`user`, `team`, `office`, `participant`, `course`, `employer`) has this id.
    pub async fn exists(&self, kind: &str, id: &str) -> Result<bool, StoreError> {
        let Some((_, table)) = TABLES.iter().find(|(k, _)| *k == kind) else { return Ok(false) };
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE id = $1");
        let n: i64 = on_pool!(self, p => sqlx::query_scalar(AssertSqlSafe(sql)).bind(id).fetch_one(p).await?);
        Ok(n > 0)
    }
}

impl Db {
    pub async fn exists_employer(&self, id: &str) -> Result<bool, StoreError> {
        self.exists("employer", id).await
    }
}
