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
use jobbvei_domain::ads::{Ad, AdStatus, Extent, county_of};
use jobbvei_store::{Db, StoreError};
use tokio::sync::Mutex;

/// One open ad as kept: what ranking reads. The national demo data has 206,625 open ads with
/// 34 distinct industry texts and 60 municipalities, so the repeated texts are shared, and
/// the titles and employers, which only a list shows, are read for the ads shown.
#[derive(Debug)]
struct KeptAd {
    uuid: Box<str>,
    styrk: Option<Arc<str>>,
    municipality: Option<Arc<str>>,
    industry: Arc<str>,
    extent: Extent,
    requires_licence: bool,
    published: Option<NaiveDate>,
    expires: Option<NaiveDate>,
}

impl KeptAd {
    /// The ad as `rank` reads it; the texts it does not read are empty.
    fn to_ad(&self) -> Ad {
        Ad {
            uuid: self.uuid.to_string(),
            status: AdStatus::Active,
            changed_ms: 0,
            title: String::new(),
            employer_name: String::new(),
            orgnr: None,
            styrk: self.styrk.as_deref().map(str::to_owned),
            styrk_raw: String::new(),
            municipality: self.municipality.as_deref().map(str::to_owned),
            place_raw: String::new(),
            extent: self.extent,
            requires_licence: self.requires_licence,
            industry: self.industry.to_string(),
            published: self.published,
            expires: self.expires,
            application_url: String::new(),
            contacts: Vec::new(),
        }
    }
}

/// Shares equal texts.
#[derive(Default)]
struct Texts(HashMap<String, Arc<str>>);

impl Texts {
    fn share(&mut self, text: String) -> Arc<str> {
        if let Some(kept) = self.0.get(&text) {
            return Arc::clone(kept);
        }
        let kept: Arc<str> = Arc::from(text.as_str());
        self.0.insert(text, Arc::clone(&kept));
        kept
    }
}

/// The open ads of one day as of one generation, with the ads of each county.
#[derive(Debug)]
pub(crate) struct OpenAds {
    day: NaiveDate,
    generation: i64,
    /// By uuid.
    ads: Vec<KeptAd>,
    /// Positions in `ads` of each county's ads, ascending.
    by_county: HashMap<Arc<str>, Vec<usize>>,
    /// Positions in `ads` of the ads with a publishing date, by that date: Min dag asks each
    /// participant's new ads since yesterday, a few hundred of the country's ads, where the
    /// wished counties alone can hold tens of thousands.
    by_published: Vec<usize>,
}

impl OpenAds {
    /// Reads the open ads of `day` from the database.
    async fn read(db: &Db, day: NaiveDate) -> Result<Self, StoreError> {
        let (mut ads, mut texts) = (Vec::new(), Texts::default());
        let generation = db
            .open_ads_to_rank(day, |ad| {
                ads.push(KeptAd {
                    uuid: ad.uuid.into_boxed_str(),
                    styrk: ad.styrk.map(|s| texts.share(s)),
                    municipality: ad.municipality.map(|m| texts.share(m)),
                    industry: texts.share(ad.industry),
                    extent: ad.extent,
                    requires_licence: ad.requires_licence,
                    published: ad.published,
                    expires: ad.expires,
                })
            })
            .await?;
        Ok(Self::new(day, generation, ads))
    }

    fn new(day: NaiveDate, generation: i64, mut ads: Vec<KeptAd>) -> Self {
        ads.shrink_to_fit();
        let mut by_county: HashMap<Arc<str>, Vec<usize>> = HashMap::new();
        let mut counties = Texts::default();
        for (at, ad) in ads.iter().enumerate() {
            if let Some(county) = ad.municipality.as_deref().and_then(county_of) {
                by_county.entry(counties.share(county.to_owned())).or_default().push(at);
            }
        }
        let mut by_published: Vec<usize> = (0..ads.len()).filter(|&at| ads[at].published.is_some()).collect();
        by_published.sort_by_key(|&at| (ads[at].published, at));
        OpenAds { day, generation, ads, by_county, by_published }
    }

