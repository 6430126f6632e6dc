//! Who may move a measure request (virkemiddel) to which status, and how an office's
//! monthly quotas are counted (DOMAIN.md §4).
//!
//! Steps: the case worker (the owner job specialist, or the owner's team lead) drafts,
//! edits the draft and sends it; only the participant's assigned veileder decides
//! (innvilget, or avslått with a reason), because the decision is an administrative
//! decision that is theirs alone. The start and the end of a granted measure are facts
//! that either of them may record. A declined measure stays declined: a new request is a
//! new draft, so the history of the old decision is never rewritten.
//!
//! Quotas never block: a job specialist may still send a request when the office's quota
//! is used up, and the send is marked as over the quota for the veileder to weigh.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::measure::{MeasureKind, MeasureStatus};

/// What the acting user is to the participant; a user may be both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Actor {
    /// The owner job specialist, or the owner's team lead (may write the participant).
    pub case_worker: bool,
    /// The participant's assigned veileder.
    pub veileder: bool,
}

/// A step on a measure request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Creates a new request.
    Draft,
    /// Changes a draft's fields; the status stays `utkast`.
    Edit,
    Send,
    Grant,
    Decline,
    Activate,
    End,
}

/// Why a step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The actor may not take this step.
    NotAllowed,
    /// The step does not start from the measure's current status.
    WrongStatus,
    /// Declining needs a reason.
    ReasonRequired,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Refusal::NotAllowed => "not allowed for this user",
            Refusal::WrongStatus => "not allowed from the current status",
            Refusal::ReasonRequired => "a reason is required when declining",
        })
    }
}

/// The status a step leads to, or why it is refused. `from` is `None` for a request that
/// does not exist yet; `reason` is the decision's reason, needed when declining.
pub fn transition(
    from: Option<MeasureStatus>,
    step: Step,
    who: Actor,
    reason: Option<&str>,
) -> Result<MeasureStatus, Refusal> {
    use MeasureStatus as S;
    let (start, to, allowed) = match step {
        Step::Draft => (None, S::Draft, who.case_worker),
        Step::Edit => (Some(S::Draft), S::Draft, who.case_worker),
        Step::Send => (Some(S::Draft), S::SentToVeileder, who.case_worker),
        Step::Grant => (Some(S::SentToVeileder), S::Granted, who.veileder),
        Step::Decline => (Some(S::SentToVeileder), S::Declined, who.veileder),
        Step::Activate => (Some(S::Granted), S::Active, who.case_worker || who.veileder),
        Step::End => (Some(S::Active), S::Ended, who.case_worker || who.veileder),
    };
    if !allowed {
        return Err(Refusal::NotAllowed);
    }
    if from != start {
        return Err(Refusal::WrongStatus);
    }
    if step == Step::Decline && reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(Refusal::ReasonRequired);
    }
    Ok(to)
}

/// The steps an actor can take from a status, for showing only the buttons that work.
pub fn steps_from(status: MeasureStatus, who: Actor) -> Vec<Step> {
    [Step::Edit, Step::Send, Step::Grant, Step::Decline, Step::Activate, Step::End]
        .into_iter()
        .filter(|s| transition(Some(status), *s, who, Some("-")).is_ok())
        .collect()
}

/// A calendar month, written `YYYY-MM` as quotas are keyed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    pub fn of(d: NaiveDate) -> Month {
        Month { year: d.year(), month: d.month() }
    }

    /// Parses `YYYY-MM` with a four-digit year.
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let month = Month { year: y.parse().ok()?, month: m.parse().ok()? };
        month.first_day().map(|_| month)
    }

    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }

    pub fn next(self) -> Month {
        if self.month == 12 { Month { year: self.year + 1, month: 1 } } else { Month { month: self.month + 1, ..self } }
    }

    pub fn contains(self, d: NaiveDate) -> bool {
        Month::of(d) == self
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// An office's limit on one measure kind in one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quota {
    pub kind: MeasureKind,
    pub month: Month,
    pub max: u32,
}

/// A measure of the office as quota counting sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub kind: MeasureKind,
    pub status: MeasureStatus,
    /// The day (Europe/Oslo) the request was first sent to the veileder; for a measure
    /// with no recorded history (imported), its start date.
    pub sent_on: Option<NaiveDate>,
}

