//! A course's phase history and passive period, dated by what happened in it.

use chrono::NaiveDate;
use jobbvei_domain::{EducationStatus, Method, Phase};

use super::course::EducationPlan;
use super::jobs::JobPlan;
use super::rng::Rng;
use super::{add_days, days_between};

/// The method's phases in working order, dated by what happened: search, jobs, education, end.
#[allow(clippy::too_many_arguments)]
pub fn phases(
    rng: &mut Rng,
    method: Method,
    start: NaiveDate,
    end: Option<NaiveDate>,
    search_from: NaiveDate,
    jobs: &[JobPlan],
    education: Option<&EducationPlan>,
    tapering: bool,
    as_of: NaiveDate,
) -> Vec<(NaiveDate, Phase)> {
    let ips = method == Method::Ips;
    let (first, second, search, hired, working) = if ips {
        (Phase::Referred, Phase::Mapping, Phase::JobDevelopment, Phase::Working, Phase::Working)
    } else {
        (
            Phase::InitialContact,
            Phase::VocationalProfiling,
            Phase::FindingJob,
            Phase::EmployerCooperation,
            Phase::Training,
        )
    };
    let mut ev = vec![(start, first)];
    let mid = days_between(start, search_from) / 2;
    if mid >= 1 {
        ev.push((add_days(start, rng.range(1, mid)), second));
    }
    ev.push((search_from, search));
    if !ips && let Some(j) = jobs.first() {
        ev.push((j.start, hired));
    }
    let paid_on = |d: NaiveDate| jobs.iter().any(|j| j.is_paid() && j.covers(d));
    let mut last_paid_start = None;
    for j in jobs.iter().filter(|j| j.is_paid()) {
        if !paid_on(add_days(j.start, -1)) {
            // IPS "jobber" must begin on a day with a paid job; SE's training follows hiring.
            let day = if ips { j.start } else { add_days(j.start, rng.range(0, 14)).min(j.end.unwrap_or(j.start)) };
            ev.push((day.max(j.start), working));
            last_paid_start = Some(j.start);
        }
        if let Some(e) = j.end
            && !paid_on(add_days(e, 1))
        {
            ev.push((add_days(e, 1), search));
        }
    }
    if ips
        && let Some((_, _, _, from, status, _)) = education
        && matches!(status, EducationStatus::Ongoing | EducationStatus::Completed)
    {
        ev.push((*from, Phase::InEducation));
    }
    if let Some(e) = end {
        if ips
            && tapering
            && let Some(ps) = last_paid_start
        {
            let day = add_days(e, -rng.range(14, 45));
            if day > ps {
                ev.push((day, Phase::TaperingOff));
            }
        }
        ev.push((e, Phase::Ended));
    }
    let horizon = end.unwrap_or(as_of).min(as_of);
    ev.retain(|(d, _)| *d >= start && *d <= horizon);
    ev.sort_by_key(|(d, _)| *d);
    let mut out: Vec<(NaiveDate, Phase)> = Vec::with_capacity(ev.len());
    for (d, p) in ev {
        match out.last_mut() {
            Some(last) if last.0 == d => last.1 = p,
            _ => out.push((d, p)),
        }
    }
    out.dedup_by(|b, a| a.1 == b.1);
    out
}

/// About one course in seven has a passive period, never while the participant holds a job.
pub fn passive(
    rng: &mut Rng,
    start: NaiveDate,
    end: Option<NaiveDate>,
    as_of: NaiveDate,
    jobs: &[JobPlan],
) -> Option<(NaiveDate, Option<NaiveDate>)> {
    if !rng.chance(0.23) {
        return None;
    }
    // The stretches without a job, after the first weeks; an ended course's last day stays active.
    let mut gaps = Vec::new();
    let mut lo = add_days(start, 21);
    for j in jobs {
        gaps.push((lo, add_days(j.start, -1)));
        lo = lo.max(j.end.map_or(NaiveDate::MAX, |e| add_days(e, 1)));
    }
    let tail = end.map_or(as_of, |e| add_days(e, -1));
    gaps.push((lo, tail));
    gaps.retain(|(a, b)| days_between(*a, *b) >= 28);
    let &(lo, hi) = rng.pick(&gaps)?;
    let from = add_days(lo, rng.range(0, days_between(lo, hi) - 14));
    let to = add_days(from, rng.range(14, 120));
    if to <= hi {
        Some((from, Some(to)))
    } else if end.is_none() && hi == tail {
        Some((from, None))
    } else {
        Some((from, Some(hi)))
    }
}
