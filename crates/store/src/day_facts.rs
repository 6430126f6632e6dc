//! Bringing one (user, day)'s facts up to date at commit (docs/facts.md): recomputed from
//! the day's stored activities when a write replaced one, or, when every activity written
//! there is new to the table, the new ones' counts added to the stored row. The rules'
//! counts only add up ([`DayCounts::add`]), so the second gives what the first would,
//! reading one row instead of the whole day (the quick log's costliest statement was that
//! read; docs/caseload.md).

use chrono::NaiveDate;
use jobbvei_domain::kpi::DayCounts;
use sqlx::{AssertSqlSafe, Row};

use crate::facts::{RULE_COLUMNS, activity, count};
use crate::write::{Inner, SqliteTx, on_tx};
use crate::{StoreError, Tx};

/// Adds new activities' counts to their (user, day) row, or makes it: this, the values, then
/// [`TO_STORED`].
const ADD_TO_DAY: &str = "INSERT INTO activity_day (user_id, day, activities, k1, k1p, k2_minutes) ";

const TO_STORED: &str = " ON CONFLICT (user_id, day) DO UPDATE SET \
    activities = activity_day.activities + excluded.activities, k1 = activity_day.k1 + excluded.k1, \
    k1p = activity_day.k1p + excluded.k1p, k2_minutes = activity_day.k2_minutes + excluded.k2_minutes";

impl Tx {
    /// On PostgreSQL, waits for any other transaction writing the facts of (user, day).
    async fn lock_day(&mut self, user: &str, day: NaiveDate) -> Result<(), StoreError> {
        if let Inner::Postgres(t) = &mut self.0 {
            // Two transactions writing the same day wait for each other here, so the second
            // counts the first one's committed activities too (READ COMMITTED), and one
            // adding to a day never lands between another's reading and rewriting it.
            sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                .bind(format!("activity_day/{user}/{day}"))
                .execute(&mut **t)
                .await?;
        }
        Ok(())
    }

    /// Adds the counts of activities new to the table to their (user, day): the stored row
    /// plus them, or them alone when the day had no activity.
    pub(crate) async fn add_to_day(&mut self, user: &str, day: NaiveDate, c: &DayCounts) -> Result<(), StoreError> {
        if let Inner::Sqlite(SqliteTx::Write(turn)) = &mut self.0 {
            // Nothing in the turn reads the day's row after this: it is written as the turn ends.
            // Plain `?`: the turn's end binds every statement's values in one list, in order.
            let sql = format!("{ADD_TO_DAY}VALUES (?, ?, ?, ?, ?, ?){TO_STORED}");
            let k2 = i64::try_from(c.k2_minutes).unwrap_or(i64::MAX);
            return turn
                .at_end(&sql, 6, |b| {
                    b.text(user);
                    b.date(day);
                    b.int(count(c.activities));
                    b.int(count(c.k1));
                    b.int(count(c.k1p));
                    b.int(k2);
                })
                .await;
        }
        self.lock_day(user, day).await?;
        on_tx!(&mut self.0, t => {
            sqlx::query(AssertSqlSafe(format!("{ADD_TO_DAY}VALUES ($1, $2, $3, $4, $5, $6){TO_STORED}")))
            .bind(user)
            .bind(day)
            .bind(count(c.activities))
            .bind(count(c.k1))
            .bind(count(c.k1p))
            .bind(i64::try_from(c.k2_minutes).unwrap_or(i64::MAX))
            .execute(&mut **t)
            .await?;
        });
        Ok(())
    }

    /// Recomputes one (user, day) from its activities.
    pub(crate) async fn refresh_day(&mut self, user: &str, day: NaiveDate) -> Result<(), StoreError> {
        let sql = format!("SELECT {RULE_COLUMNS} FROM activity WHERE user_id = $1 AND local_date = $2");
        self.lock_day(user, day).await?;
        let mut c = DayCounts::default();
        on_tx!(&mut self.0, t => {
            for row in sqlx::query(AssertSqlSafe(sql)).bind(user).bind(day).fetch_all(&mut **t).await? {
                c.add(&activity!(row, 0));
            }
        });
        on_tx!(&mut self.0, t => {
            sqlx::query("DELETE FROM activity_day WHERE user_id = $1 AND day = $2")
                .bind(user).bind(day).execute(&mut **t).await?;
        });
        if c.activities > 0 {
            self.insert_days(user, &[(day, c)]).await?;
        }
        Ok(())
    }
}
