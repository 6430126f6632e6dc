//! Every KPI against numbers computed by hand from DOMAIN.md §5. The comment above each
//! expectation shows the arithmetic.

use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::activity::{ActivityKind as K, ActivityStatus as S, Channel as C, Subcategory as Sub};
use crate::time::oslo_date;

pub(super) fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Office 0314 with team t1 (js1 at 100 %, js2 at 50 %, mv1 the team lead, not a job
/// specialist) and team t2 with nobody in it.
pub(super) fn base() -> KpiData {
    let staff = |id: &str, team, fte, js| StaffFact { id: id.into(), team, fte, job_specialist: js, member: true };
    KpiData {
        offices: vec!["0314".into()],
        teams: vec![TeamFact { id: "t1".into(), office: Some(0) }, TeamFact { id: "t2".into(), office: Some(0) }],
        staff: vec![
            staff("js1", Some(0), 1.0, true),
            staff("js2", Some(0), 0.5, true),
            staff("mv1", Some(0), 1.0, false),
        ],
        ..KpiData::default()
    }
}

pub(super) fn course(data: &mut KpiData, participant: &str, staff: usize, start: &str, end: Option<&str>) -> usize {
    data.courses.push(CourseFact {
        id: format!("c{}", data.courses.len() + 1),
        participant: participant.into(),
        staff: Some(staff),
        start: d(start),
        end: end.map(d),
        referred: None,
        ended_to_work: false,
        passive: Vec::new(),
    });
    data.courses.len() - 1
}

/// A done, physical K1 meeting with a decision maker, for job development.
pub(super) fn k1(staff: usize, course: Option<usize>, date: &str) -> ActivityFact {
    ActivityFact {
        staff,
        course,
        linked: course.is_some(),
        date: d(date),
        kind: K::EmployerMeeting,
        status: S::Done,
        channel: Some(C::Physical),
        decision_maker: Some(true),
        subcategory: Some(Sub::JobDevelopment),
        out_of_office: false,
        minutes: 60,
        travel: 0,
    }
}

pub(super) fn job(course: usize, start: &str, end: Option<&str>, paid_work: bool) -> JobFact {
    JobFact {
        id: format!("j-{course}-{start}"),
        course,
        start: d(start),
        end: end.map(d),
        paid_work,
        subsidised: false,
        styrk: None,
        employer: "e1".into(),
    }
}

fn run(data: &KpiData, kpi: Kpi, by: GroupKind, period: PeriodKind, from: &str, to: &str) -> KpiReport {
    compute(data, &KpiSpec { from: d(from), to: d(to), by, period, kpis: vec![kpi] })
}

/// (value, numerator, denominator) of the row for `group` in period `label`.
fn cell(r: &KpiReport, group: &str, label: &str) -> (Option<f64>, Option<f64>, Option<f64>) {
    let row = only(r, group, label, |_| true);
    (row.value, row.numerator, row.denominator)
}

fn only<'a>(r: &'a KpiReport, group: &str, label: &str, pick: impl Fn(&KpiRow) -> bool) -> &'a KpiRow {
    let g = r.group_ids.iter().position(|x| x == group).unwrap();
    let p = r.periods.iter().position(|x| x.label == label).unwrap();
    let rows: Vec<&KpiRow> = r.rows.iter().filter(|x| x.group == g && x.period == p && pick(x)).collect();
    assert_eq!(rows.len(), 1, "{group} {label}");
    rows[0]
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

