//! `GET/POST /jobb/{id}/kontroll`: a follow-up check after hiring is recorded as done, with
//! the areas of the follow-up plan that were looked at. The planned check closest to the
//! date is marked done, or a new one is recorded; a done check clears its alert.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::{ExtId, FollowupArea, FollowupCheck, Job};

use super::form::{self, Field, FieldKind, FormPage, Reader, day};
use super::{CourseCase, ENDED, Need, course_case};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, CsrfForm, PageError, new_id};

pub(crate) fn area_label(a: FollowupArea) -> &'static str {
    match a {
        FollowupArea::JobPercentage => "Stillingsprosent",
        FollowupArea::Tasks => "Arbeidsoppgaver",
        FollowupArea::Training => "Opplæring",
        FollowupArea::Colleagues => "Kolleger og mentor",
        FollowupArea::Language => "Språk",
        FollowupArea::Health => "Helse",
        FollowupArea::Family => "Familie",
        FollowupArea::Housing => "Bolig",
        FollowupArea::Economy => "Økonomi",
        FollowupArea::Career => "Karriere",
    }
}

/// The check box name of an area.
fn area_field(a: FollowupArea) -> &'static str {
    match a {
        FollowupArea::JobPercentage => "area_stillingsprosent",
        FollowupArea::Tasks => "area_arbeidsoppgaver",
        FollowupArea::Training => "area_opplaering",
        FollowupArea::Colleagues => "area_kolleger_mentor",
        FollowupArea::Language => "area_sprak",
        FollowupArea::Health => "area_helse",
        FollowupArea::Family => "area_familie",
        FollowupArea::Housing => "area_bolig",
        FollowupArea::Economy => "area_okonomi",
        FollowupArea::Career => "area_karriere",
    }
}

fn fields() -> Vec<Field> {
    let mut out = vec![Field::new("done", "Dato for kontrollen", FieldKind::Date)];
    out.extend(FollowupArea::ALL.iter().map(|a| Field::new(area_field(*a), area_label(*a), FieldKind::Check)));
    out.push(Field::new("note", "Notat", FieldKind::TextArea).optional().hint(crate::profile::FREE_TEXT_NOTE));
    out
}

/// The check to store: the open planned one due closest to the date (the earlier on a tie),
/// if it is due within 45 days of it, or a new check due that day. Closest, not earliest: a
/// check done at the six-month mark is that status check, not last month's missed one.
pub(crate) fn parse(
    case: &CourseCase,
    job: &Job,
    planned: &[FollowupCheck],
    form: &HashMap<String, String>,
    today: chrono::NaiveDate,
) -> Result<FollowupCheck, form::Errors> {
    let mut r = Reader::new(form);
    if case.ended() {
        r.fail("done", ENDED);
    }
    let done = r.date("done", "Skriv datoen kontrollen ble gjort.");
    let areas: Vec<FollowupArea> = FollowupArea::ALL.iter().copied().filter(|a| r.check(area_field(*a))).collect();
    let note = r.opt_text("note");
    if let Some(d) = done {
        if d > today {
            r.fail("done", "En kontroll kan ikke registreres som gjort i fremtiden.");
        } else if d < job.start {
            r.fail("done", format!("Datoen kan ikke være før jobben startet ({}).", day(job.start)));
        }
    }
    let Some(done) = done.filter(|_| r.errors.is_empty()) else { return Err(r.errors) };
    let open = planned
        .iter()
        .filter(|c| c.job == job.id && c.done.is_none() && (c.due - done).num_days().abs() <= 45)
        .min_by_key(|c| ((c.due - done).num_days().abs(), c.due));
    let check = match open {
        Some(c) => FollowupCheck { done: Some(done), areas, note, ..c.clone() },
        None => {
            let Some(id) = new_id("k").and_then(|i| ExtId::parse(&i).ok()) else {
                return Err(HashMap::from([("done", "Prøv igjen.".to_owned())]));
            };
            FollowupCheck {
                id,
                course: job.course.clone(),
                job: job.id.clone(),
                due: done,
                done: Some(done),
                areas,
                note,
            }
        }
    };
    Ok(check)
}

