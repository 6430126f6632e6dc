//! K5–K9: figures of paid work. Paid work is a job of a working form that is paid
//! ([`JobFact::paid_work`]); jobbsmak and arbeidstrening never count.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{Months, NaiveDate};

use super::data::{JobFact, KpiData};
use super::grid::Grid;
use super::{Ctx, Kpi, KpiRow};

/// Each course's first paid job: its start, and whether it has a wage subsidy.
fn first_paid(ctx: &Ctx) -> Vec<Option<(NaiveDate, bool)>> {
    let mut first: Vec<Option<(NaiveDate, bool)>> = vec![None; ctx.data.courses.len()];
    for j in ctx.data.jobs.iter().filter(|j| j.paid_work) {
        let slot = &mut first[j.course];
        if slot.is_none_or(|(d, _)| j.start < d) {
            *slot = Some((j.start, j.subsidised));
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

pub(crate) fn k5a(ctx: &Ctx, out: &mut Vec<KpiRow>) {
    let first = first_paid(ctx);
    let open = any_open(ctx);
    let mut people: HashSet<(usize, usize, &str)> = HashSet::new();
    let mut subsidised: Grid<f64> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    for (c, course) in ctx.data.courses.iter().enumerate() {
        let Some((start, with_subsidy)) = first[c] else { continue };
        let (Some(g), Some(p)) = (ctx.groups.of_course(course), ctx.period_of(start)) else { continue };
        if people.insert((g, p, course.participant.as_str())) && with_subsidy {
            *subsidised.at(g, p) += 1.0;
        }
    }
    let mut count: Grid<f64> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    for (g, p, _) in &people {
        *count.at(*g, *p) += 1.0;
    }
    for (g, p) in ctx.each_cell() {
        let mut row = KpiRow::new(Kpi::K5a, g, p).ratio(*count.get(g, p), ctx.groups.fte[g], 1.0, *open.get(g, p));
        if row.value.is_some() {
            row.subsidised = Some(*subsidised.get(g, p));
        }
        out.push(row);
    }
}

pub(crate) fn k5b(ctx: &Ctx, out: &mut Vec<KpiRow>) {
    let first = first_paid(ctx);
    let mut started: Grid<f64> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    let mut within: Grid<f64> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    for (c, course) in ctx.data.courses.iter().enumerate() {
        let (Some(g), Some(p)) = (ctx.groups.of_course(course), ctx.period_of(course.start)) else { continue };
        *started.at(g, p) += 1.0;
        if let Some((job_start, _)) = first[c] {
            let days = (job_start - course.start).num_days();
            if (0..=365).contains(&days) && job_start <= ctx.spec.to {
                *within.at(g, p) += 1.0;
            }
        }
    }
    for (g, p) in ctx.each_cell() {
        let n = *started.get(g, p);
        out.push(KpiRow::new(Kpi::K5b, g, p).ratio(*within.get(g, p), n, 100.0, n > 0.0));
    }
}

pub(crate) fn k6(ctx: &Ctx, out: &mut Vec<KpiRow>) {
    let (groups, periods) = (ctx.groups.ids.len(), ctx.periods.len());
    let mut active: Vec<HashSet<&str>> = vec![HashSet::new(); groups * periods];
    let mut working: Vec<HashSet<&str>> = vec![HashSet::new(); groups * periods];
    for c in &ctx.data.courses {
        let Some(g) = ctx.groups.of_course(c) else { continue };
        for (p, period) in ctx.periods.iter().enumerate() {
            if c.overlaps(period.start, period.end) {
                active[g * periods + p].insert(c.participant.as_str());
            }
        }
    }
    for j in ctx.data.jobs.iter().filter(|j| j.paid_work) {
        let c = &ctx.data.courses[j.course];
        let Some(g) = ctx.groups.of_course(c) else { continue };
        for (p, period) in ctx.periods.iter().enumerate() {
            // The participant must be in the denominator: a course of this group open in the period.
            if j.overlaps(period.start, period.end) && c.overlaps(period.start, period.end) {
                working[g * periods + p].insert(c.participant.as_str());
            }
        }
    }
    for (g, p) in ctx.each_cell() {
        let (n, d) = (working[g * periods + p].len() as f64, active[g * periods + p].len() as f64);
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

fn months_after(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// The marks of K7, in months after a job's start.
pub const RETENTION_MARKS: [u8; 3] = [3, 6, 12];

pub(crate) fn k7(ctx: &Ctx, out: &mut Vec<KpiRow>) {
    let (groups, periods) = (ctx.groups.ids.len(), ctx.periods.len());
    // (measured, still ongoing) per mark
    let mut tally: Vec<Grid<(f64, f64)>> = RETENTION_MARKS.iter().map(|_| Grid::new(groups, periods)).collect();
    for (g, p, _, j) in paid_starts(ctx) {
        for (m, months) in RETENTION_MARKS.iter().enumerate() {
            let mark = months_after(j.start, u32::from(*months));
            if mark > ctx.spec.to {
                continue;
            }
            let t = tally[m].at(g, p);
            t.0 += 1.0;
            if j.end.is_none_or(|e| e >= mark) {
                t.1 += 1.0;
            }
        }
    }
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
    /// jobs with all 6.
    pub fn followup_months(&self, to: NaiveDate) -> Vec<Option<u8>> {
        let mut followups: HashMap<usize, BTreeSet<NaiveDate>> = HashMap::new();
        for a in self.activities.iter().filter(|a| a.is_followup()) {
            if let Some(c) = a.course {
                followups.entry(c).or_default().insert(a.date);
            }
        }
        self.jobs
            .iter()
            .map(|j| {
                if !j.paid_work || months_after(j.start, 6) > to {
                    return None;
                }
                let dates = followups.get(&j.course);
                let covered = (0..6).filter(|i| {
                    let (from, until) = (months_after(j.start, *i), months_after(j.start, i + 1));
                    dates.is_some_and(|d| d.range(from..until).next().is_some())
                });
                Some(covered.count() as u8)
            })
            .collect()
    }
}

pub(crate) fn k8(ctx: &Ctx, out: &mut Vec<KpiRow>) {
    let months = ctx.data.followup_months(ctx.spec.to);
    let mut tally: Grid<(f64, f64)> = Grid::new(ctx.groups.ids.len(), ctx.periods.len());
    for (g, p, i, _) in paid_starts(ctx) {
        let Some(covered) = months[i] else { continue };
        let t = tally.at(g, p);
        t.0 += 1.0;
        t.1 += f64::from(covered);
    }
    for (g, p) in ctx.each_cell() {
        let (jobs, months) = *tally.get(g, p);
        out.push(KpiRow::new(Kpi::K8, g, p).ratio(months, jobs, 1.0, jobs > 0.0));
    }
}

pub(crate) fn k9(ctx: &Ctx, out: &mut Vec<KpiRow>) {
    let (groups, periods) = (ctx.groups.ids.len(), ctx.periods.len());
    let mut jobs = vec![0.0; groups * periods];
    let mut styrk: Vec<HashSet<&str>> = vec![HashSet::new(); groups * periods];
    let mut employers: Vec<HashSet<&str>> = vec![HashSet::new(); groups * periods];
    for (g, p, _, j) in paid_starts(ctx) {
        let i = g * periods + p;
        jobs[i] += 1.0;
        if let Some(code) = &j.styrk {
            styrk[i].insert(code.as_str());
        }
        employers[i].insert(j.employer.as_str());
    }
    for (g, p) in ctx.each_cell() {
        let i = g * periods + p;
        for (dimension, distinct) in [("styrk", styrk[i].len()), ("employer", employers[i].len())] {
            let mut row = KpiRow::new(Kpi::K9, g, p).ratio(distinct as f64, jobs[i], 100.0, jobs[i] > 0.0);
            row.dimension = Some(dimension);
            out.push(row);
        }
    }
}
