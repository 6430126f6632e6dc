//! What the review pages show of an instrument's items: criterion, anchors, the routine figure
//! behind a pre-scored item, everyone's scores, and the computed total and band.

use std::collections::HashMap;

use jobbvei_domain::fidelity::prefill::{PrefilledItem, prefill};
use jobbvei_domain::fidelity::{Instrument, Measure, PrefillTarget, Scoring};
use jobbvei_store::{KpiScope, Review, ReviewScore};

use crate::AppState;
use crate::dashboard::nb;

/// The figure a pre-scored item comes with.
pub(crate) struct FigureView {
    pub measure: &'static str,
    pub value: String,
    pub suggestion: String,
    pub rows: u64,
    /// The key figure on `/tall` that holds the rows (`K3`).
    pub kpi: &'static str,
    pub note: String,
}

/// One score row as shown: who, score, evidence, recommendation.
pub(crate) struct ScoreView {
    pub who: String,
    pub score: String,
    pub evidence: String,
    pub recommendation: String,
}

pub(crate) struct ItemView {
    pub number: u32,
    pub code: String,
    /// The part's name on the first item of each part, else empty.
    pub part_start: String,
    pub title: String,
    pub criterion: String,
    pub elements: Vec<String>,
    pub anchors: Vec<(usize, String)>,
    pub figures: Vec<FigureView>,
    /// Each reviewer's scores, by reviewer name.
    pub scores: Vec<ScoreView>,
    pub consensus: Option<ScoreView>,
    /// What the form shows: the posted values after an error, else the stored ones.
    pub form_score: String,
    pub form_evidence: String,
    pub form_recommendation: String,
    pub err_score: String,
    pub err_evidence: String,
    pub err_recommendation: String,
}

impl ItemView {
    /// `selected` on the score option the form holds.
    pub fn sel(&self, level: &str) -> &'static str {
        if self.form_score == level { "selected" } else { "" }
    }
}

/// The consensus total and its band.
pub(crate) struct Totals {
    pub scored: usize,
    pub items: usize,
    pub sum: u32,
    pub max: u32,
    /// Set when every item has a consensus score.
    pub total: Option<u32>,
    pub band: String,
    pub band_text: String,
    /// SEQF's weighted percent, over the areas whose criteria all have a consensus score.
    pub weighted: String,
}

fn measure_label(m: Measure) -> (&'static str, &'static str) {
    match m {
        Measure::K3MedianDays => ("Median dager til første deltakerrettede arbeidsgiverkontakt (K3)", "K3"),
        Measure::K1pPerFteWeek => ("Deltakerrettede arbeidsgivermøter per jobbspesialist per uke (K1p)", "K1p"),
        Measure::K2Percent => ("Tid utenfor kontoret, prosent (K2)", "K2"),
        Measure::K9DistinctStyrkShare => ("Ulike yrker blant jobbene, prosent (K9)", "K9"),
        Measure::K9DistinctEmployerShare => ("Ulike arbeidsgivere blant jobbene, prosent (K9)", "K9"),
        Measure::K8FollowupMonths => ("Jobber fulgt opp alle de første 6 månedene, prosent (K8)", "K8"),
        Measure::CaseloadPerFte => ("Aktive forløp per jobbspesialist-årsverk (K4)", "K4"),
        // SEQF's indicators have no KPI page of rows behind them.
        Measure::WeeksReferralToFirstJob => ("Uker fra henvisning til første lønnede jobb, gjennomsnitt", ""),
        Measure::IntoWorkPercent => ("Avsluttede forløp som gikk til arbeid, prosent", ""),
        Measure::InWorkSixMonthsPercent => ("I lønnet arbeid seks måneder etter start, prosent", ""),
    }
}

