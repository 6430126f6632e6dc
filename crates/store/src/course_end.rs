//! Ending a course: the handover plan, and what the end report and the printable follow-up
//! plan read about one course (measures, follow-up checks, jobs with their percentages).
//! Whether a course may end is the domain's and the web's question; this module stores.

use chrono::{DateTime, NaiveDate, Utc};
use jobbvei_domain::{FollowupCheck, Job, Measure, PercentStep};
use sqlx::AssertSqlSafe;

use crate::engine::Col;
use crate::mapping;
use crate::workplace::cols;
use crate::write::on_tx;
use crate::{Db, StoreError, Tx, on_pool};

/// Who follows up when the course has ended, and what is agreed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    pub course_id: String,
    /// Free text: "veileder", "arbeidsgiver", "helsetjenesten" …
    pub follow_up_by: String,
    pub agreed: String,
    pub veileder_told: bool,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

fn read_handover(r: &impl Col) -> Result<Handover, StoreError> {
    Ok(Handover {
        course_id: r.text(0)?,
        follow_up_by: r.text(1)?,
        agreed: r.text(2)?,
        veileder_told: r.opt_bool(3)? == Some(true),
        created_by: r.text(4)?,
        created_at: r.instant(5)?,
    })
}

pub(crate) fn where_course(t: &mapping::Table, order: &str) -> String {
    format!("{} WHERE course_id = $1 ORDER BY {order}", t.select_all())
}

/// The rows of `t` (which has a `course_id`) on any course of the participant `$1`.
fn of_participant(t: &mapping::Table, order: &str) -> String {
    format!(
        "SELECT {} FROM {} x JOIN course c ON c.id = x.course_id WHERE c.participant_id = $1 ORDER BY {order}",
        cols(t, "x"),
        t.name
    )
}

/// Puts each (job, from, percent) step on its job, in the order given (by date).
pub(crate) fn attach_steps(jobs: &mut [Job], steps: Vec<(String, NaiveDate, f64)>) {
    for (job, from, percent) in steps {
        if let Some(j) = jobs.iter_mut().find(|j| j.id.as_str() == job) {
            j.percent.push(PercentStep { from, percent });
        }
    }
}

impl Db {
    pub async fn handover(&self, course: &str) -> Result<Option<Handover>, StoreError> {
        on_pool!(self, p => sqlx::query(
            "SELECT course_id, follow_up_by, agreed, veileder_told, created_by, created_at \
             FROM course_handover WHERE course_id = $1",
        )
        .bind(course).fetch_optional(p).await?
        .map(|r| read_handover(&r)).transpose())
    }

    /// The course's measure requests, in the order they start.
    pub async fn course_measures(&self, course: &str) -> Result<Vec<Measure>, StoreError> {
        let sql = where_course(&mapping::MEASURE, "from_date, id");
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(course).fetch_all(p).await?
            .iter().map(mapping::read_measure).collect())
    }

    /// The course's follow-up checks, by due date.
    pub async fn course_followup_checks(&self, course: &str) -> Result<Vec<FollowupCheck>, StoreError> {
        let sql = where_course(&mapping::FOLLOWUP, "due, id");
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(course).fetch_all(p).await?
            .iter().map(mapping::read_followup).collect())
    }

    /// The course's jobs by start, each with its percentage history.
    pub async fn course_jobs(&self, course: &str) -> Result<Vec<Job>, StoreError> {
        let sql = where_course(&mapping::JOB, "start_date, id");
        let steps_sql = "SELECT x.job_id, x.from_date, x.percent FROM job_percent x JOIN job j ON j.id = x.job_id \
                         WHERE j.course_id = $1 ORDER BY x.from_date";
        on_pool!(self, p => {
            let mut jobs = sqlx::query(AssertSqlSafe(sql)).bind(course).fetch_all(p).await?
                .iter().map(mapping::read_job).collect::<Result<Vec<_>, _>>()?;
            let steps: Vec<(String, NaiveDate, f64)> = sqlx::query_as(steps_sql).bind(course).fetch_all(p).await?;
            attach_steps(&mut jobs, steps);
            Ok(jobs)
        })
    }

    /// Every follow-up check of the participant's courses, by due date.
    pub async fn participant_followup_checks(&self, participant: &str) -> Result<Vec<FollowupCheck>, StoreError> {
        let sql = of_participant(&mapping::FOLLOWUP, "x.due, x.id");
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(participant).fetch_all(p).await?
            .iter().map(mapping::read_followup).collect())
    }

    /// Id and name of every employer the participant has held a job with.
    pub async fn participant_employers(&self, participant: &str) -> Result<Vec<(String, String)>, StoreError> {
        on_pool!(self, p => Ok(sqlx::query_as(
            "SELECT DISTINCT e.id, e.name FROM employer e JOIN job j ON j.employer_id = e.id \
             JOIN course c ON c.id = j.course_id WHERE c.participant_id = $1",
        )
        .bind(participant).fetch_all(p).await?))
    }
}

impl Tx {
    /// Claims an open course for ending: `false` when it has an end already. On PostgreSQL
    /// the row stays locked until commit, so two people ending it at once cannot both win.
    pub async fn claim_open_course(&mut self, course: &str) -> Result<bool, StoreError> {
        let n = on_tx!(&mut self.0, t => sqlx::query(
            "UPDATE course SET end_date = end_date WHERE id = $1 AND end_date IS NULL",
        )
        .bind(course).execute(&mut **t).await?.rows_affected());
        Ok(n == 1)
    }

    pub async fn insert_handover(&mut self, h: &Handover) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query(
                "INSERT INTO course_handover (course_id, follow_up_by, agreed, veileder_told, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(h.course_id.as_str()).bind(h.follow_up_by.as_str()).bind(h.agreed.as_str())
            .bind(h.veileder_told).bind(h.created_by.as_str()).bind(h.created_at)
            .execute(&mut **t).await?;
        });
        Ok(())
    }
}
