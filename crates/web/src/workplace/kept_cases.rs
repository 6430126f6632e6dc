//! The open courses of a caseload with their flags, kept in the process while nothing they
//! were computed from has changed (docs/caseload.md, "Kept per user"). The caseload and Min
//! dag read them on every view, and computing them reads every course, job, check and recent
//! activity of the user's last four years (the alert load): most of what those pages cost.
//!
//! An entry is keyed by the day and by the stamp of each user whose courses it shows
//! (migration 0031): every write to a course, its participant, phases, passive periods,
//! activities, jobs, measures, checks or outreach attempts raises the stamps of the course's
//! job specialist and of the participant's veileder in the writing transaction, whoever
//! writes, so several instances on one database never show each other stale alerts. The
//! stamps are read before the courses (a viewer's own with the session, a team's with its
//! members), so an entry is never older than its key.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDate;
use jobbvei_store::{CaseRow, StoreError};

use super::flags::{self, Flag, Whose};
use crate::AppState;
use crate::auth::Viewer;

/// Caseloads kept at most: one per user or team, a few kilobytes each.
const CAPACITY: usize = 4_096;

/// A caseload as computed.
#[derive(Debug)]
pub(crate) struct Cases {
    /// A team lead's view: the team's courses.
    pub team: bool,
    /// Whose courses, by id: the viewer, or the team's members.
    pub members: Vec<String>,
    /// The open courses, as [`jobbvei_store::Db::caseload`] lists them.
    pub rows: Vec<CaseRow>,
    /// Every flag on them, the most overdue first ([`flags::flags`]).
    pub flags: Vec<Flag>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Own(String),
    Team(String),
}

/// What an entry was computed from: the day and each member's stamp, by id.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    day: NaiveDate,
    members: Vec<(String, i64)>,
}

/// The kept caseloads, by user or team; one each, replaced when its stamp changes.
#[derive(Debug, Default)]
pub struct CaseCache {
    entries: Mutex<HashMap<Key, (Stamp, Arc<Cases>)>>,
}

impl CaseCache {
    fn get(&self, key: &Key, stamp: &Stamp) -> Option<Arc<Cases>> {
        // A panic elsewhere while the lock was held leaves whole entries behind: still usable.
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.get(key).filter(|(kept, _)| kept == stamp).map(|(_, cases)| Arc::clone(cases))
    }

    fn put(&self, key: Key, stamp: Stamp, cases: Arc<Cases>) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        // Past capacity everything goes: entries are cheap to compute again, and a bound
        // that needs no bookkeeping per view is what a saturated server wants.
        if entries.len() >= CAPACITY && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, (stamp, cases));
    }
}

/// The open courses of the viewer's caseload and day with their flags: a team lead's are
/// the team's ([`super::myday::whose`]), anyone else's their own.
pub(crate) async fn of(state: &AppState, v: &Viewer) -> Result<Arc<Cases>, StoreError> {
    let today = state.clock.today();
    let whose = super::myday::whose(v);
    let (key, members) = match whose {
        Whose::Own(me) => (Key::Own(me.to_owned()), v.case_stamp.map(|n| vec![(me.to_owned(), n)])),
        Whose::Team(team) => (Key::Team(team.to_owned()), Some(state.db.team_stamps(team).await?)),
    };
    let Some(members) = members else {
        // No stamp (an API token): computed, never kept.
        let ids = match whose {
            Whose::Own(me) => vec![me.to_owned()],
            Whose::Team(team) => state.db.team_members(team).await?,
        };
        return Ok(Arc::new(compute(state, whose, ids, today).await?));
    };
    let stamp = Stamp { day: today, members };
    if let Some(kept) = state.cases.get(&key, &stamp) {
        return Ok(kept);
    }
    let ids = stamp.members.iter().map(|(id, _)| id.clone()).collect();
    let cases = Arc::new(compute(state, whose, ids, today).await?);
    state.cases.put(key, stamp, Arc::clone(&cases));
    Ok(cases)
}

async fn compute(
    state: &AppState,
    whose: Whose<'_>,
    members: Vec<String>,
    today: NaiveDate,
) -> Result<Cases, StoreError> {
    let rows = state.db.caseload(&members, today).await?;
    let flags = flags::flags(state, whose, &rows).await?;
    Ok(Cases { team: matches!(whose, Whose::Team(_)), members, rows, flags })
}
