//! What every form handler shares: the form extractor that checks the session's CSRF token,
//! the error pages handlers answer with, an audited write, and fresh ids for records made
//! in Jobbvei.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jobbvei_store::{AuditEntry, StoreError, Tx};

use crate::AppState;
use crate::auth::Viewer;
use crate::auth::secret::{new_token, same};
use crate::layout::error_page;
use crate::workplace::entry;

/// Whether the form carries the viewer's session CSRF token (API tokens have none).
pub(crate) fn csrf_ok(v: &Viewer, form: &HashMap<String, String>) -> bool {
    v.csrf.as_deref().is_some_and(|c| form.get("csrf").is_some_and(|f| same(c, f)))
}

/// A posted form whose CSRF token matched the session's. A form with a stale token is
/// answered with a page that sends what was typed again, so nothing is lost.
pub(crate) struct CsrfForm(pub HashMap<String, String>);

impl FromRequest<AppState> for CsrfForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let viewer = req.extensions().get::<Viewer>().cloned();
        let path = req.uri().path().to_owned();
        let raw = Bytes::from_request(req, state).await.map_err(IntoResponse::into_response)?;
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let fields = parse(&raw).await;
        let Some(viewer) = viewer else { return Err(expired_form()) };
        if csrf_ok(&viewer, &fields) {
            return Ok(CsrfForm(fields));
        }
        match (crate::auth::draft::safe_path(&path), viewer.csrf.as_deref()) {
            (Some(action), Some(csrf)) => Err(crate::auth::draft::resubmit(&action, &raw, csrf, false).await),
            _ => Err(expired_form()),
        }
    }
}

/// The fields of a URL-encoded body; the last of a repeated name wins, like axum's `Form`.
async fn parse(raw: &str) -> HashMap<String, String> {
    crate::auth::draft::decode(raw).await.into_iter().collect()
}

pub(crate) fn expired_form() -> Response {
    error_page(
        StatusCode::FORBIDDEN,
        "Skjemaet var utløpt",
        "Skjemaet var utløpt. Gå tilbake, last siden på nytt og prøv igjen.",
    )
}

/// An error page with one message; `title` and `text` are fixed texts, never user input.
pub(crate) fn message(status: StatusCode, title: &'static str, text: &str) -> Response {
    error_page(status, title, text)
}

/// What a page handler can fail with. Each answer is an error page in the common layout;
/// an internal error is logged here and shown without detail.
#[derive(Debug)]
pub(crate) enum PageError {
    NotFound(&'static str),
    Forbidden(&'static str),
    /// Someone else changed the record first (409).
    Conflict(&'static str),
    /// A request the page could not have sent, such as a download link with a bad date (422).
    Invalid(&'static str),
    Internal(String),
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        PageError::Internal(e.to_string())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::NotFound(what) => error_page(StatusCode::NOT_FOUND, "Fant ikke siden", what),
            PageError::Forbidden(why) => error_page(StatusCode::FORBIDDEN, "Ingen tilgang", why),
            PageError::Conflict(what) => error_page(StatusCode::CONFLICT, "Endret av en annen", what),
            PageError::Invalid(what) => error_page(StatusCode::UNPROCESSABLE_ENTITY, "Ugyldig forespørsel", what),
            PageError::Internal(e) => {
                tracing::error!(error = %e, "page failed");
                crate::pages::internal_error()
            }
        }
    }
}

/// A change and its audit entries, written in one transaction: either both are stored or
/// neither is.
pub(crate) struct Change<'a> {
    state: &'a AppState,
    viewer: &'a Viewer,
    tx: Tx,
}

impl<'a> Change<'a> {
    pub(crate) async fn begin(state: &'a AppState, viewer: &'a Viewer) -> Result<Change<'a>, PageError> {
        Ok(Change { state, viewer, tx: state.db.begin().await? })
    }

    pub(crate) fn tx(&mut self) -> &mut Tx {
        &mut self.tx
    }

    /// Records who did `action` on which record and the names (never the values) of the fields.
    pub(crate) async fn audit(&mut self, action: &str, record: (&str, &str), fields: &[&str]) -> Result<(), PageError> {
        let e: AuditEntry = entry(self.state, self.viewer, action, record, fields);
        Ok(self.tx.audit(&e).await?)
    }

    pub(crate) async fn commit(self) -> Result<(), PageError> {
        Ok(self.tx.commit().await?)
    }
}

/// A new record id with a readable prefix and 16 random hex digits (`a-1f…`).
pub(crate) fn new_id(prefix: &str) -> Option<String> {
    new_token().ok().and_then(|t| t.get(..16).map(|h| format!("{prefix}-{h}")))
}
