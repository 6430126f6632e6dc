//! Course and job facts (docs/facts.md): per course the date of its first K1p meeting on or
//! after its start (K3), in `course_fact`; per job which of the six months after its start
//! have a done follow-up activity on its course (K8), in `job_fact`. Both are computed by the
//! domain's rules (`kpi::marks`) from the activities linked to the course, whoever logged them.
//!
//! A write transaction notes the courses its activity writes touch (the old course of a moved
//! activity and the new), the courses it writes and the jobs it writes; [`Tx::commit`]
//! recomputes those courses' facts, their jobs' facts and the written jobs' facts just before
//! committing. Each table is tagged with its rule version (`K3@1`, `K8@1`) in
//! `kpi_fact_version`; a database whose tags differ from the code's is rebuilt when opened.
//! Only facts that hold something are stored: no row is no meeting, or no month.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use jobbvei_domain::kpi::marks::{FollowupMonths, first_k1p, followup_dates};
use jobbvei_domain::kpi::{ActivityFact, Kpi};
use sqlx::{Postgres, QueryBuilder, Row, Sqlite};

use crate::facts::{MAX_LISTED, RULE_COLUMNS, activity};
use crate::mapping::corrupt;
use crate::write::{Inner, on_tx};
use crate::{Db, StoreError, Tx};

/// The names `kpi_fact_version` knows the course and job facts by.
const COURSE_FACTS: &str = "course_fact";
const JOB_FACTS: &str = "job_fact";

/// Rows per multi-row `INSERT`, and keys per `IN (…)` lookup.
const ROWS: usize = 1_000;

fn k3_rules() -> String {
    Kpi::K3.rule().id()
}

fn k8_rules() -> String {
    Kpi::K8.rule().id()
}

/// Whether both tables are tagged with the code's rule versions, by `current(table, rules)`.
pub(crate) fn marks_current(current: impl Fn(&str, &str) -> bool) -> bool {
    current(COURSE_FACTS, &k3_rules()) && current(JOB_FACTS, &k8_rules())
}

/// A course whose stored fact differs from what its activities give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseDifference {
    pub course: String,
    /// `None`: no stored row.
    pub stored: Option<NaiveDate>,
    /// `None`: no K1p meeting on or after the course's start (or no such course).
    pub computed: Option<NaiveDate>,
}

/// A job whose stored months differ from what its course's activities give: bit `i` for
/// month `i` after its start, 0 when no row is stored or no month has follow-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobDifference {
    pub job: String,
    pub stored: i64,
    pub computed: i64,
}

/// What `facts check` found in the course and job facts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkCheck {
    /// The rule versions the stored facts were built with, when any (`K3@1`, `K8@1`).
    pub course_rules: Option<String>,
    pub job_rules: Option<String>,
    pub courses_checked: u64,
    pub jobs_checked: u64,
    /// The first differences (up to 1,000 of each); the rest are counted.
    pub courses: Vec<CourseDifference>,
    pub jobs: Vec<JobDifference>,
    pub total_differences: u64,
}

impl MarkCheck {
    pub fn is_clean(&self) -> bool {
        self.total_differences == 0
            && self.course_rules.as_deref() == Some(k3_rules().as_str())
            && self.job_rules.as_deref() == Some(k8_rules().as_str())
    }

    /// The code's rule versions of the course facts and the job facts.
    pub fn code_rules() -> (String, String) {
        (k3_rules(), k8_rules())
    }
}

/// A course as its fact needs it: id and start.
pub(crate) type CourseKey = (String, NaiveDate);
/// A job as its fact needs it: id, course and start.
pub(crate) type JobKey = (String, String, NaiveDate);

/// Facts computed from the records; only those that hold something.
#[derive(Debug, Default)]
pub(crate) struct Computed {
    pub(crate) courses: Vec<(String, NaiveDate)>,
    pub(crate) jobs: Vec<(String, FollowupMonths)>,
}

