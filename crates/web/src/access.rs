//! Who may reach what. Every route is listed here with the roles that may use it, and the
//! role × route test walks this table: a route missing here is a test failure, not an
//! open door. Anything not allowed is denied, and the denial is audited.

use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jobbvei_domain::Role;
use jobbvei_store::{AuditEntry, ParticipantAccess, ParticipantClaims};

use crate::AppState;
use crate::auth::Viewer;
use crate::layout::error_page;
use crate::problem::Problem;

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not. Only pages without personal data.
    Public,
    /// Any signed-in user, whatever the role.
    SignedIn,
    /// Signed-in users holding one of these roles.
    Roles(&'static [Role]),
}

/// The roles that follow participants day to day.
pub const CASE_ROLES: &[Role] = &[Role::JobSpecialist, Role::MethodSupervisor];

/// The roles that see key figures, each for their own scope.
pub const FIGURE_ROLES: &[Role] = &[Role::JobSpecialist, Role::MethodSupervisor, Role::Leader, Role::Analyst];

/// The roles that see outcomes (DOMAIN.md §10), each for their own scope.
pub const OUTCOME_ROLES: &[Role] = &[Role::MethodSupervisor, Role::Leader, Role::Analyst, Role::Reviewer];

/// The roles that may read person-level records, each within their own limits.
pub const READ_ROLES: &[Role] = &[Role::JobSpecialist, Role::MethodSupervisor, Role::Veileder];

