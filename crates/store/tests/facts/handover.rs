//! A course handed over between teams: team t1's course c1 had its first K1p meeting and a
//! follow-up logged by u3 of team t2. The course and job facts count them (anyone's activity
//! on the course), so a load of t1 from the activities reads them too: K3 and K8 are the same
//! either way and the drill-down shows the meeting, while u3 counts for none of t1's activity
//! figures (K1, K2) in any grouping.

use jobbvei_domain::kpi::{GroupKind, Item, Kpi, KpiSpec, PeriodKind, compute, drill};
use jobbvei_domain::{Method, Team, User};
use jobbvei_store::KpiScope;
use jobbvei_store::testing::both;

use super::marks::{followup, job, k1p};
use super::{day, seed, user};
use crate::id;

#[tokio::test]
async fn a_course_counts_what_users_outside_the_scope_logged_on_it() {
    for s in both("handover").await {
        let (db, label) = (&s.db, s.label.as_str());
        seed(db).await;
        let mut tx = db.begin().await.unwrap();
        tx.upsert_teams(&[Team { id: id("t2"), office: id("0314"), name: "T2".into(), method: Method::Se }])
            .await
            .unwrap();
        tx.upsert_users(&[User { team: Some(id("t2")), ..user("u3") }]).await.unwrap();
        tx.upsert_employers(&[crate::employer("e1", "E")]).await.unwrap();
        tx.upsert_jobs(&[job("j1", "c1", "2024-01-15")]).await.unwrap();
        // c1 (u1's, started 2 January): u3's K1p meeting on 10 January comes before u1's on
        // 20 January; u3's follow-up on 16 January is in j1's first month.
        tx.upsert_activities(&[
            k1p("m1", "u1", "2024-01-20T09:00:00Z", "c1"),
            k1p("m3", "u3", "2024-01-10T09:00:00Z", "c1"),
            followup("f3", "u3", "2024-01-16T09:00:00Z", "c1"),
        ])
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert!(db.check_facts().await.unwrap().is_clean(), "{label}");

        let (from, to) = (day("2024-01-01"), day("2024-12-31"));
        let kpis = Kpi::ALL.to_vec();
        for scope in [KpiScope::Team("t1".into()), KpiScope::Office("0314".into()), KpiScope::User("u1".into())] {
            let facts = db.kpi_data_for(from, to, &scope, &kpis).await.unwrap();
            assert!(facts.marks.is_some() && facts.activities.is_empty(), "{label}: from the facts");
            let raw = db.kpi_data_from_activities(from, to, &scope, &kpis).await.unwrap();
            let refs = db.kpi_data_with_refs(from, to, &scope).await.unwrap();
            assert_eq!(refs.activities.len(), refs.activity_refs.len(), "{label}");
            for by in GroupKind::ALL {
                for period in [PeriodKind::Month, PeriodKind::Year] {
                    let spec = KpiSpec { from, to, by: *by, period, kpis: kpis.clone() };
                    let want = compute(&facts, &spec).rows;
                    assert_eq!(want, compute(&raw, &spec).rows, "{label} {scope:?} {by:?} {period:?}");
                    assert_eq!(want, compute(&refs, &spec).rows, "{label} {scope:?} {by:?} {period:?} (refs)");
                }
            }
        }

        let t1 = KpiScope::Team("t1".into());
        let refs = db.kpi_data_with_refs(from, to, &t1).await.unwrap();
        let spec = |by| KpiSpec { from, to, by, period: PeriodKind::Year, kpis: kpis.clone() };
        // K3: c1 measured at 8 days, from u3's meeting.
        let k3 = drill(&refs, &spec(GroupKind::Team), Kpi::K3, "t1", "2024").unwrap();
        assert_eq!(k3.rows.iter().map(|r| (r.item, r.measure)).collect::<Vec<_>>(), [(Item::Course(0), Some(8.0))]);
        assert_eq!(k3.figures[0].value, Some(8.0), "{label}");
        // K8: j1's first month has u3's follow-up.
        let k8 = drill(&refs, &spec(GroupKind::Team), Kpi::K8, "t1", "2024").unwrap();
        assert_eq!(k8.rows.iter().map(|r| r.measure).collect::<Vec<_>>(), [Some(1.0)], "{label}");
        // K1: only u1's meeting, whichever grouping; u3 is in no group of t1's report.
        for (by, group) in [(GroupKind::Team, "t1"), (GroupKind::All, "all"), (GroupKind::Office, "0314")] {
            let k1 = drill(&refs, &spec(by), Kpi::K1, group, "2024").unwrap();
            let staff: Vec<&str> = k1
                .rows
                .iter()
                .filter_map(|r| match r.item {
                    Item::Activity(i) => Some(refs.staff[refs.activities[i].staff].id.as_str()),
                    _ => None,
                })
                .collect();
            assert_eq!(staff, ["u1"], "{label} {by:?}");
            assert_eq!(k1.figures[0].numerator, Some(1.0), "{label} {by:?}");
        }
        assert!(drill(&refs, &spec(GroupKind::JobSpecialist), Kpi::K1, "u3", "2024").is_none(), "{label}");
        // Team t2's own report counts u3's meetings for K1 (m3 is a K1 meeting; f3 is not).
        let t2 = db.kpi_data_with_refs(from, to, &KpiScope::Team("t2".into())).await.unwrap();
        let k1 = drill(&t2, &spec(GroupKind::Team), Kpi::K1, "t2", "2024").unwrap();
        assert_eq!(k1.figures[0].numerator, Some(1.0), "{label}");
        s.remove().await;
    }
}
