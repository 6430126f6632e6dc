//! Reads one instrument file (a `serde_json::Value`, walked by hand): every field present
//! and of its type, no unknown keys (a misspelt key must not vanish silently), five anchors
//! per item. `check` then applies the rules that span fields. The README in the data folder
//! describes the format.

use serde_json::Value;

use super::check::{check, overlaps};
use super::json::{array, code, field, keys, object, opt_array, opt_string, small, string, strings, uint};
use super::{
    Addition, AnchorSource, Area, Band, Instrument, Item, Measure, Part, Prefill, PrefillTarget, ScoreBand, Scoring,
};

const TOP_KEYS: &[&str] = &[
    "id",
    "version",
    "revised",
    "name",
    "publisher",
    "source",
    "scoring",
    "scale",
    "scale_text",
    "progressive",
    "default_anchors",
    "default_anchor_source",
    "parts",
    "areas",
    "items",
    "bands",
    "bands_source",
    "additions",
    "additions_target_group",
    "notes",
];
const ITEM_KEYS: &[&str] = &[
    "number",
    "code",
    "part",
    "area",
    "title",
    "title_en",
    "criterion",
    "elements",
    "anchors",
    "anchor_source",
    "note",
    "source",
    "prefill",
];
const AREA_KEYS: &[&str] =
    &["number", "part", "title", "description", "max_score", "weight", "criteria_total", "usable_alone", "source"];
const ADDITION_KEYS: &[&str] = &["proposal", "applies_to", "kind", "text", "elements", "note", "source"];

