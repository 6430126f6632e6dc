//! The office's employer pipeline (issue 15 part 1, docs/employer-pipeline.md): when a
//! relationship nobody tends is released, when its holder is warned, and how the stage
//! moves forward by itself. Pure functions of dates and facts; the callers read the store.

use chrono::{Days, NaiveDate};

use crate::EmployerStage;

/// Days without a done contact by the holder before the relationship is free again
/// ("three months without contact and the employer is free again", seed 004).
pub const DEFAULT_RELEASE_DAYS: u32 = 90;
/// How many days before the release the holder is told.
pub const NOTICE_DAYS: u32 = 14;
/// The longest release period an office may configure (two years).
pub const MAX_RELEASE_DAYS: u32 = 730;

/// What the release rule says of one held relationship on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    /// Nothing to do yet.
    Keep,
    /// Tell the holder it will be released on this day unless they meet the employer.
    Notice { release_on: NaiveDate },
    /// Release it today.
    Release,
}

/// The release rule: `since` is the later of the holder's last done contact with the
/// employer and the day they took the relationship. On day `since + days` it is released;
/// from `NOTICE_DAYS` before that the holder is told (with fewer than that many days in
/// the period, at once). `days` below 1 counts as 1.
pub fn hold_on(today: NaiveDate, since: NaiveDate, days: u32) -> Hold {
    let days = days.max(1);
    let release_on = since.checked_add_days(Days::new(u64::from(days))).unwrap_or(NaiveDate::MAX);
    if today >= release_on {
        return Hold::Release;
    }
    let notice_from = release_on.checked_sub_days(Days::new(u64::from(NOTICE_DAYS))).unwrap_or(NaiveDate::MIN);
    if today >= notice_from { Hold::Notice { release_on } } else { Hold::Keep }
}

/// The day the release clock starts: the later of the holder's last done contact and the
/// day they took it; `None` when neither is known (the caller starts the clock then).
pub fn clock_start(last_contact: Option<NaiveDate>, held_since: Option<NaiveDate>) -> Option<NaiveDate> {
    match (last_contact, held_since) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// What the data says about an employer, as far as the stage goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Evidence {
    /// A done activity with the employer marked "Kandidat presentert".
    pub candidate_presented: bool,
    /// A paid job (K5's paid work) of one of our participants has started there.
    pub paid_job_started: bool,
}

/// How far a stage has come; no stage is before the first.
fn rank(stage: Option<EmployerStage>) -> u8 {
    match stage {
        None => 0,
        Some(EmployerStage::Acquainted) => 1,
        Some(EmployerStage::NeedsMapped) => 2,
        Some(EmployerStage::CandidatePresented) => 3,
        Some(EmployerStage::Hired) => 4,
    }
}

/// The stage the data moves the relationship to, or `None` when it stays. The data only
/// ever moves it forward: a stage set by hand beyond what the data shows is kept.
pub fn stage_moved(current: Option<EmployerStage>, evidence: Evidence) -> Option<EmployerStage> {
    let target = if evidence.paid_job_started {
        EmployerStage::Hired
    } else if evidence.candidate_presented {
        EmployerStage::CandidatePresented
    } else {
        return None;
    };
    (rank(Some(target)) > rank(current)).then_some(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn released_at_exactly_n_days_and_told_fourteen_days_before() {
        let since = d("2026-01-01");
        // Day 90 after 1 January is 1 April.
        assert_eq!(hold_on(d("2026-04-01"), since, 90), Hold::Release);
        assert_eq!(hold_on(d("2026-03-31"), since, 90), Hold::Notice { release_on: d("2026-04-01") });
        assert_eq!(hold_on(d("2026-03-18"), since, 90), Hold::Notice { release_on: d("2026-04-01") });
        assert_eq!(hold_on(d("2026-03-17"), since, 90), Hold::Keep);
        assert_eq!(hold_on(d("2026-01-01"), since, 90), Hold::Keep);
        assert_eq!(hold_on(d("2027-01-01"), since, 90), Hold::Release);
    }

    #[test]
    fn a_short_period_warns_at_once_and_zero_counts_as_one_day() {
        let since = d("2026-01-01");
        assert_eq!(hold_on(since, since, 10), Hold::Notice { release_on: d("2026-01-11") });
        assert_eq!(hold_on(d("2026-01-11"), since, 10), Hold::Release);
        assert_eq!(hold_on(since, since, 0), Hold::Notice { release_on: d("2026-01-02") });
        assert_eq!(hold_on(d("2026-01-02"), since, 0), Hold::Release);
    }

    #[test]
    fn the_clock_starts_at_the_later_of_contact_and_claim() {
        assert_eq!(clock_start(Some(d("2026-02-01")), Some(d("2026-01-01"))), Some(d("2026-02-01")));
        assert_eq!(clock_start(Some(d("2026-01-01")), Some(d("2026-02-01"))), Some(d("2026-02-01")));
        assert_eq!(clock_start(None, Some(d("2026-02-01"))), Some(d("2026-02-01")));
        assert_eq!(clock_start(Some(d("2026-02-01")), None), Some(d("2026-02-01")));
        assert_eq!(clock_start(None, None), None);
    }

    #[test]
    fn the_stage_moves_forward_only() {
        use EmployerStage::*;
        let presented = Evidence { candidate_presented: true, paid_job_started: false };
        let hired = Evidence { candidate_presented: false, paid_job_started: true };
        let both = Evidence { candidate_presented: true, paid_job_started: true };
        assert_eq!(stage_moved(None, presented), Some(CandidatePresented));
        assert_eq!(stage_moved(Some(Acquainted), presented), Some(CandidatePresented));
        assert_eq!(stage_moved(Some(NeedsMapped), presented), Some(CandidatePresented));
        assert_eq!(stage_moved(Some(CandidatePresented), presented), None);
        assert_eq!(stage_moved(Some(Hired), presented), None, "never backwards");
        assert_eq!(stage_moved(Some(CandidatePresented), hired), Some(Hired));
        assert_eq!(stage_moved(None, both), Some(Hired));
        assert_eq!(stage_moved(Some(Hired), both), None);
        assert_eq!(stage_moved(Some(NeedsMapped), Evidence::default()), None);
        assert_eq!(stage_moved(None, Evidence::default()), None);
    }
}
