//! Each participant's ranked job ads, kept in the process so the participant page does not
//! read and rank every open ad of the wished counties and groups on every view
//! (docs/participant-page.md, "Ranked ads are kept").
//!
//! An entry is used only when everything ranking read is unchanged, and all of it is read
//! from the database on each view, so several instances on one database never show each
//! other stale suggestions: the day (ads expire and ranking prefers the newly published), the
//! participant's profile with their postal code and confidentiality, the ads they dismissed or
//! applied for, and the job ads' generation (migration 0026: every write of `job_ad` changes
//! it, in the writing transaction). The generation is read before the ads are, so an entry
//! is never older than its key.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDate;
use jobbvei_domain::ads::Ad;
use jobbvei_store::MatchProfile;

/// Participants kept at most: at about ten ads each, a few tens of megabytes.
const CAPACITY: usize = 4_096;

/// What a participant's ranking was computed from; an entry serves only an equal key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Inputs {
    pub day: NaiveDate,
    pub ads_generation: i64,
    pub profile: MatchProfile,
    /// The ads the participant dismissed or applied for (never suggested again), sorted.
    pub done: Vec<String>,
}

/// One ranked suggestion: the whole ad and why it fits.
#[derive(Debug, Clone)]
pub(crate) struct Ranked {
    pub ad: Ad,
    pub reason: String,
}

/// A kept ranking with what it was ranked from.
type Kept = (Inputs, Arc<Vec<Ranked>>);

/// The kept rankings, by participant id; one per participant, replaced when its inputs change.
#[derive(Debug, Default)]
pub struct SuggestionCache {
    entries: Mutex<HashMap<String, Kept>>,
    /// The open ads the rankings are made from.
    pub open: crate::open_ads::OpenAdsCache,
}

impl SuggestionCache {
    /// The kept ranking of `participant` if it was computed from exactly `inputs`.
    pub(crate) fn get(&self, participant: &str, inputs: &Inputs) -> Option<Arc<Vec<Ranked>>> {
        // A panic elsewhere while the lock was held leaves whole entries behind: still usable.
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.get(participant).filter(|(kept, _)| kept == inputs).map(|(_, ranked)| Arc::clone(ranked))
    }

    /// Keeps `ranked` as `participant`'s ranking from `inputs`.
    pub(crate) fn put(&self, participant: &str, inputs: Inputs, ranked: Arc<Vec<Ranked>>) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= CAPACITY && !entries.contains_key(participant) {
            // Rankings of another day or another generation of the ads are of no more use;
            // if all are current, start over rather than track what was used last.
            let (day, generation) = (inputs.day, inputs.ads_generation);
            entries.retain(|_, (kept, _)| kept.day == day && kept.ads_generation == generation);
            if entries.len() >= CAPACITY {
                entries.clear();
            }
        }
        entries.insert(participant.to_owned(), (inputs, ranked));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(day: u32, generation: i64, done: &[&str]) -> Inputs {
        Inputs {
            day: NaiveDate::from_ymd_opt(2026, 12, day).unwrap(),
            ads_generation: generation,
            profile: MatchProfile {
                participant_id: "p1".into(),
                postal_code: Some("0010".into()),
                wanted_styrk: "7512".into(),
                industries: String::new(),
                hours: "Heltid".into(),
                geography: "Oslo".into(),
                driving_licence: String::new(),
                confidential: false,
            },
            done: done.iter().map(|d| (*d).to_owned()).collect(),
        }
    }

    #[test]
    fn an_entry_serves_only_the_inputs_it_was_ranked_from() {
        let cache = SuggestionCache::default();
        cache.put("p1", inputs(3, 7, &[]), Arc::new(Vec::new()));
        assert!(cache.get("p1", &inputs(3, 7, &[])).is_some());
        assert!(cache.get("p2", &inputs(3, 7, &[])).is_none());
        assert!(cache.get("p1", &inputs(4, 7, &[])).is_none(), "another day");
        assert!(cache.get("p1", &inputs(3, 8, &[])).is_none(), "the ads changed");
        assert!(cache.get("p1", &inputs(3, 7, &["a"])).is_none(), "an ad was dismissed");
        let mut moved = inputs(3, 7, &[]);
        moved.profile.postal_code = Some("5003".into());
        assert!(cache.get("p1", &moved).is_none(), "the profile's place changed");
    }

    #[test]
    fn a_full_cache_drops_what_is_out_of_date_first() {
        let cache = SuggestionCache::default();
        cache.put("old", inputs(2, 7, &[]), Arc::new(Vec::new()));
        for i in 0..CAPACITY - 1 {
            cache.put(&format!("p{i}"), inputs(3, 7, &[]), Arc::new(Vec::new()));
        }
        cache.put("new", inputs(3, 7, &[]), Arc::new(Vec::new()));
        assert!(cache.get("old", &inputs(2, 7, &[])).is_none());
        assert!(cache.get("p0", &inputs(3, 7, &[])).is_some() && cache.get("new", &inputs(3, 7, &[])).is_some());
    }
}
