//! Jobbvei's own records beside a course and a participant (migration 0012): how to reach
//! the participant, when a passive period is planned to end, and the outreach attempts made
//! while it lasts. None is in the exchange format; callers audit in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};
use jobbvei_domain::{OutreachAttempt, OutreachWay, ParticipantContact};

use crate::mapping::{corrupt, ext_id};
use crate::write::on_tx;
use crate::{Db, StoreError, Tx, on_pool};

pub(crate) type AttemptRow = (String, String, NaiveDate, String, bool, String);

pub(crate) fn read_attempt(
    (id, course, tried_on, way, reached, user): AttemptRow,
) -> Result<OutreachAttempt, StoreError> {
    Ok(OutreachAttempt {
        id: ext_id("outreach_attempt", "id", id)?,
        course: ext_id("outreach_attempt", "course_id", course)?,
        tried_on,
        way: OutreachWay::parse(&way).ok_or_else(|| corrupt("outreach_attempt", "way", &way))?,
        reached,
        user: ext_id("outreach_attempt", "user_id", user)?,
    })
}

impl Db {
    /// How to reach the participant; empty when nothing is recorded.
    pub async fn participant_contact(&self, participant: &str) -> Result<ParticipantContact, StoreError> {
        let row: Option<(Option<String>, Option<String>, Option<String>)> = on_pool!(self, p => sqlx::query_as(
            "SELECT phone, email, interpreter_language FROM participant_contact WHERE participant_id = $1",
        )
        .bind(participant).fetch_optional(p).await?);
        Ok(row
            .map(|(phone, email, interpreter_language)| ParticipantContact { phone, email, interpreter_language })
            .unwrap_or_default())
    }

    /// The planned end of each of the course's passive periods: (from, planned to).
    pub async fn passive_plans(&self, course: &str) -> Result<Vec<(NaiveDate, NaiveDate)>, StoreError> {
        on_pool!(self, p => Ok(sqlx::query_as(
            "SELECT from_date, planned_to FROM passive_plan WHERE course_id = $1 ORDER BY from_date",
        )
        .bind(course).fetch_all(p).await?))
    }

    /// The course's outreach attempts, oldest first.
    pub async fn outreach_attempts(&self, course: &str) -> Result<Vec<OutreachAttempt>, StoreError> {
        let rows: Vec<AttemptRow> = on_pool!(self, p => sqlx::query_as(
            "SELECT id, course_id, tried_on, way, reached, user_id FROM outreach_attempt \
             WHERE course_id = $1 ORDER BY tried_on, created_at, id",
        )
        .bind(course).fetch_all(p).await?);
        rows.into_iter().map(read_attempt).collect()
    }
}

impl Tx {
    /// Records or replaces how to reach the participant.
    pub async fn set_participant_contact(
        &mut self,
        participant: &str,
        c: &ParticipantContact,
        at: DateTime<Utc>,
        by: &str,
    ) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query(
                "INSERT INTO participant_contact (participant_id, phone, email, interpreter_language, updated_at, \
                 updated_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (participant_id) DO UPDATE SET \
                 phone = excluded.phone, email = excluded.email, interpreter_language = excluded.interpreter_language, \
                 updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            )
            .bind(participant).bind(&c.phone).bind(&c.email).bind(&c.interpreter_language).bind(at).bind(by)
            .execute(&mut **t).await?;
        });
        Ok(())
    }

    /// Records or replaces when the passive period from `from` is planned to end.
    pub async fn set_passive_plan(
        &mut self,
        course: &str,
        from: NaiveDate,
        planned_to: NaiveDate,
    ) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query(
                "INSERT INTO passive_plan (course_id, from_date, planned_to) VALUES ($1, $2, $3) \
                 ON CONFLICT (course_id, from_date) DO UPDATE SET planned_to = excluded.planned_to",
            )
            .bind(course).bind(from).bind(planned_to)
            .execute(&mut **t).await?;
        });
        Ok(())
    }

    pub async fn add_outreach_attempt(&mut self, a: &OutreachAttempt, at: DateTime<Utc>) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query(
                "INSERT INTO outreach_attempt (id, course_id, tried_on, way, reached, user_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(a.id.as_str()).bind(a.course.as_str()).bind(a.tried_on).bind(a.way.code()).bind(a.reached)
            .bind(a.user.as_str()).bind(at)
            .execute(&mut **t).await?;
        });
        Ok(())
    }
}
