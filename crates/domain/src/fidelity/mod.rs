//! Fidelity and quality instruments (DOMAIN.md §6), stored as data.
//!
//! Each instrument version is one JSON file in `crates/domain/data/instruments/`, embedded
//! at build time and parsed by hand into the types below, so a new version is a new file
//! and no code change. The texts are our own Norwegian paraphrases; thresholds, band edges
//! and score mappings are the sources' facts (see the folder's README).
//!
//! A review scores an instrument's items (or, for SEQF, its areas); routine figures can
//! suggest a score through an item's [`Prefill`]. Nothing here does I/O or reads the clock.

mod check;
mod json;
mod parse;
pub mod prefill;
#[cfg(test)]
mod tests;

use std::sync::LazyLock;

use crate::codes;

/// The embedded instrument files: (file name, contents). Add a new version here.
const FILES: &[(&str, &str)] = &[
    ("kvalitetsveileder-2019.json", include_str!("../../data/instruments/kvalitetsveileder-2019.json")),
    ("ips-25.json", include_str!("../../data/instruments/ips-25.json")),
    ("seqf-2018.json", include_str!("../../data/instruments/seqf-2018.json")),
];

codes! {
    /// A routine figure that can pre-fill an item. Units: `k3_median_days` days (median, K3);
    /// `k1p_per_fte_week` K1p meetings per job specialist FTE per week; `k2_percent`,
    /// `k9_distinct_styrk_share` and `k9_distinct_employer_share` percent (0–100);
    /// `k8_followup_months` the percent of measured paid jobs whose K8 count is 6 of 6 months;
    /// `caseload_per_fte` active courses per job specialist FTE (K4).
    pub enum Measure {
        K3MedianDays = "k3_median_days",
        K1pPerFteWeek = "k1p_per_fte_week",
        K2Percent = "k2_percent",
        K9DistinctStyrkShare = "k9_distinct_styrk_share",
        K9DistinctEmployerShare = "k9_distinct_employer_share",
        K8FollowupMonths = "k8_followup_months",
        CaseloadPerFte = "caseload_per_fte",
        WeeksReferralToFirstJob = "weeks_referral_to_first_job",
        IntoWorkPercent = "into_work_percent",
        InWorkSixMonthsPercent = "in_work_six_months_percent",
    }
}

codes! {
    /// How an instrument's total is formed: the sum of item scores, or SEQF's weighted areas.
    pub enum Scoring { Sum = "sum", WeightedAreas = "weighted_areas" }
}

codes! {
    /// Whether an item's anchors restate the cited source, or are our own description of the
    /// level where the sources give none.
    pub enum AnchorSource { Source = "source", Paraphrase = "paraphrase" }
}

/// One version of an instrument.
#[derive(Debug, Clone, PartialEq)]
pub struct Instrument {
    pub id: String,
    pub version: String,
    /// The date of the revision, when the source gives one (`2019-02-08`).
    pub revised: Option<String>,
    pub name: String,
    pub publisher: Option<String>,
    /// Where the instrument comes from (`seed 001 L948–1226`).
    pub source: String,
    pub scoring: Scoring,
    /// The lowest and highest score of one item; always 1 and 5.
    pub scale_min: u8,
    pub scale_max: u8,
    /// What the scale's ends mean, by level.
    pub scale_text: Vec<(u8, String)>,
    /// A higher level counts only when the lower levels are documented as met (SEQF).
    pub progressive: bool,
    pub parts: Vec<Part>,
    pub items: Vec<Item>,
    /// Total-score bands, best first; empty when the instrument has none (SEQF).
    pub bands: Vec<Band>,
    pub bands_source: Option<String>,
    /// SEQF's areas, with maximum scores and weights; empty for summed instruments.
    pub areas: Vec<Area>,
    /// Proposed additions for a target group, not part of the instrument and never scored.
    pub additions: Vec<Addition>,
    pub additions_target_group: Option<String>,
    pub notes: Vec<String>,
}

/// A part (or SEQF category) that groups items.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub id: String,
    pub name: String,
}

/// One scored item (for SEQF: one criterion).
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub number: u32,
    /// The item's label in its instrument (`9`, `T4`, `5A`).
    pub code: String,
    pub part: String,
    /// The SEQF area the criterion belongs to.
    pub area: Option<u8>,
    pub title: String,
    /// The original (English) title, where the instrument is not Norwegian.
    pub title_en: Option<String>,
    /// What the item is about, in our words.
    pub criterion: String,
    /// The features counted by element-counting items ("two of four present" = 3).
    pub elements: Vec<String>,
    /// The anchor texts of the five levels, lowest first.
    pub anchors: [String; 5],
    pub anchor_source: AnchorSource,
    /// How we read an ambiguity in the source.
    pub note: Option<String>,
    /// Where the item is in the source (`seed 001 L1062–1087`).
    pub source: String,
    /// The routine figures that speak to the item: none, one, or several (SEQF's performance
    /// indicators are three figures in one criterion).
    pub prefill: Vec<Prefill>,
}