/// The statuses that hold a place in the quota: a request waiting for a decision already
/// claims one, so nobody promises the last place twice; a declined request gives it back.
pub const COUNTED_STATUSES: &[MeasureStatus] =
    &[MeasureStatus::SentToVeileder, MeasureStatus::Granted, MeasureStatus::Active, MeasureStatus::Ended];

/// How much of a quota is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaUse {
    pub used: u32,
    /// `None` when the office has set no quota for the kind and month.
    pub max: Option<u32>,
}

impl QuotaUse {
    /// No place left: one more request would go over.
    pub fn full(self) -> bool {
        self.max.is_some_and(|m| self.used >= m)
    }

    pub fn exceeded(self) -> bool {
        self.max.is_some_and(|m| self.used > m)
    }

    /// The use once one more request is sent.
    pub fn plus_one(self) -> QuotaUse {
        QuotaUse { used: self.used + 1, ..self }
    }
}

/// Counts the requests of `kind` that hold a place in `month`'s quota: those sent in that
/// month (see [`Counted::sent_on`]) whose status is one of [`COUNTED_STATUSES`]. The rule
/// counts by the month of sending, not of the measure's start, because that is when the
/// office commits to it and when the job specialist sees the quota on the form.
pub fn quota_use(quotas: &[Quota], measures: &[Counted], kind: MeasureKind, month: Month) -> QuotaUse {
    let used = measures
        .iter()
        .filter(|m| m.kind == kind && COUNTED_STATUSES.contains(&m.status))
        .filter(|m| m.sent_on.is_some_and(|d| month.contains(d)))
        .count();
    QuotaUse {
        used: u32::try_from(used).unwrap_or(u32::MAX),
        max: quotas.iter().find(|q| q.kind == kind && q.month == month).map(|q| q.max),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MeasureStatus as S;

    const JS: Actor = Actor { case_worker: true, veileder: false };
    const VEI: Actor = Actor { case_worker: false, veileder: true };
    const NOBODY: Actor = Actor { case_worker: false, veileder: false };

    #[test]
    fn the_case_worker_drafts_edits_and_sends() {
        assert_eq!(transition(None, Step::Draft, JS, None), Ok(S::Draft));
        assert_eq!(transition(Some(S::Draft), Step::Edit, JS, None), Ok(S::Draft));
        assert_eq!(transition(Some(S::Draft), Step::Send, JS, None), Ok(S::SentToVeileder));
        for step in [Step::Draft, Step::Edit, Step::Send] {
            let from = if step == Step::Draft { None } else { Some(S::Draft) };
            assert_eq!(transition(from, step, VEI, None), Err(Refusal::NotAllowed), "{step:?}");
            assert_eq!(transition(from, step, NOBODY, None), Err(Refusal::NotAllowed), "{step:?}");
        }
        // A sent request is no longer a draft.
        assert_eq!(transition(Some(S::SentToVeileder), Step::Edit, JS, None), Err(Refusal::WrongStatus));
        assert_eq!(transition(Some(S::SentToVeileder), Step::Send, JS, None), Err(Refusal::WrongStatus));
    }

    #[test]
    fn only_the_veileder_decides() {
        assert_eq!(transition(Some(S::SentToVeileder), Step::Grant, VEI, None), Ok(S::Granted));
        assert_eq!(transition(Some(S::SentToVeileder), Step::Decline, VEI, Some("Ikke i målgruppen")), Ok(S::Declined));
        // A job specialist trying to decide.
        assert_eq!(transition(Some(S::SentToVeileder), Step::Grant, JS, None), Err(Refusal::NotAllowed));
        assert_eq!(transition(Some(S::SentToVeileder), Step::Decline, JS, Some("x")), Err(Refusal::NotAllowed));
        // Nothing to decide before it is sent, or after it is decided.
        assert_eq!(transition(Some(S::Draft), Step::Grant, VEI, None), Err(Refusal::WrongStatus));
        assert_eq!(transition(Some(S::Granted), Step::Decline, VEI, Some("x")), Err(Refusal::WrongStatus));
        assert_eq!(transition(Some(S::Declined), Step::Grant, VEI, None), Err(Refusal::WrongStatus));
    }

    #[test]
    fn declining_needs_a_reason() {
        for blank in [None, Some(""), Some("   ")] {
            let r = transition(Some(S::SentToVeileder), Step::Decline, VEI, blank);
            assert_eq!(r, Err(Refusal::ReasonRequired), "{blank:?}");
        }
    }

    #[test]
    fn granted_becomes_active_then_ended() {
        for who in [JS, VEI] {
            assert_eq!(transition(Some(S::Granted), Step::Activate, who, None), Ok(S::Active));
            assert_eq!(transition(Some(S::Active), Step::End, who, None), Ok(S::Ended));
        }
        assert_eq!(transition(Some(S::Granted), Step::Activate, NOBODY, None), Err(Refusal::NotAllowed));
        assert_eq!(transition(Some(S::Granted), Step::End, JS, None), Err(Refusal::WrongStatus));
        assert_eq!(transition(Some(S::Declined), Step::Activate, JS, None), Err(Refusal::WrongStatus));
        assert_eq!(transition(Some(S::Ended), Step::End, JS, None), Err(Refusal::WrongStatus));
        assert_eq!(transition(Some(S::SentToVeileder), Step::Activate, VEI, None), Err(Refusal::WrongStatus));
    }

    #[test]
    fn buttons_follow_the_rules() {
        assert_eq!(steps_from(S::Draft, JS), [Step::Edit, Step::Send]);
        assert_eq!(steps_from(S::SentToVeileder, JS), []);
        assert_eq!(steps_from(S::SentToVeileder, VEI), [Step::Grant, Step::Decline]);
        assert_eq!(steps_from(S::Granted, VEI), [Step::Activate]);
        assert_eq!(steps_from(S::Declined, Actor { case_worker: true, veileder: true }), []);
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn months_parse_and_step() {
        let m = Month::parse("2024-12").unwrap();
        assert_eq!(m.to_string(), "2024-12");
        assert_eq!(m.next().to_string(), "2025-01");
        assert!(m.contains(day("2024-12-31")) && !m.contains(day("2025-01-01")));
        for bad in ["2024-13", "2024-1", "24-01", "2024/01", "", "2024-00", "abcd-ef"] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn quota_counts_sent_and_decided_requests_of_the_month() {
        let nov = Month::parse("2024-11").unwrap();
        let course = MeasureKind::Course;
        let quotas = [Quota { kind: course, month: nov, max: 2 }];
        let m = |status, sent: Option<&str>| Counted { kind: course, status, sent_on: sent.map(day) };
        let measures = [
            m(S::Draft, None),
            m(S::SentToVeileder, Some("2024-11-01")),
            m(S::Declined, Some("2024-11-02")),
            m(S::Ended, Some("2024-10-31")),
            Counted { kind: MeasureKind::MentorGrant, status: S::Granted, sent_on: Some(day("2024-11-03")) },
        ];
        let u = quota_use(&quotas, &measures, course, nov);
        assert_eq!(u, QuotaUse { used: 1, max: Some(2) });
        assert!(!u.full() && !u.exceeded());
        // No quota set: counted, never full.
        let mentor = quota_use(&quotas, &measures, MeasureKind::MentorGrant, nov);
        assert_eq!(mentor, QuotaUse { used: 1, max: None });
        assert!(!mentor.plus_one().full());
        let all = [m(S::Granted, Some("2024-11-05")), m(S::Active, Some("2024-11-30"))];
        assert_eq!(quota_use(&quotas, &all, course, nov).used, 2);
    }

    #[test]
    fn a_full_quota_does_not_stop_sending_but_shows_as_exceeded() {
        let nov = Month::parse("2024-11").unwrap();
        let quotas = [Quota { kind: MeasureKind::Course, month: nov, max: 1 }];
        let sent = [Counted { kind: MeasureKind::Course, status: S::SentToVeileder, sent_on: Some(day("2024-11-04")) }];
        let before = quota_use(&quotas, &sent, MeasureKind::Course, nov);
        assert!(before.full() && !before.exceeded());
        // The second draft can still be sent ...
        assert_eq!(transition(Some(S::Draft), Step::Send, JS, None), Ok(S::SentToVeileder));
        // ... and the quota then shows as exceeded.
        let after = before.plus_one();
        assert_eq!(after, QuotaUse { used: 2, max: Some(1) });
        assert!(after.exceeded());
    }
}
