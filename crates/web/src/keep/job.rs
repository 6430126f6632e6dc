//! `GET/POST /forlop/{id}/jobb`: a job or unpaid placement is added to the course's chain.
//! The employer is searched by name, organisation number or id; the occupation by STYRK-08.
//! A paid job plans its follow-up checks at once: monthly for the first six months, then
//! the status checks a year and three years after the start (DOMAIN.md §4).

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Months;
use jobbvei_domain::codelist::StyrkCode;
use jobbvei_domain::{ExtId, FollowupCheck, Job, JobForm, PercentStep};
use jobbvei_store::NameKind;

use super::form::{self, Field, FieldKind, FormPage, Reader, day};
use super::{CourseCase, ENDED, Need, course_case};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, CsrfForm, PageError, new_id};
use crate::notify::notices::By;
use crate::notify::pair;
use crate::workplace::labels;

/// The months after a paid job's start when a follow-up check is planned.
pub(crate) const CHECK_MONTHS: [u32; 8] = [1, 2, 3, 4, 5, 6, 12, 36];

fn fields(employers: Vec<(String, String)>) -> Vec<Field> {
    let forms: Vec<(&str, &str)> = JobForm::ALL.iter().map(|f| (f.code(), labels::job_form(f.code()))).collect();
    let styrk: Vec<(String, String)> =
        StyrkCode::all().iter().map(|o| (o.code.to_owned(), o.name.to_owned())).collect();
    vec![
        Field::new("employer", "Arbeidsgiver", FieldKind::Text)
            .hint("Skriv navn eller organisasjonsnummer. Finnes den ikke, registrer den under Arbeidsgivere først.")
            .owned_options(employers),
        Field::new("form", "Form", FieldKind::Select).options(forms),
        Field::new("title", "Stillingstittel", FieldKind::Text).optional(),
        Field::new("styrk", "Yrke (STYRK-08)", FieldKind::Text)
            .optional()
            .hint("Fire siffer; søk i listen.")
            .owned_options(styrk),
        Field::new("paid", "Lønnet", FieldKind::Check),
        Field::new("ordinary_terms", "Ordinær lønn og vilkår", FieldKind::Check),
        Field::new("start", "Startdato", FieldKind::Date),
        Field::new("percent", "Stillingsprosent", FieldKind::Number).optional().hint("0–100."),
        Field::new("hours_per_week", "Timer per uke", FieldKind::Number).optional(),
        Field::new("probation_end", "Prøvetiden slutter", FieldKind::Date).optional(),
        Field::new("planned_end", "Planlagt slutt", FieldKind::Date).optional(),
    ]
}

/// The employers offered while typing: the viewer's own and the participant's.
async fn employer_options(state: &AppState, v: &Viewer, case: &CourseCase) -> Result<Vec<(String, String)>, PageError> {
    let since = state.clock.today() - chrono::Duration::days(365);
    let mut out = state.db.my_employers(v.user.id.as_str(), since).await?;
    out.extend(state.db.participant_employers(&case.participant).await?);
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out.dedup();
    Ok(out.into_iter().map(|(_, name)| (name, String::new())).collect())
}