/// Parses and checks one file; errors name the file and the item.
pub(super) fn instrument(file: &str, text: &str) -> Result<Instrument, String> {
    let root: Value = serde_json::from_str(text).map_err(|e| format!("{file}: not valid JSON: {e}"))?;
    let o = object(&root, file)?;
    keys(o, TOP_KEYS, file)?;
    let scale = object(field(o, "scale", file)?, &format!("{file}: scale"))?;
    keys(scale, &["min", "max"], file)?;
    let (scale_min, scale_max) = (small(scale, "min", file)?, small(scale, "max", file)?);
    if (scale_min, scale_max) != (1, 5) {
        return Err(format!("{file}: the scale must be 1–5, not {scale_min}–{scale_max}"));
    }
    let default_anchors = match o.get("default_anchors") {
        Some(v) => Some(anchors(v, scale_min, &format!("{file}: default_anchors"))?),
        None => None,
    };
    let default_source = match opt_string(o, "default_anchor_source", file)? {
        Some(s) => Some(code(&s, AnchorSource::parse, AnchorSource::expected, file)?),
        None => None,
    };
    let mut scale_text = Vec::new();
    if let Some(v) = o.get("scale_text") {
        for (k, t) in object(v, file)? {
            let level: u8 = k.parse().map_err(|_| format!("{file}: scale_text key {k:?} is not a level"))?;
            let t = t.as_str().filter(|t| !t.trim().is_empty());
            scale_text.push((level, t.ok_or_else(|| format!("{file}: scale_text {k} must be text"))?.to_owned()));
        }
    }
    let items = array(o, "items", file)?
        .iter()
        .enumerate()
        .map(|(i, v)| item(v, scale_min, default_anchors.as_ref(), default_source, &format!("{file}: items[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    let instrument = Instrument {
        id: string(o, "id", file)?,
        version: string(o, "version", file)?,
        revised: opt_string(o, "revised", file)?,
        name: string(o, "name", file)?,
        publisher: opt_string(o, "publisher", file)?,
        source: string(o, "source", file)?,
        scoring: code(&string(o, "scoring", file)?, Scoring::parse, Scoring::expected, file)?,
        scale_min,
        scale_max,
        scale_text,
        progressive: match o.get("progressive") {
            None => false,
            Some(v) => v.as_bool().ok_or_else(|| format!("{file}: progressive must be a boolean"))?,
        },
        parts: array(o, "parts", file)?.iter().map(|v| part(v, file)).collect::<Result<_, _>>()?,
        items,
        bands: opt_array(o, "bands", file)?.iter().map(|v| band(v, file)).collect::<Result<_, _>>()?,
        bands_source: opt_string(o, "bands_source", file)?,
        areas: opt_array(o, "areas", file)?.iter().map(|v| area(v, file)).collect::<Result<_, _>>()?,
        additions: opt_array(o, "additions", file)?.iter().map(|v| addition(v, file)).collect::<Result<_, _>>()?,
        additions_target_group: opt_string(o, "additions_target_group", file)?,
        notes: strings(o, "notes", file)?,
    };
    check(&instrument).map_err(|e| format!("{file}: {e}"))?;
    Ok(instrument)
}

fn item(
    v: &Value,
    scale_min: u8,
    default_anchors: Option<&[String; 5]>,
    default_source: Option<AnchorSource>,
    ctx: &str,
) -> Result<Item, String> {
    let o = object(v, ctx)?;
    keys(o, ITEM_KEYS, ctx)?;
    let number = uint(o, "number", ctx)?;
    let number = u32::try_from(number).map_err(|_| format!("{ctx}: number too large"))?;
    let ctx = &format!("{ctx} (item {number})");
    let anchors = match (o.get("anchors"), default_anchors) {
        (Some(v), _) => anchors(v, scale_min, ctx)?,
        (None, Some(d)) => d.clone(),
        (None, None) => return Err(format!("{ctx}: anchors missing and the instrument has no default_anchors")),
    };
    let anchor_source = match (opt_string(o, "anchor_source", ctx)?, default_source) {
        (Some(s), _) => code(&s, AnchorSource::parse, AnchorSource::expected, ctx)?,
        (None, Some(d)) => d,
        (None, None) => return Err(format!("{ctx}: anchor_source missing")),
    };
    let area = match o.get("area") {
        Some(_) => Some(small(o, "area", ctx)?),
        None => None,
    };
    let prefill = match o.get("prefill") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) => list.iter().map(|v| prefill(v, ctx)).collect::<Result<_, _>>()?,
        Some(v) => vec![prefill(v, ctx)?],
    };
    Ok(Item {
        number,
        code: opt_string(o, "code", ctx)?.unwrap_or_else(|| number.to_string()),
        part: string(o, "part", ctx)?,
        area,
        title: string(o, "title", ctx)?,
        title_en: opt_string(o, "title_en", ctx)?,
        criterion: string(o, "criterion", ctx)?,
        elements: strings(o, "elements", ctx)?,
        anchors,
        anchor_source,
        note: opt_string(o, "note", ctx)?,
        source: string(o, "source", ctx)?,
        prefill,
    })
}

/// `{"1": "...", ..., "5": "..."}`, keyed by the scale's levels.
fn anchors(v: &Value, scale_min: u8, ctx: &str) -> Result<[String; 5], String> {
    let o = object(v, ctx)?;
    if o.len() != 5 {
        return Err(format!("{ctx}: anchors must have exactly five levels, not {}", o.len()));
    }
    let mut out: [String; 5] = Default::default();
    for (i, slot) in out.iter_mut().enumerate() {
        let level = (usize::from(scale_min) + i).to_string();
        *slot = string(o, &level, &format!("{ctx}: anchors"))?;
    }
    Ok(out)
}

fn prefill(v: &Value, ctx: &str) -> Result<Prefill, String> {
    let ctx = &format!("{ctx}: prefill");
    let o = object(v, ctx)?;
    keys(o, &["measure", "target", "note", "bands"], ctx)?;
    let target = match field(o, "target", ctx)? {
        Value::String(s) if s == "item" => PrefillTarget::Item,
        Value::Object(t) => {
            keys(t, &["element"], ctx)?;
            PrefillTarget::Element(small(t, "element", ctx)?)
        }
        _ => return Err(format!("{ctx}: target must be \"item\" or {{\"element\": n}}")),
    };
    Ok(Prefill {
        measure: code(&string(o, "measure", ctx)?, Measure::parse, Measure::expected, ctx)?,
        target,
        note: opt_string(o, "note", ctx)?,
        bands: array(o, "bands", ctx)?.iter().map(|b| score_band(b, ctx)).collect::<Result<_, _>>()?,
    })
}

