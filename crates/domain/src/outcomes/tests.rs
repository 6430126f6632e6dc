//! Hand-computed cases, one per rule of DOMAIN.md §10. The window is 2024-01-01–2024-06-30
//! unless a test says otherwise.

#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;

use super::*;
use crate::course::{EndCause, Phase, ReferralDecision};
use crate::education::EducationStatus;
use crate::job::{EndedBy, JobForm, PercentStep};
use crate::measure::MeasureStatus;
use crate::organisation::Method;
use crate::participant::NorwegianLevel;

pub(crate) fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const FROM: &str = "2024-01-01";
const TO: &str = "2024-06-30";

pub(crate) fn course(id: &str, start: &str) -> OutcomeCourse {
    OutcomeCourse {
        id: id.into(),
        participant: format!("p-{id}"),
        staff: Some(0),
        method: Method::Se,
        background: Background::default(),
        start: d(start),
        end: None,
        end_cause: None,
        end_cause_detail: None,
        phases: Vec::new(),
        passive: Vec::new(),
        jobs: Vec::new(),
        educations: Vec::new(),
    }
}

pub(crate) fn ended(mut c: OutcomeCourse, end: &str, cause: Option<EndCause>) -> OutcomeCourse {
    c.end = Some(d(end));
    c.end_cause = cause;
    c
}

pub(crate) fn job(id: &str, form: JobForm, start: &str, end: Option<&str>) -> OutcomeJob {
    OutcomeJob {
        id: id.into(),
        employer: format!("e-{id}"),
        industry: None,
        form,
        paid: !form.is_unpaid_placement(),
        start: d(start),
        planned_end: None,
        end: end.map(d),
        ended_by: None,
        percent: Vec::new(),
        subsidies: Vec::new(),
    }
}

fn steps(list: &[(&str, f64)]) -> Vec<PercentStep> {
    list.iter().map(|(from, percent)| PercentStep { from: d(from), percent: *percent }).collect()
}

pub(crate) fn data(courses: Vec<OutcomeCourse>) -> OutcomeData {
    OutcomeData {
        offices: vec!["0301".into()],
        teams: vec![OutcomeTeam { id: "t1".into(), office: Some(0), method: Method::Se }],
        staff: vec![OutcomeStaff { id: "js1".into(), team: Some(0), job_specialist: true }],
        courses,
        referrals: Vec::new(),
    }
}

pub(super) fn report(data: &OutcomeData, by: GroupKind, split: Option<Split>) -> OutcomeReport {
    compute(data, &OutcomeSpec { from: d(FROM), to: d(TO), by, split })
}

/// (count, denominator) of a category in the first group, unsplit.
pub(super) fn cell(r: &OutcomeReport, table: Table, category: &str) -> (u64, Option<u64>) {
    let row = r.rows.iter().find(|x| x.group == 0 && x.table == table && x.category == category);
    let row = row.unwrap_or_else(|| panic!("no row {table} {category}"));
    (row.count, row.denominator)
}

fn status(c: &OutcomeCourse) -> Status {
    c.status(d(TO))
}

#[test]
fn a_job_on_a_passive_course_is_work() {
    let mut c = course("c1", "2023-09-01");
    c.passive.push((d("2024-05-01"), None));
    c.jobs.push(job("j1", JobForm::Permanent, "2024-03-01", None));
    assert_eq!(status(&c), Status::Work);
    c.jobs[0].paid = false;
    assert_eq!(status(&c), Status::Passive, "an unpaid job is not work");
}

#[test]
fn a_job_beside_an_ongoing_placement_is_work() {
    let mut c = course("c1", "2023-09-01");
    c.jobs.push(job("p1", JobForm::WorkTraining, "2024-05-01", None));
    assert_eq!(status(&c), Status::Placement);
    c.jobs.push(job("j1", JobForm::OnCall, "2024-06-01", None));
    assert_eq!(status(&c), Status::Work);
}

