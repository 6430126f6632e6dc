//! The matched comparison by hand: two teams, window 2025, as of 2026-06-30.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::course::EndCause;
use crate::job::JobForm;
use crate::organisation::Method;
use crate::outcomes::tests::{course, d, data, ended, job};
use crate::outcomes::{OutcomeStaff, OutcomeTeam, Status};
use crate::participant::NorwegianLevel;

fn person(
    mut c: crate::outcomes::OutcomeCourse,
    born: i32,
    level: NorwegianLevel,
    interpreter: Option<bool>,
) -> crate::outcomes::OutcomeCourse {
    c.background = Background { norwegian_level: Some(level), interpreter, birth_year: Some(born) };
    c
}

fn group(kind: CompareKind, id: &str) -> GroupRef {
    GroupRef { kind, id: id.into() }
}

fn spec(a: GroupRef, b: GroupRef) -> CompareSpec {
    CompareSpec::new(d("2025-01-01"), d("2025-12-31"), d("2026-06-30"), a, b).unwrap()
}

/// Team t1 (job specialist 0): a1 and a2 in stratum (1980-1989, A, nei, 2025), a3 in
/// (1990-1999, B, ukjent, 2025), a4 started before the window. Team t2 (job specialist 1):
/// b1 in the first stratum, b2 in the second, b3 alone in (1960-1969, ingen, ja, 2025).
fn two_teams() -> OutcomeData {
    let mut a1 = person(course("a1", "2025-02-01"), 1985, NorwegianLevel::A2, Some(false));
    a1.jobs.push(job("j1", JobForm::Permanent, "2025-03-03", None));
    let a2 = person(course("a2", "2025-03-01"), 1982, NorwegianLevel::A1, Some(false));
    let a3 =
        person(ended(course("a3", "2025-04-01"), "2025-10-01", Some(EndCause::Other)), 1990, NorwegianLevel::B1, None);
    let a4 = person(course("a4", "2024-12-01"), 1985, NorwegianLevel::A2, Some(false));
    let mut b1 = person(course("b1", "2025-05-10"), 1987, NorwegianLevel::A1, Some(false));
    b1.jobs.push(job("j2", JobForm::FixedTerm, "2025-05-10", Some("2025-08-01")));
    let b2 = person(
        ended(course("b2", "2025-06-01"), "2025-12-01", Some(EndCause::Work)),
        1999,
        NorwegianLevel::B2Plus,
        None,
    );
    let b3 = person(course("b3", "2025-07-01"), 1960, NorwegianLevel::None, Some(true));
    let mut v = vec![b3, a2, b2, a1, a4, b1, a3];
    for c in &mut v {
        c.staff = Some(usize::from(c.id.starts_with('b')));
        if c.id.starts_with('b') {
            c.method = Method::Ips;
        }
    }
    let mut data = data(v);
    data.teams.push(OutcomeTeam { id: "t2".into(), office: Some(0), method: Method::Ips });
    data.staff.push(OutcomeStaff { id: "js2".into(), team: Some(1), job_specialist: true });
    data
}

#[test]
fn exact_match_pairs_the_first_of_each_stratum() {
    let (a, b) = exact_match(&["x", "x", "y", "z"], &["y", "x", "y", "w"]);
    assert_eq!(a, [true, false, true, false]);
    assert_eq!(b, [true, true, false, false]);
    let (a, b) = exact_match::<&str>(&[], &["x"]);
    assert!(a.is_empty());
    assert_eq!(b, [false]);
}

