//! The collaboration between job specialist and veileder (migration 0014): the cooperation
//! agreement of a three-party meeting, whether a pair has worked together before, and the
//! interval reports' free text. Jobbvei's own records, never exported; callers check who may
//! and audit in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use jobbvei_domain::Activity;

use crate::engine::Col;
use crate::mapping;
use crate::workplace::cols;
use crate::write::on_tx;
use crate::{Db, StoreError, Tx, on_pool};

/// Who does what, for one party: codes from the web's checklist and words of their own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleSplit {
    pub codes: Vec<String>,
    pub text: Option<String>,
}

/// The pair's own agreement on how they work together (metasamtale).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PairAgreement {
    pub frequency: Option<String>,
    pub channel: Option<String>,
    pub disagreement: Option<String>,
}

/// A three-party meeting and the cooperation agreement made at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    pub id: String,
    pub course_id: String,
    /// The pair it was made by.
    pub job_specialist_id: String,
    pub veileder_id: Option<String>,
    pub meeting_date: NaiveDate,
    /// Codes: `deltaker`, `jobbspesialist`, `veileder`.
    pub took_part: Vec<String>,
    pub others: Option<String>,
    pub consent_employers: bool,
    pub consent_contacts: bool,
    /// The named network or health contacts the participant agreed that we talk with.
    pub contacts: Option<String>,
    pub job_specialist: RoleSplit,
    pub veileder: RoleSplit,
    pub participant: RoleSplit,
    pub interpreter_used: bool,
    pub interpreter_language: Option<String>,
    pub reach_channel: Option<String>,
    pub reach_note: Option<String>,
    /// Whether the pair had not worked together before, so the form offered the metasamtale.
    pub meta_offered: bool,
    pub meta: PairAgreement,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

const AGREEMENT_COLUMNS: &str = "id, course_id, job_specialist_id, veileder_id, meeting_date, took_part, others, \
     consent_employers, consent_contacts, contacts, roles_js, roles_js_text, roles_veileder, roles_veileder_text, \
     roles_participant, roles_participant_text, interpreter_used, interpreter_language, reach_channel, reach_note, \
     meta_offered, meta_frequency, meta_channel, meta_disagreement, created_by, created_at, updated_by, updated_at";

fn split(codes: &str) -> Vec<String> {
    codes.split(',').filter(|c| !c.is_empty()).map(str::to_owned).collect()
}

fn read_agreement(r: &impl Col) -> Result<Agreement, StoreError> {
    let flag = |i| r.opt_bool(i).map(|b| b == Some(true));
    Ok(Agreement {
        id: r.text(0)?,
        course_id: r.text(1)?,
        job_specialist_id: r.text(2)?,
        veileder_id: r.opt_text(3)?,
        meeting_date: r.date(4)?,
        took_part: split(&r.text(5)?),
        others: r.opt_text(6)?,
        consent_employers: flag(7)?,
        consent_contacts: flag(8)?,
        contacts: r.opt_text(9)?,
        job_specialist: RoleSplit { codes: split(&r.text(10)?), text: r.opt_text(11)? },
        veileder: RoleSplit { codes: split(&r.text(12)?), text: r.opt_text(13)? },
        participant: RoleSplit { codes: split(&r.text(14)?), text: r.opt_text(15)? },
        interpreter_used: flag(16)?,
        interpreter_language: r.opt_text(17)?,
        reach_channel: r.opt_text(18)?,
        reach_note: r.opt_text(19)?,
        meta_offered: flag(20)?,
        meta: PairAgreement { frequency: r.opt_text(21)?, channel: r.opt_text(22)?, disagreement: r.opt_text(23)? },
        created_by: r.text(24)?,
        created_at: r.instant(25)?,
        updated_by: r.text(26)?,
        updated_at: r.instant(27)?,
    })
}

/// The job specialist's words in one three-month period of a course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntervalNote {
    pub course_id: String,
    /// 1 for the first three months of the course, 2 for the next, and so on.
    pub number: i64,
    pub summary: Option<String>,
    pub next_steps: Option<String>,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
    /// When it was last shared with the veileder, and by whom.
    pub shared: Option<(String, DateTime<Utc>)>,
}

impl Db {
    /// The course's activities dated from `from` to `to` (Oslo days, both included), by time.
    pub async fn course_activities_between(
        &self,
        course: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Activity>, StoreError> {
        let sql = format!(
            "SELECT {} FROM activity x WHERE x.course_id = $1 AND x.local_date >= $2 AND x.local_date <= $3 \
             ORDER BY x.start_at, x.id",
            cols(&mapping::ACTIVITY, "x")
        );
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(course).bind(from).bind(to).fetch_all(p).await?
            .iter().map(mapping::read_activity).collect())
    }

