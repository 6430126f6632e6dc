//! What every form handler shares: the session's CSRF check, the page for an expired form,
//! a plain one-message page, and fresh ids for records made in Jobbvei.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::auth::Viewer;
use crate::auth::secret::{new_token, same};

/// Whether the form carries the viewer's session CSRF token (API tokens have none).
pub(crate) fn csrf_ok(v: &Viewer, form: &HashMap<String, String>) -> bool {
    v.csrf.as_deref().is_some_and(|c| form.get("csrf").is_some_and(|f| same(c, f)))
}

pub(crate) fn expired_form() -> Response {
    (StatusCode::FORBIDDEN, "Skjemaet var utløpt. Gå tilbake, last siden på nytt og prøv igjen.").into_response()
}

/// A plain page with one message; `title` and `text` are fixed texts, never user input.
pub(crate) fn message(status: StatusCode, title: &str, text: &str) -> Response {
    let html = format!("<!doctype html><html lang=\"nb\"><title>{title}</title><p>{text}</p></html>");
    (status, Html(html)).into_response()
}

/// A new record id with a readable prefix and 16 random hex digits (`a-1f…`).
pub(crate) fn new_id(prefix: &str) -> Option<String> {
    new_token().ok().and_then(|t| t.get(..16).map(|h| format!("{prefix}-{h}")))
}
