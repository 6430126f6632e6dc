//! Each alert rule at its boundary days.

use chrono::NaiveDate;

use super::*;
use crate::activity::{ActivityKind as K, ActivityStatus as S, Channel as C, Subcategory as Sub};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn course(start: &str) -> AlertCourse {
    AlertCourse { id: "c1".into(), start: d(start), end: None, passive: Vec::new() }
}

fn job(form: JobForm, start: &str) -> AlertJob {
    AlertJob {
        id: "j1".into(),
        course: 0,
        form,
        paid: Some(!form.is_unpaid_placement()),
        start: d(start),
        probation_end: None,
        planned_end: None,
        end: None,
        extensions: None,
    }
}

fn activity(date: &str, kind: K, sub: Option<Sub>) -> ActivityFact {
    ActivityFact {
        staff: 0,
        course: Some(0),
        linked: true,
        date: d(date),
        kind,
        status: S::Done,
        channel: Some(C::Physical),
        decision_maker: Some(true),
        subcategory: sub,
        out_of_office: false,
        minutes: 30,
        travel: 0,
    }
}

/// A course with one K1p meeting and a participant meeting on `busy`, so that only the rule
/// under test fires.
fn quiet(start: &str, busy: &str) -> AlertData {
    AlertData {
        courses: vec![course(start)],
        activities: vec![
            activity(busy, K::EmployerMeeting, Some(Sub::JobDevelopment)),
            activity(busy, K::ParticipantMeeting, None),
        ],
        ..AlertData::default()
    }
}

fn kinds(data: &AlertData, as_of: &str) -> Vec<(AlertKind, NaiveDate)> {
    alerts(data, d(as_of)).into_iter().map(|a| (a.kind, a.due)).collect()
}

fn has(data: &AlertData, as_of: &str, kind: AlertKind) -> bool {
    kinds(data, as_of).iter().any(|(k, _)| *k == kind)
}

#[test]
fn probation_ends_within_fourteen_days() {
    let mut data = quiet("2024-01-01", "2024-06-01");
    data.jobs = vec![AlertJob { probation_end: Some(d("2024-06-15")), ..job(JobForm::Permanent, "2023-12-15") }];
    // 15 June is 14 days after 1 June: shown; on 31 May it is 15 days ahead: not yet.
    assert!(kinds(&data, "2024-06-01").contains(&(AlertKind::ProbationEnds, d("2024-06-15"))));
    assert!(!has(&data, "2024-05-31", AlertKind::ProbationEnds));
    assert!(has(&data, "2024-06-15", AlertKind::ProbationEnds));
    assert!(!has(&data, "2024-06-16", AlertKind::ProbationEnds));
    data.jobs[0].end = Some(d("2024-05-31"));
    assert!(!has(&data, "2024-06-01", AlertKind::ProbationEnds), "an ended job has no probation");
}

#[test]
fn contract_ends_within_thirty_days_for_paid_jobs() {
    let mut data = quiet("2024-01-01", "2024-06-01");
    data.jobs = vec![AlertJob { planned_end: Some(d("2024-07-01")), ..job(JobForm::FixedTerm, "2024-05-01") }];
    assert!(kinds(&data, "2024-06-01").contains(&(AlertKind::ContractEnds, d("2024-07-01"))));
    assert!(!has(&data, "2024-05-31", AlertKind::ContractEnds));
    data.jobs[0].form = JobForm::WorkTraining;
    data.jobs[0].paid = Some(false);
    assert!(!has(&data, "2024-06-01", AlertKind::ContractEnds), "only paid jobs have contracts");
}

#[test]
fn subsidy_ends_within_thirty_days_when_active() {
    let mut data = quiet("2024-01-01", "2024-06-01");
    data.measures =
        vec![AlertMeasure { course: 0, job: None, status: MeasureStatus::Active, to: Some(d("2024-07-01")) }];
    assert!(kinds(&data, "2024-06-01").contains(&(AlertKind::SubsidyEnds, d("2024-07-01"))));
    assert!(!has(&data, "2024-05-31", AlertKind::SubsidyEnds));
    assert!(has(&data, "2024-07-01", AlertKind::SubsidyEnds));
    data.measures[0].status = MeasureStatus::Granted;
    assert!(!has(&data, "2024-06-01", AlertKind::SubsidyEnds));
}

