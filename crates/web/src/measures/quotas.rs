//! `/admin/kvoter`: a leader sets the office's quota per measure kind for a month (for
//! example two truck licences), and sees how much of it is used. Only counts are shown,
//! never persons, since leaders see no person-level records.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::measure_flow::{Month, quota_use};
use jobbvei_domain::{MeasureKind, Role};

use super::{kind_label, quota_text};
use crate::AppState;
use crate::auth::Viewer;
use crate::pages::{internal_error, render};
use crate::workplace::entry;

const MAX_QUOTA: u32 = 999;

struct Row {
    code: &'static str,
    label: &'static str,
    value: String,
    used: String,
    full: bool,
    error: String,
}

#[derive(Template)]
#[template(path = "measure_quotas.html")]
struct QuotasPage {
    csrf: String,
    /// The office's id, for the form; `office_name` is what the page shows.
    office: String,
    office_name: String,
    /// `åååå-mm`, the month field's value; `month_name` is what the page shows.
    month: String,
    month_name: String,
    rows: Vec<Row>,
    has_errors: bool,
}

/// The page for a user in no office's team: nothing to set.
/// The page without an office: an administrator who named one Jobbvei does not have is told
/// so; anyone else has no office to set quotas for.
fn no_office(v: &Viewer, asked: Option<&String>) -> Response {
    if v.has(Role::Admin) && asked.is_some_and(|o| !o.is_empty()) {
        return super::message(
            StatusCode::NOT_FOUND,
            "Fant ikke kontoret",
            "Jobbvei har ikke noe kontor med den koden.",
        );
    }
    render(&QuotasPage {
        csrf: String::new(),
        office: String::new(),
        office_name: String::new(),
        month: String::new(),
        month_name: String::new(),
        rows: Vec::new(),
        has_errors: false,
    })
}

/// The office the viewer sets quotas for: their team's; an administrator may name another.
async fn office(
    state: &AppState,
    v: &Viewer,
    asked: Option<&String>,
) -> Result<Option<String>, jobbvei_store::StoreError> {
    if let Some(o) = asked.filter(|o| !o.is_empty())
        && v.has(Role::Admin)
    {
        return Ok(state.db.exists("office", o).await?.then(|| o.clone()));
    }
    match &v.user.team {
        Some(team) => state.db.office_of_team(team.as_str()).await,
        None => Ok(None),
    }
}

async fn page(
    state: &AppState,
    v: &Viewer,
    office: String,
    month: Month,
    typed: Option<&HashMap<String, String>>,
    errors: &HashMap<&'static str, String>,
) -> Response {
    let loaded = async {
        let quotas = super::office_quotas(state, Some(&office), month).await?;
        Ok::<_, jobbvei_store::StoreError>((quotas, crate::names::office(state, &office).await?))
    }
    .await;
    let ((quotas, counted), office_name) = match loaded {
        Ok(x) => x,
        Err(e) => {
            tracing::error!(error = %e, "quota page failed");
            return internal_error();
        }
    };
    let month_name = month.first_day().map(crate::dates::month).unwrap_or_else(|| month.to_string());
    let when = format!("i {month_name}");
    let rows = MeasureKind::ALL
        .iter()
        .map(|k| {
            let u = quota_use(&quotas, &counted, *k, month);
            let key = format!("max_{}", k.code());
            let value = match typed {
                Some(t) => t.get(&key).cloned().unwrap_or_default(),
                None => u.max.map(|m| m.to_string()).unwrap_or_default(),
            };
            Row {
                code: k.code(),
                label: kind_label(*k),
                value,
                used: if u.max.is_some() {
                    quota_text(u, &when)
                } else {
                    format!("{} brukt {when}, ingen kvote", u.used)
                },
                full: u.full(),
                error: errors.get(k.code()).cloned().unwrap_or_default(),
            }
        })
        .collect();
    let mut res = render(&QuotasPage {
        csrf: v.csrf.clone().unwrap_or_default(),
        office,
        office_name,
        month: month.to_string(),
        month_name,
        rows,
        has_errors: !errors.is_empty(),
    });
    if !errors.is_empty() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    res
}

fn month_of(q: &HashMap<String, String>, state: &AppState) -> Month {
    q.get("maned").and_then(|m| Month::parse(m.trim())).unwrap_or_else(|| Month::of(state.clock.today()))
}

pub(crate) async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    match office(&state, &viewer, q.get("kontor")).await {
        Ok(Some(o)) => page(&state, &viewer, o, month_of(&q, &state), None, &HashMap::new()).await,
        Ok(None) => no_office(&viewer, q.get("kontor")),
        Err(e) => {
            tracing::error!(error = %e, "office lookup failed");
            internal_error()
        }
    }
}

pub(crate) async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Response {
    let office = match office(&state, &viewer, form.get("kontor")).await {
        Ok(Some(o)) => o,
        Ok(None) => return no_office(&viewer, form.get("kontor")),
        Err(e) => {
            tracing::error!(error = %e, "office lookup failed");
            return internal_error();
        }
    };
    let Some(month) = form.get("maned").and_then(|m| Month::parse(m.trim())) else {
        return super::message(StatusCode::UNPROCESSABLE_ENTITY, "Ugyldig måned", "Velg en måned.");
    };
    let mut errors = HashMap::new();
    let mut wanted = Vec::new();
    for k in MeasureKind::ALL {
        let text = form.get(&format!("max_{}", k.code())).map(|s| s.trim()).unwrap_or_default();
        if text.is_empty() {
            wanted.push((*k, None));
            continue;
        }
        match text.parse::<u32>() {
            Ok(n) if n <= MAX_QUOTA => wanted.push((*k, Some(n))),
            _ => {
                errors.insert(k.code(), format!("Skriv et helt tall fra 0 til {MAX_QUOTA}, eller la feltet stå tomt."));
            }
        }
    }
    if !errors.is_empty() {
        return page(&state, &viewer, office, month, Some(&form), &errors).await;
    }
    let saved = async {
        let before = state.db.measure_quotas(&office, month).await?;
        let changed: Vec<_> =
            wanted.into_iter().filter(|(k, max)| before.iter().find(|q| q.kind == *k).map(|q| q.max) != *max).collect();
        if changed.is_empty() {
            return Ok(());
        }
        let mut tx = state.db.begin().await?;
        for (k, max) in &changed {
            tx.set_measure_quota(&office, *k, month, *max).await?;
        }
        let fields: Vec<&str> = changed.iter().map(|(k, _)| k.code()).collect();
        let record = format!("{office}/{month}");
        tx.audit(&entry(&state, &viewer, "update", ("measure_quota", &record), &fields)).await?;
        tx.commit().await
    }
    .await;
    if let Err(e) = saved {
        tracing::error!(error = %e, "could not save quotas");
        return internal_error();
    }
    let kontor = if viewer.has(Role::Admin) { format!("&kontor={office}") } else { String::new() };
    Redirect::to(&format!("/admin/kvoter?maned={month}{kontor}")).into_response()
}
