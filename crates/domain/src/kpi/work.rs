//! K5–K9: figures of paid work. Paid work is a job of a working form that is paid
//! ([`JobFact::paid_work`]); jobbsmak and arbeidstrening never count.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::data::{JobFact, KpiData};
use super::grid::Grid;
use super::marks::{FOLLOWUP_MONTHS, months_after};
use super::rows::{Give, Item};
use super::{Ctx, Kpi, KpiRow, fte_denominator};

const NOT_PAID: &str = "ikke lønnet arbeid (jobbsmak, arbeidstrening eller ulønnet)";

/// Each course's first paid job: its start, whether it has a wage subsidy, and its position
/// in [`KpiData::jobs`].
fn first_paid(ctx: &Ctx) -> Vec<Option<(NaiveDate, bool, usize)>> {
    let mut first: Vec<Option<(NaiveDate, bool, usize)>> = vec![None; ctx.data.courses.len()];
    for (i, j) in ctx.data.jobs.iter().enumerate().filter(|(_, j)| j.paid_work) {
        let slot = &mut first[j.course];
        if slot.is_none_or(|(d, _, _)| j.start < d) {
            *slot = Some((j.start, j.subsidised, i));
        }
    }
    first
}

/// Whether each group had any course open at some time in each period.
fn any_open(ctx: &Ctx) -> Grid<bool> {
    let mut open: Grid<bool> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    for c in &ctx.data.courses {
        let Some(g) = ctx.groups.of_course(c) else { continue };
        for (p, period) in ctx.periods.iter().enumerate() {
            if c.overlaps(period.start, period.end) {
                *open.at(g, p) = true;
            }
        }
    }
    open
}

/// K5a: each course's first paid job, counting its participant once per group and period
/// (`apart` when it has a wage subsidy); then the other jobs that started, left out.
pub(crate) fn visit_k5a(ctx: &Ctx, f: &mut dyn FnMut(Give)) {
    let first = first_paid(ctx);
    let mut people: HashSet<(usize, usize, &str)> = HashSet::new();
    for (c, course) in ctx.data.courses.iter().enumerate() {
        let Some((start, with_subsidy, j)) = first[c] else { continue };
        let (Some(g), Some(p)) = (ctx.groups.of_course(course), ctx.period_of(start)) else { continue };
        let mut give = Give::new(g, p, Item::Job(j));
        if people.insert((g, p, course.participant.as_str())) {
            give.numerator = 1.0;
            give.apart = with_subsidy;
        } else {
            give.reason = Some("deltakeren er alt telt i perioden");
        }
        f(give);
    }
    for (j, job) in ctx.data.jobs.iter().enumerate() {
        if first[job.course].is_some_and(|(_, _, first)| first == j) {
            continue;
        }
        let (Some(g), Some(p)) = (ctx.groups.of_course(&ctx.data.courses[job.course]), ctx.period_of(job.start)) else {
            continue;
        };
        let mut give = Give::new(g, p, Item::Job(j));
        give.reason = Some(if job.paid_work { "ikke forløpets første lønnede jobb" } else { NOT_PAID });
        f(give);
    }
}

pub(crate) fn k5a(ctx: &Ctx, out: &mut Vec<KpiRow>) {
    let open = any_open(ctx);
    let mut count: Grid<f64> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    let mut subsidised: Grid<f64> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    visit_k5a(ctx, &mut |give| {
        *count.at(give.group, give.period) += give.numerator;
        if give.apart {
            *subsidised.at(give.group, give.period) += 1.0;
        }
    });
    for (g, p) in ctx.each_cell() {
        let d = fte_denominator(Kpi::K5a, ctx.groups.fte[g], &ctx.periods[p]).unwrap_or_default();
        let mut row = KpiRow::new(Kpi::K5a, g, p).ratio(*count.get(g, p), d, 1.0, *open.get(g, p));
        if row.value.is_some() {
            row.subsidised = Some(*subsidised.get(g, p));
        }
        out.push(row);
    }
}

/// K5b: each course that started in a period; counted when its first paid job started within
/// 365 days and by the report's end.
pub(crate) fn visit_k5b(ctx: &Ctx, f: &mut dyn FnMut(Give)) {
    let first = first_paid(ctx);
    for (c, course) in ctx.data.courses.iter().enumerate() {
        let (Some(g), Some(p)) = (ctx.groups.of_course(course), ctx.period_of(course.start)) else { continue };
        let mut give = Give::new(g, p, Item::Course(c));
        give.denominator = 1.0;
        give.reason = match first[c] {
            None => Some("ingen lønnet jobb i forløpet"),
            Some((job_start, _, _)) if job_start > ctx.spec.to => Some("første lønnede jobb starter etter sluttdatoen"),
            Some((job_start, _, _)) if !(0..=365).contains(&(job_start - course.start).num_days()) => {
                Some("første lønnede jobb startet mer enn 365 dager etter forløpets start")
            }
            Some(_) => None,
        };
        if give.reason.is_none() {
            give.numerator = 1.0;
        }
        f(give);
    }
}