#[test]
fn follow_up_is_missing_after_thirty_days_in_the_first_six_months() {
    let mut data = quiet("2024-01-01", "2024-03-01");
    data.jobs = vec![job(JobForm::Permanent, "2024-02-01")];
    // Last follow-up (the participant meeting) on 1 March: due 31 March.
    assert!(!has(&data, "2024-03-30", AlertKind::FollowUpMissing));
    assert!(kinds(&data, "2024-03-31").contains(&(AlertKind::FollowUpMissing, d("2024-03-31"))));
    // Job support counts as follow-up too.
    data.activities.push(activity("2024-03-20", K::EmployerMeeting, Some(Sub::JobSupport)));
    assert!(!has(&data, "2024-04-18", AlertKind::FollowUpMissing));
    assert!(has(&data, "2024-04-19", AlertKind::FollowUpMissing));
    // Six months after the start (1 August) the rule no longer applies.
    assert!(has(&data, "2024-07-31", AlertKind::FollowUpMissing));
    assert!(!has(&data, "2024-08-01", AlertKind::FollowUpMissing));
    // A new job: 30 days from its start.
    let mut fresh = quiet("2024-01-01", "2024-06-01");
    fresh.activities.clear();
    fresh.jobs = vec![job(JobForm::OnCall, "2024-06-01")];
    assert!(!has(&fresh, "2024-06-30", AlertKind::FollowUpMissing));
    assert!(has(&fresh, "2024-07-01", AlertKind::FollowUpMissing));
}

#[test]
fn unpaid_placements_longer_than_twelve_weeks_or_extended_twice() {
    let mut data = quiet("2024-01-01", "2024-06-01");
    data.jobs = vec![job(JobForm::WorkTraining, "2024-03-01")];
    // 12 weeks after 1 March is 24 May: that day it is exactly 12 weeks, the next day longer.
    assert!(!has(&data, "2024-05-24", AlertKind::UnpaidTooLong));
    assert!(kinds(&data, "2024-05-25").contains(&(AlertKind::UnpaidTooLong, d("2024-05-24"))));
    // Planned longer than 12 weeks: shown at once.
    data.jobs[0].planned_end = Some(d("2024-06-30"));
    assert!(has(&data, "2024-03-02", AlertKind::UnpaidTooLong));
    data.jobs[0].planned_end = None;
    data.jobs[0].extensions = Some(1);
    assert!(!has(&data, "2024-03-10", AlertKind::UnpaidTooLong));
    data.jobs[0].extensions = Some(2);
    assert!(kinds(&data, "2024-03-10").contains(&(AlertKind::UnpaidTooLong, d("2024-03-10"))));
    data.jobs[0].form = JobForm::Permanent;
    data.jobs[0].paid = Some(true);
    assert!(!has(&data, "2024-06-10", AlertKind::UnpaidTooLong));
}

#[test]
fn first_employer_contact_after_thirty_days() {
    let mut data = AlertData { courses: vec![course("2024-01-01")], ..AlertData::default() };
    data.activities = vec![activity("2024-01-20", K::ParticipantMeeting, None)];
    assert!(!has(&data, "2024-01-30", AlertKind::FirstEmployerContact));
    assert!(kinds(&data, "2024-01-31").contains(&(AlertKind::FirstEmployerContact, d("2024-01-31"))));
    // A digital employer meeting is not K1p; a physical one with a decision maker is.
    let digital = ActivityFact {
        channel: Some(C::Digital),
        ..activity("2024-02-01", K::EmployerMeeting, Some(Sub::JobDevelopment))
    };
    data.activities.push(digital);
    assert!(has(&data, "2024-02-05", AlertKind::FirstEmployerContact));
    data.activities.push(activity("2024-02-10", K::EmployerMeeting, Some(Sub::RelationshipBuilding)));
    assert!(has(&data, "2024-02-09", AlertKind::FirstEmployerContact));
    assert!(!has(&data, "2024-02-10", AlertKind::FirstEmployerContact));
}

#[test]
fn no_activity_for_fourteen_days_unless_passive() {
    let mut data = quiet("2024-01-01", "2024-03-01");
    assert!(!has(&data, "2024-03-14", AlertKind::NoActivity));
    assert!(kinds(&data, "2024-03-15").contains(&(AlertKind::NoActivity, d("2024-03-15"))));
    // A cancelled meeting is no activity.
    data.activities.push(ActivityFact { status: S::Cancelled, ..activity("2024-03-10", K::ParticipantMeeting, None) });
    assert!(has(&data, "2024-03-15", AlertKind::NoActivity));
    data.courses[0].passive.push((d("2024-03-12"), None));
    assert!(!has(&data, "2024-03-15", AlertKind::NoActivity));
    data.courses[0].passive[0].1 = Some(d("2024-03-14"));
    assert!(has(&data, "2024-03-15", AlertKind::NoActivity));
    data.courses[0].end = Some(d("2024-03-14"));
    assert!(!has(&data, "2024-03-15", AlertKind::NoActivity), "an ended course needs no activity");
}

