//! Loads what rule R2@1 reads ([`SurvivalData`]): the organisation, and the courses that
//! started in a window with their participant's Norwegian level and their paid jobs' starts.
//! Five queries, none of them over activities.

use std::collections::HashMap;

use chrono::NaiveDate;
use jobbvei_domain::kpi::{StaffFact, TeamFact};
use jobbvei_domain::survival::{StartedCourse, SurvivalData};
use jobbvei_domain::{JobForm, Method, NorwegianLevel, Role};
use sqlx::AssertSqlSafe;

use crate::mapping::corrupt;
use crate::packed::{date, group_by, packed, records};
use crate::{Db, StoreError, on_pool};

/// The courses that started in the window, packed per job specialist on SQLite (see
/// [`crate::packed`]: a national history is 150,000 courses and as many paid jobs, and
/// fetching them row by row took most of the report's time there); one per row on PostgreSQL.
fn courses_sql(db: &Db) -> String {
    format!(
        "SELECT c.job_specialist_id, {} FROM course c JOIN participant p ON p.id = c.participant_id \
         WHERE c.start_date >= $1 AND c.start_date <= $2{}",
        packed(db, &["c.id", "c.method", "c.start_date", "c.end_date", "p.norwegian_level"]),
        group_by(db, "c.job_specialist_id")
    )
}

/// Their jobs marked paid, packed as the courses are; the form decides the rest (as
/// [`jobbvei_domain::Job::is_paid_work`]).
fn paid_jobs_sql(db: &Db) -> String {
    format!(
        "SELECT c.job_specialist_id, {} FROM job j JOIN course c ON c.id = j.course_id \
         WHERE c.start_date >= $1 AND c.start_date <= $2 AND j.paid = $3{}",
        packed(db, &["j.course_id", "j.start_date", "j.form"]),
        group_by(db, "c.job_specialist_id")
    )
}

impl Db {
    /// The courses that started from `from` to `to`, and the organisation their job
    /// specialists belong to.
    pub async fn survival_data(&self, from: NaiveDate, to: NaiveDate) -> Result<SurvivalData, StoreError> {
        let (courses_sql, jobs_sql) = (courses_sql(self), paid_jobs_sql(self));
        on_pool!(self, p => {
            let offices: Vec<String> = sqlx::query_scalar("SELECT id FROM office ORDER BY id").fetch_all(p).await?;
            let teams: Vec<(String, String)> =
                sqlx::query_as("SELECT id, office_id FROM team ORDER BY id").fetch_all(p).await?;
            let users: Vec<(String, Option<String>, f64, String)> =
                sqlx::query_as("SELECT id, team_id, fte, roles FROM app_user ORDER BY id").fetch_all(p).await?;
            let courses: Vec<(String, String)> =
                sqlx::query_as(AssertSqlSafe(courses_sql)).bind(from).bind(to).fetch_all(p).await?;
            let jobs: Vec<(String, String)> =
                sqlx::query_as(AssertSqlSafe(jobs_sql)).bind(from).bind(to).bind(true).fetch_all(p).await?;
            frame(offices, teams, users, &courses, &jobs)
        })
    }
}

fn frame(
    offices: Vec<String>,
    teams: Vec<(String, String)>,
    users: Vec<(String, Option<String>, f64, String)>,
    courses: &[(String, String)],
    jobs: &[(String, String)],
) -> Result<SurvivalData, StoreError> {
    let office_index: HashMap<&str, usize> = offices.iter().enumerate().map(|(i, o)| (o.as_str(), i)).collect();
    let team_index: HashMap<&str, usize> = teams.iter().enumerate().map(|(i, (id, _))| (id.as_str(), i)).collect();
    let team_facts = teams
        .iter()
        .map(|(id, office)| TeamFact { id: id.clone(), office: office_index.get(office.as_str()).copied() })
        .collect();
    let staff: Vec<StaffFact> = users
        .into_iter()
        .map(|(id, team, fte, roles)| StaffFact {
            team: team.as_deref().and_then(|t| team_index.get(t).copied()),
            id,
            fte,
            job_specialist: roles.split(',').any(|r| r == Role::JobSpecialist.code()),
            member: true,
        })
        .collect();
    let staff_index: HashMap<&str, usize> = staff.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    let mut started = Vec::new();
    for (js, group) in courses {
        for mut f in records(group) {
            let mut next = || f.next().unwrap_or_default();
            let (id, method, start, end, level) = (next(), next(), next(), next(), next());
            let norwegian_level = match level {
                "" => None,
                l => Some(NorwegianLevel::parse(l).ok_or_else(|| corrupt("participant", "norwegian_level", l))?),
            };
            started.push(StartedCourse {
                id: id.to_owned(),
                method: Method::parse(method).ok_or_else(|| corrupt("course", "method", method))?,
                staff: staff_index.get(js.as_str()).copied(),
                start: date("course", "start_date", start)?.ok_or_else(|| corrupt("course", "start_date", start))?,
                end: date("course", "end_date", end)?,
                norwegian_level,
                paid_job_starts: Vec::new(),
            });
        }
    }
    let course_index: HashMap<String, usize> = started.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
    for (_, group) in jobs {
        for mut f in records(group) {
            let mut next = || f.next().unwrap_or_default();
            let (course, start, form) = (next(), next(), next());
            let form = JobForm::parse(form).ok_or_else(|| corrupt("job", "form", form))?;
            let start = date("job", "start_date", start)?.ok_or_else(|| corrupt("job", "start_date", start))?;
            if let (false, Some(&c)) = (form.is_unpaid_placement(), course_index.get(course)) {
                started[c].paid_job_starts.push(start);
            }
        }
    }
    Ok(SurvivalData { offices, teams: team_facts, staff, courses: started })
}
