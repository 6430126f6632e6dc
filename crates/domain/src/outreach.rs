//! Trying to reach a participant whose course is passive, or whose referral has no answer.
//! Zero exclusion means nobody is ended for missed appointments (DOMAIN.md §3 point 4); the
//! attempts are what show that the door was kept open, so a passive course asks for one at
//! least every [`OUTREACH_DAYS`] days.

use chrono::NaiveDate;

use crate::codes;
use crate::id::ExtId;

/// Days between outreach attempts on a passive course.
pub const OUTREACH_DAYS: i64 = 14;

codes! {
    /// How someone was tried.
    pub enum OutreachWay {
        Phone = "telefon",
        Sms = "sms",
        Letter = "brev",
        HomeVisit = "hjemmebesok",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutreachAttempt {
    pub id: ExtId,
    pub course: ExtId,
    pub tried_on: NaiveDate,
    pub way: OutreachWay,
    pub reached: bool,
    /// Who tried.
    pub user: ExtId,
}

/// The day the next attempt is due on a course passive since `passive_from`: 14 days after
/// the latest attempt, or after the start of the passive period when none was made in it.
pub fn next_attempt_due(passive_from: NaiveDate, attempts: &[OutreachAttempt]) -> NaiveDate {
    let last = attempts.iter().map(|a| a.tried_on).filter(|d| *d >= passive_from).max().unwrap_or(passive_from);
    last + chrono::Days::new(OUTREACH_DAYS as u64)
}

/// How to reach a participant: Jobbvei's own record, not part of the exchange format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParticipantContact {
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The language an interpreter is needed for, when one is.
    pub interpreter_language: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn tried(on: &str) -> OutreachAttempt {
        OutreachAttempt {
            id: ExtId::parse("o1").unwrap(),
            course: ExtId::parse("c1").unwrap(),
            tried_on: d(on),
            way: OutreachWay::Phone,
            reached: false,
            user: ExtId::parse("js1").unwrap(),
        }
    }

    #[test]
    fn the_next_attempt_is_due_fourteen_days_after_the_last() {
        assert_eq!(next_attempt_due(d("2026-11-01"), &[]), d("2026-11-15"));
        assert_eq!(next_attempt_due(d("2026-11-01"), &[tried("2026-11-10")]), d("2026-11-24"));
        // An attempt from before this passive period does not count for it.
        assert_eq!(next_attempt_due(d("2026-11-01"), &[tried("2026-10-20")]), d("2026-11-15"));
    }
}