#[test]
fn status_checks_at_six_months_one_and_three_years_even_after_the_end() {
    let mut data = quiet("2023-01-01", "2026-01-01");
    data.jobs = vec![job(JobForm::Permanent, "2024-01-15"), job(JobForm::Permanent, "2024-03-01")];
    data.jobs[1].id = "j2".into();
    data.courses[0].end = Some(d("2024-05-01"));
    // The 6-month mark of the first paid job is 15 July; shown from 1 July.
    assert!(!has(&data, "2024-06-30", AlertKind::StatusCheck));
    let on = alerts(&data, d("2024-07-01"));
    let status: Vec<&Alert> = on.iter().filter(|a| a.kind == AlertKind::StatusCheck).collect();
    assert_eq!(status.len(), 1);
    assert_eq!((status[0].job, status[0].due), (Some(0), d("2024-07-15")));
    // Done from 30 days before the mark: gone.
    data.checks = vec![AlertCheck { job: 0, done: Some(d("2024-06-15")) }];
    assert!(!has(&data, "2024-07-20", AlertKind::StatusCheck));
    // The 1-year mark (15 January 2025) comes due on its own.
    assert!(kinds(&data, "2025-01-01").contains(&(AlertKind::StatusCheck, d("2025-01-15"))));
    // The 3-year mark (15 January 2027), and still there until a year after it.
    assert!(kinds(&data, "2027-01-15").contains(&(AlertKind::StatusCheck, d("2027-01-15"))));
    assert!(has(&data, "2028-01-15", AlertKind::StatusCheck));
    assert!(!has(&data, "2028-01-16", AlertKind::StatusCheck));
}

/// What the store hands over: per course, the latest done activity up to `as_of` of each
/// combination of the fields the rules read.
fn latest_of_each_group(all: &[ActivityFact], as_of: NaiveDate) -> Vec<ActivityFact> {
    let mut latest: Vec<ActivityFact> = Vec::new();
    for a in all.iter().filter(|a| a.date <= as_of && a.status.is_done()) {
        let key = |x: &ActivityFact| (x.course, x.kind, x.status, x.channel, x.decision_maker, x.subcategory);
        match latest.iter_mut().find(|l| key(l) == key(a)) {
            Some(l) => l.date = l.date.max(a.date),
            None => latest.push(*a),
        }
    }
    latest
}

#[test]
fn latest_of_each_group_gives_the_same_alerts() {
    // A small generator (xorshift), so the test needs no crate and is the same every run.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let base = d("2024-01-01");
    let forms = [JobForm::Permanent, JobForm::FixedTerm, JobForm::WorkTraining, JobForm::OnCall];
    let subs =
        [None, Some(Sub::JobDevelopment), Some(Sub::RelationshipBuilding), Some(Sub::JobSupport), Some(Sub::FollowUp)];
    let channels = [None, Some(C::Physical), Some(C::Digital), Some(C::Phone)];
    let mut fired = 0;
    for round in 0..40 {
        let mut data = AlertData::default();
        for c in 0..6 {
            let start = base + Duration::days(next(200) as i64);
            data.courses.push(AlertCourse { id: format!("c{c}"), start, end: None, passive: Vec::new() });
            if next(2) == 0 {
                let form = forms[next(forms.len())];
                data.jobs.push(AlertJob {
                    id: format!("j{c}"),
                    course: c,
                    start: start + Duration::days(next(120) as i64),
                    ..job(form, "2024-01-01")
                });
            }
            for _ in 0..next(30) {
                data.activities.push(ActivityFact {
                    course: Some(c),
                    date: start + Duration::days(next(300) as i64) - Duration::days(20),
                    kind: K::ALL[next(K::ALL.len())],
                    status: S::ALL[next(S::ALL.len())],
                    channel: channels[next(channels.len())],
                    decision_maker: [None, Some(true), Some(false)][next(3)],
                    subcategory: subs[next(subs.len())],
                    ..activity("2024-01-01", K::Other, None)
                });
            }
        }
        for step in 0..8 {
            let as_of = base + Duration::days(60 * step + round);
            let reduced = AlertData { activities: latest_of_each_group(&data.activities, as_of), ..data.clone() };
            let all = alerts(&data, as_of);
            fired += all.len();
            assert_eq!(all, alerts(&reduced, as_of), "round {round}, as of {as_of}");
        }
    }
    assert!(fired > 100, "the generated data should fire alerts ({fired})");
}
