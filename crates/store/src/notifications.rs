//! Notices to users and what the mailer needs: the notices are written in the transaction of
//! the event that causes them, read in the user's list, marked read, and marked mailed once
//! an e-mail has announced them. Which events make a notice, and its words, are the web's.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use crate::engine::Col;
use crate::write::on_tx;
use crate::{Db, StoreError, Tx, on_pool};

/// A notice about to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification {
    pub user_id: String,
    /// What happened: `tiltak_sendt`, `tiltak_innvilget`, `tiltak_avslatt`, `forlop_avsluttet`.
    pub kind: String,
    /// The record the notice is about, by type and id.
    pub record: Option<(String, String)>,
    /// The page to open; `None` when the recipient may not see the record.
    pub link: Option<String>,
    /// Shown in the list; never health details, never sent by e-mail.
    pub text: String,
    pub created_at: DateTime<Utc>,
}

/// A notice as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: i64,
    pub kind: String,
    pub link: Option<String>,
    pub text: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// Notices waiting to be announced to one user by e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingMail {
    pub user_id: String,
    pub email: String,
    /// The notices, oldest first.
    pub ids: Vec<i64>,
}

/// A user whose alert digest for a day is not done yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestDue {
    pub user_id: String,
    pub email: String,
    /// The stored role codes, comma-separated.
    pub roles: String,
}

/// How many notices the list shows at most; unread ones come first.
const LIST_LIMIT: i64 = 200;
/// Rows per `IN (…)` list when marking notices mailed.
const CHUNK: usize = 500;

impl Db {
    /// The user's notices: unread first, then newest first.
    pub async fn notifications(&self, user: &str) -> Result<Vec<Notification>, StoreError> {
        on_pool!(self, p => {
            let rows = sqlx::query(
                "SELECT id, kind, link, text, created_at, read_at FROM notification WHERE user_id = $1 \
                 ORDER BY CASE WHEN read_at IS NULL THEN 0 ELSE 1 END, created_at DESC, id DESC LIMIT $2",
            )
            .bind(user).bind(LIST_LIMIT).fetch_all(p).await?;
            rows.iter()
                .map(|r| {
                    Ok(Notification {
                        id: r.int(0)?,
                        kind: r.text(1)?,
                        link: r.opt_text(2)?,
                        text: r.text(3)?,
                        created_at: r.instant(4)?,
                        read_at: r.opt_instant(5)?,
                    })
                })
                .collect()
        })
    }

    /// The number of unread notices, for the page header (one count on a partial index).
    pub async fn unread_notifications(&self, user: &str) -> Result<i64, StoreError> {
        on_pool!(self, p => Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM notification WHERE user_id = $1 AND read_at IS NULL",
        )
        .bind(user).fetch_one(p).await?))
    }

    /// Unread notices not yet announced, per user with an e-mail address, users by id.
    pub async fn pending_mail(&self) -> Result<Vec<PendingMail>, StoreError> {
        let rows: Vec<(i64, String, String)> = on_pool!(self, p => sqlx::query_as(
            "SELECT n.id, n.user_id, u.email FROM notification n JOIN app_user u ON u.id = n.user_id \
             WHERE n.mailed_at IS NULL AND n.read_at IS NULL AND u.email IS NOT NULL ORDER BY n.user_id, n.id",
        )
        .fetch_all(p).await?);
        let mut out: Vec<PendingMail> = Vec::new();
        for (id, user_id, email) in rows {
            match out.last_mut() {
                Some(last) if last.user_id == user_id => last.ids.push(id),
                _ => out.push(PendingMail { user_id, email, ids: vec![id] }),
            }
        }
        Ok(out)
    }

    /// Users with an e-mail address whose digest for `day` is not done, by id.
    pub async fn digests_due(&self, day: NaiveDate) -> Result<Vec<DigestDue>, StoreError> {
        let rows: Vec<(String, String, String)> = on_pool!(self, p => sqlx::query_as(
            "SELECT u.id, u.email, u.roles FROM app_user u WHERE u.email IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM alert_digest d WHERE d.user_id = u.id AND d.day = $1) ORDER BY u.id",
        )
        .bind(day).fetch_all(p).await?);
        Ok(rows.into_iter().map(|(user_id, email, roles)| DigestDue { user_id, email, roles }).collect())
    }

    /// The user's e-mail address, if any.
    pub async fn user_email(&self, user: &str) -> Result<Option<String>, StoreError> {
        let found: Option<Option<String>> = on_pool!(self, p => sqlx::query_scalar(
            "SELECT email FROM app_user WHERE id = $1",
        )
        .bind(user).fetch_optional(p).await?);
        Ok(found.flatten())
    }
}

