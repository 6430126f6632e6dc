//! What several app instances on one database share beyond the records: leases on
//! background work, failed sign-ins for the throttle, and claims on notices about to be
//! mailed. Every decision is one statement the database serialises, so two instances
//! asking at the same moment get different answers: one wins, the other sees it won.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use crate::{Db, StoreError, on_pool};

/// Rows per `IN (…)` list when releasing claims.
const CHUNK: usize = 500;

impl Db {
    /// Takes or renews the lease `name` for `holder` until `until`: `true` when it is now
    /// `holder`'s, `false` while another holder's lease runs. With `day`, the lease is only
    /// taken if the job has not been done on that day (see [`Db::release_lease`]).
    pub async fn claim_lease(
        &self,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        day: Option<NaiveDate>,
    ) -> Result<bool, StoreError> {
        // The claim is the UPDATE itself: on PostgreSQL a second instance's UPDATE waits for the
        // first to commit and then finds its WHERE no longer true; SQLite runs one writer at a time.
        let sql = "UPDATE job_lease SET holder = $2, expires_at = $4 WHERE name = $1 \
                   AND (expires_at <= $3 OR holder = $2) AND ($5 IS NULL OR last_day IS NULL OR last_day < $5)";
        on_pool!(self, p => {
            sqlx::query("INSERT INTO job_lease (name, holder, expires_at) VALUES ($1, NULL, $2) ON CONFLICT (name) DO NOTHING")
                .bind(name).bind(DateTime::<Utc>::UNIX_EPOCH).execute(p).await?;
            let n = sqlx::query(sql)
                .bind(name).bind(holder).bind(now).bind(until).bind(day)
                .execute(p).await?.rows_affected();
            Ok(n == 1)
        })
    }

    /// Gives the lease up at `now` if `holder` has it; with `done`, records the job as done
    /// on that day, so no instance claims it again that day.
    pub async fn release_lease(
        &self,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
        done: Option<NaiveDate>,
    ) -> Result<(), StoreError> {
        on_pool!(self, p => {
            sqlx::query(
                "UPDATE job_lease SET holder = NULL, expires_at = $3, last_day = COALESCE($4, last_day) \
                 WHERE name = $1 AND holder = $2",
            )
            .bind(name).bind(holder).bind(now).bind(done).execute(p).await?;
        });
        Ok(())
    }

    /// When the `nth` newest failure under `key_hash` after `since` happened, if there are
    /// that many: the moment the count drops below `nth` is that one's leaving the window.
    pub async fn nth_login_failure(
        &self,
        key_hash: &str,
        since: DateTime<Utc>,
        nth: usize,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        let offset = i64::try_from(nth.saturating_sub(1)).unwrap_or(i64::MAX);
        on_pool!(self, p => Ok(sqlx::query_scalar(
            "SELECT at FROM login_failure WHERE key_hash = $1 AND at > $2 ORDER BY at DESC LIMIT 1 OFFSET $3",
        )
        .bind(key_hash).bind(since).bind(offset).fetch_optional(p).await?))
    }

    /// Counts a failure under each key at `at`, and forgets failures from before `forget_before`.
    pub async fn add_login_failures(
        &self,
        key_hashes: &[String],
        at: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        on_pool!(self, p => {
            let mut tx = p.begin().await?;
            sqlx::query("DELETE FROM login_failure WHERE at <= $1").bind(forget_before).execute(&mut *tx).await?;
            for key in key_hashes {
                sqlx::query("INSERT INTO login_failure (key_hash, at) VALUES ($1, $2)")
                    .bind(key).bind(at).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn clear_login_failures(&self, key_hash: &str) -> Result<(), StoreError> {
        on_pool!(self, p => {
            sqlx::query("DELETE FROM login_failure WHERE key_hash = $1").bind(key_hash).execute(p).await?;
        });
        Ok(())
    }

    /// Claims the user's unread, unmailed notices for a mail at `now`: those nobody claimed,
    /// or whose claim is from before `stale_before` (an instance that died mid-send). Returns
    /// the ids claimed, oldest first; another instance asking at once gets none of them.
    pub async fn claim_mail(
        &self,
        user: &str,
        now: DateTime<Utc>,
        stale_before: DateTime<Utc>,
    ) -> Result<Vec<i64>, StoreError> {
        let mut ids: Vec<i64> = on_pool!(self, p => sqlx::query_scalar(
            "UPDATE notification SET mail_claimed_at = $2 WHERE user_id = $1 AND mailed_at IS NULL \
             AND read_at IS NULL AND (mail_claimed_at IS NULL OR mail_claimed_at < $3) RETURNING id",
        )
        .bind(user).bind(now).bind(stale_before).fetch_all(p).await?);
        ids.sort_unstable();
        Ok(ids)
    }

    /// Lets go of claimed notices that could not be mailed, for the next round.
    pub async fn release_mail(&self, ids: &[i64]) -> Result<(), StoreError> {
        for chunk in ids.chunks(CHUNK) {
            let marks = (0..chunk.len()).map(|i| format!("${}", i + 1)).collect::<Vec<_>>().join(", ");
            let sql = format!("UPDATE notification SET mail_claimed_at = NULL WHERE id IN ({marks})");
            on_pool!(self, p => {
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for id in chunk {
                    q = q.bind(*id);
                }
                q.execute(p).await?;
            });
        }
        Ok(())
    }

    /// Claims the user's alert digest for `day` by writing its row (not yet mailed): `false`
    /// when the row is already there, done or claimed by another instance.
    pub async fn claim_digest(&self, user: &str, day: NaiveDate, alerts: usize) -> Result<bool, StoreError> {
        let alerts = i64::try_from(alerts).unwrap_or(i64::MAX);
        let n = on_pool!(self, p => sqlx::query(
            "INSERT INTO alert_digest (user_id, day, alerts, mailed_at) VALUES ($1, $2, $3, NULL) \
             ON CONFLICT (user_id, day) DO NOTHING",
        )
        .bind(user).bind(day).bind(alerts).execute(p).await?.rows_affected());
        Ok(n == 1)
    }

    /// Undoes [`Db::claim_digest`] when the mail failed, so the next round tries again.
    pub async fn release_digest(&self, user: &str, day: NaiveDate) -> Result<(), StoreError> {
        on_pool!(self, p => {
            sqlx::query("DELETE FROM alert_digest WHERE user_id = $1 AND day = $2 AND mailed_at IS NULL")
                .bind(user).bind(day).execute(p).await?;
        });
        Ok(())
    }
}
