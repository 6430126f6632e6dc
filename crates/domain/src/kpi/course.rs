//! K3 (days to first employer contact) and K4 (caseload): figures of courses.

use chrono::NaiveDate;

use super::grid::Grid;
use super::{Ctx, Kpi, KpiRow, median};

/// Each course's first K1p meeting on or after its start and by the report's end.
fn first_k1p(ctx: &Ctx) -> Vec<Option<NaiveDate>> {
    let mut first: Vec<Option<NaiveDate>> = vec![None; ctx.data.courses.len()];
    for a in &ctx.data.activities {
        let Some(c) = a.course else { continue };
        if !a.is_k1p() || a.date < ctx.data.courses[c].start || a.date > ctx.spec.to {
            continue;
        }
        if first[c].is_none_or(|d| a.date < d) {
            first[c] = Some(a.date);
        }
    }
    first
}

pub(crate) fn k3(ctx: &Ctx, out: &mut Vec<KpiRow>) {
    let first = first_k1p(ctx);
    let mut started: Grid<f64> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    let mut days: Grid<Vec<f64>> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    for (i, c) in ctx.data.courses.iter().enumerate() {
        let (Some(g), Some(p)) = (ctx.groups.of_course(c), ctx.period_of(c.start)) else { continue };
        *started.at(g, p) += 1.0;
        if let Some(d) = first[i] {
            days.at(g, p).push((d - c.start).num_days() as f64);
        }
    }
    for (g, p) in ctx.each_cell() {
        let mut row = KpiRow::new(Kpi::K3, g, p);
        let n = *started.get(g, p);
        if n > 0.0 {
            let mut measured = days.get(g, p).clone();
            row.numerator = Some(measured.len() as f64);
            row.denominator = Some(n);
            row.value = median(&mut measured);
        }
        out.push(row);
    }
}

pub(crate) fn k4(ctx: &Ctx, out: &mut Vec<KpiRow>) {
    let mut active: Grid<f64> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    let mut passive: Grid<f64> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    for c in &ctx.data.courses {
        let Some(g) = ctx.groups.of_course(c) else { continue };
        for (p, period) in ctx.periods.iter().enumerate() {
            let day = period.end;
            if !c.is_open_on(day) {
                continue;
            }
            if c.is_passive_on(day) {
                *passive.at(g, p) += 1.0;
            } else {
                *active.at(g, p) += 1.0;
            }
        }
    }
    for (g, p) in ctx.each_cell() {
        let (a, pa) = (*active.get(g, p), *passive.get(g, p));
        let mut row = KpiRow::new(Kpi::K4, g, p).ratio(a, ctx.groups.fte[g], 1.0, a + pa > 0.0);
        if row.value.is_some() {
            row.passive = Some(pa);
        }
        out.push(row);
    }
}
