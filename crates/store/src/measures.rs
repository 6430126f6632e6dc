//! Measure requests as they move from draft to decision: the request rows, the history of
//! every step, and the office quotas. Which step is allowed is the domain's question
//! (`measure_flow`); this module only stores and finds.

use chrono::{DateTime, Utc};
use jobbvei_domain::measure_flow::{COUNTED_STATUSES, Counted, Month, Quota};
use jobbvei_domain::time::oslo_date;
use jobbvei_domain::{Measure, MeasureKind, MeasureStatus};
use sqlx::AssertSqlSafe;

use crate::engine::Col;
use crate::mapping::{self, code, corrupt};
use crate::write::on_tx;
use crate::{Db, StoreError, Tx, on_pool};

/// A request with what the pages show beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureRecord {
    pub measure: Measure,
    /// What the request is for (course, certificate, mentor arrangement).
    pub note: Option<String>,
    pub participant_id: String,
    pub participant_name: String,
    pub job_specialist: String,
    /// The participant is confidential: only the owner and the team lead may see them.
    pub confidential: bool,
}

/// One step in a request's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureEvent {
    pub measure: String,
    pub at: DateTime<Utc>,
    pub user: String,
    pub from: Option<MeasureStatus>,
    pub to: MeasureStatus,
    pub reason: Option<String>,
    /// Sent when the office's quota for the kind and month was already used up.
    pub over_quota: bool,
}

/// A step with the name of the user who took it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureHistoryLine {
    pub event: MeasureEvent,
    pub user_name: String,
}

/// A request and one step of its history: the send for the veileder's list, the
/// decision for the job specialist's answers.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureWithEvent {
    pub record: MeasureRecord,
    pub event: MeasureEvent,
}

const STATUS_DRAFT: &str = "utkast";

fn measure_cols() -> String {
    mapping::MEASURE.columns.iter().map(|c| format!("m.{c}")).collect::<Vec<_>>().join(", ")
}

/// Columns after the measure's own: note, participant id and name, job specialist, confidential.
const RECORD_EXTRA: &str = "m.note, p.id, p.name, c.job_specialist_id, p.confidential";
const RECORD_FROM: &str =
    "FROM measure m JOIN course c ON c.id = m.course_id JOIN participant p ON p.id = c.participant_id";
const EVENT_COLS: &str = "e.measure_id, e.at, e.user_id, e.from_status, e.to_status, e.reason, e.over_quota";
const N: usize = mapping::MEASURE.columns.len();

fn read_record(r: &impl Col) -> Result<MeasureRecord, StoreError> {
    Ok(MeasureRecord {
        measure: mapping::read_measure(r)?,
        note: r.opt_text(N)?,
        participant_id: r.text(N + 1)?,
        participant_name: r.text(N + 2)?,
        job_specialist: r.text(N + 3)?,
        confidential: r.opt_bool(N + 4)? == Some(true),
    })
}

fn read_event(r: &impl Col, i: usize) -> Result<MeasureEvent, StoreError> {
    const T: &str = "measure_event";
    let from = r.opt_text(i + 3)?;
    Ok(MeasureEvent {
        measure: r.text(i)?,
        at: r.instant(i + 1)?,
        user: r.text(i + 2)?,
        from: match from {
            Some(f) => Some(code(T, "from_status", f, MeasureStatus::parse)?),
            None => None,
        },
        to: code(T, "to_status", r.text(i + 4)?, MeasureStatus::parse)?,
        reason: r.opt_text(i + 5)?,
        over_quota: r.opt_bool(i + 6)? == Some(true),
    })
}

/// Veileder decisions (granted, declined) since `$2` on requests whose course the job
/// specialist `$1` follows, newest first.
pub(crate) fn answers_sql() -> String {
    format!(
        "SELECT {}, {RECORD_EXTRA}, {EVENT_COLS} {RECORD_FROM} JOIN measure_event e ON e.measure_id = m.id \
         WHERE c.job_specialist_id = $1 AND e.to_status IN ({}) AND e.at >= $2 ORDER BY e.id DESC",
        measure_cols(),
        in_list(&[MeasureStatus::Granted, MeasureStatus::Declined])
    )
}

/// Rows of a request with one of its steps: those of [`answers_sql`] and of
/// [`Db::measures_awaiting`].
pub(crate) fn read_with_events<R: Col>(rows: &[R]) -> Result<Vec<MeasureWithEvent>, StoreError> {
    rows.iter().map(|r| Ok(MeasureWithEvent { record: read_record(r)?, event: read_event(r, N + 5)? })).collect()
}

fn in_list(statuses: &[MeasureStatus]) -> String {
    statuses.iter().map(|s| format!("'{}'", s.code())).collect::<Vec<_>>().join(", ")
}

