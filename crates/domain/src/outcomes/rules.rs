//! The per-record rules of `R1@1` (DOMAIN.md §10): each course's status on the day `to`,
//! its status job, its placement cell, and each referral's decision as of `to`.

use chrono::NaiveDate;

use crate::codes;
use crate::course::{EndCause, ReferralDecision};
use crate::education::EducationStatus;
use crate::job::EndedBy;
use crate::measure::MeasureStatus;

use super::data::{OutcomeCourse, OutcomeJob, OutcomeReferral, Subsidy};

codes! {
    /// A course's status on the day `to`, in the order they are tried: the first that
    /// applies is the course's.
    pub enum Status {
        Work = "arbeid",
        Education = "utdanning",
        Passive = "passiv",
        Placement = "praksis",
        FollowUp = "oppfolging",
        EndedWithoutWork = "avsluttet_uten_arbeid",
    }
}

codes! {
    /// Seed 003's cells for a course that ended in the window: completed an unpaid
    /// placement, and got paid work.
    pub enum PlacementCell {
        CompletedWork = "fullfort_jobb",
        CompletedNoWork = "fullfort_uten_jobb",
        NotCompletedWork = "ikke_fullfort_jobb",
        NotCompletedNoWork = "ikke_fullfort_uten_jobb",
    }
}

codes! {
    /// Bands of a status job's percentage.
    pub enum PercentBand { Full = "100", High = "60-99", Low = "1-59", Unknown = "ukjent" }
}

codes! {
    /// What had become of a referral by the day `to`.
    pub enum ReferralState { Accepted = "akseptert", Rejected = "avvist", Unanswered = "ubesvart" }
}

/// The category for a value that is not recorded.
pub const UNKNOWN: &str = "ukjent";

fn covers(from: NaiveDate, to: Option<NaiveDate>, day: NaiveDate) -> bool {
    from <= day && to.is_none_or(|t| t >= day)
}

impl OutcomeJob {
    /// Paid work in the sense of K5: a working form, recorded as paid.
    pub fn is_paid_work(&self) -> bool {
        self.paid && !self.form.is_unpaid_placement()
    }

    pub fn is_ongoing_on(&self, day: NaiveDate) -> bool {
        covers(self.start, self.end, day)
    }

    pub fn overlaps(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.start <= to && self.end.is_none_or(|e| e >= from)
    }

    /// A placement is completed when it has ended, and either ran out (`utlopt`) or ended on
    /// or after its planned end.
    pub fn is_completed_placement(&self) -> bool {
        self.form.is_unpaid_placement()
            && self.end.is_some_and(|end| {
                self.ended_by == Some(EndedBy::Expired) || self.planned_end.is_some_and(|planned| end >= planned)
            })
    }

    /// The percentage on `to`, or on the job's end if it ended before: its last one then.
    pub fn percent_for(&self, to: NaiveDate) -> Option<f64> {
        let day = self.end.map_or(to, |end| end.min(to));
        self.percent.iter().rev().find(|s| s.from <= day).map(|s| s.percent)
    }

    /// A wage subsidy is active on the job on `to`.
    pub fn subsidised_on(&self, to: NaiveDate) -> bool {
        self.subsidies.iter().any(|s| s.is_active_on(to))
    }
}

impl Subsidy {
    /// Granted (`innvilget`, `aktiv`, or since ended: `avsluttet`) and its dates cover `day`.
    /// A missing start counts as open: a granted subsidy is in force from its decision. A
    /// missing end counts as open, except on an ended subsidy: when it ended is unknown, so
    /// it is not taken to run on `day`.
    pub fn is_active_on(&self, day: NaiveDate) -> bool {
        let granted = match self.status {
            MeasureStatus::Granted | MeasureStatus::Active => true,
            MeasureStatus::Ended => self.to.is_some(),
            MeasureStatus::Draft | MeasureStatus::SentToVeileder | MeasureStatus::Declined => false,
        };
        granted && self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| t >= day)
    }
}

pub fn band(percent: Option<f64>) -> PercentBand {
    match percent {
        Some(p) if p >= 100.0 => PercentBand::Full,
        Some(p) if p >= 60.0 => PercentBand::High,
        Some(p) if p > 0.0 => PercentBand::Low,
        _ => PercentBand::Unknown,
    }
}

impl OutcomeCourse {
    /// In the population of the window: open on at least one of its days.
    pub fn overlaps(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.start <= to && self.end.is_none_or(|e| e >= from)
    }

