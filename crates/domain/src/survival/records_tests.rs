//! Rule R2@1 on hand-made records.

use chrono::NaiveDate;

use super::*;
use crate::kpi::{StaffFact, TeamFact};
use crate::organisation::Method;
use crate::participant::NorwegianLevel;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn course(id: &str, start: &str, end: Option<&str>, jobs: &[&str]) -> StartedCourse {
    StartedCourse {
        id: id.into(),
        method: Method::Ips,
        staff: Some(0),
        start: d(start),
        end: end.map(d),
        norwegian_level: None,
        paid_job_starts: jobs.iter().map(|j| d(j)).collect(),
    }
}

#[test]
fn time_to_the_first_paid_job_and_censoring() {
    let as_of = d("2025-12-31");
    let seen = |c: StartedCourse| c.observation(as_of).unwrap();
    // A job starting on the course's first day is day 0.
    assert_eq!(seen(course("c", "2025-01-10", None, &["2025-01-10"])), Observation::event(0));
    // The first job counts, whatever order the jobs come in.
    assert_eq!(seen(course("c", "2025-01-10", None, &["2025-03-01", "2025-02-09"])), Observation::event(30));
    // A job held before the start is no outcome; the next one is.
    assert_eq!(seen(course("c", "2025-01-10", None, &["2024-06-01", "2025-01-20"])), Observation::event(10));
    assert_eq!(seen(course("c", "2025-01-10", None, &["2024-06-01"])), Observation::censored(355));
    // Open without a job: censored on the as-of day.
    assert_eq!(seen(course("c", "2025-12-01", None, &[])), Observation::censored(30));
    // Ended without a job, or before its first job: censored at the end.
    assert_eq!(seen(course("c", "2025-01-10", Some("2025-02-09"), &[])), Observation::censored(30));
    assert_eq!(seen(course("c", "2025-01-10", Some("2025-02-09"), &["2025-02-10"])), Observation::censored(30));
    // A job starting on the last day of the course counts.
    assert_eq!(seen(course("c", "2025-01-10", Some("2025-02-09"), &["2025-02-09"])), Observation::event(30));
    // Ending after the as-of day, or a job after it: not seen yet, censored on the as-of day.
    assert_eq!(seen(course("c", "2025-12-01", Some("2026-03-01"), &[])), Observation::censored(30));
    assert_eq!(seen(course("c", "2025-12-01", None, &["2026-01-05"])), Observation::censored(30));
    // A course started on the as-of day is at risk on day 0; one starting later is not seen.
    assert_eq!(seen(course("c", "2025-12-31", None, &[])), Observation::censored(0));
    assert_eq!(course("c", "2026-01-01", None, &[]).observation(as_of), None);
}

#[test]
fn norwegian_levels_fall_into_four_bands() {
    use NorwegianLevel::*;
    let bands: Vec<&str> =
        [None, A1, A1Plus, A2, A2Plus, B1, B2Plus].iter().map(|l| LevelBand::of(Some(*l)).code()).collect();
    assert_eq!(bands, ["ingen", "A", "A", "A", "A", "B", "B"]);
    assert_eq!(LevelBand::of(Option::None), LevelBand::Unknown);
    assert_eq!(LevelBand::Unknown.code(), "ukjent");
}

#[test]
fn the_spec_refuses_days_out_of_order() {
    let (a, b, c) = (d("2025-01-01"), d("2025-06-30"), d("2025-12-31"));
    assert!(SurvivalSpec::new(a, b, c, SurvivalBy::All).is_ok());
    assert!(SurvivalSpec::new(a, b, b, SurvivalBy::All).is_ok());
    assert_eq!(SurvivalSpec::new(b, a, c, SurvivalBy::All), Err("the window's last day is before its first"));
    assert_eq!(SurvivalSpec::new(a, c, b, SurvivalBy::All), Err("the as-of day is before the window's last day"));
}

/// Two offices; team t2 (office o1) and t1 (office o2); js3 has no team.
fn organisation(courses: Vec<StartedCourse>) -> SurvivalData {
    let staff =
        |id: &str, team: Option<usize>| StaffFact { id: id.into(), team, fte: 1.0, job_specialist: true, member: true };
    SurvivalData {
        offices: vec!["o2".into(), "o1".into()],
        teams: vec![TeamFact { id: "t2".into(), office: Some(1) }, TeamFact { id: "t1".into(), office: Some(0) }],
        staff: vec![staff("js1", Some(0)), staff("js2", Some(1)), staff("js3", None)],
        courses,
    }
}

