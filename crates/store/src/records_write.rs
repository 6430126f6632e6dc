//! Single records written one at a time, for the JSON API: claiming an id for a new record,
//! and the reads around such a write (the courses and jobs of a set of participants, the
//! employer a contact belongs to). The rows themselves go in through the same upserts as
//! an import (`write.rs`).

use std::collections::HashMap;

use chrono::NaiveDate;
use jobbvei_domain::{Course, Job, PercentStep};
use sqlx::AssertSqlSafe;

use crate::mapping;
use crate::write::{Inner, on_tx};
use crate::{Db, StoreError, Tx, on_pool};

/// The record types the API creates, with their tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Participant,
    Course,
    Job,
    Employer,
    Activity,
}

impl RecordKind {
    fn table(self) -> &'static str {
        match self {
            RecordKind::Participant => mapping::PARTICIPANT.name,
            RecordKind::Course => mapping::COURSE.name,
            RecordKind::Job => mapping::JOB.name,
            RecordKind::Employer => mapping::EMPLOYER.name,
            RecordKind::Activity => mapping::ACTIVITY.name,
        }
    }
}

impl Tx {
    /// Whether `id` is still free for a new record of `kind`, as this transaction sees it.
    /// On PostgreSQL a transaction-scoped advisory lock on (table, id) is taken first, so two
    /// creates of the same id wait for each other and the second sees the first's row;
    /// SQLite lets one writer in at a time anyway.
    pub async fn id_is_free(&mut self, kind: RecordKind, id: &str) -> Result<bool, StoreError> {
        let table = kind.table();
        if let Inner::Postgres(t) = &mut self.0 {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                .bind(format!("{table}:{id}"))
                .execute(&mut **t)
                .await?;
        }
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE id = $1");
        let n: i64 =
            on_tx!(&mut self.0, t => sqlx::query_scalar(AssertSqlSafe(sql)).bind(id).fetch_one(&mut **t).await?);
        Ok(n == 0)
    }
}

impl Tx {
    /// The participant other than `except` who has this fødselsnummer, as this transaction
    /// sees it. On PostgreSQL a transaction-scoped advisory lock on the number comes first,
    /// so two writes of the same number wait for each other and the second sees the first.
    pub async fn fnr_holder(&mut self, fnr: &str, except: &str) -> Result<Option<String>, StoreError> {
        if let Inner::Postgres(t) = &mut self.0 {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                .bind(format!("participant.fnr:{fnr}"))
                .execute(&mut **t)
                .await?;
        }
        Ok(on_tx!(&mut self.0, t => sqlx::query_scalar(
            "SELECT id FROM participant WHERE fnr = $1 AND id <> $2 ORDER BY id LIMIT 1",
        )
        .bind(fnr).bind(except).fetch_optional(&mut **t).await?))
    }

    /// Records who registered a participant; the first registration stays.
    pub async fn record_registration(
        &mut self,
        participant: &str,
        by: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query(
                "INSERT INTO participant_registration (participant_id, registered_by, registered_at) \
                 VALUES ($1, $2, $3) ON CONFLICT (participant_id) DO NOTHING",
            )
            .bind(participant).bind(by).bind(at)
            .execute(&mut **t).await?;
        });
        Ok(())
    }
}

/// `$first, $first+1, …` for `n` values.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

impl Db {
    /// One page of the courses of these participants, by course id.
    pub async fn courses_of(
        &self,
        participants: &[String],
        limit: i64,
        offset: i64,
    ) -> Result<Vec<Course>, StoreError> {
        if participants.is_empty() {
            return Ok(Vec::new());
        }
        let n = participants.len();
        let sql = format!(
            "{} WHERE participant_id IN ({}) ORDER BY id LIMIT ${} OFFSET ${}",
            mapping::COURSE.select_all(),
            placeholders(1, n),
            n + 1,
            n + 2
        );
        on_pool!(self, p => {
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for id in participants {
                q = q.bind(id.clone());
            }
            q.bind(limit).bind(offset).fetch_all(p).await?.iter().map(mapping::read_course).collect()
        })
    }

    /// One page of the jobs on courses of these participants, by job id, each with its
    /// percentage history.
    pub async fn jobs_of(&self, participants: &[String], limit: i64, offset: i64) -> Result<Vec<Job>, StoreError> {
        if participants.is_empty() {
            return Ok(Vec::new());
        }
        let n = participants.len();
        let cols: Vec<String> = mapping::JOB.columns.iter().map(|c| format!("j.{c}")).collect();
        let sql = format!(
            "SELECT {} FROM job j JOIN course c ON c.id = j.course_id WHERE c.participant_id IN ({}) \
             ORDER BY j.id LIMIT ${} OFFSET ${}",
            cols.join(", "),
            placeholders(1, n),
            n + 1,
            n + 2
        );
        let mut jobs: Vec<Job> = on_pool!(self, p => {
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for id in participants {
                q = q.bind(id.clone());
            }
            q.bind(limit).bind(offset).fetch_all(p).await?.iter().map(mapping::read_job).collect::<Result<_, _>>()?
        });
        if jobs.is_empty() {
            return Ok(jobs);
        }
        let steps_sql = format!(
            "SELECT job_id, from_date, percent FROM job_percent WHERE job_id IN ({}) ORDER BY job_id, from_date",
            placeholders(1, jobs.len())
        );
        let rows: Vec<(String, NaiveDate, f64)> = on_pool!(self, p => {
            let mut q = sqlx::query_as(AssertSqlSafe(steps_sql));
            for j in &jobs {
                q = q.bind(j.id.as_str().to_owned());
            }
            q.fetch_all(p).await?
        });
        let mut steps: HashMap<String, Vec<PercentStep>> = HashMap::new();
        for (job, from, percent) in rows {
            steps.entry(job).or_default().push(PercentStep { from, percent });
        }
        for j in &mut jobs {
            j.percent = steps.remove(j.id.as_str()).unwrap_or_default();
        }
        Ok(jobs)
    }

    /// The employer an employer contact belongs to, if the contact exists.
    pub async fn contact_employer(&self, contact: &str) -> Result<Option<String>, StoreError> {
        on_pool!(self, p => Ok(sqlx::query_scalar("SELECT employer_id FROM employer_contact WHERE id = $1")
            .bind(contact).fetch_optional(p).await?))
    }
}
