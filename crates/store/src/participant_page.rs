//! Everything the participant page reads, in five statements on one connection: who may see
//! the participant with the participant, contact and job-ads profile; the courses and the
//! job chain; the measures and follow-up checks; the records beside the courses with the
//! ad marks; the timeline. Each statement is a `UNION ALL` of the kinds it reads, one slice
//! of columns per kind (NULL in the others), so both engines type every column from its one
//! real source. One connection for all of them, since sqlx pings a connection every time it
//! goes back to the pool.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use jobbvei_domain::course::access_cutoff;
use jobbvei_domain::{Course, FollowupCheck, Job, Measure, ParticipantContact, PercentStep, PhaseEntry};
use sqlx::AssertSqlSafe;

use crate::ads::{read_mark, read_profile};
use crate::course_records::PlannedPassive;
use crate::engine::{Col, Shifted};
use crate::kept_timeline::TimelineKey;
use crate::workplace::cols;
use crate::{
    AdInputs, CourseRecords, Db, KeptTimelines, NamedUser, ParticipantAccess, ParticipantRecord, StoreError, mapping,
};

/// What `/deltaker/{id}` shows, read at once ([`Db::participant_page`]).
#[derive(Debug, Clone)]
pub struct ParticipantPageData {
    /// As [`Db::participant_access`] answers.
    pub access: ParticipantAccess,
    /// As [`Db::participant_record`] answers.
    pub record: ParticipantRecord,
    /// Names and teams of the courses' job specialists and the listed activities' owners,
    /// as [`Db::users_with_teams`] answers for them.
    pub users: HashMap<String, NamedUser>,
    /// By start, then id.
    pub measures: Vec<Measure>,
    /// By due date, then id.
    pub checks: Vec<FollowupCheck>,
    /// (employer id, name) and (job id, purpose), as [`Db::job_employers_and_purposes`].
    pub employers: Vec<(String, String)>,
    pub purposes: Vec<(String, String)>,
    /// As [`Db::participant_course_records`] answers.
    pub beside: CourseRecords,
    /// As [`Db::ad_inputs`] answers.
    pub ads: AdInputs,
}

/// `NULL, NULL, …` for the columns of the other kinds in a `UNION ALL`.
fn nulls(n: usize) -> String {
    vec!["NULL"; n].join(", ")
}

/// NULLs of the given types. PostgreSQL types a `UNION` two branches at a time, from the
/// left, and a column NULL in both of the first two becomes `text`; so in a union of more
/// than two kinds the first branch names the types of the later kinds' columns.
pub(crate) fn typed_nulls(types: &[&str]) -> String {
    types.iter().map(|t| format!("CAST(NULL AS {t})")).collect::<Vec<_>>().join(", ")
}

fn head_sql() -> String {
    // As `participant_access`: one row per course that counts (none: one row of NULLs).
    format!(
        "SELECT {}, k.phone, k.email, k.interpreter_language, \
         v.participant_id, p.postal_code, v.wanted_styrk, v.industries, v.hours, v.geography, v.driving_licence, \
         p.confidential, (SELECT generation FROM job_ad_generation WHERE id = 1), \
         u.id, u.team_id, (c.end_date IS NULL OR c.end_date >= $2) AS open \
         FROM participant p LEFT JOIN participant_contact k ON k.participant_id = p.id \
         LEFT JOIN vocational_profile v ON v.participant_id = p.id AND v.version = \
         (SELECT MAX(version) FROM vocational_profile w WHERE w.participant_id = p.id) \
         LEFT JOIN course c ON c.participant_id = p.id AND (c.end_date IS NULL OR c.end_date >= $3) \
         LEFT JOIN app_user u ON u.id = c.job_specialist_id \
         WHERE p.id = $1 ORDER BY open DESC, c.start_date DESC, c.id",
        cols(&mapping::PARTICIPANT, "p")
    )
}

const NP: usize = mapping::PARTICIPANT.columns.len();
const NC: usize = mapping::COURSE.columns.len();
const NPH: usize = mapping::PHASE.columns.len();
const NJ: usize = mapping::JOB.columns.len();
const NM: usize = mapping::MEASURE.columns.len();
const NF: usize = mapping::FOLLOWUP.columns.len();
const NE: usize = mapping::EDUCATION.columns.len();

