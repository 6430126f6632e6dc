//! One case: the referral and, when accepted, the course with its phases, passive period,
//! jobs, education, measures, activities and follow-up checks.

use chrono::NaiveDate;
use jobbvei_domain::{
    Course, Education, EducationStatus, EndCause, ExtId, Job, PassivePeriod, PhaseEntry, Referral, ReferralDecision,
};

use super::activity::{self, CourseView};
use super::jobs::{self, ChainCtx, Goal, JobPlan};
use super::plan::{Case, CaseKind};
use super::rng::Rng;
use super::support::{self, SupportCtx};
use super::texts::{EDUCATIONS, EMPLOYER_KINDS, END_CAUSE_DETAILS, PASSIVE_REASONS, REJECTION_REASONS};
use super::timeline::{passive, phases};
use super::{Gen, add_days, add_months, days_between, ext, next_id, stream};
use crate::record::Record;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Open,
    Work,
    Education,
    Other,
}

pub fn emit_case(g: &mut Gen, js: usize, case: &Case) {
    let org = g.org;
    let Some(info) = org.js.get(js) else { return };
    let Some(team) = org.teams.get(info.team) else {
        return;
    };
    let Some(veileder) = org.offices.get(info.office).and_then(|o| o.veileders.get(case.veileder)) else {
        return;
    };
    let participant = ext(format!("p{}", case.participant + 1));
    let referral_id = next_id(&mut g.next.referral, "r");
    let CaseKind::Course { start, end } = case.kind else {
        let mut rng = Rng::derive(g.seed, stream::COURSE, u64::MAX - g.next.referral);
        let rejected = case.kind == CaseKind::Rejected;
        let decided = add_days(case.sent, rng.range(2, 14)).min(g.as_of).max(case.sent);
        g.emit(Record::Referral(Referral {
            id: referral_id,
            participant,
            veileder: veileder.clone(),
            team: team.id.clone(),
            sent: case.sent,
            decision: rejected.then_some(ReferralDecision::Rejected),
            decided: rejected.then_some(decided),
            reason: rejected
                .then(|| rng.pick_or(REJECTION_REASONS, "Annet tiltak vurdert som bedre egnet").to_string()),
        }));
        return;
    };

    let course_no = g.next.course;
    let mut rng = Rng::derive(g.seed, stream::COURSE, course_no);
    let course_id = next_id(&mut g.next.course, "c");
    let decided = add_days(case.sent, rng.range(1, days_between(case.sent, start).max(1))).min(start);
    g.emit(Record::Referral(Referral {
        id: referral_id,
        participant: participant.clone(),
        veileder: veileder.clone(),
        team: team.id.clone(),
        sent: case.sent,
        decision: Some(ReferralDecision::Accepted),
        decided: Some(decided),
        reason: None,
    }));

    let horizon = end.unwrap_or(g.as_of);
    let room = days_between(start, horizon);
    let outcome = match end {
        None => Outcome::Open,
        Some(_) if room < 30 => Outcome::Other,
        Some(_) => {
            let w: &[u32] = if room < 90 { &[15, 5, 80] } else { &[55, 11, 34] };
            [Outcome::Work, Outcome::Education, Outcome::Other].get(rng.weighted(w)).copied().unwrap_or(Outcome::Other)
        }
    };
    let search_from = add_days(start, rng.range(7, 35).min(room / 3));
    // Education that ends a course starts near its end; jobs before it end before that.
    let edu_start = (outcome == Outcome::Education).then(|| add_days(horizon, -rng.range(0, 20)));
    let goal = match outcome {
        Outcome::Work => Goal::Working,
        Outcome::Open => {
            let p = match room {
                ..45 => 0.02,
                45..120 => 0.1,
                120..240 => 0.22,
                _ => 0.32,
            };
            if rng.chance(p) { Goal::Working } else { Goal::NotWorking }
        }
        Outcome::Education | Outcome::Other => Goal::NotWorking,
    };
    let ctx = ChainCtx {
        org,
        js,
        from: search_from,
        horizon: edu_start.unwrap_or(horizon),
        as_of: g.as_of,
        open: end.is_none(),
    };
    let plans = jobs::chain(&mut rng, &ctx, goal);

    let (end_cause, detail) = match outcome {
        Outcome::Open => (None, None),
        Outcome::Work => (Some(EndCause::Work), None),
        Outcome::Education => (Some(EndCause::Education), None),
        Outcome::Other => (Some(EndCause::Other), Some(rng.pick_or(END_CAUSE_DETAILS, "flyttet").to_string())),
    };
    g.emit(Record::Course(Course {
        id: course_id.clone(),
        participant,
        method: team.method,
        job_specialist: info.user.clone(),
        start,
        referred: rng.chance(0.6).then_some(case.sent),
        end,
        end_cause,
        end_cause_detail: detail,
    }));

    let education = education(&mut rng, outcome, start, horizon, edu_start, g.as_of);
    let tapering = outcome == Outcome::Work;
    for (from, phase) in
        phases(&mut rng, team.method, start, end, search_from, &plans, education.as_ref(), tapering, g.as_of)
    {
        g.emit(Record::Phase(PhaseEntry { course: course_id.clone(), phase, from }));
    }

    let passive = passive(&mut rng, start, end, g.as_of, &plans);
    if let Some((from, to)) = passive {
        let reason = Some(rng.pick_or(PASSIVE_REASONS, "ikke nådd").to_string());
        g.emit(Record::Passive(PassivePeriod { course: course_id.clone(), from, to, reason }));
    }

    let mut job_ids = Vec::with_capacity(plans.len());
    for plan in &plans {
        let id = next_id(&mut g.next.job, "j");
        job_ids.push(id.clone());
        let record = job_record(g, id, &course_id, plan);
        g.emit(Record::Job(record));
    }

    if let Some((level, programme, institution, edu_start, status, edu_end)) = education {
        let place = org.offices.get(info.office).map_or("", |o| o.place.as_str());
        let id = next_id(&mut g.next.education, "ed");
        g.emit(Record::Education(Education {
            id,
            course: course_id.clone(),
            level: level.to_string(),
            start: edu_start,
            status: Some(status),
            programme: Some(programme.to_string()),
            institution: Some(institution.replace("{m}", place)),
            end: edu_end,
        }));
    }

    let sctx = SupportCtx { course: &course_id, veileder, start, end, as_of: g.as_of };
    let counter = &mut g.next.measure;
    let measures = support::measures(&mut rng, &sctx, &plans, &job_ids, &mut || next_id(counter, "m"));
    for m in measures {
        g.emit(Record::Measure(m));
    }

    let view = CourseView { id: &course_id, js, method: team.method, start, end, passive, jobs: &plans };
    activity::course_activities(g, &mut rng, &view);

    let counter = &mut g.next.followup;
    let checks = support::followups(&mut rng, &sctx, &plans, &job_ids, &mut || next_id(counter, "f"));
    for f in checks {
        g.emit(Record::FollowupCheck(f));
    }
}

