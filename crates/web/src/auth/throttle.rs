//! The sign-in throttle, in memory. Two counts of failed attempts in a sliding window:
//! per client address (`ADDRESS_LIMIT`, against guessing many accounts from one place), and
//! per username typed *and* address (`PAIR_LIMIT`, against guessing one password). Neither
//! looks at whether the account exists, so the answer never tells; and since the pair count
//! is kept per address, failures from one address cannot lock a user out anywhere else.
//! Each server instance counts for itself; see docs/access.md.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// Failed attempts from one address within the window before it must wait.
pub const ADDRESS_LIMIT: usize = 20;
/// Failed attempts for one username from one address within the window before it must wait.
pub const PAIR_LIMIT: usize = 5;
pub const WINDOW_MINUTES: i64 = 15;
/// Keys kept at most; beyond it, stale ones are dropped first and then the table is cleared,
/// so a flood of made-up addresses cannot grow memory without end.
const MAX_KEYS: usize = 100_000;

#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, VecDeque<DateTime<Utc>>>>,
}

fn address_key(ip: Option<&str>) -> String {
    format!("a\u{0}{}", ip.unwrap_or("-"))
}

fn pair_key(ip: Option<&str>, username: &str) -> String {
    format!("u\u{0}{}\u{0}{}", ip.unwrap_or("-"), username.to_lowercase())
}

impl Throttle {
    /// How long the client must wait before trying again, if it must.
    pub fn wait(&self, ip: Option<&str>, username: &str, now: DateTime<Utc>) -> Option<Duration> {
        let mut map = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        [(address_key(ip), ADDRESS_LIMIT), (pair_key(ip, username), PAIR_LIMIT)]
            .into_iter()
            .filter_map(|(key, limit)| {
                let times = map.get_mut(&key)?;
                prune(times, now);
                // The oldest failure that still counts decides when the count drops below the limit.
                let oldest = times.len().checked_sub(limit).map(|i| times[i])?;
                Some(oldest + window() - now)
            })
            .max()
    }

    pub fn failed(&self, ip: Option<&str>, username: &str, now: DateTime<Utc>) {
        let mut map = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() >= MAX_KEYS {
            map.retain(|_, times| {
                prune(times, now);
                !times.is_empty()
            });
            if map.len() >= MAX_KEYS {
                map.clear();
            }
        }
        for key in [address_key(ip), pair_key(ip, username)] {
            let times = map.entry(key).or_default();
            prune(times, now);
            times.push_back(now);
        }
    }

    /// A good password clears that username's count from that address (not the address's).
    pub fn succeeded(&self, ip: Option<&str>, username: &str) {
        let mut map = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        map.remove(&pair_key(ip, username));
    }
}

fn window() -> Duration {
    Duration::minutes(WINDOW_MINUTES)
}

fn prune(times: &mut VecDeque<DateTime<Utc>>, now: DateTime<Utc>) {
    while times.front().is_some_and(|t| *t + window() <= now) {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + minute * 60, 0).unwrap()
    }

    #[test]
    fn five_failures_for_a_name_from_an_address_make_it_wait_there_only() {
        let t = Throttle::default();
        for m in 0..4 {
            t.failed(Some("10.0.0.1"), "Ola", at(m));
        }
        assert_eq!(t.wait(Some("10.0.0.1"), "ola", at(4)), None);
        t.failed(Some("10.0.0.1"), "ola", at(4));
        // The first failure (minute 0) leaves the window at minute 15: 11 minutes from minute 4.
        assert_eq!(t.wait(Some("10.0.0.1"), "OLA", at(4)), Some(Duration::minutes(11)));
        assert_eq!(t.wait(Some("10.0.0.2"), "ola", at(4)), None, "another address is not held back");
        assert_eq!(t.wait(Some("10.0.0.1"), "kari", at(4)), None, "another name from the same address");
        assert_eq!(t.wait(Some("10.0.0.1"), "ola", at(15)), None);
    }

    #[test]
    fn twenty_failures_from_an_address_make_every_name_wait() {
        let t = Throttle::default();
        for i in 0..20 {
            t.failed(Some("10.0.0.9"), &format!("user{i}"), at(1));
        }
        assert_eq!(t.wait(Some("10.0.0.9"), "someone", at(2)), Some(Duration::minutes(14)));
        t.succeeded(Some("10.0.0.9"), "someone");
        assert!(t.wait(Some("10.0.0.9"), "someone", at(2)).is_some(), "a success elsewhere clears nothing");
        assert_eq!(t.wait(Some("10.0.0.8"), "someone", at(2)), None);
    }
}