#[test]
fn a_course_ended_to_work_stays_work_after_its_job_ends() {
    let mut c = ended(course("c1", "2023-09-01"), "2024-02-29", Some(EndCause::Work));
    c.jobs.push(job("j1", JobForm::FixedTerm, "2024-02-01", Some("2024-04-30")));
    assert_eq!(status(&c), Status::Work);
    // Its status job is the ended one, with its last percentage, and no subsidy on `to`.
    c.jobs[0].percent = steps(&[("2024-02-01", 50.0), ("2024-04-01", 80.0)]);
    let r = report(&data(vec![c]), GroupKind::All, None);
    assert_eq!(cell(&r, Table::Status, "arbeid"), (1, Some(1)));
    assert_eq!(cell(&r, Table::JobForm, "tidsbegrenset"), (1, Some(1)));
    assert_eq!(cell(&r, Table::Percent, "60-99"), (1, Some(1)));
    assert_eq!(cell(&r, Table::Subsidy, "uten"), (1, Some(1)));
}

#[test]
fn ended_courses_without_a_work_cause_are_not_work_once_the_job_is_over() {
    let mut c = ended(course("c1", "2023-09-01"), "2024-03-01", Some(EndCause::Other));
    c.end_cause_detail = Some("flyttet".into());
    c.jobs.push(job("j1", JobForm::Permanent, "2024-01-01", Some("2024-02-01")));
    assert_eq!(status(&c), Status::EndedWithoutWork);
    // Still ongoing on `to`: work comes first, whatever the end cause.
    c.jobs[0].end = None;
    assert_eq!(status(&c), Status::Work);
}

#[test]
fn jobbsmak_is_never_work() {
    let mut c = course("c1", "2023-09-01");
    let mut taster = job("p1", JobForm::Taster, "2024-06-25", None);
    taster.paid = true; // wrongly recorded as paid: still a placement
    c.jobs.push(taster);
    assert_eq!(status(&c), Status::Placement);
    let mut e = ended(course("c2", "2023-09-01"), "2024-06-29", None);
    e.jobs.push(job("p2", JobForm::Taster, "2024-06-20", Some("2024-06-28")));
    assert_eq!(e.placement_cell(), PlacementCell::NotCompletedNoWork, "no planned end, not run out");
    e.jobs[0].ended_by = Some(EndedBy::Expired);
    assert_eq!(e.placement_cell(), PlacementCell::CompletedNoWork, "completed, but not work");
}

#[test]
fn a_placement_is_completed_when_it_runs_out_or_reaches_its_planned_end() {
    let base = ended(course("c1", "2023-09-01"), "2024-05-31", None);
    let placement = |end: Option<&str>, planned: Option<&str>, by: Option<EndedBy>| {
        let mut p = job("p1", JobForm::WorkTraining, "2024-01-15", end);
        p.planned_end = planned.map(d);
        p.ended_by = by;
        let mut c = base.clone();
        c.jobs.push(p);
        c.placement_cell()
    };
    use PlacementCell::*;
    assert_eq!(placement(Some("2024-03-01"), None, Some(EndedBy::Expired)), CompletedNoWork);
    assert_eq!(placement(Some("2024-03-01"), Some("2024-03-01"), Some(EndedBy::Employee)), CompletedNoWork);
    assert_eq!(placement(Some("2024-03-05"), Some("2024-03-01"), None), CompletedNoWork);
    assert_eq!(placement(Some("2024-02-28"), Some("2024-03-01"), Some(EndedBy::Employee)), NotCompletedNoWork);
    assert_eq!(placement(None, Some("2024-03-01"), None), NotCompletedNoWork, "not ended");
    assert_eq!(base.placement_cell(), NotCompletedNoWork, "no placement at all");
    // Paid work: a paid job that started during the course, or end cause arbeid.
    let mut c = base.clone();
    c.jobs.push(job("j1", JobForm::Permanent, "2024-05-31", None));
    assert_eq!(c.placement_cell(), NotCompletedWork);
    c.jobs[0].start = d("2024-06-01");
    assert_eq!(c.placement_cell(), NotCompletedNoWork, "started after the course ended");
    c.end_cause = Some(EndCause::Work);
    assert_eq!(c.placement_cell(), NotCompletedWork);
}

