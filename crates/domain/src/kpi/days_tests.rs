//! Day facts give the same figures as the activities they are built from: on the hand-built
//! week of `tests.rs` (numbers by hand from DOMAIN.md §5) and on generated data.

use super::tests::{base, course, d, k1_week};
use super::*;
use crate::activity::{ActivityKind as K, ActivityStatus as S, Channel as C, Subcategory as Sub};

fn spec(by: GroupKind, period: PeriodKind, from: &str, to: &str) -> KpiSpec {
    KpiSpec { from: d(from), to: d(to), by, period, kpis: DAY_KPIS.to_vec() }
}

/// The data with its activities replaced by their day facts.
fn as_facts(data: &KpiData) -> KpiData {
    KpiData { days: Some(data.day_facts()), activities: Vec::new(), ..data.clone() }
}

fn same_rows(data: &KpiData, spec: &KpiSpec) {
    let raw = compute(data, spec);
    let facts = compute(&as_facts(data), spec);
    assert_eq!(raw.group_ids, facts.group_ids);
    assert_eq!(raw.rows, facts.rows, "{:?} {:?}", spec.by, spec.period);
}

#[test]
fn a_day_counts_by_the_rules() {
    let data = k1_week();
    let facts = data.day_facts();
    let day = |staff, date| facts.iter().find(|f| f.staff == staff && f.date == d(date)).unwrap().counts;
    // js1 on 4 March: one countable meeting on a course, 60 minutes but not out of office.
    assert_eq!(day(0, "2024-03-04"), DayCounts { activities: 1, k1: 1, k1p: 1, k2_minutes: 0 });
    // js1 on 5 March: the no-show (K1, no course) and a digital meeting (neither).
    assert_eq!(day(0, "2024-03-05"), DayCounts { activities: 2, k1: 1, k1p: 0, k2_minutes: 0 });
    // 8 March: cancelled, planned and a participant meeting: activities, nothing counted.
    assert_eq!(day(0, "2024-03-08"), DayCounts { activities: 3, k1: 0, k1p: 0, k2_minutes: 0 });
    // The team lead's meeting is a fact too: whether it counts is decided from the staff.
    assert_eq!(day(2, "2024-03-06"), DayCounts { activities: 1, k1: 1, k1p: 1, k2_minutes: 0 });
    assert_eq!(facts.len(), 8);
    assert_eq!(day_rules(), "K1@1,K1p@1,K2@1");
}

#[test]
fn facts_give_the_hand_computed_figures() {
    let data = as_facts(&k1_week());
    let r = compute(&data, &spec(GroupKind::Team, PeriodKind::Week, "2024-03-04", "2024-03-10"));
    let t1 = r.group_ids.iter().position(|g| g == "t1").unwrap();
    let t2 = r.group_ids.iter().position(|g| g == "t2").unwrap();
    let row = |kpi, g| r.rows.iter().find(|x| x.kpi == kpi && x.group == g).unwrap();
    // K1: js1 2 + js2 1 over 1.5 FTE-weeks = 2 (the team lead's meeting does not count).
    assert_eq!((row(Kpi::K1, t1).numerator, row(Kpi::K1, t1).value), (Some(3.0), Some(2.0)));
    // K1p: js1's meeting of 4 March and js2's of 6 March: 2 ÷ 1.5.
    assert_eq!(row(Kpi::K1p, t1).numerator, Some(2.0));
    // K2: nothing out of office, but the job specialists logged work: zero, not empty.
    assert_eq!((row(Kpi::K2, t1).numerator, row(Kpi::K2, t1).value), (Some(0.0), Some(0.0)));
    // Team t2 has nobody: no value.
    assert_eq!(row(Kpi::K1, t2).value, None);
}

#[test]
fn facts_and_activities_give_identical_rows_on_the_hand_built_week() {
    let data = k1_week();
    for by in GroupKind::ALL {
        for period in PeriodKind::ALL {
            same_rows(&data, &spec(*by, *period, "2024-03-01", "2024-03-31"));
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
        let c = course(&mut data, "p1", 0, "2023-12-01", None);
        let start = d("2024-01-01");
        for _ in 0..400 {
            let date = start + chrono::Days::new(g.next(120));
            // (None, true): linked to a course the report did not load (another scope's).
            let (course, linked) = g.pick(&[(None, false), (Some(c), true), (None, true)]);
            data.activities.push(ActivityFact {
                staff: g.next(3) as usize,
                course,
                linked,
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
                out_of_office: g.next(2) == 0,
                minutes: g.next(240) as u32,
                travel: g.next(60) as u32,
            });
        }
        for by in GroupKind::ALL {
            for period in PeriodKind::ALL {
                same_rows(&data, &spec(*by, *period, "2024-01-10", "2024-04-20"));
            }
        }
    }
}