/// The job, or the messages. `employer` is the resolved employer, or why it was not found.
pub(crate) fn parse(
    case: &CourseCase,
    form: &HashMap<String, String>,
    employer: Option<Result<ExtId, &'static str>>,
) -> Result<Job, form::Errors> {
    let mut r = Reader::new(form);
    if case.ended() {
        r.fail("start", ENDED);
    }
    let employer = match employer {
        Some(Ok(id)) => Some(id),
        Some(Err(why)) => {
            r.fail("employer", why);
            None
        }
        None => {
            r.fail("employer", "Skriv hvilken arbeidsgiver.");
            None
        }
    };
    let job_form = r.code("form", JobForm::parse, "Velg form.");
    let title = r.opt_text("title");
    let styrk = r.opt_code("styrk", StyrkCode::parse);
    let paid = r.check("paid");
    let ordinary_terms = r.check("ordinary_terms");
    let start = r.date("start", "Skriv startdatoen.");
    let percent = r.opt_number("percent", 0.0, 100.0);
    let hours_per_week = r.opt_number("hours_per_week", 0.0, 100.0);
    let probation_end = r.opt_date("probation_end");
    let planned_end = r.opt_date("planned_end");
    if let Some(f) = job_form
        && f.is_unpaid_placement()
        && paid
    {
        r.fail("paid", "Jobbsmak og arbeidstrening er ulønnet utplassering. Fjern haken for «Lønnet».");
    }
    if let Some(start) = start {
        if start < case.course.start {
            r.fail("start", format!("Jobben kan ikke starte før forløpet ({}).", day(case.course.start)));
        }
        for (field, d) in [("probation_end", probation_end), ("planned_end", planned_end)] {
            if d.is_some_and(|d| d < start) {
                r.fail(field, "Datoen kan ikke være før jobben starter.");
            }
        }
    }
    let (Some(employer), Some(job_form), Some(start)) = (employer, job_form, start) else { return Err(r.errors) };
    if !r.errors.is_empty() {
        return Err(r.errors);
    }
    let id = new_id("j").and_then(|i| ExtId::parse(&i).ok());
    let Some(id) = id else { return Err(HashMap::from([("start", "Prøv igjen.".to_owned())])) };
    Ok(Job {
        id,
        course: case.course.id.clone(),
        employer,
        form: job_form,
        start,
        title,
        styrk,
        paid: Some(paid),
        ordinary_terms: Some(ordinary_terms),
        percent: percent.map(|p| vec![PercentStep { from: start, percent: p }]).unwrap_or_default(),
        hours_per_week,
        probation_end,
        planned_end,
        end: None,
        ended_by: None,
        end_reason: None,
        extensions: job_form.is_unpaid_placement().then_some(0),
    })
}

/// The follow-up checks a paid job starts with.
pub(crate) fn planned_checks(job: &Job) -> Vec<FollowupCheck> {
    if !job.is_paid_work() {
        return Vec::new();
    }
    CHECK_MONTHS
        .iter()
        .filter_map(|m| {
            let due = job.start.checked_add_months(Months::new(*m))?;
            let id = ExtId::parse(&format!("{}-k{m}", job.id.as_str())).ok()?;
            Some(FollowupCheck {
                id,
                course: job.course.clone(),
                job: job.id.clone(),
                due,
                done: None,
                areas: Vec::new(),
                note: None,
            })
        })
        .collect()
}

fn page(case: &CourseCase, options: Vec<(String, String)>) -> FormPage {
    FormPage::new(&case.name, "Ny jobb eller utplassering", "Lagre jobben")
        .lead("Jobbsmak og arbeidstrening er ulønnet utplassering og telles aldri som arbeid.")
        .at(format!("/forlop/{}/jobb", case.course.id.as_str()), case.back())
        .fields(fields(options))
}

pub(crate) async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let case = course_case(&state, &v, &id, Need::Write).await?;
    case.audit_shown(&state, &v, &["name"]).await?;
    let options = employer_options(&state, &v, &case).await?;
    let typed = HashMap::from([
        ("start".to_owned(), state.clock.today().to_string()),
        ("paid".to_owned(), "on".to_owned()),
        ("ordinary_terms".to_owned(), "on".to_owned()),
    ]);
    let errors = if case.ended() { form::refusal("start", ENDED) } else { form::none() };
    Ok(page(&case, options).open(&v, &typed, &errors))
}

pub(crate) async fn save(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    let case = course_case(&state, &v, &id, Need::Write).await?;
    let employer = match typed.get("employer").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        Some(text) => Some(crate::workplace::employer_name::resolve(&state.db, text).await?),
        None => None,
    };
    let job = match parse(&case, &typed, employer) {
        Ok(j) => j,
        Err(errors) => {
            let options = employer_options(&state, &v, &case).await?;
            return Ok(page(&case, options).refuse(&v, &typed, &errors));
        }
    };
    let checks = planned_checks(&job);
    let employer = crate::names::Names::load(&state, NameKind::Employer, [job.employer.as_str()]).await?;
    let mut change = Change::begin(&state, &v).await?;
    change.tx().upsert_jobs(std::slice::from_ref(&job)).await?;
    change.tx().upsert_followup_checks(&checks).await?;
    let mut fields = vec!["job"];
    if !checks.is_empty() {
        fields.push("followup_check");
    }
    change.audit("create", ("participant", &case.participant), &fields).await?;
    // A started paid job moves the employer to `ansatt`; one starting later, the daily round.
    crate::pipeline::contact::advance_for(change.tx(), &state, &v, job.employer.as_str()).await?;
    let by = By { user: v.user.id.as_str(), at: state.clock.now() };
    pair::job_started(change.tx(), &by, &case.pair(), &job, &employer.of(job.employer.as_str())).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("{}#jobbkjede", case.back())).into_response())
}
