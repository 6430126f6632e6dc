//! K1, K1p and K2: figures of the activity log, per job-specialist FTE and week.

use super::grid::Grid;
use super::{Ctx, Kpi, KpiRow};

/// Minutes in a full-time week: 37.5 hours.
const FULL_WEEK_MINUTES: f64 = 37.5 * 60.0;

#[derive(Clone, Default)]
struct Tally {
    any: bool,
    k1: f64,
    k1p: f64,
    k2_minutes: f64,
}

pub(crate) fn rows(ctx: &Ctx, kpi: Kpi, out: &mut Vec<KpiRow>) {
    let mut grid: Grid<Tally> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    for a in &ctx.data.activities {
        // Only job specialists' own work counts, as only their FTE is in the denominator.
        if !ctx.data.staff[a.staff].job_specialist {
            continue;
        }
        let (Some(g), Some(p)) = (ctx.groups.of_staff[a.staff], ctx.period_of(a.date)) else { continue };
        let t = grid.at(g, p);
        t.any = true;
        if a.is_k1() {
            t.k1 += 1.0;
            if a.course.is_some() {
                t.k1p += 1.0;
            }
        }
        t.k2_minutes += f64::from(a.k2_minutes());
    }
    for (g, p) in ctx.each_cell() {
        let t = grid.get(g, p);
        let fte_weeks = ctx.groups.fte[g] * ctx.periods[p].weeks();
        let row = KpiRow::new(kpi, g, p);
        out.push(match kpi {
            Kpi::K1 => row.ratio(t.k1, fte_weeks, 1.0, t.any),
            Kpi::K1p => row.ratio(t.k1p, fte_weeks, 1.0, t.any),
            _ => row.ratio(t.k2_minutes, FULL_WEEK_MINUTES * fte_weeks, 100.0, t.any),
        });
    }
}
