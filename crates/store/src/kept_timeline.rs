//! Each participant's timeline (the newest activities, as the participant page lists them),
//! kept in the process while the activities it was read from are unchanged. The timeline
//! was the costliest of the page's statements: about 40 % of PostgreSQL's time per view,
//! reading and sorting every activity of the participant to show 50.
//!
//! An entry is keyed by the stamp (migration 0031) of each course's job specialist, read in
//! the page's chain statement before the timeline. Every write to an activity raises the
//! stamp of its course's job specialist (never empty) in the writing transaction, whoever
//! writes: the pages, the API, an import, another instance. A moved activity raises the
//! course it left too, a course moved to another participant or job specialist raises both,
//! and a bulk load raises everyone (the epoch). So while every course's stamp is what it
//! was, no activity of the participant has changed, and the key is read before the
//! activities, so an entry is never older than its key. Names and access are not kept:
//! they are read on every view.

use std::sync::Arc;

use jobbvei_domain::Activity;

use crate::kept::Kept;

/// Activities kept at most, over all entries: about 20 MB.
const CAPACITY: usize = 50_000;

/// What an entry was read from: each course of the participant, in the chain's order, with
/// its job specialist and their stamp. The job specialist is part of the key because stamps
/// are counts per user, and two users' counts may well be equal.
pub(crate) type TimelineKey = Vec<(String, String, i64)>;

/// The kept timelines, by participant and the length of the list asked for; one each,
/// replaced when its key changes.
#[derive(Debug)]
pub struct KeptTimelines(Kept<(String, i64), TimelineKey, Activity>);

impl Default for KeptTimelines {
    fn default() -> Self {
        KeptTimelines(Kept::new(CAPACITY))
    }
}

impl KeptTimelines {
    pub(crate) fn get(&self, participant: &str, max: i64, key: &TimelineKey) -> Option<Arc<Vec<Activity>>> {
        self.0.get(&(participant.to_owned(), max), key)
    }

    pub(crate) fn put(&self, participant: &str, max: i64, key: TimelineKey, activities: Arc<Vec<Activity>>) {
        self.0.put((participant.to_owned(), max), key, activities);
    }

    /// Timelines kept, the activities in them, and how many timelines were read from the
    /// database since the start (every view that found none kept, or an old one).
    pub fn counts(&self) -> (usize, usize, u64) {
        self.0.counts()
    }
}