impl Db {
    /// A participant's requests, newest first.
    pub async fn participant_measures(&self, participant: &str) -> Result<Vec<MeasureRecord>, StoreError> {
        let sql = format!(
            "SELECT {}, {RECORD_EXTRA} {RECORD_FROM} WHERE p.id = $1 \
             ORDER BY COALESCE((SELECT MIN(e.id) FROM measure_event e WHERE e.measure_id = m.id), 0) DESC, m.id",
            measure_cols()
        );
        on_pool!(self, p => {
            let rows = sqlx::query(AssertSqlSafe(sql)).bind(participant).fetch_all(p).await?;
            rows.iter().map(read_record).collect()
        })
    }

    pub async fn measure_record(&self, id: &str) -> Result<Option<MeasureRecord>, StoreError> {
        let sql = format!("SELECT {}, {RECORD_EXTRA} {RECORD_FROM} WHERE m.id = $1", measure_cols());
        on_pool!(self, p => {
            match sqlx::query(AssertSqlSafe(sql)).bind(id).fetch_optional(p).await? {
                Some(row) => Ok(Some(read_record(&row)?)),
                None => Ok(None),
            }
        })
    }

    /// Every step of a participant's requests, oldest first.
    pub async fn measure_history(&self, participant: &str) -> Result<Vec<MeasureHistoryLine>, StoreError> {
        let sql = format!(
            "SELECT {EVENT_COLS}, u.name FROM measure_event e JOIN measure m ON m.id = e.measure_id \
             JOIN course c ON c.id = m.course_id JOIN app_user u ON u.id = e.user_id \
             WHERE c.participant_id = $1 ORDER BY e.id"
        );
        on_pool!(self, p => {
            let rows = sqlx::query(AssertSqlSafe(sql)).bind(participant).fetch_all(p).await?;
            rows.iter()
                .map(|r| Ok(MeasureHistoryLine { event: read_event(r, 0)?, user_name: r.text(7)? }))
                .collect()
        })
    }

    /// Requests waiting for a decision by `veileder`: sent, on participants they are
    /// assigned to; oldest send first, with that send.
    pub async fn measures_awaiting(&self, veileder: &str) -> Result<Vec<MeasureWithEvent>, StoreError> {
        let sql = format!(
            "SELECT {}, {RECORD_EXTRA}, {EVENT_COLS} {RECORD_FROM} JOIN measure_event e ON e.measure_id = m.id \
             WHERE p.veileder_id = $1 AND m.status = '{sent}' AND e.id = (SELECT MAX(x.id) FROM measure_event x \
               WHERE x.measure_id = m.id AND x.to_status = '{sent}') \
             ORDER BY e.id",
            measure_cols(),
            sent = MeasureStatus::SentToVeileder.code()
        );
        on_pool!(self, p => {
            let rows = sqlx::query(AssertSqlSafe(sql)).bind(veileder).fetch_all(p).await?;
            read_with_events(&rows)
        })
    }

    /// The office's quotas for a month.
    pub async fn measure_quotas(&self, office: &str, month: Month) -> Result<Vec<Quota>, StoreError> {
        let rows: Vec<(String, i64)> = on_pool!(self, p => sqlx::query_as(
            "SELECT kind, max FROM measure_quota WHERE office_id = $1 AND month = $2 ORDER BY kind",
        )
        .bind(office).bind(month.to_string()).fetch_all(p).await?);
        rows.into_iter()
            .map(|(kind, max)| {
                Ok(Quota {
                    kind: code("measure_quota", "kind", kind, MeasureKind::parse)?,
                    month,
                    max: u32::try_from(max).map_err(|_| corrupt("measure_quota", "max", &max.to_string()))?,
                })
            })
            .collect()
    }

