//! Measures (virkemidler) and follow-up checks that go with a course's jobs.

use chrono::NaiveDate;
use jobbvei_domain::{ExtId, FollowupArea, FollowupCheck, JobForm, Measure, MeasureKind, MeasureStatus};

use super::jobs::JobPlan;
use super::rng::Rng;
use super::texts::{FOLLOWUP_NOTES, MEASURE_DECLINE_REASONS};
use super::{add_days, add_months, days_between};

pub struct SupportCtx<'a> {
    pub course: &'a ExtId,
    pub veileder: &'a ExtId,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub as_of: NaiveDate,
}

impl SupportCtx<'_> {
    fn horizon(&self) -> NaiveDate {
        self.end.unwrap_or(self.as_of)
    }
}

/// A measure before its `from` plus `ids` are filled in.
struct Draft {
    kind: MeasureKind,
    job: Option<usize>,
    from: NaiveDate,
    to: Option<NaiveDate>,
    percent: Option<f64>,
    hours: Option<f64>,
    amount: Option<f64>,
}

/// Measures for the jobs (by index into `jobs`) and, now and then, a course such as a truck
/// licence. `new_id` numbers them in emission order.
pub fn measures(
    rng: &mut Rng,
    ctx: &SupportCtx,
    jobs: &[JobPlan],
    job_ids: &[ExtId],
    new_id: &mut dyn FnMut() -> ExtId,
) -> Vec<Measure> {
    let mut drafts = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        let limit = |to: NaiveDate| job.end.map_or(to, |e| e.min(to)).max(job.start);
        match job.form {
            JobForm::FixedTerm | JobForm::Permanent | JobForm::Apprentice if rng.chance(0.45) => {
                let to = job.planned_end.unwrap_or_else(|| add_months(job.start, 12)).min(add_months(job.start, 12));
                drafts.push(Draft {
                    kind: MeasureKind::TemporaryWageSubsidy,
                    job: Some(i),
                    from: job.start,
                    to: Some(limit(to)),
                    percent: Some(rng.pick_or(&[40.0, 50.0, 60.0], 50.0)),
                    hours: None,
                    amount: None,
                });
            }
            JobForm::Permanent if rng.chance(0.05) => drafts.push(Draft {
                kind: MeasureKind::PermanentWageSubsidy,
                job: Some(i),
                from: job.start,
                to: None,
                percent: Some(rng.pick_or(&[20.0, 30.0, 40.0, 50.0], 30.0)),
                hours: None,
                amount: None,
            }),
            JobForm::WorkTraining if rng.chance(0.7) => drafts.push(Draft {
                kind: MeasureKind::WorkTraining,
                job: Some(i),
                from: job.start,
                to: job.end.or(job.planned_end),
                percent: None,
                hours: None,
                amount: None,
            }),
            _ => {}
        }
        if job.is_paid() && rng.chance(0.15) {
            drafts.push(Draft {
                kind: MeasureKind::MentorGrant,
                job: Some(i),
                from: job.start,
                to: Some(limit(add_months(job.start, rng.range(3, 6) as u32))),
                percent: None,
                hours: Some((rng.range(2, 12) * 10) as f64),
                amount: None,
            });
        }
        if job.is_paid() && rng.chance(0.08) {
            drafts.push(Draft {
                kind: MeasureKind::InclusionGrant,
                job: Some(i),
                from: job.start,
                to: Some(limit(add_days(job.start, 30))),
                percent: None,
                hours: None,
                amount: Some((rng.range(10, 120) * 500) as f64),
            });
        }
    }
    let room = days_between(ctx.start, ctx.horizon());
    if room > 20 && rng.chance(0.08) {
        let from = add_days(ctx.start, rng.range(14, room - 5));
        drafts.push(Draft {
            kind: MeasureKind::Course,
            job: None,
            from,
            to: Some(add_days(from, rng.range(1, 10))),
            percent: None,
            hours: None,
            amount: Some((rng.range(6, 30) * 500) as f64),
        });
    }
    drafts.sort_by_key(|d| d.from);
    drafts.into_iter().map(|d| finish(rng, ctx, d, job_ids, new_id())).collect()
}

