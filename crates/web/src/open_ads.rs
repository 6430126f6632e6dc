//! Every open job ad, as ranking reads it, kept in the process for a day and a generation of
//! the ads (docs/participant-page.md, "Open ads are kept").
//!
//! The participant page ranks a participant's ads on the first view of the day, and Min dag
//! ranks the day's new ads for each of the user's participants. Both used to read the open
//! ads of the wished counties and groups from the database for each participant: hundreds of
//! rows, 7 ms per participant at national scale, and one statement per participant on Min
//! dag. The open ads change only when the feed writes them, which bumps the generation
//! (migration 0026), so one read per generation serves every participant. Whoever asks reads
//! the generation from the database first, so several instances never rank on stale ads.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use jobbvei_domain::ads::{Ad, county_of};
use jobbvei_store::{Db, StoreError};
use tokio::sync::Mutex;

/// The open ads of one day as of one generation, with the ads of each county.
#[derive(Debug)]
pub(crate) struct OpenAds {
    day: NaiveDate,
    generation: i64,
    /// By uuid.
    ads: Vec<Ad>,
    /// Positions in `ads` of each county's ads, ascending.
    by_county: HashMap<String, Vec<usize>>,
}

impl OpenAds {
    fn new(day: NaiveDate, generation: i64, ads: Vec<Ad>) -> Self {
        let mut by_county: HashMap<String, Vec<usize>> = HashMap::new();
        for (at, ad) in ads.iter().enumerate() {
            if let Some(county) = ad.municipality.as_deref().and_then(county_of) {
                by_county.entry(county.to_owned()).or_default().push(at);
            }
        }
        OpenAds { day, generation, ads, by_county }
    }

    /// The ads in any of `counties` (none named: any place, also unknown) whose STYRK-08 code
    /// is in any of the 2-digit `groups` (none named: any occupation, also unknown), by uuid:
    /// what the store's `AdFilter` picks, and a first cut of what `rank` leaves out anyway.
    pub(crate) fn wished<'a>(&'a self, counties: &[String], groups: &[String]) -> Vec<&'a Ad> {
        let in_group = |ad: &&Ad| {
            groups.is_empty()
                || ad.styrk.as_deref().and_then(|s| s.get(..2)).is_some_and(|g| groups.iter().any(|w| w == g))
        };
        if counties.is_empty() {
            return self.ads.iter().filter(in_group).collect();
        }
        let mut at: Vec<usize> =
            counties.iter().filter_map(|c| self.by_county.get(c)).flat_map(|v| v.iter().copied()).collect();
        at.sort_unstable();
        at.dedup();
        at.into_iter().map(|i| &self.ads[i]).filter(in_group).collect()
    }

    /// The ads published on or after `since`, by uuid.
    pub(crate) fn since(&self, since: NaiveDate) -> Vec<&Ad> {
        self.ads.iter().filter(|a| a.published.is_some_and(|p| p >= since)).collect()
    }
}

/// The kept open ads; one set, replaced when the day or the generation moves on.
#[derive(Debug, Default)]
pub struct OpenAdsCache {
    // An async lock, held while the ads are read: when many first views arrive together,
    // one reads the ads and the others wait for it instead of each reading them too.
    kept: Mutex<Option<Arc<OpenAds>>>,
}

impl OpenAdsCache {
    /// The open ads of `day`, at least as new as `generation` (read from the database by the
    /// caller before it asks).
    pub(crate) async fn of(&self, db: &Db, day: NaiveDate, generation: i64) -> Result<Arc<OpenAds>, StoreError> {
        let mut kept = self.kept.lock().await;
        if let Some(ads) = kept.as_ref().filter(|k| k.day == day && k.generation >= generation) {
            return Ok(Arc::clone(ads));
        }
        let (read_at, ads) = db.open_ads_to_rank(day).await?;
        let fresh = Arc::new(OpenAds::new(day, read_at, ads));
        *kept = Some(Arc::clone(&fresh));
        Ok(fresh)
    }
}

#[cfg(test)]
mod tests {
    use jobbvei_domain::ads::{AdStatus, Extent};

    use super::*;

    fn ad(uuid: &str, styrk: Option<&str>, municipality: Option<&str>, published: u32) -> Ad {
        Ad {
            uuid: uuid.into(),
            status: AdStatus::Active,
            changed_ms: 0,
            title: String::new(),
            employer_name: String::new(),
            orgnr: None,
            styrk: styrk.map(Into::into),
            styrk_raw: String::new(),
            municipality: municipality.map(Into::into),
            place_raw: String::new(),
            extent: Extent::Unknown,
            requires_licence: false,
            industry: String::new(),
            published: NaiveDate::from_ymd_opt(2026, 12, published),
            expires: None,
            application_url: String::new(),
            contacts: Vec::new(),
        }
    }

    fn uuids(ads: &[&Ad]) -> Vec<String> {
        ads.iter().map(|a| a.uuid.clone()).collect()
    }

    #[test]
    fn wished_picks_as_the_store_filter_does() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let open = OpenAds::new(
            day,
            1,
            vec![
                ad("a", Some("5132"), Some("0301"), 1),
                ad("b", Some("4110"), Some("0301"), 2),
                ad("c", Some("5132"), Some("4601"), 3),
                ad("d", None, Some("0301"), 3),
                ad("e", Some("51"), None, 3),
            ],
        );
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(uuids(&open.wished(&s(&["03"]), &s(&["51"]))), ["a"]);
        assert_eq!(uuids(&open.wished(&s(&["46", "03"]), &s(&["51"]))), ["a", "c"]);
        assert_eq!(uuids(&open.wished(&s(&["03"]), &[])), ["a", "b", "d"]);
        assert_eq!(uuids(&open.wished(&[], &s(&["51"]))), ["a", "c", "e"]);
        assert_eq!(uuids(&open.wished(&[], &[])), ["a", "b", "c", "d", "e"]);
        assert_eq!(uuids(&open.since(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap())), ["b", "c", "d", "e"]);
    }
}
