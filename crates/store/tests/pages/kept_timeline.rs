//! The participant page keeps each timeline while its courses' job specialists' stamps are
//! unchanged (`KeptTimelines`): a view reads the timeline again exactly when an activity of
//! the participant was written, moved or its course changed hands, and shows what is stored.

use chrono::{DateTime, NaiveDate};
use jobbvei_domain::Activity;
use jobbvei_store::testing::both;
use jobbvei_store::{Db, KeptTimelines};

use super::stamps::activity;
use super::{course, two_courses};

/// Logged `hours` hours after a fixed moment, so the timeline's order is known.
fn at(aid: &str, who: &str, course: &str, hours: i64) -> Activity {
    let mut a = activity(aid, who, Some(course));
    a.start = DateTime::from_timestamp(1_720_000_000 + hours * 3_600, 0).unwrap();
    a
}

async fn write(db: &Db, a: Activity) {
    let mut tx = db.begin().await.unwrap();
    tx.upsert_activities(&[a]).await.unwrap();
    tx.commit().await.unwrap();
}

/// The page's timeline of `p` (newest first) and how many timelines were read so far.
async fn timeline(db: &Db, kept: &KeptTimelines, p: &str, max: i64) -> (Vec<String>, u64) {
    let day: NaiveDate = "2024-07-03".parse().unwrap();
    let page = db.participant_page(p, day, max, kept).await.unwrap().unwrap();
    let ids = page.record.activities.iter().map(|a| a.id.as_str().to_owned()).collect();
    (ids, kept.counts().2)
}

#[tokio::test]
async fn a_kept_timeline_is_read_again_exactly_when_an_activity_changed() {
    for s in both("pages_kept_timeline").await {
        let db = &s.db;
        let mut tx = db.begin().await.unwrap();
        two_courses(&mut tx).await;
        tx.commit().await.unwrap();
        write(db, at("a1", "u1", "c1", 1)).await;
        write(db, at("b1", "u3", "c2", 0)).await;

        let kept = KeptTimelines::default();
        let label = &s.label;
        assert_eq!(timeline(db, &kept, "p-open", 10).await, (vec!["a1".to_owned()], 1), "{label}: read");
        assert_eq!(timeline(db, &kept, "p-open", 10).await, (vec!["a1".to_owned()], 1), "{label}: kept");
        assert_eq!(timeline(db, &kept, "p-open", 1).await.1, 2, "{label}: another length is its own entry");
        assert_eq!(timeline(db, &kept, "p-old", 10).await, (vec!["b1".to_owned()], 3), "{label}");
        assert_eq!(kept.counts().0, 3, "{label}");

        // A new activity on c1, by someone else than its job specialist.
        write(db, at("a2", "u2", "c1", 2)).await;
        let ids = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(timeline(db, &kept, "p-open", 10).await, (ids(&["a2", "a1"]), 4), "{label}: written");
        assert_eq!(timeline(db, &kept, "p-old", 10).await, (ids(&["b1"]), 4), "{label}: p-old untouched");

        // a1 moved to p-old's course: both read again.
        write(db, at("a1", "u1", "c2", 1)).await;
        assert_eq!(timeline(db, &kept, "p-open", 10).await, (ids(&["a2"]), 5), "{label}: moved away");
        assert_eq!(timeline(db, &kept, "p-old", 10).await, (ids(&["a1", "b1"]), 6), "{label}: moved here");

        // c1 handed to u3: the key is u3's stamp now.
        let mut tx = db.begin().await.unwrap();
        tx.upsert_courses(&[course("c1", "p-open", "u3", "2023-01-02", None)]).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(timeline(db, &kept, "p-open", 10).await, (ids(&["a2"]), 7), "{label}: new job specialist");
        assert_eq!(timeline(db, &kept, "p-open", 10).await.1, 7, "{label}: kept again");

        // A second instance's writes are seen the same way: they raise the same stamps.
        write(db, at("a3", "u1", "c1", 3)).await;
        assert_eq!(timeline(db, &kept, "p-open", 10).await, (ids(&["a3", "a2"]), 8), "{label}");
        s.remove().await;
    }
}