impl Tx {
    /// Notes courses written: their start decides their K3 fact.
    pub(crate) fn note_courses<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) {
        if let Some(t) = self.touched() {
            t.courses.extend(ids.into_iter().map(str::to_owned));
        }
        self.settle_pending();
    }

    /// Notes jobs written: their start and course decide their K8 fact.
    pub(crate) fn note_jobs<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) {
        if let Some(t) = self.touched() {
            t.jobs.extend(ids.into_iter().map(str::to_owned));
        }
        self.settle_pending();
    }

    /// `SELECT {columns} FROM {table} WHERE {column} IN (keys)`, in chunks.
    async fn rows_in<T>(&mut self, sql: &str, keys: &[&str]) -> Result<Vec<T>, StoreError>
    where
        T: Send
            + Unpin
            + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>,
    {
        let mut out = Vec::new();
        for chunk in keys.chunks(ROWS) {
            let rows: Vec<T> = on_tx!(&mut self.0, t => {
                let mut q = QueryBuilder::new(format!("{sql} IN ("));
                let mut sep = q.separated(", ");
                for k in chunk {
                    sep.push_bind(k.to_string());
                }
                q.push(")");
                q.build_query_as().fetch_all(&mut **t).await?
            });
            out.extend(rows);
        }
        Ok(out)
    }

    /// The activities linked to `courses`, as the rules see them, by course.
    async fn linked_activities(&mut self, courses: &[&str]) -> Result<HashMap<String, Vec<ActivityFact>>, StoreError> {
        let mut out: HashMap<String, Vec<ActivityFact>> = HashMap::new();
        // RULE_COLUMNS ends with course_id: column 10 after the date.
        let sql = format!("SELECT local_date, {RULE_COLUMNS} FROM activity WHERE course_id IN (");
        for chunk in courses.chunks(ROWS) {
            on_tx!(&mut self.0, t => {
                let mut q = QueryBuilder::new(sql.clone());
                let mut sep = q.separated(", ");
                for k in chunk {
                    sep.push_bind(k.to_string());
                }
                q.push(")");
                for row in q.build().fetch_all(&mut **t).await? {
                    let mut a = activity!(row, 1);
                    a.date = row.try_get(0)?;
                    let course: String = row.try_get(10)?;
                    out.entry(course).or_default().push(a);
                }
            });
        }
        Ok(out)
    }

    /// The facts of `courses` and `jobs`, by the domain's rules, from the activities linked
    /// to the courses and to the jobs' courses (a job's follow-up is on its course).
    async fn compute_marks(&mut self, courses: &[CourseKey], jobs: &[JobKey]) -> Result<Computed, StoreError> {
        let mut ids: BTreeSet<&str> = courses.iter().map(|c| c.0.as_str()).collect();
        ids.extend(jobs.iter().map(|j| j.1.as_str()));
        let ids: Vec<&str> = ids.into_iter().collect();
        let activities = self.linked_activities(&ids).await?;
        let none: Vec<ActivityFact> = Vec::new();
        let of = |c: &str| activities.get(c).unwrap_or(&none);
        let mut out = Computed::default();
        for (id, start) in courses {
            if let Some(d) = first_k1p(*start, of(id)) {
                out.courses.push((id.clone(), d));
            }
        }
        let dates: HashMap<&str, BTreeSet<NaiveDate>> = ids.iter().map(|c| (*c, followup_dates(of(c)))).collect();
        for (id, course, start) in jobs {
            let months = dates.get(course.as_str()).map(|d| FollowupMonths::of(*start, d)).unwrap_or_default();
            if months != FollowupMonths::default() {
                out.jobs.push((id.clone(), months));
            }
        }
        Ok(out)
    }

    async fn insert_marks(&mut self, c: &Computed) -> Result<(), StoreError> {
        macro_rules! insert {
            ($db:ty, $t:expr) => {{
                for chunk in c.courses.chunks(ROWS) {
                    let mut q = QueryBuilder::<$db>::new("INSERT INTO course_fact (course_id, first_k1p) ");
                    q.push_values(chunk, |mut b, (id, d)| {
                        b.push_bind(id.clone()).push_bind(*d);
                    });
                    q.build().execute(&mut **$t).await?;
                }
                for chunk in c.jobs.chunks(ROWS) {
                    let mut q = QueryBuilder::<$db>::new("INSERT INTO job_fact (job_id, followup_months) ");
                    q.push_values(chunk, |mut b, (id, m)| {
                        b.push_bind(id.clone()).push_bind(i64::from(m.bits()));
                    });
                    q.build().execute(&mut **$t).await?;
                }
            }};
        }
        match &mut self.0 {
            Inner::Sqlite(t) => insert!(Sqlite, t),
            Inner::Postgres(t) => insert!(Postgres, t),
        }
        Ok(())
    }

    /// The jobs of `courses` and the jobs `jobs` that exist, sorted.
    async fn jobs_of(&mut self, courses: &[&str], jobs: &[&str]) -> Result<Vec<JobKey>, StoreError> {
        let mut out: Vec<JobKey> =
            self.rows_in("SELECT id, course_id, start_date FROM job WHERE course_id", courses).await?;
        out.extend(self.rows_in::<JobKey>("SELECT id, course_id, start_date FROM job WHERE id", jobs).await?);
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// Recomputes the facts of `courses` (and of their jobs) and of `jobs`, and adds to the
    /// stored facts of other courses what their `added` activities (new to the table) give;
    /// called at commit.
    pub(crate) async fn refresh_marks(
        &mut self,
        courses: &BTreeSet<String>,
        jobs: &BTreeSet<String>,
        added: &BTreeMap<String, Vec<ActivityFact>>,
    ) -> Result<(), StoreError> {
        // Only a K1p meeting can be a first one, only a follow-up can add a month.
        let adding: BTreeMap<&str, Vec<&ActivityFact>> = added
            .iter()
            .filter(|(c, _)| !courses.contains(*c))
            .map(|(c, acts)| (c.as_str(), acts.iter().filter(|a| a.is_k1p() || a.is_followup()).collect::<Vec<_>>()))
            .filter(|(_, acts)| !acts.is_empty())
            .collect();
        if courses.is_empty() && jobs.is_empty() && adding.is_empty() {
            return Ok(());
        }
        let course_ids: Vec<&str> = courses.iter().map(String::as_str).collect();
        let job_ids: Vec<&str> = jobs.iter().map(String::as_str).collect();
        let mut job_rows = self.jobs_of(&course_ids, &job_ids).await?;
        if matches!(self.0, Inner::Postgres(_)) {
            // Two transactions touching the same course wait for each other here, so the
            // second reads the first one's committed activities and jobs (READ COMMITTED).
            // Always in sorted order, after the day locks: no deadlock between writers.
            let mut locks: BTreeSet<&str> = course_ids.iter().copied().collect();
            locks.extend(job_rows.iter().map(|j| j.1.as_str()));
            locks.extend(adding.keys().copied());
            let locks: Vec<String> = locks.into_iter().map(|c| format!("course_fact/{c}")).collect();
            if let Inner::Postgres(t) = &mut self.0 {
                for key in &locks {
                    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                        .bind(key)
                        .execute(&mut **t)
                        .await?;
                }
            }
            job_rows = self.jobs_of(&course_ids, &job_ids).await?;
        }
        if !(course_ids.is_empty() && job_ids.is_empty()) {
            let course_rows: Vec<CourseKey> =
                self.rows_in("SELECT id, start_date FROM course WHERE id", &course_ids).await?;
            let computed = self.compute_marks(&course_rows, &job_rows).await?;
            let mut stale_jobs: BTreeSet<&str> = job_ids.iter().copied().collect();
            stale_jobs.extend(job_rows.iter().map(|j| j.0.as_str()));
            let stale_jobs: Vec<&str> = stale_jobs.into_iter().collect();
            self.delete_where_in(COURSE_FACTS, "course_id", &course_ids).await?;
            self.delete_where_in(JOB_FACTS, "job_id", &stale_jobs).await?;
            self.insert_marks(&computed).await?;
        }
        self.add_marks(&adding).await
    }

    /// Adds to the stored facts what activities new to the table give, by the same rules
    /// ([`first_k1p`], [`FollowupMonths::of`]): the earlier of the stored and the new first
    /// meeting, the union of the stored and the new months. Reads the courses' starts and
    /// jobs, not their activities. A job written in this transaction was recomputed from
    /// the stored activities, these included; adding them again changes nothing.
    async fn add_marks(&mut self, adding: &BTreeMap<&str, Vec<&ActivityFact>>) -> Result<(), StoreError> {
        let k3: Vec<&str> = adding.iter().filter(|(_, a)| a.iter().any(|a| a.is_k1p())).map(|(c, _)| *c).collect();
        let k8: Vec<&str> = adding.iter().filter(|(_, a)| a.iter().any(|a| a.is_followup())).map(|(c, _)| *c).collect();
        let starts: Vec<CourseKey> = self.rows_in("SELECT id, start_date FROM course WHERE id", &k3).await?;
        let jobs: Vec<JobKey> = self.rows_in("SELECT id, course_id, start_date FROM job WHERE course_id", &k8).await?;
        let of = |c: &str| adding.get(c).map(|a| a.iter().copied()).into_iter().flatten();
        let firsts: Vec<(String, NaiveDate)> =
            starts.into_iter().filter_map(|(id, start)| first_k1p(start, of(&id)).map(|d| (id, d))).collect();
        let months: Vec<(String, i64)> = jobs
            .into_iter()
            .map(|(id, course, start)| (id, FollowupMonths::of(start, &followup_dates(of(&course)))))
            .filter(|(_, m)| *m != FollowupMonths::default())
            .map(|(id, m)| (id, i64::from(m.bits())))
            .collect();
        let earlier = match self.0 {
            Inner::Sqlite(_) => "min(course_fact.first_k1p, excluded.first_k1p)",
            Inner::Postgres(_) => "LEAST(course_fact.first_k1p, excluded.first_k1p)",
        };
        // One statement per table, however many courses and jobs: a logged activity touches
        // every job of its course, and each statement is a round trip made while the
        // transaction holds the write lock. Keys are unique (ids of distinct rows), so no
        // row is updated twice by one statement, which PostgreSQL would refuse.
        macro_rules! upsert {
            ($db:ty, $t:expr) => {{
                for chunk in firsts.chunks(ROWS) {
                    let mut q = QueryBuilder::<$db>::new("INSERT INTO course_fact (course_id, first_k1p) ");
                    q.push_values(chunk, |mut b, (id, d)| {
                        b.push_bind(id.clone()).push_bind(*d);
                    });
                    q.push(format!(" ON CONFLICT (course_id) DO UPDATE SET first_k1p = {earlier}"));
                    q.build().execute(&mut **$t).await?;
                }
                for chunk in months.chunks(ROWS) {
                    let mut q = QueryBuilder::<$db>::new("INSERT INTO job_fact (job_id, followup_months) ");
                    q.push_values(chunk, |mut b, (id, bits)| {
                        b.push_bind(id.clone()).push_bind(*bits);
                    });
                    q.push(
                        " ON CONFLICT (job_id) DO UPDATE SET \
                         followup_months = job_fact.followup_months | excluded.followup_months",
                    );
                    q.build().execute(&mut **$t).await?;
                }
            }};
        }
        match &mut self.0 {
            Inner::Sqlite(t) => upsert!(Sqlite, t),
            Inner::Postgres(t) => upsert!(Postgres, t),
        }
        Ok(())
    }

    /// Empties `course_fact` and `job_fact` and computes them again from every course, job
    /// and linked activity, then tags them. Answers how many course and job facts it wrote.
    pub(crate) async fn rebuild_marks(&mut self) -> Result<(u64, u64), StoreError> {
        let (_, _, computed) = self.scan_all_marks().await?;
        self.replace_marks(computed).await
    }

    /// Replaces every course and job fact with `computed` (from a scan of every course, job
    /// and linked activity), then tags them. Answers how many course and job facts it wrote.
    pub(crate) async fn replace_marks(&mut self, computed: Computed) -> Result<(u64, u64), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query("DELETE FROM course_fact").execute(&mut **t).await?;
            sqlx::query("DELETE FROM job_fact").execute(&mut **t).await?;
        });
        self.insert_marks(&computed).await?;
        self.tag_facts(COURSE_FACTS, &k3_rules()).await?;
        self.tag_facts(JOB_FACTS, &k8_rules()).await?;
        Ok((computed.courses.len() as u64, computed.jobs.len() as u64))
    }

    /// Every course's and job's fact as `scanned` computed them from the records (courses and
    /// jobs looked at, facts), compared with the stored.
    pub(crate) async fn check_marks(&mut self, scanned: (u64, u64, Computed)) -> Result<MarkCheck, StoreError> {
        let mut check = MarkCheck {
            course_rules: self.stored_rules_of(COURSE_FACTS).await?,
            job_rules: self.stored_rules_of(JOB_FACTS).await?,
            ..MarkCheck::default()
        };
        let mut stored_courses: HashMap<String, NaiveDate> = on_tx!(&mut self.0, t => sqlx::query_as(
            "SELECT course_id, first_k1p FROM course_fact").fetch_all(&mut **t).await?)
        .into_iter()
        .collect();
        let mut stored_jobs: HashMap<String, i64> = on_tx!(&mut self.0, t => sqlx::query_as(
            "SELECT job_id, followup_months FROM job_fact").fetch_all(&mut **t).await?)
        .into_iter()
        .collect();
        let mut course_diffs: Vec<(String, Option<NaiveDate>, Option<NaiveDate>)> = Vec::new();
        let mut job_diffs: Vec<(String, i64, i64)> = Vec::new();
        let (courses, jobs, computed) = scanned;
        (check.courses_checked, check.jobs_checked) = (courses, jobs);
        for (id, d) in computed.courses {
            let stored = stored_courses.remove(&id);
            if stored != Some(d) {
                course_diffs.push((id, stored, Some(d)));
            }
        }
        for (id, m) in computed.jobs {
            let stored = stored_jobs.remove(&id).unwrap_or(0);
            if stored != i64::from(m.bits()) {
                job_diffs.push((id, stored, i64::from(m.bits())));
            }
        }
        // What is left stored has nothing computed: a course without a first meeting, a job
        // without follow-up, or one that no longer exists.
        job_diffs.extend(stored_jobs.into_iter().filter(|(_, m)| *m != 0).map(|(j, m)| (j, m, 0)));
        course_diffs.extend(stored_courses.into_iter().map(|(c, d)| (c, Some(d), None)));
        course_diffs.sort();
        job_diffs.sort();
        check.total_differences = (course_diffs.len() + job_diffs.len()) as u64;
        check.courses = course_diffs
            .into_iter()
            .take(MAX_LISTED)
            .map(|(course, stored, computed)| CourseDifference { course, stored, computed })
            .collect();
        check.jobs = job_diffs
            .into_iter()
            .take(MAX_LISTED)
            .map(|(job, stored, computed)| JobDifference { job, stored, computed })
            .collect();
        Ok(check)
    }
}

impl Db {
    /// Test support: overwrites one course's stored K3 fact, as a bug or a hand edit might.
    #[doc(hidden)]
    pub async fn corrupt_course_fact(&self, course: &str, first_k1p: NaiveDate) -> Result<u64, StoreError> {
        Ok(crate::on_pool!(self, p => sqlx::query("UPDATE course_fact SET first_k1p = $2 WHERE course_id = $1")
            .bind(course).bind(first_k1p).execute(p).await?.rows_affected()))
    }
}

/// The stored months of a job fact, checked.
pub(crate) fn months_of(bits: i64) -> Result<FollowupMonths, StoreError> {
    u8::try_from(bits)
        .ok()
        .and_then(FollowupMonths::from_bits)
        .ok_or_else(|| corrupt("job_fact", "followup_months", &bits.to_string()))
}
