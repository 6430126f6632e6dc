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

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDate;

use crate::workplace::ActivityLine;

/// Activities kept at most, over all entries: a few tens of megabytes.
const CAPACITY: usize = 100_000;

/// The kept days, by user; one each, replaced when its day or stamp changes.
#[derive(Debug, Default)]
pub struct KeptDays {
    inner: Mutex<Kept>,
}

/// What an entry was read for: the day and the user's stamp.
type DayKey = (NaiveDate, i64);

#[derive(Debug, Default)]
struct Kept {
    entries: HashMap<String, (DayKey, Arc<Vec<ActivityLine>>)>,
    lines: usize,
    /// Days read from the database, kept or not.
    reads: u64,
}

impl KeptDays {
    pub(crate) fn get(&self, user: &str, day: NaiveDate, stamp: i64) -> Option<Arc<Vec<ActivityLine>>> {
        // A panic elsewhere while the lock was held leaves whole entries behind: still usable.
        let kept = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let (at, lines) = kept.entries.get(user)?;
        (*at == (day, stamp)).then(|| Arc::clone(lines))
    }

    pub(crate) fn put(&self, user: &str, day: NaiveDate, stamp: i64, lines: Arc<Vec<ActivityLine>>) {
        let mut kept = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        kept.reads += 1;
        // Past capacity everything goes, as with the kept timelines.
        if kept.lines + lines.len() > CAPACITY {
            kept.entries.clear();
            kept.lines = 0;
        }
        kept.lines += lines.len();
        if let Some((_, old)) = kept.entries.insert(user.to_owned(), ((day, stamp), lines)) {
            kept.lines -= old.len();
        }
    }

    /// Days kept, and how many were read from the database since the start (every view
    /// with a stamp that found none kept, or an old one).
    pub fn counts(&self) -> (usize, u64) {
        let kept = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        (kept.entries.len(), kept.reads)
    }
}
