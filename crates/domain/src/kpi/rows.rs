//! The rows behind a figure (DOMAIN.md §5: "every figure drills down to the rows that make
//! it"). Each rule walks its records once through a `visit_*` function that says what each
//! record gives a cell; [`compute`](super::compute) adds those gifts up and [`drill`] lists
//! them, so a figure and its rows cannot follow two versions of a rule.

use chrono::NaiveDate;

use super::work::{DIMENSIONS, RETENTION_MARKS};
use super::{Ctx, Grouping, Kpi, KpiData, KpiRow, KpiSpec, activity, course, fte_denominator, period, work};

/// The record a row is about, as a position in its list in [`KpiData`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Activity(usize),
    Course(usize),
    Job(usize),
    /// A job specialist whose FTE is in the denominator.
    Staff(usize),
}

/// What one record gives one cell (group, period) of a figure.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Give {
    pub group: usize,
    pub period: usize,
    pub item: Item,
    /// K7's mark or K9's dimension, as a position in [`RETENTION_MARKS`] or [`DIMENSIONS`].
    pub variant: usize,
    pub numerator: f64,
    pub denominator: f64,
    /// The record makes the cell one with data (a value, even if zero).
    pub data: bool,
    /// K3: days to the first meeting; K8: months with follow-up.
    pub measure: Option<f64>,
    /// K4: passive on the day; K5a: with a wage subsidy. Shown apart.
    pub apart: bool,
    /// Why a record that was looked at does not count, or counts only apart.
    pub reason: Option<&'static str>,
}

impl Give {
    pub fn new(group: usize, period: usize, item: Item) -> Give {
        Give {
            group,
            period,
            item,
            variant: 0,
            numerator: 0.0,
            denominator: 0.0,
            data: false,
            measure: None,
            apart: false,
            reason: None,
        }
    }
}

/// One row behind a figure.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    pub item: Item,
    /// The day that places the record in the period: the activity's day, the course's or the
    /// job's start. `None` for a job specialist's FTE.
    pub date: Option<NaiveDate>,
    /// K7: the mark in months this row is measured at.
    pub at_months: Option<u8>,
    /// K9: `styrk` or `employer`.
    pub dimension: Option<&'static str>,
    /// What the row adds to the figure's numerator (a count, K2's minutes, K8's months).
    pub numerator: f64,
    /// What the row adds to the figure's denominator (a count, or FTE × weeks).
    pub denominator: f64,
    /// K3: days to the first meeting; K8: months with follow-up.
    pub measure: Option<f64>,
    /// K4: passive on the day; K5a: with a wage subsidy.
    pub apart: bool,
    /// Why the row does not count, in the words shown on the page.
    pub reason: Option<&'static str>,
}

impl FigureRow {
    /// The row adds to the numerator or the denominator.
    pub fn counts(&self) -> bool {
        self.numerator != 0.0 || self.denominator != 0.0
    }
}

/// One figure's cell and the rows that make it.
#[derive(Debug, Clone)]
pub struct Drill {
    /// The cell's figures as [`compute`](super::compute) gives them: one, or for K7 one per
    /// mark and for K9 one per dimension.
    pub figures: Vec<KpiRow>,
    /// Records by date, then the job specialists whose FTE makes a denominator.
    pub rows: Vec<FigureRow>,
}

/// What each record gives `kpi`, through the same walk the figure is computed with.
pub(crate) fn visit(ctx: &Ctx, kpi: Kpi, f: &mut dyn FnMut(Give)) {
    match kpi {
        Kpi::K1 | Kpi::K1p | Kpi::K2 => activity::visit(ctx, kpi, f),
        Kpi::K3 => course::visit_k3(ctx, f),
        Kpi::K4 => course::visit_k4(ctx, f),
        Kpi::K5a => work::visit_k5a(ctx, f),
        Kpi::K5b => work::visit_k5b(ctx, f),
        Kpi::K6 => work::visit_k6(ctx, f),
        Kpi::K7 => work::visit_k7(ctx, f),
        Kpi::K8 => work::visit_k8(ctx, f),
        Kpi::K9 => work::visit_k9(ctx, f),
    }
}

/// The rows behind `kpi` for the group with id `group` (of `spec.by`) in the period labelled
/// `period` (of `spec.period` over `spec.from..=spec.to`). `None` when there is no such group
/// or period. `spec.kpis` is ignored.
pub fn drill(data: &KpiData, spec: &KpiSpec, kpi: Kpi, group: &str, period: &str) -> Option<Drill> {
    let periods = period::periods(spec.period, spec.from, spec.to);
    let groups = Grouping::new(data, spec.by);
    let g = groups.ids.iter().position(|id| id == group)?;
    let p = periods.iter().position(|x| x.label == period)?;
    let ctx = Ctx { data, spec, periods: &periods, groups: &groups };
    let mut rows = Vec::new();
    visit(&ctx, kpi, &mut |give| {
        if give.group == g && give.period == p {
            rows.push(row(data, kpi, &give));
        }
    });
    rows.sort_by_key(|r| r.date);
    if fte_denominator(kpi, 0.0, &periods[p]).is_some() {
        for (s, staff) in data.staff.iter().enumerate() {
            if groups.of_staff[s] != Some(g) || !Grouping::in_fte(staff) {
                continue;
            }
            let give = Give {
                denominator: fte_denominator(kpi, staff.fte, &periods[p]).unwrap_or_default(),
                ..Give::new(g, p, Item::Staff(s))
            };
            rows.push(row(data, kpi, &give));
        }
    }
    let report = super::compute(data, &KpiSpec { kpis: vec![kpi], ..spec.clone() });
    let figures = report.rows.into_iter().filter(|r| r.group == g && r.period == p).collect();
    Some(Drill { figures, rows })
}

fn row(data: &KpiData, kpi: Kpi, give: &Give) -> FigureRow {
    let date = match give.item {
        Item::Activity(i) => Some(data.activities[i].date),
        Item::Course(i) => Some(data.courses[i].start),
        Item::Job(i) => Some(data.jobs[i].start),
        Item::Staff(_) => None,
    };
    FigureRow {
        item: give.item,
        date,
        at_months: (kpi == Kpi::K7).then(|| RETENTION_MARKS[give.variant]),
        dimension: (kpi == Kpi::K9).then(|| DIMENSIONS[give.variant]),
        numerator: give.numerator,
        denominator: give.denominator,
        measure: give.measure,
        apart: give.apart,
        reason: give.reason,
    }
}
