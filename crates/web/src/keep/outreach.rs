//! `GET/POST /forlop/{id}/kontaktforsok`: one attempt to reach the participant (by phone,
//! SMS, letter or a home visit; reached or not), a quick entry made mostly while a course is
//! passive. The attempts are what show that nobody was dropped for missed appointments.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::{ExtId, OutreachAttempt, OutreachWay};

use super::form::{self, Field, FieldKind, FormPage, Reader, Typed, day};
use super::{CourseCase, ENDED, Need, course_case};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, CsrfForm, PageError, new_id};

pub(crate) fn way_label(w: OutreachWay) -> &'static str {
    match w {
        OutreachWay::Phone => "Telefon",
        OutreachWay::Sms => "SMS",
        OutreachWay::Letter => "Brev",
        OutreachWay::HomeVisit => "Hjemmebesøk",
    }
}

fn page(case: &CourseCase) -> FormPage {
    let ways: Vec<(&str, &str)> = OutreachWay::ALL.iter().map(|w| (w.code(), way_label(*w))).collect();
    FormPage::new(&case.name, "Kontaktforsøk", "Lagre forsøket")
        .lead("Et passivt forløp avsluttes ikke. Logg hvert forsøk på å nå deltakeren, minst hver 14. dag.")
        .at(format!("/forlop/{}/kontaktforsok", case.course.id.as_str()), case.back())
        .fields(vec![
            Field::new("tried_on", "Dato", FieldKind::Date),
            Field::new("way", "Hvordan", FieldKind::Select).options(ways),
            Field::new("reached", "Fikk kontakt", FieldKind::Check),
        ])
}

pub(crate) fn parse(
    case: &CourseCase,
    v: &Viewer,
    form: &Typed,
    today: chrono::NaiveDate,
) -> Result<OutreachAttempt, form::Errors> {
    let mut r = Reader::new(form);
    if case.ended() {
        r.fail("tried_on", ENDED);
    }
    let tried_on = r.date("tried_on", "Skriv datoen for forsøket.");
    let way = r.code("way", OutreachWay::parse, "Velg hvordan du prøvde.");
    let reached = r.check("reached");
    if let Some(d) = tried_on {
        if d > today {
            r.fail("tried_on", "Et forsøk kan ikke være i fremtiden.");
        } else if d < case.course.start {
            r.fail("tried_on", format!("Datoen kan ikke være før forløpet startet ({}).", day(case.course.start)));
        }
    }
    let id = new_id("o").and_then(|i| ExtId::parse(&i).ok());
    match (tried_on, way, id) {
        (Some(tried_on), Some(way), Some(id)) if r.errors.is_empty() => {
            Ok(OutreachAttempt { id, course: case.course.id.clone(), tried_on, way, reached, user: v.user.id.clone() })
        }
        _ => Err(r.errors),
    }
}

pub(crate) async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let case = course_case(&state, &v, &id, Need::Write).await?;
    case.audit_shown(&state, &v, &["name"]).await?;
    let typed = Typed::from([("tried_on".to_owned(), state.clock.today().to_string())]);
    let errors = if case.ended() { form::refusal("tried_on", ENDED) } else { form::none() };
    Ok(page(&case).open(&v, &typed, &errors))
}

pub(crate) async fn save(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let case = course_case(&state, &v, &id, Need::Write).await?;
    let attempt = match parse(&case, &v, &typed, state.clock.today()) {
        Ok(a) => a,
        Err(errors) => return Ok(page(&case).refuse(&v, &typed, &errors)),
    };
    let mut change = Change::begin(&state, &v).await?;
    change.tx().add_outreach_attempt(&attempt, state.clock.now()).await?;
    change.audit("create", ("participant", &case.participant), &["outreach_attempt"]).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("{}#forlop-{id}", case.back())).into_response())
}
