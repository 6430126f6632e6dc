//! Loads what the outcome rule `R1@1` reads ([`OutcomeData`]) for a window: the courses open
//! on a day of it, with the phase that holds on `to`, passive periods, jobs (with the
//! percentage on their last day in the window, wage subsidies and the employer's industry)
//! and educations, and the referrals sent in it. Nothing that starts after the window's last
//! day is read: no rule looks at it. The same SQL runs on both engines.

use std::collections::HashMap;

use chrono::NaiveDate;
use futures_util::future::{try_join3, try_join4};
use jobbvei_domain::outcomes::{
    Background, OutcomeCourse, OutcomeData, OutcomeEducation, OutcomeJob, OutcomeReferral, OutcomeStaff, OutcomeTeam,
    Subsidy,
};
use jobbvei_domain::{
    EducationStatus, EndCause, EndedBy, JobForm, MeasureKind, MeasureStatus, Method, NorwegianLevel, PercentStep,
    Phase, ReferralDecision, Role,
};
use sqlx::AssertSqlSafe;

use crate::mapping::corrupt;
use crate::{Db, StoreError, on_pool};

/// The courses of the window, as a condition on `course c` (`$1` from, `$2` to).
pub(crate) const IN_WINDOW: &str = "c.start_date <= $2 AND (c.end_date IS NULL OR c.end_date >= $1)";

type CourseRow = (
    String,
    String,
    String,
    String,
    NaiveDate,
    Option<NaiveDate>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<bool>,
    Option<i64>,
    Option<NaiveDate>,
    Option<String>,
);
type JobRow = (
    String,
    String,
    String,
    Option<String>,
    String,
    Option<bool>,
    NaiveDate,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<String>,
    Option<NaiveDate>,
    Option<f64>,
);
type ReferralRow = (
    String,
    String,
    NaiveDate,
    Option<String>,
    Option<NaiveDate>,
    Option<String>,
    Option<String>,
    Option<bool>,
    Option<i64>,
);

type SubsidyRow = (String, String, Option<NaiveDate>, Option<NaiveDate>);
type EducationRow = (String, Option<String>, NaiveDate, Option<NaiveDate>);

/// One scalar subquery per field of `fields`: the field of the last row of `from` where
/// `condition` holds, ordered by `order`. The rule reads only the phase that holds on `to`
/// and the percentage that holds on a job's last day in the window, and a national year has
/// five phase entries per course: one row per course and job is fetched instead of many.
fn last(fields: &str, from: &str, condition: &str, order: &str) -> String {
    let one = |field: &str| format!("(SELECT {field} FROM {from} WHERE {condition} ORDER BY {order} DESC LIMIT 1)");
    fields.split(", ").map(one).collect::<Vec<_>>().join(", ")
}