/// How a routine figure suggests a score.
#[derive(Debug, Clone, PartialEq)]
pub struct Prefill {
    pub measure: Measure,
    pub target: PrefillTarget,
    pub note: Option<String>,
    /// Empty: the figure is shown as evidence and no score is suggested.
    pub bands: Vec<ScoreBand>,
}

/// What a prefill's score means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrefillTarget {
    /// The score is a suggested item score.
    Item,
    /// The score (1 present, 0 absent) decides one element (1-based) of an element-counting item.
    Element(u8),
}

/// One band of a prefill: `score` for values inside its bounds. `min`/`max` are inclusive,
/// `above`/`below` exclusive; a missing bound is open.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreBand {
    pub score: u8,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub above: Option<f64>,
    pub below: Option<f64>,
}

/// A total-score band.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Band {
    pub min: u32,
    pub max: u32,
    pub label: String,
    pub text: String,
}

/// An SEQF area.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub number: u8,
    pub part: String,
    pub title: String,
    pub description: String,
    pub max_score: u32,
    /// Percent of the whole; the areas' weights sum to 100.
    pub weight: u32,
    /// How many criteria the area has in the full framework (max_score = 5 × this); the
    /// file may list fewer when the source names fewer.
    pub criteria_total: u32,
    pub usable_alone: bool,
    pub source: String,
}

/// A proposed addition (for SEQF: the AFI report's proposals for immigrants).
#[derive(Debug, Clone, PartialEq)]
pub struct Addition {
    /// The report's proposal number, when it has one.
    pub proposal: Option<u8>,
    /// Item codes it applies to.
    pub applies_to: Vec<String>,
    pub kind: String,
    pub text: String,
    pub elements: Vec<String>,
    pub note: Option<String>,
    pub source: String,
}

static INSTRUMENTS: LazyLock<Vec<Instrument>> = LazyLock::new(|| load_all().unwrap_or_default());

/// Parses and checks every embedded file. The tests call this, so a malformed file fails
/// the build's tests; [`instruments`] uses it once and is empty if it ever failed.
pub fn load_all() -> Result<Vec<Instrument>, String> {
    let mut all: Vec<Instrument> = Vec::with_capacity(FILES.len());
    for (file, text) in FILES {
        let instrument = parse::instrument(file, text)?;
        if all.iter().any(|i| i.id == instrument.id && i.version == instrument.version) {
            return Err(format!("{file}: {} is defined twice", instrument.key()));
        }
        all.push(instrument);
    }
    Ok(all)
}

/// Every instrument version, in file order.
pub fn instruments() -> &'static [Instrument] {
    &INSTRUMENTS
}

/// The newest version of an instrument (versions are years or ISO dates, so they sort).
pub fn instrument(id: &str) -> Option<&'static Instrument> {
    instruments().iter().filter(|i| i.id == id).max_by(|a, b| a.version.cmp(&b.version))
}

/// One given version of an instrument, as a stored review names it.
pub fn instrument_version(id: &str, version: &str) -> Option<&'static Instrument> {
    instruments().iter().find(|i| i.id == id && i.version == version)
}

impl Instrument {
    /// `kvalitetsveileder@2019`
    pub fn key(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }

    pub fn item(&self, number: u32) -> Option<&Item> {
        self.items.iter().find(|i| i.number == number)
    }

