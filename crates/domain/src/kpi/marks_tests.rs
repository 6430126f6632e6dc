//! Course and job facts give the same K3 and K8 as the activities they are built from: on
//! hand-built courses and jobs (numbers by hand from DOMAIN.md §5) and on generated data.

use super::marks::LinkedDates;
use super::tests::{base, course, d, job, k1};
use super::*;
use crate::activity::{ActivityKind as K, ActivityStatus as S, Channel as C, Subcategory as Sub};

/// The data with its activities replaced by their course and job facts.
fn as_marks(data: &KpiData) -> KpiData {
    KpiData { marks: Some(data.marks()), activities: Vec::new(), ..data.clone() }
}

fn spec(by: GroupKind, period: PeriodKind, from: &str, to: &str) -> KpiSpec {
    KpiSpec { from: d(from), to: d(to), by, period, kpis: MARK_KPIS.to_vec() }
}

fn same_rows(data: &KpiData, spec: &KpiSpec) {
    let raw = compute(data, spec);
    let facts = compute(&as_marks(data), spec);
    assert_eq!(raw.group_ids, facts.group_ids);
    assert_eq!(raw.rows, facts.rows, "{:?} {:?} to {}", spec.by, spec.period, spec.to);
}

/// The courses of K3's hand-computed test: c1 (10 January) meets first on 25 January, c2 (15
/// January) on 15 March, c3 (20 January) never, c4 (1 December) on 5 January.
fn k3_courses() -> KpiData {
    let mut data = base();
    let c1 = course(&mut data, "p1", 0, "2024-01-10", None);
    let c2 = course(&mut data, "p2", 1, "2024-01-15", None);
    let _c3 = course(&mut data, "p3", 0, "2024-01-20", None);
    let c4 = course(&mut data, "p4", 0, "2023-12-01", None);
    data.activities = vec![
        ActivityFact { channel: Some(C::Digital), ..k1(0, Some(c1), "2024-01-20") }, // not K1
        k1(0, Some(c1), "2024-01-25"),
        k1(0, Some(c1), "2024-02-01"),
        k1(0, Some(c1), "2024-01-09"), // before c1's start: never its first
        k1(2, Some(c2), "2024-03-15"), // anyone's meeting on the course
        k1(0, Some(c4), "2024-01-05"),
    ];
    data
}

/// K8's hand-computed job: started 15 January 2024, follow-up in months 1, 2 and 4.
fn k8_job() -> KpiData {
    let mut data = base();
    let c = course(&mut data, "p1", 0, "2023-06-01", None);
    data.jobs = vec![job(c, "2024-01-15", None, true), job(c, "2024-02-15", None, false)];
    let follow = |date, kind, sub, status| ActivityFact {
        kind,
        subcategory: sub,
        status,
        channel: Some(C::Phone),
        ..k1(0, Some(c), date)
    };
    data.activities = vec![
        follow("2024-01-14", K::ParticipantMeeting, None, S::Done), // before the start
        follow("2024-01-20", K::EmployerMeeting, Some(Sub::JobSupport), S::Done), // month 1
        follow("2024-02-14", K::ParticipantMeeting, None, S::Done), // month 1 (ends 14 Feb)
        follow("2024-02-20", K::ParticipantMeeting, None, S::Done), // month 2
        follow("2024-03-20", K::EmployerMeeting, Some(Sub::FollowUp), S::Cancelled), // cancelled
        follow("2024-04-16", K::PhoneSmsEmail, Some(Sub::FollowUp), S::Done), // month 4
        follow("2024-05-20", K::EmployerMeeting, Some(Sub::JobDevelopment), S::Done), // not follow-up
        follow("2024-07-15", K::ParticipantMeeting, None, S::Done), // month 7: beyond the six
    ];
    data
}

#[test]
fn a_course_fact_is_its_first_k1p_meeting_on_or_after_its_start() {
    let m = k3_courses().marks();
    assert_eq!(m.first_k1p, vec![Some(d("2024-01-25")), Some(d("2024-03-15")), None, Some(d("2024-01-05"))]);
    assert_eq!(Kpi::K3.rule().id(), "K3@1");
}

#[test]
fn a_job_fact_is_its_months_with_follow_up() {
    let m = k8_job().marks();
    // Job 1 (15 January): months 1, 2 and 4 → bits 0, 1 and 3 = 0b1011.
    assert_eq!(m.followup[0].bits(), 0b1011);
    assert_eq!(m.followup[0].count(), 3);
    // Job 2 (15 February, unpaid: a fact all the same): 20 February in month 1 (15 February –
    // 14 March), 16 April in month 3 (15 April – 14 May), 15 July in month 6 (15 July – 14
    // August) → bits 0, 2 and 5.
    assert_eq!(m.followup[1].bits(), 0b10_0101);
    assert_eq!(FollowupMonths::from_bits(0b11_1111).map(FollowupMonths::count), Some(6));
    assert_eq!(FollowupMonths::from_bits(0b100_0000), None);
    assert_eq!(Kpi::K8.rule().id(), "K8@1");
}

