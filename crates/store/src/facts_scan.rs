//! Every user's day facts at once, for a rebuild (bulk load, restore, new rule version,
//! `facts rebuild`) and for `facts check`: one pass over the activities in the order they are
//! stored, instead of one index look-up per user.
//!
//! Visiting the activities user by user through the `(user_id, local_date)` index fetches
//! each row from wherever it lies in the table; after a bulk load or a restore the rows lie
//! in id order, so at national scale (8.2 million activities) that was one random page read
//! per activity and most of a restore's time. A sequential pass reads each page once. The
//! price is memory: the facts of every user are held until they are written (about 1.5
//! million days at national scale, some 50 MB), where the old way held one user's activities.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use futures_util::TryStreamExt;
use jobbvei_domain::kpi::DayCounts;
use sqlx::{AssertSqlSafe, Row};

use crate::engine::Binder;
use crate::facts::{FactCheck, FactDifference, MAX_LISTED, RULE_COLUMNS, activity, counts_of};
use crate::marks_scan::MarkScan;
use crate::write::{Inner, on_tx};
use crate::{StoreError, Tx};

/// One user's facts, by day.
pub(crate) type UserDays = Vec<(NaiveDate, DayCounts)>;

/// Rows per `COPY` (PostgreSQL) or batch of `INSERT`s (SQLite) when writing the facts.
const COPY_ROWS: usize = 100_000;

/// Sorts users by id, as both engines order `user_id` (bytes: `COLLATE "C"` on PostgreSQL,
/// `BINARY` on SQLite).
fn sorted(users: HashMap<String, BTreeMap<NaiveDate, DayCounts>>) -> Vec<(String, UserDays)> {
    let mut out: Vec<(String, UserDays)> = users.into_iter().map(|(u, d)| (u, d.into_iter().collect())).collect();
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out
}

impl Tx {
    /// The day facts of every user computed from the stored activities, sorted by user and
    /// day.
    ///
    /// With `marks`, each activity linked to a course is handed to it as well: the course and
    /// job facts need the same pass (`marks_scan`).
    pub(crate) async fn scan_all_days(
        &mut self,
        mut marks: Option<&mut MarkScan>,
    ) -> Result<Vec<(String, UserDays)>, StoreError> {
        let sql = format!("SELECT user_id, local_date, {RULE_COLUMNS} FROM activity");
        let mut users: HashMap<String, BTreeMap<NaiveDate, DayCounts>> = HashMap::new();
        on_tx!(&mut self.0, t => {
            let mut rows = sqlx::query(AssertSqlSafe(sql)).fetch(&mut **t);
            while let Some(row) = rows.try_next().await? {
                let user: &str = row.try_get(0)?;
                let day: NaiveDate = row.try_get(1)?;
                let mut a = activity!(row, 2);
                if let Some(scan) = marks.as_deref_mut() {
                    // RULE_COLUMNS ends with course_id: column 11.
                    if let Some(course) = row.try_get::<Option<&str>, _>(11)? {
                        a.date = day;
                        scan.add(course, &a);
                    }
                }
                // Looked up by `&str` first: one allocation per user, not per activity.
                if !users.contains_key(user) {
                    users.insert(user.to_owned(), BTreeMap::new());
                }
                if let Some(days) = users.get_mut(user) {
                    days.entry(day).or_default().add(&a);
                }
            }
        });
        Ok(sorted(users))
    }

    /// The stored day facts of every user, sorted by user and day.
    async fn stored_all_days(&mut self) -> Result<Vec<(String, UserDays)>, StoreError> {
        let mut out: Vec<(String, UserDays)> = Vec::new();
        on_tx!(&mut self.0, t => {
            let mut rows = sqlx::query(
                "SELECT user_id, day, activities, k1, k1p, k2_minutes FROM activity_day ORDER BY user_id, day",
            )
            .fetch(&mut **t);
            while let Some(row) = rows.try_next().await? {
                let user: &str = row.try_get(0)?;
                let day: NaiveDate = row.try_get(1)?;
                let c = counts_of(row.try_get(2)?, row.try_get(3)?, row.try_get(4)?, row.try_get(5)?);
                match out.last_mut() {
                    Some((u, days)) if u == user => days.push((day, c)),
                    _ => out.push((user.to_owned(), vec![(day, c)])),
                }
            }
        });
        Ok(out)
    }

    /// Writes `users`' facts into `activity_day`, which holds none of them.
    pub(crate) async fn write_all_days(&mut self, users: &[(String, UserDays)]) -> Result<u64, StoreError> {
        let written: u64 = users.iter().map(|(_, d)| d.len() as u64).sum();
        // Every user's days in one stream of batches. Written per user, SQLite got a statement
        // of that user's own length each time, compiled anew and pushing the bulk load's
        // statements out of the cache: writing the summed facts took 34.6 s of a national
        // import (at load 7.7).
        let mut batch: Vec<(&str, NaiveDate, DayCounts)> = Vec::with_capacity(COPY_ROWS);
        for (user, days) in users {
            for (day, c) in days {
                batch.push((user.as_str(), *day, *c));
                if batch.len() >= COPY_ROWS {
                    write_days(&mut self.0, &batch).await?;
                    batch.clear();
                }
            }
        }
        write_days(&mut self.0, &batch).await?;
        Ok(written)
    }
}

