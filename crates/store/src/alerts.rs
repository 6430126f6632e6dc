//! Loads what the alert rules read ([`AlertData`]) on a given day, for everyone, for one
//! user's courses (as job specialist or as the participant's veileder), or for a team's.
//!
//! Of the activities the rules read only each course's latest done one of every combination
//! of the fields the rules look at (`AlertData::activities`), so the load asks the database
//! for that: one row per group with `MAX(local_date)`, not every activity (docs/caseload.md).
//! No rule is written in SQL: "done" is the domain's `ActivityStatus::is_done`, spelled out
//! as its codes.

use std::collections::HashMap;

use chrono::{Months, NaiveDate};
use futures_util::future::{try_join, try_join5};
use jobbvei_domain::alerts::{AlertCheck, AlertCourse, AlertData, AlertJob, AlertMeasure};
use jobbvei_domain::{ActivityStatus, JobForm, MeasureStatus};
use sqlx::AssertSqlSafe;

use crate::mapping::corrupt;
use crate::packed::{ACTIVITY_FIELDS, activity, date, flag, group_by, number, packed, records};
use crate::{Db, StoreError, on_pool};

/// Status checks run to three years after the start of work and are kept a year after.
const LOOK_BACK_MONTHS: u32 = 48;
/// Follow-up after hiring runs six months; a month more covers courses that just ended.
const RECENT_MONTHS: u32 = 7;

type JobRow = (
    String,
    String,
    String,
    Option<bool>,
    NaiveDate,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<i64>,
);

/// A course as the load reads it: id, start, end, and its participant's id and name.
type CourseRow = (String, NaiveDate, Option<NaiveDate>, String, String);

/// What the alert rules read, with each course's participant.
#[derive(Debug, Clone, Default)]
pub struct NamedAlertData {
    pub data: AlertData,
    /// (id, name) of the participant of each course, in the order of `data.courses`.
    pub participants: Vec<(String, String)>,
}

