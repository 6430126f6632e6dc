//! Seed 003's Snart Ansatt table rebuilt from individual records: 85 former participants,
//! 41 completed a placement and were hired, 8 completed without a job, 5 got a job without
//! completing one, 31 neither; 84 % of those who completed got work.

#![allow(clippy::unwrap_used)]

use super::tests::{course, d, data, ended, job, report};
use super::*;
use crate::course::EndCause;
use crate::job::{EndedBy, JobForm};

/// The i-th course of a kind, ended in May 2024, each made a little differently so that
/// every way into a cell is used.
fn snart_ansatt(i: usize, completed: bool, work: bool) -> OutcomeCourse {
    let day = format!("2024-05-{:02}", 1 + i % 28);
    let mut c = ended(course(&format!("c{completed}{work}{i:02}"), "2023-09-01"), &day, None);
    let mut placement = job(&format!("p{i}"), JobForm::WorkTraining, "2023-10-01", Some("2023-12-31"));
    placement.planned_end = Some(d("2023-12-31"));
    match (completed, i % 3) {
        (true, 0) => placement.ended_by = Some(EndedBy::Expired),
        (true, _) => placement.ended_by = Some(EndedBy::Mutual),
        // Broken off before its planned end, still running at the course's end, or none at all.
        (false, 0) => placement.end = Some(d("2023-11-15")),
        (false, 1) => placement.end = None,
        (false, _) => placement.form = JobForm::Permanent,
    }
    if !completed && i % 3 == 2 {
        placement.paid = false; // an unpaid "permanent" job is neither placement nor work
    }
    c.jobs.push(placement);
    if work {
        if i.is_multiple_of(2) {
            c.end_cause = Some(EndCause::Work);
        } else {
            c.jobs.push(job(&format!("j{i}"), JobForm::FixedTerm, "2024-02-01", None));
            c.end_cause = Some(EndCause::Other);
            c.end_cause_detail = Some("flyttet".into());
        }
    }
    c
}

#[test]
fn seed_003_snart_ansatt_placement_table() {
    let mut courses = Vec::new();
    for (completed, work, n) in [(true, true, 41), (true, false, 8), (false, true, 5), (false, false, 31)] {
        courses.extend((0..n).map(|i| snart_ansatt(i, completed, work)));
    }
    // Open on `to`, so not in the table: neither are courses that ended before the window.
    courses.push(course("open", "2024-01-01"));
    courses.push(ended(course("old", "2022-01-01"), "2023-12-31", Some(EndCause::Work)));
    let r = report(&data(courses), crate::kpi::GroupKind::All, None);
    let placement: Vec<(&str, u64, Option<u64>)> = r
        .rows
        .iter()
        .filter(|x| x.table == Table::Placement)
        .map(|x| (x.category.as_str(), x.count, x.denominator))
        .collect();
    assert_eq!(
        placement,
        [
            ("fullfort_jobb", 41, Some(85)),
            ("fullfort_uten_jobb", 8, Some(85)),
            ("ikke_fullfort_jobb", 5, Some(85)),
            ("ikke_fullfort_uten_jobb", 31, Some(85)),
            ("konvertering", 41, Some(49)),
        ]
    );
    let conversion = r.rows.iter().find(|x| x.category == "konvertering").unwrap().share.unwrap();
    assert!((conversion - 83.673_469_387_755_1).abs() < 1e-9, "{conversion}");
    let into_work: u64 = r
        .rows
        .iter()
        .filter(|x| x.table == Table::Placement && x.category.ends_with("_jobb") && !x.category.ends_with("uten_jobb"))
        .map(|x| x.count)
        .sum();
    assert_eq!(into_work, 46, "54 % of 85 into work");
}
