//! `/vurdering/{id}`: the review itself. While it is open each reviewer scores every item with
//! evidence and a recommendation; in consensus the reviewers agree on one score per item; closed,
//! it is read only. The consensus total and band are computed as scores come in.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::Role;
use jobbvei_store::{Review, ReviewScore};

use super::view::{Head, ItemView, Totals, consensus_of, figures, head, items, totals};
use super::{Level, NOT_PLAIN, Status, instrument_of, load, plain, text};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, PageError};
use crate::pages::render;

/// What a save says when someone else moved the review first.
const CHANGED: &str = "Vurderingen ble endret av en annen. Last siden på nytt.";
use crate::workplace::{audit_read, entry};

/// Evidence and recommendations are short notes, not case records.
const MAX_TEXT: usize = 2000;

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    csrf: String,
    levels: [&'static str; 5],
    head: Head,
    items: Vec<ItemView>,
    totals: Totals,
    /// `score` (my scores), `consensus`, or empty when the page is read only.
    mode: &'static str,
    transitions: Vec<(&'static str, &'static str)>,
    candidates: Vec<(String, String)>,
    /// The viewer can open `/tall`, where the rows behind the figures are.
    rows_link: bool,
    has_errors: bool,
    top_error: String,
    error_at: &'static str,
    saved: bool,
}

/// What a rejected post brings back to the page.
struct Posted<'a> {
    /// The item fields as typed; `None` when the post was not a score form.
    form: Option<&'a HashMap<String, String>>,
    errors: &'a HashMap<String, String>,
    top_error: String,
    /// Which form the error belongs next to: `scores`, `status` or `reviewer`.
    error_at: &'static str,
}

fn mode(r: &Review, l: Level) -> &'static str {
    match (l, Status::parse(&r.status)) {
        (Level::Score, Some(Status::Open)) => "score",
        (Level::Score, Some(Status::Consensus)) => "consensus",
        _ => "",
    }
}

fn transitions(r: &Review, l: Level) -> Vec<(&'static str, &'static str)> {
    if l < Level::Score {
        return Vec::new();
    }
    match Status::parse(&r.status) {
        Some(Status::Open) => vec![("consensus", "Gå videre til konsensus")],
        Some(Status::Consensus) => {
            vec![("open", "Tilbake til individuell poenggiving"), ("closed", "Avslutt vurderingen")]
        }
        _ => Vec::new(),
    }
}

/// Users with the reviewer role who are not yet on the review.
async fn candidates(state: &AppState, r: &Review) -> Result<Vec<(String, String)>, jobbvei_store::StoreError> {
    let mut out = Vec::new();
    let mut snap = state.db.snapshot().await?;
    snap.each_user(|u| {
        if u.roles.contains(&Role::Reviewer) && !r.reviewers.iter().any(|(id, _)| id == u.id.as_str()) {
            out.push((u.id.as_str().to_owned(), u.name.clone()));
        }
        Ok::<_, jobbvei_store::StoreError>(())
    })
    .await?;
    snap.rollback().await?;
    Ok(out)
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    r: &Review,
    l: Level,
    posted: Option<Posted<'_>>,
    saved: bool,
) -> Result<Response, PageError> {
    let Some(instrument) = instrument_of(r) else {
        return Err(PageError::Internal(format!("review {} names an unknown instrument version", r.id)));
    };
    let mut scores = state.db.review_scores(&r.id).await?;
    let figures = figures(state, r, instrument).await?;
    let candidates = if l == Level::Score && viewer.has(Role::Reviewer) && r.status != "closed" {
        candidates(state, r).await?
    } else {
        Vec::new()
    };
    // The reviewers' own scores are their working notes; the team sees what they agreed.
    if l < Level::Score {
        scores.retain(|s| s.reviewer.is_none());
    }
    let mode = mode(r, l);
    let me = viewer.user.id.as_str();
    let form_of = if mode == "score" { Some(me) } else { None };
    let back = posted.as_ref().and_then(|p| p.form.map(|f| (f, p.errors)));
    let has_errors = posted.as_ref().is_some_and(|p| !p.errors.is_empty() || !p.top_error.is_empty());
    let page = ReviewPage {
        csrf: viewer.csrf.clone().unwrap_or_default(),
        levels: ["1", "2", "3", "4", "5"],
        head: head(r, instrument),
        items: items(instrument, r, &scores, &figures, form_of, back),
        totals: totals(instrument, &consensus_of(&scores)),
        mode,
        transitions: transitions(r, l),
        candidates,
        rows_link: viewer.has(Role::MethodSupervisor) && l >= Level::Manage,
        has_errors,
        error_at: posted.as_ref().map_or("", |p| p.error_at),
        top_error: posted.map(|p| p.top_error).unwrap_or_default(),
        saved,
    };
    let mut res = render(&page);
    if has_errors {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

pub(crate) async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let (r, l) = load(&state, &viewer, &id, Level::Manage).await?;
    audit_read(&state, entry(&state, &viewer, "read", ("review", &r.id), &["scores"])).await?;
    page(&state, &viewer, &r, l, None, q.contains_key("lagret")).await
}

/// Reads the posted score, evidence and recommendation of every item; errors by field name.
fn parse_scores(r: &Review, form: &HashMap<String, String>) -> Option<(Vec<ReviewScore>, HashMap<String, String>)> {
    let instrument = instrument_of(r)?;
    let mut errors = HashMap::new();
    let mut scores = Vec::new();
    for item in &instrument.items {
        let n = item.number;
        let score = match text(form, &format!("score_{n}")) {
            None => None,
            Some(s) => match s.parse::<u8>() {
                Ok(v) if (instrument.scale_min..=instrument.scale_max).contains(&v) => Some(v),
                _ => {
                    errors.insert(format!("score_{n}"), "Velg et poeng fra 1 til 5, eller la feltet stå tomt.".into());
                    None
                }
            },
        };
        let mut long = |k: &str| {
            let v = text(form, &format!("{k}_{n}"));
            if v.as_ref().is_some_and(|s| s.chars().count() > MAX_TEXT) {
                errors.insert(format!("{k}_{n}"), format!("Teksten kan ha høyst {MAX_TEXT} tegn."));
            } else if v.as_deref().is_some_and(|s| !plain(s)) {
                errors.insert(format!("{k}_{n}"), NOT_PLAIN.into());
            }
            v
        };
        let evidence = long("evidence");
        let recommendation = long("recommendation");
        scores.push(ReviewScore { item: n, reviewer: None, score, evidence, recommendation });
    }
    Some((scores, errors))
}

/// Saves scores in the status `needed`: a reviewer's own while open, the consensus in consensus.
async fn save(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    form: HashMap<String, String>,
    consensus: bool,
) -> Result<Response, PageError> {
    let (r, l) = load(state, viewer, id, Level::Score).await?;
    let needed = if consensus { Status::Consensus } else { Status::Open };
    let Some((scores, errors)) = parse_scores(&r, &form) else {
        return Err(PageError::Internal(format!("review {} names an unknown instrument version", r.id)));
    };
    if r.status != needed.code() {
        let top_error = format!(
            "Vurderingen er i fasen «{}», så disse poengene kan ikke endres nå.",
            super::status_label(&r.status)
        );
        return page(
            state,
            viewer,
            &r,
            l,
            Some(Posted { form: Some(&form), errors: &errors, top_error, error_at: "scores" }),
            false,
        )
        .await;
    }
    if !errors.is_empty() {
        return page(
            state,
            viewer,
            &r,
            l,
            Some(Posted { form: Some(&form), errors: &errors, top_error: String::new(), error_at: "scores" }),
            false,
        )
        .await;
    }
    let reviewer = if consensus { None } else { Some(viewer.user.id.as_str()) };
    let mut change = Change::begin(state, viewer).await?;
    if change.tx().lock_review(&r.id).await?.as_deref() != Some(needed.code()) {
        return Err(PageError::Conflict(CHANGED));
    }
    change.tx().save_scores(&r.id, reviewer, &scores).await?;
    let fields: &[&str] = if consensus { &["consensus"] } else { &["scores"] };
    change.audit("update", ("review", &r.id), fields).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("/vurdering/{}?lagret=1", r.id)).into_response())
}

