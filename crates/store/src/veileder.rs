//! The veileder's own participants (DOMAIN.md §2: participants where they are the assigned
//! veileder), each with the course most recently started, so the veileder sees at a glance
//! who follows the person, in which phase, and whether anything has happened lately.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use crate::engine::Col;
use crate::{Db, StoreError, on_pool};

/// One participant of a veileder, with their latest course if any.
#[derive(Debug, Clone, PartialEq)]
pub struct VeilederRow {
    pub participant_id: String,
    pub participant_name: String,
    pub confidential: bool,
    pub course_id: Option<String>,
    pub method: Option<String>,
    pub course_start: Option<NaiveDate>,
    pub course_end: Option<NaiveDate>,
    pub job_specialist_name: Option<String>,
    /// The phase on `day`.
    pub phase: Option<String>,
    pub passive: bool,
    pub last_activity: Option<NaiveDate>,
    /// The next planned activity of the course from `now` on: when, and its kind's code.
    pub next_meeting: Option<(DateTime<Utc>, String)>,
    /// Measure requests of the participant's courses that wait for the veileder's decision.
    pub awaiting_decision: i64,
    /// The course's jobs ongoing on `day`, by start.
    pub jobs: Vec<CurrentJob>,
}

/// A job ongoing on the day the list is asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct CurrentJob {
    pub course_id: String,
    pub title: Option<String>,
    pub employer: String,
    pub form: String,
    pub paid: Option<bool>,
}

/// The jobs ongoing on `$2` on the courses of the veileder's participants, with the
/// employer's name; the caller keeps those of each row's course.
const JOBS_SQL: &str = "SELECT j.course_id, j.title, e.name, j.form, j.paid FROM job j \
     JOIN employer e ON e.id = j.employer_id JOIN course c ON c.id = j.course_id \
     JOIN participant p ON p.id = c.participant_id \
     WHERE p.veileder_id = $1 AND j.start_date <= $2 AND (j.end_date IS NULL OR j.end_date >= $2) \
     ORDER BY j.start_date, j.id";

impl Db {
    /// The participants `veileder` is assigned to, by name, each with the latest course.
    pub async fn veileder_participants(
        &self,
        veileder: &str,
        day: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<VeilederRow>, StoreError> {
        let sql = "SELECT p.id, p.name, p.confidential, c.id, c.method, c.start_date, c.end_date, u.name, \
               (SELECT ph.phase FROM course_phase ph WHERE ph.course_id = c.id AND ph.from_date <= $2 \
                  ORDER BY ph.from_date DESC LIMIT 1), \
               (SELECT COUNT(*) FROM passive_period x WHERE x.course_id = c.id AND x.from_date <= $2 \
                  AND (x.to_date IS NULL OR x.to_date >= $2)), \
               (SELECT MAX(a.local_date) FROM activity a WHERE a.course_id = c.id AND a.local_date <= $2 \
                  AND a.status IN ('gjennomfort', 'deltaker_uteble')), \
               (SELECT MIN(a.start_at) FROM activity a WHERE a.course_id = c.id AND a.status = 'planlagt' \
                  AND a.start_at >= $3), \
               (SELECT a.kind FROM activity a WHERE a.course_id = c.id AND a.status = 'planlagt' \
                  AND a.start_at >= $3 ORDER BY a.start_at, a.id LIMIT 1), \
               (SELECT COUNT(*) FROM measure m JOIN course c3 ON c3.id = m.course_id \
                  WHERE c3.participant_id = p.id AND m.status = 'sendt_veileder') \
             FROM participant p \
             LEFT JOIN course c ON c.id = (SELECT c2.id FROM course c2 WHERE c2.participant_id = p.id \
                  ORDER BY c2.start_date DESC, c2.id DESC LIMIT 1) \
             LEFT JOIN app_user u ON u.id = c.job_specialist_id \
             WHERE p.veileder_id = $1 ORDER BY p.name_search, p.id";
        on_pool!(self, p => {
            let rows = sqlx::query(AssertSqlSafe(sql)).bind(veileder).bind(day).bind(now).fetch_all(p).await?;
            let jobs = sqlx::query(JOBS_SQL).bind(veileder).bind(day).fetch_all(p).await?;
            let jobs = jobs.iter().map(|r| Ok(CurrentJob {
                course_id: r.text(0)?,
                title: r.opt_text(1)?,
                employer: r.text(2)?,
                form: r.text(3)?,
                paid: r.opt_bool(4)?,
            })).collect::<Result<Vec<_>, StoreError>>()?;
            rows.iter()
                .map(|r| {
                    Ok(VeilederRow {
                        participant_id: r.text(0)?,
                        participant_name: r.text(1)?,
                        confidential: r.opt_bool(2)? == Some(true),
                        course_id: r.opt_text(3)?,
                        method: r.opt_text(4)?,
                        course_start: r.opt_date(5)?,
                        course_end: r.opt_date(6)?,
                        job_specialist_name: r.opt_text(7)?,
                        phase: r.opt_text(8)?,
                        passive: r.int(9)? > 0,
                        last_activity: r.opt_date(10)?,
                        next_meeting: r.opt_instant(11)?.zip(r.opt_text(12)?),
                        awaiting_decision: r.int(13)?,
                        jobs: Vec::new(),
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()
                .map(|mut out| {
                    for row in &mut out {
                        let course = row.course_id.as_deref();
                        row.jobs = jobs.iter().filter(|j| Some(j.course_id.as_str()) == course).cloned().collect();
                    }
                    out
                })
        })
    }
}