// Week 2024-W10 runs Monday 4 March to Sunday 10 March 2024.
pub(super) fn k1_week() -> KpiData {
    let mut data = base();
    let c = course(&mut data, "p1", 0, "2024-01-01", None);
    let no_show = ActivityFact {
        status: S::ParticipantNoShow,
        subcategory: Some(Sub::RelationshipBuilding),
        ..k1(0, None, "2024-03-05")
    };
    data.activities = vec![
        k1(0, Some(c), "2024-03-04"), // counts, on a course: K1p too
        no_show,                      // counts: the job specialist was there
        ActivityFact { channel: Some(C::Digital), ..k1(0, Some(c), "2024-03-05") }, // digital: no
        ActivityFact { decision_maker: Some(false), ..k1(0, Some(c), "2024-03-06") }, // not a decision maker: no
        ActivityFact { decision_maker: None, ..k1(0, Some(c), "2024-03-06") }, // unknown: no
        ActivityFact { subcategory: Some(Sub::JobSupport), ..k1(0, Some(c), "2024-03-07") }, // job support: no
        ActivityFact { subcategory: Some(Sub::FollowUp), ..k1(0, Some(c), "2024-03-07") }, // follow-up: no
        ActivityFact { status: S::Cancelled, ..k1(0, Some(c), "2024-03-08") }, // cancelled: no
        ActivityFact { status: S::Planned, ..k1(0, Some(c), "2024-03-08") }, // planned: no
        ActivityFact { kind: K::ParticipantMeeting, ..k1(0, Some(c), "2024-03-08") }, // not employer: no
        k1(0, Some(c), "2024-03-11"), // next week
        k1(1, Some(c), "2024-03-06"), // js2
        k1(2, Some(c), "2024-03-06"), // team lead, not a job specialist
    ];
    data
}

#[test]
fn k1_counts_only_countable_meetings() {
    let data = k1_week();
    let r = run(&data, Kpi::K1, GroupKind::JobSpecialist, PeriodKind::Week, "2024-03-04", "2024-03-17");
    assert_eq!(r.group_ids, ["js1", "js2"]);
    // js1: the meeting on 4 March and the no-show on 5 March; 2 ÷ (1.0 FTE × 1 week) = 2.
    assert_eq!(cell(&r, "js1", "2024-W10"), (Some(2.0), Some(2.0), Some(1.0)));
    // js2 at 50 %: 1 ÷ (0.5 × 1) = 2.
    assert_eq!(cell(&r, "js2", "2024-W10"), (Some(2.0), Some(1.0), Some(0.5)));
    // js2 logged nothing in W11: no data, no value.
    assert_eq!(cell(&r, "js2", "2024-W11"), (None, None, None));
    assert_eq!(cell(&r, "js1", "2024-W11"), (Some(1.0), Some(1.0), Some(1.0)));
    assert_eq!(r.rows[0].kpi.rule().id(), "K1@1");

    // The team: js1 2 + js2 1 (the team lead's meeting does not count) over 1.5 FTE-weeks = 2.
    let t = run(&data, Kpi::K1, GroupKind::Team, PeriodKind::Week, "2024-03-04", "2024-03-10");
    assert_eq!(cell(&t, "t1", "2024-W10"), (Some(2.0), Some(3.0), Some(1.5)));
    // Team t2 has nobody: null, not zero.
    assert_eq!(cell(&t, "t2", "2024-W10"), (None, None, None));
    // Month of March 2024: 4 meetings over 1.5 FTE × 31/7 weeks.
    let m = run(&data, Kpi::K1, GroupKind::Office, PeriodKind::Month, "2024-03-01", "2024-03-31");
    let (v, n, den) = cell(&m, "0314", "2024-03");
    assert_eq!(n, Some(4.0));
    assert!(close(den, 1.5 * 31.0 / 7.0));
    assert!(close(v, 4.0 / (1.5 * 31.0 / 7.0)));
}

#[test]
fn k1p_needs_a_course() {
    let data = k1_week();
    let r = run(&data, Kpi::K1p, GroupKind::JobSpecialist, PeriodKind::Week, "2024-03-04", "2024-03-10");
    // The no-show meeting had no course: js1 has one K1p meeting in W10.
    assert_eq!(cell(&r, "js1", "2024-W10"), (Some(1.0), Some(1.0), Some(1.0)));
}

