//! A KPI load of some figures reads only the courses and jobs they can count (the store's
//! `kpi::plan`): fewer rows than a load of everything, and the same figures, here computed
//! by hand as well.

use jobbvei_domain::kpi::{GroupKind, Kpi, KpiData, KpiRow, KpiSpec, PeriodKind, compute};
use jobbvei_domain::{Course, Job, JobForm};
use jobbvei_store::testing::both;
use jobbvei_store::{Db, KpiScope};

use super::marks::{course, job};
use super::{day, seed};

/// March to June 2024, for team t1 (u1, u2; one participant p1). Courses: c1 (2 January, from
/// the seed, open), c3 (started 10 April), c4 (2023, ended before March), c5 (starts after
/// June). Jobs: j1 on c1, paid, 15 January – 30 April (c1's first paid job, before March);
/// j5 on c1, paid, 1–20 February (ended before March); j2 on c3, jobbsmak from 15 April;
/// j3 on c3, paid, 20–31 May (c3's first paid job); j4 on c3, paid, from 1 September.
async fn seed_jobs(db: &Db) {
    seed(db).await;
    let mut tx = db.begin().await.unwrap();
    tx.upsert_employers(&[crate::employer("e1", "E")]).await.unwrap();
    tx.upsert_courses(&[
        course("c3", "u1", "2024-04-10"),
        Course { end: Some(day("2023-12-31")), ..course("c4", "u1", "2023-05-01") },
        course("c5", "u2", "2024-08-01"),
    ])
    .await
    .unwrap();
    tx.upsert_jobs(&[
        Job { end: Some(day("2024-04-30")), ..job("j1", "c1", "2024-01-15") },
        Job { end: Some(day("2024-02-20")), ..job("j5", "c1", "2024-02-01") },
        Job { form: JobForm::Taster, paid: Some(false), ..job("j2", "c3", "2024-04-15") },
        Job { end: Some(day("2024-05-31")), ..job("j3", "c3", "2024-05-20") },
        job("j4", "c3", "2024-09-01"),
    ])
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<String> {
    items.iter().map(|i| id(i).to_owned()).collect()
}

fn loaded(data: &KpiData) -> (Vec<String>, Vec<String>) {
    (ids(&data.courses, |c| c.id.as_str()), ids(&data.jobs, |j| j.id.as_str()))
}

/// (numerator, denominator) of `kpi` for team t1, per month March–June.
fn team_months(data: &KpiData, kpi: Kpi) -> Vec<(Option<f64>, Option<f64>)> {
    let spec = KpiSpec {
        from: day("2024-03-01"),
        to: day("2024-06-30"),
        by: GroupKind::Team,
        period: PeriodKind::Month,
        kpis: vec![kpi],
    };
    compute(data, &spec).rows.iter().filter(|r: &&KpiRow| r.kpi == kpi).map(|r| (r.numerator, r.denominator)).collect()
}

#[tokio::test]
async fn each_figure_loads_only_what_it_counts() {
    for s in both("kpiload").await {
        let (db, label) = (&s.db, s.label.as_str());
        seed_jobs(db).await;
        let (from, to) = (day("2024-03-01"), day("2024-06-30"));
        let scope = KpiScope::Everything;
        let all = db.kpi_data(from, to, &scope).await.unwrap();
        let for_kpis =
            |kpis: Vec<Kpi>| async move { db.kpi_data_for(from, to, &KpiScope::Everything, &kpis).await.unwrap() };
        let s_ = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(loaded(&all), (s_(&["c1", "c3"]), s_(&["j1", "j2", "j3", "j4", "j5"])), "{label}");

        // K3 and K5b count the courses that started in the report's dates; K5b their first
        // paid job, which counts only when it started by the end.
        let k3 = for_kpis(vec![Kpi::K3]).await;
        assert_eq!(loaded(&k3), (s_(&["c3"]), s_(&[])), "{label}");
        let k5b = for_kpis(vec![Kpi::K5b]).await;
        assert_eq!(loaded(&k5b), (s_(&["c3"]), s_(&["j3"])), "{label}");
        // K5a: the first paid jobs of the open courses that started by the end.
        let k5a = for_kpis(vec![Kpi::K5a]).await;
        assert_eq!(loaded(&k5a), (s_(&["c1", "c3"]), s_(&["j1", "j3", "j5"])), "{label}");
        // K6: the paid jobs that overlap the report's dates.
        let k6 = for_kpis(vec![Kpi::K6]).await;
        assert_eq!(loaded(&k6), (s_(&["c1", "c3"]), s_(&["j1", "j3"])), "{label}");

        // K7, K8 and K9: the paid jobs that started in the report's dates.
        let k8 = for_kpis(vec![Kpi::K8]).await;
        assert_eq!(loaded(&k8), (s_(&["c1", "c3"]), s_(&["j3"])), "{label}");

        // By hand. K3: c3 (April) has no K1p meeting. K5b: c3's first paid job j3 started 40
        // days after it. K5a: j3 in May (j1, c1's first, before March). K6: p1 with a course
        // open each month, working in March and April (j1) and May (j3), not in June.
        let none = (None, None);
        assert_eq!(team_months(&k3, Kpi::K3), vec![none, (Some(0.0), Some(1.0)), none, none], "{label}");
        assert_eq!(team_months(&k5b, Kpi::K5b), vec![none, (Some(1.0), Some(1.0)), none, none], "{label}");
        let k5a_months: Vec<Option<f64>> = team_months(&k5a, Kpi::K5a).into_iter().map(|r| r.0).collect();
        assert_eq!(k5a_months, vec![Some(0.0), Some(0.0), Some(1.0), Some(0.0)], "{label}");
        let one = |n| (Some(n), Some(1.0));
        assert_eq!(team_months(&k6, Kpi::K6), vec![one(1.0), one(1.0), one(1.0), one(0.0)], "{label}");

        // Each figure alone, and together, gives the rows of the load of everything.
        let mut sets: Vec<Vec<Kpi>> = Kpi::ALL.iter().map(|k| vec![*k]).collect();
        sets.extend([vec![Kpi::K3, Kpi::K5b], vec![Kpi::K5a, Kpi::K6], vec![Kpi::K3, Kpi::K6], Kpi::ALL.to_vec()]);
        for kpis in sets {
            let data = for_kpis(kpis.clone()).await;
            for by in GroupKind::ALL {
                for period in [PeriodKind::Week, PeriodKind::Month] {
                    let spec = KpiSpec { from, to, by: *by, period, kpis: kpis.clone() };
                    assert_eq!(compute(&data, &spec).rows, compute(&all, &spec).rows, "{label} {kpis:?} {by:?}");
                }
            }
        }
        s.remove().await;
    }
}
