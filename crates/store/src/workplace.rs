//! Reads for the job specialist's pages: the caseload, one participant's record, and what
//! the access rules need to know about a participant.

use chrono::{DateTime, NaiveDate, Utc};
use jobbvei_domain::course::{self, access_cutoff};
use jobbvei_domain::time::oslo_date;
use jobbvei_domain::{Activity, ActivityStatus, Course, Job, Participant, ParticipantContact, PercentStep, PhaseEntry};
use sqlx::AssertSqlSafe;

use crate::engine::{Col, Shifted};
use crate::mapping;
use crate::{Db, StoreError, on_pool};

/// One open course on a caseload.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRow {
    pub participant_id: String,
    pub participant_name: String,
    pub confidential: bool,
    pub course_id: String,
    pub course_start: NaiveDate,
    pub job_specialist_id: String,
    pub phase: Option<String>,
    pub phase_from: Option<NaiveDate>,
    pub last_activity: Option<NaiveDate>,
    pub passive: bool,
    /// The day of the course's next planned activity, today or later.
    pub next_planned: Option<NaiveDate>,
}

/// What decides who may see a participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantAccess {
    pub veileder: Option<String>,
    pub confidential: bool,
    /// (job specialist, their team, open) of the courses that give access on the day asked
    /// about: the open ones, then those ended within the handover days
    /// (`jobbvei_domain::course::HANDOVER_DAYS`), latest start first. A course that ended
    /// longer ago gives nobody anything (docs/access.md).
    pub owners: Vec<(String, Option<String>, bool)>,
}

/// Who may write to a participant's record, and the course a new record goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteAccess {
    pub access: ParticipantAccess,
    /// (id, start) of the course open on the day asked about, the latest started first.
    pub open_course: Option<(String, NaiveDate)>,
}

/// What decides whether a participant may be taken on with a new course (docs/access.md).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParticipantClaims {
    /// The user who registered the participant in Jobbvei, when one did.
    pub registered_by: Option<String>,
    /// Whether the participant has ever had a course.
    pub any_course: bool,
    /// Whether a course is open on the day asked about.
    pub open_course: bool,
    /// Teams with an accepted referral sent after the participant's latest course started
    /// (any accepted referral when there is no course): a referral is used by one course.
    pub referred_to: Vec<String>,
}

/// Everything the participant page shows.
#[derive(Debug, Clone)]
pub struct ParticipantRecord {
    pub participant: Participant,
    pub courses: Vec<Course>,
    pub phases: Vec<PhaseEntry>,
    /// By start, each with its percentage history.
    pub jobs: Vec<Job>,
    /// Newest first.
    pub activities: Vec<Activity>,
    /// How to reach the participant (`Db::participant_contact`), read with the participant.
    pub contact: ParticipantContact,
}

/// [`Db::participants_access`]'s statement for `n` participants (`$3` on; `$1` the day, `$2`
/// its access cutoff), with each participant's name last.
pub(crate) fn access_sql(n: usize) -> String {
    // As `participant_access`: each participant with each course that counts, one row of
    // NULLs when none does, and a course counts only when its job specialist is a user.
    let list: Vec<String> = (3..3 + n).map(|i| format!("${i}")).collect();
    format!(
        "SELECT p.id, p.veileder_id, p.confidential, u.id, u.team_id, \
         (c.end_date IS NULL OR c.end_date >= $1) AS open, p.name \
         FROM participant p LEFT JOIN course c \
         ON c.participant_id = p.id AND (c.end_date IS NULL OR c.end_date >= $2) \
         LEFT JOIN app_user u ON u.id = c.job_specialist_id \
         WHERE p.id IN ({}) ORDER BY p.id, open DESC, c.start_date DESC, c.id",
        list.join(", ")
    )
}

/// [`access_sql`]'s rows: each participant's access and name, by id.
pub(crate) fn read_access<R: Col>(
    rows: &[R],
) -> Result<std::collections::HashMap<String, (ParticipantAccess, String)>, StoreError> {
    let mut out: std::collections::HashMap<String, (ParticipantAccess, String)> = std::collections::HashMap::new();
    for r in rows {
        let (access, _) = match out.entry(r.text(0)?) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert((
                ParticipantAccess {
                    veileder: r.opt_text(1)?,
                    confidential: r.opt_bool(2)? == Some(true),
                    owners: Vec::new(),
                },
                r.text(6)?,
            )),
        };
        if let Some(staff) = r.opt_text(3)? {
            access.owners.push((staff, r.opt_text(4)?, r.opt_bool(5)? == Some(true)));
        }
    }
    Ok(out)
}