fn score_band(v: &Value, ctx: &str) -> Result<ScoreBand, String> {
    let o = object(v, ctx)?;
    keys(o, &["score", "min", "max", "above", "below"], ctx)?;
    let bound = |key: &str| -> Result<Option<f64>, String> {
        match o.get(key) {
            None => Ok(None),
            Some(v) => v.as_f64().filter(|f| f.is_finite()).map(Some).ok_or(format!("{ctx}: {key} must be a number")),
        }
    };
    let band = ScoreBand {
        score: small(o, "score", ctx)?,
        min: bound("min")?,
        max: bound("max")?,
        above: bound("above")?,
        below: bound("below")?,
    };
    if band.min.is_some() && band.above.is_some() || band.max.is_some() && band.below.is_some() {
        return Err(format!("{ctx}: a band has min or above, and max or below, not both"));
    }
    if band.min.is_none() && band.above.is_none() && band.max.is_none() && band.below.is_none() {
        return Err(format!("{ctx}: a band needs at least one bound"));
    }
    if !overlaps(&band, &band) {
        return Err(format!("{ctx}: band for score {} is empty", band.score));
    }
    Ok(band)
}

fn part(v: &Value, ctx: &str) -> Result<Part, String> {
    let o = object(v, ctx)?;
    keys(o, &["id", "name"], ctx)?;
    Ok(Part { id: string(o, "id", ctx)?, name: string(o, "name", ctx)? })
}

fn band(v: &Value, ctx: &str) -> Result<Band, String> {
    let o = object(v, ctx)?;
    keys(o, &["min", "max", "label", "text"], ctx)?;
    let (min, max) = (uint(o, "min", ctx)?, uint(o, "max", ctx)?);
    let min = u32::try_from(min).map_err(|_| format!("{ctx}: band min too large"))?;
    let max = u32::try_from(max).map_err(|_| format!("{ctx}: band max too large"))?;
    Ok(Band { min, max, label: string(o, "label", ctx)?, text: string(o, "text", ctx)? })
}

fn area(v: &Value, ctx: &str) -> Result<Area, String> {
    let o = object(v, ctx)?;
    keys(o, AREA_KEYS, ctx)?;
    let number = small(o, "number", ctx)?;
    let ctx = &format!("{ctx}: area {number}");
    let u = |key: &str| uint(o, key, ctx).and_then(|n| u32::try_from(n).map_err(|_| format!("{ctx}: {key} too large")));
    Ok(Area {
        number,
        part: string(o, "part", ctx)?,
        title: string(o, "title", ctx)?,
        description: string(o, "description", ctx)?,
        max_score: u("max_score")?,
        weight: u("weight")?,
        criteria_total: u("criteria_total")?,
        usable_alone: field(o, "usable_alone", ctx)?
            .as_bool()
            .ok_or(format!("{ctx}: usable_alone must be a boolean"))?,
        source: string(o, "source", ctx)?,
    })
}

fn addition(v: &Value, ctx: &str) -> Result<Addition, String> {
    let o = object(v, ctx)?;
    keys(o, ADDITION_KEYS, ctx)?;
    let proposal = match field(o, "proposal", ctx)? {
        Value::Null => None,
        _ => Some(small(o, "proposal", ctx)?),
    };
    Ok(Addition {
        proposal,
        applies_to: strings(o, "applies_to", ctx)?,
        kind: string(o, "kind", ctx)?,
        text: string(o, "text", ctx)?,
        elements: strings(o, "elements", ctx)?,
        note: opt_string(o, "note", ctx)?,
        source: string(o, "source", ctx)?,
    })
}