#[test]
fn the_status_job_is_the_ongoing_one_with_the_highest_percentage() {
    let mut c = course("c1", "2023-09-01");
    let mut a = job("a", JobForm::Permanent, "2024-01-01", None);
    a.percent = steps(&[("2024-01-01", 40.0)]);
    let mut b = job("b", JobForm::OnCall, "2024-02-01", None);
    b.percent = steps(&[("2024-02-01", 100.0), ("2024-06-01", 20.0)]);
    let mut later = job("c", JobForm::FixedTerm, "2024-05-01", Some("2024-06-15"));
    later.percent = steps(&[("2024-05-01", 100.0)]);
    let unknown = job("d", JobForm::Apprentice, "2024-06-01", None);
    c.jobs = vec![a, b, later, unknown];
    let to = d(TO);
    assert_eq!(c.status_job(to).map(|j| j.id.as_str()), Some("a"), "40 % beats 20 % on `to` and an ended 100 %");
    // With none ongoing: the paid job that started last by `to`.
    for j in &mut c.jobs {
        j.end = Some(j.end.unwrap_or(d("2024-06-10")));
    }
    assert_eq!(c.status_job(to).map(|j| j.id.as_str()), Some("d"));
    c.jobs.push(job("e", JobForm::Permanent, "2024-07-01", None));
    assert_eq!(c.status_job(to).map(|j| j.id.as_str()), Some("d"), "a job after `to` is not yet a job");
}

#[test]
fn the_percentage_is_read_on_the_day_to() {
    let mut c = course("c1", "2023-09-01");
    let mut j = job("j1", JobForm::Permanent, "2024-01-01", None);
    j.percent = steps(&[("2024-01-01", 20.0), ("2024-06-30", 60.0), ("2024-07-01", 100.0)]);
    c.jobs.push(j);
    let r = report(&data(vec![c.clone()]), GroupKind::All, None);
    assert_eq!(cell(&r, Table::Percent, "60-99"), (1, Some(1)));
    assert_eq!(cell(&r, Table::Percent, "100"), (0, Some(1)));
    c.jobs[0].percent = steps(&[("2024-01-01", 20.0), ("2024-07-01", 100.0)]);
    let r = report(&data(vec![c.clone()]), GroupKind::All, None);
    assert_eq!(cell(&r, Table::Percent, "1-59"), (1, Some(1)));
    c.jobs[0].percent.clear();
    let r = report(&data(vec![c]), GroupKind::All, None);
    assert_eq!(cell(&r, Table::Percent, "ukjent"), (1, Some(1)));
    assert_eq!(band(Some(100.0)), PercentBand::Full);
    assert_eq!(band(Some(99.9)), PercentBand::High);
    assert_eq!(band(Some(60.0)), PercentBand::High);
    assert_eq!(band(Some(59.5)), PercentBand::Low);
    assert_eq!(band(Some(0.0)), PercentBand::Unknown);
}

#[test]
fn a_wage_subsidy_that_ended_before_to_does_not_count() {
    let mut c = course("c1", "2023-09-01");
    let mut j = job("j1", JobForm::Permanent, "2024-01-01", None);
    let subsidy = |status, from: &str, to: Option<&str>| Subsidy { status, from: Some(d(from)), to: to.map(d) };
    j.subsidies.push(subsidy(MeasureStatus::Ended, "2024-01-01", Some("2024-06-29")));
    c.jobs.push(j);
    let tally = |c: &OutcomeCourse| {
        let r = report(&data(vec![c.clone()]), GroupKind::All, None);
        (cell(&r, Table::Subsidy, "med").0, cell(&r, Table::Subsidy, "uten").0)
    };
    assert_eq!(tally(&c), (0, 1));
    c.jobs[0].subsidies[0].to = Some(d(TO));
    assert_eq!(tally(&c), (1, 0), "ends on `to`: still active that day");
    c.jobs[0].subsidies[0] = subsidy(MeasureStatus::Active, "2024-01-01", None);
    assert_eq!(tally(&c), (1, 0));
    c.jobs[0].subsidies[0] = subsidy(MeasureStatus::Granted, "2024-07-01", None);
    assert_eq!(tally(&c), (0, 1), "granted from after `to`");
    c.jobs[0].subsidies[0] = subsidy(MeasureStatus::SentToVeileder, "2024-01-01", None);
    assert_eq!(tally(&c), (0, 1), "not decided");
    c.jobs[0].subsidies[0] = Subsidy { status: MeasureStatus::Ended, from: None, to: None };
    assert_eq!(tally(&c), (0, 1), "ended on an unknown day");
}

