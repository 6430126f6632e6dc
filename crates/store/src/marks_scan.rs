//! Every course's and job's fact at once, for a rebuild and for `facts check`, fed by a pass
//! over the activities in the order they are stored.
//!
//! The day facts read every activity in such a pass too (`facts_scan`). When both are wanted
//! (a restore, `facts rebuild`, `facts check`) one pass feeds both: at national scale a pass
//! is 8.2 million rows, and on SQLite each row handed over costs about 5 µs, so a second pass
//! was some 40 s of a restore or a check.

use std::collections::HashMap;

use futures_util::TryStreamExt;
use jobbvei_domain::kpi::ActivityFact;
use jobbvei_domain::kpi::marks::{FollowupMonths, LinkedDates};
use sqlx::{AssertSqlSafe, Row};

use crate::facts::{RULE_COLUMNS, activity};
use crate::marks::{Computed, CourseKey, JobKey};
use crate::write::on_tx;
use crate::{StoreError, Tx};

/// The course and job facts being computed from activities handed to [`MarkScan::add`].
pub(crate) struct MarkScan {
    courses: Vec<CourseKey>,
    jobs: Vec<JobKey>,
    index: HashMap<String, usize>,
    /// Each course's jobs, by position in `jobs`.
    jobs_of: Vec<Vec<usize>>,
    /// What each course's facts need of its activities so far.
    linked: Vec<LinkedDates>,
}

impl MarkScan {
    fn new(courses: Vec<CourseKey>, jobs: Vec<JobKey>) -> MarkScan {
        let index: HashMap<String, usize> = courses.iter().enumerate().map(|(i, c)| (c.0.clone(), i)).collect();
        let mut jobs_of: Vec<Vec<usize>> = vec![Vec::new(); courses.len()];
        for (j, job) in jobs.iter().enumerate() {
            if let Some(&c) = index.get(job.1.as_str()) {
                jobs_of[c].push(j);
            }
        }
        let linked = vec![LinkedDates::default(); courses.len()];
        MarkScan { courses, jobs, index, jobs_of, linked }
    }

    /// One activity linked to `course`, with its date set. An unknown course is passed over.
    pub(crate) fn add(&mut self, course: &str, a: &ActivityFact) {
        if let Some(&c) = self.index.get(course) {
            self.linked[c].add(a);
        }
    }

    /// What was gathered of `course`'s activities elsewhere (a bulk load's sums).
    pub(crate) fn absorb(&mut self, course: &str, dates: LinkedDates) {
        if let Some(&c) = self.index.get(course) {
            self.linked[c].absorb(dates);
        }
    }

    /// How many courses and jobs were looked at, and the facts that hold something.
    pub(crate) fn finish(self) -> (u64, u64, Computed) {
        let mut out = Computed::default();
        for (c, (id, start)) in self.courses.iter().enumerate() {
            let linked = &self.linked[c];
            if let Some(d) = linked.first_k1p(*start) {
                out.courses.push((id.clone(), d));
            }
            if self.jobs_of[c].is_empty() || linked.is_empty() {
                continue;
            }
            let days = linked.followup_dates();
            for &j in &self.jobs_of[c] {
                let months = FollowupMonths::of(self.jobs[j].2, &days);
                if months != FollowupMonths::default() {
                    out.jobs.push((self.jobs[j].0.clone(), months));
                }
            }
        }
        (self.courses.len() as u64, self.jobs.len() as u64, out)
    }
}

impl Tx {
    /// A scan of every course and job, ready to be fed their linked activities.
    pub(crate) async fn start_mark_scan(&mut self) -> Result<MarkScan, StoreError> {
        let courses: Vec<CourseKey> = on_tx!(&mut self.0, t => sqlx::query_as(
            "SELECT id, start_date FROM course ORDER BY id").fetch_all(&mut **t).await?);
        let jobs: Vec<JobKey> = on_tx!(&mut self.0, t => sqlx::query_as(
            "SELECT id, course_id, start_date FROM job ORDER BY id").fetch_all(&mut **t).await?);
        Ok(MarkScan::new(courses, jobs))
    }

    /// Every course's and job's fact from a pass over the linked activities alone, in the order
    /// they are stored, for when the day facts are not computed beside them (a bulk import
    /// sums those as it writes). No index look-up per course: after a bulk load or a restore
    /// that would be one random page read per activity.
    pub(crate) async fn scan_all_marks(&mut self) -> Result<(u64, u64, Computed), StoreError> {
        let mut scan = self.start_mark_scan().await?;
        let sql = format!("SELECT local_date, {RULE_COLUMNS} FROM activity WHERE course_id IS NOT NULL");
        on_tx!(&mut self.0, t => {
            let mut rows = sqlx::query(AssertSqlSafe(sql)).fetch(&mut **t);
            while let Some(row) = rows.try_next().await? {
                // RULE_COLUMNS ends with course_id: column 10 after the date.
                let course: &str = row.try_get(10)?;
                let mut a = activity!(row, 1);
                a.date = row.try_get(0)?;
                scan.add(course, &a);
            }
        });
        Ok(scan.finish())
    }

    /// The course and job facts from what a bulk load gathered of each course's activities
    /// ([`crate::day_sums::DaySums`]), against every course and job now stored.
    pub(crate) async fn marks_of_linked(
        &mut self,
        linked: HashMap<String, LinkedDates>,
    ) -> Result<Computed, StoreError> {
        let mut scan = self.start_mark_scan().await?;
        for (course, dates) in linked {
            scan.absorb(&course, dates);
        }
        Ok(scan.finish().2)
    }
}
