//! Single records by id and small searches, for the JSON API.

use chrono::NaiveDate;
use jobbvei_domain::{Activity, Course, Employer, Job, Participant, PercentStep, User};
use sqlx::AssertSqlSafe;

use crate::mapping::{self, Table};
use crate::{Db, StoreError, on_pool};

fn select(t: &Table, condition: &str) -> String {
    format!("{} WHERE {condition}", t.select_all())
}

impl Db {
    pub async fn course(&self, id: &str) -> Result<Option<Course>, StoreError> {
        let sql = select(&mapping::COURSE, "id = $1");
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(id).fetch_optional(p).await?
            .map(|r| mapping::read_course(&r)).transpose())
    }

    pub async fn employer(&self, id: &str) -> Result<Option<Employer>, StoreError> {
        let sql = select(&mapping::EMPLOYER, "id = $1");
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(id).fetch_optional(p).await?
            .map(|r| mapping::read_employer(&r)).transpose())
    }

    pub async fn activity(&self, id: &str) -> Result<Option<Activity>, StoreError> {
        let sql = select(&mapping::ACTIVITY, "id = $1");
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(id).fetch_optional(p).await?
            .map(|r| mapping::read_activity(&r)).transpose())
    }

    /// A job with its percentage history.
    pub async fn job(&self, id: &str) -> Result<Option<Job>, StoreError> {
        let sql = select(&mapping::JOB, "id = $1");
        let steps_sql = "SELECT from_date, percent FROM job_percent WHERE job_id = $1 ORDER BY from_date";
        on_pool!(self, p => {
            let Some(row) = sqlx::query(AssertSqlSafe(sql)).bind(id).fetch_optional(p).await? else { return Ok(None) };
            let mut job = mapping::read_job(&row)?;
            let steps: Vec<(NaiveDate, f64)> = sqlx::query_as(steps_sql).bind(id).fetch_all(p).await?;
            job.percent = steps.into_iter().map(|(from, percent)| PercentStep { from, percent }).collect();
            Ok(Some(job))
        })
    }

    pub async fn participants(&self, ids: &[String]) -> Result<Vec<Participant>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql =
            format!("{} WHERE id IN ({}) ORDER BY name_search, id", mapping::PARTICIPANT.select_all(), list.join(", "));
        on_pool!(self, p => {
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for id in ids {
                q = q.bind(id.clone());
            }
            q.fetch_all(p).await?.iter().map(mapping::read_participant).collect()
        })
    }

    /// Participants a veileder is assigned to.
    pub async fn participants_of_veileder(&self, user: &str) -> Result<Vec<String>, StoreError> {
        on_pool!(self, p => Ok(sqlx::query_scalar("SELECT id FROM participant WHERE veileder_id = $1 ORDER BY id")
            .bind(user).fetch_all(p).await?))
    }

    /// Employers whose name contains `q` in any case (æøå included), by name.
    pub async fn employers_matching(&self, q: &str, limit: i64, offset: i64) -> Result<Vec<Employer>, StoreError> {
        let pattern = employer_pattern(q);
        let sql = format!(
            "{} WHERE name_search LIKE $1 ESCAPE '\\' ORDER BY name_search, id LIMIT $2 OFFSET $3",
            mapping::EMPLOYER.select_all()
        );
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(pattern).bind(limit).bind(offset).fetch_all(p).await?
            .iter().map(mapping::read_employer).collect())
    }

    /// How many employers `employers_matching` finds for `q`, all pages together.
    pub async fn employers_matching_count(&self, q: &str) -> Result<i64, StoreError> {
        let sql = "SELECT COUNT(*) FROM employer WHERE name_search LIKE $1 ESCAPE '\\'";
        on_pool!(self, p => Ok(sqlx::query_scalar(sql).bind(employer_pattern(q)).fetch_one(p).await?))
    }

    /// Users holding a role, by name: the veiledere a participant can be assigned to, say.
    pub async fn users_with_role(&self, role: jobbvei_domain::Role) -> Result<Vec<User>, StoreError> {
        let pattern = format!("%{}%", role.code());
        let sql = format!("{} WHERE roles LIKE $1 ORDER BY name, id", mapping::USER.select_all());
        let users: Vec<User> = on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(pattern).fetch_all(p).await?
            .iter().map(mapping::read_user).collect::<Result<Vec<_>, _>>())?;
        Ok(users.into_iter().filter(|u| u.roles.contains(&role)).collect())
    }

    /// The id of the participant with this national id, if registered.
    pub async fn participant_with_fnr(&self, fnr: &str) -> Result<Option<String>, StoreError> {
        on_pool!(self, p => Ok(sqlx::query_scalar("SELECT id FROM participant WHERE fnr = $1").bind(fnr).fetch_optional(p).await?))
    }

    pub async fn team(&self, id: &str) -> Result<Option<jobbvei_domain::Team>, StoreError> {
        let sql = select(&mapping::TEAM, "id = $1");
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(id).fetch_optional(p).await?
            .as_ref().map(mapping::read_team).transpose())
    }

    /// The members of a team, by name.
    pub async fn team_users(&self, team: &str) -> Result<Vec<User>, StoreError> {
        let sql = format!("{} WHERE team_id = $1 ORDER BY name, id", mapping::USER.select_all());
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(team).fetch_all(p).await?
            .iter().map(mapping::read_user).collect())
    }

    /// The employer with this organisation number, if registered.
    pub async fn employer_by_orgnr(&self, orgnr: &str) -> Result<Option<Employer>, StoreError> {
        let sql = format!("{} WHERE orgnr = $1", mapping::EMPLOYER.select_all());
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(orgnr).fetch_optional(p).await?
            .as_ref().map(mapping::read_employer).transpose())
    }

    /// A user's own activities, newest first.
    pub async fn activities_of(&self, user: &str, limit: i64, offset: i64) -> Result<Vec<Activity>, StoreError> {
        let sql = format!(
            "{} WHERE user_id = $1 ORDER BY start_at DESC, id LIMIT $2 OFFSET $3",
            mapping::ACTIVITY.select_all()
        );
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(user).bind(limit).bind(offset).fetch_all(p).await?
            .iter().map(mapping::read_activity).collect())
    }
}

