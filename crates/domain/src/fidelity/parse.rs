//! Reads one instrument file (a `serde_json::Value`, walked by hand) and checks it: every
//! field present and of its type, no unknown keys (a misspelt key must not vanish silently),
//! five anchors per item, prefill bands that do not overlap, total bands that tile the
//! scale, SEQF weights that sum to 100. The README in the data folder describes the format.

use serde_json::{Map, Value};

use super::{
    Addition, AnchorSource, Area, Band, Instrument, Item, Measure, Part, Prefill, PrefillTarget, ScoreBand, Scoring,
};

type Obj = Map<String, Value>;

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
    if scale_max < scale_min || scale_max - scale_min != 4 {
        return Err(format!("{file}: the scale must have five levels, not {scale_min}–{scale_max}"));
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
        None | Some(Value::Null) => None,
        Some(v) => Some(prefill(v, ctx)?),
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

/// The rules that span fields.
fn check(ins: &Instrument) -> Result<(), String> {
    if ins.items.is_empty() {
        return Err("no items".into());
    }
    for (i, item) in ins.items.iter().enumerate() {
        let ctx = format!("item {}", item.number);
        if item.number as usize != i + 1 {
            return Err(format!("{ctx}: items must be numbered 1, 2, 3 … in order"));
        }
        if ins.items[..i].iter().any(|o| o.code == item.code) {
            return Err(format!("{ctx}: code {} is used twice", item.code));
        }
        if !ins.parts.iter().any(|p| p.id == item.part) {
            return Err(format!("{ctx}: unknown part {}", item.part));
        }
        match (ins.scoring, item.area) {
            (Scoring::WeightedAreas, Some(a)) if ins.area(a).is_none() => {
                return Err(format!("{ctx}: unknown area {a}"));
            }
            (Scoring::WeightedAreas, None) => return Err(format!("{ctx}: an area is required")),
            (Scoring::Sum, Some(_)) => return Err(format!("{ctx}: only weighted instruments have areas")),
            _ => {}
        }
        if let Some(p) = &item.prefill {
            check_prefill(p, item, ins).map_err(|e| format!("{ctx}: prefill: {e}"))?;
        }
    }
    match ins.scoring {
        Scoring::Sum => check_bands(ins)?,
        Scoring::WeightedAreas => check_areas(ins)?,
    }
    for a in &ins.additions {
        if let Some(c) = a.applies_to.iter().find(|c| ins.item_by_code(c).is_none()) {
            return Err(format!("addition {:?}: unknown item code {c}", a.proposal));
        }
    }
    Ok(())
}

fn check_prefill(p: &Prefill, item: &Item, ins: &Instrument) -> Result<(), String> {
    let allowed = match p.target {
        PrefillTarget::Item => ins.scale_min..=ins.scale_max,
        PrefillTarget::Element(n) if n >= 1 && usize::from(n) <= item.elements.len() => 0..=1,
        PrefillTarget::Element(n) => return Err(format!("element {n} does not exist")),
    };
    for (i, b) in p.bands.iter().enumerate() {
        if !allowed.contains(&b.score) {
            return Err(format!("score {} is outside {allowed:?}", b.score));
        }
        if let Some(o) = p.bands[..i].iter().find(|o| overlaps(o, b)) {
            return Err(format!("the bands for scores {} and {} overlap", o.score, b.score));
        }
        if p.target == PrefillTarget::Item && p.bands[..i].iter().any(|o| o.score == b.score) {
            return Err(format!("score {} has two bands", b.score));
        }
    }
    Ok(())
}

/// Summed instruments: the bands, best first, tile [min_total, max_total] with no gap.
fn check_bands(ins: &Instrument) -> Result<(), String> {
    if !ins.areas.is_empty() {
        return Err("only weighted instruments have areas".into());
    }
    let Some(first) = ins.bands.first() else { return Ok(()) };
    if first.max != ins.max_total() {
        return Err(format!("the top band must end at the maximum total {}", ins.max_total()));
    }
    for pair in ins.bands.windows(2) {
        if pair[0].min > pair[0].max || pair[1].max + 1 != pair[0].min {
            return Err(format!("bands {:?} and {:?} must be contiguous, best first", pair[0].label, pair[1].label));
        }
    }
    match ins.bands.last() {
        Some(last) if last.min == ins.min_total() && last.min <= last.max => Ok(()),
        _ => Err(format!("the lowest band must start at the minimum total {}", ins.min_total())),
    }
}

fn check_areas(ins: &Instrument) -> Result<(), String> {
    if ins.areas.is_empty() || !ins.bands.is_empty() {
        return Err("a weighted instrument has areas and no total bands".into());
    }
    for (i, a) in ins.areas.iter().enumerate() {
        if ins.areas[..i].iter().any(|o| o.number == a.number) {
            return Err(format!("area {} is defined twice", a.number));
        }
        if !ins.parts.iter().any(|p| p.id == a.part) {
            return Err(format!("area {}: unknown part {}", a.number, a.part));
        }
        if a.max_score != a.criteria_total * u32::from(ins.scale_max) {
            return Err(format!("area {}: max_score must be {} × criteria_total", a.number, ins.scale_max));
        }
        let listed = ins.items.iter().filter(|it| it.area == Some(a.number)).count() as u32;
        if listed == 0 || listed > a.criteria_total {
            return Err(format!("area {}: lists {listed} criteria of {}", a.number, a.criteria_total));
        }
    }
    let weights: u32 = ins.areas.iter().map(|a| a.weight).sum();
    if weights != 100 {
        return Err(format!("the area weights sum to {weights}, not 100"));
    }
    Ok(())
}

/// Whether two bands share a value (a band overlapping itself is non-empty).
fn overlaps(a: &ScoreBand, b: &ScoreBand) -> bool {
    let (la, lb, ua, ub) = (a.lower(), b.lower(), a.upper(), b.upper());
    // The tighter lower bound: the higher value, exclusive on a tie.
    let lo = if la.0 > lb.0 || (la.0 == lb.0 && !la.1) { la } else { lb };
    // The tighter upper bound: the lower value, exclusive on a tie.
    let hi = if ua.0 < ub.0 || (ua.0 == ub.0 && !ua.1) { ua } else { ub };
    lo.0 < hi.0 || (lo.0 == hi.0 && lo.1 && hi.1)
}

fn keys(o: &Obj, allowed: &[&str], ctx: &str) -> Result<(), String> {
    match o.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(format!("{ctx}: unknown key {k:?}")),
        None => Ok(()),
    }
}

