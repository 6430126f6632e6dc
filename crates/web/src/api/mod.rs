//! The JSON API under `/api/v1/`: the same records as the exchange format, the same access
//! rules as the pages, errors as `application/problem+json`, described at
//! `/api/openapi.json`. Callers authenticate with a session or a personal API token.

mod lists;
pub mod openapi;
mod records;
mod rules;
mod write;

pub(crate) use lists::*;
pub(crate) use records::*;
pub(crate) use write::*;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::problem::Problem;

/// A JSON body from a string of exchange-format JSON, or an array of them.
pub(crate) fn json(body: String) -> Response {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response()
}

pub(crate) fn not_found(what: &'static str) -> Response {
    Problem { status: StatusCode::NOT_FOUND, title: "Not Found", detail: format!("No such {what}.") }.into_response()
}

pub(crate) fn internal() -> Response {
    Problem {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        title: "Internal Server Error",
        detail: "Something went wrong.".into(),
    }
    .into_response()
}

/// 422 with every field error, as `errors: [{field, message}]` and joined in `detail`.
pub(crate) fn invalid(errors: Vec<(String, String)>) -> Response {
    let detail = errors.iter().map(|(f, m)| format!("{f}: {m}")).collect::<Vec<_>>().join("; ");
    let body = serde_json::json!({
        "type": "about:blank", "title": "Unprocessable Content", "status": 422, "detail": detail,
        "errors": errors.iter().map(|(f, m)| serde_json::json!({"field": f, "message": m})).collect::<Vec<_>>(),
    });
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        [(axum::http::header::CONTENT_TYPE, "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}

/// `?limit=&offset=` with a default page of 100 and at most 1,000.
#[derive(serde::Deserialize, Default)]
pub(crate) struct Page {
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    pub q: Option<String>,
}

impl Page {
    pub fn limit(&self) -> i64 {
        self.limit.unwrap_or(100).clamp(1, 1000)
    }

    pub fn offset(&self) -> i64 {
        self.offset.unwrap_or(0).max(0)
    }
}

/// A record as the API shows it: the exchange object, with the fødselsnummer masked.
pub(crate) fn record(r: &jobbvei_exchange::Record) -> Option<Value> {
    let mut v: Value = serde_json::from_str(&jobbvei_exchange::record_json(r)?).ok()?;
    if let (jobbvei_exchange::Record::Participant(p), Some(o)) = (r, v.as_object_mut()) {
        o.insert("fnr".into(), Value::from(p.fnr.masked()));
    }
    Some(v)
}