/// Every route of the server: method, path and who may use it.
pub const ROUTES: &[(&str, &str, Access)] = &[
    ("GET", "/", Access::Public),
    ("GET", "/healthz", Access::Public),
    ("GET", "/hjelp/kpi", Access::Public),
    ("GET", "/static/jobbvei.css", Access::Public),
    ("GET", "/static/aksel.css", Access::Public),
    ("GET", "/static/jobbvei.js", Access::Public),
    ("GET", "/static/fonts/source-sans-3-latin-400-normal.woff2", Access::Public),
    ("GET", "/static/fonts/source-sans-3-latin-400-italic.woff2", Access::Public),
    ("GET", "/static/fonts/source-sans-3-latin-600-normal.woff2", Access::Public),
    ("GET", "/static/fonts/source-sans-3-latin-700-normal.woff2", Access::Public),
    ("GET", "/favicon.ico", Access::Public),
    ("GET", "/logg-inn", Access::Public),
    ("POST", "/logg-inn", Access::Public),
    ("GET", "/logg-inn/oidc/start", Access::Public),
    ("GET", "/logg-inn/oidc", Access::Public),
    ("POST", "/logg-ut", Access::SignedIn),
    ("GET", "/admin/brukere", Access::Roles(&[Role::Admin])),
    // Every role may hold API tokens, so everyone sees and revokes their own.
    ("GET", "/meg/nokler", Access::SignedIn),
    ("POST", "/meg/nokler/{id}/trekk-tilbake", Access::SignedIn),
    ("GET", "/min-dag", Access::Roles(CASE_ROLES)),
    ("GET", "/tall", Access::Roles(FIGURE_ROLES)),
    ("GET", "/tall.csv", Access::Roles(FIGURE_ROLES)),
    // The rows behind a figure are person-level: own rows, or the team lead's team.
    ("GET", "/tall/rader", Access::Roles(CASE_ROLES)),
    ("GET", "/tall/rader.csv", Access::Roles(CASE_ROLES)),
    // Outcomes (DOMAIN.md §10): aggregates for the team lead, leaders, analysts and reviewers;
    // the courses behind a figure for the team lead alone.
    ("GET", "/resultater", Access::Roles(OUTCOME_ROLES)),
    ("GET", "/resultater/forlop", Access::Roles(&[Role::MethodSupervisor])),
    ("GET", "/resultater/ips", Access::Roles(OUTCOME_ROLES)),
    ("GET", "/effekt", Access::Roles(crate::effect::EFFECT_ROLES)),
    // The pseudonymised research extract: analysts alone (DOMAIN.md §2, §11).
    ("POST", "/effekt/uttrekk", Access::Roles(&[Role::Analyst])),
    ("GET", "/resultater/ips.csv", Access::Roles(OUTCOME_ROLES)),
    ("GET", "/portefolje", Access::Roles(CASE_ROLES)),
    // The veileder's own participants (the ones where they are the assigned veileder).
    ("GET", "/mine-deltakere", Access::Roles(&[Role::Veileder])),
    ("GET", "/logg", Access::Roles(CASE_ROLES)),
    ("POST", "/logg", Access::Roles(CASE_ROLES)),
    ("GET", "/deltaker/{id}", Access::Roles(READ_ROLES)),
    // Registering a participant (always with a first course), correcting one, and a new course.
    ("GET", "/deltaker/ny", Access::Roles(CASE_ROLES)),
    ("POST", "/deltaker/ny", Access::Roles(CASE_ROLES)),
    ("GET", "/deltaker/{id}/endre", Access::Roles(CASE_ROLES)),
    ("POST", "/deltaker/{id}/endre", Access::Roles(CASE_ROLES)),
    ("GET", "/deltaker/{id}/forlop", Access::Roles(CASE_ROLES)),
    ("POST", "/deltaker/{id}/forlop", Access::Roles(CASE_ROLES)),
    // Changing and closing an activity: its owner and their team lead; a veileder reads it on the timeline.
    ("GET", "/aktivitet/{id}", Access::Roles(CASE_ROLES)),
    ("POST", "/aktivitet/{id}", Access::Roles(CASE_ROLES)),
    ("POST", "/aktivitet/{id}/status", Access::Roles(CASE_ROLES)),
    // Ending a course is for the owner and the team lead; the veileder reads the result.
    ("GET", "/deltaker/{id}/avslutt", Access::Roles(CASE_ROLES)),
    ("POST", "/deltaker/{id}/avslutt", Access::Roles(CASE_ROLES)),
    ("GET", "/deltaker/{id}/sluttrapport", Access::Roles(READ_ROLES)),
    ("GET", "/deltaker/{id}/oppfolgingsplan", Access::Roles(READ_ROLES)),
    // Everything stored about a person and who read it, for their access request: the team lead.
    ("GET", "/deltaker/{id}/innsyn", Access::Roles(&[Role::MethodSupervisor])),
    // An unpaid placement's purpose and extensions: the owner and the team lead (checked per participant).
    // Keeping a course (crate::keep): the owner and the team lead, checked per participant;
    // reopening is for the team lead alone.
    ("GET", "/forlop/{id}/fase", Access::Roles(CASE_ROLES)),
    ("POST", "/forlop/{id}/fase", Access::Roles(CASE_ROLES)),
    ("GET", "/forlop/{id}/passiv", Access::Roles(CASE_ROLES)),
    ("POST", "/forlop/{id}/passiv", Access::Roles(CASE_ROLES)),
    ("GET", "/forlop/{id}/gjenapne", Access::Roles(&[Role::MethodSupervisor])),
    ("POST", "/forlop/{id}/gjenapne", Access::Roles(&[Role::MethodSupervisor])),
    ("GET", "/forlop/{id}/jobb", Access::Roles(CASE_ROLES)),
    ("POST", "/forlop/{id}/jobb", Access::Roles(CASE_ROLES)),
    ("GET", "/jobb/{id}/prosent", Access::Roles(CASE_ROLES)),
    ("POST", "/jobb/{id}/prosent", Access::Roles(CASE_ROLES)),
    ("GET", "/jobb/{id}/avslutt", Access::Roles(CASE_ROLES)),
    ("POST", "/jobb/{id}/avslutt", Access::Roles(CASE_ROLES)),
    ("GET", "/jobb/{id}/kontroll", Access::Roles(CASE_ROLES)),
    ("POST", "/jobb/{id}/kontroll", Access::Roles(CASE_ROLES)),
    // Educations and outreach attempts: the owner and the team lead; giving the course to
    // another job specialist: the team lead alone (DOMAIN.md §2).
    ("GET", "/forlop/{id}/utdanning", Access::Roles(CASE_ROLES)),
    ("POST", "/forlop/{id}/utdanning", Access::Roles(CASE_ROLES)),
    ("GET", "/utdanning/{id}", Access::Roles(CASE_ROLES)),
    ("POST", "/utdanning/{id}", Access::Roles(CASE_ROLES)),
    ("GET", "/forlop/{id}/kontaktforsok", Access::Roles(CASE_ROLES)),
    ("POST", "/forlop/{id}/kontaktforsok", Access::Roles(CASE_ROLES)),
    ("GET", "/forlop/{id}/jobbspesialist", Access::Roles(&[Role::MethodSupervisor])),
    ("POST", "/forlop/{id}/jobbspesialist", Access::Roles(&[Role::MethodSupervisor])),
    ("POST", "/jobb/{id}/formal", Access::Roles(CASE_ROLES)),
    ("POST", "/jobb/{id}/forleng", Access::Roles(CASE_ROLES)),
    ("GET", "/arbeidsgivere", Access::Roles(READ_ROLES)),
    // The office's employer pipeline (crate::pipeline): the case roles, each their own office.
    ("GET", "/arbeidsgivere/tavle", Access::Roles(CASE_ROLES)),
    ("GET", "/arbeidsgiver/{id}", Access::Roles(READ_ROLES)),
    // Keeping employers (crate::keep::employer and its neighbours): employers are shared by
    // the office, so any job specialist or team lead keeps them; a veileder reads.
    ("GET", "/arbeidsgiver/ny", Access::Roles(CASE_ROLES)),
    ("POST", "/arbeidsgiver/ny", Access::Roles(CASE_ROLES)),
    ("GET", "/arbeidsgiver/{id}/endre", Access::Roles(CASE_ROLES)),
    ("POST", "/arbeidsgiver/{id}/endre", Access::Roles(CASE_ROLES)),
    ("GET", "/arbeidsgiver/{id}/kontakt", Access::Roles(CASE_ROLES)),
    ("POST", "/arbeidsgiver/{id}/kontakt", Access::Roles(CASE_ROLES)),
    ("POST", "/arbeidsgiver/{id}/relasjon", Access::Roles(CASE_ROLES)),
    ("POST", "/arbeidsgiver/{id}/relasjonsholder", Access::Roles(CASE_ROLES)),
    ("POST", "/arbeidsgiver/{id}/krav", Access::Roles(CASE_ROLES)),
    ("POST", "/arbeidsgiver/{id}/krav/fjern", Access::Roles(CASE_ROLES)),
    ("GET", "/api/openapi.json", Access::Public),
    ("GET", "/api/v1/meg", Access::SignedIn),
    ("GET", "/api/v1/participants", Access::Roles(READ_ROLES)),
    ("GET", "/api/v1/participants/{id}", Access::Roles(READ_ROLES)),
    ("GET", "/api/v1/courses/{id}", Access::Roles(READ_ROLES)),
    ("GET", "/api/v1/jobs/{id}", Access::Roles(READ_ROLES)),
    ("GET", "/api/v1/activities", Access::Roles(CASE_ROLES)),
    ("POST", "/api/v1/activities", Access::Roles(CASE_ROLES)),
    ("GET", "/api/v1/activities/{id}", Access::Roles(READ_ROLES)),
    ("GET", "/api/v1/employers", Access::Roles(READ_ROLES)),
    ("GET", "/api/v1/employers/{id}", Access::Roles(READ_ROLES)),
    // Writes through the API (docs/api.md): a veileder registers their own participants.
    ("POST", "/api/v1/participants", Access::Roles(READ_ROLES)),
    ("PUT", "/api/v1/participants/{id}", Access::Roles(CASE_ROLES)),
    ("GET", "/api/v1/courses", Access::Roles(READ_ROLES)),
    ("POST", "/api/v1/courses", Access::Roles(CASE_ROLES)),
    ("PUT", "/api/v1/courses/{id}", Access::Roles(CASE_ROLES)),
    ("GET", "/api/v1/jobs", Access::Roles(READ_ROLES)),
    ("POST", "/api/v1/jobs", Access::Roles(CASE_ROLES)),
    ("PUT", "/api/v1/jobs/{id}", Access::Roles(CASE_ROLES)),
    ("PUT", "/api/v1/activities/{id}", Access::Roles(CASE_ROLES)),
    ("POST", "/api/v1/employers", Access::Roles(CASE_ROLES)),
    ("PUT", "/api/v1/employers/{id}", Access::Roles(CASE_ROLES)),
    // Referral and intake (crate::referrals): a veileder refers and sees their own; the team
    // lead answers for the team; a job specialist of the team reads a sent one. Each page
    // checks the referral's veileder and team. The zero-exclusion figures: team leads (own
    // team, with the rows behind them) and leaders (own office, aggregates only).
    ("GET", "/henvisninger", Access::Roles(&[Role::Veileder, Role::MethodSupervisor])),
    ("GET", "/henvisning/ny", Access::Roles(&[Role::Veileder])),
    ("POST", "/henvisning/ny", Access::Roles(&[Role::Veileder])),
    ("GET", "/henvisning/{id}", Access::Roles(&[Role::Veileder, Role::MethodSupervisor, Role::JobSpecialist])),
    ("GET", "/henvisning/{id}/endre", Access::Roles(&[Role::Veileder])),
    ("POST", "/henvisning/{id}/endre", Access::Roles(&[Role::Veileder])),
    ("GET", "/henvisning/{id}/aksepter", Access::Roles(&[Role::MethodSupervisor])),
    ("POST", "/henvisning/{id}/aksepter", Access::Roles(&[Role::MethodSupervisor])),
    ("GET", "/henvisning/{id}/avvis", Access::Roles(&[Role::MethodSupervisor])),
    ("POST", "/henvisning/{id}/avvis", Access::Roles(&[Role::MethodSupervisor])),
    ("GET", "/tall/henvisninger", Access::Roles(&[Role::MethodSupervisor, Role::Leader])),
    ("GET", "/tall/henvisninger/rader", Access::Roles(&[Role::MethodSupervisor])),
    ("GET", "/vurderinger", Access::Roles(crate::reviews::REVIEW_ROLES)),
    ("POST", "/vurderinger", Access::Roles(crate::reviews::REVIEWER_ROLES)),
    ("GET", "/vurderinger/team/{id}", Access::Roles(crate::reviews::REVIEW_ROLES)),
    ("GET", "/vurdering/{id}", Access::Roles(crate::reviews::REVIEWER_ROLES)),
    ("POST", "/vurdering/{id}/poeng", Access::Roles(crate::reviews::REVIEWER_ROLES)),
    ("POST", "/vurdering/{id}/konsensus", Access::Roles(crate::reviews::REVIEWER_ROLES)),
    ("POST", "/vurdering/{id}/status", Access::Roles(crate::reviews::REVIEWER_ROLES)),
    ("POST", "/vurdering/{id}/revisor", Access::Roles(crate::reviews::REVIEWER_ROLES)),
    ("GET", "/vurdering/{id}/rapport", Access::Roles(crate::reviews::REVIEW_ROLES)),
    ("POST", "/vurdering/{id}/tiltak", Access::Roles(crate::reviews::REVIEWER_ROLES)),
    ("POST", "/vurdering/{id}/tiltak/utfort", Access::Roles(crate::reviews::REVIEWER_ROLES)),
    ("GET", "/deltaker/{id}/tiltak", Access::Roles(READ_ROLES)),
    ("POST", "/deltaker/{id}/tiltak", Access::Roles(CASE_ROLES)),
    ("GET", "/deltaker/{id}/profil", Access::Roles(READ_ROLES)),
    ("POST", "/deltaker/{id}/profil", Access::Roles(CASE_ROLES)),
    ("GET", "/deltaker/{id}/apenhet", Access::Roles(READ_ROLES)),
    ("POST", "/deltaker/{id}/apenhet", Access::Roles(CASE_ROLES)),
    ("GET", "/deltaker/{id}/bistand", Access::Roles(READ_ROLES)),
    ("POST", "/deltaker/{id}/bistand", Access::Roles(CASE_ROLES)),
    ("POST", "/deltaker/{id}/bistand/avslutt", Access::Roles(CASE_ROLES)),
    ("GET", "/deltaker/{id}/plan", Access::Roles(READ_ROLES)),
    ("POST", "/deltaker/{id}/plan", Access::Roles(CASE_ROLES)),
    ("POST", "/deltaker/{id}/plan/status", Access::Roles(CASE_ROLES)),
    // Saving, dismissing or marking applied a job ad suggested for the participant.
    ("POST", "/deltaker/{id}/annonser", Access::Roles(CASE_ROLES)),
    ("POST", "/tiltak/{id}/send", Access::Roles(CASE_ROLES)),
    ("POST", "/tiltak/{id}/status", Access::Roles(READ_ROLES)),
    // Notices: each user sees and marks only their own (crate::notify).
    ("GET", "/varsler", Access::Roles(crate::notify::NOTICE_ROLES)),
    ("POST", "/varsler/lest", Access::Roles(crate::notify::NOTICE_ROLES)),
    ("POST", "/varsler/{id}/lest", Access::Roles(crate::notify::NOTICE_ROLES)),
    ("GET", "/vedtak", Access::Roles(&[Role::Veileder])),
    ("POST", "/vedtak/{id}", Access::Roles(&[Role::Veileder])),
    ("GET", "/admin/kvoter", Access::Roles(&[Role::Leader, Role::Admin])),
    ("POST", "/admin/kvoter", Access::Roles(&[Role::Leader, Role::Admin])),
    // The collaboration with the veileder (crate::collaboration, issue 11): the owner and the
    // team lead record the agreement and write the interval reports; everyone who may read
    // the participant (the veileder too) reads and prints them. Checked per participant.
    ("GET", "/forlop/{id}/samarbeidsavtale", Access::Roles(CASE_ROLES)),
    ("POST", "/forlop/{id}/samarbeidsavtale", Access::Roles(CASE_ROLES)),
    ("GET", "/forlop/{id}/samarbeidsavtale/utskrift", Access::Roles(READ_ROLES)),
    ("GET", "/forlop/{id}/intervallrapport", Access::Roles(READ_ROLES)),
    ("GET", "/forlop/{id}/intervallrapport/endre", Access::Roles(CASE_ROLES)),
    ("POST", "/forlop/{id}/intervallrapport/endre", Access::Roles(CASE_ROLES)),
];