    /// Ended on or before `to`.
    pub fn is_ended_by(&self, to: NaiveDate) -> bool {
        self.end.is_some_and(|e| e <= to)
    }

    /// The status on `to` (the course is taken to be in the population).
    pub fn status(&self, to: NaiveDate) -> Status {
        let ended = self.is_ended_by(to);
        let cause = if ended { self.end_cause } else { None };
        if cause == Some(EndCause::Work) || self.jobs.iter().any(|j| j.is_paid_work() && j.is_ongoing_on(to)) {
            return Status::Work;
        }
        let studying = |e: &super::data::OutcomeEducation| {
            e.status == Some(EducationStatus::Ongoing) && covers(e.start, e.end, to)
        };
        if cause == Some(EndCause::Education) || self.educations.iter().any(studying) {
            return Status::Education;
        }
        if ended {
            return Status::EndedWithoutWork;
        }
        if self.passive.iter().any(|(from, until)| covers(*from, *until, to)) {
            return Status::Passive;
        }
        if self.jobs.iter().any(|j| j.form.is_unpaid_placement() && j.is_ongoing_on(to)) {
            return Status::Placement;
        }
        Status::FollowUp
    }

    /// The status job of a course in work: the paid job ongoing on `to` with the highest
    /// percentage (an unknown percentage ranks lowest; then the later start, then the higher
    /// id), or else the paid job that started last by `to` (then the higher id). `None` for a
    /// course ended to work without a recorded paid job.
    pub fn status_job(&self, to: NaiveDate) -> Option<&OutcomeJob> {
        let paid = || self.jobs.iter().filter(|j| j.is_paid_work() && j.start <= to);
        let rank = |j: &&OutcomeJob| (j.percent_for(to).map(ordered), j.start, j.id.clone());
        paid()
            .filter(|j| j.is_ongoing_on(to))
            .max_by_key(rank)
            .or_else(|| paid().max_by_key(|j| (j.start, j.id.clone())))
    }

    /// The phase on `to`: the last entry on or before it.
    pub fn phase_on(&self, to: NaiveDate) -> Option<crate::course::Phase> {
        self.phases.iter().filter(|(from, _)| *from <= to).max_by_key(|(from, _)| *from).map(|(_, p)| *p)
    }

    /// The detailed end cause of an ended course without work; [`UNKNOWN`] when none is given.
    pub fn end_detail(&self) -> &str {
        self.end_cause_detail.as_deref().map(str::trim).filter(|d| !d.is_empty()).unwrap_or(UNKNOWN)
    }

    /// The placement cell of a course that ended (on or before `to`): a completed placement
    /// during the course, and a paid job that started between its start and end or end cause
    /// `arbeid`.
    pub fn placement_cell(&self) -> PlacementCell {
        let end = self.end.unwrap_or(NaiveDate::MAX);
        let completed = self.jobs.iter().any(OutcomeJob::is_completed_placement);
        let work = self.end_cause == Some(EndCause::Work)
            || self.jobs.iter().any(|j| j.is_paid_work() && self.start <= j.start && j.start <= end);
        match (completed, work) {
            (true, true) => PlacementCell::CompletedWork,
            (true, false) => PlacementCell::CompletedNoWork,
            (false, true) => PlacementCell::NotCompletedWork,
            (false, false) => PlacementCell::NotCompletedNoWork,
        }
    }
}

/// A percentage as an orderable key: percentages are 0–100, so hundredths of a percent are exact enough.
fn ordered(p: f64) -> i64 {
    (p * 100.0).round() as i64
}

impl OutcomeReferral {
    pub fn is_sent_in(&self, from: NaiveDate, to: NaiveDate) -> bool {
        from <= self.sent && self.sent <= to
    }

    /// The decision as it stood on `to`: one made later is not yet made. A decision without
    /// a date counts as made.
    pub fn state_on(&self, to: NaiveDate) -> ReferralState {
        match self.decision {
            _ if self.decided.is_some_and(|d| d > to) => ReferralState::Unanswered,
            Some(ReferralDecision::Accepted) => ReferralState::Accepted,
            Some(ReferralDecision::Rejected) => ReferralState::Rejected,
            None => ReferralState::Unanswered,
        }
    }

    /// The reason of a rejected referral; [`UNKNOWN`] when none is given.
    pub fn rejection_reason(&self) -> &str {
        self.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).unwrap_or(UNKNOWN)
    }
}
