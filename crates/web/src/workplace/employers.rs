//! `/arbeidsgivere` (search, any case, æøå included) and `/arbeidsgiver/{id}`: contacts,
//! relationship stage, who holds the relationship, contact history and jobs held by our
//! participants (named only where the viewer may see the participant).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use jobbvei_domain::time::to_oslo_rfc3339;

use super::{audit_read, entry, labels};
use crate::AppState;
use crate::access::may_read_participant;
use crate::auth::Viewer;
use crate::pages::{internal_error, render};

#[derive(serde::Deserialize, Default)]
pub(crate) struct Search {
    q: Option<String>,
}

#[derive(Template)]
#[template(path = "employers.html")]
struct EmployersPage {
    q: String,
    employers: Vec<(String, String, String, String)>,
}

fn stage(code: Option<&str>) -> &'static str {
    match code {
        Some("bli_kjent") => "Bli kjent",
        Some("behov_kartlagt") => "Behov kartlagt",
        Some("kandidat_presentert") => "Kandidat presentert",
        Some("ansatt") => "Har ansatt",
        _ => "Ikke satt",
    }
}

pub(crate) async fn search(State(state): State<AppState>, _viewer: Viewer, Query(s): Query<Search>) -> Response {
    let q: String = s.q.unwrap_or_default().trim().chars().take(100).collect();
    match state.db.employers_matching(&q, 200, 0).await {
        Ok(list) => render(&EmployersPage {
            q,
            employers: list
                .into_iter()
                .map(|e| {
                    let industry = e.industry.clone().unwrap_or_default();
                    (e.id.to_string(), e.name, industry, stage(e.stage.map(|s| s.code())).to_owned())
                })
                .collect(),
        }),
        Err(e) => {
            tracing::error!(error = %e, "employer search failed");
            internal_error()
        }
    }
}

struct JobLine {
    title: String,
    form: &'static str,
    period: String,
    participant: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "employer.html")]
struct EmployerView {
    name: String,
    orgnr: String,
    industry: String,
    municipality: String,
    stage: &'static str,
    holder: String,
    contacts: Vec<(String, &'static str, String)>,
    history: Vec<(String, &'static str, &'static str, String)>,
    jobs: Vec<JobLine>,
}

pub(crate) async fn show(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> Response {
    let today = state.clock.today();
    let loaded = async {
        let Some(employer) = state.db.employer(&id).await? else { return Ok(None) };
        let page = state.db.employer_page(&id, 100).await?;
        let mut jobs = Vec::new();
        for (job, participant) in page.jobs.iter().take(100) {
            let visible = match state.db.participant_access(participant, today).await? {
                Some(a) if may_read_participant(&viewer, &a) => {
                    state.db.participants(std::slice::from_ref(participant)).await?.into_iter().next()
                }
                _ => None,
            };
            jobs.push(JobLine {
                title: job.title.clone().unwrap_or_else(|| "Uten tittel".into()),
                form: labels::job_form(job.form.code()),
                period: format!(
                    "{} – {}",
                    job.start.format("%d.%m.%Y"),
                    job.end.map(|d| d.format("%d.%m.%Y").to_string()).unwrap_or_else(|| "pågår".into())
                ),
                participant: visible.map(|p| (p.id.to_string(), p.name)),
            });
        }
        audit_read(&state, entry(&state, &viewer, "read", ("employer", &id), &["contacts", "history", "jobs"])).await?;
        Ok::<_, jobbvei_store::StoreError>(Some((employer, page, jobs)))
    }
    .await;
    let (employer, page, jobs) = match loaded {
        Ok(Some(x)) => x,
        Ok(None) => return (StatusCode::NOT_FOUND, Html("<!doctype html><html lang=\"nb\"><title>Fant ikke arbeidsgiveren</title><p>Fant ikke arbeidsgiveren.</p></html>")).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "employer page failed");
            return internal_error();
        }
    };
    render(&EmployerView {
        name: employer.name.clone(),
        orgnr: employer.orgnr.as_str().to_owned(),
        industry: employer.industry.clone().unwrap_or_default(),
        municipality: employer.municipality.clone().unwrap_or_default(),
        stage: stage(employer.stage.map(|s| s.code())),
        holder: employer.holder.as_ref().map(ToString::to_string).unwrap_or_else(|| "Ingen".into()),
        contacts: page
            .contacts
            .iter()
            .map(|c| {
                (
                    c.name.clone(),
                    if c.decision_maker == Some(true) { "Kan ansette" } else { "" },
                    c.phone.clone().unwrap_or_default(),
                )
            })
            .collect(),
        history: page
            .history
            .iter()
            .map(|a| {
                let when: String = to_oslo_rfc3339(a.start).replace('T', " ").chars().take(16).collect();
                (when, labels::kind(a.kind.code()), labels::status(a.status.code()), a.user.to_string())
            })
            .collect(),
        jobs,
    })
}
