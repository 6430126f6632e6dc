//! `/vurderinger`: the reviews the viewer may see, and the form that opens a new one.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Months;
use jobbvei_domain::Role;
use jobbvei_domain::fidelity::{instrument_version, instruments};
use jobbvei_store::{NewReview, Review};

use super::view::totals;
use super::{Level, date, instrument_of, kind_label, level, new_id, standing, status_label};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, PageError};
use crate::pages::render;

pub(crate) struct ReviewRow {
    pub href: String,
    pub team_name: String,
    pub instrument: String,
    pub period: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub total: String,
    pub band: String,
}

#[derive(Template)]
#[template(path = "reviews.html")]
struct ListPage {
    csrf: String,
    rows: Vec<ReviewRow>,
    /// Teams with a visible review, for the comparison pages.
    teams_seen: Vec<(String, String)>,
    teams: Vec<(String, String)>,
    instruments: Vec<(String, String)>,
    form: HashMap<String, String>,
    errors: HashMap<&'static str, String>,
}

impl ListPage {
    fn value(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }

    fn error(&self, k: &str) -> &str {
        self.errors.get(k).map_or("", String::as_str)
    }

    fn sel(&self, k: &str, code: &str) -> &'static str {
        if self.value(k) == code { "selected" } else { "" }
    }
}

/// The total and band of a review's consensus, as a list shows them.
pub(crate) fn summary(r: &Review, consensus: &[(String, u32, u8)]) -> (String, String) {
    let Some(instrument) = instrument_of(r) else { return ("–".into(), String::new()) };
    let mine: Vec<(u32, u8)> = consensus.iter().filter(|(id, _, _)| *id == r.id).map(|(_, n, s)| (*n, *s)).collect();
    let t = totals(instrument, &mine);
    match t.total {
        Some(total) => (format!("{total} av {}", t.max), t.band),
        None if !t.weighted.is_empty() => (format!("{} %", t.weighted), String::new()),
        None => (format!("{} av {} punkter satt", t.scored, t.items), String::new()),
    }
}

/// The teams a viewer may open a review for: any team for a reviewer, their own for a team lead.
async fn openable(state: &AppState, v: &Viewer) -> Result<Vec<(String, String)>, jobbvei_store::StoreError> {
    let own = v.user.team.as_ref().map(|t| t.as_str().to_owned());
    let everyone = v.has(Role::Reviewer);
    if !everyone && !v.has(Role::MethodSupervisor) {
        return Ok(Vec::new());
    }
    let mut teams = Vec::new();
    let mut snap = state.db.snapshot().await?;
    snap.each_team(|t| {
        if everyone || own.as_deref() == Some(t.id.as_str()) {
            teams.push((t.id.as_str().to_owned(), t.name.clone()));
        }
        Ok::<_, jobbvei_store::StoreError>(())
    })
    .await?;
    snap.rollback().await?;
    Ok(teams)
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    form: HashMap<String, String>,
    errors: HashMap<&'static str, String>,
) -> Result<Response, PageError> {
    let s = standing(state, viewer).await?;
    let reviews = state.db.reviews(None).await?;
    let consensus = state.db.consensus_scores(None).await?;
    let teams = openable(state, viewer).await?;
    let mut rows = Vec::new();
    let mut teams_seen: Vec<(String, String)> = Vec::new();
    for r in &reviews {
        let l = level(&s, r);
        if l == Level::None {
            continue;
        }
        let (total, band) = summary(r, &consensus);
        if !teams_seen.iter().any(|(id, _)| *id == r.team_id) {
            teams_seen.push((r.team_id.clone(), r.team_name.clone()));
        }
        rows.push(ReviewRow {
            href: if l >= Level::Manage {
                format!("/vurdering/{}", r.id)
            } else {
                format!("/vurdering/{}/rapport", r.id)
            },
            team_name: r.team_name.clone(),
            instrument: instrument_of(r)
                .map_or_else(|| r.instrument.clone(), |i| format!("{} ({})", i.name, i.version)),
            period: format!("{}–{}", date(r.from), date(r.to)),
            kind: kind_label(&r.kind),
            status: status_label(&r.status),
            total,
            band,
        });
    }
    teams_seen.sort();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut res = render(&ListPage {
        csrf: viewer.csrf.clone().unwrap_or_default(),
        rows,
        teams_seen,
        teams,
        instruments: instruments()
            .iter()
            .map(|i| (format!("{}@{}", i.id, i.version), format!("{} ({})", i.name, i.version)))
            .collect(),
        form,
        errors,
    });
    *res.status_mut() = status;
    Ok(res)
}

pub(crate) async fn show(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    let today = state.clock.today();
    let from = today.checked_sub_months(Months::new(12)).map_or(today, |d| d.succ_opt().unwrap_or(d));
    let defaults = [
        ("instrument", "kvalitetsveileder@2019".to_owned()),
        ("from", from.to_string()),
        ("to", today.to_string()),
        ("team", viewer.user.team.as_ref().map(|t| t.as_str().to_owned()).unwrap_or_default()),
    ];
    page(&state, &viewer, defaults.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(), HashMap::new()).await
}

/// Opens a review: a reviewer for any team, a team lead a self-assessment of their own team.
pub(crate) async fn open(
    State(state): State<AppState>,
    viewer: Viewer,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Result<Response, PageError> {
    let field = |k: &str| form.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let mut errors: HashMap<&'static str, String> = HashMap::new();
    let teams = openable(&state, &viewer).await?;
    let team = field("team");
    if !teams.iter().any(|(id, _)| *id == team) {
        errors.insert("team", "Velg et team du kan vurdere.".into());
    }
    let instrument = field("instrument").split_once('@').and_then(|(id, version)| instrument_version(id, version));
    if instrument.is_none() {
        errors.insert("instrument", "Velg et instrument fra listen.".into());
    }
    let day = |k: &str| crate::dates::typed_iso(&field(k));
    let (from, to) = (day("from"), day("to"));
    if from.is_none() {
        errors.insert("from", "Skriv en dato, for eksempel 2024-01-01.".into());
    }
    match to {
        None => {
            errors.insert("to", "Skriv en dato, for eksempel 2024-12-31.".into());
        }
        Some(t) if from.is_some_and(|f| t < f) => {
            errors.insert("to", "Perioden kan ikke slutte før den begynner.".into());
        }
        Some(t) if t > state.clock.today() => {
            errors.insert("to", "Perioden kan ikke slutte etter i dag: tallene finnes ikke ennå.".into());
        }
        Some(_) => {}
    }
    let (Some(instrument), Some(from), Some(to), true) = (instrument, from, to, errors.is_empty()) else {
        return page(&state, &viewer, form, errors).await;
    };
    let id = new_id("r").ok_or_else(|| PageError::Internal("no random id".into()))?;
    let review = NewReview {
        id: id.clone(),
        team_id: team,
        instrument: instrument.id.clone(),
        version: instrument.version.clone(),
        from,
        to,
        kind: if viewer.has(Role::Reviewer) { "fagrevisjon" } else { "egenvurdering" }.into(),
        created_by: viewer.user.id.as_str().to_owned(),
        created_at: state.clock.now(),
    };
    let mut change = Change::begin(&state, &viewer).await?;
    change.tx().create_review(&review).await?;
    change.audit("create", ("review", &id), &["review", "team", "instrument", "period"]).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("/vurdering/{id}")).into_response())
}
