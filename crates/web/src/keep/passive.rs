//! `GET/POST /forlop/{id}/passiv`: a course goes passive from a date with a reason, and
//! comes back. A course is never ended for missed appointments (DOMAIN.md §3 point 4):
//! while it is passive, outreach attempts are logged instead, and the alerts ask for one
//! every 14 days.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use jobbvei_domain::PassivePeriod;

use super::form::{self, Field, FieldKind, FormPage, Reader, day};
use super::{CourseCase, ENDED, Need, course_case};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, CsrfForm, PageError};
use crate::notify::notices::By;

/// Why a course goes passive; the code is what is stored.
pub(crate) const REASONS: &[(&str, &str)] = &[
    ("helse", "Helse eller behandling"),
    ("pause", "Deltakeren ønsker en pause"),
    ("ingen_kontakt", "Får ikke kontakt med deltakeren"),
    ("livssituasjon", "Endringer i livssituasjonen"),
    ("annet", "Annet"),
];

pub(crate) fn reason_label(code: &str) -> &'static str {
    REASONS.iter().find(|(c, _)| *c == code).map_or("Annet", |(_, l)| l)
}

/// The open passive period, if the course is passive now.
fn open(case: &CourseCase) -> Option<&PassivePeriod> {
    case.passive.iter().find(|p| p.to.is_none())
}

fn fields(case: &CourseCase) -> Vec<Field> {
    match open(case) {
        Some(_) => vec![Field::new("to", "Aktiv igjen fra", FieldKind::Date).hint("Siste dag i den passive perioden.")],
        None => vec![
            Field::new("from", "Passiv fra", FieldKind::Date),
            Field::new("reason", "Årsak", FieldKind::Select).options(REASONS.iter().copied()),
            Field::new("planned_to", "Planlagt aktiv igjen", FieldKind::Date)
                .optional()
                .hint("Når dere regner med å ta opp igjen arbeidet."),
        ],
    }
}

fn page(case: &CourseCase) -> FormPage {
    let page = match open(case) {
        Some(_) => {
            FormPage::new(&case.name, "Avslutt passiv periode", "Gjør aktiv").lead("Forløpet blir aktivt igjen.")
        }
        None => FormPage::new(&case.name, "Sett forløpet som passivt", "Sett passiv")
            .lead("Et passivt forløp avsluttes ikke. Logg et forsøk på å nå deltakeren minst hver 14. dag."),
    };
    page.at(format!("/forlop/{}/passiv", case.course.id.as_str()), case.back()).fields(fields(case))
}

/// The period to store: a new one with its planned reactivation, or the open one with its
/// end; or the messages.
pub(crate) fn parse(
    case: &CourseCase,
    form: &HashMap<String, String>,
    today: NaiveDate,
) -> Result<(PassivePeriod, Option<NaiveDate>), form::Errors> {
    let mut r = Reader::new(form);
    let mut planned = None;
    if case.ended() {
        r.fail(if open(case).is_some() { "to" } else { "from" }, ENDED);
    }
    let period = match open(case) {
        Some(current) => {
            let to = r.date("to", "Skriv datoen forløpet er aktivt igjen fra.");
            if let Some(to) = to
                && to < current.from
            {
                r.fail("to", format!("Datoen kan ikke være før den passive perioden startet ({}).", day(current.from)));
            }
            to.map(|to| PassivePeriod { to: Some(to), ..current.clone() })
        }
        None => {
            let from = r.date("from", "Skriv datoen forløpet er passivt fra.");
            let reason = r.code("reason", |c| REASONS.iter().find(|(x, _)| *x == c).map(|(x, _)| *x), "Velg en årsak.");
            planned = r.opt_date("planned_to");
            if let (Some(from), Some(to)) = (from, planned)
                && to <= from
            {
                r.fail("planned_to", "Datoen må være etter at den passive perioden starter.");
            }
            if let Some(from) = from {
                if from < case.course.start {
                    r.fail("from", format!("Datoen kan ikke være før forløpet startet ({}).", day(case.course.start)));
                } else if from > today {
                    r.fail("from", "Datoen kan ikke være i fremtiden.");
                } else if let Some(last) = case.passive.iter().filter_map(|p| p.to).max()
                    && from <= last
                {
                    r.fail("from", format!("Datoen må være etter forrige passive periode ({}).", day(last)));
                }
            }
            from.zip(reason).map(|(from, reason)| PassivePeriod {
                course: case.course.id.clone(),
                from,
                to: None,
                reason: Some(reason.to_owned()),
            })
        }
    };
    match period {
        Some(p) if r.errors.is_empty() => Ok((p, planned)),
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
    let today = state.clock.today().to_string();
    let typed = HashMap::from([("from".to_owned(), today.clone()), ("to".to_owned(), today)]);
    Ok(page(&case).open(&v, &typed, &form::none()))
}

pub(crate) async fn save(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let case = course_case(&state, &v, &id, Need::Write).await?;
    let (period, planned) = match parse(&case, &typed, state.clock.today()) {
        Ok(p) => p,
        Err(errors) => return Ok(page(&case).refuse(&v, &typed, &errors)),
    };
    let field = if period.to.is_some() { "course.passive.to" } else { "course.passive" };
    let mut change = Change::begin(&state, &v).await?;
    change.tx().upsert_passive_periods(std::slice::from_ref(&period)).await?;
    let mut fields = vec![field];
    if let Some(to) = planned {
        change.tx().set_passive_plan(case.course.id.as_str(), period.from, to).await?;
        fields.push("course.passive.planned_to");
    }
    change.audit("update", ("participant", &case.participant), &fields).await?;
    let by = By { user: v.user.id.as_str(), at: state.clock.now() };
    crate::notify::pair::passive(change.tx(), &by, &case.pair(), &period, planned).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("{}#forlop-{id}", case.back())).into_response())
}
