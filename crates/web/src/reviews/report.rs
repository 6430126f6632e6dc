//! `/vurdering/{id}/rapport`: the printable report for the team, with the consensus scores,
//! total and band, the recommendations and the action plan. The team lead and the reviewers
//! add actions and mark them done here; the print stylesheet hides those forms.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_store::{Review, ReviewAction};

use super::view::{Head, ItemView, Totals, consensus_of, figures, head, items, totals};
use super::{Level, NOT_PLAIN, Status, date, instrument_of, load, new_id, plain, text};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, PageError};
use crate::pages::render;
use crate::workplace::{audit_read, entry};

const MAX_WHAT: usize = 500;
const MAX_WHO: usize = 200;

pub(crate) struct ActionView {
    pub id: String,
    pub what: String,
    pub who: String,
    pub due: String,
    pub done: String,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "review_report.html")]
struct ReportPage {
    csrf: String,
    head: Head,
    items: Vec<ItemView>,
    totals: Totals,
    actions: Vec<ActionView>,
    /// The team lead or a reviewer: may add actions and mark them done.
    may_manage: bool,
    closed: bool,
    printed: String,
    form: HashMap<String, String>,
    errors: HashMap<&'static str, String>,
}

impl ReportPage {
    fn value(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }

    fn error(&self, k: &str) -> &str {
        self.errors.get(k).map_or("", String::as_str)
    }
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    r: &Review,
    l: Level,
    form: HashMap<String, String>,
    errors: HashMap<&'static str, String>,
) -> Result<Response, PageError> {
    let Some(instrument) = instrument_of(r) else {
        return Err(PageError::Internal(format!("review {} names an unknown instrument version", r.id)));
    };
    let scores = state.db.review_scores(&r.id).await?;
    let figures = figures(state, r, instrument).await?;
    let actions = state.db.review_actions(&r.id).await?;
    let today = state.clock.today();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut res = render(&ReportPage {
        csrf: viewer.csrf.clone().unwrap_or_default(),
        head: head(r, instrument),
        items: items(instrument, r, &scores, &figures, None, None),
        totals: totals(instrument, &consensus_of(&scores)),
        actions: actions
            .into_iter()
            .map(|a| ActionView {
                overdue: a.done.is_none() && a.due < today,
                id: a.id,
                what: a.what,
                who: a.who,
                due: date(a.due),
                done: a.done.map(date).unwrap_or_default(),
            })
            .collect(),
        may_manage: l >= Level::Manage,
        closed: r.status == Status::Closed.code(),
        printed: date(today),
        form,
        errors,
    });
    *res.status_mut() = status;
    Ok(res)
}

pub(crate) async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (r, l) = load(&state, &viewer, &id, Level::Report).await?;
    audit_read(&state, entry(&state, &viewer, "read", ("review", &r.id), &["report"])).await?;
    page(&state, &viewer, &r, l, HashMap::new(), HashMap::new()).await
}

/// Adds a step to the action plan: what, who, by when.
pub(crate) async fn add_action(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Result<Response, PageError> {
    let (r, l) = load(&state, &viewer, &id, Level::Manage).await?;
    let mut errors: HashMap<&'static str, String> = HashMap::new();
    let what = text(&form, "what").unwrap_or_default();
    let who = text(&form, "who").unwrap_or_default();
    if what.is_empty() {
        errors.insert("what", "Skriv hva som skal gjøres.".into());
    } else if what.chars().count() > MAX_WHAT {
        errors.insert("what", format!("Teksten kan ha høyst {MAX_WHAT} tegn."));
    } else if !plain(&what) {
        errors.insert("what", NOT_PLAIN.into());
    }
    if who.is_empty() {
        errors.insert("who", "Skriv hvem som har ansvaret.".into());
    } else if who.chars().count() > MAX_WHO {
        errors.insert("who", format!("Teksten kan ha høyst {MAX_WHO} tegn."));
    } else if !plain(&who) {
        errors.insert("who", NOT_PLAIN.into());
    }
    let due = text(&form, "due").and_then(|d| crate::dates::typed_iso(&d));
    if due.is_none() {
        errors.insert("due", "Skriv en frist, for eksempel 2025-03-31.".into());
    }
    let (Some(due), true) = (due, errors.is_empty()) else {
        return page(&state, &viewer, &r, l, form, errors).await;
    };
    let action_id = new_id("t").ok_or_else(|| PageError::Internal("no random id".into()))?;
    let action = ReviewAction { id: action_id, review_id: r.id.clone(), what, who, due, done: None };
    let mut change = Change::begin(&state, &viewer).await?;
    change.tx().add_review_action(&action).await?;
    change.audit("update", ("review", &r.id), &["actions"]).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("/vurdering/{}/rapport#tiltak", r.id)).into_response())
}

/// Marks one action of the plan done today.
pub(crate) async fn mark_done(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Result<Response, PageError> {
    let (r, l) = load(&state, &viewer, &id, Level::Manage).await?;
    // An id with a control character names no action, and is not sent to the database.
    let action = text(&form, "action").filter(|a| plain(a)).unwrap_or_default();
    let mut change = Change::begin(&state, &viewer).await?;
    if !change.tx().mark_review_action_done(&r.id, &action, state.clock.today()).await? {
        drop(change);
        let errors =
            HashMap::from([("action", "Fant ikke tiltaket, eller det er allerede markert som utført.".into())]);
        return page(&state, &viewer, &r, l, HashMap::new(), errors).await;
    }
    change.audit("update", ("review", &r.id), &["actions"]).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("/vurdering/{}/rapport#tiltak", r.id)).into_response())
}