pub(crate) fn cols(t: &mapping::Table, alias: &str) -> String {
    t.columns.iter().map(|c| format!("{alias}.{c}")).collect::<Vec<_>>().join(", ")
}

impl Db {
    /// Open courses on `day` of the given job specialists, with current phase and last activity.
    pub async fn caseload(&self, job_specialists: &[String], day: NaiveDate) -> Result<Vec<CaseRow>, StoreError> {
        if job_specialists.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = (0..job_specialists.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT p.id, p.name, p.confidential, c.id, c.start_date, c.job_specialist_id, \
               (SELECT ph.phase FROM course_phase ph WHERE ph.course_id = c.id AND ph.from_date <= $1 ORDER BY ph.from_date DESC LIMIT 1), \
               (SELECT ph.from_date FROM course_phase ph WHERE ph.course_id = c.id AND ph.from_date <= $1 ORDER BY ph.from_date DESC LIMIT 1), \
               (SELECT MAX(a.local_date) FROM activity a WHERE a.course_id = c.id AND a.local_date <= $1 \
                  AND a.status IN ('gjennomfort', 'deltaker_uteble')), \
               (SELECT COUNT(*) FROM passive_period x WHERE x.course_id = c.id AND x.from_date <= $1 \
                  AND (x.to_date IS NULL OR x.to_date >= $1)), \
               (SELECT MIN(a.local_date) FROM activity a WHERE a.course_id = c.id AND a.local_date >= $1 \
                  AND a.status = 'planlagt') \
             FROM course c JOIN participant p ON p.id = c.participant_id \
             WHERE c.start_date <= $1 AND (c.end_date IS NULL OR c.end_date >= $1) AND c.job_specialist_id IN ({}) \
             ORDER BY p.name_search, c.id",
            list.join(", ")
        );
        on_pool!(self, p => {
            let mut q = sqlx::query(AssertSqlSafe(sql)).bind(day);
            for js in job_specialists {
                q = q.bind(js.clone());
            }
            let rows = q.fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(CaseRow {
                        participant_id: r.text(0)?,
                        participant_name: r.text(1)?,
                        confidential: r.opt_bool(2)? == Some(true),
                        course_id: r.text(3)?,
                        course_start: r.date(4)?,
                        job_specialist_id: r.text(5)?,
                        phase: r.opt_text(6)?,
                        phase_from: r.opt_date(7)?,
                        last_activity: r.opt_date(8)?,
                        passive: r.int(9)? > 0,
                        next_planned: r.opt_date(10)?,
                    })
                })
                .collect()
        })
    }

    /// The participants of [`Db::caseload`]'s rows, in its order (one per open course), with
    /// none of its per-course look-ups: for the quick log's participant list, which shows
    /// only the names.
    pub async fn caseload_names(
        &self,
        job_specialists: &[String],
        day: NaiveDate,
    ) -> Result<Vec<(String, String)>, StoreError> {
        if job_specialists.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = (0..job_specialists.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT p.id, p.name FROM course c JOIN participant p ON p.id = c.participant_id \
             WHERE c.start_date <= $1 AND (c.end_date IS NULL OR c.end_date >= $1) AND c.job_specialist_id IN ({}) \
             ORDER BY p.name_search, c.id",
            list.join(", ")
        );
        on_pool!(self, p => {
            let mut q = sqlx::query_as(AssertSqlSafe(sql)).bind(day);
            for js in job_specialists {
                q = q.bind(js.clone());
            }
            Ok(q.fetch_all(p).await?)
        })
    }

    /// The office a team belongs to.
    pub async fn office_of_team(&self, team: &str) -> Result<Option<String>, StoreError> {
        on_pool!(self, p => Ok(sqlx::query_scalar("SELECT office_id FROM team WHERE id = $1")
            .bind(team).fetch_optional(p).await?))
    }

    /// The users in a team by id, each with the stamp of what the caseload reads of their
    /// courses (migration 0031): a team's caseload may be kept while these are unchanged.
    pub async fn team_stamps(&self, team: &str) -> Result<Vec<(String, i64)>, StoreError> {
        let sql = format!(
            "SELECT u.id, {} FROM app_user u WHERE u.team_id = $1 ORDER BY u.id",
            crate::case_stamp::stamp_sql("u.id")
        );
        on_pool!(self, p => Ok(sqlx::query_as(AssertSqlSafe(sql)).bind(team).fetch_all(p).await?))
    }

    /// Ids of the users in a team.
    pub async fn team_members(&self, team: &str) -> Result<Vec<String>, StoreError> {
        on_pool!(self, p => Ok(sqlx::query_scalar("SELECT id FROM app_user WHERE team_id = $1 ORDER BY id")
            .bind(team).fetch_all(p).await?))
    }

    pub async fn participant_access(&self, id: &str, day: NaiveDate) -> Result<Option<ParticipantAccess>, StoreError> {
        Ok(self.write_access(id, day).await?.map(|w| w.access))
    }

    /// [`Db::participant_access`] together with the course open on `day` that a new record
    /// hangs on, from the same statement: the quick log needs both for every save.
    pub async fn write_access(&self, id: &str, day: NaiveDate) -> Result<Option<WriteAccess>, StoreError> {
        // One statement: the participant with each course that counts (none: one row of NULLs).
        // A course counts only when its job specialist is a user (`u.id`), as an inner join would.
        type Row = (
            Option<String>,
            Option<bool>,
            Option<String>,
            Option<String>,
            bool,
            Option<String>,
            Option<NaiveDate>,
            Option<NaiveDate>,
        );
        let rows: Vec<Row> = on_pool!(self, p => sqlx::query_as(
            "SELECT p.veileder_id, p.confidential, u.id, u.team_id, \
             (c.end_date IS NULL OR c.end_date >= $2) AS open, c.id, c.start_date, c.end_date \
             FROM participant p LEFT JOIN course c \
             ON c.participant_id = p.id AND (c.end_date IS NULL OR c.end_date >= $3) \
             LEFT JOIN app_user u ON u.id = c.job_specialist_id \
             WHERE p.id = $1 ORDER BY open DESC, c.start_date DESC, c.id",
        )
        .bind(id).bind(day).bind(access_cutoff(day)).fetch_all(p).await?);
        let Some((veileder, confidential, ..)) = rows.first().cloned() else { return Ok(None) };
        // Latest start first, as the participant page lists them, and open by the course's own
        // rule ([`Course::is_open_on`]).
        let open_course = rows.iter().find_map(|(.., course, start, end)| {
            let (course, start) = (course.as_ref()?, (*start)?);
            course::open_on(start, *end, day).then(|| (course.clone(), start))
        });
        let owners = rows.into_iter().filter_map(|(_, _, js, team, open, ..)| Some((js?, team, open))).collect();
        let access = ParticipantAccess { veileder, confidential: confidential == Some(true), owners };
        Ok(Some(WriteAccess { access, open_course }))
    }

    /// [`Db::participant_access`] of many participants in one query, for a page that lists
    /// people (the employer page's jobs); participants not found are left out.
    pub async fn participants_access(
        &self,
        ids: &[String],
        day: NaiveDate,
    ) -> Result<std::collections::HashMap<String, ParticipantAccess>, StoreError> {
        let mut out: std::collections::HashMap<String, ParticipantAccess> = std::collections::HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        let sql = access_sql(ids.len());
        let rows = on_pool!(self, p => {
            let mut q = sqlx::query(AssertSqlSafe(sql)).bind(day).bind(access_cutoff(day));
            for id in ids {
                q = q.bind(id);
            }
            read_access(&q.fetch_all(p).await?)?
        });
        out.extend(rows.into_iter().map(|(id, (access, _))| (id, access)));
        Ok(out)
    }

    /// Who has a claim on taking the participant on; `None` when there is no such participant.
    pub async fn participant_claims(&self, id: &str, day: NaiveDate) -> Result<Option<ParticipantClaims>, StoreError> {
        on_pool!(self, p => {
            let exists: Option<String> = sqlx::query_scalar("SELECT id FROM participant WHERE id = $1")
                .bind(id).fetch_optional(p).await?;
            if exists.is_none() {
                return Ok(None);
            }
            let registered_by: Option<String> =
                sqlx::query_scalar("SELECT registered_by FROM participant_registration WHERE participant_id = $1")
                    .bind(id).fetch_optional(p).await?;
            let (courses, open): (i64, i64) = sqlx::query_as(
                "SELECT COUNT(*), COUNT(CASE WHEN end_date IS NULL OR end_date >= $2 THEN 1 END) \
                 FROM course WHERE participant_id = $1",
            )
            .bind(id).bind(day).fetch_one(p).await?;
            let referred_to: Vec<String> = sqlx::query_scalar(
                "SELECT DISTINCT r.team_id FROM referral r WHERE r.participant_id = $1 AND r.decision = 'akseptert' \
                 AND NOT EXISTS (SELECT 1 FROM course c WHERE c.participant_id = r.participant_id AND c.start_date >= r.sent) \
                 ORDER BY r.team_id",
            )
            .bind(id).fetch_all(p).await?;
            Ok(Some(ParticipantClaims { registered_by, any_course: courses > 0, open_course: open > 0, referred_to }))
        })
    }

    pub async fn participant_record(
        &self,
        id: &str,
        max_activities: i64,
    ) -> Result<Option<ParticipantRecord>, StoreError> {
        let sql_p = format!(
            "SELECT {}, k.phone, k.email, k.interpreter_language FROM participant p \
             LEFT JOIN participant_contact k ON k.participant_id = p.id WHERE p.id = $1",
            cols(&mapping::PARTICIPANT, "p")
        );
        let n = mapping::PARTICIPANT.columns.len();
        // Each course with its phases, one row per phase (a course without any: one row).
        let sql_c = format!(
            "SELECT {}, {} FROM course c LEFT JOIN course_phase x ON x.course_id = c.id WHERE c.participant_id = $1 \
             ORDER BY c.start_date DESC, c.id, x.from_date DESC",
            cols(&mapping::COURSE, "c"),
            cols(&mapping::PHASE, "x")
        );
        let nc = mapping::COURSE.columns.len();
        // Each job with its percentage steps, one row per step (a job without any: one row).
        let sql_j = format!(
            "SELECT {}, s.from_date, s.percent FROM job x JOIN course c ON c.id = x.course_id \
             LEFT JOIN job_percent s ON s.job_id = x.id WHERE c.participant_id = $1 \
             ORDER BY x.start_date, x.id, s.from_date",
            cols(&mapping::JOB, "x")
        );
        let nj = mapping::JOB.columns.len();
        let sql_a = format!(
            "SELECT {} FROM activity x JOIN course c ON c.id = x.course_id WHERE c.participant_id = $1 \
             ORDER BY x.start_at DESC LIMIT $2",
            cols(&mapping::ACTIVITY, "x")
        );
        on_pool!(self, p => {
            let Some(row) = sqlx::query(AssertSqlSafe(sql_p)).bind(id).fetch_optional(p).await? else { return Ok(None) };
            let participant = mapping::read_participant(&row)?;
            let contact = ParticipantContact {
                phone: row.opt_text(n)?,
                email: row.opt_text(n + 1)?,
                interpreter_language: row.opt_text(n + 2)?,
            };
            let (mut courses, mut phases): (Vec<Course>, Vec<PhaseEntry>) = (Vec::new(), Vec::new());
            for r in sqlx::query(AssertSqlSafe(sql_c)).bind(id).fetch_all(p).await?.iter() {
                let course_id = r.text(0)?;
                if courses.last().is_none_or(|c| c.id.as_str() != course_id) {
                    courses.push(mapping::read_course(r)?);
                }
                if r.opt_text(nc)?.is_some() {
                    phases.push(mapping::read_phase(&Shifted(r, nc))?);
                }
            }
            // Newest first over all courses, as the phases were listed before they were read
            // with their course.
            phases.sort_by_key(|ph| std::cmp::Reverse(ph.from));
            let mut jobs: Vec<Job> = Vec::new();
            for r in sqlx::query(AssertSqlSafe(sql_j)).bind(id).fetch_all(p).await?.iter() {
                let job_id = r.text(0)?;
                if jobs.last().is_none_or(|j| j.id.as_str() != job_id) {
                    jobs.push(mapping::read_job(r)?);
                }
                if let (Some(from), Some(job)) = (r.opt_date(nj)?, jobs.last_mut()) {
                    job.percent.push(PercentStep { from, percent: r.float(nj + 1)? });
                }
            }
            // Most callers ask for none: no statement then.
            let activities = if max_activities > 0 {
                sqlx::query(AssertSqlSafe(sql_a)).bind(id).bind(max_activities).fetch_all(p).await?
                    .iter().map(mapping::read_activity).collect::<Result<Vec<_>, _>>()?
            } else {
                Vec::new()
            };
            Ok(Some(ParticipantRecord { participant, courses, phases, jobs, activities, contact }))
        })
    }

    /// Employers a user works with: those they hold, and those in their activities since `since`.
    pub async fn my_employers(&self, user: &str, since: NaiveDate) -> Result<Vec<(String, String)>, StoreError> {
        // A UNION of two indexed look-ups: with OR the planner walked every employer.
        let ids = "SELECT h.id AS id FROM employer h WHERE h.holder_id = $1 \
             UNION SELECT a.employer_id FROM activity a WHERE a.user_id = $1 AND a.local_date >= $2 AND a.employer_id IS NOT NULL";
        // Joined (or with `IN`), PostgreSQL hashed the few hundred ids found and read all
        // 80,000 employers past them, 25-55 ms a view at national scale. Gathered into an
        // array first, they are read by key, each employer once (a subquery each for the name
        // and the sort key read it twice: pgbench 2,700-3,000 against 4,200-4,600 statements/s).
        // SQLite looks them up by key either way.
        let sql = if matches!(self, Db::Sqlite(..)) {
            format!("SELECT e.id, e.name FROM employer e WHERE e.id IN ({ids}) ORDER BY e.name_search, e.id LIMIT 500")
        } else {
            format!(
                "SELECT e.id, e.name FROM employer e WHERE e.id = ANY (ARRAY({ids})) \
                 ORDER BY e.name_search, e.id LIMIT 500"
            )
        };
        // Both ids are foreign keys of employer, so every one names an employer.
        let rows: Vec<(String, Option<String>)> =
            on_pool!(self, p => sqlx::query_as(AssertSqlSafe(sql)).bind(user).bind(since).fetch_all(p).await?);
        Ok(rows.into_iter().filter_map(|(id, name)| Some((id, name?))).collect())
    }
}

