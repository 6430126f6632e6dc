//! The start page, the health check and the stylesheet.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::AppState;

#[derive(Template)]
#[template(path = "start.html")]
struct StartPage {
    today: String,
}

pub(crate) async fn start(State(state): State<AppState>) -> Response {
    let page = StartPage { today: state.clock.today().format("%d.%m.%Y").to_string() };
    render(&page)
}

struct RuleView {
    code: &'static str,
    id: String,
    name: &'static str,
    text: &'static str,
    ideal: &'static str,
}

#[derive(Template)]
#[template(path = "kpi_help.html")]
struct KpiHelpPage {
    common: &'static [&'static str],
    done: &'static str,
    rules: Vec<RuleView>,
}

/// `/hjelp/kpi`: every KPI rule in plain Norwegian, from the same texts the code uses.
pub(crate) async fn kpi_help() -> Response {
    use jobbvei_domain::kpi::rules::{COMMON_TEXT, DONE_TEXT, RULES};
    let rules = RULES
        .iter()
        .map(|r| RuleView { code: r.kpi.code(), id: r.id(), name: r.name, text: r.text, ideal: r.ideal })
        .collect();
    render(&KpiHelpPage { common: COMMON_TEXT, done: DONE_TEXT, rules })
}

pub(crate) async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Html("<!doctype html><html lang=\"nb\"><title>Fant ikke siden</title><p>Fant ikke siden.</p></html>"),
    )
        .into_response()
}

/// 200 when the database answers, 503 otherwise; the body never says why in detail.
pub(crate) async fn healthz(State(state): State<AppState>) -> Response {
    let engine = match state.db.engine() {
        jobbvei_store::Engine::Sqlite => "sqlite",
        jobbvei_store::Engine::Postgres => "postgres",
    };
    match state.db.health().await {
        Ok(()) => axum::Json(serde_json::json!({"status": "ok", "database": engine})).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, axum::Json(serde_json::json!({"status": "unavailable"}))).into_response()
        }
    }
}

pub(crate) async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], include_str!("../static/jobbvei.css")).into_response()
}

fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, Html("<!doctype html><p>Noe gikk galt. Prøv igjen.</p>"))
                .into_response()
        }
    }
}