fn bind_day(b: &mut dyn Binder, (user, day, c): &(&str, NaiveDate, DayCounts)) {
    b.text(user);
    b.date(*day);
    b.int(i64::from(c.activities));
    b.int(i64::from(c.k1));
    b.int(i64::from(c.k1p));
    b.int(i64::try_from(c.k2_minutes).unwrap_or(i64::MAX));
}

const DAY_COLUMNS: &[&str] = &["user_id", "day", "activities", "k1", "k1p", "k2_minutes"];

async fn write_days(tx: &mut Inner, rows: &[(&str, NaiveDate, DayCounts)]) -> Result<(), StoreError> {
    match tx {
        Inner::Postgres(t) => crate::copy::copy_columns(t, "activity_day", DAY_COLUMNS, rows, bind_day, false).await,
        Inner::Sqlite(t) => {
            let prefix = format!("INSERT INTO activity_day ({}) ", DAY_COLUMNS.join(", "));
            crate::sqlite_rows::insert(t, &prefix, "", DAY_COLUMNS.len(), rows, bind_day).await
        }
    }
}

impl Tx {
    /// Every user's computed facts compared with the stored ones (`facts check`).
    /// The activities' pass feeds `marks` too.
    pub(crate) async fn compare_all_days(
        &mut self,
        check: &mut FactCheck,
        marks: &mut MarkScan,
    ) -> Result<(), StoreError> {
        let computed = self.scan_all_days(Some(marks)).await?;
        let stored = self.stored_all_days().await?;
        compare(&computed, &stored, check);
        Ok(())
    }
}

/// Every user's computed and stored days, both sorted by user and day, compared.
fn compare(computed: &[(String, UserDays)], stored: &[(String, UserDays)], check: &mut FactCheck) {
    merge_by_key(computed, stored, |user, c, s| {
        let (c, s) = (c.map_or(&[][..], Vec::as_slice), s.map_or(&[][..], Vec::as_slice));
        check.days_checked += c.len() as u64;
        merge_by_key(c, s, |day, c, s| {
            if c == s {
                return;
            }
            check.total_differences += 1;
            if check.differences.len() < MAX_LISTED {
                check.differences.push(FactDifference {
                    user: user.clone(),
                    day: *day,
                    stored: s.copied(),
                    computed: c.copied(),
                });
            }
        });
    });
}

/// Walks two lists sorted by key together, handing `f` each key with what either side holds.
fn merge_by_key<'a, K: Ord, A, B>(
    a: &'a [(K, A)],
    b: &'a [(K, B)],
    mut f: impl FnMut(&'a K, Option<&'a A>, Option<&'a B>),
) {
    let (mut i, mut j) = (0, 0);
    loop {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                (i, j) = (i + 1, j + 1);
                f(&x.0, Some(&x.1), Some(&y.1));
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                i += 1;
                f(&x.0, Some(&x.1), None);
            }
            (Some(x), None) => {
                i += 1;
                f(&x.0, Some(&x.1), None);
            }
            (_, Some(y)) => {
                j += 1;
                f(&y.0, None, Some(&y.1));
            }
            (None, None) => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    fn counts(k1: u32) -> DayCounts {
        DayCounts { activities: 1, k1, k1p: 0, k2_minutes: 0 }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, d).expect("a date")
    }

    #[test]
    fn users_on_one_side_only_and_days_that_differ_are_all_found() {
        let computed = vec![
            ("u1".to_owned(), vec![(day(3), counts(1)), (day(4), counts(2))]),
            ("u2".to_owned(), vec![(day(3), counts(1))]),
        ];
        let stored = vec![
            ("u1".to_owned(), vec![(day(4), counts(1)), (day(5), counts(1))]),
            ("u0".to_owned(), vec![]),
            ("u3".to_owned(), vec![(day(6), counts(1))]),
        ];
        // Stored users must be sorted as the engines sort them.
        let mut stored = stored;
        stored.sort_by(|a, b| a.0.cmp(&b.0));
        let mut check = FactCheck::default();
        compare(&computed, &stored, &mut check);
        let found: Vec<(&str, u32, bool, bool)> = check
            .differences
            .iter()
            .map(|d| (d.user.as_str(), d.day.day0() + 1, d.stored.is_some(), d.computed.is_some()))
            .collect();
        assert_eq!(
            found,
            vec![
                ("u1", 3, false, true), // computed only
                ("u1", 4, true, true),  // k1 2 against 1
                ("u1", 5, true, false), // stored only
                ("u2", 3, false, true), // a user with no stored facts
                ("u3", 6, true, false), // a user with no activities
            ]
        );
        assert_eq!(check.total_differences, 5);
        assert_eq!(check.days_checked, 3);
    }
}