fn finish(rng: &mut Rng, ctx: &SupportCtx, d: Draft, job_ids: &[ExtId], id: ExtId) -> Measure {
    let recent = ctx.end.is_none() && days_between(d.from, ctx.as_of) < 14;
    let status = if recent {
        rng.weighted_pick(
            &[(30, MeasureStatus::Draft), (30, MeasureStatus::SentToVeileder), (40, MeasureStatus::Granted)],
            MeasureStatus::Draft,
        )
    } else if rng.chance(0.05) {
        MeasureStatus::Declined
    } else if d.to.is_some_and(|to| to <= ctx.as_of) {
        MeasureStatus::Ended
    } else {
        MeasureStatus::Active
    };
    let decided = !matches!(status, MeasureStatus::Draft | MeasureStatus::SentToVeileder);
    let reason = (status == MeasureStatus::Declined)
        .then(|| rng.pick_or(MEASURE_DECLINE_REASONS, "Vilkårene er ikke oppfylt").to_string());
    Measure {
        id,
        course: ctx.course.clone(),
        kind: d.kind,
        status,
        job: d.job.and_then(|i| job_ids.get(i)).cloned(),
        percent: d.percent,
        hours: d.hours,
        amount_nok: d.amount,
        from: Some(d.from),
        to: d.to,
        decided_by: decided.then(|| ctx.veileder.clone()),
        reason,
    }
}

/// Monthly checks for the first six months of each paid job: the done ones in the past,
/// and the next one due if it falls within a month of `as_of`. The first paid job of the
/// course also gets its 1-year and 3-year status checks, most of them done, so that demo
/// data shows the `statuskontroll` alert for the few that slipped, not for every job.
pub fn followups(
    rng: &mut Rng,
    ctx: &SupportCtx,
    jobs: &[JobPlan],
    job_ids: &[ExtId],
    new_id: &mut dyn FnMut() -> ExtId,
) -> Vec<FollowupCheck> {
    let mut out = Vec::new();
    let first_paid = jobs.iter().zip(job_ids).filter(|(j, _)| j.is_paid()).min_by_key(|(j, _)| j.start);
    if let Some((job, job_id)) = first_paid {
        for months in [12, 36] {
            let due = add_months(job.start, months);
            if due > ctx.as_of {
                break;
            }
            let done = rng.chance(0.9).then(|| add_days(due, rng.range(-10, 10)).clamp(job.start, ctx.as_of));
            out.push(FollowupCheck {
                id: new_id(),
                course: ctx.course.clone(),
                job: job_id.clone(),
                due,
                done,
                areas: vec![FollowupArea::Career],
                note: None,
            });
        }
    }
    for (job, job_id) in jobs.iter().zip(job_ids) {
        if !job.is_paid() {
            continue;
        }
        for month in 1..=6 {
            let due = add_months(job.start, month);
            if job.end.is_some_and(|e| due > e) || ctx.end.is_some_and(|e| due > e) {
                break;
            }
            let future = due > ctx.as_of;
            if future && due > add_days(ctx.as_of, 31) {
                break;
            }
            let done =
                (!future && rng.chance(0.88)).then(|| add_days(due, rng.range(-5, 5)).clamp(job.start, ctx.as_of));
            let mut areas = Vec::new();
            for _ in 0..rng.range(1, 3) {
                let area = rng.pick_or(FollowupArea::ALL, FollowupArea::Tasks);
                if !areas.contains(&area) {
                    areas.push(area);
                }
            }
            areas.sort();
            let note =
                (done.is_some() && rng.chance(0.1)).then(|| rng.pick_or(FOLLOWUP_NOTES, "Trives godt").to_string());
            out.push(FollowupCheck {
                id: new_id(),
                course: ctx.course.clone(),
                job: job_id.clone(),
                due,
                done,
                areas,
                note,
            });
            if future {
                break;
            }
        }
    }
    out
}