pub(crate) fn k5b(ctx: &Ctx, out: &mut Vec<KpiRow>) {
    let mut tally: Grid<(f64, f64)> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    visit_k5b(ctx, &mut |give| {
        let t = tally.at(give.group, give.period);
        t.0 += give.numerator;
        t.1 += give.denominator;
    });
    for (g, p) in ctx.each_cell() {
        let (within, n) = *tally.get(g, p);
        out.push(KpiRow::new(Kpi::K5b, g, p).ratio(within, n, 100.0, n > 0.0));
    }
}

/// K6: per period, each course open in it (its participant in the denominator, once), then
/// each job that overlaps it on such a course (the participant in the numerator, once, when
/// the job is paid).
pub(crate) fn visit_k6(ctx: &Ctx, f: &mut dyn FnMut(Give)) {
    let mut active: HashSet<(usize, usize, &str)> = HashSet::new();
    let mut working: HashSet<(usize, usize, &str)> = HashSet::new();
    for (i, c) in ctx.data.courses.iter().enumerate() {
        let Some(g) = ctx.groups.of_course(c) else { continue };
        for (p, period) in ctx.periods.iter().enumerate() {
            if c.overlaps(period.start, period.end) {
                let mut give = Give::new(g, p, Item::Course(i));
                if active.insert((g, p, c.participant.as_str())) {
                    give.denominator = 1.0;
                } else {
                    give.reason = Some("deltakeren er alt telt fra et annet forløp");
                }
                f(give);
            }
        }
    }
    for (j, job) in ctx.data.jobs.iter().enumerate() {
        let c = &ctx.data.courses[job.course];
        let Some(g) = ctx.groups.of_course(c) else { continue };
        for (p, period) in ctx.periods.iter().enumerate() {
            // The participant must be in the denominator: a course of this group open in the period.
            if !job.overlaps(period.start, period.end) || !c.overlaps(period.start, period.end) {
                continue;
            }
            let mut give = Give::new(g, p, Item::Job(j));
            if !job.paid_work {
                give.reason = Some(NOT_PAID);
            } else if working.insert((g, p, c.participant.as_str())) {
                give.numerator = 1.0;
            } else {
                give.reason = Some("deltakeren er alt telt med en annen jobb");
            }
            f(give);
        }
    }
}

pub(crate) fn k6(ctx: &Ctx, out: &mut Vec<KpiRow>) {
    let mut tally: Grid<(f64, f64)> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    visit_k6(ctx, &mut |give| {
        let t = tally.at(give.group, give.period);
        t.0 += give.numerator;
        t.1 += give.denominator;
    });
    for (g, p) in ctx.each_cell() {
        let (n, d) = *tally.get(g, p);
        out.push(KpiRow::new(Kpi::K6, g, p).ratio(n, d, 100.0, d > 0.0));
    }
}