    pub fn item_by_code(&self, code: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.code == code)
    }

    pub fn area(&self, number: u8) -> Option<&Area> {
        self.areas.iter().find(|a| a.number == number)
    }

    /// The items of one part, in order.
    pub fn part_items<'a>(&'a self, part: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.items.iter().filter(move |i| i.part == part)
    }

    /// The highest possible total: items × top score, or for SEQF the sum of the areas' maxima.
    pub fn max_total(&self) -> u32 {
        match self.scoring {
            Scoring::Sum => self.items.len() as u32 * u32::from(self.scale_max),
            Scoring::WeightedAreas => self.areas.iter().map(|a| a.max_score).sum(),
        }
    }

    /// The lowest possible total: items × lowest score; 0 for SEQF, whose progressive
    /// scoring can leave a criterion without points.
    pub fn min_total(&self) -> u32 {
        match self.scoring {
            Scoring::Sum => self.items.len() as u32 * u32::from(self.scale_min),
            Scoring::WeightedAreas => 0,
        }
    }

    /// The band a total falls in; `None` outside the scale or when the instrument has no bands.
    pub fn total_band(&self, total: u32) -> Option<&Band> {
        self.bands.iter().find(|b| b.min <= total && total <= b.max)
    }

    /// The total of a complete set of item scores `(item number, score)`; `None` when an item
    /// is missing, unknown, repeated or scored outside the scale.
    pub fn total(&self, scores: &[(u32, u8)]) -> Option<u32> {
        if scores.len() != self.items.len() {
            return None;
        }
        let mut sum = 0;
        for item in &self.items {
            let mut matching = scores.iter().filter(|(n, _)| *n == item.number);
            let (_, score) = matching.next()?;
            if matching.next().is_some() || !(self.scale_min..=self.scale_max).contains(score) {
                return None;
            }
            sum += u32::from(*score);
        }
        Some(sum)
    }

    /// SEQF's weighted result in percent (0–100) for the assessed areas `(area, score)`:
    /// Σ(score ÷ max × weight) ÷ Σ weight × 100. A single area (area 5 used alone) gives its
    /// own score ÷ max. `None` for an unknown or repeated area, a score above the area's
    /// maximum, no areas, or an instrument without areas.
    pub fn weighted_percent(&self, scores: &[(u8, u32)]) -> Option<f64> {
        if scores.is_empty() {
            return None;
        }
        let (mut weighted, mut weights) = (0.0, 0.0);
        for (i, (number, score)) in scores.iter().enumerate() {
            let area = self.area(*number)?;
            if *score > area.max_score || scores[..i].iter().any(|(n, _)| n == number) {
                return None;
            }
            weighted += f64::from(*score) / f64::from(area.max_score) * f64::from(area.weight);
            weights += f64::from(area.weight);
        }
        if weights > 0.0 { Some(weighted / weights * 100.0) } else { None }
    }
}

impl Item {
    /// The anchor text of a level, if the level is on the scale (1–5).
    pub fn anchor(&self, level: u8) -> Option<&str> {
        let i = usize::from(level.checked_sub(1)?);
        self.anchors.get(i).map(String::as_str)
    }
}

impl Prefill {
    /// The suggested score for a figure. A value inside a band gets that band's score. A value
    /// between two bands (the sources write integer edges: 30.5 days, 2.5 meetings) gets the
    /// lower of the two neighbouring scores: it has not reached the threshold the better score
    /// names. `None` for NaN, for values outside every band with no band on one side, and when
    /// the prefill has no bands.
    pub fn score(&self, value: f64) -> Option<u8> {
        if value.is_nan() {
            return None;
        }
        if let Some(band) = self.bands.iter().find(|b| b.contains(value)) {
            return Some(band.score);
        }
        let nearest_below =
            self.bands.iter().filter(|b| b.is_below(value)).max_by(|a, b| a.upper().0.total_cmp(&b.upper().0));
        let nearest_above =
            self.bands.iter().filter(|b| b.is_above(value)).min_by(|a, b| a.lower().0.total_cmp(&b.lower().0));
        match (nearest_below, nearest_above) {
            (Some(a), Some(b)) => Some(a.score.min(b.score)),
            _ => None,
        }
    }
}

impl ScoreBand {
    /// The lower bound and whether it is inclusive (open: −∞, inclusive).
    fn lower(&self) -> (f64, bool) {
        match (self.min, self.above) {
            (Some(v), _) => (v, true),
            (None, Some(v)) => (v, false),
            (None, None) => (f64::NEG_INFINITY, true),
        }
    }

    /// The upper bound and whether it is inclusive (open: +∞, inclusive).
    fn upper(&self) -> (f64, bool) {
        match (self.max, self.below) {
            (Some(v), _) => (v, true),
            (None, Some(v)) => (v, false),
            (None, None) => (f64::INFINITY, true),
        }
    }

    pub fn contains(&self, value: f64) -> bool {
        let ((lo, lo_in), (hi, hi_in)) = (self.lower(), self.upper());
        (value > lo || (lo_in && value == lo)) && (value < hi || (hi_in && value == hi))
    }

    /// The whole band lies below the value.
    fn is_below(&self, value: f64) -> bool {
        let (hi, hi_in) = self.upper();
        hi < value || (!hi_in && hi == value)
    }

    /// The whole band lies above the value.
    fn is_above(&self, value: f64) -> bool {
        let (lo, lo_in) = self.lower();
        lo > value || (!lo_in && lo == value)
    }
}