/// Whose courses an alert load reads.
enum Whose<'a> {
    Everyone,
    /// The user's courses, as job specialist or as the participant's veileder.
    User(&'a str),
    /// The courses whose job specialist is now in the team: a team lead's day.
    Team(&'a str),
}

impl Db {
    pub async fn alert_data(&self, as_of: NaiveDate, user: Option<&str>) -> Result<AlertData, StoreError> {
        Ok(self.alert_data_of(as_of, user.map_or(Whose::Everyone, Whose::User)).await?.data)
    }

    /// What the alert rules read for the courses of the team's job specialists.
    pub async fn team_alert_data(&self, as_of: NaiveDate, team: &str) -> Result<AlertData, StoreError> {
        Ok(self.alert_data_of(as_of, Whose::Team(team)).await?.data)
    }

    /// [`Db::alert_data`] of a user's courses with each course's participant, read in the
    /// same statement as the courses: a page that names the participants of alerts on courses
    /// it does not list (ended, or the user's as veileder) needs no look-up per course.
    pub async fn named_alert_data(&self, as_of: NaiveDate, user: &str) -> Result<NamedAlertData, StoreError> {
        self.alert_data_of(as_of, Whose::User(user)).await
    }

    /// [`Db::team_alert_data`] with each course's participant (see [`Db::named_alert_data`]).
    pub async fn named_team_alert_data(&self, as_of: NaiveDate, team: &str) -> Result<NamedAlertData, StoreError> {
        self.alert_data_of(as_of, Whose::Team(team)).await
    }

    async fn alert_data_of(&self, as_of: NaiveDate, whose: Whose<'_>) -> Result<NamedAlertData, StoreError> {
        let back = as_of.checked_sub_months(Months::new(LOOK_BACK_MONTHS)).unwrap_or(NaiveDate::MIN);
        let recent = as_of.checked_sub_months(Months::new(RECENT_MONTHS)).unwrap_or(NaiveDate::MIN);
        let (mine, user) = match whose {
            Whose::Everyone => ("", None),
            // Two index look-ups: with `c.job_specialist_id = $3 OR p.veileder_id = $3` (an OR
            // across the join) SQLite walked every course of the country, in each statement.
            Whose::User(u) => (
                " AND c.id IN (SELECT cs.id FROM course cs WHERE cs.job_specialist_id = $3 UNION ALL \
                 SELECT cs.id FROM course cs WHERE cs.participant_id IN \
                 (SELECT pv.id FROM participant pv WHERE pv.veileder_id = $3))",
                Some(u),
            ),
            Whose::Team(t) => {
                (" AND c.job_specialist_id IN (SELECT u.id FROM app_user u WHERE u.team_id = $3)", Some(t))
            }
        };
        // The courses' statement joins the participants for their names; the others only ask
        // which courses, and a course always has its participant (a foreign key), so they
        // spare a participant look-up per course.
        let scope = |end_after: &str| {
            format!(
                "FROM course c WHERE c.start_date <= $1 AND (c.end_date IS NULL OR c.end_date >= {end_after}){mine}"
            )
        };
        let in_scope = scope("$2");
        let sql_courses = format!(
            "SELECT c.id, c.start_date, c.end_date, p.id, p.name FROM course c JOIN participant p ON p.id = c.participant_id \
             WHERE c.start_date <= $1 AND (c.end_date IS NULL OR c.end_date >= $2){mine} ORDER BY c.id"
        );
        // In order of start: the caseload's outreach flags take a course's first period
        // that covers the day.
        let sql_passive = format!(
            "SELECT x.course_id, x.from_date, x.to_date FROM passive_period x WHERE x.course_id IN (SELECT c.id {in_scope}) \
             ORDER BY x.course_id, x.from_date"
        );
        // Jobs and checks packed per course and per job too (see `packed`).
        let job_fields = [
            "j.id",
            "j.form",
            "j.paid",
            "j.start_date",
            "j.probation_end",
            "j.planned_end",
            "j.end_date",
            "j.extensions",
        ];
        let sql_jobs = format!(
            "SELECT j.course_id, {} FROM job j WHERE j.course_id IN (SELECT c.id {in_scope}){}",
            packed(self, &job_fields),
            group_by(self, "j.course_id")
        );
        // `m.status || ''` keeps SQLite off `measure_status`: without statistics it walked
        // that index, every active measure in the country (3,956 at national scale), on every
        // view, instead of the scope's courses through `measure_course`.
        let sql_measures = format!(
            "SELECT m.course_id, m.job_id, m.to_date FROM measure m WHERE m.status || '' = '{}' \
             AND m.course_id IN (SELECT c.id {in_scope})",
            MeasureStatus::Active.code()
        );
        let sql_checks = format!(
            "SELECT f.job_id, {} FROM followup_check f WHERE f.done IS NOT NULL \
             AND f.course_id IN (SELECT c.id {in_scope}){}",
            packed(self, &["f.done"]),
            group_by(self, "f.job_id")
        );
        let recent_scope = scope("$2");
        // Per course the latest done activity of each combination of the rules' fields (the
        // inner GROUP BY), then on SQLite one row per course with those packed (see `packed`).
        let done: Vec<String> =
            ActivityStatus::ALL.iter().filter(|s| s.is_done()).map(|s| format!("'{}'", s.code())).collect();
        let rule_fields = "x.kind, x.status, x.channel, x.decision_maker, x.subcategory";
        let sql_activities = format!(
            "SELECT a.course_id, {} FROM (SELECT x.course_id, MAX(x.local_date) AS local_date, {rule_fields} \
             FROM activity x WHERE x.local_date <= $1 AND x.status IN ({}) \
             AND x.course_id IN (SELECT c.id {recent_scope}) GROUP BY x.course_id, {rule_fields}) a{}",
            packed(self, &ACTIVITY_FIELDS),
            done.join(", "),
            group_by(self, "a.course_id")
        );
        let who = user.unwrap_or("").to_owned();
        macro_rules! params {
            ($q:expr, $since:expr) => {{
                let q = $q.bind(as_of).bind($since);
                if user.is_some() { q.bind(who.clone()) } else { q }
            }};
        }
        on_pool!(self, p => {
            // Six independent reads, each on its own pooled connection: SQLite's readers do not
            // wait for each other, and the activities' packing runs beside the fetching of rows.
            let (courses, passive, jobs, measures, checks, packed) = try_join(
                try_join5(
                    params!(sqlx::query_as::<_, CourseRow>(AssertSqlSafe(sql_courses.clone())), back).fetch_all(p),
                    params!(sqlx::query_as::<_, (String, NaiveDate, Option<NaiveDate>)>(AssertSqlSafe(sql_passive.clone())), back).fetch_all(p),
                    params!(sqlx::query_as::<_, (String, String)>(AssertSqlSafe(sql_jobs.clone())), back).fetch_all(p),
                    params!(sqlx::query_as::<_, (String, Option<String>, Option<NaiveDate>)>(AssertSqlSafe(sql_measures.clone())), back).fetch_all(p),
                    params!(sqlx::query_as::<_, (String, String)>(AssertSqlSafe(sql_checks.clone())), back).fetch_all(p),
                ),
                params!(sqlx::query_as::<_, (String, String)>(AssertSqlSafe(sql_activities.clone())), recent).fetch_all(p),
            )
            .await
            .map(|((c, pa, j, m, ch), a)| (c, pa, j, m, ch, a))?;
            let participants = courses.iter().map(|(.., pid, name)| (pid.clone(), name.clone())).collect();
            let mut data = assemble(courses, passive, unpack_jobs(&jobs)?, measures, unpack_checks(&checks)?)?;
            let course_at: HashMap<String, usize> =
                data.courses.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
            for (course, activities) in &packed {
                let Some(&c) = course_at.get(course.as_str()) else { continue };
                for mut fields in records(activities) {
                    // The rules of alerts read neither FTE nor time, so no member is named.
                    data.activities.push(activity(0, Some(c), &mut fields)?);
                }
            }
            Ok(NamedAlertData { data, participants })
        })
    }
}

/// Each course's jobs as packed by the load, as rows sorted by id.
fn unpack_jobs(groups: &[(String, String)]) -> Result<Vec<JobRow>, StoreError> {
    let mut rows = Vec::new();
    for (course, group) in groups {
        for mut f in records(group) {
            let mut next = || f.next().unwrap_or_default();
            let (id, form, paid, start, probation_end) = (next(), next(), next(), next(), next());
            let (planned_end, end, extensions) = (next(), next(), next());
            rows.push((
                id.to_owned(),
                course.clone(),
                form.to_owned(),
                flag("job", "paid", paid)?,
                date("job", "start_date", start)?.ok_or_else(|| corrupt("job", "start_date", start))?,
                date("job", "probation_end", probation_end)?,
                date("job", "planned_end", planned_end)?,
                date("job", "end_date", end)?,
                number("job", "extensions", extensions)?,
            ));
        }
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(rows)
}

/// Each job's done checks as packed by the load.
fn unpack_checks(groups: &[(String, String)]) -> Result<Vec<(String, NaiveDate)>, StoreError> {
    let mut rows = Vec::new();
    for (job, group) in groups {
        for mut f in records(group) {
            let done = f.next().unwrap_or_default();
            rows.push((
                job.clone(),
                date("followup_check", "done", done)?.ok_or_else(|| corrupt("followup_check", "done", done))?,
            ));
        }
    }
    Ok(rows)
}

fn assemble(
    courses: Vec<CourseRow>,
    passive: Vec<(String, NaiveDate, Option<NaiveDate>)>,
    jobs: Vec<JobRow>,
    measures: Vec<(String, Option<String>, Option<NaiveDate>)>,
    checks: Vec<(String, NaiveDate)>,
) -> Result<AlertData, StoreError> {
    let mut data = AlertData::default();
    let mut course_at: HashMap<String, usize> = HashMap::new();
    for (id, start, end, ..) in courses {
        course_at.insert(id.clone(), data.courses.len());
        data.courses.push(AlertCourse { id, start, end, passive: Vec::new() });
    }
    for (course, from, to) in passive {
        if let Some(&c) = course_at.get(&course) {
            data.courses[c].passive.push((from, to));
        }
    }
    let mut job_at: HashMap<String, usize> = HashMap::new();
    for (id, course, form, paid, start, probation_end, planned_end, end, extensions) in jobs {
        let Some(&c) = course_at.get(&course) else { continue };
        let form = JobForm::parse(&form).ok_or_else(|| corrupt("job", "form", &form))?;
        job_at.insert(id.clone(), data.jobs.len());
        data.jobs.push(AlertJob {
            id,
            course: c,
            form,
            paid,
            start,
            probation_end,
            planned_end,
            end,
            extensions: extensions.and_then(|n| u32::try_from(n).ok()),
        });
    }
    for (course, job, to) in measures {
        let Some(&c) = course_at.get(&course) else { continue };
        let job = job.and_then(|j| job_at.get(&j).copied());
        data.measures.push(AlertMeasure { course: c, job, status: MeasureStatus::Active, to });
    }
    for (job, done) in checks {
        if let Some(&j) = job_at.get(&job) {
            data.checks.push(AlertCheck { job: j, done: Some(done) });
        }
    }
    Ok(data)
}