    /// The course's agreements, newest first.
    pub async fn course_agreements(&self, course: &str) -> Result<Vec<Agreement>, StoreError> {
        let sql = format!(
            "SELECT {AGREEMENT_COLUMNS} FROM cooperation_agreement WHERE course_id = $1 ORDER BY created_at DESC, id"
        );
        on_pool!(self, p => sqlx::query(AssertSqlSafe(sql)).bind(course).fetch_all(p).await?
            .iter().map(read_agreement).collect())
    }

    /// How many other courses this job specialist and this veileder have shared: as the
    /// participant's veileder now, or as the pair of a recorded agreement.
    pub async fn pair_courses(&self, job_specialist: &str, veileder: &str, except: &str) -> Result<i64, StoreError> {
        on_pool!(self, p => Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM course c JOIN participant p ON p.id = c.participant_id \
             WHERE c.id <> $3 AND c.job_specialist_id = $1 AND (p.veileder_id = $2 OR EXISTS \
               (SELECT 1 FROM cooperation_agreement g WHERE g.course_id = c.id AND g.veileder_id = $2))",
        )
        .bind(job_specialist).bind(veileder).bind(except).fetch_one(p).await?))
    }

    /// The course's interval notes, by period.
    pub async fn interval_notes(&self, course: &str) -> Result<Vec<IntervalNote>, StoreError> {
        on_pool!(self, p => {
            let rows = sqlx::query(
                "SELECT course_id, number, summary, next_steps, updated_by, updated_at, shared_by, shared_at \
                 FROM interval_report WHERE course_id = $1 ORDER BY number",
            )
            .bind(course).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(IntervalNote {
                        course_id: r.text(0)?,
                        number: r.int(1)?,
                        summary: r.opt_text(2)?,
                        next_steps: r.opt_text(3)?,
                        updated_by: r.text(4)?,
                        updated_at: r.instant(5)?,
                        shared: r.opt_text(6)?.zip(r.opt_instant(7)?),
                    })
                })
                .collect()
        })
    }
}

impl Tx {
    /// Records a new agreement or replaces one by its id.
    pub async fn save_agreement(&mut self, a: &Agreement) -> Result<(), StoreError> {
        let marks = (1..=28).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
        let updates = AGREEMENT_COLUMNS
            .split(", ")
            .filter(|c| !matches!(*c, "id" | "course_id" | "created_by" | "created_at"))
            .map(|c| format!("{c} = excluded.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO cooperation_agreement ({AGREEMENT_COLUMNS}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET {updates}"
        );
        let join = |v: &[String]| v.join(",");
        on_tx!(&mut self.0, t => {
            sqlx::query(AssertSqlSafe(sql))
                .bind(a.id.as_str()).bind(a.course_id.as_str()).bind(a.job_specialist_id.as_str())
                .bind(a.veileder_id.as_deref()).bind(a.meeting_date).bind(join(&a.took_part)).bind(a.others.as_deref())
                .bind(a.consent_employers).bind(a.consent_contacts).bind(a.contacts.as_deref())
                .bind(join(&a.job_specialist.codes)).bind(a.job_specialist.text.as_deref())
                .bind(join(&a.veileder.codes)).bind(a.veileder.text.as_deref())
                .bind(join(&a.participant.codes)).bind(a.participant.text.as_deref())
                .bind(a.interpreter_used).bind(a.interpreter_language.as_deref())
                .bind(a.reach_channel.as_deref()).bind(a.reach_note.as_deref())
                .bind(a.meta_offered).bind(a.meta.frequency.as_deref()).bind(a.meta.channel.as_deref())
                .bind(a.meta.disagreement.as_deref())
                .bind(a.created_by.as_str()).bind(a.created_at).bind(a.updated_by.as_str()).bind(a.updated_at)
                .execute(&mut **t).await?;
        });
        Ok(())
    }

    /// Records or replaces the job specialist's words for one period; sharing is kept once
    /// given, and moved to the new time when `n.shared` is set again.
    pub async fn save_interval_note(&mut self, n: &IntervalNote) -> Result<(), StoreError> {
        let (shared_by, shared_at) = n.shared.clone().unzip();
        on_tx!(&mut self.0, t => {
            sqlx::query(
                "INSERT INTO interval_report (course_id, number, summary, next_steps, updated_by, updated_at, \
                 shared_by, shared_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (course_id, number) \
                 DO UPDATE SET summary = excluded.summary, next_steps = excluded.next_steps, \
                 updated_by = excluded.updated_by, updated_at = excluded.updated_at, \
                 shared_by = COALESCE(excluded.shared_by, interval_report.shared_by), \
                 shared_at = COALESCE(excluded.shared_at, interval_report.shared_at)",
            )
            .bind(n.course_id.as_str()).bind(n.number).bind(n.summary.as_deref()).bind(n.next_steps.as_deref())
            .bind(n.updated_by.as_str()).bind(n.updated_at).bind(shared_by).bind(shared_at)
            .execute(&mut **t).await?;
        });
        Ok(())
    }
}