/// Where [`chain_sql`]'s `k` rows carry the course's job specialist and their stamp.
const CHAIN_STAMP: usize = 1 + NC + NPH + 2 + NJ + 4;

/// Courses with their phases and job specialist, then jobs with their steps, employer and
/// purpose: kind, course (1), phase, name and team, job, step, employer name, purpose. Then
/// one `k` row per course, by id: the course's id (1) and, last, its job specialist with
/// their stamp ([`crate::KeptTimelines`]), one per course rather than on every phase row.
fn chain_sql() -> String {
    let (c, j) = (1, 1 + NC + NPH + 2);
    format!(
        "SELECT 'c', {}, {}, (SELECT u.name FROM app_user u WHERE u.id = c.job_specialist_id), \
         (SELECT u.team_id FROM app_user u WHERE u.id = c.job_specialist_id), {}, \
         CAST(NULL AS TEXT), CAST(NULL AS BIGINT) \
         FROM course c LEFT JOIN course_phase x ON x.course_id = c.id WHERE c.participant_id = $1 \
         UNION ALL SELECT 'j', {}, {}, s.from_date, s.percent, e.name, pp.purpose, NULL, NULL \
         FROM job j JOIN course c ON c.id = j.course_id LEFT JOIN job_percent s ON s.job_id = j.id \
         LEFT JOIN employer e ON e.id = j.employer_id LEFT JOIN placement_purpose pp ON pp.job_id = j.id \
         WHERE c.participant_id = $1 \
         UNION ALL SELECT 'k', c.id, {}, c.job_specialist_id, {} FROM course c WHERE c.participant_id = $1 \
         ORDER BY 1, {} DESC, {}, {} DESC, {}, {}, {}",
        cols(&mapping::COURSE, "c"),
        cols(&mapping::PHASE, "x"),
        nulls(NJ + 4),
        nulls(NC + NPH + 2),
        cols(&mapping::JOB, "j"),
        nulls(NC - 1 + NPH + 2 + NJ + 4),
        crate::case_stamp::stamp_sql("c.job_specialist_id"),
        // course start, id, phase from; job start, id, step from (1-based positions)
        c + 5,
        c + 1,
        c + NC + 2,
        j + 5,
        j + 1,
        j + NJ + 1,
    )
}

/// Measures, then follow-up checks.
fn measures_sql() -> String {
    format!(
        "SELECT 'm', {}, {} FROM measure m JOIN course c ON c.id = m.course_id \
         JOIN participant p ON p.id = c.participant_id WHERE c.participant_id = $1 \
         UNION ALL SELECT 'f', {}, {} FROM followup_check x JOIN course c ON c.id = x.course_id \
         WHERE c.participant_id = $1",
        cols(&mapping::MEASURE, "m"),
        nulls(NF),
        nulls(NM),
        cols(&mapping::FOLLOWUP, "x"),
    )
}

/// Positions in [`beside_sql`]'s rows (0-based): educations, three-party meetings (course,
/// day, created, id), shared reports (course, number), outreach attempts (six and created),
/// passive periods with their planned end, ad marks.
const B_EDU: usize = 1;
const B_MEET: usize = B_EDU + NE;
const B_REPORT: usize = B_MEET + 4;
const B_TRY: usize = B_REPORT + 2;
const B_PASSIVE: usize = B_TRY + 7;
const B_MARK: usize = B_PASSIVE + 5;
const B_END: usize = B_MARK + 6;

