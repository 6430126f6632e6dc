//! Course and job facts (K3, K8) on both engines: every write of an activity, course or job
//! keeps them equal to what the rules compute from the records (the check finds nothing), a
//! rolled-back write leaves them alone, a corrupted course fact is found, and the KPI load
//! from facts gives the same rows as the load from activities while reading no activity.

use chrono::NaiveDate;
use jobbvei_domain::kpi::{GroupKind, Kpi, KpiSpec, PeriodKind, compute};
use jobbvei_domain::{Activity, ActivityKind, Channel, Course, Method, Subcategory};
use jobbvei_store::testing::both;
use jobbvei_store::{Db, KpiScope};

use super::{day, meeting, seed};
use crate::id;

/// A done follow-up (a participant meeting by phone) on course `course`, on `at` (UTC).
pub(super) fn followup(aid: &str, uid: &str, at: &str, course: &str) -> Activity {
    Activity {
        kind: ActivityKind::ParticipantMeeting,
        channel: Some(Channel::Phone),
        subcategory: Some(Subcategory::FollowUp),
        decision_maker: None,
        course: Some(id(course)),
        ..meeting(aid, uid, at, true)
    }
}

/// A K1p meeting on `course`.
pub(super) fn k1p(aid: &str, uid: &str, at: &str, course: &str) -> Activity {
    Activity { course: Some(id(course)), ..meeting(aid, uid, at, true) }
}

pub(super) use crate::job;

pub(super) fn course(cid: &str, uid: &str, start: &str) -> Course {
    Course {
        id: id(cid),
        participant: id("p1"),
        method: Method::Se,
        job_specialist: id(uid),
        start: day(start),
        referred: None,
        end: None,
        end_cause: None,
        end_cause_detail: None,
    }
}

/// The facts a report of 2024 loads: (course, first K1p meeting), (job, months as bits).
async fn stored(db: &Db, label: &str) -> (Vec<(String, Option<NaiveDate>)>, Vec<(String, u8)>) {
    let check = db.check_facts().await.unwrap();
    assert!(check.is_clean(), "{label}: {:?}", check.marks);
    let data = db
        .kpi_data_for(day("2024-01-01"), day("2024-12-31"), &KpiScope::Everything, &[Kpi::K3, Kpi::K8])
        .await
        .unwrap();
    assert!(data.activities.is_empty(), "{label}: K3 and K8 read no activity");
    let marks = data.marks.expect("read from the facts");
    let courses = data.courses.iter().zip(&marks.first_k1p).map(|(c, d)| (c.id.clone(), *d)).collect();
    let jobs = data.jobs.iter().zip(&marks.followup).map(|(j, m)| (j.id.clone(), m.bits())).collect();
    (courses, jobs)
}

/// Every figure, every grouping and period: from facts and from activities, the same rows.
async fn same_figures(db: &Db, label: &str) {
    let kpis = Kpi::ALL.to_vec();
    for to in [day("2024-03-31"), day("2024-12-31")] {
        let from = day("2024-01-01");
        for scope in [KpiScope::Everything, KpiScope::Team("t1".into())] {
            let facts = db.kpi_data_for(from, to, &scope, &kpis).await.unwrap();
            assert!(facts.days.is_some() && facts.marks.is_some(), "{label}: the figures read the facts");
            assert!(facts.activities.is_empty(), "{label}: a report of every figure reads no activity");
            let raw = db.kpi_data_from_activities(from, to, &scope, &kpis).await.unwrap();
            assert!(raw.marks.is_none() && raw.days.is_none());
            for by in GroupKind::ALL {
                for period in [PeriodKind::Month, PeriodKind::Year] {
                    let spec = KpiSpec { from, to, by: *by, period, kpis: kpis.clone() };
                    assert_eq!(compute(&facts, &spec).rows, compute(&raw, &spec).rows, "{label} {scope:?} {by:?} {to}");
                }
            }
        }
    }
}

