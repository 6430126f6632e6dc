//! `GET/POST /forlop/{id}/fase`: the course moves to a phase from a date. Any move is
//! allowed except out of `avsluttet` (DOMAIN.md §3): an ended course is reopened first, and
//! `avsluttet` itself is reached by ending the course. IPS `jobber` needs an active paid job.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::{Phase, PhaseEntry};

use super::form::{self, Field, FieldKind, FormPage, Reader, day};
use super::{CourseCase, ENDED, Need, course_case};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, CsrfForm, PageError};
use crate::workplace::labels;

fn fields(case: &CourseCase) -> Vec<Field> {
    let options: Vec<(&str, &str)> = case
        .course
        .method
        .phases()
        .iter()
        .filter(|p| **p != Phase::Ended)
        .map(|p| (p.code(), labels::phase(p.code())))
        .collect();
    vec![
        Field::new("phase", "Ny fase", FieldKind::Select).options(options),
        Field::new("from", "Fra dato", FieldKind::Date).hint("Fasen gjelder fra denne datoen."),
    ]
}

fn page(case: &CourseCase) -> FormPage {
    FormPage::new(&case.name, "Endre fase", "Lagre fase")
        .at(format!("/forlop/{}/fase", case.course.id.as_str()), case.back())
        .fields(fields(case))
}

pub(crate) async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let case = course_case(&state, &v, &id, Need::Write).await?;
    case.audit_shown(&state, &v, &["name", "course.phase"]).await?;
    let mut typed = HashMap::new();
    typed.insert("from".to_owned(), state.clock.today().to_string());
    if let Some(p) = case.phase_on(state.clock.today()) {
        typed.insert("phase".to_owned(), p.code().to_owned());
    }
    let errors = if case.ended() { form::refusal("phase", ENDED) } else { form::none() };
    Ok(page(&case).open(&v, &typed, &errors))
}

/// The new phase entry, or the messages.
pub(crate) fn parse(
    case: &CourseCase,
    form: &HashMap<String, String>,
    today: chrono::NaiveDate,
) -> Result<PhaseEntry, form::Errors> {
    let mut r = Reader::new(form);
    let phase = r.code("phase", Phase::parse, "Velg en fase.");
    let from = r.date("from", "Skriv datoen fasen gjelder fra.");
    if case.ended() {
        r.fail("phase", ENDED);
    }
    if let Some(p) = phase {
        if p == Phase::Ended {
            r.fail("phase", "Et forløp avsluttes på siden «Avslutt forløp», med sluttårsak.");
        } else if !case.course.method.phases().contains(&p) {
            r.fail("phase", format!("Fasen finnes ikke i metoden {}.", case.course.method.code()));
        }
    }
    if let Some(from) = from {
        if from < case.course.start {
            r.fail("from", format!("Datoen kan ikke være før forløpet startet ({}).", day(case.course.start)));
        } else if from > today {
            r.fail("from", "Datoen kan ikke være i fremtiden.");
        }
        if phase == Some(Phase::Working)
            && !case.jobs.iter().any(|j| j.is_paid_work() && j.start <= from && j.end.is_none_or(|e| e >= from))
        {
            r.fail("phase", "Fasen «Jobber» krever en aktiv lønnet jobb. Registrer jobben først.");
        }
    }
    match (phase, from) {
        (Some(phase), Some(from)) if r.errors.is_empty() => {
            Ok(PhaseEntry { course: case.course.id.clone(), phase, from })
        }
        _ => Err(r.errors),
    }
}

pub(crate) async fn save(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let case = course_case(&state, &v, &id, Need::Write).await?;
    let entry = match parse(&case, &typed, state.clock.today()) {
        Ok(e) => e,
        Err(errors) => return Ok(page(&case).refuse(&v, &typed, &errors)),
    };
    let mut change = Change::begin(&state, &v).await?;
    change.tx().upsert_phases(std::slice::from_ref(&entry)).await?;
    change.audit("update", ("participant", &case.participant), &["course.phase"]).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("{}#forlop-{id}", case.back())).into_response())
}