/// Paid jobs that started in the report's periods: (group, period, position in
/// [`KpiData::jobs`], job).
fn paid_starts<'a>(ctx: &'a Ctx) -> impl Iterator<Item = (usize, usize, usize, &'a JobFact)> + 'a {
    ctx.data.jobs.iter().enumerate().filter(|(_, j)| j.paid_work).filter_map(|(i, j)| {
        let g = ctx.groups.of_course(&ctx.data.courses[j.course])?;
        Some((g, ctx.period_of(j.start)?, i, j))
    })
}

/// The marks of K7, in months after a job's start.
pub const RETENTION_MARKS: [u8; 3] = [3, 6, 12];

/// K9's dimensions, in output order.
pub(crate) const DIMENSIONS: [&str; 2] = ["styrk", "employer"];

/// K7: each paid job that started in a period, once per mark (`variant`, a position in
/// [`RETENTION_MARKS`]): measured once the mark has passed, counted if still ongoing then.
pub(crate) fn visit_k7(ctx: &Ctx, f: &mut dyn FnMut(Give)) {
    for (g, p, i, j) in paid_starts(ctx) {
        for (m, months) in RETENTION_MARKS.iter().enumerate() {
            let mark = months_after(j.start, u32::from(*months));
            let mut give = Give::new(g, p, Item::Job(i));
            give.variant = m;
            if mark > ctx.spec.to {
                give.reason = Some("ikke målt: tidspunktet er ikke passert innen sluttdatoen");
            } else {
                give.denominator = 1.0;
                if j.end.is_none_or(|e| e >= mark) {
                    give.numerator = 1.0;
                } else {
                    give.reason = Some("sluttet før tidspunktet");
                }
            }
            f(give);
        }
    }
}

pub(crate) fn k7(ctx: &Ctx, out: &mut Vec<KpiRow>) {
    let (groups, periods) = (ctx.groups.ids.len(), ctx.periods.len());
    // (measured, still ongoing) per mark
    let mut tally: Vec<Grid<(f64, f64)>> = RETENTION_MARKS.iter().map(|_| Grid::new(groups, periods)).collect();
    visit_k7(ctx, &mut |give| {
        let t = tally[give.variant].at(give.group, give.period);
        t.0 += give.denominator;
        t.1 += give.numerator;
    });
    for (g, p) in ctx.each_cell() {
        for (m, months) in RETENTION_MARKS.iter().enumerate() {
            let (measured, ongoing) = *tally[m].get(g, p);
            let mut row = KpiRow::new(Kpi::K7, g, p).ratio(ongoing, measured, 100.0, measured > 0.0);
            row.at_months = Some(*months);
            out.push(row);
        }
    }
}

impl KpiData {
    /// K8 per job, in [`KpiData::jobs`] order: how many of the 6 months after the job's start
    /// have a done follow-up activity on its course. `None` for a job that is not paid work or
    /// whose 6 months have not passed by `to`. K8 averages these; a fidelity review counts the
    /// jobs with all 6. From the stored job facts when loaded, else from the activities.
    pub fn followup_months(&self, to: NaiveDate) -> Vec<Option<u8>> {
        let computed;
        let months = match &self.marks {
            Some(m) => &m.followup,
            None => {
                computed = self.marks().followup;
                &computed
            }
        };
        self.jobs
            .iter()
            .zip(months)
            .map(|(j, m)| (j.paid_work && months_after(j.start, FOLLOWUP_MONTHS) <= to).then(|| m.count()))
            .collect()
    }
}

/// K8: each paid job that started in a period; measured once its 6 months have passed, giving
/// the months with follow-up.
pub(crate) fn visit_k8(ctx: &Ctx, f: &mut dyn FnMut(Give)) {
    let months = ctx.data.followup_months(ctx.spec.to);
    for (g, p, i, _) in paid_starts(ctx) {
        let mut give = Give::new(g, p, Item::Job(i));
        match months[i] {
            Some(covered) => {
                give.denominator = 1.0;
                give.numerator = f64::from(covered);
                give.measure = Some(f64::from(covered));
            }
            None => give.reason = Some("ikke målt: 6 måneder er ikke passert innen sluttdatoen"),
        }
        f(give);
    }
}

pub(crate) fn k8(ctx: &Ctx, out: &mut Vec<KpiRow>) {
    let mut tally: Grid<(f64, f64)> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    visit_k8(ctx, &mut |give| {
        let t = tally.at(give.group, give.period);
        t.0 += give.denominator;
        t.1 += give.numerator;
    });
    for (g, p) in ctx.each_cell() {
        let (jobs, months) = *tally.get(g, p);
        out.push(KpiRow::new(Kpi::K8, g, p).ratio(months, jobs, 1.0, jobs > 0.0));
    }
}

/// K9: each paid job that started in a period, once per dimension (`variant`, a position in
/// [`DIMENSIONS`]): in the numerator when its STYRK code or employer is the first of its kind
/// in the group and period.
pub(crate) fn visit_k9(ctx: &Ctx, f: &mut dyn FnMut(Give)) {
    let mut styrk: HashSet<(usize, usize, &str)> = HashSet::new();
    let mut employers: HashSet<(usize, usize, &str)> = HashSet::new();
    for (g, p, i, j) in paid_starts(ctx) {
        let mut give = Give::new(g, p, Item::Job(i));
        give.denominator = 1.0;
        let mut by_code = give;
        by_code.reason = match &j.styrk {
            None => Some("mangler STYRK-kode"),
            Some(code) if !styrk.insert((g, p, code.as_str())) => Some("samme yrke (STYRK) som en annen jobb"),
            Some(_) => None,
        };
        let mut by_employer = give;
        by_employer.variant = 1;
        if !employers.insert((g, p, j.employer.as_str())) {
            by_employer.reason = Some("samme arbeidsgiver som en annen jobb");
        }
        for mut give in [by_code, by_employer] {
            if give.reason.is_none() {
                give.numerator = 1.0;
            }
            f(give);
        }
    }
}

pub(crate) fn k9(ctx: &Ctx, out: &mut Vec<KpiRow>) {
    let (groups, periods) = (ctx.groups.ids.len(), ctx.periods.len());
    // (distinct, jobs) per dimension
    let mut tally: Vec<Grid<(f64, f64)>> = DIMENSIONS.iter().map(|_| Grid::new(groups, periods)).collect();
    visit_k9(ctx, &mut |give| {
        let t = tally[give.variant].at(give.group, give.period);
        t.0 += give.numerator;
        t.1 += give.denominator;
    });
    for (g, p) in ctx.each_cell() {
        for (v, dimension) in DIMENSIONS.iter().enumerate() {
            let (distinct, jobs) = *tally[v].get(g, p);
            let mut row = KpiRow::new(Kpi::K9, g, p).ratio(distinct, jobs, 100.0, jobs > 0.0);
            row.dimension = Some(dimension);
            out.push(row);
        }
    }
}