/// What the employer page shows besides the employer itself.
#[derive(Debug, Clone)]
pub struct EmployerPage {
    pub contacts: Vec<jobbvei_domain::EmployerContact>,
    /// Newest first.
    pub history: Vec<Activity>,
    /// The names of the history's users, by id (read with the history); a user not found is
    /// left out.
    pub history_names: std::collections::HashMap<String, String>,
    /// (job, participant id) for jobs at this employer.
    pub jobs: Vec<(Job, String)>,
}

/// The employer page's history (the newest `$2` activities at employer `$1`, each with its
/// user's name) and jobs (at most 200, with their participant).
pub(crate) fn employer_page_sql() -> (String, String) {
    let history_cols: Vec<String> = mapping::ACTIVITY.columns.iter().map(|c| format!("x.{c}")).collect();
    // The user's name by key for each row shown: joined, PostgreSQL hashed all 2,000 users
    // on every view to name the few in the history.
    let history_sql = format!(
        "SELECT {}, (SELECT u.name FROM app_user u WHERE u.id = x.user_id) FROM activity x WHERE x.employer_id = $1 \
         ORDER BY x.start_at DESC, x.id LIMIT $2",
        history_cols.join(", ")
    );
    let cols: Vec<String> = mapping::JOB.columns.iter().map(|c| format!("j.{c}")).collect();
    let jobs_sql = format!(
        "SELECT {}, c.participant_id FROM job j JOIN course c ON c.id = j.course_id WHERE j.employer_id = $1 \
         ORDER BY j.start_date DESC, j.id LIMIT 200",
        cols.join(", ")
    );
    (history_sql, jobs_sql)
}

/// The history's activities and the names of their users, by id.
pub(crate) fn read_history<R: crate::engine::Col>(
    rows: &[R],
) -> Result<(Vec<Activity>, std::collections::HashMap<String, String>), StoreError> {
    let na = mapping::ACTIVITY.columns.len();
    let mut history = Vec::with_capacity(rows.len());
    let mut names = std::collections::HashMap::new();
    for r in rows {
        let a = mapping::read_activity(r)?;
        if let Some(name) = r.opt_text(na)? {
            names.insert(a.user.as_str().to_owned(), name);
        }
        history.push(a);
    }
    Ok((history, names))
}

/// The jobs with their participant.
pub(crate) fn read_jobs<R: crate::engine::Col>(rows: &[R]) -> Result<Vec<(Job, String)>, StoreError> {
    let n = mapping::JOB.columns.len();
    rows.iter().map(|r| Ok((mapping::read_job(r)?, r.text(n)?))).collect()
}

impl Db {
    pub async fn employer_page(&self, id: &str, max_history: i64) -> Result<EmployerPage, StoreError> {
        let contacts_sql = format!("{} WHERE employer_id = $1 ORDER BY name, id", mapping::CONTACT.select_all());
        let (history_sql, jobs_sql) = employer_page_sql();
        on_pool!(self, p => {
            let contacts = sqlx::query(AssertSqlSafe(contacts_sql)).bind(id).fetch_all(p).await?
                .iter().map(mapping::read_contact).collect::<Result<Vec<_>, _>>()?;
            let rows = sqlx::query(AssertSqlSafe(history_sql)).bind(id).bind(max_history).fetch_all(p).await?;
            let (history, history_names) = read_history(&rows)?;
            let jobs = read_jobs(&sqlx::query(AssertSqlSafe(jobs_sql)).bind(id).fetch_all(p).await?)?;
            Ok(EmployerPage { contacts, history, history_names, jobs })
        })
    }
}

/// The LIKE pattern for a name search, with LIKE's own characters escaped.
fn employer_pattern(q: &str) -> String {
    format!("%{}%", mapping::search_key(q).replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}
