//! The employer pipeline's reads and writes (issue 15 part 1): the office's employers with
//! their last and next contact and our participants there now, the held relationships the
//! release rule looks at, since when a holder holds one, the release notices already sent,
//! the "Kandidat presentert" mark on activities, and what the data says about the stage.
//! The rules are `jobbvei_domain::pipeline`'s; who may do what is the web's.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use crate::engine::Col;
use crate::write::on_tx;
use crate::{Db, StoreError, Tx, on_pool};

/// One employer on the office's board.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardRow {
    pub id: String,
    pub name: String,
    pub industry: Option<String>,
    /// Municipality number.
    pub municipality: Option<String>,
    /// Stage code.
    pub stage: Option<String>,
    pub holder_id: Option<String>,
    pub holder_name: Option<String>,
    /// The day of the last done activity with the employer, by anyone.
    pub last_contact: Option<NaiveDate>,
    /// The first planned activity with the employer from now on.
    pub next_contact: Option<DateTime<Utc>>,
    /// Our participants with a job there today.
    pub participants_now: i64,
}

/// A held relationship as the release rule needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldEmployer {
    pub id: String,
    pub name: String,
    pub holder_id: String,
    /// The holder's last done activity with the employer, on or before the day asked.
    pub holder_last_contact: Option<NaiveDate>,
    /// Since when this holder holds it, when Jobbvei saw them take it.
    pub held_since: Option<NaiveDate>,
}

/// An employer and what the data says of its stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageFacts {
    pub id: String,
    pub stage: Option<String>,
    pub candidate_presented: bool,
    pub paid_job_started: bool,
}

/// Employers of the office: held by one of its users, or not held by another office and
/// met by one of its users or employing a participant one of its users follows.
const BOARD_SQL: &str = "WITH office_users AS ( \
       SELECT u.id FROM app_user u JOIN team t ON t.id = u.team_id WHERE t.office_id = $1), \
     touched AS ( \
       SELECT e.id FROM employer e WHERE e.holder_id IN (SELECT id FROM office_users) \
       UNION SELECT a.employer_id FROM activity a \
         WHERE a.employer_id IS NOT NULL AND a.user_id IN (SELECT id FROM office_users) \
       UNION SELECT j.employer_id FROM job j JOIN course c ON c.id = j.course_id \
         WHERE c.job_specialist_id IN (SELECT id FROM office_users)) \
     SELECT e.id, e.name, e.industry, e.municipality, e.stage, e.holder_id, hu.name, \
       (SELECT MAX(a.local_date) FROM activity a WHERE a.employer_id = e.id AND a.status = 'gjennomfort' \
          AND a.local_date <= $3), \
       (SELECT MIN(a.start_at) FROM activity a WHERE a.employer_id = e.id AND a.status = 'planlagt' \
          AND a.start_at >= $2), \
       (SELECT COUNT(DISTINCT c.participant_id) FROM job j JOIN course c ON c.id = j.course_id \
          WHERE j.employer_id = e.id AND j.start_date <= $3 AND (j.end_date IS NULL OR j.end_date >= $3)) \
     FROM employer e LEFT JOIN app_user hu ON hu.id = e.holder_id \
     WHERE e.id IN (SELECT id FROM touched) \
       AND NOT EXISTS (SELECT 1 FROM app_user h2 JOIN team t2 ON t2.id = h2.team_id \
         WHERE h2.id = e.holder_id AND t2.office_id <> $1) \
     ORDER BY e.name_search, e.id";

/// The two facts behind an automatic stage move, per employer.
const FACTS: &str = "SELECT e.id, e.stage, \
       (SELECT COUNT(*) FROM activity_candidate k JOIN activity a ON a.id = k.activity_id \
          WHERE a.employer_id = e.id AND a.status = 'gjennomfort'), \
       (SELECT COUNT(*) FROM job j WHERE j.employer_id = e.id AND j.paid = $1 \
          AND j.form NOT IN ('jobbsmak', 'arbeidstrening') AND j.start_date <= $2) \
     FROM employer e";

fn facts(r: &impl Col) -> Result<StageFacts, StoreError> {
    Ok(StageFacts {
        id: r.text(0)?,
        stage: r.opt_text(1)?,
        candidate_presented: r.int(2)? > 0,
        paid_job_started: r.int(3)? > 0,
    })
}