pub(crate) async fn score(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Result<Response, PageError> {
    save(&state, &viewer, &id, form, false).await
}

pub(crate) async fn consensus(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Result<Response, PageError> {
    save(&state, &viewer, &id, form, true).await
}

/// Moves the review on (or back, from consensus to open). Closing needs a consensus score on
/// every item, so a closed review always has a total and a band.
pub(crate) async fn status(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Result<Response, PageError> {
    let (r, l) = load(&state, &viewer, &id, Level::Score).await?;
    let to = text(&form, "to").unwrap_or_default();
    let no_errors = HashMap::new();
    let refuse = |top_error: String| Posted { form: None, errors: &no_errors, top_error, error_at: "status" };
    if !transitions(&r, l).iter().any(|(code, _)| *code == to) {
        let msg = "Vurderingen kan ikke flyttes dit fra fasen den er i.".to_owned();
        return page(&state, &viewer, &r, l, Some(refuse(msg)), false).await;
    }
    if to == Status::Closed.code() {
        let scores = state.db.review_scores(&r.id).await?;
        let complete = instrument_of(&r).is_some_and(|i| totals(i, &consensus_of(&scores)).scored == i.items.len());
        if !complete {
            let msg = "Alle punktene må ha et konsensuspoeng før vurderingen kan avsluttes.".to_owned();
            return page(&state, &viewer, &r, l, Some(refuse(msg)), false).await;
        }
    }
    let mut change = Change::begin(&state, &viewer).await?;
    if !change.tx().set_review_status(&r.id, &r.status, &to).await? {
        return Err(PageError::Conflict(CHANGED));
    }
    change.audit("update", ("review", &r.id), &["status"]).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("/vurdering/{}", r.id)).into_response())
}

/// Adds another reviewer (a user with the reviewer role) to the review.
pub(crate) async fn add_reviewer(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Result<Response, PageError> {
    let (r, l) = load(&state, &viewer, &id, Level::Score).await?;
    let user = text(&form, "user").unwrap_or_default();
    let c = candidates(&state, &r).await?;
    let allowed = viewer.has(Role::Reviewer) && r.status != "closed" && c.iter().any(|(id, _)| *id == user);
    if !allowed {
        let (errors, top_error) = (HashMap::new(), "Velg en fagrevisor fra listen.".to_owned());
        return page(
            &state,
            &viewer,
            &r,
            l,
            Some(Posted { form: None, errors: &errors, top_error, error_at: "reviewer" }),
            false,
        )
        .await;
    }
    let mut change = Change::begin(&state, &viewer).await?;
    change.tx().add_reviewer(&r.id, &user).await?;
    change.audit("update", ("review", &r.id), &["reviewers"]).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("/vurdering/{}", r.id)).into_response())
}
