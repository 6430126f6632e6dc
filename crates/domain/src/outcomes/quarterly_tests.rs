//! Hand-computed quarters of rule `R5@1` over 2024-01-01–2024-06-30 (Q1 and Q2).
//!
//! Team t1 (IPS, office 0301) has js1; team t2 (SE, office 0301) has js2; team t3 (IPS,
//! office 0302) has nobody. Participant p1 has two IPS courses with js1, so is one person.

#![allow(clippy::unwrap_used)]

use super::super::tests::{course, d, ended, job};
use super::*;
use crate::education::EducationStatus;
use crate::job::JobForm;
use crate::outcomes::{OutcomeEducation, OutcomeStaff, OutcomeTeam};

fn ips(id: &str, participant: &str, staff: usize, start: &str) -> OutcomeCourse {
    let mut c = course(id, start);
    c.participant = participant.into();
    c.staff = Some(staff);
    c.method = Method::Ips;
    c
}

fn education(status: EducationStatus, start: &str, end: Option<&str>) -> OutcomeEducation {
    OutcomeEducation { status: Some(status), start: d(start), end: end.map(d) }
}

fn data() -> OutcomeData {
    let mut c1 = ips("c1", "p1", 0, "2023-10-01");
    c1.jobs.push(job("j1", JobForm::Permanent, "2024-02-10", None));
    let mut c2 = ended(ips("c2", "p2", 0, "2024-03-15"), "2024-05-10", None);
    c2.jobs.push(job("s1", JobForm::Taster, "2024-04-01", Some("2024-04-20")));
    c2.educations.push(education(EducationStatus::Ongoing, "2024-05-01", None));
    let mut c3 = ips("c3", "p1", 0, "2024-05-01");
    c3.jobs.push(job("j2", JobForm::OnCall, "2024-05-15", None));
    c3.jobs.push(job("j3", JobForm::FixedTerm, "2024-06-01", None));
    let mut c4 = ips("c4", "p3", 0, "2024-01-01");
    c4.method = Method::Se; // held by an IPS team, but not an IPS course
    c4.jobs.push(job("j4", JobForm::Permanent, "2024-01-10", None));
    let mut c5 = ips("c5", "p4", 1, "2024-04-01");
    c5.educations.push(education(EducationStatus::Applied, "2024-04-01", None));
    let c6 = ended(ips("c6", "p5", 0, "2023-01-01"), "2023-12-31", None);
    let mut c7 = ips("c7", "p6", 0, "2024-01-05");
    c7.educations.push(education(EducationStatus::Completed, "2023-09-01", Some("2024-01-10")));
    OutcomeData {
        offices: vec!["0301".into(), "0302".into()],
        teams: vec![
            OutcomeTeam { id: "t1".into(), office: Some(0), method: Method::Ips },
            OutcomeTeam { id: "t2".into(), office: Some(0), method: Method::Se },
            OutcomeTeam { id: "t3".into(), office: Some(1), method: Method::Ips },
        ],
        staff: vec![
            OutcomeStaff { id: "js1".into(), team: Some(0), job_specialist: true },
            OutcomeStaff { id: "js2".into(), team: Some(1), job_specialist: true },
        ],
        courses: vec![c1, c2, c3, c4, c5, c6, c7],
        referrals: Vec::new(),
    }
}

fn report(by: GroupKind) -> QuarterlyReport {
    quarterly(&data(), d("2024-01-01"), d("2024-06-30"), by)
}

/// (served, working, new_jobs, education) of a group's quarter.
fn figures(r: &QuarterlyReport, group: &str, quarter: &str) -> (u64, u64, u64, u64) {
    let g = r.group_ids.iter().position(|id| id == group).unwrap();
    let row = r.rows.iter().find(|x| x.group == g && x.quarter == quarter).unwrap();
    (row.served, row.working, row.new_jobs, row.education)
}

#[test]
fn a_team_quarter_counts_people_paid_jobs_and_education() {
    let r = report(GroupKind::Team);
    // Q1: p1 (c1), p2 (c2 from 15 March), p6 (c7); p1 works (j1, started in Q1); p6 finished an
    // education on 10 January. The SE course c4 and the course c6 ended in 2023 do not count.
    assert_eq!(figures(&r, "t1", "2024-Q1"), (3, 1, 1, 1));
    // Q2: p1 twice (c1, c3) is one person; j2 and j3 are two new jobs; p2's jobbsmak is not
    // work, but the ongoing education from 1 May is.
    assert_eq!(figures(&r, "t1", "2024-Q2"), (3, 1, 2, 1));
    let q1 = &r.rows[0];
    assert!((q1.rate().unwrap() - 100.0 / 3.0).abs() < 1e-12);
    assert_eq!(q1.benchmark(), Some(Benchmark::Minimum));
}

