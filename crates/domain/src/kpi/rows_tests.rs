//! The rows behind every figure add up to the figure: checked cell by cell for every KPI,
//! grouping and period kind, and row by row against hand-computed lists.

use super::tests::{base, course, d, job, k1, k1_week};
use super::*;
use crate::activity::{ActivityKind as K, ActivityStatus as S, Channel as C, Subcategory as Sub};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// The K1 week of `tests.rs` plus courses, a passive period, jobs (paid, unpaid, subsidised,
/// ended, with and without STYRK), follow-up and out-of-office work over 2024.
fn year() -> KpiData {
    let mut data = k1_week();
    let c2 = course(&mut data, "p2", 0, "2024-01-15", None);
    let c3 = course(&mut data, "p3", 1, "2024-02-01", Some("2024-06-30"));
    let c4 = course(&mut data, "p1", 0, "2024-03-01", None); // p1's second course
    let c5 = course(&mut data, "p5", 1, "2024-03-20", None);
    data.courses[c5].passive.push((d("2024-04-10"), None));
    data.jobs = vec![
        job(0, "2024-02-01", Some("2024-02-05"), false),
        JobFact { subsidised: true, styrk: Some("5120".into()), ..job(0, "2024-03-10", None, true) },
        job(0, "2024-06-01", None, true),
        JobFact {
            styrk: Some("5120".into()),
            employer: "e2".into(),
            ..job(c2, "2024-03-12", Some("2024-05-01"), true)
        },
        job(c3, "2024-02-20", Some("2024-09-30"), true),
        job(c4, "2024-03-15", None, true),
    ];
    let follow =
        |course, date| ActivityFact { kind: K::ParticipantMeeting, subcategory: None, ..k1(0, Some(course), date) };
    let out = |staff, date, status, ooo| ActivityFact {
        kind: K::NetworkMeeting,
        status,
        out_of_office: ooo,
        minutes: 90,
        travel: 30,
        ..k1(staff, None, date)
    };
    data.activities.extend([
        follow(0, "2024-04-01"),
        follow(0, "2024-05-20"),
        follow(c3, "2024-03-01"),
        k1(1, Some(c3), "2024-02-25"),
        k1(0, Some(c2), "2024-05-01"),
        out(0, "2024-03-05", S::Done, true),
        out(1, "2024-03-06", S::ParticipantNoShow, true),
        out(0, "2024-03-07", S::Cancelled, true),
        out(2, "2024-03-07", S::Done, true),
    ]);
    data
}

