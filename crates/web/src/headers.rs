//! Security headers on every response: no inline script or style, no framing, no sniffing;
//! and HSTS when Jobbvei is reached over https.

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self' data:; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// Largest request body accepted: forms are small; anything bigger is refused whole.
pub(crate) const MAX_BODY_BYTES: usize = 256 * 1024;

pub(crate) async fn security_headers(State(state): State<crate::AppState>, req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    // The API answers its own 413 as problem+json, like every other API error.
    if res.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE && !api {
        // axum's own text is English and technical; say it plainly, in Norwegian.
        res = (
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            axum::response::Html(
                "<!doctype html><html lang=\"nb\"><title>For mye tekst</title><p>Skjemaet inneholdt for mye tekst \
                 og ble ikke lagret. Gå tilbake, kort ned teksten og prøv igjen.</p></html>",
            ),
        )
            .into_response();
    }
    let h = res.headers_mut();
    h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if state.guard.https {
        h.insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(crate::auth::guard::HSTS));
    }
    res
}