#[test]
fn groups_are_those_that_work_by_ips() {
    let r = report(GroupKind::Team);
    // t2 is an SE team but holds an IPS course; t3 is an IPS team with no course yet.
    assert_eq!(r.group_ids, ["t1", "t2", "t3"]);
    assert_eq!(r.rows.len(), 6);
    assert_eq!(figures(&r, "t2", "2024-Q1"), (0, 0, 0, 0));
    let t2q1 = r.rows.iter().find(|x| x.group == 1 && x.quarter == "2024-Q1").unwrap();
    assert_eq!((t2q1.rate(), t2q1.benchmark()), (None, None), "nobody served: no rate, not zero");
    // p4's education is only applied for.
    assert_eq!(figures(&r, "t2", "2024-Q2"), (1, 0, 0, 0));
    let t2q2 = r.rows.iter().find(|x| x.group == 1 && x.quarter == "2024-Q2").unwrap();
    assert_eq!((t2q2.rate(), t2q2.benchmark()), (Some(0.0), Some(Benchmark::BelowMinimum)));
    assert_eq!(figures(&r, "t3", "2024-Q2"), (0, 0, 0, 0));
}

#[test]
fn offices_and_the_country_gather_their_teams() {
    let r = report(GroupKind::Office);
    assert_eq!(r.group_ids, ["0301", "0302"]);
    assert_eq!(figures(&r, "0301", "2024-Q1"), (3, 1, 1, 1));
    // Q2: p1, p2, p6 of t1 and p4 of t2: 1 of 4 working is 25 %.
    assert_eq!(figures(&r, "0301", "2024-Q2"), (4, 1, 2, 1));
    let q2 = r.rows.iter().find(|x| x.group == 0 && x.quarter == "2024-Q2").unwrap();
    assert_eq!((q2.rate(), q2.benchmark()), (Some(25.0), Some(Benchmark::BelowMinimum)));
    let all = report(GroupKind::All);
    assert_eq!(all.group_ids, ["all"]);
    assert_eq!(figures(&all, "all", "2024-Q2"), (4, 1, 2, 1));
    assert_eq!(all.rule(), "R5@1");
}

#[test]
fn quarters_are_cut_to_the_window() {
    let r = quarterly(&data(), d("2024-03-20"), d("2024-04-15"), GroupKind::Team);
    let labels: Vec<&str> = r.rows.iter().filter(|x| x.group == 0).map(|x| x.quarter.as_str()).collect();
    assert_eq!(labels, ["2024-Q1", "2024-Q2"]);
    // From 20 March: j1 started before the cut, so no new job in it; p6's education ended
    // in January.
    assert_eq!(figures(&r, "t1", "2024-Q1"), (3, 1, 0, 0));
}

#[test]
fn a_country_without_ips_is_still_listed() {
    let mut data = data();
    data.courses.retain(|c| c.method != Method::Ips);
    data.teams.iter_mut().for_each(|t| t.method = Method::Se);
    let r = quarterly(&data, d("2024-01-01"), d("2024-06-30"), GroupKind::All);
    assert_eq!(r.group_ids, ["all"]);
    assert!(r.rows.iter().all(|x| x.served == 0 && x.rate().is_none()));
    assert!(quarterly(&data, d("2024-01-01"), d("2024-06-30"), GroupKind::Team).group_ids.is_empty());
}

#[test]
fn benchmarks_start_at_31_41_and_50() {
    let of = |r: f64| Benchmark::of(r).code();
    assert_eq!(
        [of(0.0), of(30.99), of(31.0), of(40.99), of(41.0), of(49.99), of(50.0), of(100.0)],
        [
            "under_minimum",
            "under_minimum",
            "minimum",
            "minimum",
            "gjennomsnitt",
            "gjennomsnitt",
            "fremragende",
            "fremragende"
        ]
    );
}

#[test]
fn the_csv_is_for_norwegian_excel() {
    let r = report(GroupKind::Office);
    let csv = csv(&r, false);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], "\u{feff}rule;group_kind;group_id;quarter;served;working;new_jobs;education;rate;benchmark");
    assert_eq!(lines[1], "R5@1;office;0301;2024-Q1;3;1;1;1;33,33333333333333;minimum");
    assert_eq!(lines[2], "R5@1;office;0301;2024-Q2;4;1;2;1;25;under_minimum");
    assert_eq!(lines[3], "R5@1;office;0302;2024-Q1;0;0;0;0;;");
    assert_eq!(lines.len(), 6, "four rows and the empty rest after the last line end");
}

#[test]
fn the_aggregate_roles_csv_hides_counts_under_5() {
    let csv = csv(&report(GroupKind::Office), true);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[1], "R5@1;office;0301;2024-Q1;under 5;under 5;under 5;under 5;;");
    assert_eq!(lines[3], "R5@1;office;0302;2024-Q1;0;0;0;0;;", "zero is not a person");
}
