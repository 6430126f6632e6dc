//! Ranks open ads for a participant's vocational profile (`docs/ads.md`, "Matching").
//!
//! The rule, in order of weight: occupation (the same 4-digit STYRK-08 code, then the same
//! 3-digit, then 2-digit group), place (a municipality the profile accepts, then the rest of
//! its county), driving licence (an ad that asks for one ranks below when the participant has
//! none), working hours; ties go to the newest ad. An ad in an industry the profile avoids is
//! left out, as is one outside every wanted group or county when the profile names any.

use chrono::NaiveDate;

use super::place::{county_of, named_in};
use super::{Ad, Extent};
use crate::codelist::StyrkCode;

/// What a profile asks of a job, read from its free-text fields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Wish {
    /// Wanted STYRK-08 codes (4 digits).
    pub styrk: Vec<String>,
    /// Accepted municipality numbers: those the geography field names, and home.
    pub municipalities: Vec<String>,
    pub extent: Option<Extent>,
    /// Whether the participant has a driving licence; `None` when the profile does not say.
    pub licence: Option<bool>,
    /// Lower-case industry words to avoid (`ikke renhold` in the industries field).
    pub avoid: Vec<String>,
}

impl Wish {
    /// Reads a profile's fields; `home` is the municipality of the participant's postal code.
    pub fn from_profile(
        wanted_styrk: &str,
        industries: &str,
        hours: &str,
        geography: &str,
        driving_licence: &str,
        home: Option<&str>,
    ) -> Wish {
        let styrk =
            wanted_styrk.split(',').filter_map(|s| StyrkCode::parse(s.trim())).map(|c| c.as_str().to_owned()).collect();
        let mut municipalities = named_in(geography);
        if let Some(h) = home.filter(|h| !municipalities.iter().any(|m| m == h)) {
            municipalities.push(h.to_owned());
        }
        Wish {
            styrk,
            municipalities,
            extent: wanted_extent(hours),
            licence: has_licence(driving_licence),
            avoid: avoided(industries),
        }
    }

    /// The 2-digit STYRK-08 groups of the wanted codes: an ad outside them is never suggested.
    pub fn groups(&self) -> Vec<String> {
        let mut g: Vec<String> = self.styrk.iter().filter_map(|c| c.get(..2)).map(str::to_owned).collect();
        g.sort();
        g.dedup();
        g
    }

    /// The counties of the accepted municipalities.
    pub fn counties(&self) -> Vec<String> {
        let mut c: Vec<String> = self.municipalities.iter().filter_map(|m| county_of(m)).map(str::to_owned).collect();
        c.sort();
        c.dedup();
        c
    }
}

/// `heltid`, `deltid`, or a percentage (below 100 is part time).
fn wanted_extent(hours: &str) -> Option<Extent> {
    let h = hours.to_lowercase();
    let percent = h
        .split('%')
        .next()
        .filter(|_| h.contains('%'))
        .and_then(|before| before.split(|c: char| !c.is_ascii_digit()).rev().find(|s| !s.is_empty()))
        .and_then(|d| d.parse::<u32>().ok());
    match (h.contains("heltid"), h.contains("deltid"), percent) {
        (true, true, _) => Some(Extent::Either),
        (true, false, _) => Some(Extent::Full),
        (false, true, _) => Some(Extent::Part),
        (false, false, Some(p)) if p >= 100 => Some(Extent::Full),
        (false, false, Some(_)) => Some(Extent::Part),
        _ => None,
    }
}

/// `nei`, `ingen`, `har ikke`, `uten` say no; anything else written says yes.
fn has_licence(text: &str) -> Option<bool> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return None;
    }
    let no = t.starts_with("nei") || t.contains("ingen") || t.contains("har ikke") || t.starts_with("uten");
    Some(!no)
}

/// Items of the industries field starting with `ikke` or `unngå`.
fn avoided(industries: &str) -> Vec<String> {
    industries
        .split([',', ';', '\n'])
        .filter_map(|item| {
            let item = item.trim().to_lowercase();
            ["ikke ", "unngå ", "unngår "]
                .iter()
                .find_map(|p| item.strip_prefix(p))
                .map(|rest| rest.trim().to_owned())
                .filter(|rest| !rest.is_empty())
        })
        .collect()
}