#[test]
fn k2_is_time_out_of_office_with_travel_per_fte() {
    let mut data = base();
    let out = |staff, status, minutes, travel, ooo| ActivityFact {
        kind: K::ParticipantMeeting,
        status,
        out_of_office: ooo,
        minutes,
        travel,
        ..k1(staff, None, "2024-03-05")
    };
    data.activities = vec![
        out(0, S::Done, 90, 30, true),
        out(0, S::Cancelled, 600, 0, true),
        out(0, S::Done, 600, 0, false),
        out(1, S::Done, 90, 30, true),
        out(1, S::ParticipantNoShow, 30, 0, true),
    ];
    let r = run(&data, Kpi::K2, GroupKind::JobSpecialist, PeriodKind::Week, "2024-03-04", "2024-03-10");
    // js1: (90 + 30) ÷ (37.5 × 60 × 1.0 × 1) × 100 = 120 ÷ 2250 × 100 = 5.333…
    let (v, n, den) = cell(&r, "js1", "2024-W10");
    assert_eq!((n, den), (Some(120.0), Some(2250.0)));
    assert!(close(v, 120.0 / 2250.0 * 100.0));
    // js2 at 50 %: the same 120 minutes plus a 30-minute no-show over 1125 minutes: 13.333…,
    // and the same 120 minutes alone would be 10.666…, twice js1's figure.
    let (v, n, den) = cell(&r, "js2", "2024-W10");
    assert_eq!((n, den), (Some(150.0), Some(1125.0)));
    assert!(close(v, 150.0 / 1125.0 * 100.0));
    assert!(close(Some(120.0 / 1125.0 * 100.0), 2.0 * 120.0 / 2250.0 * 100.0));
}

#[test]
fn a_meeting_after_the_october_clock_change_lands_in_its_monday_week() {
    let mut data = base();
    // 00:30 on Monday 28 October 2024 in Oslo is 23:30 UTC on Sunday the 27th.
    let start: DateTime<Utc> = "2024-10-27T23:30:00Z".parse().unwrap();
    data.activities = vec![ActivityFact { date: oslo_date(start), ..k1(0, None, "2000-01-01") }];
    let r = run(&data, Kpi::K1, GroupKind::JobSpecialist, PeriodKind::Week, "2024-10-21", "2024-11-03");
    assert_eq!(cell(&r, "js1", "2024-W44"), (Some(1.0), Some(1.0), Some(1.0)));
    assert_eq!(cell(&r, "js1", "2024-W43"), (None, None, None));
}

#[test]
fn k3_is_the_median_days_to_the_first_participant_specific_meeting() {
    let mut data = base();
    let c1 = course(&mut data, "p1", 0, "2024-01-10", None);
    let c2 = course(&mut data, "p2", 1, "2024-01-15", None);
    let _c3 = course(&mut data, "p3", 0, "2024-01-20", None);
    let c4 = course(&mut data, "p4", 0, "2023-12-01", None);
    data.activities = vec![
        ActivityFact { channel: Some(C::Digital), ..k1(0, Some(c1), "2024-01-20") }, // not K1
        k1(0, Some(c1), "2024-01-25"),                                               // c1: 15 days
        k1(0, Some(c1), "2024-02-01"),                                               // later, ignored
        k1(2, Some(c2), "2024-03-15"),                                               // c2: 60 days (anyone's meeting)
        k1(0, Some(c4), "2024-01-05"),                                               // c4 started before the period
    ];
    let r = run(&data, Kpi::K3, GroupKind::Team, PeriodKind::Month, "2024-01-01", "2024-06-30");
    // Started in January: c1, c2, c3; measured c1 (15) and c2 (60): median (15 + 60) ÷ 2 = 37.5.
    assert_eq!(cell(&r, "t1", "2024-01"), (Some(37.5), Some(2.0), Some(3.0)));
    assert_eq!(cell(&r, "t1", "2024-02"), (None, None, None));
    // Report ending 29 February: c2's meeting has not happened yet; median of [15] = 15.
    let r = run(&data, Kpi::K3, GroupKind::Team, PeriodKind::Month, "2024-01-01", "2024-02-29");
    assert_eq!(cell(&r, "t1", "2024-01"), (Some(15.0), Some(1.0), Some(3.0)));
}