/// The records beside the courses, as [`Db::participant_course_records`] reads them, and the
/// participant's ad marks as [`Db::ad_inputs`] reads them.
fn beside_sql() -> String {
    const COURSES_OF: &str = "(SELECT c.id FROM course c WHERE c.participant_id = $1)";
    let before = |at: usize| if at > 1 { format!("{}, ", nulls(at - 1)) } else { String::new() };
    let after = |from: usize| if from < B_END { format!(", {}", nulls(B_END - from)) } else { String::new() };
    let one = |kind: &str, at: usize, values: String, n: usize, rest: String| {
        format!("SELECT '{kind}', {}{values}{} {rest}", before(at), after(at + n))
    };
    [
        // The first branch, so with the types of every other kind's columns.
        format!(
            "SELECT 'e', {}, {} FROM education x WHERE x.course_id IN {COURSES_OF}",
            cols(&mapping::EDUCATION, "x"),
            typed_nulls(&[
                "TEXT", "DATE", "TIMESTAMPTZ", "TEXT", // meeting
                "TEXT", "BIGINT", // report
                "TEXT", "TEXT", "DATE", "TEXT", "BOOLEAN", "TEXT", "TIMESTAMPTZ", // attempt
                "TEXT", "DATE", "DATE", "TEXT", "DATE", // passive period
                "TEXT", "TEXT", "TIMESTAMPTZ", "TEXT", "TEXT", "TEXT", // mark
            ])
        ),
        one(
            "m",
            B_MEET,
            "course_id, meeting_date, created_at, id".into(),
            4,
            format!("FROM cooperation_agreement WHERE course_id IN {COURSES_OF}"),
        ),
        // Shared when both who and when are recorded, as `Db::interval_notes` reads it.
        one(
            "r",
            B_REPORT,
            "course_id, number".into(),
            2,
            format!(
                "FROM interval_report WHERE course_id IN {COURSES_OF} AND shared_by IS NOT NULL AND shared_at IS NOT NULL"
            ),
        ),
        one(
            "t",
            B_TRY,
            "id, course_id, tried_on, way, reached, user_id, created_at".into(),
            7,
            format!("FROM outreach_attempt WHERE course_id IN {COURSES_OF}"),
        ),
        one(
            "p",
            B_PASSIVE,
            format!("{}, pl.planned_to", cols(&mapping::PASSIVE, "x")),
            5,
            format!(
                "FROM passive_period x LEFT JOIN passive_plan pl ON pl.course_id = x.course_id \
                 AND pl.from_date = x.from_date WHERE x.course_id IN {COURSES_OF}"
            ),
        ),
        one(
            "k",
            B_MARK,
            "m.ad_uuid, m.mark, m.marked_at, m.marked_by, a.title, a.employer_name".into(),
            6,
            "FROM job_ad_mark m LEFT JOIN job_ad a ON a.uuid = m.ad_uuid WHERE m.participant_id = $1".into(),
        ),
    ]
    .join(" UNION ALL ")
        + &format!(
            // 1-based: kind; educations by start and id; meetings the latest recorded first;
            // reports by course and number; attempts by day, created and id; passive periods
            // by course and start; marks the newest first.
            " ORDER BY 1, {}, {}, {} DESC, {}, {}, {}, {}, {}, {}, {}, {}, {}, {} DESC, {}",
            B_EDU + 4,
            B_EDU + 1,
            B_MEET + 3,
            B_MEET + 4,
            B_MEET + 1,
            B_REPORT + 1,
            B_REPORT + 2,
            B_TRY + 3,
            B_TRY + 7,
            B_TRY + 1,
            B_PASSIVE + 1,
            B_PASSIVE + 2,
            B_MARK + 3,
            B_MARK + 1,
        )
}

/// The newest activities. Their owners are named from the courses' job specialists, which
/// the chain reads anyway, and only the others are looked up ([`owners_sql`]): a join to
/// `app_user` looked each row's owner up again, three index pages a row, about half of the
/// statement on PostgreSQL (pgbench, national data: 5,600 against 7,900 statements/s
/// without it).
fn timeline_sql() -> String {
    format!(
        "SELECT {} FROM activity x JOIN course c ON c.id = x.course_id \
         WHERE c.participant_id = $1 ORDER BY x.start_at DESC LIMIT $2",
        cols(&mapping::ACTIVITY, "x")
    )
}

