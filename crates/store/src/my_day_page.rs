//! What Min dag reads, on one connection: the day's and the overdue activities (kept per
//! user while their stamp is unchanged, [`KeptDays`]), the veileder's answers to the
//! viewer's measure requests, and the participants' job-ads profiles with the ads'
//! generation. sqlx pings a connection each time it goes back to the pool (a round trip to
//! PostgreSQL, two thread hand-offs on SQLite), so four statements on four pool connections
//! cost four more of those than on one.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use crate::ads::{GENERATION_SQL, profiles_sql, read_profile};
use crate::measures::{answers_sql, read_with_events};
use crate::workplace::{ActivityLine, due_on, my_day_sql, read_my_day};
use crate::{Db, KeptDays, MatchProfile, MeasureWithEvent, StoreError, on_pool};

/// What [`Db::my_day_page`] reads.
#[derive(Debug, Clone)]
pub struct MyDayData {
    /// The day's activities and the planned ones left open before now, oldest first.
    pub lines: Vec<ActivityLine>,
    /// Decisions on the user's measure requests since the time asked, newest first.
    pub answers: Vec<MeasureWithEvent>,
    /// As [`Db::match_profiles`] answers for the participants asked about.
    pub profiles: Vec<MatchProfile>,
    /// As [`Db::ads_generation`] answers, read after the profiles.
    pub ads_generation: i64,
}

impl Db {
    /// Min dag's reads for `user` on `day` at `now`: measure answers since `answers_since`,
    /// and the job-ads profiles of `participants`. With `kept` and the user's stamp, read
    /// before this call (with the session), the activities come from what is kept while the
    /// stamp is unchanged; without, they are read every time.
    pub async fn my_day_page(
        &self,
        user: &str,
        day: NaiveDate,
        now: DateTime<Utc>,
        answers_since: DateTime<Utc>,
        participants: &[String],
        kept: Option<(&KeptDays, i64)>,
    ) -> Result<MyDayData, StoreError> {
        let (lines, answers, profiles) = (my_day_sql(), answers_sql(), profiles_sql(Some(participants.len())));
        on_pool!(self, p => {
            let mut conn = p.acquire().await?;
            let c = &mut *conn;
            let read = match kept.and_then(|(kept, n)| kept.get(user, day, n)) {
                Some(read) => read,
                None => {
                    let rows = sqlx::query(AssertSqlSafe(lines)).bind(user).bind(day).fetch_all(&mut *c).await?;
                    let read = Arc::new(read_my_day(&rows)?);
                    if let Some((kept, n)) = kept {
                        kept.put(user, day, n, Arc::clone(&read));
                    }
                    read
                }
            };
            let lines = read.iter().filter(|l| due_on(l, day, now)).cloned().collect();
            let rows = sqlx::query(AssertSqlSafe(answers)).bind(user).bind(answers_since).fetch_all(&mut *c).await?;
            let answers = read_with_events(&rows)?;
            let profiles = if participants.is_empty() {
                Vec::new()
            } else {
                let mut q = sqlx::query(AssertSqlSafe(profiles));
                for id in participants {
                    q = q.bind(id);
                }
                q.fetch_all(&mut *c).await?.iter().map(read_profile).collect::<Result<Vec<_>, _>>()?
            };
            let ads_generation: Option<i64> = sqlx::query_scalar(GENERATION_SQL).fetch_optional(&mut *c).await?;
            Ok(MyDayData { lines, answers, profiles, ads_generation: ads_generation.unwrap_or(0) })
        })
    }
}
