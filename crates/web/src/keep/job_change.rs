//! A job's percentage from a date (`/jobb/{id}/prosent`: 20 % → 40 % → 80 % is how a chain
//! grows) and its end (`/jobb/{id}/avslutt`: date, who ended it and why).

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::{EndedBy, Job, PercentStep};
use jobbvei_store::NameKind;

use super::form::{self, Field, FieldKind, FormPage, Reader, day};
use super::{CourseCase, ENDED, Need, course_case};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, CsrfForm, PageError};
use crate::notify::notices::By;
use crate::notify::pair;

const ENDED_BY: &[(&str, &str)] = &[
    ("arbeidstaker", "Deltakeren sa opp"),
    ("arbeidsgiver", "Arbeidsgiveren avsluttet"),
    ("gjensidig", "Gjensidig avtale"),
    ("utlopt", "Avtalen løp ut"),
];

/// Which of the two changes a form makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum What {
    Percent,
    End,
}

impl What {
    fn path(self) -> &'static str {
        match self {
            What::Percent => "prosent",
            What::End => "avslutt",
        }
    }

    fn fields(self) -> Vec<Field> {
        match self {
            What::Percent => vec![
                Field::new("from", "Fra dato", FieldKind::Date),
                Field::new("percent", "Ny stillingsprosent", FieldKind::Number).hint("0–100."),
            ],
            What::End => vec![
                Field::new("end", "Sluttdato", FieldKind::Date),
                Field::new("ended_by", "Hvem avsluttet", FieldKind::Select).options(ENDED_BY.iter().copied()),
                Field::new("end_reason", "Hvorfor", FieldKind::TextArea)
                    .optional()
                    .hint("Ikke skriv helseopplysninger her."),
            ],
        }
    }

    fn page(self, case: &CourseCase, job: &Job) -> FormPage {
        let (heading, submit) = match self {
            What::Percent => ("Endre stillingsprosent", "Lagre stillingsprosent"),
            What::End => ("Avslutt jobben", "Avslutt jobben"),
        };
        let form = crate::workplace::labels::job_form(job.form.code());
        FormPage::new(&case.name, heading, submit)
            .lead(format!("{}: {form}", job.title.as_deref().unwrap_or("Jobb")))
            .at(format!("/jobb/{}/{}", job.id.as_str(), self.path()), case.back())
            .fields(self.fields())
    }
}

/// The job as changed, or the messages.
pub(crate) fn parse(
    what: What,
    case: &CourseCase,
    job: &Job,
    form: &HashMap<String, String>,
) -> Result<Job, form::Errors> {
    let mut r = Reader::new(form);
    let mut changed = job.clone();
    let first = if what == What::Percent { "from" } else { "end" };
    if case.ended() {
        r.fail(first, ENDED);
    }
    match what {
        What::Percent => {
            let from = r.date("from", "Skriv datoen den nye prosenten gjelder fra.");
            let percent = r.opt_number("percent", 0.0, 100.0);
            if percent.is_none() && !r.errors.contains_key("percent") {
                r.fail("percent", "Skriv stillingsprosenten.");
            }
            if let Some(from) = from {
                if from < job.start {
                    r.fail("from", format!("Datoen kan ikke være før jobben startet ({}).", day(job.start)));
                } else if job.end.is_some_and(|e| from > e) {
                    r.fail("from", "Jobben var avsluttet på den datoen.");
                }
            }
            if let (Some(from), Some(percent)) = (from, percent) {
                changed.percent.retain(|s| s.from != from);
                changed.percent.push(PercentStep { from, percent });
                changed.percent.sort_by_key(|s| s.from);
            }
        }
        What::End => {
            let end = r.date("end", "Skriv sluttdatoen.");
            let ended_by = r.code("ended_by", EndedBy::parse, "Velg hvem som avsluttet.");
            changed.end_reason = r.opt_text("end_reason");
            if job.end.is_some() {
                r.fail("end", "Jobben er allerede avsluttet.");
            }
            if let Some(end) = end
                && end < job.start
            {
                r.fail("end", format!("Sluttdatoen kan ikke være før jobben startet ({}).", day(job.start)));
            }
            changed.end = end;
            changed.ended_by = ended_by;
        }
    }
    if r.errors.is_empty() { Ok(changed) } else { Err(r.errors) }
}

async fn load(state: &AppState, v: &Viewer, job_id: &str) -> Result<(Job, CourseCase), PageError> {
    let job = state.db.job(job_id).await?.ok_or(PageError::NotFound("Fant ikke jobben."))?;
    let case = course_case(state, v, job.course.as_str(), Need::Write).await?;
    let job = case.jobs.iter().find(|j| j.id == job.id).cloned().unwrap_or(job);
    Ok((job, case))
}

async fn show(state: AppState, v: Viewer, id: String, what: What) -> Result<Response, PageError> {
    let (job, case) = load(&state, &v, &id).await?;
    case.audit_shown(&state, &v, &["name", "job"]).await?;
    let today = state.clock.today().to_string();
    let mut typed = HashMap::from([("from".to_owned(), today.clone()), ("end".to_owned(), today)]);
    if let Some(p) = job.percent.last() {
        typed.insert("percent".to_owned(), p.percent.to_string());
    }
    let errors = if case.ended() {
        form::refusal(if what == What::Percent { "from" } else { "end" }, ENDED)
    } else {
        form::none()
    };
    Ok(what.page(&case, &job).open(&v, &typed, &errors))
}

async fn save(
    state: AppState,
    v: Viewer,
    id: String,
    what: What,
    typed: HashMap<String, String>,
) -> Result<Response, PageError> {
    let (job, case) = load(&state, &v, &id).await?;
    let changed = match parse(what, &case, &job, &typed) {
        Ok(j) => j,
        Err(errors) => return Ok(what.page(&case, &job).refuse(&v, &typed, &errors)),
    };
    let fields: &[&str] = match what {
        What::Percent => &["job.percent"],
        What::End => &["job.end", "job.ended_by", "job.end_reason"],
    };
    let employer = crate::names::Names::load(&state, NameKind::Employer, [job.employer.as_str()]).await?;
    let mut change = Change::begin(&state, &v).await?;
    change.tx().upsert_jobs(std::slice::from_ref(&changed)).await?;
    change.audit("update", ("participant", &case.participant), fields).await?;
    if what == What::End {
        let by = By { user: v.user.id.as_str(), at: state.clock.now() };
        pair::job_ended(change.tx(), &by, &case.pair(), &changed, &employer.of(job.employer.as_str())).await?;
    }
    change.commit().await?;
    Ok(Redirect::to(&format!("{}#jobbkjede", case.back())).into_response())
}

pub(crate) async fn show_percent(
    State(s): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    show(s, v, id, What::Percent).await
}

pub(crate) async fn save_percent(
    State(s): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm,
) -> Result<Response, PageError> {
    save(s, v, id, What::Percent, f).await
}

pub(crate) async fn show_end(
    State(s): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    show(s, v, id, What::End).await
}

pub(crate) async fn save_end(
    State(s): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm,
) -> Result<Response, PageError> {
    save(s, v, id, What::End, f).await
}