/// An activity with the names a list shows beside it.
#[derive(Debug, Clone)]
pub struct ActivityLine {
    pub activity: Activity,
    pub participant_id: Option<String>,
    pub participant_name: Option<String>,
    pub employer_name: Option<String>,
}

/// A user's activities on `day`, and every planned one not yet closed; oldest first. Min
/// dag shows the planned ones that should have happened before now ([`due_on`]), decided
/// per view so that what is read may be kept ([`crate::KeptDays`]). Two index look-ups
/// (the second on the small index of planned activities, migration 0027): with the two
/// conditions joined by OR, every activity the user ever logged was read. `$1` the user,
/// `$2` the day.
pub(crate) fn my_day_sql() -> String {
    format!(
        "SELECT {}, p.id, p.name, e.name FROM activity x LEFT JOIN course c ON c.id = x.course_id \
         LEFT JOIN participant p ON p.id = c.participant_id LEFT JOIN employer e ON e.id = x.employer_id \
         WHERE x.id IN (SELECT d.id FROM activity d WHERE d.user_id = $1 AND d.local_date = $2 UNION ALL \
           SELECT o.id FROM activity o WHERE o.user_id = $1 AND o.status = 'planlagt') \
         ORDER BY x.start_at",
        cols(&mapping::ACTIVITY, "x")
    )
}

/// Whether Min dag on `day` at `now` lists the line [`my_day_sql`] read: it is of the day,
/// or planned for before now and not closed.
pub(crate) fn due_on(line: &ActivityLine, day: NaiveDate, now: DateTime<Utc>) -> bool {
    let a = &line.activity;
    oslo_date(a.start) == day || (a.status == ActivityStatus::Planned && a.start < now)
}

/// The rows of [`my_day_sql`].
pub(crate) fn read_my_day<R: Col>(rows: &[R]) -> Result<Vec<ActivityLine>, StoreError> {
    let n = mapping::ACTIVITY.columns.len();
    rows.iter()
        .map(|r| {
            Ok(ActivityLine {
                activity: mapping::read_activity(r)?,
                participant_id: r.opt_text(n)?,
                participant_name: r.opt_text(n + 1)?,
                employer_name: r.opt_text(n + 2)?,
            })
        })
        .collect()
}
