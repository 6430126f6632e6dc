//! Loads what the KPI rules read ([`KpiData`]) for a date range, optionally for one team.
//! Only activities inside the range are read: every rule looks no further (K3's and K8's
//! marks must have passed by the report's end date).

use std::collections::HashMap;

use chrono::NaiveDate;
use futures_util::TryStreamExt;
use jobbvei_domain::kpi::{
    ActivityRef, DAY_KPIS, DayCounts, DayFact, FollowupMonths, Kpi, KpiData, MARK_KPIS, Marks, StaffFact,
};
use jobbvei_domain::{ActivityKind, MeasureKind, MeasureStatus};
use sqlx::{AssertSqlSafe, Row};

use crate::facts::stored_activity;
use crate::mapping::corrupt;
use crate::packed::{group_by, number, packed, records, stored};
use crate::{Db, FactStatus, StoreError, on_pool};

mod frame;
mod plan;
mod unpack;

use frame::frame;
use plan::{Courses, Jobs, Load};

/// Which part of the organisation to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KpiScope {
    Everything,
    /// One team: its members, their courses and their activities.
    Team(String),
    /// One office: the members of its teams, their courses and their activities.
    Office(String),
    /// One user: their courses and their activities.
    User(String),
}

/// A course, the last field whether it ended in work.
type CourseRow = (String, String, String, NaiveDate, Option<NaiveDate>, Option<NaiveDate>, Option<bool>);
type JobRow = (String, String, NaiveDate, Option<NaiveDate>, String, Option<bool>, Option<String>, String);

impl Db {
    /// Everything any KPI reads.
    pub async fn kpi_data(&self, from: NaiveDate, to: NaiveDate, scope: &KpiScope) -> Result<KpiData, StoreError> {
        self.kpi_data_loaded(from, to, scope, Load::ALL).await
    }

    /// What `kpis` read and no more: K1 and K2 alone load no courses or jobs, figures of
    /// courses alone load no activities, and courses and jobs no asked figure counts are left
    /// out (`plan`). The figures are the same as from [`Db::kpi_data`]; the rows behind them
    /// (`drill`) are not: list those from [`Db::kpi_data_with_refs`].
    pub async fn kpi_data_for(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        scope: &KpiScope,
        kpis: &[Kpi],
    ) -> Result<KpiData, StoreError> {
        self.kpi_data_via(from, to, scope, kpis, true).await
    }

    /// [`Db::kpi_data_for`] from the activities alone, never the day facts: the same figures
    /// the slow way, for `bench kpi` and the tests that hold the two paths equal.
    pub async fn kpi_data_from_activities(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        scope: &KpiScope,
        kpis: &[Kpi],
    ) -> Result<KpiData, StoreError> {
        self.kpi_data_via(from, to, scope, kpis, false).await
    }

    async fn kpi_data_via(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        scope: &KpiScope,
        kpis: &[Kpi],
        facts: bool,
    ) -> Result<KpiData, StoreError> {
        // K1, K1p and K2 are summed from the day facts, K3 and K8 read from the course and job
        // facts, each when built with the code's rule versions; what is left reads the records.
        // A report of all figures then reads no activity at all.
        let asks = |set: &[Kpi]| kpis.iter().any(|k| set.contains(k));
        let status = if facts && (asks(&DAY_KPIS) || asks(&MARK_KPIS)) {
            self.fact_status().await?
        } else {
            FactStatus { days: false, marks: false }
        };
        let load = Load::of(kpis, status.days, status.marks);
        self.kpi_data_loaded(from, to, scope, load).await
    }

    /// [`Db::kpi_data`] with each activity's id and employer ([`KpiData::activity_refs`]), to
    /// list the rows behind a figure.
    pub async fn kpi_data_with_refs(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        scope: &KpiScope,
    ) -> Result<KpiData, StoreError> {
        self.kpi_data_loaded(from, to, scope, Load { refs: true, ..Load::ALL }).await
    }

