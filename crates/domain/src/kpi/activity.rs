//! K1, K1p and K2: figures of the activity log, per job-specialist FTE and week.

use super::grid::Grid;
use super::rows::{Give, Item};
use super::{Ctx, Kpi, KpiRow, fte_denominator};

/// Each activity of a group's member in a period, with what it gives `kpi`. Only job
/// specialists' own work counts, as only their FTE is in the denominator.
pub(crate) fn visit(ctx: &Ctx, kpi: Kpi, f: &mut dyn FnMut(Give)) {
    for (i, a) in ctx.data.activities.iter().enumerate() {
        let (Some(g), Some(p)) = (ctx.groups.of_staff[a.staff], ctx.period_of(a.date)) else { continue };
        let mut give = Give::new(g, p, Item::Activity(i));
        if !ctx.data.staff[a.staff].job_specialist {
            give.reason = Some("ikke gjort av en jobbspesialist");
            f(give);
            continue;
        }
        give.data = true;
        give.reason = match kpi {
            Kpi::K1 => a.k1_exclusion(),
            Kpi::K1p => a.k1p_exclusion(),
            _ => a.k2_exclusion(),
        };
        if give.reason.is_none() {
            give.numerator = if kpi == Kpi::K2 { f64::from(a.k2_minutes()) } else { 1.0 };
        }
        f(give);
    }
}

pub(crate) fn rows(ctx: &Ctx, kpi: Kpi, out: &mut Vec<KpiRow>) {
    // (any data, numerator)
    let mut grid: Grid<(bool, f64)> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    if let Some(days) = &ctx.data.days {
        // The same sums from the stored day facts. Whether a user is a job specialist is
        // read now, from the staff, never frozen into the facts.
        for f in days {
            let (Some(g), Some(p)) = (ctx.groups.of_staff[f.staff], ctx.period_of(f.date)) else { continue };
            if !ctx.data.staff[f.staff].job_specialist || f.counts.activities == 0 {
                continue;
            }
            let t = grid.at(g, p);
            t.0 = true;
            t.1 += f.counts.numerator(kpi);
        }
    } else {
        visit(ctx, kpi, &mut |give| {
            let t = grid.at(give.group, give.period);
            t.0 |= give.data;
            t.1 += give.numerator;
        });
    }
    for (g, p) in ctx.each_cell() {
        let (any, n) = *grid.get(g, p);
        let d = fte_denominator(kpi, ctx.groups.fte[g], &ctx.periods[p]).unwrap_or_default();
        let scale = if kpi == Kpi::K2 { 100.0 } else { 1.0 };
        out.push(KpiRow::new(kpi, g, p).ratio(n, d, scale, any));
    }
}