    /// The office's requests that may hold a place in `month`'s quotas: those of the
    /// counted statuses first sent in the month (Europe/Oslo), and those without a
    /// recorded send (imported) that start in it. An office's requests are those whose
    /// job specialist is in one of its teams.
    pub async fn measures_counted(&self, office: &str, month: Month) -> Result<Vec<Counted>, StoreError> {
        let (Some(first), Some(next)) = (month.first_day(), month.next().first_day()) else { return Ok(Vec::new()) };
        let (Some(from), Some(to)) =
            (jobbvei_domain::time::oslo_instant(first, 0, 0), jobbvei_domain::time::oslo_instant(next, 0, 0))
        else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "SELECT x.kind, x.status, x.sent_at, x.from_date FROM (SELECT m.kind, m.status, m.from_date, \
               (SELECT MIN(e.at) FROM measure_event e WHERE e.measure_id = m.id AND e.to_status = '{}') AS sent_at \
               FROM measure m JOIN course c ON c.id = m.course_id JOIN app_user u ON u.id = c.job_specialist_id \
               JOIN team t ON t.id = u.team_id WHERE t.office_id = $1 AND m.status IN ({})) x \
             WHERE (x.sent_at >= $2 AND x.sent_at < $3) OR (x.sent_at IS NULL AND x.from_date >= $4 AND x.from_date < $5)",
            MeasureStatus::SentToVeileder.code(),
            in_list(COUNTED_STATUSES)
        );
        on_pool!(self, p => {
            let rows = sqlx::query(AssertSqlSafe(sql))
                .bind(office).bind(from).bind(to).bind(first).bind(next)
                .fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    const T: &str = "measure";
                    Ok(Counted {
                        kind: code(T, "kind", r.text(0)?, MeasureKind::parse)?,
                        status: code(T, "status", r.text(1)?, MeasureStatus::parse)?,
                        sent_on: r.opt_instant(2)?.map(oslo_date).or(r.opt_date(3)?),
                    })
                })
                .collect()
        })
    }
}

impl Tx {
    /// Stores a new draft with its note.
    pub async fn create_measure(&mut self, m: &Measure, note: Option<&str>) -> Result<(), StoreError> {
        self.upsert_measures(std::slice::from_ref(m)).await?;
        on_tx!(&mut self.0, t => {
            sqlx::query("UPDATE measure SET note = $2 WHERE id = $1")
                .bind(m.id.as_str()).bind(note).execute(&mut **t).await?;
        });
        Ok(())
    }

    /// Replaces a draft's fields; `false` when the request is no longer a draft.
    pub async fn update_draft(&mut self, m: &Measure, note: Option<&str>) -> Result<bool, StoreError> {
        let sql = format!(
            "UPDATE measure SET kind = $2, job_id = $3, percent = $4, hours = $5, amount_nok = $6, from_date = $7, \
             to_date = $8, note = $9 WHERE id = $1 AND status = '{STATUS_DRAFT}'"
        );
        let n = on_tx!(&mut self.0, t => sqlx::query(AssertSqlSafe(sql))
            .bind(m.id.as_str()).bind(m.kind.code()).bind(m.job.as_ref().map(|j| j.as_str()))
            .bind(m.percent).bind(m.hours).bind(m.amount_nok).bind(m.from).bind(m.to).bind(note)
            .execute(&mut **t).await?.rows_affected());
        Ok(n == 1)
    }

    /// Moves a request from `from` to `to`, setting the decider and reason when given;
    /// `false` when it was no longer in `from` (someone else got there first).
    pub async fn move_measure(
        &mut self,
        id: &str,
        from: MeasureStatus,
        to: MeasureStatus,
        decided_by: Option<&str>,
        reason: Option<&str>,
    ) -> Result<bool, StoreError> {
        let n = on_tx!(&mut self.0, t => sqlx::query(
            "UPDATE measure SET status = $3, decided_by = COALESCE($4, decided_by), reason = COALESCE($5, reason) \
             WHERE id = $1 AND status = $2",
        )
        .bind(id).bind(from.code()).bind(to.code()).bind(decided_by).bind(reason)
        .execute(&mut **t).await?.rows_affected());
        Ok(n == 1)
    }

    pub async fn add_measure_event(&mut self, e: &MeasureEvent) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query(
                "INSERT INTO measure_event (measure_id, at, user_id, from_status, to_status, reason, over_quota) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(e.measure.as_str()).bind(e.at).bind(e.user.as_str()).bind(e.from.map(|s| s.code()))
            .bind(e.to.code()).bind(e.reason.as_deref()).bind(e.over_quota)
            .execute(&mut **t).await?;
        });
        Ok(())
    }

    /// Sets the office's quota for a kind and month; `None` removes it.
    pub async fn set_measure_quota(
        &mut self,
        office: &str,
        kind: MeasureKind,
        month: Month,
        max: Option<u32>,
    ) -> Result<(), StoreError> {
        let month = month.to_string();
        on_tx!(&mut self.0, t => {
            match max {
                Some(max) => sqlx::query(
                    "INSERT INTO measure_quota (office_id, kind, month, max) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (office_id, kind, month) DO UPDATE SET max = excluded.max",
                )
                .bind(office).bind(kind.code()).bind(month).bind(i64::from(max))
                .execute(&mut **t).await?,
                None => sqlx::query("DELETE FROM measure_quota WHERE office_id = $1 AND kind = $2 AND month = $3")
                    .bind(office).bind(kind.code()).bind(month)
                    .execute(&mut **t).await?,
            };
        });
        Ok(())
    }
}
