//! axum answers a request it cannot read by itself: a query, form or path that does not
//! deserialize, or a body of another type than the handler takes. Its answer is English,
//! technical `text/plain` ("Failed to deserialize query string: …"). A page says it in
//! Norwegian inside the layout; the API keeps axum's words, which describe the caller's
//! input, but as `application/problem+json` like every other API error.

use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use crate::problem::Problem;

/// The statuses of axum's extractor rejections. 413 has its own page (`headers`).
const REFUSALS: [StatusCode; 3] =
    [StatusCode::BAD_REQUEST, StatusCode::UNSUPPORTED_MEDIA_TYPE, StatusCode::UNPROCESSABLE_ENTITY];

/// axum's own text is never more than a line; a longer body gets a general sentence instead.
const MAX_DETAIL_BYTES: usize = 2048;

/// Whether `res` is axum's own refusal: every page and API error of Jobbvei is HTML or
/// problem+json, so a plain-text client error comes from an extractor.
pub(crate) fn is_axums(res: &Response) -> bool {
    REFUSALS.contains(&res.status())
        && res.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/plain"))
}

/// The refusal as an error page of the layout.
pub(crate) fn page(status: StatusCode) -> Response {
    crate::layout::error_page(
        status,
        "Ugyldig forespørsel",
        "Jobbvei kunne ikke lese adressen eller skjemaet. Gå tilbake og prøv igjen. Ble adressen skrevet inn for \
         hånd, bruk lenkene i Jobbvei i stedet.",
    )
}

/// The refusal as problem+json, with axum's text as its detail.
pub(crate) async fn problem(res: Response) -> Response {
    let status = res.status();
    let detail = match axum::body::to_bytes(res.into_body(), MAX_DETAIL_BYTES).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => "The request could not be read.".to_owned(),
    };
    Problem { status, title: status.canonical_reason().unwrap_or("Bad Request"), detail }.into_response()
}

/// Whether an address (path and query, as sent) encodes a NUL character.
pub(crate) fn holds_nul(path_and_query: &str) -> bool {
    path_and_query.as_bytes().windows(3).any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0')
}

/// The page for an address with a NUL character: no id or search holds one (PostgreSQL
/// cannot store it), and no keyboard types it. Forms' fields get a message of their own.
pub(crate) fn nul_page() -> Response {
    crate::layout::error_page(
        StatusCode::BAD_REQUEST,
        "Ugyldig tegn",
        "Adressen inneholdt et tegn Jobbvei ikke kan lese (et nulltegn). Bruk lenkene i Jobbvei i stedet.",
    )
}

/// The API's answer to an address with a NUL character.
pub(crate) fn nul_problem() -> Response {
    Problem {
        status: StatusCode::BAD_REQUEST,
        title: "Bad Request",
        detail: "The address holds a NUL character (%00), which no id or value may contain.".into(),
    }
    .into_response()
}
