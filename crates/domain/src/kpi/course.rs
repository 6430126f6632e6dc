//! K3 (days to first employer contact) and K4 (caseload): figures of courses.

use chrono::NaiveDate;

use super::grid::Grid;
use super::marks::add_to_first_k1p;
use super::rows::{Give, Item};
use super::{Ctx, Kpi, KpiRow, fte_denominator, median};

/// Each course's first K1p meeting on or after its start and by the report's end: from the
/// stored course facts when loaded, else from the activities by the same rule.
fn first_k1p(ctx: &Ctx) -> Vec<Option<NaiveDate>> {
    let mut first: Vec<Option<NaiveDate>> = match &ctx.data.marks {
        Some(m) => m.first_k1p.clone(),
        None => {
            let mut first = vec![None; ctx.data.courses.len()];
            for a in &ctx.data.activities {
                if let Some(c) = a.course {
                    add_to_first_k1p(&mut first[c], ctx.data.courses[c].start, a);
                }
            }
            first
        }
    };
    // A stored first meeting after the report's end is not measured in it.
    for d in &mut first {
        *d = d.filter(|d| *d <= ctx.spec.to);
    }
    first
}

/// K3: each course that started in a period; measured (numerator 1, `measure` the days) when
/// it has had its first K1p meeting by the report's end.
pub(crate) fn visit_k3(ctx: &Ctx, f: &mut dyn FnMut(Give)) {
    let first = first_k1p(ctx);
    for (i, c) in ctx.data.courses.iter().enumerate() {
        let (Some(g), Some(p)) = (ctx.groups.of_course(c), ctx.period_of(c.start)) else { continue };
        let mut give = Give::new(g, p, Item::Course(i));
        give.data = true;
        give.denominator = 1.0;
        match first[i] {
            Some(d) => {
                give.numerator = 1.0;
                give.measure = Some((d - c.start).num_days() as f64);
            }
            None => give.reason = Some("ikke målt: ingen deltakerspesifikt arbeidsgivermøte (K1p) innen sluttdatoen"),
        }
        f(give);
    }
}

pub(crate) fn k3(ctx: &Ctx, out: &mut Vec<KpiRow>) {
    let mut started: Grid<f64> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    let mut days: Grid<Vec<f64>> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    visit_k3(ctx, &mut |give| {
        *started.at(give.group, give.period) += give.denominator;
        if let Some(d) = give.measure {
            days.at(give.group, give.period).push(d);
        }
    });
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

/// K4: each course of a group that was open at some time in a period: active on the period's
/// last day (numerator 1), passive on it (shown apart), or no longer or not yet open then.
pub(crate) fn visit_k4(ctx: &Ctx, f: &mut dyn FnMut(Give)) {
    for (i, c) in ctx.data.courses.iter().enumerate() {
        let Some(g) = ctx.groups.of_course(c) else { continue };
        for (p, period) in ctx.periods.iter().enumerate() {
            if !c.overlaps(period.start, period.end) {
                continue;
            }
            let day = period.end;
            let mut give = Give::new(g, p, Item::Course(i));
            if !c.is_open_on(day) {
                give.reason = Some("ikke åpent på periodens siste dag");
            } else if c.is_passive_on(day) {
                give.data = true;
                give.apart = true;
                give.reason = Some("passivt på periodens siste dag: vises for seg");
            } else {
                give.data = true;
                give.numerator = 1.0;
            }
            f(give);
        }
    }
}

pub(crate) fn k4(ctx: &Ctx, out: &mut Vec<KpiRow>) {
    let mut active: Grid<f64> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    let mut passive: Grid<f64> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    visit_k4(ctx, &mut |give| {
        *active.at(give.group, give.period) += give.numerator;
        if give.apart {
            *passive.at(give.group, give.period) += 1.0;
        }
    });
    for (g, p) in ctx.each_cell() {
        let (a, pa) = (*active.get(g, p), *passive.get(g, p));
        let d = fte_denominator(Kpi::K4, ctx.groups.fte[g], &ctx.periods[p]).unwrap_or_default();
        let mut row = KpiRow::new(Kpi::K4, g, p).ratio(a, d, 1.0, a + pa > 0.0);
        if row.value.is_some() {
            row.passive = Some(pa);
        }
        out.push(row);
    }
}