#[test]
fn facts_give_the_hand_computed_k3_and_k8() {
    let run = |data: &KpiData, kpi, by, to: &str| {
        let r = compute(&as_marks(data), &KpiSpec { kpis: vec![kpi], ..spec(by, PeriodKind::Year, "2024-01-01", to) });
        r.rows
            .iter()
            .find(|x| x.kpi == kpi && r.group_ids[x.group] == "t1")
            .map(|x| (x.value, x.numerator, x.denominator))
            .unwrap()
    };
    let data = k3_courses();
    // Started in 2024: c1 (15 days), c2 (60 days), c3 (none): median (15 + 60) ÷ 2 = 37.5, 2 of 3.
    assert_eq!(run(&data, Kpi::K3, GroupKind::Team, "2024-12-31"), (Some(37.5), Some(2.0), Some(3.0)));
    // Ending 29 February: c2's first meeting is stored but after the end: not measured.
    assert_eq!(run(&data, Kpi::K3, GroupKind::Team, "2024-02-29"), (Some(15.0), Some(1.0), Some(3.0)));
    let data = k8_job();
    // One paid job measured, 3 months with follow-up.
    assert_eq!(run(&data, Kpi::K8, GroupKind::Team, "2024-12-31"), (Some(3.0), Some(3.0), Some(1.0)));
    // Before 15 July its six months have not passed: not measured.
    assert_eq!(run(&data, Kpi::K8, GroupKind::Team, "2024-07-14"), (None, None, None));
}

#[test]
fn facts_and_activities_give_identical_rows_on_the_hand_built_cases() {
    for data in [k3_courses(), k8_job()] {
        for by in GroupKind::ALL {
            for period in PeriodKind::ALL {
                for to in ["2024-02-29", "2024-07-14", "2024-07-15", "2024-12-31"] {
                    same_rows(&data, &spec(*by, *period, "2024-01-01", to));
                }
            }
        }
    }
}

/// A small deterministic generator (no dependency): xorshift.
struct Gen(u64);

impl Gen {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.next(xs.len() as u64) as usize]
    }
}

#[test]
fn facts_and_activities_give_identical_rows_on_generated_data() {
    for seed in 1..=20u64 {
        let mut g = Gen(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let mut data = base();
        let origin = d("2023-10-01");
        let mut courses = Vec::new();
        for i in 0..12 {
            let start = origin + chrono::Days::new(g.next(300));
            courses.push(course(&mut data, &format!("p{}", i % 8), g.next(3) as usize, &start.to_string(), None));
        }
        for _ in 0..20 {
            let c = g.pick(&courses);
            let start = data.courses[c].start + chrono::Days::new(g.next(200));
            data.jobs.push(job(c, &start.to_string(), None, g.next(3) > 0));
        }
        for _ in 0..600 {
            let date = origin + chrono::Days::new(g.next(600));
            let course = if g.next(4) == 0 { None } else { Some(g.pick(&courses)) };
            data.activities.push(ActivityFact {
                staff: g.next(3) as usize,
                course,
                linked: course.is_some(),
                date,
                kind: g.pick(&[K::EmployerMeeting, K::EmployerMeeting, K::ParticipantMeeting, K::Other]),
                status: g.pick(&[S::Done, S::Done, S::ParticipantNoShow, S::Cancelled, S::Planned]),
                channel: g.pick(&[Some(C::Physical), Some(C::Physical), Some(C::Digital), Some(C::Phone), None]),
                decision_maker: g.pick(&[Some(true), Some(true), Some(false), None]),
                subcategory: g.pick(&[
                    Some(Sub::JobDevelopment),
                    Some(Sub::RelationshipBuilding),
                    Some(Sub::JobSupport),
                    Some(Sub::FollowUp),
                    None,
                ]),
                out_of_office: false,
                minutes: 30,
                travel: 0,
            });
        }
        for by in GroupKind::ALL {
            for period in [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year] {
                for to in ["2024-06-30", "2024-12-31", "2025-05-31"] {
                    same_rows(&data, &spec(*by, period, "2024-01-01", to));
                }
            }
        }
    }
}

#[test]
fn linked_dates_gathered_in_any_order_give_the_same_facts() {
    for data in [k3_courses(), k8_job()] {
        let expected = data.marks();
        // Each course's activities in two parts, newest first, as a pass meets them mixed.
        let mut parts = vec![(LinkedDates::default(), LinkedDates::default()); data.courses.len()];
        for (i, a) in data.activities.iter().rev().enumerate() {
            if let Some(c) = a.course {
                if i % 2 == 0 { parts[c].0.add(a) } else { parts[c].1.add(a) }
            }
        }
        let linked: Vec<LinkedDates> = parts
            .into_iter()
            .map(|(mut first, second)| {
                first.absorb(second);
                first
            })
            .collect();
        let first: Vec<_> = data.courses.iter().zip(&linked).map(|(c, l)| l.first_k1p(c.start)).collect();
        let months: Vec<_> =
            data.jobs.iter().map(|j| FollowupMonths::of(j.start, &linked[j.course].followup_dates())).collect();
        assert_eq!(first, expected.first_k1p);
        assert_eq!(months, expected.followup);
    }
}