impl Db {
    /// Everything rule `R1@1` reads for the window `from..=to`, for the whole country.
    pub async fn outcome_data(&self, from: NaiveDate, to: NaiveDate) -> Result<OutcomeData, StoreError> {
        let courses_sql = format!(
            "SELECT c.id, c.participant_id, c.job_specialist_id, c.method, c.start_date, c.end_date, c.end_cause, c.end_cause_detail, \
             p.norwegian_level, p.interpreter, p.birth_year, {phase_on_to} \
             FROM course c JOIN participant p ON p.id = c.participant_id WHERE {IN_WINDOW} ORDER BY c.id",
            phase_on_to = last(
                "f.from_date, f.phase",
                "course_phase f",
                "f.course_id = c.id AND f.from_date <= $2",
                "f.from_date"
            ),
        );
        let of_courses = format!("SELECT c.id FROM course c WHERE {IN_WINDOW}");
        let passive_sql = format!(
            "SELECT v.course_id, v.from_date, v.to_date FROM passive_period v \
             WHERE v.from_date <= $2 AND v.course_id IN ({of_courses})"
        );
        let jobs_in_window = format!("j.start_date <= $2 AND j.course_id IN ({of_courses})");
        let jobs_sql = format!(
            "SELECT j.id, j.course_id, j.employer_id, e.industry, j.form, j.paid, j.start_date, j.planned_end, \
             j.end_date, j.ended_by, {percent} FROM job j JOIN employer e ON e.id = j.employer_id \
             WHERE {jobs_in_window} ORDER BY j.id",
            percent = last(
                "q.from_date, q.percent",
                "job_percent q",
                "q.job_id = j.id AND q.from_date <= $2 AND (j.end_date IS NULL OR q.from_date <= j.end_date)",
                "q.from_date"
            ),
        );
        let subsidies_sql = format!(
            "SELECT m.job_id, m.status, m.from_date, m.to_date FROM measure m \
             WHERE m.job_id IS NOT NULL AND m.kind IN ('{}', '{}') AND m.course_id IN ({of_courses})",
            MeasureKind::TemporaryWageSubsidy.code(),
            MeasureKind::PermanentWageSubsidy.code(),
        );
        let educations_sql = format!(
            "SELECT u.course_id, u.status, u.start_date, u.end_date FROM education u \
             WHERE u.start_date <= $2 AND u.course_id IN ({of_courses})"
        );
        let referrals_sql = "SELECT r.id, r.team_id, r.sent, r.decision, r.decided, r.reason, \
             p.norwegian_level, p.interpreter, p.birth_year \
             FROM referral r JOIN participant p ON p.id = r.participant_id \
             WHERE r.sent >= $1 AND r.sent <= $2 ORDER BY r.id";

        let started = std::time::Instant::now();
        let data = on_pool!(self, p => {
            macro_rules! all {
                ($row:ty, $sql:expr) => {
                    sqlx::query_as::<_, $row>(AssertSqlSafe($sql)).bind(from).bind(to).fetch_all(p)
                };
            }
            let offices: Vec<String> = sqlx::query_scalar("SELECT id FROM office ORDER BY id").fetch_all(p).await?;
            let teams: Vec<(String, String, String)> =
                sqlx::query_as("SELECT id, office_id, method FROM team ORDER BY id").fetch_all(p).await?;
            let users: Vec<(String, Option<String>, String)> =
                sqlx::query_as("SELECT id, team_id, roles FROM app_user ORDER BY id").fetch_all(p).await?;
            // Independent reads, each on its own pooled connection, so that the rows of one
            // are decoded while the others are still being read.
            let (courses, passive, jobs, (subsidies, educations, referrals)) = try_join4(
                all!(CourseRow, courses_sql.clone()),
                all!((String, NaiveDate, Option<NaiveDate>), passive_sql.clone()),
                all!(JobRow, jobs_sql.clone()),
                try_join3(
                    all!(SubsidyRow, subsidies_sql.clone()),
                    all!(EducationRow, educations_sql.clone()),
                    all!(ReferralRow, referrals_sql),
                ),
            )
            .await?;
            let mut b = Builder::org(offices, teams, users)?;
            b.courses(courses)?;
            b.parts(passive, educations)?;
            b.jobs(jobs, subsidies)?;
            b.referrals(referrals)?;
            b.data
        });
        tracing::debug!(
            ms = started.elapsed().as_millis() as u64,
            courses = data.courses.len(),
            referrals = data.referrals.len(),
            "outcome data loaded"
        );
        Ok(data)
    }
}

fn code<T>(parse: fn(&str) -> Option<T>, table: &'static str, column: &'static str, v: &str) -> Result<T, StoreError> {
    parse(v).ok_or_else(|| corrupt(table, column, v))
}

fn optional<T>(
    parse: fn(&str) -> Option<T>,
    table: &'static str,
    column: &'static str,
    v: Option<&str>,
) -> Result<Option<T>, StoreError> {
    v.map(|v| code(parse, table, column, v)).transpose()
}

fn background(
    level: Option<&str>,
    interpreter: Option<bool>,
    birth_year: Option<i64>,
) -> Result<Background, StoreError> {
    Ok(Background {
        norwegian_level: optional(NorwegianLevel::parse, "participant", "norwegian_level", level)?,
        interpreter,
        birth_year: birth_year.and_then(|y| i32::try_from(y).ok()),
    })
}

/// Turns rows into [`OutcomeData`], references into positions.
struct Builder {
    data: OutcomeData,
    team_index: HashMap<String, usize>,
    course_index: HashMap<String, usize>,
    /// Job id → (course position, job position in the course).
    job_index: HashMap<String, (usize, usize)>,
}

impl Builder {
    fn org(
        offices: Vec<String>,
        teams: Vec<(String, String, String)>,
        users: Vec<(String, Option<String>, String)>,
    ) -> Result<Builder, StoreError> {
        let office_index: HashMap<&str, usize> = offices.iter().enumerate().map(|(i, o)| (o.as_str(), i)).collect();
        let mut team_facts = Vec::with_capacity(teams.len());
        for (id, office, method) in teams {
            let method = code(Method::parse, "team", "method", &method)?;
            team_facts.push(OutcomeTeam { office: office_index.get(office.as_str()).copied(), method, id });
        }
        let team_index: HashMap<String, usize> =
            team_facts.iter().enumerate().map(|(i, t)| (t.id.clone(), i)).collect();
        let staff = users
            .into_iter()
            .map(|(id, team, roles)| OutcomeStaff {
                team: team.and_then(|t| team_index.get(&t).copied()),
                job_specialist: roles.split(',').any(|r| r == Role::JobSpecialist.code()),
                id,
            })
            .collect();
        let data = OutcomeData { offices, teams: team_facts, staff, ..OutcomeData::default() };
        Ok(Builder { data, team_index, course_index: HashMap::new(), job_index: HashMap::new() })
    }

