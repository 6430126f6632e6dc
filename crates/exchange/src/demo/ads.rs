//! The demo's job-ad feed and the vocational profiles that make its matches show: ads from
//! the demo employers across the STYRK-08 codes and municipalities in use, written as feed
//! entries (one JSON object per line) so they go through the same reader as a real feed.
//! Deterministic: the same inputs and seed give the same lines.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use jobbvei_domain::codelist::{PostalCode, StyrkCode, municipality_name};
use jobbvei_domain::profile::PROFILE_FIELDS;
use serde_json::json;

use super::names::title_case;
use super::rng::Rng;

const STREAM_ADS: u64 = 101;
const STREAM_PROFILE: u64 = 102;

/// A register employer as the demo feed needs it.
#[derive(Debug, Clone)]
pub struct DemoEmployer {
    pub orgnr: String,
    pub name: String,
    pub municipality: Option<String>,
    /// STYRK-08 codes of jobs at the employer, if any.
    pub styrk: Vec<String>,
}

/// `count` feed entries, ad `i` from employer `i mod n`, published in the 40 days up to
/// `as_of` (about one in ten on `as_of` or the day before); `codes` is every STYRK-08 code in use.
pub fn feed(seed: u64, as_of: NaiveDate, employers: &[DemoEmployer], codes: &[String], count: usize) -> Vec<String> {
    let postal = first_postal_codes();
    let mut out = Vec::with_capacity(count);
    if employers.is_empty() || codes.is_empty() {
        return out;
    }
    for i in 0..count {
        let mut rng = Rng::derive(seed, STREAM_ADS, i as u64);
        let e = &employers[i % employers.len()];
        let code = if !e.styrk.is_empty() && rng.chance(0.7) { rng.pick(&e.styrk) } else { rng.pick(codes) };
        let Some(occupation) = code.and_then(|c| StyrkCode::parse(c)).and_then(|c| c.occupation()) else { continue };
        let uuid = format!(
            "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
            rng.next_u64() as u32,
            rng.below(0x10000),
            rng.below(0x1000),
            rng.below(0x1000),
            rng.next_u64() & 0xffff_ffff_ffff
        );
        let age = if rng.chance(0.1) { rng.range(0, 1) } else { rng.range(2, 40) };
        let published = as_of - Duration::days(age);
        let expires = published + Duration::days(rng.range(30, 60));
        let status = ["ACTIVE", "INACTIVE", "STOPPED"][rng.weighted(&[90, 6, 4])];
        let extent = ["Heltid", "Deltid", "Heltid_og_Deltid"][rng.weighted(&[50, 35, 15])];
        let licence = if rng.chance(0.2) { " Førerkort klasse B er et krav." } else { "" };
        let municipality = e.municipality.clone().unwrap_or_else(|| "0301".to_owned());
        let line = json!({
            "uuid": uuid,
            "status": status,
            "sistEndret": format!("{published}T08:00:00Z"),
            "json": {
                "uuid": uuid,
                "title": format!("{} hos {}", occupation.name, e.name),
                "published": format!("{published}T08:00:00Z"),
                "expires": format!("{expires}T00:00:00Z"),
                "workLocations": [{
                    "postalCode": postal.get(municipality.as_str()).copied().unwrap_or(""),
                    "municipal": municipality_name(&municipality).unwrap_or(""),
                    "country": "NORGE"
                }],
                "contactList": [{"name": "Kontaktperson", "email": "post@example.no", "phone": "00000000"}],
                "categoryList": [{"categoryType": "STYRK08NAV", "code": format!("{}.01", occupation.code), "name": occupation.name}],
                "occupationCategories": [{"level1": occupation.category, "level2": occupation.subcategory}],
                "employer": {"name": e.name, "orgnr": e.orgnr},
                "extent": extent,
                "description": format!("Vi søker {} til {}.{licence}", occupation.name.to_lowercase(), e.name),
                "applicationUrl": format!("https://example.no/stilling/{uuid}")
            }
        });
        out.push(line.to_string());
    }
    out
}

/// The lowest postal code of every municipality.
fn first_postal_codes() -> HashMap<&'static str, &'static str> {
    let mut map = HashMap::new();
    for code in PostalCode::all_codes() {
        if let Some(p) = PostalCode::parse(code) {
            map.entry(p.place().municipality).or_insert(*code);
        }
    }
    map
}

/// A vocational profile for a participant, one value per [`PROFILE_FIELDS`] entry: the
/// occupations of their own jobs (or one from `codes`), their home municipality, and hours,
/// licence and an industry to avoid drawn at random.
pub fn profile(seed: u64, index: u64, own: &[String], codes: &[String], home: Option<&str>) -> Vec<String> {
    let mut rng = Rng::derive(seed, STREAM_PROFILE, index);
    let mut wanted: Vec<String> = own.iter().rev().take(2).cloned().collect();
    if wanted.is_empty() || rng.chance(0.3) {
        wanted.extend(rng.pick(codes).cloned());
    }
    wanted.dedup();
    let geography = home.and_then(municipality_name).map(|n| format!("{} og omegn", title_case(n))).unwrap_or_default();
    let hours = ["Heltid", "Deltid, ca. 50 %", "Deltid", ""][rng.weighted(&[35, 30, 20, 15])];
    let licence = ["Klasse B", "Nei", ""][rng.weighted(&[45, 40, 15])];
    let industries = if rng.chance(0.2) { "ikke renhold" } else { "" };
    PROFILE_FIELDS
        .iter()
        .map(|f| match f.name {
            "wanted_styrk" => wanted.join(", "),
            "industries" => industries.to_owned(),
            "hours" => hours.to_owned(),
            "geography" => geography.clone(),
            "driving_licence" => licence.to_owned(),
            _ => String::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_feed_is_deterministic_and_reads_cleanly() {
        let employers = vec![DemoEmployer {
            orgnr: jobbvei_domain::Orgnr::from_eight("92345678").map(|o| o.as_str().to_owned()).unwrap_or_default(),
            name: "Kafé Hamar AS".into(),
            municipality: Some("3403".into()),
            styrk: vec!["5131".into()],
        }];
        let codes = vec!["5120".to_owned(), "5131".to_owned()];
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
        let a = feed(1, day, &employers, &codes, 50);
        assert_eq!(a, feed(1, day, &employers, &codes, 50));
        let r = jobbvei_domain::ads::read_lines(&a.join("\n"), 1);
        assert!(r.bad.is_empty(), "{:?}", r.bad);
        assert_eq!(r.ads.len(), 50);
        assert!(r.ads.iter().all(|ad| ad.municipality.as_deref() == Some("3403") && ad.styrk.is_some()));
        let p = profile(1, 0, &["5131".into()], &codes, Some("3403"));
        assert!(p[0].starts_with("5131"));
        assert_eq!(p[5], "Hamar og omegn");
    }
}