#[test]
fn k4_counts_open_courses_on_the_last_day_and_passive_apart() {
    let mut data = base();
    for (p, start, end) in
        [("p1", "2024-01-01", None), ("p2", "2024-02-01", Some("2024-03-31")), ("p3", "2024-03-01", None)]
    {
        course(&mut data, p, 0, start, end);
    }
    let passive = course(&mut data, "p4", 0, "2024-01-01", None);
    data.courses[passive].passive.push((d("2024-03-15"), None));
    course(&mut data, "p5", 0, "2024-04-01", None); // starts the day after
    let r = run(&data, Kpi::K4, GroupKind::JobSpecialist, PeriodKind::Month, "2024-03-01", "2024-03-31");
    // 31 March: p1, p2 (ends that day) and p3 open, p4 passive: 3 ÷ 1.0 FTE.
    let row = only(&r, "js1", "2024-03", |_| true);
    assert_eq!((row.value, row.numerator, row.denominator, row.passive), (Some(3.0), Some(3.0), Some(1.0), Some(1.0)));
    assert_eq!(cell(&r, "js2", "2024-03"), (None, None, None));
}

#[test]
fn k5_counts_first_paid_jobs_and_never_placements() {
    let mut data = base();
    let c1 = course(&mut data, "p1", 0, "2024-01-01", None);
    let c2 = course(&mut data, "p2", 0, "2024-01-15", None);
    let c3 = course(&mut data, "p3", 0, "2024-02-01", None);
    data.jobs = vec![
        job(c1, "2024-02-01", Some("2024-02-05"), false), // jobbsmak: never work
        job(c1, "2024-02-10", None, false),               // arbeidstrening: never work
        JobFact { subsidised: true, ..job(c1, "2024-03-10", None, true) }, // first paid job, subsidised
        job(c1, "2024-06-01", None, true),                // a later paid job: not the first
        job(c2, "2025-02-01", None, true),                // 383 days after start
        job(c3, "2024-03-20", None, true),
    ];
    let r = run(&data, Kpi::K5a, GroupKind::JobSpecialist, PeriodKind::Month, "2024-01-01", "2024-03-31");
    // March: p1 and p3 into work, one with a subsidy; 2 ÷ 1.0 FTE.
    let row = only(&r, "js1", "2024-03", |_| true);
    assert_eq!((row.value, row.numerator, row.subsidised), (Some(2.0), Some(2.0), Some(1.0)));
    // February: only the placements, which never count: a real zero (courses were open).
    assert_eq!(cell(&r, "js1", "2024-02"), (Some(0.0), Some(0.0), Some(1.0)));

    let r = run(&data, Kpi::K5b, GroupKind::JobSpecialist, PeriodKind::Quarter, "2024-01-01", "2025-12-31");
    // Started in 2024-Q1: c1 (job after 69 days), c2 (383 days), c3 (48 days): 2 of 3 = 66.67 %.
    let (v, n, den) = cell(&r, "js1", "2024-Q1");
    assert_eq!((n, den), (Some(2.0), Some(3.0)));
    assert!(close(v, 200.0 / 3.0));
}

#[test]
fn k6_is_the_share_of_active_participants_in_paid_work() {
    let mut data = base();
    let c1 = course(&mut data, "p1", 0, "2024-01-01", None);
    let c2 = course(&mut data, "p2", 0, "2024-02-01", Some("2024-02-20"));
    course(&mut data, "p3", 0, "2023-01-01", Some("2024-01-01"));
    course(&mut data, "p4", 0, "2024-04-01", None); // after the quarter
    data.jobs = vec![job(c1, "2023-12-01", Some("2024-01-02"), true), job(c2, "2024-02-05", None, false)];
    let r = run(&data, Kpi::K6, GroupKind::Team, PeriodKind::Quarter, "2024-01-01", "2024-03-31");
    // p1, p2 and p3 had a course open in Q1; only p1 had paid work in it: 1 of 3.
    let (v, n, den) = cell(&r, "t1", "2024-Q1");
    assert_eq!((n, den), (Some(1.0), Some(3.0)));
    assert!(close(v, 100.0 / 3.0));
}

