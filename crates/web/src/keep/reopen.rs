//! `GET/POST /forlop/{id}/gjenapne`: the team lead reopens an ended course (DOMAIN.md §7:
//! nothing changes on an ended course except by reopening it, audited). The end, its cause
//! and detail are cleared, and the course goes back to the phase it had before it ended;
//! the history keeps its `avsluttet` entry, since that is what happened.
//! Why it was reopened is chosen from a fixed list, so the audit log can carry it without
//! carrying free text.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::{Course, Phase, PhaseEntry};

use super::form::{self, Field, FieldKind, FormPage, Reader};
use super::{CourseCase, Need, course_case};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, CsrfForm, PageError};
use crate::notify::notices::By;

pub(crate) const REASONS: &[(&str, &str)] = &[
    ("avsluttet_ved_feil", "Forløpet ble avsluttet ved en feil"),
    ("vil_ha_hjelp_igjen", "Deltakeren vil ha hjelp igjen kort tid etter"),
    ("jobben_tok_slutt", "Jobben tok slutt, og deltakeren trenger oppfølging"),
    ("annet", "Annet"),
];

fn fields() -> Vec<Field> {
    vec![Field::new("reason", "Hvorfor gjenåpnes forløpet?", FieldKind::Select).options(REASONS.iter().copied())]
}

fn page(case: &CourseCase) -> FormPage {
    FormPage::new(&case.name, "Gjenåpne forløpet", "Gjenåpne")
        .lead("Slutten, sluttårsaken og fasen «Avsluttet» fjernes. Gjenåpningen logges med årsak.")
        .at(format!("/forlop/{}/gjenapne", case.course.id.as_str()), case.back())
        .fields(fields())
}

/// The reopened course and the phase it goes back to, or the messages.
pub(crate) fn parse(
    case: &CourseCase,
    form: &HashMap<String, String>,
    today: chrono::NaiveDate,
) -> Result<(Course, &'static str, PhaseEntry), form::Errors> {
    let mut r = Reader::new(form);
    let reason = r.code("reason", |c| REASONS.iter().find(|(x, _)| *x == c).map(|(x, _)| *x), "Velg en årsak.");
    if !case.ended() {
        r.fail("reason", "Forløpet er ikke avsluttet.");
    }
    let Some(reason) = reason.filter(|_| r.errors.is_empty()) else { return Err(r.errors) };
    let before = case.phases.iter().rev().find(|p| p.phase != Phase::Ended).map(|p| p.phase);
    let phase = before.unwrap_or(case.course.method.phases()[0]);
    let course = Course { end: None, end_cause: None, end_cause_detail: None, ..case.course.clone() };
    let from = today.max(case.course.start);
    Ok((course, reason, PhaseEntry { course: case.course.id.clone(), phase, from }))
}

/// Why this team lead may not reopen this course, beyond what `course_case` let through.
/// The right comes from the course itself, not from whoever follows the person now; it
/// lasts as long as the course gives access after its end (docs/access.md: "within the
/// period the team lead may still reopen a course ended by mistake; after it, the way back
/// is a new referral and a new course"); and a person has one open course at a time.
async fn refusal(state: &AppState, v: &Viewer, case: &CourseCase) -> Result<Option<&'static str>, PageError> {
    let today = state.clock.today();
    if !case.ended() {
        return Ok(Some("Forløpet er ikke avsluttet."));
    }
    if !jobbvei_domain::course::gives_access(case.course.end, today) {
        return Ok(Some(
            "Forløpet ble avsluttet for mer enn 90 dager siden og kan ikke gjenåpnes. Veien tilbake er en ny \
             henvisning og et nytt forløp.",
        ));
    }
    let my_team = v.user.team.as_ref().map(|t| t.as_str());
    let access = state.db.participant_access(&case.participant, today).await?;
    let leads_course = my_team.is_some()
        && access.is_some_and(|a| {
            a.owners.iter().any(|(js, team, _)| js == case.course.job_specialist.as_str() && team.as_deref() == my_team)
        });
    if !leads_course {
        return Ok(Some("Bare teamlederen for forløpets jobbspesialist kan gjenåpne det."));
    }
    if state.db.open_courses(&case.participant).await? > 0 {
        return Ok(Some("Deltakeren har et åpent forløp. Et avsluttet forløp kan ikke gjenåpnes ved siden av det."));
    }
    Ok(None)
}

pub(crate) async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let case = course_case(&state, &v, &id, Need::Lead).await?;
    case.audit_shown(&state, &v, &["name"]).await?;
    let errors = refusal(&state, &v, &case).await?.map_or_else(form::none, |m| form::refusal("reason", m));
    Ok(page(&case).open(&v, &HashMap::new(), &errors))
}

pub(crate) async fn save(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let case = course_case(&state, &v, &id, Need::Lead).await?;
    if let Some(m) = refusal(&state, &v, &case).await? {
        return Ok(page(&case).refuse(&v, &typed, &form::refusal("reason", m)));
    }
    let (course, reason, phase) = match parse(&case, &typed, state.clock.today()) {
        Ok(x) => x,
        Err(errors) => return Ok(page(&case).refuse(&v, &typed, &errors)),
    };
    let mut change = Change::begin(&state, &v).await?;
    change.tx().upsert_courses(std::slice::from_ref(&course)).await?;
    change.tx().upsert_phases(std::slice::from_ref(&phase)).await?;
    let why = format!("reason={reason}");
    let fields = ["course.end", "course.end_cause", "course.end_cause_detail", "course.phase", why.as_str()];
    change.audit("reopen", ("participant", &case.participant), &fields).await?;
    let by = By { user: v.user.id.as_str(), at: state.clock.now() };
    let why = REASONS.iter().find(|(c, _)| *c == reason).map_or("Annet", |(_, l)| l);
    crate::notify::pair::reopened(change.tx(), &by, &case.pair(), why).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("{}#forlop-{id}", case.back())).into_response())
}