impl Tx {
    pub async fn add_notification(&mut self, n: &NewNotification) -> Result<(), StoreError> {
        let (record_type, record_id) = n.record.clone().unzip();
        on_tx!(&mut self.0, t => {
            sqlx::query(
                "INSERT INTO notification (user_id, kind, record_type, record_id, link, text, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(n.user_id.as_str()).bind(n.kind.as_str()).bind(record_type).bind(record_id)
            .bind(n.link.as_deref()).bind(n.text.as_str()).bind(n.created_at)
            .execute(&mut **t).await?;
        });
        Ok(())
    }

    /// Who drafted a request: the user of its first step, else (imported, no history) the
    /// job specialist of its course.
    pub async fn measure_drafter(&mut self, measure: &str) -> Result<Option<String>, StoreError> {
        on_tx!(&mut self.0, t => Ok(sqlx::query_scalar(
            "SELECT COALESCE((SELECT e.user_id FROM measure_event e WHERE e.measure_id = m.id \
               AND e.from_status IS NULL ORDER BY e.id LIMIT 1), c.job_specialist_id) \
             FROM measure m JOIN course c ON c.id = m.course_id WHERE m.id = $1",
        )
        .bind(measure).fetch_optional(&mut **t).await?))
    }

    /// Marks one of the user's notices read (kept at the first reading); `false` when the
    /// user has no notice with that id.
    pub async fn mark_notification_read(&mut self, user: &str, id: i64, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let n = on_tx!(&mut self.0, t => sqlx::query(
            "UPDATE notification SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND user_id = $2",
        )
        .bind(id).bind(user).bind(at).execute(&mut **t).await?.rows_affected());
        Ok(n == 1)
    }

    /// Marks all the user's unread notices read; returns how many.
    pub async fn mark_all_notifications_read(&mut self, user: &str, at: DateTime<Utc>) -> Result<u64, StoreError> {
        Ok(on_tx!(&mut self.0, t => sqlx::query(
            "UPDATE notification SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL",
        )
        .bind(user).bind(at).execute(&mut **t).await?.rows_affected()))
    }

    pub async fn mark_mailed(&mut self, ids: &[i64], at: DateTime<Utc>) -> Result<(), StoreError> {
        for chunk in ids.chunks(CHUNK) {
            let marks = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect::<Vec<_>>().join(", ");
            let sql = format!("UPDATE notification SET mailed_at = $1 WHERE id IN ({marks})");
            on_tx!(&mut self.0, t => {
                let mut q = sqlx::query(AssertSqlSafe(sql)).bind(at);
                for id in chunk {
                    q = q.bind(*id);
                }
                q.execute(&mut **t).await?;
            });
        }
        Ok(())
    }

    /// Records that the user's digest for `day` is done: `mailed_at` is `None` when there was
    /// nothing to mail. Completes the row a claim (`Db::claim_digest`) wrote.
    pub async fn digest_done(
        &mut self,
        user: &str,
        day: NaiveDate,
        alerts: usize,
        mailed_at: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        let alerts = i64::try_from(alerts).unwrap_or(i64::MAX);
        on_tx!(&mut self.0, t => {
            sqlx::query(
                "INSERT INTO alert_digest (user_id, day, alerts, mailed_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (user_id, day) DO UPDATE SET alerts = excluded.alerts, mailed_at = excluded.mailed_at",
            )
            .bind(user).bind(day).bind(alerts).bind(mailed_at)
            .execute(&mut **t).await?;
        });
        Ok(())
    }

    /// Sets or clears the user's e-mail address.
    pub async fn set_user_email(&mut self, user: &str, email: Option<&str>) -> Result<(), StoreError> {
        on_tx!(&mut self.0, t => {
            sqlx::query("UPDATE app_user SET email = $2 WHERE id = $1").bind(user).bind(email).execute(&mut **t).await?;
        });
        Ok(())
    }
}