#[test]
fn education_applied_for_is_not_education() {
    let mut c = course("c1", "2023-09-01");
    let edu = |status, start: &str, end: Option<&str>| OutcomeEducation {
        status: Some(status),
        start: d(start),
        end: end.map(d),
    };
    c.educations.push(edu(EducationStatus::Applied, "2024-01-01", None));
    c.educations.push(edu(EducationStatus::Planned, "2024-01-01", None));
    assert_eq!(status(&c), Status::FollowUp);
    c.educations.push(edu(EducationStatus::Ongoing, "2024-07-01", None));
    assert_eq!(status(&c), Status::FollowUp, "starts after `to`");
    c.educations.push(edu(EducationStatus::Ongoing, "2023-08-15", Some(TO)));
    assert_eq!(status(&c), Status::Education);
    let e = ended(course("c2", "2023-09-01"), "2024-02-01", Some(EndCause::Education));
    assert_eq!(status(&e), Status::Education);
}

#[test]
fn referrals_sent_before_the_window_are_not_counted() {
    let mut data = data(Vec::new());
    let referral = |id: &str, sent: &str, decision, decided: Option<&str>, reason: Option<&str>| OutcomeReferral {
        id: id.into(),
        team: Some(0),
        background: Background::default(),
        sent: d(sent),
        decision,
        decided: decided.map(d),
        reason: reason.map(str::to_owned),
    };
    data.referrals = vec![
        referral("r0", "2023-12-31", Some(ReferralDecision::Rejected), Some("2024-01-05"), Some("rus")),
        referral("r1", "2024-01-01", Some(ReferralDecision::Rejected), Some("2024-01-05"), Some("rus")),
        referral("r2", "2024-03-01", Some(ReferralDecision::Rejected), Some("2024-03-02"), None),
        referral("r3", "2024-04-01", Some(ReferralDecision::Accepted), Some("2024-04-02"), None),
        referral("r4", "2024-06-20", Some(ReferralDecision::Accepted), Some("2024-07-02"), None),
        referral("r5", "2024-06-30", None, None, None),
        referral("r6", "2024-07-01", None, None, None),
    ];
    let r = report(&data, GroupKind::Team, None);
    assert_eq!(cell(&r, Table::Referrals, "akseptert"), (1, Some(5)));
    assert_eq!(cell(&r, Table::Referrals, "avvist"), (2, Some(5)));
    assert_eq!(cell(&r, Table::Referrals, "ubesvart"), (2, Some(5)), "undecided, or decided after `to`");
    assert_eq!(cell(&r, Table::RejectionReason, "rus"), (1, Some(2)));
    assert_eq!(cell(&r, Table::RejectionReason, "ukjent"), (1, Some(2)));
    let by_js = report(&data, GroupKind::JobSpecialist, None);
    assert!(by_js.rows.iter().all(|x| x.table != Table::Referrals), "referrals belong to teams");
}