    /// The ads in any of `counties` (none named: any place, also unknown) whose STYRK-08 code
    /// is in any of the 2-digit `groups` (none named: any occupation, also unknown), and if
    /// `since` is given, published on or after it; by uuid, as `rank` reads them. This is
    /// what the store's `AdFilter` picks, a first cut of what `rank` leaves out anyway.
    pub(crate) fn wished(&self, counties: &[String], groups: &[String], since: Option<NaiveDate>) -> Vec<Ad> {
        let picked = |ad: &&KeptAd| {
            (groups.is_empty()
                || ad.styrk.as_deref().and_then(|s| s.get(..2)).is_some_and(|g| groups.iter().any(|w| w == g)))
                && since.is_none_or(|since| ad.published.is_some_and(|p| p >= since))
        };
        if let Some(since) = since {
            let from = self.by_published.partition_point(|&at| self.ads[at].published.is_some_and(|p| p < since));
            let in_counties = |ad: &KeptAd| {
                counties.is_empty()
                    || ad.municipality.as_deref().and_then(county_of).is_some_and(|c| counties.iter().any(|w| w == c))
            };
            let mut at: Vec<usize> =
                self.by_published[from..].iter().copied().filter(|&at| in_counties(&self.ads[at])).collect();
            at.sort_unstable();
            return at.into_iter().map(|i| &self.ads[i]).filter(picked).map(KeptAd::to_ad).collect();
        }
        if counties.is_empty() {
            return self.ads.iter().filter(picked).map(KeptAd::to_ad).collect();
        }
        let mut at: Vec<usize> =
            counties.iter().filter_map(|c| self.by_county.get(c.as_str())).flat_map(|v| v.iter().copied()).collect();
        at.sort_unstable();
        at.dedup();
        at.into_iter().map(|i| &self.ads[i]).filter(picked).map(KeptAd::to_ad).collect()
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
        // The old set is dropped before the new one is read: never two in memory at once.
        *kept = None;
        let fresh = Arc::new(OpenAds::read(db, day).await?);
        *kept = Some(Arc::clone(&fresh));
        Ok(fresh)
    }

    /// Reads the open ads of `day` as of the current generation, unless they are kept.
    pub async fn read_ahead(&self, db: &Db, day: NaiveDate) -> Result<(), StoreError> {
        self.of(db, day, db.ads_generation().await?).await.map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ad(uuid: &str, styrk: Option<&str>, municipality: Option<&str>, published: u32) -> KeptAd {
        KeptAd {
            uuid: uuid.into(),
            styrk: styrk.map(Into::into),
            municipality: municipality.map(Into::into),
            industry: "bygg".into(),
            extent: Extent::Full,
            requires_licence: true,
            published: NaiveDate::from_ymd_opt(2026, 12, published),
            expires: NaiveDate::from_ymd_opt(2026, 12, 24),
        }
    }

    fn uuids(ads: &[Ad]) -> Vec<String> {
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
                KeptAd { published: None, ..ad("f", Some("5132"), Some("0301"), 1) },
            ],
        );
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(uuids(&open.wished(&s(&["03"]), &s(&["51"]), None)), ["a", "f"]);
        assert_eq!(uuids(&open.wished(&s(&["46", "03"]), &s(&["51"]), None)), ["a", "c", "f"]);
        assert_eq!(uuids(&open.wished(&s(&["03"]), &[], None)), ["a", "b", "d", "f"]);
        assert_eq!(uuids(&open.wished(&[], &s(&["51"]), None)), ["a", "c", "e", "f"]);
        assert_eq!(uuids(&open.wished(&[], &[], None)), ["a", "b", "c", "d", "e", "f"]);
        let yesterday = NaiveDate::from_ymd_opt(2026, 12, 2);
        assert_eq!(uuids(&open.wished(&[], &[], yesterday)), ["b", "c", "d", "e"]);
        assert_eq!(uuids(&open.wished(&s(&["03", "46"]), &s(&["51"]), yesterday)), ["c"]);
        assert_eq!(uuids(&open.wished(&s(&["03"]), &[], yesterday)), ["b", "d"]);
        assert!(open.wished(&s(&["46"]), &[], NaiveDate::from_ymd_opt(2026, 12, 4)).is_empty());
        // What ranking reads comes back as it was read.
        let a = &open.wished(&s(&["03"]), &s(&["51"]), None)[0];
        assert_eq!(
            (a.styrk.as_deref(), a.municipality.as_deref(), a.industry.as_str(), a.extent, a.requires_licence),
            (Some("5132"), Some("0301"), "bygg", Extent::Full, true)
        );
        assert_eq!(
            (a.published, a.expires, a.status),
            (NaiveDate::from_ymd_opt(2026, 12, 1), NaiveDate::from_ymd_opt(2026, 12, 24), AdStatus::Active)
        );
    }
}
