//! Job chains (jobbsmak → tilkalling → tidsbegrenset → fast) within one course.
//!
//! A chain that must end in work is laid out backwards from the job held at the end, so
//! the last link is always an open paid job; other chains run forwards from the start of
//! the job search and end before the course does.

use chrono::NaiveDate;
use jobbvei_domain::{EndedBy, JobForm, PercentStep};

use super::links::{add_percent, close, new_link, span};
use super::organisation::Org;
use super::rng::Rng;
use super::{add_days, days_between};

#[derive(Debug, Clone)]
pub struct JobPlan {
    pub employer: usize,
    pub form: JobForm,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub probation_end: Option<NaiveDate>,
    pub ended_by: Option<EndedBy>,
    pub end_reason: Option<&'static str>,
    /// Index into the employer kind's job list.
    pub occupation: usize,
    pub percent: Vec<PercentStep>,
    pub extensions: Option<u32>,
}

impl JobPlan {
    pub fn is_paid(&self) -> bool {
        !self.form.is_unpaid_placement()
    }

    pub fn covers(&self, day: NaiveDate) -> bool {
        self.start <= day && self.end.is_none_or(|e| e >= day)
    }
}

#[derive(Clone, Copy)]
pub struct ChainCtx<'a> {
    pub org: &'a Org,
    pub js: usize,
    /// First day a job may start (the job search has begun).
    pub from: NaiveDate,
    /// Chains that end in work have their last job open on this day; others end before it.
    pub horizon: NaiveDate,
    pub as_of: NaiveDate,
    /// The course is still open, so a placement may be under way at `as_of`.
    pub open: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Goal {
    Working,
    NotWorking,
}

/// Mostly the job specialist's own employers; sometimes a colleague's.
pub fn pick_employer(rng: &mut Rng, org: &Org, js: usize) -> Option<usize> {
    let info = org.js.get(js)?;
    let range = if rng.chance(0.82) { info.employers.clone() } else { info.team_employers.clone() };
    if range.is_empty() {
        return None;
    }
    Some(range.start + rng.index(range.len()))
}

fn predecessor(rng: &mut Rng, next: JobForm) -> Option<JobForm> {
    use JobForm::*;
    let table: &[(u32, Option<JobForm>)] = match next {
        Permanent => &[(45, Some(FixedTerm)), (20, Some(OnCall)), (20, Some(Taster)), (15, Some(WorkTraining))],
        FixedTerm => &[(35, Some(OnCall)), (40, Some(Taster)), (15, Some(WorkTraining)), (10, Some(FixedTerm))],
        OnCall => &[(65, Some(Taster)), (25, Some(WorkTraining)), (10, Some(OnCall))],
        Apprentice => &[(60, Some(Taster)), (40, Some(WorkTraining))],
        Taster => &[(45, Some(Taster)), (55, None)],
        WorkTraining => &[(40, Some(Taster)), (60, None)],
        SelfEmployed => &[(100, None)],
    };
    rng.weighted_pick(table, None)
}

pub fn chain(rng: &mut Rng, ctx: &ChainCtx, goal: Goal) -> Vec<JobPlan> {
    let mut jobs = match goal {
        Goal::Working => working_chain(rng, ctx),
        Goal::NotWorking => other_chain(rng, ctx),
    };
    // Nothing is recorded as having happened after `as_of`.
    for job in &mut jobs {
        if job.end.is_some_and(|e| e > ctx.as_of) {
            job.end = None;
            job.ended_by = None;
            job.end_reason = None;
        }
    }
    add_percent(rng, &mut jobs, ctx.horizon.min(ctx.as_of));
    jobs
}

fn working_chain(rng: &mut Rng, ctx: &ChainCtx) -> Vec<JobPlan> {
    let Some(mut employer) = pick_employer(rng, ctx.org, ctx.js) else {
        return Vec::new();
    };
    let room = days_between(ctx.from, ctx.horizon);
    if room < 1 {
        return Vec::new();
    }
    let form = rng.weighted_pick(
        &[(40, JobForm::Permanent), (38, JobForm::FixedTerm), (16, JobForm::OnCall), (6, JobForm::Apprentice)],
        JobForm::Permanent,
    );
    let held = rng.range(14.min(room), (room / 2).clamp(14.min(room), 180));
    let start = add_days(ctx.horizon, -held);
    let mut s = span(rng, form, false);
    if form == JobForm::FixedTerm {
        // The contract still runs on the horizon.
        s.planned = s.planned.map(|p| p.max(held + 30));
    }
    let mut links = vec![new_link(rng, ctx.org, employer, form, start, &s)];
    let mut cursor = start;
    let mut next = form;
    for i in 0..10 {
        if rng.chance(if i == 0 { 0.05 } else { 0.12 }) {
            break;
        }
        let Some(form) = predecessor(rng, next) else {
            break;
        };
        let same = rng.chance(0.7);
        let prev_employer = if same { employer } else { pick_employer(rng, ctx.org, ctx.js).unwrap_or(employer) };
        let end = add_days(cursor, -rng.range(1, 21));
        let s = span(rng, form, false);
        let start = add_days(end, -(s.days - 1));
        if start < ctx.from {
            break;
        }
        let mut link = new_link(rng, ctx.org, prev_employer, form, start, &s);
        if prev_employer == employer
            && let Some(last) = links.last()
        {
            link.occupation = last.occupation;
        }
        close(rng, &mut link, end, prev_employer == employer && next != JobForm::Taster);
        links.push(link);
        cursor = start;
        next = form;
        employer = prev_employer;
    }
    links.reverse();
    // Before the chain that led to work, earlier tries that came to nothing.
    let earlier = ChainCtx { horizon: add_days(cursor, -7), open: false, ..*ctx };
    let mut all = other_chain(rng, &earlier);
    all.append(&mut links);
    all
}

fn other_chain(rng: &mut Rng, ctx: &ChainCtx) -> Vec<JobPlan> {
    // Longer searches see more tries.
    let room = days_between(ctx.from, ctx.horizon).max(0);
    let n = rng.weighted(&[3, 7, 12, 18, 20, 18, 12, 10]) + (room / 120) as usize;
    let mut cursor = add_days(ctx.from, rng.range(0, 45));
    let mut links: Vec<JobPlan> = Vec::new();
    for _ in 0..n {
        if cursor >= ctx.horizon {
            break;
        }
        let form = rng.weighted_pick(
            &[
                (56, JobForm::Taster),
                (24, JobForm::WorkTraining),
                (10, JobForm::OnCall),
                (8, JobForm::FixedTerm),
                (2, JobForm::Permanent),
            ],
            JobForm::Taster,
        );
        let Some(employer) = pick_employer(rng, ctx.org, ctx.js) else {
            break;
        };
        let s = span(rng, form, true);
        let end = add_days(cursor, s.days - 1);
        let mut link = new_link(rng, ctx.org, employer, form, cursor, &s);
        if end >= ctx.horizon {
            // Paid work would contradict the goal; a placement may still be under way.
            if ctx.open && form.is_unpaid_placement() {
                links.push(link);
            }
            break;
        }
        close(rng, &mut link, end, false);
        links.push(link);
        // A short placement is often followed quickly by another one elsewhere.
        let pause = if form == JobForm::Taster { rng.range(2, 14) } else { rng.range(5, 30) };
        cursor = add_days(end, pause);
    }
    links
}
