//! Errors of the JSON API as `application/problem+json` (RFC 9457).

use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

pub struct Problem {
    pub status: StatusCode,
    pub title: &'static str,
    pub detail: String,
}

impl Problem {
    pub fn unauthorized() -> Problem {
        Problem {
            status: StatusCode::UNAUTHORIZED,
            title: "Unauthorized",
            detail: "Sign in, or send a personal API token as Authorization: Bearer TOKEN.".into(),
        }
    }

    pub fn forbidden() -> Problem {
        Problem { status: StatusCode::FORBIDDEN, title: "Forbidden", detail: "Your roles do not allow this.".into() }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "type": "about:blank", "title": self.title, "status": self.status.as_u16(), "detail": self.detail,
        });
        (self.status, [(CONTENT_TYPE, "application/problem+json")], body.to_string()).into_response()
    }
}
