//! Leases on background work, on both engines: one holder at a time, renewal by the holder,
//! take-over once it has run out, and a once-a-day job claimed once per day.

use chrono::{DateTime, NaiveDate, Utc};
use jobbvei_store::testing::both;

fn at(minute: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_732_000_000 + minute * 60, 0).unwrap()
}

fn day(d: &str) -> NaiveDate {
    d.parse().unwrap()
}

#[tokio::test]
async fn one_holder_at_a_time_until_the_lease_runs_out() {
    for s in both("leases").await {
        let db = &s.db;
        assert!(db.claim_lease("mail", "a", at(0), at(5), None).await.unwrap(), "{}: free at first", s.label);
        assert!(!db.claim_lease("mail", "b", at(1), at(6), None).await.unwrap(), "a holds it until minute 5");
        assert!(db.claim_lease("mail", "a", at(4), at(9), None).await.unwrap(), "the holder renews");
        assert!(!db.claim_lease("mail", "b", at(8), at(13), None).await.unwrap(), "renewed to minute 9");
        assert!(db.claim_lease("mail", "b", at(9), at(14), None).await.unwrap(), "run out at minute 9: b takes it");
        assert!(!db.claim_lease("mail", "a", at(10), at(15), None).await.unwrap());
        assert!(db.claim_lease("other", "a", at(10), at(15), None).await.unwrap(), "leases are per name");
        db.release_lease("mail", "a", at(10), None).await.unwrap();
        assert!(!db.claim_lease("mail", "a", at(10), at(15), None).await.unwrap(), "only the holder releases");
        db.release_lease("mail", "b", at(10), None).await.unwrap();
        assert!(db.claim_lease("mail", "a", at(10), at(15), None).await.unwrap(), "released: free at once");
        s.remove().await;
    }
}

#[tokio::test]
async fn a_daily_job_is_claimed_once_a_day() {
    for s in both("daily_lease").await {
        let db = &s.db;
        let (d1, d2) = (day("2024-11-19"), day("2024-11-20"));
        assert!(db.claim_lease("round", "a", at(0), at(60), Some(d1)).await.unwrap(), "{}", s.label);
        assert!(!db.claim_lease("round", "b", at(1), at(61), Some(d1)).await.unwrap(), "running on a");
        // A failed round gives the lease back without the day: another may try.
        db.release_lease("round", "a", at(2), None).await.unwrap();
        assert!(db.claim_lease("round", "b", at(3), at(63), Some(d1)).await.unwrap());
        db.release_lease("round", "b", at(4), Some(d1)).await.unwrap();
        assert!(!db.claim_lease("round", "a", at(5), at(65), Some(d1)).await.unwrap(), "done for the day");
        assert!(!db.claim_lease("round", "b", at(5), at(65), Some(d1)).await.unwrap(), "even for the one that did it");
        assert!(db.claim_lease("round", "a", at(1440), at(1500), Some(d2)).await.unwrap(), "a new day");
        s.remove().await;
    }
}

#[tokio::test]
async fn login_failures_count_in_a_window_and_are_forgotten_after_it() {
    for s in both("login_failures").await {
        let db = &s.db;
        let keys = ["k1".to_owned(), "k2".to_owned()];
        for m in [0, 2, 4] {
            db.add_login_failures(&keys, at(m), at(m - 15)).await.unwrap();
        }
        // Newest first: minute 4, 2, 0.
        assert_eq!(db.nth_login_failure("k1", at(-1), 2).await.unwrap(), Some(at(2)), "{}", s.label);
        assert_eq!(db.nth_login_failure("k1", at(-1), 3).await.unwrap(), Some(at(0)));
        assert_eq!(db.nth_login_failure("k1", at(-1), 4).await.unwrap(), None);
        assert_eq!(db.nth_login_failure("k1", at(0), 3).await.unwrap(), None, "minute 0 is not after minute 0");
        db.clear_login_failures("k1").await.unwrap();
        assert_eq!(db.nth_login_failure("k1", at(-1), 1).await.unwrap(), None);
        assert_eq!(db.nth_login_failure("k2", at(-1), 1).await.unwrap(), Some(at(4)));
        // A failure at minute 17 forgets those up to minute 2.
        db.add_login_failures(&["k3".to_owned()], at(17), at(2)).await.unwrap();
        assert_eq!(db.nth_login_failure("k2", at(-100), 2).await.unwrap(), None);
        assert_eq!(db.nth_login_failure("k2", at(-100), 1).await.unwrap(), Some(at(4)));
        s.remove().await;
    }
}