    async fn kpi_data_loaded(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        scope: &KpiScope,
        load: Load,
    ) -> Result<KpiData, StoreError> {
        let (team_filter, members, outsiders) = match scope {
            KpiScope::Everything => ("", "", ""),
            KpiScope::Team(_) => (
                " AND c.job_specialist_id IN (SELECT id FROM app_user WHERE team_id = $3)",
                " AND a.user_id IN (SELECT id FROM app_user WHERE team_id = $3)",
                " AND a.user_id NOT IN (SELECT id FROM app_user WHERE team_id = $3)",
            ),
            KpiScope::Office(_) => (
                " AND c.job_specialist_id IN (SELECT u.id FROM app_user u JOIN team t ON t.id = u.team_id WHERE t.office_id = $3)",
                " AND a.user_id IN (SELECT u.id FROM app_user u JOIN team t ON t.id = u.team_id WHERE t.office_id = $3)",
                " AND a.user_id NOT IN (SELECT u.id FROM app_user u JOIN team t ON t.id = u.team_id WHERE t.office_id = $3)",
            ),
            KpiScope::User(_) => (" AND c.job_specialist_id = $3", " AND a.user_id = $3", " AND a.user_id <> $3"),
        };
        let team = match scope {
            KpiScope::Everything => String::new(),
            KpiScope::Team(t) | KpiScope::Office(t) | KpiScope::User(t) => t.clone(),
        };
        // A scoped load holds only the scope's people, teams and offices, so that a team's
        // report has rows for that team (and its office and job specialists, from its members
        // alone), never empty rows for groups it did not load.
        let (users_where, teams_where, offices_where) = match scope {
            KpiScope::Everything => ("", "", ""),
            KpiScope::Team(_) => {
                (" WHERE team_id = $1", " WHERE id = $1", " WHERE id IN (SELECT office_id FROM team WHERE id = $1)")
            }
            KpiScope::Office(_) => (
                " WHERE team_id IN (SELECT id FROM team WHERE office_id = $1)",
                " WHERE office_id = $1",
                " WHERE id = $1",
            ),
            KpiScope::User(_) => (
                " WHERE id = $1",
                " WHERE id IN (SELECT team_id FROM app_user WHERE id = $1)",
                " WHERE id IN (SELECT t.office_id FROM team t JOIN app_user u ON u.team_id = t.id WHERE u.id = $1)",
            ),
        };
        let sql_offices = format!("SELECT id FROM office{offices_where} ORDER BY id");
        let sql_teams = format!("SELECT id, office_id FROM team{teams_where} ORDER BY id");
        let sql_users = format!("SELECT id, team_id, fte, roles FROM app_user{users_where} ORDER BY id");
        // Only the courses, and jobs of them, that the asked figures can count (see `plan`).
        let started = if load.courses == Courses::Started { "c.start_date >= $1 AND " } else { "" };
        let courses_in_range =
            format!("{started}c.start_date <= $2 AND (c.end_date IS NULL OR c.end_date >= $1){team_filter}");
        let jobs_read = match load.jobs {
            Jobs::None | Jobs::All => "",
            Jobs::PaidStartedIn => " AND j.paid = TRUE AND j.start_date >= $1 AND j.start_date <= $2",
            Jobs::PaidStarted => " AND j.paid = TRUE AND j.start_date <= $2",
            Jobs::PaidOverlapping => {
                " AND j.paid = TRUE AND j.start_date <= $2 AND (j.end_date IS NULL OR j.end_date >= $1)"
            }
        };
        let sql_courses = format!(
            "SELECT c.id, c.participant_id, c.job_specialist_id, c.start_date, c.end_date, c.referred, {} FROM course c \
             WHERE {courses_in_range} ORDER BY c.id",
            unpack::ended_to_work()
        );
        let passive_from =
            format!("FROM passive_period p WHERE p.course_id IN (SELECT c.id FROM course c WHERE {courses_in_range})");
        let sql_passive = format!("SELECT p.course_id, p.from_date, p.to_date {passive_from}");
        let jobs_where = format!("j.course_id IN (SELECT c.id FROM course c WHERE {courses_in_range}){jobs_read}");
        let sql_jobs = format!(
            "SELECT j.id, j.course_id, j.start_date, j.end_date, j.form, j.paid, j.styrk, j.employer_id \
             FROM job j WHERE {jobs_where} ORDER BY j.id"
        );
        let course_facts_from =
            format!("FROM course_fact f WHERE f.course_id IN (SELECT c.id FROM course c WHERE {courses_in_range})");
        let sql_course_facts = format!("SELECT f.course_id, f.first_k1p {course_facts_from}");
        let job_facts_from = format!("FROM job_fact f WHERE f.job_id IN (SELECT j.id FROM job j WHERE {jobs_where})");
        let sql_job_facts = format!("SELECT f.job_id, f.followup_months {job_facts_from}");
        // On SQLite each of these packed into one text (`unpack`): the same rows, one handed over.
        let course_fields = unpack::course_fields();
        let course_fields: Vec<&str> = course_fields.iter().map(String::as_str).collect();
        let sql_courses_packed =
            format!("SELECT {} FROM course c WHERE {courses_in_range}", packed(self, &course_fields));
        let sql_jobs_packed = format!("SELECT {} FROM job j WHERE {jobs_where}", packed(self, &unpack::JOB_FIELDS));
        let sql_course_facts_packed =
            format!("SELECT {} {course_facts_from}", packed(self, &["f.course_id", "f.first_k1p"]));
        let sql_passive_packed =
            format!("SELECT {} {passive_from}", packed(self, &["p.course_id", "p.from_date", "p.to_date"]));
        let sql_job_facts_packed =
            format!("SELECT {} {job_facts_from}", packed(self, &["f.job_id", "f.followup_months"]));
        let subsidy_kinds = [MeasureKind::TemporaryWageSubsidy.code(), MeasureKind::PermanentWageSubsidy.code()];
        let subsidy_states = [MeasureStatus::Granted.code(), MeasureStatus::Active.code(), MeasureStatus::Ended.code()];
        // SQLite would walk every measure of those states through their index, not look up
        // the loaded courses' measures: `+` keeps it off the status index.
        let status = if matches!(self, Db::Sqlite(..)) { "+m.status" } else { "m.status" };
        let subsidised_from = format!(
            "FROM measure m WHERE m.job_id IS NOT NULL AND m.kind IN ('{}') \
             AND {status} IN ('{}') AND m.course_id IN (SELECT c.id FROM course c WHERE {courses_in_range})",
            subsidy_kinds.join("', '"),
            subsidy_states.join("', '")
        );
        let sql_subsidised = format!("SELECT DISTINCT m.job_id {subsidised_from}");
        // A job with two subsidies is packed twice: it is looked up in a set.
        let sql_subsidised_packed = format!("SELECT {} {subsidised_from}", packed(self, &["m.job_id"]));
        // Columns not needed are read as NULL: a national year is close to a million rows.
        let (meetings, time) = (load.meetings, load.time);
        // A course of the scope may have activities logged by users outside it (handed over
        // from another team): they count for its figures (K3's first meeting, K8's follow-up)
        // as its course and job facts count them, so a scoped load reads them too, driven from
        // the courses through the course index, and holds their users as outsiders.
        let outsiders = if !matches!(scope, KpiScope::Everything) && load.activities && load.courses != Courses::None {
            Some(format!(
                "course c CROSS JOIN activity a WHERE a.course_id = c.id AND {courses_in_range} \
                 AND a.local_date >= $1 AND a.local_date <= $2{outsiders}"
            ))
        } else {
            None
        };
        let and_outsiders = |columns: &str, group: &str| match &outsiders {
            Some(from) => format!(" UNION ALL SELECT {columns} FROM {from}{group}"),
            None => String::new(),
        };
        // The user and date, then the rule columns in `facts::RULE_COLUMNS` order, then the refs.
        // A kind not read is any kind: no figure asked for looks at it.
        let activity_columns = format!(
            "a.user_id, a.local_date, {}, a.status, {}, {}, {}, {}",
            if meetings { "a.kind".to_owned() } else { format!("'{}'", ActivityKind::Other.code()) },
            if meetings { "a.channel, a.decision_maker, a.subcategory" } else { "NULL, NULL, NULL" },
            if time { "a.out_of_office, a.minutes, a.travel_to, a.travel_from" } else { "NULL, NULL, NULL, NULL" },
            if load.courses != Courses::None { "a.course_id" } else { "CAST(NULL AS TEXT)" },
            if load.refs { "a.id, a.employer_id" } else { "NULL, NULL" },
        );
        let sql_activities =
            format!("SELECT {activity_columns} FROM {ACTIVITIES}{members}{}", and_outsiders(&activity_columns, ""));
        let refs = load.refs;
        let sql_days = format!(
            "SELECT d.user_id, d.day, d.activities, d.k1, d.k1p, d.k2_minutes FROM {DAYS}{}",
            members.replace("a.user_id", "d.user_id")
        );
        // On SQLite one row per member with its day facts packed, as the activities below.
        let sql_days_packed = format!(
            "SELECT d.user_id, {} FROM {DAYS}{}{}",
            packed(self, &["d.day", "d.activities", "d.k1", "d.k1p", "d.k2_minutes"]),
            members.replace("a.user_id", "d.user_id"),
            group_by(self, "d.user_id")
        );
        // On SQLite, without the drill-down's ids, one row per member (and course) with its
        // activities packed (see `packed`): the same facts at a fraction of the cost per activity.
        let packed_columns = format!(
            "a.user_id, {}, {}",
            if load.courses != Courses::None { "a.course_id" } else { "CAST(NULL AS TEXT)" },
            packed(self, &load.activity_fields()),
        );
        let packed_groups =
            group_by(self, if load.courses != Courses::None { "a.user_id, a.course_id" } else { "a.user_id" });
        let sql_packed = format!(
            "SELECT {packed_columns} FROM {ACTIVITIES}{members}{packed_groups}{}",
            and_outsiders(&packed_columns, &packed_groups)
        );

        let scoped = !matches!(scope, KpiScope::Everything);
        // PostgreSQL hands rows over cheaply and aggregates text slowly: it reads rows.
        let sqlite = matches!(self, Db::Sqlite(..));
        // `$3` is bound only when the statements name it.
        macro_rules! params {
            ($q:expr) => {{
                let q = $q.bind(from).bind(to);
                if scoped { q.bind(team.clone()) } else { q }
            }};
        }
        let started = std::time::Instant::now();
        on_pool!(self, p => {
            macro_rules! scoped {
                ($q:expr) => {{
                    let q = $q;
                    if scoped { q.bind(team.clone()) } else { q }
                }};
            }
            let offices: Vec<String> =
                scoped!(sqlx::query_scalar(AssertSqlSafe(sql_offices.clone()))).fetch_all(p).await?;
            let teams: Vec<(String, String)> =
                scoped!(sqlx::query_as(AssertSqlSafe(sql_teams.clone()))).fetch_all(p).await?;
            let users: Vec<(String, Option<String>, f64, String)> =
                scoped!(sqlx::query_as(AssertSqlSafe(sql_users.clone()))).fetch_all(p).await?;
            // One packed text (`unpack`), NULL when no row matched.
            macro_rules! packed_one {
                ($sql:expr) => {
                    params!(sqlx::query_scalar::<_, Option<String>>(AssertSqlSafe($sql.clone()))).fetch_one(p).await?
                };
            }
            let (mut courses, mut passive, mut jobs, mut subsidised) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            if load.courses != Courses::None && sqlite {
                courses = unpack::courses(packed_one!(sql_courses_packed).as_deref())?;
            } else if load.courses != Courses::None {
                courses = params!(sqlx::query_as::<_, CourseRow>(AssertSqlSafe(sql_courses.clone()))).fetch_all(p).await?;
            }
            if load.courses != Courses::None && load.passive && sqlite {
                passive = unpack::passive_periods(packed_one!(sql_passive_packed).as_deref())?;
            } else if load.courses != Courses::None && load.passive {
                passive = params!(sqlx::query_as(AssertSqlSafe(sql_passive.clone()))).fetch_all(p).await?;
            }
            if load.courses != Courses::None && load.jobs != Jobs::None {
                if sqlite {
                    jobs = unpack::jobs(packed_one!(sql_jobs_packed).as_deref())?;
                } else {
                    jobs = params!(sqlx::query_as::<_, JobRow>(AssertSqlSafe(sql_jobs.clone()))).fetch_all(p).await?;
                }
                if load.subsidised && sqlite {
                    subsidised = unpack::ids(packed_one!(sql_subsidised_packed).as_deref())?;
                } else if load.subsidised {
                    subsidised = params!(sqlx::query_scalar(AssertSqlSafe(sql_subsidised.clone()))).fetch_all(p).await?;
                }
            }
            tracing::debug!(ms = started.elapsed().as_millis() as u64, courses = courses.len(), jobs = jobs.len(), "kpi frame loaded");
            let mut data = frame(offices, teams, users, courses, passive, jobs, subsidised)?;
            let mut staff_index: HashMap<String, usize> =
                data.staff.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
            let course_index: HashMap<String, usize> =
                data.courses.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
            if load.course_marks || load.job_marks {
                let mut firsts: Vec<(String, NaiveDate)> = Vec::new();
                let mut months: Vec<(String, i64)> = Vec::new();
                if load.course_marks && sqlite {
                    firsts = unpack::first_meetings(packed_one!(sql_course_facts_packed).as_deref())?;
                } else if load.course_marks {
                    firsts = params!(sqlx::query_as(AssertSqlSafe(sql_course_facts.clone()))).fetch_all(p).await?;
                }
                if load.job_marks && sqlite {
                    months = unpack::followup_months(packed_one!(sql_job_facts_packed).as_deref())?;
                } else if load.job_marks {
                    months = params!(sqlx::query_as(AssertSqlSafe(sql_job_facts.clone()))).fetch_all(p).await?;
                }
                let mut marks = Marks {
                    first_k1p: vec![None; data.courses.len()],
                    followup: vec![FollowupMonths::default(); data.jobs.len()],
                };
                for (course, first) in firsts {
                    if let Some(&c) = course_index.get(&course) {
                        marks.first_k1p[c] = Some(first);
                    }
                }
                let job_index: HashMap<&str, usize> =
                    data.jobs.iter().enumerate().map(|(i, j)| (j.id.as_str(), i)).collect();
                for (job, bits) in months {
                    if let Some(&j) = job_index.get(job.as_str()) {
                        marks.followup[j] = crate::marks::months_of(bits)?;
                    }
                }
                data.marks = Some(marks);
            }
            let activities_started = std::time::Instant::now();
            if load.activities && !refs && sqlite {
                let groups: Vec<(String, Option<String>, String)> =
                    params!(sqlx::query_as(AssertSqlSafe(sql_packed.clone()))).fetch_all(p).await?;
                for (user, course, group) in &groups {
                    let staff = staff_of(&mut data.staff, &mut staff_index, user);
                    let linked = course.is_some();
                    let course = course.as_deref().and_then(|c| course_index.get(c).copied());
                    for mut fields in records(group) {
                        let (date, a) = stored(&mut fields, load.meetings, load.time, linked)?;
                        data.activities.push(a.fact(staff, course, date));
                    }
                }
            } else if load.activities {
                let mut rows = params!(sqlx::query(AssertSqlSafe(sql_activities.clone()))).fetch(p);
                while let Some(row) = rows.try_next().await? {
                    // Text columns are borrowed from the row: a national year is close to a
                    // million rows, and six allocations each would dominate the load.
                    let user: &str = row.try_get(0)?;
                    let staff = staff_of(&mut data.staff, &mut staff_index, user);
                    let course: Option<&str> = row.try_get(11)?;
                    let course = course.and_then(|c| course_index.get(c).copied());
                    data.activities.push(stored_activity!(row, 2).fact(staff, course, row.try_get(1)?));
                    if refs {
                        data.activity_refs.push(ActivityRef { id: row.try_get(12)?, employer: row.try_get(13)? });
                    }
                }
            }
            if load.days && sqlite {
                let groups: Vec<(String, String)> =
                    params!(sqlx::query_as(AssertSqlSafe(sql_days_packed.clone()))).fetch_all(p).await?;
                let mut days = Vec::new();
                for (user, group) in &groups {
                    let Some(&staff) = staff_index.get(user.as_str()) else { continue };
                    for mut f in records(group) {
                        let mut next = || f.next().unwrap_or_default();
                        let (date, activities, k1, k1p, k2) = (next(), next(), next(), next(), next());
                        let n = |field, s| number("activity_day", field, s).map(Option::unwrap_or_default);
                        let date = crate::packed::date("activity_day", "day", date)?
                            .ok_or_else(|| corrupt("activity_day", "day", date))?;
                        let counts = day_counts(n("activities", activities)?, n("k1", k1)?, n("k1p", k1p)?, n("k2_minutes", k2)?)?;
                        days.push(DayFact { staff, date, counts });
                    }
                }
                data.days = Some(days);
            } else if load.days {
                let rows: Vec<(String, NaiveDate, i64, i64, i64, i64)> =
                    params!(sqlx::query_as(AssertSqlSafe(sql_days.clone()))).fetch_all(p).await?;
                let mut days = Vec::with_capacity(rows.len());
                for (user, date, activities, k1, k1p, k2_minutes) in rows {
                    let Some(&staff) = staff_index.get(user.as_str()) else { continue };
                    days.push(DayFact { staff, date, counts: day_counts(activities, k1, k1p, k2_minutes)? });
                }
                data.days = Some(days);
            }
            tracing::debug!(ms = activities_started.elapsed().as_millis() as u64, activities = data.activities.len(), days = data.days.as_ref().map_or(0, Vec::len), "kpi activities loaded");
            Ok(data)
        })
    }
}

