//! What the outcome rule reads: a projection of the stored records for one window. Each
//! course carries its own phases, passive periods, jobs and educations, and each job its
//! percentages and wage subsidies, so the rule walks one course at a time.

use chrono::NaiveDate;

use crate::course::{EndCause, Phase};
use crate::education::EducationStatus;
use crate::job::{EndedBy, JobForm, PercentStep};
use crate::measure::MeasureStatus;
use crate::organisation::Method;
use crate::participant::NorwegianLevel;

#[derive(Debug, Clone, Default)]
pub struct OutcomeData {
    pub offices: Vec<String>,
    pub teams: Vec<OutcomeTeam>,
    pub staff: Vec<OutcomeStaff>,
    pub courses: Vec<OutcomeCourse>,
    pub referrals: Vec<OutcomeReferral>,
}

#[derive(Debug, Clone)]
pub struct OutcomeTeam {
    pub id: String,
    /// Position in [`OutcomeData::offices`].
    pub office: Option<usize>,
    /// The team's method: a referral's method, since a referral has no course yet.
    pub method: Method,
}

#[derive(Debug, Clone)]
pub struct OutcomeStaff {
    pub id: String,
    /// Position in [`OutcomeData::teams`].
    pub team: Option<usize>,
    /// Has the role `jobbspesialist`: a group of its own when grouping by job specialist,
    /// even without courses in the window.
    pub job_specialist: bool,
}

/// The participant's background, the columns a table can be split by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Background {
    pub norwegian_level: Option<NorwegianLevel>,
    pub interpreter: Option<bool>,
    pub birth_year: Option<i32>,
}

#[derive(Debug, Clone)]
pub struct OutcomeCourse {
    pub id: String,
    /// The participant's exchange id: reports that count people, not courses, need it.
    pub participant: String,
    /// Position in [`OutcomeData::staff`] of the course's job specialist.
    pub staff: Option<usize>,
    pub method: Method,
    pub background: Background,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub end_cause: Option<EndCause>,
    pub end_cause_detail: Option<String>,
    /// The phase history: each phase holds from its day until the next entry. The store
    /// loads only the entry that holds on the report's `to`, the one the rule reads.
    pub phases: Vec<(NaiveDate, Phase)>,
    /// Passive periods as (from, to); `to` open while still passive.
    pub passive: Vec<(NaiveDate, Option<NaiveDate>)>,
    /// Jobs and unpaid placements alike.
    pub jobs: Vec<OutcomeJob>,
    pub educations: Vec<OutcomeEducation>,
}

#[derive(Debug, Clone)]
pub struct OutcomeJob {
    pub id: String,
    pub employer: String,
    /// The employer's industry, as recorded on the employer.
    pub industry: Option<String>,
    pub form: JobForm,
    /// `paid` is recorded as yes: with a working form, paid work in the sense of K5.
    pub paid: bool,
    pub start: NaiveDate,
    pub planned_end: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub ended_by: Option<EndedBy>,
    /// Sorted by `from`. The store loads only the step that holds on the job's last day in the
    /// window (`to`, or its end if earlier), the one the rule reads.
    pub percent: Vec<PercentStep>,
    /// The wage-subsidy measures (`lonnstilskudd_midlertidig`, `lonnstilskudd_varig`) linked
    /// to this job, whatever their status.
    pub subsidies: Vec<Subsidy>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subsidy {
    pub status: MeasureStatus,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutcomeEducation {
    pub status: Option<EducationStatus>,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct OutcomeReferral {
    pub id: String,
    /// Position in [`OutcomeData::teams`] of the team it was sent to.
    pub team: Option<usize>,
    pub background: Background,
    pub sent: NaiveDate,
    pub decision: Option<crate::course::ReferralDecision>,
    pub decided: Option<NaiveDate>,
    pub reason: Option<String>,
}