/// How well an ad fits; compared field by field, higher first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fit {
    /// Digits of STYRK-08 shared with a wanted code: 4, 3, 2 or 0.
    pub occupation: u8,
    /// 2: an accepted municipality; 1: the rest of its county; 0: neither or no wish.
    pub place: u8,
    /// 0 when the ad asks for a licence the participant lacks.
    pub licence: u8,
    /// 2: the hours wanted; 1: not said on one side; 0: other hours.
    pub hours: u8,
}

/// An ad suggested for a participant, with why it fits in Norwegian.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion<'a> {
    pub ad: &'a Ad,
    pub fit: Fit,
    pub reason: String,
}

/// How `ad` fits `wish` on `today`; `None` when it is not suggested at all.
pub fn fit(wish: &Wish, ad: &Ad, today: NaiveDate) -> Option<Fit> {
    if !ad.is_open(today) || wish.avoid.iter().any(|w| ad.industry.contains(w.as_str())) {
        return None;
    }
    let occupation =
        ad.styrk.as_deref().map_or(0, |code| wish.styrk.iter().map(|w| shared(w, code)).max().unwrap_or(0));
    if !wish.styrk.is_empty() && occupation == 0 {
        return None;
    }
    let place = match ad.municipality.as_deref() {
        Some(m) if wish.municipalities.iter().any(|w| w == m) => 2,
        Some(m) if wish.municipalities.iter().any(|w| county_of(w) == county_of(m)) => 1,
        _ => 0,
    };
    if !wish.municipalities.is_empty() && place == 0 {
        return None;
    }
    let licence = u8::from(!(ad.requires_licence && wish.licence == Some(false)));
    let hours = match (wish.extent, ad.extent) {
        (None, _) | (_, Extent::Unknown) => 1,
        (Some(w), a) if w == a || a == Extent::Either || w == Extent::Either => 2,
        _ => 0,
    };
    Some(Fit { occupation, place, licence, hours })
}

/// Leading digits `wanted` shares with the ad's code or group, as a level: 4, 3, 2 or 0.
fn shared(wanted: &str, ad: &str) -> u8 {
    let n = wanted.bytes().zip(ad.bytes()).take_while(|(a, b)| a == b).count();
    match n {
        4.. => 4,
        3 => 3,
        2 => 2,
        _ => 0,
    }
}

/// Why `fit` fits: `samme yrke, samme kommune, heltid`.
pub fn reason(wish: &Wish, ad: &Ad, fit: Fit) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(
        match fit.occupation {
            4 => Some("samme yrke"),
            3 => Some("samme yrkesgruppe"),
            2 => Some("beslektet yrke"),
            _ => None,
        }
        .map(str::to_owned),
    );
    parts.extend(
        match fit.place {
            2 => Some("samme kommune"),
            1 => Some("samme fylke"),
            _ => None,
        }
        .map(str::to_owned),
    );
    let hours = match (fit.hours, wish.extent, ad.extent) {
        (_, _, Extent::Unknown) => String::new(),
        (2, Some(w), Extent::Either) if w != Extent::Either => w.label().to_owned(),
        (0, _, a) => format!("annen arbeidstid ({})", a.label()),
        (_, _, a) => a.label().to_owned(),
    };
    if !hours.is_empty() {
        parts.push(hours);
    }
    if ad.requires_licence {
        parts.push(if fit.licence == 0 { "krever førerkort" } else { "førerkort kreves" }.to_owned());
    }
    parts.join(", ")
}

/// The best `limit` open ads for `wish`, best first.
pub fn rank<'a>(
    wish: &Wish,
    ads: impl IntoIterator<Item = &'a Ad>,
    today: NaiveDate,
    limit: usize,
) -> Vec<Suggestion<'a>> {
    let mut found: Vec<(Fit, &Ad)> = ads.into_iter().filter_map(|ad| fit(wish, ad, today).map(|f| (f, ad))).collect();
    let order = |a: &(Fit, &Ad), b: &(Fit, &Ad)| {
        b.0.cmp(&a.0).then_with(|| b.1.published.cmp(&a.1.published)).then_with(|| a.1.uuid.cmp(&b.1.uuid))
    };
    if found.len() > limit && limit > 0 {
        found.select_nth_unstable_by(limit - 1, order);
        found.truncate(limit);
    }
    found.sort_by(order);
    found.truncate(limit);
    found.into_iter().map(|(fit, ad)| Suggestion { ad, fit, reason: reason(wish, ad, fit) }).collect()
}

#[cfg(test)]
#[path = "matching_tests.rs"]
mod tests;
