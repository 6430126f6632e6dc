//! The Kaplan–Meier estimate of one group, with Greenwood's variance on the log(−log) scale.

use super::Observation;

/// The days the table of numbers at risk is given for.
pub const AT_RISK_DAYS: [u32; 5] = [0, 90, 180, 365, 730];

/// The 97.5 % quantile of the standard normal distribution: the two-sided 95 % interval.
/// The familiar "1.96" to full precision, as R's survival and Python's lifelines use it, so
/// that their figures can be checked against ours digit by digit.
const Z_975: f64 = 1.959_963_984_540_054;

/// How far above 0.5 a product of factors may come out by rounding alone and still count as
/// 0.5: 7/8 · 6/7 · 5/6 · 4/5 is 0.5 exactly but 0.5000000000000001 in floating point, and
/// the median must not move to a later day because of that. No honest S within this slack
/// of 0.5 is above it: that would take a group of billions.
const MEDIAN_SLACK: f64 = 1e-12;

/// One day on which something happens in a group: an event, a censoring or both.
#[derive(Debug, Clone, PartialEq)]
pub struct CurveRow {
    pub day: u32,
    /// Observations with a time on or after this day.
    pub at_risk: usize,
    pub events: usize,
    pub censored: usize,
    /// S(day), after this day's events.
    pub survival: f64,
    /// The 95 % interval; `None` where it is undefined (S is 1 or 0, or the variance is).
    pub lower: Option<f64>,
    pub upper: Option<f64>,
}

/// The estimate for one group. Built only by [`kaplan_meier`], so its counts always agree
/// with its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct KaplanMeier {
    pub n: usize,
    pub events: usize,
    pub censored: usize,
    /// The first day with S ≤ 0.5; `None` when S never falls that far.
    pub median: Option<u32>,
    /// (day, observations at risk) for each of [`AT_RISK_DAYS`].
    pub at_risk: [(u32, usize); 5],
    pub rows: Vec<CurveRow>,
}

/// S on one day with its 95 % interval (`None` where undefined, as in [`CurveRow`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub survival: f64,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
}

impl KaplanMeier {
    /// The step curve read on `day`: the row of the last day on or before it, or S = 1 with
    /// no interval before the first event. `None` after the last day anyone was followed:
    /// the estimate says nothing there.
    pub fn at(&self, day: u32) -> Option<Point> {
        let last = self.rows.last()?;
        if day > last.day {
            return None;
        }
        Some(self.rows.iter().rev().find(|r| r.day <= day).map_or(
            Point { survival: 1.0, lower: None, upper: None },
            |r| Point { survival: r.survival, lower: r.lower, upper: r.upper },
        ))
    }
}

/// Estimates S(t) = Π(1 − d/n) over the event days of `observations`, in any order.
///
/// A censoring on an event day counts among those at risk for that day's events: events
/// come first on a tie, as the estimator's convention has it.
pub fn kaplan_meier(observations: &[Observation]) -> KaplanMeier {
    let mut sorted: Vec<Observation> = observations.to_vec();
    sorted.sort_by_key(|o| o.days);
    let n = sorted.len();
    let mut rows = Vec::new();
    let (mut survival, mut greenwood) = (1.0_f64, 0.0_f64);
    // Greenwood's sum is undefined from the first day on which everyone at risk has the event.
    let mut variance_defined = true;
    let mut i = 0;
    while i < n {
        let day = sorted[i].days;
        let at_risk = n - i;
        let same_day = sorted[i..].iter().take_while(|o| o.days == day).count();
        let events = sorted[i..i + same_day].iter().filter(|o| o.event).count();
        if events > 0 {
            let (d, r) = (events as f64, at_risk as f64);
            survival *= 1.0 - d / r;
            if events < at_risk {
                greenwood += d / (r * (r - d));
            } else {
                variance_defined = false;
            }
        }
        let (lower, upper) = interval(survival, greenwood, variance_defined);
        rows.push(CurveRow { day, at_risk, events, censored: same_day - events, survival, lower, upper });
        i += same_day;
    }
    let events = sorted.iter().filter(|o| o.event).count();
    KaplanMeier {
        n,
        events,
        censored: n - events,
        median: rows.iter().find(|r| r.survival <= 0.5 + MEDIAN_SLACK).map(|r| r.day),
        at_risk: AT_RISK_DAYS.map(|t| (t, sorted.iter().filter(|o| o.days >= t).count())),
        rows,
    }
}

/// The 95 % interval of S on the log(−log) scale: with v = Σ d/(n(n−d)) (the variance of
/// log S) the standard error of log(−log S) is √v / |log S|, and the bounds are
/// S^exp(±z·se). Unlike a plain interval on S it stays inside (0, 1).
fn interval(survival: f64, greenwood: f64, variance_defined: bool) -> (Option<f64>, Option<f64>) {
    if !variance_defined || survival <= 0.0 || survival >= 1.0 {
        return (None, None);
    }
    let se = greenwood.sqrt() / survival.ln().abs();
    (Some(survival.powf((Z_975 * se).exp())), Some(survival.powf((-Z_975 * se).exp())))
}
