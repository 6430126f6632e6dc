//! Referral (henvisning) and intake, DOMAIN.md §3: the veileder refers (`utkast → sendt`),
//! the team lead accepts or rejects with a reason from a fixed list. Rejections are counted
//! by reason in the zero-exclusion report ([`report`], rule `R3@1`), because rejection rates
//! show whether zero exclusion holds.

pub mod report;
mod text;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;

use crate::codes;
use crate::course::{Referral, ReferralDecision};

pub use text::{DECISIONS, RULE_ID, RULE_NAME, SECTIONS};

codes! {
    /// Why a referral was rejected: the fixed list the team lead picks from.
    pub enum RejectReason {
        NotMotivatedNow = "ikke_motivert_na",
        HealthUnclear = "helse_ma_avklares",
        ActiveSubstanceUse = "aktiv_rus",
        WantsEducation = "onsker_utdanning",
        OutsideTargetGroup = "utenfor_malgruppen",
        Other = "annet",
    }
}

codes! {
    /// Where a referral is in its lifecycle.
    pub enum ReferralStatus { Draft = "utkast", Sent = "sendt", Accepted = "akseptert", Rejected = "avvist" }
}

/// After this many days without an answer a sent referral is overdue: it shows on the team
/// lead's Min dag and on the veileder's pages.
pub const OVERDUE_DAYS: i64 = 14;

/// A rejection's reason as read from a stored `reason`: a code from the list, or free text
/// from files written before the list existed, read as `annet` with that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub reason: RejectReason,
    /// The free text of an older file; `None` when the stored value is a code.
    pub legacy_text: Option<String>,
}

impl Rejection {
    /// Reads a stored reason; a missing or blank one is `annet` without text.
    pub fn read(stored: Option<&str>) -> Rejection {
        let s = stored.map(str::trim).unwrap_or_default();
        match RejectReason::parse(s) {
            Some(reason) => Rejection { reason, legacy_text: None },
            None => Rejection { reason: RejectReason::Other, legacy_text: (!s.is_empty()).then(|| s.to_owned()) },
        }
    }
}

impl Referral {
    /// The lifecycle status of a sent referral (a draft is never a `referral` record).
    pub fn status(&self) -> ReferralStatus {
        match self.decision {
            None => ReferralStatus::Sent,
            Some(ReferralDecision::Accepted) => ReferralStatus::Accepted,
            Some(ReferralDecision::Rejected) => ReferralStatus::Rejected,
        }
    }

    /// The reason of a rejected referral; `None` for any other.
    pub fn rejection(&self) -> Option<Rejection> {
        (self.decision == Some(ReferralDecision::Rejected)).then(|| Rejection::read(self.reason.as_deref()))
    }

    /// Days since it was sent, while it waits for an answer; `None` once answered.
    pub fn waiting_days(&self, today: NaiveDate) -> Option<i64> {
        self.decision.is_none().then(|| (today - self.sent).num_days())
    }

    /// Unanswered for [`OVERDUE_DAYS`] days or more.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.waiting_days(today).is_some_and(|d| d >= OVERDUE_DAYS)
    }
}
