//! One link of a job chain: how long it lasts, how it ends, its job percentages.

use chrono::NaiveDate;
use jobbvei_domain::{EndedBy, JobForm, PercentStep};

use super::jobs::JobPlan;
use super::organisation::Org;
use super::rng::Rng;
use super::texts::{DISMISSAL_REASONS, EMPLOYER_KINDS, MUTUAL_REASONS, PLACEMENT_PURPOSES, QUIT_REASONS};
use super::{add_days, add_months};

pub fn occupation(rng: &mut Rng, org: &Org, employer: usize) -> usize {
    let kind = org.employers.get(employer).map_or(0, |e| e.kind);
    let n = EMPLOYER_KINDS.get(kind).map_or(1, |(_, k)| k.jobs.len());
    rng.index(n)
}

pub struct Span {
    pub days: i64,
    pub planned: Option<i64>,
    pub extensions: Option<u32>,
}

/// How long a link lasts. `short` is for tries that come to nothing: on-call work that
/// dries up, a contract not renewed, a job lost in the probation period.
pub fn span(rng: &mut Rng, form: JobForm, short: bool) -> Span {
    match form {
        JobForm::OnCall if short => Span { days: rng.range(14, 90), planned: None, extensions: None },
        JobForm::FixedTerm if short => {
            let planned = rng.pick_or(&[30, 61, 91], 61);
            let days = if rng.chance(0.7) { planned } else { rng.range(21, planned) };
            Span { days, planned: Some(planned), extensions: None }
        }
        JobForm::WorkTraining if short => {
            let ext = rng.weighted(&[70, 25, 5]) as u32;
            let days = rng.range(21, 60) + i64::from(ext) * 21;
            Span { days, planned: Some(days), extensions: Some(ext) }
        }
        JobForm::Permanent if short => Span { days: rng.range(30, 180), planned: None, extensions: None },
        JobForm::Taster => {
            let ext = rng.weighted(&[70, 22, 8]) as u32;
            let days = rng.range(3, 10) + i64::from(ext) * rng.range(3, 5);
            Span { days, planned: Some(days), extensions: Some(ext) }
        }
        JobForm::WorkTraining => {
            let ext = rng.weighted(&[60, 30, 10]) as u32;
            let days = rng.range(30, 90) + i64::from(ext) * 30;
            Span { days, planned: Some(days), extensions: Some(ext) }
        }
        JobForm::OnCall => Span { days: rng.range(30, 180), planned: None, extensions: None },
        JobForm::FixedTerm => {
            let planned = rng.pick_or(&[91, 182, 182, 365], 182);
            let days = if rng.chance(0.7) { planned } else { rng.range(45, planned) };
            Span { days, planned: Some(planned), extensions: None }
        }
        JobForm::Apprentice => Span { days: rng.range(60, 400), planned: Some(730), extensions: None },
        JobForm::Permanent | JobForm::SelfEmployed => {
            Span { days: rng.range(60, 700), planned: None, extensions: None }
        }
    }
}

pub fn new_link(rng: &mut Rng, org: &Org, employer: usize, form: JobForm, start: NaiveDate, s: &Span) -> JobPlan {
    JobPlan {
        employer,
        form,
        start,
        end: None,
        planned_end: s.planned.map(|p| add_days(start, p - 1)),
        probation_end: (form == JobForm::Permanent).then(|| add_months(start, 6)),
        ended_by: None,
        end_reason: None,
        occupation: occupation(rng, org, employer),
        percent: Vec::new(),
        extensions: s.extensions,
    }
}

/// Closes a link on `end`; `continues` when the next link is with the same employer.
pub fn close(rng: &mut Rng, job: &mut JobPlan, end: NaiveDate, continues: bool) {
    job.end = Some(end);
    let (by, reason) = if job.form.is_unpaid_placement() {
        (EndedBy::Expired, rng.pick_or(PLACEMENT_PURPOSES, "Formål: arbeidsutprøving"))
    } else if continues {
        (EndedBy::Mutual, "Gikk over i ny stilling")
    } else if job.planned_end == Some(end) {
        (EndedBy::Expired, "Kontrakten gikk ut")
    } else {
        match rng.weighted(&[45, 35, 20]) {
            0 => (EndedBy::Employee, rng.pick_or(QUIT_REASONS, "Sa opp selv")),
            1 => (EndedBy::Employer, rng.pick_or(DISMISSAL_REASONS, "Nedbemanning")),
            _ => (EndedBy::Mutual, rng.pick_or(MUTUAL_REASONS, "Avtalt avslutning")),
        }
    };
    job.ended_by = Some(by);
    job.end_reason = Some(reason);
}

/// Dated job percentages: paid jobs often start low and grow (20 → 40 → 80); a new job
/// with the same employer starts where the last one ended.
pub fn add_percent(rng: &mut Rng, jobs: &mut [JobPlan], until: NaiveDate) {
    let mut carry: Option<(usize, f64)> = None;
    for job in jobs.iter_mut() {
        let last_day = job.end.unwrap_or(until).min(until);
        match job.form {
            JobForm::Taster | JobForm::WorkTraining => {
                let p = rng.pick_or(&[40.0, 50.0, 60.0, 80.0, 100.0], 50.0);
                job.percent = vec![PercentStep { from: job.start, percent: p }];
            }
            JobForm::OnCall => job.percent.clear(),
            _ => {
                let first: f64 = rng.pick_or(&[20.0, 30.0, 40.0, 40.0, 50.0, 60.0, 80.0, 100.0], 40.0);
                let mut p = match carry {
                    Some((e, c)) if e == job.employer => first.max(c),
                    _ => first,
                };
                let mut day = job.start;
                job.percent = vec![PercentStep { from: day, percent: p }];
                while p < 100.0 && rng.chance(0.55) {
                    day = add_days(day, rng.range(28, 84));
                    if day > last_day {
                        break;
                    }
                    p = (p + rng.pick_or(&[10.0, 20.0, 20.0, 30.0], 20.0)).min(100.0);
                    job.percent.push(PercentStep { from: day, percent: p });
                }
                carry = Some((job.employer, p));
            }
        }
    }
}
