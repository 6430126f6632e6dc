//! `GET/POST /forlop/{id}/jobbspesialist`: the team lead gives a course to another job
//! specialist of the team (DOMAIN.md §2: only this role may). Course-based figures follow
//! the course's job specialist, so they move with it from then on.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::{Course, Role, User};
use jobbvei_store::NameKind;

use super::form::{self, Field, FieldKind, FormPage, Reader, Typed};
use super::{CourseCase, ENDED, Need, course_case};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, CsrfForm, PageError};
use crate::notify::notices::By;
use crate::notify::people;

/// The job specialists of the lead's team.
async fn members(state: &AppState, v: &Viewer) -> Result<Vec<User>, PageError> {
    let Some(team) = &v.user.team else { return Ok(Vec::new()) };
    let users = state.db.team_users(team.as_str()).await?;
    Ok(users.into_iter().filter(|u| u.roles.contains(&Role::JobSpecialist)).collect())
}

fn page(case: &CourseCase, members: &[User]) -> FormPage {
    let options = members.iter().map(|u| (u.id.as_str().to_owned(), u.name.clone())).collect();
    FormPage::new(&case.name, "Bytt jobbspesialist", "Bytt jobbspesialist")
        .lead("Forløpet og tallene som følger det flyttes til den nye jobbspesialisten fra nå.")
        .at(format!("/forlop/{}/jobbspesialist", case.course.id.as_str()), case.back())
        .fields(vec![Field::new("job_specialist", "Ny jobbspesialist", FieldKind::Select).owned_options(options)])
}

pub(crate) fn parse(case: &CourseCase, members: &[User], form: &Typed) -> Result<Course, form::Errors> {
    let mut r = Reader::new(form);
    if case.ended() {
        r.fail("job_specialist", ENDED);
    }
    let chosen = r.code(
        "job_specialist",
        |id| members.iter().find(|u| u.id.as_str() == id).map(|u| u.id.clone()),
        "Velg en jobbspesialist i teamet.",
    );
    if chosen.as_ref() == Some(&case.course.job_specialist) {
        r.fail("job_specialist", "Forløpet har allerede denne jobbspesialisten.");
    }
    match chosen {
        Some(js) if r.errors.is_empty() => Ok(Course { job_specialist: js, ..case.course.clone() }),
        _ => Err(r.errors),
    }
}

pub(crate) async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let case = course_case(&state, &v, &id, Need::Lead).await?;
    case.audit_shown(&state, &v, &["name", "course.job_specialist"]).await?;
    let members = members(&state, &v).await?;
    let typed = Typed::from([("job_specialist".to_owned(), case.course.job_specialist.as_str().to_owned())]);
    let errors = if case.ended() { form::refusal("job_specialist", ENDED) } else { form::none() };
    Ok(page(&case, &members).open(&v, &typed, &errors))
}

pub(crate) async fn save(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let case = course_case(&state, &v, &id, Need::Lead).await?;
    let members = members(&state, &v).await?;
    let course = match parse(&case, &members, &typed) {
        Ok(c) => c,
        Err(errors) => return Ok(page(&case, &members).refuse(&v, &typed, &errors)),
    };
    let (old, new) = (case.course.job_specialist.as_str(), course.job_specialist.as_str());
    let names = crate::names::Names::load(&state, NameKind::User, [old, new]).await?;
    let (old_name, new_name) = (names.of(old), names.of(new));
    let mut change = Change::begin(&state, &v).await?;
    change.tx().upsert_courses(std::slice::from_ref(&course)).await?;
    change.audit("update", ("participant", &case.participant), &["course.job_specialist"]).await?;
    let by = By { user: v.user.id.as_str(), at: state.clock.now() };
    let pair = crate::notify::pair::Pair { job_specialist: new.to_owned(), ..case.pair() };
    let who = people::Change { before: Some((old, &old_name)), after: Some((new, &new_name)), other: "" };
    people::job_specialist_changed(change.tx(), &by, &pair, &who).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("{}#forlop-{id}", case.back())).into_response())
}
