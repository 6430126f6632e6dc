//! `/deltaker/{id}`: one participant's record, newest first. Reading it is audited; team
//! leads also see who has looked at it.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use jobbvei_domain::Role;
use jobbvei_store::AuditFilter;

use super::job_chain::{self, CheckView, JobRow, PlacementInput, PlacementView};
use super::{audit_read, entry, labels};
use crate::AppState;
use crate::access::{may_read_participant, may_write_participant};
use crate::auth::Viewer;
use crate::dates::day as date;
use crate::pages::{internal_error, render};

struct CourseView {
    id: String,
    /// Not ended: its phase, passive state and jobs can be kept.
    open: bool,
    /// Educations, outreach attempts and the passive state (`keep::view`).
    extras: crate::keep::view::CourseExtras,
    start: String,
    end: String,
    method: &'static str,
    job_specialist: String,
    phases: Vec<(String, &'static str)>,
}

struct LineView {
    when: String,
    what: &'static str,
    status: &'static str,
    detail: String,
    /// The activity's id when the viewer may change it (`meeting.rs`), else empty.
    edit_id: String,
    close: Option<super::meeting::CloseView>,
}

#[derive(Template)]
#[template(path = "participant.html")]
struct ParticipantPage {
    /// For links to the participant's sub-pages (measures).
    participant_id: String,
    name: String,
    fnr: String,
    birth_year: String,
    place: String,
    norwegian: String,
    interpreter: &'static str,
    confidential: bool,
    contact: crate::keep::view::ContactView,
    courses: Vec<CourseView>,
    jobs: Vec<JobRow>,
    /// The job chain drawn over time (SVG built by `chain`, every text escaped there).
    chain_svg: String,
    placements: Vec<PlacementView>,
    checks: Vec<CheckView>,
    /// The owner or the team lead: may record a placement's purpose and extend it.
    can_write: bool,
    /// Some course is open; a new one starts only when none is.
    any_open: bool,
    /// The owner's team lead: may reopen an ended course.
    can_lead: bool,
    csrf: String,
    timeline: Vec<LineView>,
    /// There are older activities than the timeline shows.
    older: bool,
    /// The timeline is the longer list.
    long: bool,
    /// The audit log of the participant, newest first (team leads only).
    lookers: Vec<super::audit_log::AuditLine>,
    /// Job ads matched to the vocational profile (`crate::ads`).
    ads: crate::ads::AdsView,
}

/// How many activities the timeline shows: the newest, with a link to the longer list.
pub(crate) const TIMELINE_SHORT: usize = 50;
/// The longer list (`?tidslinje=alle`).
const TIMELINE_LONG: usize = 200;

#[derive(serde::Deserialize)]
pub(crate) struct Params {
    /// `alle`: the timeline's longer list.
    tidslinje: Option<String>,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(params): Query<Params>,
) -> Response {
    let long = params.tidslinje.as_deref() == Some("alle");
    page(&state, &viewer, &id, None, if long { TIMELINE_LONG } else { TIMELINE_SHORT }).await
}

/// The page; `input` carries a placement form that failed, to show again with its messages;
/// the timeline shows the newest `timeline` activities.
pub(crate) async fn page(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    input: Option<PlacementInput>,
    timeline: usize,
) -> Response {
    let id = id.to_owned();
    let not_found = || {
        (StatusCode::NOT_FOUND, Html("<!doctype html><html lang=\"nb\"><title>Fant ikke deltakeren</title><p>Fant ikke deltakeren.</p></html>")).into_response()
    };
    // One store call for the whole page (`Db::participant_page`): its statements share a
    // connection, and who may read is checked on what it read before anything is shown. The
    // timeline reads one more than shown, to tell whether there are older ones to link to.
    let data = match state.db.participant_page(&id, state.clock.today(), timeline as i64 + 1, &state.timelines).await {
        Ok(Some(d)) => d,
        Ok(None) => return not_found(),
        Err(e) => {
            tracing::error!(error = %e, "participant record failed");
            return internal_error();
        }
    };
    if !may_read_participant(viewer, &data.access) {
        let mut denial = entry(state, viewer, "read", ("participant", &id), &[]);
        denial.outcome = "denied".into();
        if let Err(e) = audit_read(state, denial).await {
            tracing::error!(error = %e, "could not audit a denial");
        }
        return (StatusCode::FORBIDDEN, Html("<!doctype html><html lang=\"nb\"><title>Ingen tilgang</title><p>Du har ikke tilgang til denne deltakeren.</p></html>")).into_response();
    }
    let loaded = async {
        // One audit row for the whole page, the job ads it suggests included (`crate::ads`).
        audit_read(state, entry(state, viewer, "read", ("participant", &id), &["record", "job_ads"])).await?;
        if viewer.has(Role::MethodSupervisor) {
            let filter = AuditFilter { participant: Some(id.clone()), ..AuditFilter::default() };
            super::audit_log::lines(state, &state.db.audit_entries(&filter).await?).await
        } else {
            Ok(Vec::new())
        }
    }
    .await;
    let lookers = match loaded {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(error = %e, "participant record failed");
            return internal_error();
        }
    };
    // Job specialists are shown by name (a course names them by id), and the teams of the
    // shown activities' owners decide which lines the viewer may change: read with the page.
    let chain = job_chain::of(&data);
    let jobbvei_store::ParticipantPageData { access, mut record, users: names, beside: course_records, ads, .. } = data;
    let older = record.activities.len() > timeline;
    record.activities.truncate(timeline);
    let p = &record.participant;
    let sees_health = crate::access::sees_health(viewer);
    let extras = record.courses.iter().map(|c| {
        let x = crate::keep::view::course_extras(c, &course_records, state.clock.today());
        // Why a course is passive may be health ("helse"): case roles only.
        if sees_health { x } else { crate::keep::view::CourseExtras { passive: x.passive.map(|_| ""), ..x } }
    });
    let contact = crate::keep::view::ContactView::of(record.contact.clone());
    let courses = record
        .courses
        .iter()
        .zip(extras)
        .map(|(c, extras)| CourseView {
            id: c.id.as_str().to_owned(),
            open: c.end.is_none(),
            extras,
            start: date(c.start),
            end: c.end.map(date).unwrap_or_else(|| "pågår".into()),
            method: c.method.code(),
            job_specialist: names
                .get(c.job_specialist.as_str())
                .map(|u| u.name.clone())
                .unwrap_or_else(|| "Ukjent bruker".into()),
            phases: record
                .phases
                .iter()
                .filter(|ph| ph.course == c.id)
                .map(|ph| (date(ph.from), labels::phase(ph.phase.code())))
                .collect(),
        })
        .collect();
    let today = state.clock.today();
    let jobs = job_chain::rows(&chain);
    let chain_svg = job_chain::picture(&chain, today);
    let placements = job_chain::placements(&chain, input.as_ref());
    let checks = job_chain::checks(&chain, today, sees_health);
    let can_write = may_write_participant(viewer, &access);
    let editable = super::meeting::editable(viewer, &record.activities, &names);
    let timeline_len = timeline;
    let back = format!("/deltaker/{id}");
    let timeline = record
        .activities
        .iter()
        .zip(editable)
        .map(|(a, may)| LineView {
            edit_id: if may { a.id.as_str().to_owned() } else { String::new() },
            close: if may { super::meeting::CloseView::of(viewer, a, &back, state.clock.now()) } else { None },
            when: crate::dates::moment(a.start),
            what: labels::kind_for(a.kind.code(), sees_health),
            status: labels::status(a.status.code()),
            detail: [
                a.channel.map(|c| labels::channel(c.code())),
                a.subcategory.map(|s| labels::subcategory(s.code())),
            ]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        })
        .collect();
    let ads = match crate::ads::for_participant(state, &id, ads, can_write).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "job ads failed");
            return internal_error();
        }
    };
    let confidential = p.is_confidential();
    render(&ParticipantPage {
        participant_id: id.clone(),
        name: p.name.clone(),
        fnr: p.fnr.masked(),
        birth_year: p.birth_year.map(|y| y.to_string()).unwrap_or_default(),
        // A confidential participant's whereabouts are never shown.
        place: if confidential {
            String::new()
        } else {
            p.postal_code.map(|c| c.place().place.to_owned()).unwrap_or_default()
        },
        norwegian: p.norwegian_level.map(|l| l.code().to_owned()).unwrap_or_default(),
        interpreter: if p.interpreter == Some(true) { "Ja" } else { "Nei" },
        confidential,
        contact,
        courses,
        jobs,
        chain_svg,
        placements,
        checks,
        can_write,
        can_lead: crate::access::participant_rights(viewer, &access).lead,
        any_open: record.courses.iter().any(|c| c.end.is_none()),
        csrf: viewer.csrf.clone().unwrap_or_default(),
        timeline,
        older,
        long: timeline_len > TIMELINE_SHORT,
        lookers,
        ads,
    })
}