fn page(case: &CourseCase, job: &Job) -> FormPage {
    FormPage::new(&case.name, "Registrer oppfølgingskontroll", "Lagre kontrollen")
        .lead(format!("{} fra {}", job.title.as_deref().unwrap_or("Jobb"), day(job.start)))
        .at(format!("/jobb/{}/kontroll", job.id.as_str()), case.back())
        .fields(fields())
}

async fn load(state: &AppState, v: &Viewer, job_id: &str) -> Result<(Job, CourseCase, Vec<FollowupCheck>), PageError> {
    let job = state.db.job(job_id).await?.ok_or(PageError::NotFound("Fant ikke jobben."))?;
    let case = course_case(state, v, job.course.as_str(), Need::Write).await?;
    let checks = state.db.course_followup_checks(job.course.as_str()).await?;
    Ok((job, case, checks))
}

pub(crate) async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (job, case, _) = load(&state, &v, &id).await?;
    case.audit_shown(&state, &v, &["name", "job"]).await?;
    let typed = HashMap::from([("done".to_owned(), state.clock.today().to_string())]);
    let errors = if case.ended() { form::refusal("done", ENDED) } else { form::none() };
    Ok(page(&case, &job).open(&v, &typed, &errors))
}

pub(crate) async fn save(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let (job, case, planned) = load(&state, &v, &id).await?;
    let check = match parse(&case, &job, &planned, &typed, state.clock.today()) {
        Ok(c) => c,
        Err(errors) => return Ok(page(&case, &job).refuse(&v, &typed, &errors)),
    };
    let mut change = Change::begin(&state, &v).await?;
    change.tx().upsert_followup_checks(std::slice::from_ref(&check)).await?;
    change.audit("update", ("participant", &case.participant), &["followup_check"]).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("{}#oppfolging", case.back())).into_response())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use jobbvei_domain::{Course, JobForm, Method};

    use super::*;
    use crate::keep::job::planned_checks;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn id(s: &str) -> ExtId {
        ExtId::parse(s).unwrap()
    }

    #[test]
    fn a_check_marks_the_planned_one_closest_to_its_date() {
        let job = Job {
            id: id("j1"),
            course: id("c1"),
            employer: id("e1"),
            form: JobForm::Permanent,
            start: d("2024-05-10"),
            title: None,
            styrk: None,
            paid: Some(true),
            ordinary_terms: Some(true),
            percent: Vec::new(),
            hours_per_week: None,
            probation_end: None,
            planned_end: None,
            end: None,
            ended_by: None,
            end_reason: None,
            extensions: None,
        };
        let course = Course {
            id: id("c1"),
            participant: id("p1"),
            method: Method::Ips,
            job_specialist: id("js1"),
            start: d("2024-04-01"),
            referred: None,
            end: None,
            end_cause: None,
            end_cause_detail: None,
        };
        let case = CourseCase {
            course,
            participant: "p1".into(),
            name: "Test".into(),
            veileder: None,
            confidential: false,
            rights: crate::access::Rights { read: true, write: true, lead: false },
            phases: Vec::new(),
            passive: Vec::new(),
            jobs: vec![job.clone()],
        };
        let planned = planned_checks(&job);
        let done = |day: &str| {
            let form = HashMap::from([("done".to_owned(), day.to_owned())]);
            parse(&case, &job, &planned, &form, d("2024-12-31")).unwrap()
        };
        // The five-month check (10.10) is open too, but the six-month one (10.11) is closer.
        let c = done("2024-11-07");
        assert_eq!((c.id.as_str(), c.due, c.done), ("j1-k6", d("2024-11-10"), Some(d("2024-11-07"))));
        // Halfway between two planned checks, the earlier one.
        assert_eq!(done("2024-09-25").id.as_str(), "j1-k4");
        // Nothing planned within 45 days: a check of its own, due that day.
        let c = done("2024-12-31");
        assert_eq!((c.due, c.done), (d("2024-12-31"), Some(d("2024-12-31"))));
        assert!(c.id.as_str().starts_with('k'));
    }
}
