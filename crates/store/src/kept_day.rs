//! Each user's Min dag activities (those they logged for the day, and every planned one not
//! yet closed), kept in the process while the user's stamp is unchanged. Reading them was
//! Min dag's costliest statement: about 60 % of PostgreSQL's time per view at national
//! scale, since a job specialist has some sixty planned activities left open, each read
//! with its course, participant and employer.
//!
//! An entry is keyed by the day and by the user's stamp (migration 0031), which the session
//! read gives before anything else. Every write to an activity raises the stamp of its
//! owner, before and after, in the writing transaction (migration 0035), whoever writes; a
//! change to a participant's or employer's name, or a course moved to another participant,
//! raises the epoch, which is in every stamp; a bulk load raises the epoch too. So while
//! the stamp is what it was, no listed activity or name has changed. What depends on the
//! clock ("planned before now") is decided on every view from what is kept.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::kept::Kept;
use crate::workplace::ActivityLine;

/// Activities kept at most, over all entries: a few tens of megabytes.
const CAPACITY: usize = 100_000;

/// The kept days, by user; one each, replaced when its day or stamp changes.
#[derive(Debug)]
pub struct KeptDays(Kept<String, (NaiveDate, i64), ActivityLine>);

impl Default for KeptDays {
    fn default() -> Self {
        KeptDays(Kept::new(CAPACITY))
    }
}

impl KeptDays {
    pub(crate) fn get(&self, user: &str, day: NaiveDate, stamp: i64) -> Option<Arc<Vec<ActivityLine>>> {
        self.0.get(user, &(day, stamp))
    }

    pub(crate) fn put(&self, user: &str, day: NaiveDate, stamp: i64, lines: Arc<Vec<ActivityLine>>) {
        self.0.put(user.to_owned(), (day, stamp), lines);
    }

    /// Days kept, and how many were read from the database since the start (every view
    /// with a stamp that found none kept, or an old one).
    pub fn counts(&self) -> (usize, u64) {
        let (days, _, reads) = self.0.counts();
        (days, reads)
    }
}
