//! `/logg`: log an activity in one short form that works on a 360 px phone. Defaults: now,
//! 60 minutes, physical, done. Errors are shown next to their field and nothing typed is lost.
//! The fields and their rules are [`super::activity_form`]'s, shared with the edit page.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Timelike;
use jobbvei_domain::ExtId;

use super::activity_form::{self, Choices, Errors, Filled};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, new_id};
use crate::pages::{internal_error, render};

#[derive(Template)]
#[template(path = "quicklog.html")]
struct QuickLogPage {
    f: Filled,
    choices: Choices,
    /// What the last save stored, so the user sees it went in and can log the next.
    saved: String,
    /// Who holds the relationship with the employer just logged, when a colleague does.
    held_by: String,
}

impl QuickLogPage {
    /// Registering an employer that is not in the list, and coming back with it chosen.
    fn new_employer(&self) -> String {
        let back = crate::keep::employer::QuickLog::neste(self.f.value("participant"));
        format!("/arbeidsgiver/ny?neste={}", crate::dashboard::drill::enc(&back))
    }
}

async fn page(state: &AppState, viewer: &Viewer, form: HashMap<String, String>, errors: Errors) -> Response {
    page_after(state, viewer, form, errors, String::new(), String::new()).await
}

async fn page_after(
    state: &AppState,
    viewer: &Viewer,
    form: HashMap<String, String>,
    errors: Errors,
    saved: String,
    held_by: String,
) -> Response {
    let choices = match with_chosen_employer(state, viewer, &form).await {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "quick log lists failed");
            return internal_error();
        }
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut res = render(&QuickLogPage { f: Filled { form, errors }, choices, saved, held_by });
    *res.status_mut() = status;
    res
}

/// The selects' lists, with the chosen employer in them even when the viewer has not
/// worked with it yet (one just registered from here, say).
async fn with_chosen_employer(
    state: &AppState,
    viewer: &Viewer,
    form: &HashMap<String, String>,
) -> Result<Choices, jobbvei_store::StoreError> {
    let mut choices = activity_form::choices(state, viewer).await?;
    let chosen = form.get("employer").map(|s| s.trim()).unwrap_or("");
    // Text with a control character is shown back as typed, never looked up.
    if !chosen.is_empty()
        && jobbvei_domain::bounds::plain_text(chosen)
        && !choices.employers.iter().any(|(id, _)| id == chosen)
        && let Some(e) = state.db.employer(chosen).await?
    {
        choices.employers.insert(0, (e.id.to_string(), e.name));
    }
    Ok(choices)
}

#[derive(serde::Deserialize)]
pub(crate) struct ShowQuery {
    /// Pre-fills the participant: the participant page's "Logg for denne deltakeren".
    deltaker: Option<String>,
    /// Pre-fills the employer: one just registered from the quick log's link.
    arbeidsgiver: Option<String>,
    /// The kind and start of the activity just saved.
    lagret: Option<String>,
    kl: Option<String>,
    /// The employer just logged, when a colleague holds it: the page says who.
    holdt: Option<String>,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    axum::extract::Query(q): axum::extract::Query<ShowQuery>,
) -> Response {
    let now = state.clock.now().with_timezone(&chrono_tz::Europe::Oslo);
    let defaults = [
        ("kind", "arbeidsgivermote".to_owned()),
        ("date", now.date_naive().to_string()),
        ("time", format!("{:02}:{:02}", now.hour(), now.minute())),
        ("minutes", "60".into()),
        ("travel_to", "0".into()),
        ("travel_from", "0".into()),
        ("channel", "fysisk".into()),
        ("status", "gjennomfort".into()),
        ("out_of_office", "on".into()),
        ("csrf", viewer.csrf.clone().unwrap_or_default()),
    ];
    let mut form: HashMap<String, String> = defaults.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    if let Some(p) = q.deltaker.filter(|p| !p.is_empty()) {
        form.insert("participant".into(), p);
        form.insert("kind".into(), "deltakermote".into());
    }
    if let Some(e) = q.arbeidsgiver.filter(|e| !e.is_empty()) {
        form.insert("employer".into(), e);
        form.insert("kind".into(), "arbeidsgivermote".into());
    }
    let saved = match q.lagret.as_deref() {
        Some(kind) => format!("Lagret: {} {}. Klar for neste.", super::labels::kind(kind), q.kl.unwrap_or_default()),
        None => String::new(),
    };
    let held_by = match q.holdt.as_deref().filter(|_| !saved.is_empty()) {
        Some(employer) => match held_by(&state, &viewer, employer).await {
            Ok(m) => m,
            Err(e) => {
                tracing::error!(error = %e, "holder lookup failed");
                return internal_error();
            }
        },
        None => String::new(),
    };
    page_after(&state, &viewer, form, HashMap::new(), saved, held_by).await
}