#[test]
fn the_statuses_come_in_order_and_split_further() {
    let mut follow = course("c1", "2023-01-01");
    follow.phases = vec![(d("2023-01-01"), Phase::InitialContact), (d("2024-05-01"), Phase::FindingJob)];
    follow.phases.push((d("2024-07-01"), Phase::Training));
    let mut passive = course("c2", "2024-06-30");
    passive.passive.push((d("2024-06-01"), Some(d(TO))));
    passive.jobs.push(job("p", JobForm::Taster, "2024-06-01", None));
    let before = ended(course("c3", "2022-01-01"), "2023-12-31", Some(EndCause::Other));
    let after = course("c4", "2024-07-01");
    let mut other = ended(course("c5", "2022-01-01"), "2024-01-01", Some(EndCause::Other));
    other.end_cause_detail = Some("sykdom".into());
    let no_cause = ended(course("c6", "2022-01-01"), "2024-06-30", None);
    let later = ended(course("c7", "2022-01-01"), "2024-07-01", Some(EndCause::Other));
    let r = report(&data(vec![follow, passive, before, after, other, no_cause, later]), GroupKind::Office, None);
    assert_eq!(r.group_ids, vec!["0301"]);
    assert_eq!(cell(&r, Table::Population, "alle"), (5, Some(5)));
    assert_eq!(cell(&r, Table::Population, "avsluttet"), (2, Some(5)));
    assert_eq!(cell(&r, Table::Population, "apne"), (3, Some(5)), "c7 ends after `to`: open");
    assert_eq!(cell(&r, Table::Status, "passiv"), (1, Some(5)), "passive before placement");
    assert_eq!(cell(&r, Table::Status, "oppfolging"), (2, Some(5)));
    assert_eq!(cell(&r, Table::Phase, "finne_jobb"), (1, Some(2)));
    assert_eq!(cell(&r, Table::Phase, "ukjent"), (1, Some(2)));
    assert_eq!(cell(&r, Table::Status, "avsluttet_uten_arbeid"), (2, Some(5)));
    assert_eq!(cell(&r, Table::EndCause, "sykdom"), (1, Some(2)));
    assert_eq!(cell(&r, Table::EndCause, "ukjent"), (1, Some(2)));
    assert_eq!(cell(&r, Table::Placement, "ikke_fullfort_uten_jobb"), (2, Some(2)));
    assert_eq!(cell(&r, Table::Placement, "konvertering"), (0, Some(0)));
    let conversion = r.rows.iter().find(|x| x.category == "konvertering").unwrap();
    assert_eq!(conversion.share, None, "no denominator, no share");
    let order: Vec<&str> = r.rows.iter().filter(|x| x.table == Table::Status).map(|x| x.category.as_str()).collect();
    assert_eq!(order, ["arbeid", "utdanning", "passiv", "praksis", "oppfolging", "avsluttet_uten_arbeid"]);
}

#[test]
fn employers_are_counted_once_over_jobs_and_placements_in_the_window() {
    let mut a = course("c1", "2023-01-01");
    a.jobs.push(job("j1", JobForm::Permanent, "2024-01-01", None));
    a.jobs.push(job("j2", JobForm::Taster, "2023-06-01", Some("2024-01-01")));
    a.jobs.push(job("j3", JobForm::Permanent, "2023-06-01", Some("2023-12-31")));
    a.jobs[1].employer = "e-j1".into();
    let r = report(&data(vec![a]), GroupKind::All, None);
    let row = r.rows.iter().find(|x| x.table == Table::Employers).unwrap();
    assert_eq!((row.count, row.denominator, row.share), (1, None, None));
}

