//! Jobbvei's web server. For now: the start page, the stylesheet and `/healthz`;
//! the workplace pages and the JSON API build on this router.
//!
//! Handlers never show an internal error: they log it and answer with a plain page.

pub mod auth;
mod headers;
mod pages;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use jobbvei_domain::time::Clock;
use jobbvei_store::Db;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::start))
        .route("/healthz", get(pages::healthz))
        .route("/hjelp/kpi", get(pages::kpi_help))
        .route("/static/jobbvei.css", get(pages::stylesheet))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn(headers::security_headers))
        .with_state(state)
}

/// Serves until Ctrl-C or SIGTERM.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown()).await
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}

#[cfg(test)]
mod tests;
