//! The case stamps (migrations 0031 and 0035): every write to a course or what hangs on it
//! raises the stamps of the course's job specialist and of its participant's veileder, in
//! the writing transaction, and an activity's its owner's too, and nobody else's; a move
//! raises the user left too; a bulk load, and a course moved to another participant, raise
//! all.

use chrono::DateTime;
use jobbvei_domain::{Activity, ActivityKind, ActivityStatus};
use jobbvei_store::testing::both;

use super::{course, id, three_users_two_participants};

pub(super) fn activity(aid: &str, who: &str, course: Option<&str>) -> Activity {
    Activity {
        id: id(aid),
        user: id(who),
        kind: ActivityKind::ParticipantMeeting,
        start: DateTime::from_timestamp(1_720_000_000, 0).unwrap(),
        minutes: 30,
        status: ActivityStatus::Done,
        channel: None,
        out_of_office: None,
        travel_to: None,
        travel_from: None,
        course: course.map(id),
        employer: None,
        employer_contact: None,
        decision_maker: None,
        subcategory: None,
        place: None,
        note: None,
    }
}

/// Each user's stamp, in id order: u1, u2, u3.
async fn stamps(db: &jobbvei_store::Db) -> Vec<i64> {
    db.team_stamps("t1").await.unwrap().into_iter().map(|(_, n)| n).collect()
}

/// Which of u1, u2, u3 were raised between two readings.
fn raised(before: &[i64], after: &[i64]) -> Vec<bool> {
    before.iter().zip(after).map(|(b, a)| a > b).collect()
}

#[tokio::test]
async fn a_write_raises_the_job_specialist_and_the_veileder_only() {
    for s in both("case_stamps").await {
        let mut tx = s.db.begin().await.unwrap();
        let load = tx.begin_bulk_load().await.unwrap().expect("an empty database loads in bulk");
        // p-open's veileder is u2.
        three_users_two_participants(&mut tx).await;
        tx.upsert_courses(&[course("c1", "p-open", "u1", "2023-01-02", None)]).await.unwrap();
        tx.end_bulk_load(load).await.unwrap();
        tx.commit().await.unwrap();
        let loaded = stamps(&s.db).await;
        assert_eq!(loaded, [1, 1, 1], "{}: the bulk load raised the epoch, and nothing per row", s.label);

        let write = |a: Activity| {
            let db = s.db.clone();
            async move {
                let mut tx = db.begin().await.unwrap();
                tx.upsert_activities(&[a]).await.unwrap();
                tx.commit().await.unwrap();
            }
        };
        write(activity("a1", "u1", Some("c1"))).await;
        let one = stamps(&s.db).await;
        assert_eq!(raised(&loaded, &one), [true, true, false], "{}: an activity on c1", s.label);

        write(activity("a2", "u3", None)).await;
        let owner = stamps(&s.db).await;
        assert_eq!(raised(&one, &owner), [false, false, true], "{}: an activity on no course, its owner", s.label);
        write(activity("a2", "u1", Some("c1"))).await;
        let by_one: Vec<i64> = stamps(&s.db).await.iter().zip(&owner).map(|(a, b)| a - b).collect();
        assert_eq!(by_one, [1, 1, 1], "{}: a2 handed from u3 to u1 and put on c1, each once", s.label);
        let owner = stamps(&s.db).await;

        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_courses(&[course("c1", "p-open", "u3", "2023-01-02", None)]).await.unwrap();
        tx.commit().await.unwrap();
        let moved = stamps(&s.db).await;
        assert_eq!(raised(&owner, &moved), [true, true, true], "{}: the course moved from u1 to u3", s.label);

        // Rolled back: nothing raised.
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_activities(&[activity("a3", "u3", Some("c1"))]).await.unwrap();
        tx.rollback().await.unwrap();
        assert_eq!(stamps(&s.db).await, moved, "{}", s.label);

        write(activity("a3", "u3", Some("c1"))).await;
        let on_c1 = stamps(&s.db).await;
        assert_eq!(raised(&moved, &on_c1), [false, true, true], "{}", s.label);

        // An activity moved from c1 (u3, veileder u2) to c2 (u1; p-old has no veileder) raises
        // the users of both courses, each once; moved off any course, those of the one it left.
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_courses(&[course("c2", "p-old", "u1", "2023-01-02", None)]).await.unwrap();
        tx.commit().await.unwrap();
        let with_c2 = stamps(&s.db).await;
        write(activity("a3", "u3", Some("c2"))).await;
        let on_c2 = stamps(&s.db).await;
        assert_eq!(raised(&with_c2, &on_c2), [true, true, true], "{}: a3 moved from c1 to c2", s.label);
        let by_one: Vec<i64> = on_c2.iter().zip(&with_c2).map(|(a, b)| a - b).collect();
        assert_eq!(by_one, [1, 1, 1], "{}: each raised once", s.label);
        write(activity("a3", "u3", None)).await;
        let off = stamps(&s.db).await;
        assert_eq!(raised(&on_c2, &off), [true, false, true], "{}: a3 moved off c2, and its owner", s.label);

        // c2 moved to p-open: names shown beside others' activities change, so all (the epoch).
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_courses(&[course("c2", "p-open", "u1", "2023-01-02", None)]).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(raised(&off, &stamps(&s.db).await), [true, true, true], "{}: c2 to another participant", s.label);
        s.remove().await;
    }
}
