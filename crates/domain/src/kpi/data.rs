//! What the KPI rules read: a projection of the stored records, with references turned
//! into positions so that a national year of activities stays small in memory.

use chrono::NaiveDate;

use super::days::DayFact;
use super::marks::Marks;
use crate::activity::{ActivityKind, ActivityStatus, Channel, Subcategory};

#[derive(Debug, Clone, Default)]
pub struct KpiData {
    pub offices: Vec<String>,
    pub teams: Vec<TeamFact>,
    pub staff: Vec<StaffFact>,
    pub courses: Vec<CourseFact>,
    pub jobs: Vec<JobFact>,
    pub activities: Vec<ActivityFact>,
    /// Each activity's id and employer, in [`KpiData::activities`] order; empty unless loaded
    /// for listing rows (the drill-down), so that a national year stays small.
    pub activity_refs: Vec<ActivityRef>,
    /// K1, K1p and K2 from the stored day facts instead of [`KpiData::activities`] (which
    /// then need not hold them): `None` computes them from the activities.
    pub days: Option<Vec<DayFact>>,
    /// K3's and K8's course and job facts stored by the store instead of the activities
    /// (which then need not hold them): `None` computes them from the activities.
    pub marks: Option<Marks>,
}

#[derive(Debug, Clone)]
pub struct ActivityRef {
    pub id: String,
    pub employer: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TeamFact {
    pub id: String,
    /// Position in [`KpiData::offices`].
    pub office: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct StaffFact {
    pub id: String,
    /// Position in [`KpiData::teams`].
    pub team: Option<usize>,
    pub fte: f64,
    /// Has the role `jobbspesialist`: only these count in FTE denominators and
    /// activity-based figures.
    pub job_specialist: bool,
    /// In the report's scope. A scoped load also holds the users outside it who logged
    /// activities on the scope's courses (a course handed over from another team): those
    /// activities count for the course's figures (K3, K8), and such a user is in no group,
    /// so counts for no activity figure (K1, K2) and no FTE.
    pub member: bool,
}

impl StaffFact {
    /// A user outside the report's scope (see [`StaffFact::member`]).
    pub fn outsider(id: String) -> StaffFact {
        StaffFact { id, team: None, fte: 0.0, job_specialist: false, member: false }
    }
}

#[derive(Debug, Clone)]
pub struct CourseFact {
    pub id: String,
    pub participant: String,
    /// Position in [`KpiData::staff`] of the course's job specialist.
    pub staff: Option<usize>,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    /// The day the participant was referred, when recorded (SEQF's time to first job).
    pub referred: Option<NaiveDate>,
    /// Ended with the end cause `arbeid` (SEQF's share into work).
    pub ended_to_work: bool,
    /// Passive periods as (from, to); `to` open while still passive.
    pub passive: Vec<(NaiveDate, Option<NaiveDate>)>,
}

impl CourseFact {
    pub fn is_open_on(&self, d: NaiveDate) -> bool {
        self.start <= d && self.end.is_none_or(|e| e >= d)
    }

    pub fn is_passive_on(&self, d: NaiveDate) -> bool {
        self.passive.iter().any(|(from, to)| *from <= d && to.is_none_or(|t| t >= d))
    }

    pub fn overlaps(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.start <= to && self.end.is_none_or(|e| e >= from)
    }
}

#[derive(Debug, Clone)]
pub struct JobFact {
    pub id: String,
    /// Position in [`KpiData::courses`].
    pub course: usize,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    /// Paid work in the sense of K5 (see [`crate::Job::is_paid_work`]).
    pub paid_work: bool,
    /// A wage subsidy (lønnstilskudd) is linked to the job.
    pub subsidised: bool,
    pub styrk: Option<String>,
    pub employer: String,
}

impl JobFact {
    pub fn overlaps(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.start <= to && self.end.is_none_or(|e| e >= from)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct ActivityFact {
    /// Position in [`KpiData::staff`] of the user who did it.
    pub staff: usize,
    /// Position in [`KpiData::courses`], when linked to a course that was loaded.
    pub course: Option<usize>,
    /// Linked to a course, whether or not that course was loaded: K1p counts the meetings
    /// linked to any participant's course, so that a user's figure does not depend on the
    /// report's scope or dates (the day facts cannot know them).
    pub linked: bool,
    /// Europe/Oslo date of the start.
    pub date: NaiveDate,
    pub kind: ActivityKind,
    pub status: ActivityStatus,
    pub channel: Option<Channel>,
    pub decision_maker: Option<bool>,
    pub subcategory: Option<Subcategory>,
    pub out_of_office: bool,
    pub minutes: u32,
    /// Travel to and from, in minutes.
    pub travel: u32,
}