/// The position of `user` in `staff`: a member's, or an outsider's added on first sight (a
/// user outside the scope who logged activities on its courses, `StaffFact::member`).
fn staff_of(staff: &mut Vec<StaffFact>, index: &mut HashMap<String, usize>, user: &str) -> usize {
    if let Some(&s) = index.get(user) {
        return s;
    }
    staff.push(StaffFact::outsider(user.to_owned()));
    index.insert(user.to_owned(), staff.len() - 1);
    staff.len() - 1
}

/// The activities of the report's dates, driven from the users through the (user, date)
/// index: the engine seeks each user's days instead of walking every activity ever logged.
/// `CROSS JOIN` keeps SQLite from reordering the join; PostgreSQL plans it as it sees fit.
const ACTIVITIES: &str =
    "app_user u CROSS JOIN activity a WHERE a.user_id = u.id AND a.local_date >= $1 AND a.local_date <= $2";

/// The day facts of the report's dates, driven from the users like [`ACTIVITIES`].
const DAYS: &str = "app_user u CROSS JOIN activity_day d WHERE d.user_id = u.id AND d.day >= $1 AND d.day <= $2";

/// One stored day fact's counts, checked.
fn day_counts(activities: i64, k1: i64, k1p: i64, k2_minutes: i64) -> Result<DayCounts, StoreError> {
    let n = |v: i64| u32::try_from(v).map_err(|_| corrupt("activity_day", "count", &v.to_string()));
    let k2 = u64::try_from(k2_minutes).map_err(|_| corrupt("activity_day", "k2_minutes", &k2_minutes.to_string()))?;
    Ok(DayCounts { activities: n(activities)?, k1: n(k1)?, k1p: n(k1p)?, k2_minutes: k2 })
}