fn sample() -> SurvivalData {
    let mut c1 = course("c1", "2024-02-01", None, &["2024-02-01"]);
    c1.method = Method::Se;
    c1.norwegian_level = Some(NorwegianLevel::A2);
    let mut c2 = course("c2", "2025-03-01", Some("2025-04-30"), &[]);
    c2.staff = Some(1);
    c2.norwegian_level = Some(NorwegianLevel::B1);
    let mut c3 = course("c3", "2025-05-01", None, &["2025-05-31"]);
    c3.staff = Some(2);
    // Started before the window: not in the report.
    let before = course("c0", "2023-12-31", None, &["2024-01-02"]);
    organisation(vec![c1, c2, c3, before])
}

fn report(by: SurvivalBy) -> SurvivalReport {
    let spec = SurvivalSpec::new(d("2024-01-01"), d("2025-12-31"), d("2025-12-31"), by).unwrap();
    compute(&sample(), &spec)
}

fn summary(r: &SurvivalReport) -> Vec<(&str, usize, usize)> {
    r.groups.iter().map(|g| (g.id.as_str(), g.curve.n, g.curve.events)).collect()
}

#[test]
fn groups_of_every_kind() {
    let r = report(SurvivalBy::All);
    assert_eq!((r.rule, r.group_kind.code()), ("R2@1", "all"));
    assert_eq!(summary(&r), [("all", 3, 2)]);
    // One group: nothing to compare.
    assert_eq!(r.logrank, None);
    let curve = &r.groups[0].curve;
    assert_eq!(
        curve.rows.iter().map(|r| (r.day, r.events, r.censored)).collect::<Vec<_>>(),
        [(0, 1, 0), (30, 1, 0), (60, 0, 1)]
    );
    assert_eq!(curve.median, Some(30));

    assert_eq!(summary(&report(SurvivalBy::Method)), [("SE", 1, 1), ("UO", 0, 0), ("IPS", 2, 1)]);
    assert_eq!(
        summary(&report(SurvivalBy::NorwegianLevel)),
        [("ingen", 0, 0), ("A", 1, 1), ("B", 1, 0), ("ukjent", 1, 1)]
    );
    assert_eq!(summary(&report(SurvivalBy::StartYear)), [("2024", 1, 1), ("2025", 2, 1)]);
    // Through the job specialist's team, sorted by id; js3 has none, so c3 is in no team.
    assert_eq!(summary(&report(SurvivalBy::Team)), [("t1", 1, 0), ("t2", 1, 1)]);
    assert_eq!(summary(&report(SurvivalBy::Office)), [("o1", 1, 1), ("o2", 1, 0)]);
}

#[test]
fn the_log_rank_test_runs_over_the_groups_with_observations() {
    // SE: an event on day 0; IPS: an event on day 30 and a censoring on day 60 (UO is empty).
    // Day 0: 3 at risk, 1 of SE; E_SE = 1/3, V = 1·2/2 · 1/3 · 2/3 = 2/9. Day 30: SE is gone.
    // U_SE = 2/3, χ² = (4/9) ÷ (2/9) = 2 on one degree of freedom; p = P(χ²₁ ≥ 2).
    let r = report(SurvivalBy::Method);
    let test = r.logrank.unwrap();
    assert_eq!(test.df, 1);
    assert!((test.chi2 - 2.0).abs() < 1e-12, "{}", test.chi2);
    assert!((test.p - 0.157_299_207_050_285_13).abs() < 1e-12, "{}", test.p);
}

#[test]
fn every_group_of_the_kind_is_listed_and_out_of_window_courses_are_not() {
    // A window over three years with no course starting in the middle one; a course after
    // the window's end is left out even though the as-of day is later.
    let courses = vec![
        course("c1", "2023-05-01", None, &["2023-06-01"]),
        course("c2", "2025-02-01", Some("2025-03-01"), &[]),
        course("c3", "2025-07-01", None, &["2025-07-02"]),
    ];
    let mut data = organisation(courses);
    // A team without an office: its courses are in a team group but no office group.
    data.teams[0].office = None;
    let spec = |by| SurvivalSpec::new(d("2023-01-01"), d("2025-06-30"), d("2025-12-31"), by).unwrap();
    let r = compute(&data, &spec(SurvivalBy::StartYear));
    assert_eq!(summary(&r), [("2023", 1, 1), ("2024", 0, 0), ("2025", 1, 0)]);
    assert_eq!(r.groups[1].curve.rows, []);
    // Two groups have observations but only one is at risk on the one event day (day 31);
    // 2025's course was censored on day 28: no test.
    assert_eq!(r.logrank, None);
    assert_eq!(summary(&compute(&data, &spec(SurvivalBy::Team))), [("t1", 0, 0), ("t2", 2, 1)]);
    assert_eq!(summary(&compute(&data, &spec(SurvivalBy::Office))), [("o1", 0, 0), ("o2", 0, 0)]);
}
