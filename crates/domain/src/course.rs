//! The course (forløp): referral, phases with dated history, passive periods and the end.

use chrono::NaiveDate;

use crate::codes;
use crate::id::ExtId;
use crate::organisation::Method;
use crate::problem::{Problem, not_before};

codes! {
    /// The phases of DOMAIN.md §3; which ones a course may use depends on its method.
    pub enum Phase {
        InitialContact = "innledende_kontakt",
        VocationalProfiling = "yrkeskartlegging",
        FindingJob = "finne_jobb",
        EmployerCooperation = "samarbeid_arbeidsgiver",
        Training = "opplaering",
        Referred = "henvist",
        Mapping = "kartlegging",
        JobDevelopment = "jobbutvikling",
        Working = "jobber",
        InEducation = "i_utdanning",
        TaperingOff = "nedtrapping",
        Ended = "avsluttet",
    }
}

const SE_PHASES: &[Phase] = &[
    Phase::InitialContact,
    Phase::VocationalProfiling,
    Phase::FindingJob,
    Phase::EmployerCooperation,
    Phase::Training,
    Phase::Ended,
];
const IPS_PHASES: &[Phase] = &[
    Phase::Referred,
    Phase::Mapping,
    Phase::JobDevelopment,
    Phase::Working,
    Phase::InEducation,
    Phase::TaperingOff,
    Phase::Ended,
];

impl Method {
    /// The phase list of this method, in working order.
    pub fn phases(self) -> &'static [Phase] {
        match self {
            Method::Se | Method::Uo => SE_PHASES,
            Method::Ips => IPS_PHASES,
        }
    }
}

codes! {
    pub enum EndCause { Work = "arbeid", Education = "utdanning", Other = "annet" }
}

codes! {
    pub enum ReferralDecision { Accepted = "akseptert", Rejected = "avvist" }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Referral {
    pub id: ExtId,
    pub participant: ExtId,
    pub veileder: ExtId,
    pub team: ExtId,
    pub sent: NaiveDate,
    pub decision: Option<ReferralDecision>,
    pub decided: Option<NaiveDate>,
    pub reason: Option<String>,
}

impl Referral {
    pub fn check(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        if self.decision == Some(ReferralDecision::Rejected) && blank(&self.reason) {
            out.push(Problem::new("reason", "required when decision is avvist"));
        }
        if self.decided.is_some() && self.decision.is_none() {
            out.push(Problem::new("decided", "given without a decision"));
        }
        not_before(&mut out, "decided", self.decided, "sent", self.sent);
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Course {
    pub id: ExtId,
    pub participant: ExtId,
    pub method: Method,
    pub job_specialist: ExtId,
    pub start: NaiveDate,
    pub referred: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub end_cause: Option<EndCause>,
    pub end_cause_detail: Option<String>,
}

impl Course {
    pub fn check(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        not_before(&mut out, "end", self.end, "start", self.start);
        if let Some(referred) = self.referred
            && referred > self.start
        {
            out.push(Problem::new("referred", "must not be after start"));
        }
        if self.end_cause.is_some() && self.end.is_none() {
            out.push(Problem::new("end_cause", "given for a course without end"));
        }
        if self.end_cause == Some(EndCause::Other) && blank(&self.end_cause_detail) {
            out.push(Problem::new("end_cause_detail", "required when end_cause is annet"));
        }
        out
    }

    /// Active on `day`: started, and not ended before it.
    pub fn is_open_on(&self, day: NaiveDate) -> bool {
        open_on(self.start, self.end, day)
    }
}

/// [`Course::is_open_on`] for a course known by its dates alone (a store read that does not
/// load whole courses): started on or before `day`, and not ended before it.
pub fn open_on(start: NaiveDate, end: Option<NaiveDate>, day: NaiveDate) -> bool {
    start <= day && end.is_none_or(|end| end >= day)
}

/// How long a course keeps giving access after it ends: its job specialist and their team
/// read the participant's record through the 90th day after the end date, for the handover
/// (DOMAIN.md §3, step 5), and then no longer, unless a new course is opened
/// (docs/access.md).
pub const HANDOVER_DAYS: i64 = 90;

/// The earliest end date of a course that still gives access on `day`.
pub fn access_cutoff(day: NaiveDate) -> NaiveDate {
    day - chrono::Duration::days(HANDOVER_DAYS)
}

/// Whether a course ending on `end` (none: open) still gives access on `day`.
pub fn gives_access(end: Option<NaiveDate>, day: NaiveDate) -> bool {
    end.is_none_or(|end| end >= access_cutoff(day))
}

/// One entry in a course's phase history: the phase holds from `from` until the next entry.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseEntry {
    pub course: ExtId,
    pub phase: Phase,
    pub from: NaiveDate,
}

/// A passive period; `to` is open while the course is still passive.
#[derive(Debug, Clone, PartialEq)]
pub struct PassivePeriod {
    pub course: ExtId,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub reason: Option<String>,
}

impl PassivePeriod {
    pub fn check(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        not_before(&mut out, "to", self.to, "from", self.from);
        out
    }

    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && self.to.is_none_or(|to| to >= day)
    }
}

pub(crate) fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|s| s.trim().is_empty())
}

#[cfg(test)]
mod tests {
    #[test]
    fn access_ends_after_the_handover_days() {
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        assert!(super::gives_access(None, d("2024-11-19")));
        assert!(super::gives_access(Some(d("2024-08-21")), d("2024-11-19")));
        assert!(!super::gives_access(Some(d("2024-08-20")), d("2024-11-19")));
    }

    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    fn course() -> Course {
        Course {
            id: ExtId::parse("c1").unwrap_or_else(|_| unreachable!()),
            participant: ExtId::parse("p1").unwrap_or_else(|_| unreachable!()),
            method: Method::Se,
            job_specialist: ExtId::parse("u1").unwrap_or_else(|_| unreachable!()),
            start: date("2024-01-10"),
            referred: None,
            end: None,
            end_cause: None,
            end_cause_detail: None,
        }
    }

    #[test]
    fn phases_follow_method() {
        assert!(Method::Se.phases().contains(&Phase::FindingJob));
        assert!(!Method::Ips.phases().contains(&Phase::FindingJob));
        assert!(Method::Ips.phases().contains(&Phase::Working));
        assert!(Method::Uo.phases().contains(&Phase::Ended));
    }

    #[test]
    fn annet_needs_detail() {
        let mut c = course();
        c.end = Some(date("2024-05-01"));
        c.end_cause = Some(EndCause::Other);
        assert_eq!(c.check(), vec![Problem::new("end_cause_detail", "required when end_cause is annet")]);
        c.end_cause_detail = Some("flyttet".into());
        assert!(c.check().is_empty());
        c.end = Some(date("2024-01-09"));
        assert_eq!(c.check()[0].field, "end");
    }

    #[test]
    fn open_and_passive_days() {
        let mut c = course();
        assert!(!c.is_open_on(date("2024-01-09")));
        assert!(c.is_open_on(date("2024-01-10")));
        c.end = Some(date("2024-02-01"));
        assert!(c.is_open_on(date("2024-02-01")));
        assert!(!c.is_open_on(date("2024-02-02")));
        let p = PassivePeriod { course: c.id.clone(), from: date("2024-01-15"), to: None, reason: None };
        assert!(p.covers(date("2030-01-01")));
        assert!(!p.covers(date("2024-01-14")));
    }
}