/// The routine figures of the review's team and period. Computed when shown, so the figures
/// follow late registrations until the review is closed (and after: see the report's note).
pub(crate) async fn figures(
    state: &AppState,
    r: &Review,
    instrument: &Instrument,
) -> Result<Vec<PrefilledItem>, jobbvei_store::StoreError> {
    let data = state.db.kpi_data(r.from, r.to, &KpiScope::Team(r.team_id.clone())).await?;
    Ok(prefill(instrument, &data, r.from, r.to, &r.team_id))
}

fn figure(instrument: &Instrument, p: &PrefilledItem) -> FigureView {
    let (measure, kpi) = measure_label(p.measure);
    let prefill = instrument.item(p.item).and_then(|i| i.prefill.iter().find(|x| x.measure == p.measure));
    let suggestion = match (p.score, prefill.map(|x| x.target)) {
        (Some(s), _) => format!("foreslått poeng {s}"),
        (None, Some(PrefillTarget::Element(e))) if p.value.is_some() => {
            let met = prefill.and_then(|x| p.value.and_then(|v| x.score(v))) == Some(1);
            format!("avgjør kjennetegn {e}: {}", if met { "oppfylt" } else { "ikke oppfylt" })
        }
        _ => "ingen forslag".into(),
    };
    FigureView {
        measure,
        value: nb(p.value),
        suggestion,
        rows: p.rows,
        kpi,
        note: prefill.and_then(|x| x.note.clone()).unwrap_or_default(),
    }
}

fn shown(s: &ReviewScore, who: String) -> ScoreView {
    ScoreView {
        who,
        score: s.score.map_or_else(|| "–".into(), |n| n.to_string()),
        evidence: s.evidence.clone().unwrap_or_default(),
        recommendation: s.recommendation.clone().unwrap_or_default(),
    }
}

/// A rejected post's fields as typed, and its errors by field name.
pub(crate) type Typed<'a> = (&'a HashMap<String, String>, &'a HashMap<String, String>);

/// The items in order. `form_of` says whose stored scores fill the form (a reviewer's id, or
/// `None` for the consensus); `posted` and `errors` replace them after a rejected post.
pub(crate) fn items(
    instrument: &Instrument,
    r: &Review,
    scores: &[ReviewScore],
    figures: &[PrefilledItem],
    form_of: Option<&str>,
    posted: Option<Typed<'_>>,
) -> Vec<ItemView> {
    // A score stays when its reviewer leaves the review; its author is then not named here.
    let name = |id: &str| {
        r.reviewers.iter().find(|(u, _)| u == id).map_or_else(|| "Tidligere revisor".to_owned(), |(_, n)| n.clone())
    };
    let mut last_part = None;
    instrument
        .items
        .iter()
        .map(|item| {
            let part_start = if last_part != Some(&item.part) {
                last_part = Some(&item.part);
                instrument
                    .parts
                    .iter()
                    .find(|p| p.id == item.part)
                    .map_or_else(|| item.part.clone(), |p| p.name.clone())
            } else {
                String::new()
            };
            let of_item: Vec<&ReviewScore> = scores.iter().filter(|s| s.item == item.number).collect();
            let consensus = of_item.iter().find(|s| s.reviewer.is_none()).map(|s| shown(s, "Konsensus".into()));
            let stored = of_item.iter().find(|s| s.reviewer.as_deref() == form_of).copied();
            let key = |k: &str| format!("{k}_{}", item.number);
            let value = |k: &str, fallback: String| match posted {
                Some((form, _)) => form.get(&key(k)).cloned().unwrap_or_default(),
                None => fallback,
            };
            let posted_error = |k: &str| posted.and_then(|(_, e)| e.get(&key(k)).cloned()).unwrap_or_default();
            // Before anyone agrees, the consensus form starts from the reviewers' common score.
            let default_score = stored.and_then(|s| s.score).or_else(|| {
                if form_of.is_some() {
                    return None;
                }
                let given: Vec<u8> = of_item.iter().filter(|s| s.reviewer.is_some()).filter_map(|s| s.score).collect();
                given.first().copied().filter(|f| given.iter().all(|g| g == f))
            });
            ItemView {
                number: item.number,
                code: item.code.clone(),
                part_start,
                title: item.title.clone(),
                criterion: item.criterion.clone(),
                elements: item.elements.clone(),
                anchors: item.anchors.iter().enumerate().map(|(i, a)| (i + 1, a.clone())).collect(),
                figures: figures.iter().filter(|p| p.item == item.number).map(|p| figure(instrument, p)).collect(),
                scores: of_item.iter().filter_map(|s| s.reviewer.as_deref().map(|who| shown(s, name(who)))).collect(),
                consensus,
                form_score: value("score", default_score.map(|s| s.to_string()).unwrap_or_default()),
                form_evidence: value("evidence", stored.and_then(|s| s.evidence.clone()).unwrap_or_default()),
                form_recommendation: value(
                    "recommendation",
                    stored.and_then(|s| s.recommendation.clone()).unwrap_or_default(),
                ),
                err_score: posted_error("score"),
                err_evidence: posted_error("evidence"),
                err_recommendation: posted_error("recommendation"),
            }
        })
        .collect()
}