fn job_record(g: &Gen, id: ExtId, course: &ExtId, p: &JobPlan) -> Job {
    let employer = g.org.employers.get(p.employer);
    let kind = employer.map_or(0, |e| e.kind);
    let title = EMPLOYER_KINDS.get(kind).and_then(|(_, k)| k.jobs.get(p.occupation)).map(|(_, t)| t.to_string());
    let styrk = g.styrk.get(kind).and_then(|v| v.get(p.occupation)).copied().flatten();
    let hours = p.percent.last().map(|s| (s.percent * 0.375 * 2.0).round() / 2.0);
    Job {
        id,
        course: course.clone(),
        employer: employer.map_or_else(|| ext("e1".to_string()), |e| e.id.clone()),
        form: p.form,
        start: p.start,
        title,
        styrk,
        paid: Some(p.is_paid()),
        ordinary_terms: Some(p.is_paid()),
        percent: p.percent.clone(),
        hours_per_week: hours,
        probation_end: p.probation_end,
        planned_end: p.planned_end,
        end: p.end,
        ended_by: p.ended_by,
        end_reason: p.end_reason.map(str::to_string),
        extensions: p.extensions,
    }
}

pub type EducationPlan = (&'static str, &'static str, &'static str, NaiveDate, EducationStatus, Option<NaiveDate>);

fn education(
    rng: &mut Rng,
    outcome: Outcome,
    start: NaiveDate,
    horizon: NaiveDate,
    edu_start: Option<NaiveDate>,
    as_of: NaiveDate,
) -> Option<EducationPlan> {
    let room = days_between(start, horizon);
    let (from, status, to) = match (outcome, edu_start) {
        (Outcome::Education, Some(from)) => {
            let done = add_months(from, 10);
            if done <= as_of && rng.chance(0.5) {
                (from, EducationStatus::Completed, Some(done))
            } else {
                (from, EducationStatus::Ongoing, None)
            }
        }
        (Outcome::Open, _) if room > 60 && rng.chance(0.06) => {
            let from = add_days(start, rng.range(30, room));
            let status = rng.weighted_pick(
                &[(60, EducationStatus::Ongoing), (25, EducationStatus::Applied), (15, EducationStatus::Planned)],
                EducationStatus::Ongoing,
            );
            (from, status, None)
        }
        (Outcome::Other, _) if room > 90 && rng.chance(0.05) => {
            let from = add_days(start, rng.range(20, room / 2));
            (from, EducationStatus::Interrupted, Some(add_days(from, rng.range(14, room / 2))))
        }
        _ => return None,
    };
    let (level, programme, institution) = rng.pick_or(EDUCATIONS, ("kurs", "Norsk B1", "Folkeuniversitetet"));
    Some((level, programme, institution, from, status, to))
}
