//! The rules of an instrument file that span fields: items numbered in order, parts and
//! areas that exist, prefill bands that do not overlap, total bands that tile the scale,
//! SEQF weights that sum to 100 and area maxima of 5 × their criteria.

use super::{Instrument, Item, Prefill, PrefillTarget, ScoreBand, Scoring};

/// The rules that span fields.
pub(super) fn check(ins: &Instrument) -> Result<(), String> {
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
        for p in &item.prefill {
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
        if pair[0].min > pair[0].max || pair[1].max.checked_add(1) != Some(pair[0].min) {
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
pub(super) fn overlaps(a: &ScoreBand, b: &ScoreBand) -> bool {
    let (la, lb, ua, ub) = (a.lower(), b.lower(), a.upper(), b.upper());
    // The tighter lower bound: the higher value, exclusive on a tie.
    let lo = if la.0 > lb.0 || (la.0 == lb.0 && !la.1) { la } else { lb };
    // The tighter upper bound: the lower value, exclusive on a tie.
    let hi = if ua.0 < ub.0 || (ua.0 == ub.0 && !ua.1) { ua } else { ub };
    lo.0 < hi.0 || (lo.0 == hi.0 && lo.1 && hi.1)
}