/// The total of the consensus scores `(item, score)` and its band. The band needs every item:
/// a partial sum would fall in a band it has not earned.
pub(crate) fn totals(instrument: &Instrument, consensus: &[(u32, u8)]) -> Totals {
    let scored: Vec<(u32, u8)> = consensus.iter().copied().filter(|(n, _)| instrument.item(*n).is_some()).collect();
    let total = instrument.total(&scored);
    let band = total.and_then(|t| instrument.total_band(t));
    let weighted = match instrument.scoring {
        Scoring::WeightedAreas => {
            let areas: Vec<(u8, u32)> = instrument
                .areas
                .iter()
                .filter_map(|a| {
                    let items: Vec<u32> =
                        instrument.items.iter().filter(|i| i.area == Some(a.number)).map(|i| i.number).collect();
                    let got: Vec<u32> =
                        scored.iter().filter(|(n, _)| items.contains(n)).map(|(_, s)| u32::from(*s)).collect();
                    (!items.is_empty() && got.len() == items.len()).then(|| (a.number, got.iter().sum()))
                })
                .collect();
            instrument.weighted_percent(&areas).map(|p| nb(Some(p))).unwrap_or_default()
        }
        Scoring::Sum => String::new(),
    };
    Totals {
        scored: scored.len(),
        items: instrument.items.len(),
        sum: scored.iter().map(|(_, s)| u32::from(*s)).sum(),
        max: instrument.max_total(),
        total,
        band: band.map(|b| b.label.clone()).unwrap_or_default(),
        band_text: band.map(|b| b.text.clone()).unwrap_or_default(),
        weighted,
    }
}

/// The consensus scores among stored score rows.
pub(crate) fn consensus_of(scores: &[ReviewScore]) -> Vec<(u32, u8)> {
    scores.iter().filter(|s| s.reviewer.is_none()).filter_map(|s| s.score.map(|n| (s.item, n))).collect()
}

/// A review's heading facts.
pub(crate) struct Head {
    pub id: String,
    pub team_id: String,
    pub team_name: String,
    pub instrument: String,
    pub source: String,
    pub period: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub reviewers: String,
    /// `fra=…&til=…`: the review's period, for the links to the rows behind its figures.
    pub range: String,
}

pub(crate) fn head(r: &Review, instrument: &Instrument) -> Head {
    Head {
        id: r.id.clone(),
        team_id: r.team_id.clone(),
        team_name: r.team_name.clone(),
        range: format!("fra={}&til={}", r.from, r.to),
        instrument: format!("{} ({})", instrument.name, instrument.version),
        source: instrument.source.clone(),
        period: format!("{}–{}", super::date(r.from), super::date(r.to)),
        kind: super::kind_label(&r.kind),
        status: super::status_label(&r.status),
        reviewers: r.reviewers.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join(", "),
    }
}
