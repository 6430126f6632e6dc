//! Unpaid placements (jobbsmak, arbeidstrening): the purpose Jobbvei records for each, and
//! extending one. The purpose is Jobbvei's own and is not exported; the count of extensions
//! and the planned end live on `job` and travel in the exchange format. Whether a placement
//! may be changed, and by whom, is the web's question; callers audit in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};

use crate::write::on_tx;
use crate::{Db, StoreError, Tx, on_pool};

impl Db {
    /// The purposes recorded for a participant's placements: (job id, purpose), by job id.
    pub async fn placement_purposes(&self, participant: &str) -> Result<Vec<(String, String)>, StoreError> {
        on_pool!(self, p => Ok(sqlx::query_as(
            "SELECT x.job_id, x.purpose FROM placement_purpose x JOIN job j ON j.id = x.job_id \
             JOIN course c ON c.id = j.course_id WHERE c.participant_id = $1 ORDER BY x.job_id",
        )
        .bind(participant).fetch_all(p).await?))
    }

    /// One placement's purpose, if recorded.
    pub async fn placement_purpose(&self, job: &str) -> Result<Option<String>, StoreError> {
        on_pool!(self, p => Ok(sqlx::query_scalar("SELECT purpose FROM placement_purpose WHERE job_id = $1")
            .bind(job).fetch_optional(p).await?))
    }
}

impl Tx {
    /// Records or replaces a placement's purpose.
    pub async fn set_placement_purpose(
        &mut self,
        job: &str,
        purpose: &str,
        at: DateTime<Utc>,
        by: &str,
    ) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query(
                "INSERT INTO placement_purpose (job_id, purpose, updated_at, updated_by) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (job_id) DO UPDATE SET purpose = excluded.purpose, updated_at = excluded.updated_at, \
                 updated_by = excluded.updated_by",
            )
            .bind(job).bind(purpose).bind(at).bind(by)
            .execute(&mut **t).await?;
        });
        Ok(())
    }

    /// Moves a placement's planned end from `old` to `new` and counts one more extension;
    /// `false` when the planned end is no longer `old` (someone extended it first).
    pub async fn extend_placement(&mut self, job: &str, old: NaiveDate, new: NaiveDate) -> Result<bool, StoreError> {
        let n = on_tx!(&mut self.0, t => sqlx::query(
            "UPDATE job SET planned_end = $3, extensions = COALESCE(extensions, 0) + 1 \
             WHERE id = $1 AND planned_end = $2",
        )
        .bind(job).bind(old).bind(new).execute(&mut **t).await?.rows_affected());
        Ok(n == 1)
    }
}