/// "Kari Nordmann holder relasjonen til Bakeriet AS …" when a colleague holds it; the holder
/// is looked up again, so a stale link never names someone who no longer holds it.
async fn held_by(state: &AppState, viewer: &Viewer, employer: &str) -> Result<String, jobbvei_store::StoreError> {
    let Some(e) = state.db.employer(employer).await? else { return Ok(String::new()) };
    let Some(holder) = e.holder.filter(|h| *h != viewer.user.id) else { return Ok(String::new()) };
    let name = crate::names::user(state, holder.as_str()).await?;
    Ok(crate::pipeline::contact::held_by_message(&name, &e.name))
}

pub(crate) async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    crate::forms::CsrfForm(mut form): crate::forms::CsrfForm,
) -> Response {
    let draft = match activity_form::read(&state, &viewer, &form, None).await {
        Ok(Ok(d)) => d,
        Ok(Err(errors)) => {
            form.insert("csrf".into(), viewer.csrf.clone().unwrap_or_default());
            return page(&state, &viewer, form, errors).await;
        }
        Err(res) => return res,
    };
    let Some(id) = new_id("a").and_then(|i| ExtId::parse(&i).ok()) else { return internal_error() };
    let candidate = draft.candidate_presented();
    let activity = draft.into_activity(id.clone(), viewer.user.id.clone(), None);
    let participant = form.get("participant").map(|s| s.trim()).unwrap_or("");
    let record = if participant.is_empty() { ("activity", id.as_str()) } else { ("participant", participant) };
    let saved = async {
        let mut change = Change::begin(&state, &viewer).await?;
        // A fresh id: nothing stored to look up and replace, and a clash fails the write.
        change.tx().rows_are_new(true);
        change.tx().upsert_activities(std::slice::from_ref(&activity)).await?;
        change.tx().rows_are_new(false);
        let mut fields = vec!["activity"];
        if candidate {
            change.tx().mark_candidate(id.as_str(), true, viewer.user.id.as_str(), state.clock.now()).await?;
            fields.push("candidate_presented");
        }
        change.audit("create", record, &fields).await?;
        let mut colleague = None;
        if let Some(employer) = &activity.employer {
            crate::pipeline::contact::advance_for(change.tx(), &state, &viewer, employer.as_str()).await?;
            colleague = crate::pipeline::contact::tell_holder(change.tx(), &state, &viewer, &activity).await?;
        }
        change.commit().await?;
        Ok::<_, crate::forms::PageError>(colleague)
    }
    .await;
    let colleague = match saved {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let when = crate::dates::moment(activity.start).replace(' ', "+");
    let held = match (colleague, &activity.employer) {
        (Some(_), Some(e)) => format!("&holdt={}#holdes-av", crate::dashboard::drill::enc(e.as_str())),
        _ => String::new(),
    };
    Redirect::to(&format!("/logg?lagret={}&kl={when}{held}", activity.kind.code())).into_response()
}