#[test]
fn splits_and_groups() {
    let mut a = course("c1", "2023-01-01");
    a.background =
        Background { norwegian_level: Some(NorwegianLevel::A2Plus), interpreter: Some(true), birth_year: Some(1989) };
    a.jobs.push(job("j1", JobForm::Permanent, "2024-01-01", None));
    let mut b = course("c2", "2023-01-01");
    b.background = Background { norwegian_level: Some(NorwegianLevel::B1), interpreter: None, birth_year: Some(1990) };
    b.method = Method::Ips;
    b.staff = Some(1);
    let mut data = data(vec![a, b]);
    data.staff.push(OutcomeStaff { id: "js0".into(), team: None, job_specialist: false });
    data.staff.push(OutcomeStaff { id: "vei".into(), team: Some(0), job_specialist: false });
    let mut old = ended(course("c9", "2020-01-01"), "2023-12-31", None);
    old.staff = Some(2);
    data.courses.push(old);
    let r = report(&data, GroupKind::JobSpecialist, None);
    assert_eq!(r.group_ids, vec!["js0", "js1"], "a holder of a course of the window is a group even without the role");
    let r = report(&data, GroupKind::All, Some(Split::NorwegianLevel));
    let values: Vec<&str> =
        r.rows.iter().filter(|x| x.table == Table::Employers).map(|x| x.split_value.as_deref().unwrap()).collect();
    assert_eq!(values, ["ingen", "A", "B", "ukjent"]);
    let at = |r: &OutcomeReport, value: &str, category: &str| {
        let row = r
            .rows
            .iter()
            .find(|x| x.split_value.as_deref() == Some(value) && x.table == Table::Status && x.category == category);
        row.map(|x| (x.count, x.denominator, x.share))
    };
    assert_eq!(at(&r, "A", "arbeid"), Some((1, Some(1), Some(100.0))));
    assert_eq!(at(&r, "B", "oppfolging"), Some((1, Some(1), Some(100.0))));
    assert_eq!(at(&r, "ingen", "arbeid"), Some((0, Some(0), None)));
    let r = report(&data, GroupKind::All, Some(Split::BirthYear));
    assert_eq!(at(&r, "1980-1989", "arbeid"), Some((1, Some(1), Some(100.0))));
    assert_eq!(at(&r, "1990-1999", "arbeid"), Some((0, Some(1), Some(0.0))));
    let r = report(&data, GroupKind::All, Some(Split::Interpreter));
    assert_eq!(at(&r, "ja", "arbeid").map(|x| x.0), Some(1));
    assert_eq!(at(&r, "ukjent", "oppfolging").map(|x| x.0), Some(1));
    let r = report(&data, GroupKind::All, Some(Split::Method));
    assert_eq!(at(&r, "IPS", "oppfolging").map(|x| x.0), Some(1));
    assert_eq!(split_value(Split::BirthYear, &Background::default(), Method::Se), "ukjent");
}

#[test]
fn the_order_does_not_depend_on_the_input_order() {
    let mut a = course("c1", "2023-01-01");
    a.jobs.push(job("j1", JobForm::Permanent, "2024-01-01", None));
    a.jobs[0].industry = Some("helse".into());
    let mut b = ended(course("c2", "2023-01-01"), "2024-02-01", Some(EndCause::Other));
    b.end_cause_detail = Some("flyttet".into());
    let mut c = ended(course("c3", "2023-01-01"), "2024-02-01", Some(EndCause::Other));
    c.end_cause_detail = Some("annet tiltak".into());
    let mut data1 = data(vec![a.clone(), b.clone(), c.clone()]);
    data1.teams.push(OutcomeTeam { id: "t0".into(), office: Some(0), method: Method::Ips });
    let mut data2 = data1.clone();
    data2.courses = vec![c, b, a];
    let (r1, r2) = (report(&data1, GroupKind::Team, None), report(&data2, GroupKind::Team, None));
    assert_eq!(r1.rows, r2.rows);
    assert_eq!(r1.group_ids, vec!["t0", "t1"]);
    let causes: Vec<&str> =
        r1.rows.iter().filter(|x| x.group == 1 && x.table == Table::EndCause).map(|x| x.category.as_str()).collect();
    assert_eq!(causes, ["annet tiltak", "flyttet"]);
    let empty_team: Vec<u64> = r1.rows.iter().filter(|x| x.group == 0).map(|x| x.count).collect();
    assert!(empty_team.iter().all(|n| *n == 0), "a team without courses lists the same rows, zeros");
    assert_eq!(r1.rows.iter().filter(|x| x.group == 0).count(), r1.rows.iter().filter(|x| x.group == 1).count());
}