pub fn allowed_roles(method: &str, path: &str) -> Option<Access> {
    ROUTES.iter().find(|(m, p, _)| *m == method && *p == path).map(|(_, _, a)| *a)
}

/// The one gate in front of every route. It finds the matched route in [`ROUTES`] and
/// lets the request through only when the table allows the viewer: a route missing from
/// the table is refused to everyone, so a new handler cannot open a door by forgetting a
/// check. The viewer it finds is handed on to the handler and to the page frame.
pub(crate) async fn enforce(
    State(state): State<AppState>,
    matched: Option<MatchedPath>,
    req: Request,
    next: Next,
) -> Response {
    // HEAD is answered by the GET handler, so it is allowed where GET is.
    let method = match req.method().as_str() {
        "HEAD" => "GET",
        m => m,
    }
    .to_owned();
    let route = matched.map(|m| m.as_str().to_owned()).unwrap_or_default();
    let access = allowed_roles(&method, &route);
    if access == Some(Access::Public) {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let Some(viewer) = crate::auth::session::viewer(&state, &parts).await else {
        return crate::auth::draft::signed_out(&state, parts, body).await;
    };
    crate::layout::set_viewer(&viewer);
    let ok = match access {
        Some(Access::Public | Access::SignedIn) => true,
        Some(Access::Roles(roles)) => roles.iter().any(|r| viewer.has(*r)),
        None => false,
    };
    if !ok {
        return deny(&state, &viewer, &method, &route).await;
    }
    parts.extensions.insert(viewer);
    next.run(Request::from_parts(parts, body)).await
}

/// 403, audited, as problem+json on the API and as a page elsewhere.
async fn deny(state: &AppState, viewer: &Viewer, method: &str, route: &str) -> Response {
    let entry = AuditEntry {
        at: state.clock.now(),
        user_id: Some(viewer.user.id.as_str().to_owned()),
        username: viewer.user.username.clone(),
        role: viewer.role_code(),
        action: "access".into(),
        record_type: Some("route".into()),
        record_id: Some(format!("{method} {route}")),
        fields: Vec::new(),
        ip: None,
        outcome: "denied".into(),
    };
    let written = async {
        let mut tx = state.db.begin().await?;
        tx.audit(&entry).await?;
        tx.commit().await
    }
    .await;
    if let Err(e) = written {
        tracing::error!(error = %e, "could not audit a denial");
    }
    tracing::warn!(user = %viewer.user.id, route = %route, "access denied");
    if route.starts_with("/api/") {
        Problem::forbidden().into_response()
    } else {
        error_page(StatusCode::FORBIDDEN, "Ingen tilgang", "Du har ikke tilgang til denne siden.")
    }
}

/// May the viewer read this participant's record (DOMAIN.md §2, docs/access.md)? The
/// courses that count are the open ones and those ended within the handover days
/// (`jobbvei_domain::course::HANDOVER_DAYS`; the store leaves the others out of `owners`).
/// The owner is the job specialist of the open course, or of the latest counting course
/// when none is open. A confidential participant is visible only to the owner and the
/// owner's team lead.
pub fn may_read_participant(v: &Viewer, a: &ParticipantAccess) -> bool {
    let me = v.user.id.as_str();
    let my_team = v.user.team.as_ref().map(|t| t.as_str());
    let owner = a.owners.first();
    let is_owner = owner.is_some_and(|(js, _, _)| js == me);
    let leads_owner = v.has(Role::MethodSupervisor)
        && my_team.is_some()
        && owner.is_some_and(|(_, team, _)| team.as_deref() == my_team);
    if a.confidential {
        return is_owner || leads_owner;
    }
    let in_my_team = my_team.is_some() && a.owners.iter().any(|(_, team, _)| team.as_deref() == my_team);
    let own_any = a.owners.iter().any(|(js, _, _)| js == me);
    (v.has(Role::JobSpecialist) && (own_any || in_my_team))
        || (v.has(Role::MethodSupervisor) && in_my_team)
        || (v.has(Role::Veileder) && a.veileder.as_deref() == Some(me))
}

/// May the viewer log work on this participant: the owner, or the owner's team lead.
pub fn may_write_participant(v: &Viewer, a: &ParticipantAccess) -> bool {
    let me = v.user.id.as_str();
    let my_team = v.user.team.as_ref().map(|t| t.as_str());
    let owner = a.owners.first();
    (v.has(Role::JobSpecialist) && owner.is_some_and(|(js, _, _)| js == me))
        || (v.has(Role::MethodSupervisor)
            && my_team.is_some()
            && owner.is_some_and(|(_, team, _)| team.as_deref() == my_team))
}

/// Whether the viewer holds a case role, the only roles that see health considerations,
/// early warning signs and what touches on them (DOMAIN.md §2, §4): a veileder reads the
/// record without them. Callers have already checked that the viewer may read the record.
pub(crate) fn sees_health(v: &Viewer) -> bool {
    CASE_ROLES.iter().any(|r| v.has(*r))
}

/// What the viewer may do with one participant's record (DOMAIN.md §2): every record-level
/// check of the course forms asks this once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rights {
    pub read: bool,
    /// Keep the record: the owner, or the owner's team lead.
    pub write: bool,
    /// The owner's team lead: also reopen a course and reassign its job specialist.
    pub lead: bool,
}

