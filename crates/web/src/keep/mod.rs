//! Keeping a course from the pages: phases, passive periods, reopening, jobs and their
//! percentages, follow-up checks, educations, outreach attempts and who holds the course;
//! and the employers the jobs are with. Each form is a [`form`] page; each change is checked
//! against DOMAIN.md §2 (who may) and §7 (rules to keep), and written in one transaction
//! with its audit entry naming the changed fields.

pub(crate) mod check;
pub(crate) mod contact;
pub(crate) mod education;
pub(crate) mod employer;
pub(crate) mod form;
pub(crate) mod job;
pub(crate) mod job_change;
pub(crate) mod outreach;
pub(crate) mod participant;
pub(crate) mod passive;
pub(crate) mod phase;
pub(crate) mod reassign;
pub(crate) mod relation;
pub(crate) mod reopen;
pub(crate) mod requirement;
pub(crate) mod view;

use jobbvei_domain::{Course, Job, PassivePeriod, Phase, PhaseEntry};

use crate::AppState;
use crate::access::participant_rights;
use crate::auth::Viewer;
use crate::forms::PageError;
use crate::workplace::{audit_read, entry};

/// What a form on a course needs from the viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// Anyone who may read the participant (the printable agreement and reports).
    Read,
    /// The owner or the team lead.
    Write,
    /// The owner's team lead only.
    Lead,
}

/// A course as its forms see it, once the viewer is let through.
pub(crate) struct CourseCase {
    pub course: Course,
    pub participant: String,
    pub name: String,
    /// The participant's veileder, and whether the participant is confidential: who the
    /// course's notices go to, and whether the veileder may be told the name.
    pub veileder: Option<String>,
    pub confidential: bool,
    /// What the viewer may do with it.
    pub rights: crate::access::Rights,
    /// Oldest first.
    pub phases: Vec<PhaseEntry>,
    pub passive: Vec<PassivePeriod>,
    pub jobs: Vec<Job>,
}

impl CourseCase {
    pub(crate) fn back(&self) -> String {
        format!("/deltaker/{}", self.participant)
    }

    /// The phase on `day`: the latest entry from on or before it.
    pub(crate) fn phase_on(&self, day: chrono::NaiveDate) -> Option<Phase> {
        self.phases.iter().filter(|p| p.from <= day).max_by_key(|p| p.from).map(|p| p.phase)
    }

    pub(crate) fn ended(&self) -> bool {
        self.course.end.is_some()
    }

    /// Audits that a form page about this course was shown: every one names the participant
    /// and fills in some of their record (`fields`: what it shows, never the values).
    pub(crate) async fn audit_shown(&self, state: &AppState, v: &Viewer, fields: &[&str]) -> Result<(), PageError> {
        Ok(audit_read(state, entry(state, v, "read", ("participant", &self.participant), fields)).await?)
    }

    /// The pair that follows the course, for its notices.
    pub(crate) fn pair(&self) -> crate::notify::pair::Pair {
        crate::notify::pair::Pair {
            course: self.course.id.as_str().to_owned(),
            participant: self.participant.clone(),
            name: self.name.clone(),
            confidential: self.confidential,
            job_specialist: self.course.job_specialist.as_str().to_owned(),
            veileder: self.veileder.clone(),
        }
    }
}

/// The course and what the viewer may do with it; a denial is audited.
pub(crate) async fn course_case(state: &AppState, v: &Viewer, id: &str, need: Need) -> Result<CourseCase, PageError> {
    let course = state.db.course(id).await?.ok_or(PageError::NotFound("Fant ikke forløpet."))?;
    let participant = course.participant.as_str().to_owned();
    let access = state
        .db
        .participant_access(&participant, state.clock.today())
        .await?
        .ok_or(PageError::NotFound("Fant ikke deltakeren."))?;
    let rights = participant_rights(v, &access);
    let allowed = match need {
        Need::Read => rights.read,
        Need::Write => rights.write,
        Need::Lead => rights.lead,
    };
    if !allowed {
        let action = if need == Need::Read { "read" } else { "update" };
        let mut denial = entry(state, v, action, ("participant", &participant), &["course"]);
        denial.outcome = "denied".into();
        audit_read(state, denial).await?;
        return Err(PageError::Forbidden(match need {
            Need::Read => "Du har ikke tilgang til denne deltakeren.",
            Need::Write => "Bare deltakerens jobbspesialist og teamleder kan endre forløpet.",
            Need::Lead => "Bare teamlederen for deltakerens jobbspesialist kan gjøre dette.",
        }));
    }
    let name = state.db.profile_participant_name(&participant).await?.unwrap_or_default();
    let phases = state.db.course_phases(id).await?;
    let passive = state.db.course_passive_periods(id).await?;
    let jobs = state.db.course_jobs(id).await?;
    let (veileder, confidential) = (access.veileder, access.confidential);
    Ok(CourseCase { course, participant, name, veileder, confidential, rights, phases, passive, jobs })
}

/// The message when a change is asked of an ended course (DOMAIN.md §7).
pub(crate) const ENDED: &str = "Forløpet er avsluttet. En teamleder må gjenåpne det før noe kan endres.";