#[test]
fn two_teams_matched_on_background_and_start_year() {
    let r = compare(&two_teams(), &spec(group(CompareKind::Team, "t1"), group(CompareKind::Team, "t2")));
    assert_eq!(r.rule, "R4@1");
    assert_eq!((r.a.n, r.a.matched, r.a.dropped), (3, 2, 1));
    assert_eq!((r.b.n, r.b.matched, r.b.dropped), (3, 2, 1));
    assert_eq!(r.strata, 2);
    // a1 is in work on the as-of day, a3 ended without; b1's job ended (still followed
    // up), b2 ended to work.
    let shares = |s: &Side| s.status.iter().map(|x| (x.status, x.count, x.share)).collect::<Vec<_>>();
    let half = Some(50.0);
    assert_eq!(
        shares(&r.a),
        [
            (Status::Work, 1, half),
            (Status::Education, 0, Some(0.0)),
            (Status::Passive, 0, Some(0.0)),
            (Status::Placement, 0, Some(0.0)),
            (Status::FollowUp, 0, Some(0.0)),
            (Status::EndedWithoutWork, 1, half),
        ]
    );
    assert_eq!(shares(&r.b)[0], (Status::Work, 1, half));
    assert_eq!(shares(&r.b)[4], (Status::FollowUp, 1, half));
    // a1: job on day 30; a3 censored at its end, day 183. b1: job on day 0; b2 censored at
    // its end, day 183 (ended to work without a recorded paid job).
    assert_eq!((r.a.curve.events, r.a.curve.censored, r.a.curve.median), (1, 1, Some(30)));
    assert_eq!((r.b.curve.events, r.b.curve.censored, r.b.curve.median), (1, 1, Some(0)));
    assert_eq!(r.a.curve.rows.iter().map(|x| x.day).collect::<Vec<_>>(), [30, 183]);
    // Log-rank, t1's side: day 0, 4 at risk (2 in t1), 1 event: E = 1/2, V = 2·2·1·3/(16·3) = 1/4;
    // day 30, 3 at risk (2 in t1), 1 event: E = 2/3, V = 2·1·1·2/(9·2) = 2/9.
    // O − E = 1 − 7/6 = −1/6, V = 17/36, χ² = (1/36)/(17/36) = 1/17.
    let lr = r.logrank.unwrap();
    assert_eq!(lr.df, 1);
    assert!((lr.chi2 - 1.0 / 17.0).abs() < 1e-12, "{}", lr.chi2);
    assert!((lr.p - 0.808_365_155_914_510_3).abs() < 1e-9, "{}", lr.p);
}

#[test]
fn methods_compare_the_same_courses_as_their_teams() {
    let by_team = compare(&two_teams(), &spec(group(CompareKind::Team, "t1"), group(CompareKind::Team, "t2")));
    let by_method = compare(&two_teams(), &spec(group(CompareKind::Method, "SE"), group(CompareKind::Method, "IPS")));
    assert_eq!(by_method.a.curve, by_team.a.curve);
    assert_eq!(by_method.b.status, by_team.b.status);
    // Both teams are in office 0301: one office against another finds nothing in the other.
    let office = compare(&two_teams(), &spec(group(CompareKind::Office, "0301"), group(CompareKind::Office, "9999")));
    assert_eq!((office.a.n, office.a.matched, office.a.dropped), (6, 0, 6));
    assert_eq!(office.a.status[0].share, None);
    assert!(office.logrank.is_none());
}

#[test]
fn a_comparison_within_a_scope_keeps_to_its_courses() {
    let methods = || spec(group(CompareKind::Method, "SE"), group(CompareKind::Method, "IPS"));
    // Within team t1 the IPS courses (all of team t2) are out of reach: nothing to match.
    let r = compare(&two_teams(), &methods().within(group(CompareKind::Team, "t1")));
    assert_eq!((r.a.n, r.a.matched, r.b.n, r.b.matched), (3, 0, 0, 0));
    // Within their office (both teams) it is the whole comparison.
    let whole = compare(&two_teams(), &methods());
    let office = compare(&two_teams(), &methods().within(group(CompareKind::Office, "0301")));
    assert_eq!(office, whole);
    assert_eq!(methods().within(group(CompareKind::Team, "t1")).scope(), Some(&group(CompareKind::Team, "t1")));
}

#[test]
fn known_groups_are_those_in_the_data() {
    let data = two_teams();
    assert!(known(&data, &group(CompareKind::Team, "t2")));
    assert!(!known(&data, &group(CompareKind::Team, "t9")));
    assert!(known(&data, &group(CompareKind::Office, "0301")));
    assert!(!known(&data, &group(CompareKind::Office, "9999")));
    assert!(known(&data, &group(CompareKind::Method, "IPS")));
    assert!(!known(&data, &group(CompareKind::Method, "XYZ")));
}

#[test]
fn spec_refuses_what_cannot_be_compared() {
    let new = |a, b| CompareSpec::new(d("2025-01-01"), d("2025-12-31"), d("2025-12-31"), a, b);
    assert_eq!(
        new(group(CompareKind::Team, "t1"), group(CompareKind::Method, "SE")).unwrap_err(),
        "the two groups must be of the same kind"
    );
    assert_eq!(
        new(group(CompareKind::Team, "t1"), group(CompareKind::Team, "t1")).unwrap_err(),
        "the two groups are the same"
    );
    let early = CompareSpec::new(
        d("2025-01-01"),
        d("2025-12-31"),
        d("2025-12-30"),
        group(CompareKind::Team, "t1"),
        group(CompareKind::Team, "t2"),
    );
    assert_eq!(early.unwrap_err(), "the as-of day is before the window's last day");
}