#[test]
fn k7_retention_is_measured_only_once_the_mark_has_passed() {
    let mut data = base();
    let c = course(&mut data, "p1", 0, "2023-06-01", None);
    data.jobs = vec![
        job(c, "2024-01-10", None, true),
        job(c, "2024-01-20", Some("2024-05-19"), true), // ended 4 months in
        job(c, "2024-01-25", Some("2024-04-25"), true), // ended exactly at 3 months: still ongoing then
        job(c, "2024-01-05", None, false),              // a placement: not a job here
    ];
    let r = run(&data, Kpi::K7, GroupKind::JobSpecialist, PeriodKind::Month, "2024-01-01", "2024-09-30");
    let at = |m: u8| only(&r, "js1", "2024-01", move |x| x.at_months == Some(m));
    // 3 months: all three still there = 100 %.
    assert_eq!((at(3).value, at(3).numerator, at(3).denominator), (Some(100.0), Some(3.0), Some(3.0)));
    // 6 months: only the first = 1 of 3.
    assert!(close(at(6).value, 100.0 / 3.0));
    // 12 months: not passed by 30 September 2024.
    assert_eq!((at(12).value, at(12).numerator), (None, None));
}

#[test]
fn k8_counts_months_with_follow_up() {
    let mut data = base();
    let c = course(&mut data, "p1", 0, "2023-06-01", None);
    data.jobs = vec![job(c, "2024-01-15", None, true)];
    let follow = |date, kind, sub, status| ActivityFact {
        kind,
        subcategory: sub,
        status,
        channel: Some(C::Phone),
        ..k1(0, Some(c), date)
    };
    data.activities = vec![
        follow("2024-01-20", K::EmployerMeeting, Some(Sub::JobSupport), S::Done), // month 1
        follow("2024-02-14", K::ParticipantMeeting, None, S::Done),               // month 1 (ends 14 Feb)
        follow("2024-02-20", K::ParticipantMeeting, None, S::Done),               // month 2
        follow("2024-03-20", K::EmployerMeeting, Some(Sub::FollowUp), S::Cancelled), // cancelled: month 3 empty
        follow("2024-04-16", K::PhoneSmsEmail, Some(Sub::FollowUp), S::Done),     // month 4
        follow("2024-05-20", K::EmployerMeeting, Some(Sub::JobDevelopment), S::Done), // not follow-up
    ];
    let r = run(&data, Kpi::K8, GroupKind::JobSpecialist, PeriodKind::Year, "2024-01-01", "2024-12-31");
    // Months 1, 2 and 4 of 6 have follow-up: 3 per job.
    assert_eq!(cell(&r, "js1", "2024"), (Some(3.0), Some(3.0), Some(1.0)));
    // Before 15 July the six months have not passed: not measured.
    let r = run(&data, Kpi::K8, GroupKind::JobSpecialist, PeriodKind::Year, "2024-01-01", "2024-07-14");
    assert_eq!(cell(&r, "js1", "2024"), (None, None, None));
}

#[test]
fn k9_is_distinct_occupations_and_employers_per_job() {
    let mut data = base();
    let c = course(&mut data, "p1", 0, "2023-06-01", None);
    let with = |start, styrk: &str, employer: &str| JobFact {
        styrk: Some(styrk.into()),
        employer: employer.into(),
        ..job(c, start, None, true)
    };
    data.jobs =
        vec![with("2024-02-01", "5120", "e1"), with("2024-03-01", "5120", "e2"), with("2024-04-01", "4110", "e2")];
    let r = run(&data, Kpi::K9, GroupKind::All, PeriodKind::Year, "2024-01-01", "2024-12-31");
    let styrk = only(&r, "all", "2024", |x| x.dimension == Some("styrk"));
    let employer = only(&r, "all", "2024", |x| x.dimension == Some("employer"));
    // 2 distinct codes and 2 distinct employers over 3 jobs.
    assert_eq!((styrk.numerator, styrk.denominator), (Some(2.0), Some(3.0)));
    assert!(close(styrk.value, 200.0 / 3.0) && close(employer.value, 200.0 / 3.0));
    let r = run(&data, Kpi::K9, GroupKind::All, PeriodKind::Year, "2025-01-01", "2025-12-31");
    assert!(r.rows.iter().all(|x| x.value.is_none()));
}

#[test]
fn median_of_even_and_odd() {
    assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
    assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
    assert_eq!(median(&mut []), None);
}
