//! Min dag keeps each user's activities while their stamp is unchanged (`KeptDays`): a view
//! reads them again exactly when one of the user's activities was written (on a colleague's
//! course or on none), a name shown beside them changed, or the day changed; and which
//! planned ones are overdue follows the clock without a read.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use jobbvei_domain::{Activity, ActivityStatus};
use jobbvei_store::testing::both;
use jobbvei_store::{Db, KeptDays};

use super::stamps::activity;
use super::{id, participant, two_courses};

/// 2024-07-03 09:46:40 UTC, the day of every activity here unless moved.
const T0: i64 = 1_720_000_000;

fn at(aid: &str, who: &str, course: Option<&str>, hours: i64) -> Activity {
    let mut a = activity(aid, who, course);
    a.start = DateTime::from_timestamp(T0 + hours * 3_600, 0).unwrap();
    a
}

async fn write(db: &Db, a: Activity) {
    let mut tx = db.begin().await.unwrap();
    tx.upsert_activities(&[a]).await.unwrap();
    tx.commit().await.unwrap();
}

async fn stamp(db: &Db, user: &str) -> i64 {
    db.team_stamps("t1").await.unwrap().into_iter().find(|(u, _)| u == user).map_or(0, |(_, n)| n)
}

/// Min dag's lines for u1 on `day` at `now`, as (activity, participant name, employer name),
/// and how many days were read so far.
async fn my_day(db: &Db, kept: &KeptDays, day: &str, now: DateTime<Utc>) -> (Vec<String>, u64) {
    let day: NaiveDate = day.parse().unwrap();
    let n = stamp(db, "u1").await;
    let data = db.my_day_page("u1", day, now, now, &[], Some((kept, n))).await.unwrap();
    let lines = data
        .lines
        .iter()
        .map(|l| {
            let names = [l.participant_name.clone(), l.employer_name.clone()].into_iter().flatten();
            std::iter::once(l.activity.id.as_str().to_owned()).chain(names).collect::<Vec<_>>().join(" ")
        })
        .collect();
    (lines, kept.counts().1)
}

#[tokio::test]
async fn a_kept_day_is_read_again_exactly_when_what_it_shows_changed() {
    for s in both("pages_kept_day").await {
        let db = &s.db;
        let mut tx = db.begin().await.unwrap();
        two_courses(&mut tx).await;
        let bakery = |name: &str| crate::employer("e1", name);
        tx.upsert_employers(&[bakery("Bakeriet AS")]).await.unwrap();
        tx.commit().await.unwrap();
        write(db, at("a1", "u1", Some("c1"), 0)).await;

        let kept = KeptDays::default();
        let (label, now) = (&s.label, DateTime::from_timestamp(T0 + 3_600, 0).unwrap());
        let lines = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(my_day(db, &kept, "2024-07-03", now).await, (lines(&["a1 Navn p-open"]), 1), "{label}: read");
        assert_eq!(my_day(db, &kept, "2024-07-03", now).await.1, 1, "{label}: kept");

        // On a colleague's course (c2 is u3's): u1's own stamp is raised.
        write(db, at("b1", "u1", Some("c2"), 1)).await;
        let both_lines = lines(&["a1 Navn p-open", "b1 Navn p-old"]);
        assert_eq!(my_day(db, &kept, "2024-07-03", now).await, (both_lines, 2), "{label}: another's course");

        // On no course, at an employer.
        let mut x1 = at("x1", "u1", None, 2);
        x1.employer = Some(id("e1"));
        write(db, x1).await;
        let with_x1 = lines(&["a1 Navn p-open", "b1 Navn p-old", "x1 Bakeriet AS"]);
        assert_eq!(my_day(db, &kept, "2024-07-03", now).await, (with_x1, 3), "{label}: no course");

        // A name shown changes: p-old's (not u1's participant), then the employer's.
        let mut tx = db.begin().await.unwrap();
        let mut renamed = participant("p-old", "15038512363");
        renamed.name = "Nytt Navn".into();
        tx.upsert_participants(&[renamed]).await.unwrap();
        tx.commit().await.unwrap();
        let renamed = lines(&["a1 Navn p-open", "b1 Nytt Navn", "x1 Bakeriet AS"]);
        assert_eq!(my_day(db, &kept, "2024-07-03", now).await, (renamed, 4), "{label}: a participant renamed");
        let mut tx = db.begin().await.unwrap();
        tx.upsert_employers(&[bakery("Bakeriet Sagene AS")]).await.unwrap();
        tx.commit().await.unwrap();
        let (shown, reads) = my_day(db, &kept, "2024-07-03", now).await;
        assert_eq!((shown[2].as_str(), reads), ("x1 Bakeriet Sagene AS", 5), "{label}: an employer renamed");
        // Written again as it was: no name changed, nothing read.
        let mut tx = db.begin().await.unwrap();
        tx.upsert_employers(&[bakery("Bakeriet Sagene AS")]).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(my_day(db, &kept, "2024-07-03", now).await.1, 5, "{label}: the same name");

        // Planned for tomorrow: listed once it is overdue, by the clock alone.
        let mut p1 = at("p1", "u1", Some("c1"), 24);
        p1.status = ActivityStatus::Planned;
        write(db, p1).await;
        let (today, reads) = my_day(db, &kept, "2024-07-03", now).await;
        assert_eq!((today.len(), reads), (3, 6), "{label}: not yet due");
        let later = now + Duration::hours(30);
        let (shown, reads) = my_day(db, &kept, "2024-07-03", later).await;
        assert_eq!((shown.last().map(String::as_str), reads), (Some("p1 Navn p-open"), 6), "{label}: overdue");

        // Another day is read: there only the overdue planned activity.
        assert_eq!(my_day(db, &kept, "2024-07-05", later).await, (lines(&["p1 Navn p-open"]), 7), "{label}");
        s.remove().await;
    }
}
