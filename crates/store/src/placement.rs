//! Unpaid placements (jobbsmak, arbeidstrening): the purpose Jobbvei records for each, and
//! extending one. The purpose is Jobbvei's own and is not exported; the count of extensions
//! and the planned end live on `job` and travel in the exchange format. Whether a placement
//! may be changed, and by whom, is the web's question; callers audit in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};

use crate::write::on_tx;
use crate::{Db, StoreError, Tx, on_pool};

/// (employer id, name) of the participant's jobs, and (job id, purpose) of their placements.
pub type JobEmployersAndPurposes = (Vec<(String, String)>, Vec<(String, String)>);

/// (job id, employer id, employer name, purpose) as read.
type JobEmployerPurpose = (String, Option<String>, Option<String>, Option<String>);

impl Db {
    /// For the participant page's job chain, in one statement: (employers, purposes). The
    /// employers are (id, name) of every employer the participant has held a job with, as
    /// [`Db::participant_employers`] answers; the purposes are (job id,
    /// purpose) of the placements that have one, by job id.
    pub async fn job_employers_and_purposes(&self, participant: &str) -> Result<JobEmployersAndPurposes, StoreError> {
        let rows: Vec<JobEmployerPurpose> = on_pool!(self, p => sqlx::query_as(
            "SELECT j.id, e.id, e.name, x.purpose FROM job j JOIN course c ON c.id = j.course_id \
             LEFT JOIN employer e ON e.id = j.employer_id LEFT JOIN placement_purpose x ON x.job_id = j.id \
             WHERE c.participant_id = $1 ORDER BY j.id",
        )
        .bind(participant).fetch_all(p).await?);
        let mut employers: Vec<(String, String)> = Vec::new();
        let mut purposes = Vec::new();
        for (job, employer, name, purpose) in rows {
            if let (Some(e), Some(n)) = (employer, name) {
                employers.push((e, n));
            }
            if let Some(purpose) = purpose {
                purposes.push((job, purpose));
            }
        }
        employers.sort();
        employers.dedup();
        Ok((employers, purposes))
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