impl Db {
    /// The office's employers, by name, as of `now` (its day in Oslo is `today`).
    pub async fn pipeline_board(
        &self,
        office: &str,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<Vec<BoardRow>, StoreError> {
        on_pool!(self, p => {
            let rows = sqlx::query(BOARD_SQL).bind(office).bind(now).bind(today).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(BoardRow {
                        id: r.text(0)?,
                        name: r.text(1)?,
                        industry: r.opt_text(2)?,
                        municipality: r.opt_text(3)?,
                        stage: r.opt_text(4)?,
                        holder_id: r.opt_text(5)?,
                        holder_name: r.opt_text(6)?,
                        last_contact: r.opt_date(7)?,
                        next_contact: r.opt_instant(8)?,
                        participants_now: r.int(9)?,
                    })
                })
                .collect()
        })
    }

    /// Every held relationship, by employer id, with the holder's last done contact on or
    /// before `day` and since when they hold it.
    pub async fn held_employers(&self, day: NaiveDate) -> Result<Vec<HeldEmployer>, StoreError> {
        on_pool!(self, p => {
            let rows = sqlx::query(
                "SELECT e.id, e.name, e.holder_id, \
                   (SELECT MAX(a.local_date) FROM activity a WHERE a.employer_id = e.id \
                      AND a.user_id = e.holder_id AND a.status = 'gjennomfort' AND a.local_date <= $1), \
                   (SELECT h.since FROM employer_hold h WHERE h.employer_id = e.id AND h.holder_id = e.holder_id) \
                 FROM employer e WHERE e.holder_id IS NOT NULL ORDER BY e.id",
            )
            .bind(day).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(HeldEmployer {
                        id: r.text(0)?,
                        name: r.text(1)?,
                        holder_id: r.text(2)?,
                        holder_last_contact: r.opt_date(3)?,
                        held_since: r.opt_date(4)?,
                    })
                })
                .collect()
        })
    }

    /// Employers whose data says more than their stage: a presented candidate or a started
    /// paid job where the stage is not `ansatt` yet (the caller decides with the domain rule).
    pub async fn employers_behind(&self, today: NaiveDate) -> Result<Vec<StageFacts>, StoreError> {
        let sql = format!(
            "{FACTS} WHERE (e.stage IS NULL OR e.stage <> 'ansatt') AND (\
               e.id IN (SELECT a.employer_id FROM activity_candidate k JOIN activity a ON a.id = k.activity_id \
                 WHERE a.status = 'gjennomfort') \
               OR e.id IN (SELECT j.employer_id FROM job j WHERE j.paid = $1 \
                 AND j.form NOT IN ('jobbsmak', 'arbeidstrening') AND j.start_date <= $2)) ORDER BY e.id"
        );
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(true).bind(today).fetch_all(p).await?
            .iter().map(facts).collect())
    }

    /// Whether the activity is marked as presenting a candidate.
    pub async fn candidate_presented(&self, activity: &str) -> Result<bool, StoreError> {
        let n: i64 = on_pool!(self, p => sqlx::query_scalar(
            "SELECT COUNT(*) FROM activity_candidate WHERE activity_id = $1",
        )
        .bind(activity).fetch_one(p).await?);
        Ok(n > 0)
    }
}

impl Tx {
    /// What the data says of one employer's stage, as this transaction sees it.
    pub async fn stage_facts(&mut self, employer: &str, today: NaiveDate) -> Result<Option<StageFacts>, StoreError> {
        let sql = format!("{FACTS} WHERE e.id = $3");
        on_tx!(&mut self.0, t => sqlx::query(AssertSqlSafe(sql)).bind(true).bind(today).bind(employer)
            .fetch_optional(&mut **t).await?.as_ref().map(facts).transpose())
    }

    /// Records that `holder` holds the employer from `since` (none: nobody holds it).
    pub async fn set_hold(&mut self, employer: &str, holder: Option<&str>, since: NaiveDate) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            match holder {
                Some(h) => sqlx::query(
                    "INSERT INTO employer_hold (employer_id, holder_id, since) VALUES ($1, $2, $3) \
                     ON CONFLICT (employer_id) DO UPDATE SET holder_id = excluded.holder_id, since = excluded.since",
                )
                .bind(employer).bind(h).bind(since).execute(&mut **t).await?,
                None => sqlx::query("DELETE FROM employer_hold WHERE employer_id = $1")
                    .bind(employer).execute(&mut **t).await?,
            };
        });
        Ok(())
    }

    /// Records the notice of a release on `release_on` to `holder`; `false` when it was
    /// sent already.
    pub async fn release_notice_once(
        &mut self,
        employer: &str,
        holder: &str,
        release_on: NaiveDate,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let n = on_tx!(&mut self.0, t => sqlx::query(
            "INSERT INTO employer_release_notice (employer_id, holder_id, release_on, sent_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (employer_id, holder_id, release_on) DO NOTHING",
        )
        .bind(employer).bind(holder).bind(release_on).bind(at).execute(&mut **t).await?.rows_affected());
        Ok(n == 1)
    }

    /// Marks or unmarks the activity as presenting a candidate; `true` when that changed.
    pub async fn mark_candidate(
        &mut self,
        activity: &str,
        presented: bool,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let n = on_tx!(&mut self.0, t => if presented {
            sqlx::query(
                "INSERT INTO activity_candidate (activity_id, marked_by, marked_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (activity_id) DO NOTHING",
            )
            .bind(activity).bind(by).bind(at).execute(&mut **t).await?.rows_affected()
        } else {
            sqlx::query("DELETE FROM activity_candidate WHERE activity_id = $1")
                .bind(activity).execute(&mut **t).await?.rows_affected()
        });
        Ok(n == 1)
    }
}