/// Names and teams of `n` users by id.
fn owners_sql(n: usize) -> String {
    let marks = (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
    format!("SELECT id, name, team_id FROM app_user WHERE id IN ({marks})")
}

/// The listed activities' owners that the chain has not named, each once.
fn unnamed_owners(page: &ParticipantPageData) -> Vec<String> {
    let mut ids: Vec<String> = page
        .record
        .activities
        .iter()
        .map(|a| a.user.as_str())
        .filter(|id| !id.is_empty() && !page.users.contains_key(*id))
        .map(str::to_owned)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The head's rows: access, participant with contact, profile and generation.
fn read_head<R: Col>(rows: &[R]) -> Result<Option<(ParticipantAccess, ParticipantRecord, AdInputs)>, StoreError> {
    let Some(first) = rows.first() else { return Ok(None) };
    let participant = mapping::read_participant(first)?;
    let contact = ParticipantContact {
        phone: first.opt_text(NP)?,
        email: first.opt_text(NP + 1)?,
        interpreter_language: first.opt_text(NP + 2)?,
    };
    let mut ads = AdInputs::default();
    if first.opt_text(NP + 3)?.is_some() {
        ads.profile = Some((read_profile(&Shifted(first, NP + 3))?, first.int(NP + 11)?));
    }
    let mut owners = Vec::new();
    for r in rows {
        if let Some(staff) = r.opt_text(NP + 12)? {
            owners.push((staff, r.opt_text(NP + 13)?, r.opt_bool(NP + 14)? == Some(true)));
        }
    }
    let access = ParticipantAccess {
        veileder: participant.veileder.as_ref().map(|v| v.as_str().to_owned()),
        confidential: participant.is_confidential(),
        owners,
    };
    let record = ParticipantRecord {
        participant,
        courses: Vec::new(),
        phases: Vec::new(),
        jobs: Vec::new(),
        activities: Vec::new(),
        contact,
    };
    Ok(Some((access, record, ads)))
}

fn named(r: &impl Col, at: usize, id: String, users: &mut HashMap<String, NamedUser>) -> Result<(), StoreError> {
    if let Some(name) = r.opt_text(at)? {
        users.insert(id, NamedUser { name, team: r.opt_text(at + 1)? });
    }
    Ok(())
}

/// Reads the chain; returns the timeline's key.
fn read_chain<R: Col>(rows: &[R], page: &mut ParticipantPageData) -> Result<TimelineKey, StoreError> {
    let (courses, phases, jobs) = (&mut page.record.courses, &mut page.record.phases, &mut page.record.jobs);
    let mut key = TimelineKey::new();
    for r in rows {
        let kind = r.text(0)?;
        if kind == "k" {
            key.push((r.text(1)?, r.text(CHAIN_STAMP)?, r.int(CHAIN_STAMP + 1)?));
            continue;
        }
        if kind == "c" {
            let c = Shifted(r, 1);
            let id = c.text(0)?;
            if courses.last().is_none_or(|x: &Course| x.id.as_str() != id) {
                let course = mapping::read_course(&c)?;
                named(r, 1 + NC + NPH, course.job_specialist.as_str().to_owned(), &mut page.users)?;
                courses.push(course);
            }
            if c.opt_text(NC)?.is_some() {
                phases.push(mapping::read_phase(&Shifted(r, 1 + NC))?);
            }
            continue;
        }
        let at = 1 + NC + NPH + 2;
        let j = Shifted(r, at);
        let id = j.text(0)?;
        if jobs.last().is_none_or(|x: &Job| x.id.as_str() != id) {
            let job = mapping::read_job(&j)?;
            if let Some(name) = j.opt_text(NJ + 2)? {
                page.employers.push((job.employer.as_str().to_owned(), name));
            }
            if let Some(purpose) = j.opt_text(NJ + 3)? {
                page.purposes.push((id, purpose));
            }
            jobs.push(job);
        }
        if let (Some(from), Some(job)) = (j.opt_date(NJ)?, jobs.last_mut()) {
            job.percent.push(PercentStep { from, percent: j.float(NJ + 1)? });
        }
    }
    // Newest first over all courses, as `participant_record` lists them.
    phases.sort_by_key(|ph: &PhaseEntry| std::cmp::Reverse(ph.from));
    page.employers.sort();
    page.employers.dedup();
    page.purposes.sort();
    Ok(key)
}

fn read_measures<R: Col>(rows: &[R], page: &mut ParticipantPageData) -> Result<(), StoreError> {
    for r in rows {
        if r.text(0)? == "m" {
            page.measures.push(mapping::read_measure(&Shifted(r, 1))?);
        } else {
            page.checks.push(mapping::read_followup(&Shifted(r, 1 + NM))?);
        }
    }
    page.measures.sort_by(|a, b| (a.from, a.id.as_str()).cmp(&(b.from, b.id.as_str())));
    page.checks.sort_by(|a, b| (a.due, a.id.as_str()).cmp(&(b.due, b.id.as_str())));
    Ok(())
}

fn read_beside<R: Col>(rows: &[R], page: &mut ParticipantPageData) -> Result<(), StoreError> {
    let b = &mut page.beside;
    for r in rows {
        match r.text(0)?.as_str() {
            "e" => b.educations.push(mapping::read_education(&Shifted(r, B_EDU))?),
            "m" => {
                if let Some(day) = r.opt_date(B_MEET + 1)? {
                    b.meetings.push((r.text(B_MEET)?, day));
                }
            }
            "r" => b.shared_reports.push((r.text(B_REPORT)?, r.int(B_REPORT + 1)?)),
            "t" => b.attempts.push(crate::outreach::read_attempt((
                r.text(B_TRY)?,
                r.text(B_TRY + 1)?,
                r.date(B_TRY + 2)?,
                r.text(B_TRY + 3)?,
                r.opt_bool(B_TRY + 4)? == Some(true),
                r.text(B_TRY + 5)?,
            ))?),
            "p" => b.passive.push(PlannedPassive {
                period: mapping::read_passive(&Shifted(r, B_PASSIVE))?,
                planned_to: r.opt_date(B_PASSIVE + 4)?,
            }),
            _ => page.ads.marks.push(read_mark(r, B_MARK)?),
        }
    }
    Ok(())
}

fn read_timeline<R: Col>(rows: &[R], page: &mut ParticipantPageData) -> Result<(), StoreError> {
    for r in rows {
        page.record.activities.push(mapping::read_activity(r)?);
    }
    Ok(())
}

fn read_owners<R: Col>(rows: &[R], page: &mut ParticipantPageData) -> Result<(), StoreError> {
    for r in rows {
        named(r, 1, r.text(0)?, &mut page.users)?;
    }
    Ok(())
}

impl Db {
    /// Everything the participant page shows of `id` on `day`, its timeline the newest
    /// `max_activities`, from `kept` while unchanged; `None` when there is no such
    /// participant. Who may see it is the caller's question ([`ParticipantPageData::access`]).
    pub async fn participant_page(
        &self,
        id: &str,
        day: NaiveDate,
        max_activities: i64,
        kept: &KeptTimelines,
    ) -> Result<Option<ParticipantPageData>, StoreError> {
        let (head, chain, measures, beside, timeline) =
            (head_sql(), chain_sql(), measures_sql(), beside_sql(), timeline_sql());
        macro_rules! read {
            ($pool:expr) => {{
                let mut conn = $pool.acquire().await?;
                let c = &mut *conn;
                let rows = sqlx::query(AssertSqlSafe(head))
                    .bind(id)
                    .bind(day)
                    .bind(access_cutoff(day))
                    .fetch_all(&mut *c)
                    .await?;
                let Some((access, record, ads)) = read_head(&rows)? else { return Ok(None) };
                let mut page = ParticipantPageData {
                    access,
                    record,
                    users: HashMap::new(),
                    measures: Vec::new(),
                    checks: Vec::new(),
                    employers: Vec::new(),
                    purposes: Vec::new(),
                    beside: CourseRecords::default(),
                    ads,
                };
                let key = read_chain(&sqlx::query(AssertSqlSafe(chain)).bind(id).fetch_all(&mut *c).await?, &mut page)?;
                read_measures(&sqlx::query(AssertSqlSafe(measures)).bind(id).fetch_all(&mut *c).await?, &mut page)?;
                read_beside(&sqlx::query(AssertSqlSafe(beside)).bind(id).fetch_all(&mut *c).await?, &mut page)?;
                if max_activities > 0 {
                    if let Some(activities) = kept.get(id, max_activities, &key) {
                        page.record.activities = activities.as_ref().clone();
                    } else {
                        let rows = sqlx::query(AssertSqlSafe(timeline))
                            .bind(id)
                            .bind(max_activities)
                            .fetch_all(&mut *c)
                            .await?;
                        read_timeline(&rows, &mut page)?;
                        kept.put(id, max_activities, key, Arc::new(page.record.activities.clone()));
                    }
                    // At most `max_activities` owners, so one statement on both engines.
                    let owners = unnamed_owners(&page);
                    if !owners.is_empty() {
                        let sql = owners_sql(owners.len());
                        let mut q = sqlx::query(AssertSqlSafe(sql));
                        for id in owners {
                            q = q.bind(id);
                        }
                        read_owners(&q.fetch_all(&mut *c).await?, &mut page)?;
                    }
                }
                Ok(Some(page))
            }};
        }
        match self {
            Db::Sqlite(p, _) => read!(p),
            Db::Postgres(p) => read!(p),
        }
    }
}
