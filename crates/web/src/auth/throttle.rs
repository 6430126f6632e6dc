//! The sign-in throttle. Two counts of failed attempts in a sliding window: per client
//! address (`ADDRESS_LIMIT`, against guessing many accounts from one place), and per
//! username typed *and* address (`PAIR_LIMIT`, against guessing one password). Neither
//! looks at whether the account exists, so the answer never tells; and since the pair count
//! is kept per address, failures from one address cannot lock a user out anywhere else.
//! The failures are kept in the database (`login_failure`, under a hash of the key), so
//! every instance on one database counts the same attempts; see docs/access.md.

use chrono::{DateTime, Duration, Utc};
use jobbvei_store::{Db, StoreError};

use super::secret::token_hash;

/// Failed attempts from one address within the window before it must wait.
pub const ADDRESS_LIMIT: usize = 20;
/// Failed attempts for one username from one address within the window before it must wait.
pub const PAIR_LIMIT: usize = 5;
pub const WINDOW_MINUTES: i64 = 15;

#[derive(Debug, Default)]
pub struct Throttle;

fn address_key(ip: Option<&str>) -> String {
    token_hash(&format!("a\u{0}{}", ip.unwrap_or("-")))
}

fn pair_key(ip: Option<&str>, username: &str) -> String {
    token_hash(&format!("u\u{0}{}\u{0}{}", ip.unwrap_or("-"), username.to_lowercase()))
}

impl Throttle {
    /// How long the client must wait before trying again, if it must.
    pub async fn wait(
        &self,
        db: &Db,
        ip: Option<&str>,
        username: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Duration>, StoreError> {
        let mut longest = None;
        for (key, limit) in [(address_key(ip), ADDRESS_LIMIT), (pair_key(ip, username), PAIR_LIMIT)] {
            // The oldest failure that still counts decides when the count drops below the limit.
            if let Some(oldest) = db.nth_login_failure(&key, now - window(), limit).await? {
                let wait = oldest + window() - now;
                longest = longest.max(Some(wait));
            }
        }
        Ok(longest)
    }

    pub async fn failed(
        &self,
        db: &Db,
        ip: Option<&str>,
        username: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        db.add_login_failures(&[address_key(ip), pair_key(ip, username)], now, now - window()).await
    }

    /// A good password clears that username's count from that address (not the address's).
    pub async fn succeeded(&self, db: &Db, ip: Option<&str>, username: &str) -> Result<(), StoreError> {
        db.clear_login_failures(&pair_key(ip, username)).await
    }
}

fn window() -> Duration {
    Duration::minutes(WINDOW_MINUTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + minute * 60, 0).unwrap()
    }

    #[tokio::test]
    async fn five_failures_for_a_name_from_an_address_make_it_wait_there_only() {
        let s = jobbvei_store::testing::sqlite("throttle_pair").await;
        let (t, db) = (Throttle, &s.db);
        for m in 0..4 {
            t.failed(db, Some("10.0.0.1"), "Ola", at(m)).await.unwrap();
        }
        assert_eq!(t.wait(db, Some("10.0.0.1"), "ola", at(4)).await.unwrap(), None);
        t.failed(db, Some("10.0.0.1"), "ola", at(4)).await.unwrap();
        // The first failure (minute 0) leaves the window at minute 15: 11 minutes from minute 4.
        assert_eq!(t.wait(db, Some("10.0.0.1"), "OLA", at(4)).await.unwrap(), Some(Duration::minutes(11)));
        assert_eq!(t.wait(db, Some("10.0.0.2"), "ola", at(4)).await.unwrap(), None, "another address");
        assert_eq!(t.wait(db, Some("10.0.0.1"), "kari", at(4)).await.unwrap(), None, "another name, same address");
        assert_eq!(t.wait(db, Some("10.0.0.1"), "ola", at(15)).await.unwrap(), None);
        s.remove().await;
    }

    #[tokio::test]
    async fn twenty_failures_from_an_address_make_every_name_wait() {
        let s = jobbvei_store::testing::sqlite("throttle_addr").await;
        let (t, db) = (Throttle, &s.db);
        for i in 0..20 {
            t.failed(db, Some("10.0.0.9"), &format!("user{i}"), at(1)).await.unwrap();
        }
        assert_eq!(t.wait(db, Some("10.0.0.9"), "someone", at(2)).await.unwrap(), Some(Duration::minutes(14)));
        t.succeeded(db, Some("10.0.0.9"), "someone").await.unwrap();
        assert!(t.wait(db, Some("10.0.0.9"), "someone", at(2)).await.unwrap().is_some(), "clears nothing");
        assert_eq!(t.wait(db, Some("10.0.0.8"), "someone", at(2)).await.unwrap(), None);
        // A failure after the window forgets the old ones: the table does not grow without end.
        t.failed(db, Some("10.0.0.7"), "x", at(16)).await.unwrap();
        assert_eq!(t.wait(db, Some("10.0.0.9"), "someone", at(16)).await.unwrap(), None);
        s.remove().await;
    }
}