/// For every cell of every figure: the rows' numerators and denominators add up to the
/// figure's, K3's median is the median of its rows' days, and the rows shown apart are K4's
/// passive and K5a's subsidised count.
fn rows_make_every_figure(data: &KpiData, from: &str, to: &str) -> usize {
    let mut checked = 0;
    for by in GroupKind::ALL {
        for period in PeriodKind::ALL {
            let spec = KpiSpec { from: d(from), to: d(to), by: *by, period: *period, kpis: Kpi::ALL.to_vec() };
            let report = compute(data, &spec);
            for figure in &report.rows {
                let (group, label) = (&report.group_ids[figure.group], &report.periods[figure.period].label);
                let cell = drill(data, &spec, figure.kpi, group, label).unwrap();
                assert!(cell.figures.contains(figure));
                let rows: Vec<&FigureRow> = cell
                    .rows
                    .iter()
                    .filter(|r| r.at_months == figure.at_months && r.dimension == figure.dimension)
                    .collect();
                let at = format!("{} {group} {label} {:?} {:?}", figure.kpi.code(), figure.at_months, figure.dimension);
                let numerator: f64 = rows.iter().map(|r| r.numerator).sum();
                let denominator: f64 = rows.iter().map(|r| r.denominator).sum();
                let Some(n) = figure.numerator else {
                    assert!(rows.iter().all(|r| r.numerator == 0.0), "{at}");
                    continue;
                };
                assert!(close(numerator, n), "{at}: {numerator} ≠ {n}");
                assert!(close(denominator, figure.denominator.unwrap()), "{at}: {denominator}");
                let apart = rows.iter().filter(|r| r.apart).count() as f64;
                match figure.kpi {
                    Kpi::K3 => {
                        let mut days: Vec<f64> = rows.iter().filter_map(|r| r.measure).collect();
                        assert_eq!(median(&mut days), figure.value, "{at}");
                    }
                    Kpi::K4 => assert_eq!(Some(apart), figure.passive, "{at}"),
                    Kpi::K5a => assert_eq!(Some(apart), figure.subsidised, "{at}"),
                    _ => {}
                }
                // A reason says why a row is not in the numerator.
                assert!(rows.iter().all(|r| r.reason.is_none() || r.numerator == 0.0), "{at}");
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn the_rows_of_every_figure_add_up_to_it() {
    let data = year();
    let checked = rows_make_every_figure(&data, "2024-01-01", "2025-03-31");
    // Every KPI has cells with a value in this data.
    assert!(checked > 500, "{checked}");
    for kpi in Kpi::ALL {
        let spec = KpiSpec {
            from: d("2024-01-01"),
            to: d("2025-03-31"),
            by: GroupKind::All,
            period: PeriodKind::Year,
            kpis: vec![*kpi],
        };
        let r = compute(&data, &spec);
        assert!(r.rows.iter().any(|x| x.numerator.is_some_and(|n| n > 0.0)), "{}", kpi.code());
    }
    assert!(rows_make_every_figure(&k1_week(), "2024-03-01", "2024-03-31") > 50);
    assert!(rows_make_every_figure(&base(), "2024-03-01", "2024-03-31") == 0);
}

#[test]
fn k1_rows_say_why_each_meeting_counts_or_not() {
    let data = k1_week();
    let spec = KpiSpec {
        from: d("2024-03-04"),
        to: d("2024-03-17"),
        by: GroupKind::Team,
        period: PeriodKind::Week,
        kpis: vec![],
    };
    let k1 = drill(&data, &spec, Kpi::K1, "t1", "2024-W10").unwrap();
    let seen: Vec<(Item, f64, f64, Option<&str>)> =
        k1.rows.iter().map(|r| (r.item, r.numerator, r.denominator, r.reason)).collect();
    // Activities by date (stable among equal dates), then the job specialists' FTE × 1 week;
    // mv1 (position 12) is no job specialist: their meeting is listed, not counted.
    let a = |i, n: f64, reason| (Item::Activity(i), n, 0.0, reason);
    assert_eq!(
        seen,
        [
            a(0, 1.0, None),
            a(1, 1.0, None),
            a(2, 0.0, Some("digitalt møte")),
            a(3, 0.0, Some("ikke beslutningstaker")),
            a(4, 0.0, Some("ukjent om beslutningstaker")),
            a(11, 1.0, None),
            a(12, 0.0, Some("ikke gjort av en jobbspesialist")),
            a(5, 0.0, Some("ikke jobbutvikling eller relasjonsbygging")),
            a(6, 0.0, Some("ikke jobbutvikling eller relasjonsbygging")),
            a(7, 0.0, Some("avlyst")),
            a(8, 0.0, Some("ikke gjennomført (planlagt)")),
            a(9, 0.0, Some("ikke arbeidsgivermøte")),
            (Item::Staff(0), 0.0, 1.0, None),
            (Item::Staff(1), 0.0, 0.5, None),
        ]
    );
    // 3 meetings over 1.5 FTE-weeks, as the figure.
    assert_eq!((k1.figures[0].numerator, k1.figures[0].denominator), (Some(3.0), Some(1.5)));
    assert!(drill(&data, &spec, Kpi::K1, "t9", "2024-W10").is_none());
    assert!(drill(&data, &spec, Kpi::K1, "t1", "2024-W20").is_none());
}

#[test]
fn k5_and_k9_rows_name_the_jobs_left_out() {
    let data = year();
    let spec = KpiSpec {
        from: d("2024-01-01"),
        to: d("2024-12-31"),
        by: GroupKind::JobSpecialist,
        period: PeriodKind::Quarter,
        kpis: vec![],
    };
    let k5a = drill(&data, &spec, Kpi::K5a, "js1", "2024-Q1").unwrap();
    let jobs: Vec<(Item, f64, bool, Option<&str>)> =
        k5a.rows.iter().map(|r| (r.item, r.numerator, r.apart, r.reason)).collect();
    // p1's jobbsmak (job 0) never counts; p1's first paid job on course c1 (job 1, subsidised)
    // counts; p2's (job 3) counts; p1's first paid job on the second course (job 5) is the
    // same person in the same quarter. 2 people ÷ 1.0 FTE.
    assert_eq!(
        jobs,
        [
            (Item::Job(0), 0.0, false, Some("ikke lønnet arbeid (jobbsmak, arbeidstrening eller ulønnet)")),
            (Item::Job(1), 1.0, true, None),
            (Item::Job(3), 1.0, false, None),
            (Item::Job(5), 0.0, false, Some("deltakeren er alt telt i perioden")),
            (Item::Staff(0), 0.0, false, None),
        ]
    );
    assert_eq!((k5a.figures[0].numerator, k5a.figures[0].subsidised), (Some(2.0), Some(1.0)));
    // K9 in Q1 for js1: jobs 1 (5120, e1), 3 (5120, e2), 5 (no code, e1).
    let k9 = drill(&data, &spec, Kpi::K9, "js1", "2024-Q1").unwrap();
    let styrk: Vec<(Item, f64, Option<&str>)> =
        k9.rows.iter().filter(|r| r.dimension == Some("styrk")).map(|r| (r.item, r.numerator, r.reason)).collect();
    assert_eq!(
        styrk,
        [
            (Item::Job(1), 1.0, None),
            (Item::Job(3), 0.0, Some("samme yrke (STYRK) som en annen jobb")),
            (Item::Job(5), 0.0, Some("mangler STYRK-kode")),
        ]
    );
    let employers: Vec<f64> = k9.rows.iter().filter(|r| r.dimension == Some("employer")).map(|r| r.numerator).collect();
    assert_eq!(employers, [1.0, 1.0, 0.0]);
    // Same channel check used by the figure: a digital meeting is left out of K1p too.
    let digital = ActivityFact {
        channel: Some(C::Digital),
        subcategory: Some(Sub::JobDevelopment),
        ..k1(0, Some(0), "2024-03-05")
    };
    assert_eq!(digital.k1p_exclusion(), Some("digitalt møte"));
}
