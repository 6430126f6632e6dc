//! What the participant page shows beside each course (educations, the latest three-party
//! meeting, shared interval reports, outreach attempts, passive periods and their planned
//! ends), read for all the participant's courses at once: four queries (the meetings and the
//! shared reports share one) instead of one per kind and course, which the page paid for
//! every course it listed. Also the outreach attempts of many courses at once, for the
//! caseload.

use chrono::NaiveDate;
use jobbvei_domain::{Education, OutreachAttempt, PassivePeriod};
use sqlx::AssertSqlSafe;

use crate::engine::Col;
use crate::workplace::cols;
use crate::{Db, StoreError, mapping, on_pool};

/// The courses of the participant `$1`, for `course_id IN (…)`.
const COURSES_OF: &str = "(SELECT c.id FROM course c WHERE c.participant_id = $1)";

/// A passive period with its planned end, if one is recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedPassive {
    pub period: PassivePeriod,
    pub planned_to: Option<NaiveDate>,
}

/// The records kept beside a participant's courses, each naming its course.
#[derive(Debug, Clone, Default)]
pub struct CourseRecords {
    /// By start, then id.
    pub educations: Vec<Education>,
    /// (course, meeting day) of each cooperation agreement, the latest recorded first.
    pub meetings: Vec<(String, NaiveDate)>,
    /// (course, period number) of each interval report that has been shared.
    pub shared_reports: Vec<(String, i64)>,
    /// Oldest first.
    pub attempts: Vec<OutreachAttempt>,
    /// Oldest first.
    pub passive: Vec<PlannedPassive>,
}

impl Db {
    /// The records beside every course of `participant` (see [`CourseRecords`]).
    pub async fn participant_course_records(&self, participant: &str) -> Result<CourseRecords, StoreError> {
        let sql_e = format!(
            "SELECT {} FROM education x WHERE x.course_id IN {COURSES_OF} ORDER BY x.start_date, x.id",
            cols(&mapping::EDUCATION, "x")
        );
        // The three-party meetings (a day: the latest recorded first) and the shared interval
        // reports (a number: by course and number), both a course and one value, in one
        // statement. Shared when both who and when are recorded, as `Db::interval_notes`
        // reads it.
        let sql_m = format!(
            "SELECT 0, course_id, meeting_date, CAST(NULL AS BIGINT), created_at, id FROM cooperation_agreement \
             WHERE course_id IN {COURSES_OF} \
             UNION ALL SELECT 1, course_id, NULL, number, NULL, NULL FROM interval_report \
             WHERE course_id IN {COURSES_OF} AND shared_by IS NOT NULL AND shared_at IS NOT NULL \
             ORDER BY 1, 5 DESC, 6, 2, 4"
        );
        let sql_a = format!(
            "SELECT id, course_id, tried_on, way, reached, user_id FROM outreach_attempt \
             WHERE course_id IN {COURSES_OF} ORDER BY tried_on, created_at, id"
        );
        let sql_p = format!(
            "SELECT {}, pl.planned_to FROM passive_period x LEFT JOIN passive_plan pl \
             ON pl.course_id = x.course_id AND pl.from_date = x.from_date \
             WHERE x.course_id IN {COURSES_OF} ORDER BY x.course_id, x.from_date",
            cols(&mapping::PASSIVE, "x")
        );
        on_pool!(self, p => {
            let educations = sqlx::query(AssertSqlSafe(sql_e)).bind(participant).fetch_all(p).await?
                .iter().map(mapping::read_education).collect::<Result<Vec<_>, _>>()?;
            let (mut meetings, mut shared_reports) = (Vec::new(), Vec::new());
            for r in sqlx::query(AssertSqlSafe(sql_m)).bind(participant).fetch_all(p).await?.iter() {
                match (r.opt_date(2)?, r.opt_int(3)?) {
                    (Some(day), _) => meetings.push((r.text(1)?, day)),
                    (None, Some(number)) => shared_reports.push((r.text(1)?, number)),
                    (None, None) => {}
                }
            }
            let attempts = sqlx::query_as(AssertSqlSafe(sql_a)).bind(participant).fetch_all(p).await?
                .into_iter().map(crate::outreach::read_attempt).collect::<Result<Vec<_>, _>>()?;
            let passive = sqlx::query(AssertSqlSafe(sql_p)).bind(participant).fetch_all(p).await?
                .iter()
                .map(|r| Ok(PlannedPassive { period: mapping::read_passive(r)?, planned_to: r.opt_date(4)? }))
                .collect::<Result<Vec<_>, StoreError>>()?;
            Ok(CourseRecords { educations, meetings, shared_reports, attempts, passive })
        })
    }

    /// The outreach attempts of the given courses (by course, then as
    /// [`Db::outreach_attempts`] orders them), one statement per 500 courses: the caseload's
    /// outreach flags read them for every passive course (their periods come with the alerts).
    pub async fn attempts_of(&self, courses: &[String]) -> Result<Vec<OutreachAttempt>, StoreError> {
        let mut attempts = Vec::new();
        for chunk in courses.chunks(500) {
            let sql_a = format!(
                "SELECT id, course_id, tried_on, way, reached, user_id FROM outreach_attempt \
                 WHERE course_id IN ({}) ORDER BY course_id, tried_on, created_at, id",
                marks(chunk.len())
            );
            on_pool!(self, p => {
                let mut q = sqlx::query_as(AssertSqlSafe(sql_a));
                for c in chunk {
                    q = q.bind(c.as_str());
                }
                let rows: Vec<crate::outreach::AttemptRow> = q.fetch_all(p).await?;
                for r in rows {
                    attempts.push(crate::outreach::read_attempt(r)?);
                }
            });
        }
        Ok(attempts)
    }
}

/// `$1, $2, … $n`.
fn marks(n: usize) -> String {
    (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}
