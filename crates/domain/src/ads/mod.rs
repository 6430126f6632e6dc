//! Job ads from NAV's public job-ad feed (`docs/ads.md`): the ad as Jobbvei keeps it, the
//! reader of one feed entry per line (`feed`), and the ranking of active ads for a
//! participant's vocational profile (`matching`).
//!
//! The feed's own rules live here so every way in (file import, live sync, demo) obeys them:
//! the latest entry of an ad wins, and an ad that is no longer active carries no contact
//! details. An occupation or place Jobbvei cannot map is kept and flagged, never dropped.

pub mod feed;
pub mod matching;
mod place;

use chrono::NaiveDate;

pub use feed::{LineError, Reading, read_lines};
pub use matching::{Fit, Suggestion, Wish, rank};
pub use place::{county_of, municipality_by_name};

/// The ad's state in the feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdStatus {
    Active,
    /// Expired or filled.
    Inactive,
    /// Actively stopped (or deleted, rejected) by NAV or the employer: the feed masks it.
    Stopped,
}

impl AdStatus {
    /// The code in the database.
    pub fn code(self) -> &'static str {
        match self {
            AdStatus::Active => "aktiv",
            AdStatus::Inactive => "inaktiv",
            AdStatus::Stopped => "stoppet",
        }
    }

    pub fn parse(code: &str) -> Option<AdStatus> {
        [AdStatus::Active, AdStatus::Inactive, AdStatus::Stopped].into_iter().find(|s| s.code() == code)
    }

    /// The feed's spelling (`ACTIVE`, `INACTIVE`, `STOPPED` …); `None` for anything else.
    pub fn from_feed(s: &str) -> Option<AdStatus> {
        match s.trim().to_ascii_uppercase().as_str() {
            "ACTIVE" => Some(AdStatus::Active),
            "INACTIVE" => Some(AdStatus::Inactive),
            "STOPPED" | "DELETED" | "REJECTED" => Some(AdStatus::Stopped),
            _ => None,
        }
    }
}

/// Full time, part time, either, or not said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Extent {
    Full,
    Part,
    Either,
    Unknown,
}

impl Extent {
    pub fn code(self) -> &'static str {
        match self {
            Extent::Full => "heltid",
            Extent::Part => "deltid",
            Extent::Either => "heltid_deltid",
            Extent::Unknown => "",
        }
    }

    pub fn parse(code: &str) -> Extent {
        match code {
            "heltid" => Extent::Full,
            "deltid" => Extent::Part,
            "heltid_deltid" => Extent::Either,
            _ => Extent::Unknown,
        }
    }

    /// The feed's `extent` (`Heltid`, `Deltid`, `Heltid_og_Deltid`).
    pub fn from_feed(s: &str) -> Extent {
        let s = s.to_lowercase();
        match (s.contains("heltid"), s.contains("deltid")) {
            (true, true) => Extent::Either,
            (true, false) => Extent::Full,
            (false, true) => Extent::Part,
            (false, false) => Extent::Unknown,
        }
    }

    /// Norwegian label for pages.
    pub fn label(self) -> &'static str {
        match self {
            Extent::Full => "heltid",
            Extent::Part => "deltid",
            Extent::Either => "heltid eller deltid",
            Extent::Unknown => "",
        }
    }
}

/// A contact person of an ad; only an active ad has any.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Contact {
    pub name: String,
    pub email: String,
    pub phone: String,
}

/// One job ad, in its latest known state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ad {
    pub uuid: String,
    pub status: AdStatus,
    /// The feed's `sistEndret`, milliseconds since 1970 (UTC): decides which entry is latest.
    pub changed_ms: i64,
    pub title: String,
    pub employer_name: String,
    /// A valid organisation number (checked on reading), or `None` when the ad names none.
    pub orgnr: Option<String>,
    /// STYRK-08 code or group: 4 digits when the ad names the occupation, 2–3 digits when only
    /// its NAV category was given (the longest group all the category's codes share);
    /// `None` when it could not be mapped (`styrk_raw` keeps what the ad said).
    pub styrk: Option<String>,
    pub styrk_raw: String,
    /// Municipality number from the shipped postal-code register; `None` when unknown
    /// (`place_raw` keeps what the ad said).
    pub municipality: Option<String>,
    pub place_raw: String,
    pub extent: Extent,
    /// The ad's text asks for a driving licence.
    pub requires_licence: bool,
    /// The ad's occupation categories and sector, lower case, for avoided industries.
    pub industry: String,
    pub published: Option<NaiveDate>,
    pub expires: Option<NaiveDate>,
    pub application_url: String,
    /// Empty unless the ad is active.
    pub contacts: Vec<Contact>,
}

impl Ad {
    /// The occupation could not be mapped to STYRK-08.
    pub fn styrk_unknown(&self) -> bool {
        self.styrk.is_none()
    }

    /// The place could not be mapped to a municipality.
    pub fn municipality_unknown(&self) -> bool {
        self.municipality.is_none()
    }

    /// Open to applicants on `today`: active and not past its expiry.
    pub fn is_open(&self, today: NaiveDate) -> bool {
        self.status == AdStatus::Active && self.expires.is_none_or(|e| e >= today)
    }

    /// Applies the feed's rule that only an active ad shows who to contact.
    pub(crate) fn hide_contacts_unless_active(mut self) -> Ad {
        if self.status != AdStatus::Active {
            self.contacts.clear();
        }
        self
    }
}