    fn courses(&mut self, rows: Vec<CourseRow>) -> Result<(), StoreError> {
        let staff_index: HashMap<&str, usize> =
            self.data.staff.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
        let mut courses = Vec::with_capacity(rows.len());
        for (
            id,
            participant,
            js,
            method,
            start,
            end,
            cause,
            detail,
            level,
            interpreter,
            birth_year,
            phase_from,
            phase,
        ) in rows
        {
            let phase = match (phase_from, phase) {
                (Some(from), Some(p)) => vec![(from, code(Phase::parse, "course_phase", "phase", &p)?)],
                _ => Vec::new(),
            };
            courses.push(OutcomeCourse {
                participant,
                staff: staff_index.get(js.as_str()).copied(),
                method: code(Method::parse, "course", "method", &method)?,
                background: background(level.as_deref(), interpreter, birth_year)?,
                start,
                end,
                end_cause: optional(EndCause::parse, "course", "end_cause", cause.as_deref())?,
                end_cause_detail: detail,
                phases: phase,
                passive: Vec::new(),
                jobs: Vec::new(),
                educations: Vec::new(),
                id,
            });
        }
        self.course_index = courses.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
        self.data.courses = courses;
        Ok(())
    }

    fn course(&mut self, id: &str) -> Option<&mut OutcomeCourse> {
        let i = *self.course_index.get(id)?;
        self.data.courses.get_mut(i)
    }

    fn parts(
        &mut self,
        passive: Vec<(String, NaiveDate, Option<NaiveDate>)>,
        educations: Vec<EducationRow>,
    ) -> Result<(), StoreError> {
        for (course, from, to) in passive {
            if let Some(c) = self.course(&course) {
                c.passive.push((from, to));
            }
        }
        for (course, status, start, end) in educations {
            let status = optional(EducationStatus::parse, "education", "status", status.as_deref())?;
            if let Some(c) = self.course(&course) {
                c.educations.push(OutcomeEducation { status, start, end });
            }
        }
        // The engines return these in their own order; the rule does not depend on it, but
        // sorted histories read the same everywhere.
        for c in &mut self.data.courses {
            c.passive.sort_by_key(|(from, _)| *from);
            c.educations.sort_by_key(|e| (e.start, e.end, e.status));
        }
        Ok(())
    }

    fn jobs(&mut self, jobs: Vec<JobRow>, subsidies: Vec<SubsidyRow>) -> Result<(), StoreError> {
        for (id, course, employer, industry, form, paid, start, planned_end, end, ended_by, step, percent) in jobs {
            let form = code(JobForm::parse, "job", "form", &form)?;
            let ended_by = optional(EndedBy::parse, "job", "ended_by", ended_by.as_deref())?;
            let Some(&c) = self.course_index.get(&course) else { continue };
            let jobs = &mut self.data.courses[c].jobs;
            self.job_index.insert(id.clone(), (c, jobs.len()));
            jobs.push(OutcomeJob {
                id,
                employer,
                industry,
                form,
                paid: paid == Some(true),
                start,
                planned_end,
                end,
                ended_by,
                percent: step.zip(percent).map(|(from, percent)| PercentStep { from, percent }).into_iter().collect(),
                subsidies: Vec::new(),
            });
        }
        for (job, status, from, to) in subsidies {
            let status = code(MeasureStatus::parse, "measure", "status", &status)?;
            if let Some(&(c, j)) = self.job_index.get(&job) {
                self.data.courses[c].jobs[j].subsidies.push(Subsidy { status, from, to });
            }
        }
        for c in &mut self.data.courses {
            for j in &mut c.jobs {
                j.subsidies.sort_by_key(|s| (s.from, s.to, s.status));
            }
        }
        Ok(())
    }

    fn referrals(&mut self, rows: Vec<ReferralRow>) -> Result<(), StoreError> {
        for (id, team, sent, decision, decided, reason, level, interpreter, birth_year) in rows {
            self.data.referrals.push(OutcomeReferral {
                team: self.team_index.get(&team).copied(),
                background: background(level.as_deref(), interpreter, birth_year)?,
                sent,
                decision: optional(ReferralDecision::parse, "referral", "decision", decision.as_deref())?,
                decided,
                reason,
                id,
            });
        }
        Ok(())
    }
}
