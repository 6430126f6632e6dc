//! Reads the feed's entries, one JSON object per line: the feed entry the feed serves for an
//! item's `url` (`{"uuid", "status", "sistEndret", "json": {ad}}`), or a bare ad in NAV's
//! ad format (`ad_dto.json`: `uuid`, `status`, `updated` at the top). Pure: text in, ads and
//! line errors out.

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use serde_json::Value;

use super::place::locate;
use super::{Ad, AdStatus, Contact, Extent};
use crate::codelist::StyrkCode;
use crate::identity::Orgnr;

/// A line that could not be read: `line N: field: what is wrong`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub field: String,
    pub what: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}: {}", self.line, self.field, self.what)
    }
}

/// What a file of entries held: the latest entry of each ad, in first-seen order, and the
/// lines that could not be read.
#[derive(Debug, Default)]
pub struct Reading {
    pub ads: Vec<Ad>,
    pub bad: Vec<LineError>,
    /// Entries read, counting those a later entry of the same ad replaced.
    pub entries: usize,
}

/// Reads every non-blank line of `text`, numbering lines from `first_line`.
pub fn read_lines(text: &str, first_line: usize) -> Reading {
    let mut reading = Reading::default();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match parse_entry(line, first_line + i) {
            Ok(ad) => {
                reading.entries += 1;
                match at.get(&ad.uuid) {
                    // The feed's rule: the latest entry wins, whatever the order of the lines.
                    Some(&k) if reading.ads[k].changed_ms > ad.changed_ms => {}
                    Some(&k) => reading.ads[k] = ad,
                    None => {
                        at.insert(ad.uuid.clone(), reading.ads.len());
                        reading.ads.push(ad);
                    }
                }
            }
            Err(e) => reading.bad.push(e),
        }
    }
    reading
}

/// Reads one entry; `line` is its number for the error.
pub fn parse_entry(text: &str, line: usize) -> Result<Ad, LineError> {
    let err = |field: &str, what: String| LineError { line, field: field.to_owned(), what };
    let top: Value = serde_json::from_str(text).map_err(|e| err("json", format!("not valid JSON ({e})")))?;
    if !top.is_object() {
        return Err(err("json", "not a JSON object".into()));
    }
    // A feed entry wraps the ad in `json`; NAV's ad format is the ad itself.
    let (ad, prefix) = match top.get("json") {
        Some(inner) if inner.is_object() => (inner, "json."),
        Some(_) => return Err(err("json", "not an object".into())),
        None => (&top, ""),
    };
    let uuid = match str_at(&top, "uuid").or_else(|| str_at(ad, "uuid")) {
        None => return Err(err("uuid", "missing".into())),
        Some(u) if !is_uuid(u) => return Err(err("uuid", format!("\"{u}\" is not a UUID"))),
        Some(u) => u.to_ascii_lowercase(),
    };
    let status_text = str_at(&top, "status").or_else(|| str_at(ad, "status"));
    let status = match status_text {
        None => return Err(err("status", "missing".into())),
        Some(s) => AdStatus::from_feed(s)
            .ok_or_else(|| err("status", format!("\"{s}\" is not ACTIVE, INACTIVE or STOPPED")))?,
    };
    let (changed_field, changed) = match str_at(&top, "sistEndret") {
        Some(s) => ("sistEndret", s),
        None => match str_at(ad, "updated") {
            Some(s) => ("updated", s),
            None => return Err(err("sistEndret", "missing".into())),
        },
    };
    let changed_ms = millis(changed).ok_or_else(|| err(changed_field, format!("\"{changed}\" is not a time")))?;
    let employer = ad.get("employer");
    let orgnr = match employer.and_then(|e| str_at(e, "orgnr")).map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(o) => match Orgnr::parse(o) {
            Ok(o) => Some(o.as_str().to_owned()),
            Err(_) => {
                return Err(err(&format!("{prefix}employer.orgnr"), format!("\"{o}\" is not an organisation number")));
            }
        },
    };
    let date = |field: &str| -> Result<Option<NaiveDate>, LineError> {
        match str_at(ad, field).filter(|s| !s.trim().is_empty()) {
            None => Ok(None),
            Some(s) => s
                .get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .map(Some)
                .ok_or_else(|| err(&format!("{prefix}{field}"), format!("\"{s}\" is not a date"))),
        }
    };
    let (published, expires) = (date("published")?, date("expires")?);
    let props = ad.get("properties");
    let prop = |key: &str| str_at(ad, key).or_else(|| props.and_then(|p| str_at(p, key))).unwrap_or("");
    let (styrk, styrk_raw) = occupation(ad);
    let location =
        ad.get("workLocations").or_else(|| ad.get("locationList")).and_then(Value::as_array).and_then(|l| l.first());
    let loc = |key: &str| location.and_then(|l| str_at(l, key)).unwrap_or("");
    let municipality = locate(loc("municipalCode"), loc("postalCode"), loc("municipal"));
    let place_raw =
        [loc("postalCode"), loc("municipal"), loc("city")].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>();
    let title = str_at(ad, "title").unwrap_or("").trim().to_owned();
    let text = [title.as_str(), prop("jobtitle"), prop("description"), prop("adtext")].join(" ").to_lowercase();
    let contacts = ad
        .get("contactList")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .map(|c| Contact {
                    name: str_at(c, "name").unwrap_or("").to_owned(),
                    email: str_at(c, "email").unwrap_or("").to_owned(),
                    phone: str_at(c, "phone").unwrap_or("").to_owned(),
                })
                .collect()
        })
        .unwrap_or_default();
    let ad_out = Ad {
        uuid,
        status,
        changed_ms,
        title,
        employer_name: employer
            .and_then(|e| str_at(e, "name"))
            .or_else(|| str_at(ad, "businessName"))
            .or_else(|| props.and_then(|p| str_at(p, "employer")))
            .unwrap_or("")
            .trim()
            .to_owned(),
        orgnr,
        styrk,
        styrk_raw,
        municipality,
        place_raw: place_raw.join(" "),
        extent: Extent::from_feed(prop("extent")),
        requires_licence: text.contains("førerkort"),
        industry: industry(ad, prop("sector")),
        published,
        expires,
        application_url: str_at(ad, "applicationUrl").or_else(|| str_at(ad, "sourceurl")).unwrap_or("").to_owned(),
        contacts,
    };
    Ok(ad_out.hide_contacts_unless_active())
}

fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// An ISO time with or without zone (without: taken as UTC), as milliseconds.
fn millis(s: &str) -> Option<i64> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp_millis());
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").ok().map(|t| t.and_utc().timestamp_millis())
}

/// The ad's STYRK-08 code or group, and what the ad said about its occupation.
fn occupation(ad: &Value) -> (Option<String>, String) {
    let categories = ad.get("categoryList").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    let mut raw = Vec::new();
    for c in categories {
        let kind = str_at(c, "categoryType").unwrap_or("");
        let code = str_at(c, "code").unwrap_or("");
        if kind.starts_with("STYRK08") {
            raw.push(code.to_owned());
            if let Some(s) = code.get(..4).and_then(StyrkCode::parse) {
                return (Some(s.as_str().to_owned()), code.to_owned());
            }
        }
    }
    let ontology = ad.get("properties").and_then(|p| str_at(p, "ontologyJobtitle"));
    if let Some(s) = ontology
        .and_then(|o| serde_json::from_str::<Value>(o).ok())
        .and_then(|o| str_at(&o, "styrk08").and_then(StyrkCode::parse).map(|c| c.as_str().to_owned()))
    {
        return (Some(s.clone()), s);
    }
    let groups = ad.get("occupationCategories").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    for g in groups {
        let (l1, l2) = (str_at(g, "level1").unwrap_or("").trim(), str_at(g, "level2").unwrap_or("").trim());
        raw.push(format!("{l1}/{l2}"));
        if let Some(group) = category_group(l1, l2) {
            return (Some(group), raw.join(", "));
        }
    }
    (None, raw.join(", "))
}

/// The longest STYRK-08 group (2–4 digits) that more than half of the codes of NAV's
/// category share (`Restaurant`: 1412, 5131, 5132 → `513`); `None` when no group does.
fn category_group(level1: &str, level2: &str) -> Option<String> {
    let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
    let codes: Vec<&str> = StyrkCode::all()
        .iter()
        .filter(|o| same(o.subcategory, level2) && (level1.is_empty() || same(o.category, level1)))
        .map(|o| o.code)
        .collect();
    (2..=4).rev().find_map(|len| {
        let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for c in &codes {
            *counts.entry(&c[..len]).or_default() += 1;
        }
        let (group, n) = counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))?;
        (n * 2 > codes.len()).then(|| group.to_owned())
    })
}

fn industry(ad: &Value, sector: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for g in ad.get("occupationCategories").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]) {
        parts.extend(["level1", "level2"].iter().filter_map(|k| str_at(g, k)).map(str::to_owned));
    }
    for c in ad.get("categoryList").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]) {
        if let Some(o) =
            str_at(c, "code").and_then(|c| c.get(..4)).and_then(StyrkCode::parse).and_then(|c| c.occupation())
        {
            parts.extend([o.category.to_owned(), o.subcategory.to_owned(), o.name.to_owned()]);
        }
        parts.extend(str_at(c, "name").map(str::to_owned));
    }
    parts.push(sector.to_owned());
    parts.retain(|p| !p.trim().is_empty());
    parts.join("; ").to_lowercase()
}

#[cfg(test)]
#[path = "feed_tests.rs"]
mod tests;