fn field<'a>(o: &'a Obj, key: &str, ctx: &str) -> Result<&'a Value, String> {
    o.get(key).ok_or_else(|| format!("{ctx}: {key} missing"))
}

fn object<'a>(v: &'a Value, ctx: &str) -> Result<&'a Obj, String> {
    v.as_object().ok_or_else(|| format!("{ctx}: expected an object"))
}

fn array<'a>(o: &'a Obj, key: &str, ctx: &str) -> Result<&'a [Value], String> {
    field(o, key, ctx)?.as_array().map(Vec::as_slice).ok_or_else(|| format!("{ctx}: {key} must be a list"))
}

fn opt_array<'a>(o: &'a Obj, key: &str, ctx: &str) -> Result<&'a [Value], String> {
    if o.contains_key(key) { array(o, key, ctx) } else { Ok(&[]) }
}

/// A required, non-blank string.
fn string(o: &Obj, key: &str, ctx: &str) -> Result<String, String> {
    let s = field(o, key, ctx)?.as_str().ok_or_else(|| format!("{ctx}: {key} must be text"))?;
    if s.trim().is_empty() {
        return Err(format!("{ctx}: {key} is empty"));
    }
    Ok(s.to_owned())
}

/// Absent or null: `None`; otherwise a non-blank string.
fn opt_string(o: &Obj, key: &str, ctx: &str) -> Result<Option<String>, String> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => string(o, key, ctx).map(Some),
    }
}

/// An optional list of non-blank strings.
fn strings(o: &Obj, key: &str, ctx: &str) -> Result<Vec<String>, String> {
    opt_array(o, key, ctx)?
        .iter()
        .map(|v| v.as_str().filter(|s| !s.trim().is_empty()).map(str::to_owned))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| format!("{ctx}: {key} must be a list of non-empty texts"))
}

fn uint(o: &Obj, key: &str, ctx: &str) -> Result<u64, String> {
    field(o, key, ctx)?.as_u64().ok_or_else(|| format!("{ctx}: {key} must be a whole number ≥ 0"))
}

fn small(o: &Obj, key: &str, ctx: &str) -> Result<u8, String> {
    u8::try_from(uint(o, key, ctx)?).map_err(|_| format!("{ctx}: {key} must be at most 255"))
}

fn code<T>(s: &str, parse: fn(&str) -> Option<T>, expected: fn() -> String, ctx: &str) -> Result<T, String> {
    parse(s).ok_or_else(|| format!("{ctx}: {s:?} is not one of {}", expected()))
}
