//! Day facts on both engines: every write of activities keeps them equal to what the rules
//! compute from the activities (the check finds nothing), a moved activity leaves its old
//! day, a rolled-back write leaves them alone, a corrupted fact is found, and the KPI load
//! from facts gives the same rows as the load from activities.

use chrono::{DateTime, NaiveDate, Utc};
use jobbvei_domain::kpi::{DayCounts, GroupKind, Kpi, KpiSpec, PeriodKind, compute};
use jobbvei_domain::{Activity, ActivityKind, ActivityStatus, Channel, Course, Fnr, Method, Participant};
use jobbvei_domain::{Fte, Role, Subcategory, Team, User};
use jobbvei_store::testing::both;
use jobbvei_store::{Db, KpiScope};

use super::{id, office};

mod handover;
mod load;
mod marks;

fn user(uid: &str) -> User {
    User {
        id: id(uid),
        name: uid.into(),
        roles: vec![Role::JobSpecialist],
        team: Some(id("t1")),
        fte: Fte::FULL,
        username: Some(uid.into()),
    }
}

/// A done, physical employer meeting with a decision maker for job development (a K1
/// meeting), on the course when `course`, starting at `at` (UTC).
fn meeting(aid: &str, uid: &str, at: &str, course: bool) -> Activity {
    Activity {
        id: id(aid),
        user: id(uid),
        kind: ActivityKind::EmployerMeeting,
        start: at.parse::<DateTime<Utc>>().unwrap(),
        minutes: 60,
        status: ActivityStatus::Done,
        channel: Some(Channel::Physical),
        out_of_office: Some(true),
        travel_to: Some(10),
        travel_from: Some(20),
        course: course.then(|| id("c1")),
        employer: None,
        employer_contact: None,
        decision_maker: Some(true),
        subcategory: Some(Subcategory::JobDevelopment),
        place: None,
        note: None,
    }
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn seed(db: &Db) {
    let mut tx = db.begin().await.unwrap();
    tx.upsert_offices(&[office("0314", "NAV Sagene")]).await.unwrap();
    tx.upsert_teams(&[Team { id: id("t1"), office: id("0314"), name: "T".into(), method: Method::Se }]).await.unwrap();
    tx.upsert_users(&[user("u1"), user("u2")]).await.unwrap();
    tx.upsert_participants(&[Participant {
        id: id("p1"),
        name: "P".into(),
        fnr: Fnr::parse("15038512363").unwrap(),
        postal_code: None,
        birth_year: None,
        norwegian_level: None,
        interpreter: None,
        veileder: None,
        confidential: None,
    }])
    .await
    .unwrap();
    tx.upsert_courses(&[Course {
        id: id("c1"),
        participant: id("p1"),
        method: Method::Se,
        job_specialist: id("u1"),
        start: day("2024-01-02"),
        referred: None,
        end: None,
        end_cause: None,
        end_cause_detail: None,
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// The stored facts of one day, as the check reads them.
async fn stored(db: &Db, uid: &str, d: &str) -> Option<DayCounts> {
    // A corrupted copy would show as a difference; a clean check means stored = computed.
    let check = db.check_facts().await.unwrap();
    assert!(check.is_clean(), "{:?}", check.differences);
    let data =
        db.kpi_data_for(day(d), day(d), &KpiScope::User(uid.into()), &[Kpi::K1, Kpi::K1p, Kpi::K2]).await.unwrap();
    data.days.unwrap().first().map(|f| f.counts)
}

/// Every grouping and period of K1, K1p and K2: from facts and from activities alone, the
/// same rows. With K3 asked as well, it reads its course facts: no activity at all.
async fn same_figures(db: &Db, label: &str) {
    let (from, to) = (day("2024-01-01"), day("2024-03-31"));
    let with_k3 = db.kpi_data_for(from, to, &KpiScope::Everything, &[Kpi::K1, Kpi::K3]).await.unwrap();
    assert!(with_k3.days.is_some() && with_k3.marks.is_some(), "{label}: K1 and K3 read their facts");
    assert!(with_k3.activities.is_empty(), "{label}: no activity read");
    let kpis = vec![Kpi::K1, Kpi::K1p, Kpi::K2];
    for scope in [KpiScope::Everything, KpiScope::Team("t1".into()), KpiScope::User("u2".into())] {
        let facts = db.kpi_data_for(from, to, &scope, &kpis).await.unwrap();
        assert!(facts.days.is_some(), "{label}: the figures read the facts");
        let raw = db.kpi_data(from, to, &scope).await.unwrap();
        assert!(raw.days.is_none());
        for by in GroupKind::ALL {
            for period in [PeriodKind::Week, PeriodKind::Month, PeriodKind::Year] {
                let spec = KpiSpec { from, to, by: *by, period, kpis: kpis.clone() };
                assert_eq!(compute(&facts, &spec).rows, compute(&raw, &spec).rows, "{label} {scope:?} {by:?}");
            }
        }
    }
}

#[tokio::test]
async fn every_write_keeps_the_day_facts() {
    for s in both("facts").await {
        let db = &s.db;
        seed(db).await;
        assert!(db.facts_current().await.unwrap(), "{}: built at open", s.label);
        // 4 March 2024, 23:30 UTC is 5 March in Oslo.
        let mut tx = db.begin().await.unwrap();
        tx.upsert_activities(&[
            meeting("a1", "u1", "2024-03-04T09:00:00Z", true),
            meeting("a2", "u1", "2024-03-04T12:00:00Z", false),
            meeting("a3", "u1", "2024-03-04T23:30:00Z", true),
            Activity { status: ActivityStatus::Cancelled, ..meeting("a4", "u2", "2024-03-05T09:00:00Z", true) },
        ])
        .await
        .unwrap();
        tx.commit().await.unwrap();
        // u1 on 4 March: two K1 meetings, one on the course; 2 × (60 + 10 + 20) minutes out.
        let c = DayCounts { activities: 2, k1: 2, k1p: 1, k2_minutes: 180 };
        assert_eq!(stored(db, "u1", "2024-03-04").await, Some(c), "{}", s.label);
        assert_eq!(
            stored(db, "u1", "2024-03-05").await,
            Some(DayCounts { activities: 1, k1: 1, k1p: 1, k2_minutes: 90 }),
            "{}",
            s.label
        );
        // u2's cancelled meeting: an activity (data), nothing counted.
        assert_eq!(stored(db, "u2", "2024-03-05").await, Some(DayCounts { activities: 1, ..DayCounts::default() }));
        same_figures(db, &s.label).await;

        // a1 moves to u2 and 6 March: it leaves u1's 4 March.
        let mut tx = db.begin().await.unwrap();
        tx.upsert_activities(&[meeting("a1", "u2", "2024-03-06T09:00:00Z", true)]).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            stored(db, "u1", "2024-03-04").await,
            Some(DayCounts { activities: 1, k1: 1, k1p: 0, k2_minutes: 90 }),
            "{}",
            s.label
        );
        assert_eq!(stored(db, "u2", "2024-03-06").await.map(|c| c.k1p), Some(1), "{}", s.label);

        // An edit through replace_activity: a2 goes on the course and is cancelled.
        let before = meeting("a2", "u1", "2024-03-04T12:00:00Z", false);
        let after = Activity { status: ActivityStatus::Cancelled, ..meeting("a2", "u1", "2024-03-04T12:00:00Z", true) };
        let mut tx = db.begin().await.unwrap();
        assert!(tx.replace_activity(&before, &after).await.unwrap());
        tx.commit().await.unwrap();
        assert_eq!(
            stored(db, "u1", "2024-03-04").await,
            Some(DayCounts { activities: 1, ..DayCounts::default() }),
            "{}",
            s.label
        );

        // New activities are added to their day's stored counts, one transaction at a time
        // or several at once.
        for batch in [
            vec![meeting("b1", "u1", "2024-03-04T13:00:00Z", true)],
            vec![meeting("b2", "u1", "2024-03-04T14:00:00Z", false), meeting("b3", "u2", "2024-03-04T14:00:00Z", true)],
            vec![meeting("b4", "u1", "2024-03-04T15:00:00Z", true), meeting("b5", "u1", "2024-03-04T16:00:00Z", true)],
        ] {
            let mut tx = db.begin().await.unwrap();
            tx.upsert_activities(&batch).await.unwrap();
            tx.commit().await.unwrap();
        }
        assert_eq!(
            stored(db, "u1", "2024-03-04").await,
            Some(DayCounts { activities: 5, k1: 4, k1p: 3, k2_minutes: 360 }),
            "{}",
            s.label
        );
        assert_eq!(stored(db, "u2", "2024-03-04").await.map(|c| c.k1p), Some(1), "{}", s.label);
        same_figures(db, &s.label).await;

        // A write rolled back leaves the facts as they were.
        {
            let mut tx = db.begin().await.unwrap();
            tx.upsert_activities(&[meeting("a9", "u1", "2024-03-04T15:00:00Z", true)]).await.unwrap();
        }
        assert_eq!(stored(db, "u1", "2024-03-04").await.map(|c| c.activities), Some(5), "{}", s.label);
        same_figures(db, &s.label).await;

        // A corrupted fact is found, named by user and day, and a rebuild mends it.
        assert_eq!(db.corrupt_fact("u2", day("2024-03-06"), 7).await.unwrap(), 1);
        let check = db.check_facts().await.unwrap();
        assert!(!check.is_clean(), "{}", s.label);
        assert_eq!(check.total_differences, 1, "{}", s.label);
        let d = &check.differences[0];
        assert_eq!((d.user.as_str(), d.day), ("u2", day("2024-03-06")), "{}", s.label);
        assert_eq!(d.stored.map(|c| c.k1), Some(7));
        assert_eq!(d.computed.map(|c| c.k1), Some(1));
        assert_eq!(db.rebuild_facts().await.unwrap(), 5, "{}: u1 4 and 5 March, u2 4, 5 and 6 March", s.label);
        assert!(db.check_facts().await.unwrap().is_clean(), "{}", s.label);
        s.remove().await;
    }
}
