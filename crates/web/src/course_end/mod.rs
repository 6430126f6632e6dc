//! Ending a course and the printable pages around it (issue 5, part 5 and 3): the end form
//! with its handover plan (`/deltaker/{id}/avslutt`), the end report drafted from the data
//! (`/deltaker/{id}/sluttrapport`) and the follow-up plan for participant and employer
//! (`/deltaker/{id}/oppfolgingsplan`). Every read and the end itself are audited.

pub mod end;
pub mod plan;
pub mod report;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use jobbvei_domain::{Course, EndCause, FollowupArea};
use jobbvei_store::ParticipantRecord;

use crate::AppState;
use crate::access::{may_read_participant, may_write_participant};
use crate::auth::Viewer;
pub(crate) use crate::dates::day as date;
use crate::pages::internal_error;
use crate::workplace::{audit_read, entry};

/// What the viewer needs to be allowed on the participant.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    Read,
    Write,
    /// The team lead of the person's team: the person's own access report (innsyn).
    Lead,
}

fn plain(status: StatusCode, text: &str) -> Response {
    let page = format!("<!doctype html><html lang=\"nb\"><title>{text}</title><p>{text}</p></html>");
    (status, Html(page)).into_response()
}

/// The participant's record when the viewer may see (or change) it; otherwise the answer to
/// give, with a denial audited like on the participant page.
pub(crate) async fn load(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    need: Need,
) -> Result<ParticipantRecord, Response> {
    let not_found = || plain(StatusCode::NOT_FOUND, "Fant ikke deltakeren.");
    let access = match state.db.participant_access(id, state.clock.today()).await {
        Ok(Some(a)) => a,
        Ok(None) => return Err(not_found()),
        Err(e) => {
            tracing::error!(error = %e, "access lookup failed");
            return Err(internal_error());
        }
    };
    let allowed = match need {
        Need::Read => may_read_participant(viewer, &access),
        Need::Write => may_write_participant(viewer, &access),
        Need::Lead => crate::access::participant_rights(viewer, &access).lead,
    };
    if !allowed {
        let mut denial =
            entry(state, viewer, if need == Need::Write { "update" } else { "read" }, ("participant", id), &[]);
        denial.outcome = "denied".into();
        if let Err(e) = audit_read(state, denial).await {
            tracing::error!(error = %e, "could not audit a denial");
        }
        return Err(plain(StatusCode::FORBIDDEN, "Du har ikke tilgang til denne deltakeren."));
    }
    // Activities are not shown on these pages; the record is read for courses, phases and jobs.
    match state.db.participant_record(id, 0).await {
        Ok(Some(r)) => Ok(r),
        Ok(None) => Err(not_found()),
        Err(e) => {
            tracing::error!(error = %e, "participant record failed");
            Err(internal_error())
        }
    }
}

/// The course that is still running (no end set), the latest first.
pub(crate) fn open_course(r: &ParticipantRecord) -> Option<&Course> {
    r.courses.iter().filter(|c| c.end.is_none()).max_by_key(|c| c.start)
}

/// The course the reports are about: the open one, else the one that ended last.
pub(crate) fn report_course(r: &ParticipantRecord) -> Option<&Course> {
    open_course(r).or_else(|| r.courses.iter().max_by_key(|c| (c.end, c.start)))
}

pub(crate) fn end_cause_label(c: EndCause) -> &'static str {
    match c {
        EndCause::Work => "Arbeid",
        EndCause::Education => "Utdanning",
        EndCause::Other => "Annet",
    }
}

pub(crate) fn area_label(a: FollowupArea) -> &'static str {
    match a {
        FollowupArea::JobPercentage => "Stillingsprosent og arbeidstid",
        FollowupArea::Tasks => "Arbeidsoppgaver",
        FollowupArea::Training => "Opplæring",
        FollowupArea::Colleagues => "Kolleger, naturlig støtte og mentor",
        FollowupArea::Language => "Språk",
        FollowupArea::Health => "Helse",
        FollowupArea::Family => "Familie",
        FollowupArea::Housing => "Bolig",
        FollowupArea::Economy => "Økonomi",
        FollowupArea::Career => "Karriere",
    }
}

/// Writes the audit entry of a read; on failure the page is not shown.
pub(crate) async fn audit_page(state: &AppState, viewer: &Viewer, id: &str, field: &str) -> Result<(), Response> {
    audit_read(state, entry(state, viewer, "read", ("participant", id), &[field])).await.map_err(|e| {
        tracing::error!(error = %e, "could not audit a read");
        internal_error()
    })
}