#[tokio::test]
async fn every_write_keeps_the_course_and_job_facts() {
    for s in both("marks").await {
        let (db, label) = (&s.db, s.label.as_str());
        seed(db).await;
        let mut tx = db.begin().await.unwrap();
        tx.upsert_employers(&[crate::employer("e1", "E")]).await.unwrap();
        tx.upsert_courses(&[course("c2", "u2", "2024-02-01")]).await.unwrap();
        tx.upsert_jobs(&[job("j1", "c1", "2024-01-15")]).await.unwrap();
        // c1 started 2 January. Its K1p meetings: u1's on 20 January and u2's on 10 January
        // (anyone's meeting on the course), and one on 1 January, before its start.
        tx.upsert_activities(&[
            k1p("m1", "u1", "2024-01-20T09:00:00Z", "c1"),
            k1p("m2", "u2", "2024-01-10T09:00:00Z", "c1"),
            k1p("m0", "u1", "2024-01-01T09:00:00Z", "c1"),
            // j1 started 15 January: month 1 (15 January – 14 February) and month 3
            // (15 March – 14 April) have follow-up: bits 0 and 2.
            followup("f1", "u1", "2024-01-16T09:00:00Z", "c1"),
            followup("f2", "u1", "2024-03-20T09:00:00Z", "c1"),
        ])
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let (courses, jobs) = stored(db, label).await;
        assert_eq!(courses, vec![("c1".into(), Some(day("2024-01-10"))), ("c2".into(), None)], "{label}");
        assert_eq!(jobs, vec![("j1".into(), 0b101)], "{label}");
        same_figures(db, label).await;

        // m2 moves to c2 (started 1 February): it leaves c1, whose first is now m1, and lands
        // before c2's start, which still has no first meeting.
        let mut tx = db.begin().await.unwrap();
        tx.upsert_activities(&[k1p("m2", "u2", "2024-01-10T09:00:00Z", "c2")]).await.unwrap();
        tx.commit().await.unwrap();
        let (courses, _) = stored(db, label).await;
        assert_eq!(courses, vec![("c1".into(), Some(day("2024-01-20"))), ("c2".into(), None)], "{label}");

        // c2's start moves back to 5 January: m2 (10 January) is now on or after it.
        let mut tx = db.begin().await.unwrap();
        tx.upsert_courses(&[course("c2", "u2", "2024-01-05")]).await.unwrap();
        tx.commit().await.unwrap();
        let (courses, _) = stored(db, label).await;
        assert_eq!(courses[1], ("c2".into(), Some(day("2024-01-10"))), "{label}");

        // j1's start moves to 1 March: f1 is before it, f2 falls in month 1: bit 0.
        let mut tx = db.begin().await.unwrap();
        tx.upsert_jobs(&[job("j1", "c1", "2024-03-01")]).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(stored(db, label).await.1, vec![("j1".into(), 0b1)], "{label}");

        // An edit through replace_activity: f2 is cancelled, and j1 has no follow-up left.
        let before = followup("f2", "u1", "2024-03-20T09:00:00Z", "c1");
        let after = Activity { status: jobbvei_domain::ActivityStatus::Cancelled, ..before.clone() };
        let mut tx = db.begin().await.unwrap();
        assert!(tx.replace_activity(&before, &after).await.unwrap());
        tx.commit().await.unwrap();
        assert_eq!(stored(db, label).await.1, vec![("j1".into(), 0)], "{label}");
        same_figures(db, label).await;

        // A write rolled back leaves the facts as they were.
        {
            let mut tx = db.begin().await.unwrap();
            tx.upsert_activities(&[k1p("m9", "u1", "2024-01-03T09:00:00Z", "c1")]).await.unwrap();
            tx.upsert_jobs(&[job("j1", "c1", "2024-01-15")]).await.unwrap();
        }
        let (courses, jobs) = stored(db, label).await;
        assert_eq!(courses[0], ("c1".into(), Some(day("2024-01-20"))), "{label}");
        assert_eq!(jobs, vec![("j1".into(), 0)], "{label}");

        // A corrupted course fact is found, named by course, and a rebuild mends it.
        assert_eq!(db.corrupt_course_fact("c1", day("2024-06-01")).await.unwrap(), 1);
        let check = db.check_facts().await.unwrap();
        assert!(!check.is_clean(), "{label}");
        assert_eq!((check.total_differences, check.marks.total_differences), (0, 1), "{label}");
        let d = &check.marks.courses[0];
        assert_eq!((d.course.as_str(), d.stored, d.computed), ("c1", Some(day("2024-06-01")), Some(day("2024-01-20"))));
        assert_eq!((check.marks.courses_checked, check.marks.jobs_checked), (2, 1), "{label}");
        db.rebuild_facts().await.unwrap();
        assert!(db.check_facts().await.unwrap().is_clean(), "{label}");
        same_figures(db, label).await;

        // Activities new to the table are added to the stored facts (docs/facts.md): an
        // earlier K1p meeting becomes the first, a later one changes nothing, a follow-up
        // adds its month (j1 started 1 March: 5 April is month 2, bit 1).
        for (i, (a, first, bits)) in [
            (k1p("n1", "u2", "2024-01-05T09:00:00Z", "c1"), "2024-01-05", 0),
            (k1p("n2", "u1", "2024-01-25T09:00:00Z", "c1"), "2024-01-05", 0),
            (followup("n3", "u1", "2024-04-05T09:00:00Z", "c1"), "2024-01-05", 0b10),
            (followup("n4", "u2", "2024-04-06T09:00:00Z", "c1"), "2024-01-05", 0b10),
        ]
        .into_iter()
        .enumerate()
        {
            let mut tx = db.begin().await.unwrap();
            tx.upsert_activities(&[a]).await.unwrap();
            tx.commit().await.unwrap();
            let (courses, jobs) = stored(db, label).await;
            assert_eq!(courses[0], ("c1".into(), Some(day(first))), "{label} {i}");
            assert_eq!(jobs, vec![("j1".into(), bits)], "{label} {i}");
        }
        // A new meeting before c2's stored first (10 January) becomes its first; then a new
        // activity beside one that replaces a stored one: the course is recomputed.
        let mut tx = db.begin().await.unwrap();
        tx.upsert_activities(&[k1p("n5", "u1", "2024-01-08T09:00:00Z", "c2")]).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(stored(db, label).await.0[1], ("c2".into(), Some(day("2024-01-08"))), "{label}");
        let mut tx = db.begin().await.unwrap();
        tx.upsert_activities(&[
            followup("n6", "u1", "2024-05-02T09:00:00Z", "c1"),
            Activity {
                status: jobbvei_domain::ActivityStatus::Cancelled,
                ..k1p("n1", "u2", "2024-01-05T09:00:00Z", "c1")
            },
        ])
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let (courses, jobs) = stored(db, label).await;
        assert_eq!(courses[0], ("c1".into(), Some(day("2024-01-20"))), "{label}: n1 cancelled");
        assert_eq!(jobs, vec![("j1".into(), 0b110)], "{label}");
        same_figures(db, label).await;
        s.remove().await;
    }
}