pub(crate) fn participant_rights(v: &Viewer, a: &ParticipantAccess) -> Rights {
    let my_team = v.user.team.as_ref().map(|t| t.as_str());
    let lead = v.has(Role::MethodSupervisor)
        && my_team.is_some()
        && a.owners.first().is_some_and(|(_, team, _)| team.as_deref() == my_team);
    Rights { read: may_read_participant(v, a), write: may_write_participant(v, a), lead }
}

/// Whether the viewer may open a course on a participant (docs/access.md, "Taking a
/// participant on").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Take {
    Yes,
    /// The viewer has a claim, but the participant already has an open course.
    Open,
    /// The viewer reads the participant but has no claim: a team colleague's, say.
    NotYours,
    /// No claim and no reading: to the viewer, the same as no such participant.
    Hidden,
}

/// A participant becomes a job specialist's only when they registered the person
/// themselves (and nobody has had a course since), their team accepted a referral of the
/// person (not yet used by a course), or their team lead assigned them, and then only when
/// no course is open. The viewer's claim: their own registration or write rights, a
/// referral accepted by their team; a team lead's also a registration by a team member.
pub(crate) fn may_take_participant(
    v: &Viewer,
    a: &ParticipantAccess,
    c: &ParticipantClaims,
    registrar_team: Option<&str>,
) -> Take {
    let me = v.user.id.as_str();
    let my_team = v.user.team.as_ref().map(|t| t.as_str());
    let lead = v.has(Role::MethodSupervisor) && my_team.is_some();
    let registered =
        !c.any_course && c.registered_by.as_deref().is_some_and(|r| r == me || (lead && registrar_team == my_team));
    let referred = my_team.is_some_and(|t| c.referred_to.iter().any(|x| x == t));
    let case = v.has(Role::JobSpecialist) || v.has(Role::MethodSupervisor);
    if case && (registered || referred || may_write_participant(v, a)) {
        if c.open_course { Take::Open } else { Take::Yes }
    } else if may_read_participant(v, a) {
        Take::NotYours
    } else {
        Take::Hidden
    }
}
