//! The files the pages load, embedded in the binary so nothing is fetched from elsewhere at run
//! time: Aksel's CSS (`@navikt/ds-css`) and the Source Sans 3 fonts, vendored under `static/` by
//! `scripts/refresh-aksel.sh` at pinned versions; Jobbvei's own stylesheet and script; the icon.
//! Pages link them with a content hash in the query (`?v=…`), so they can be cached for a year
//! and a new build is still fetched at once.

use std::sync::LazyLock;

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

const AKSEL_CSS: &str = include_str!("../static/aksel/aksel.min.css");
const JOBBVEI_CSS: &str = include_str!("../static/jobbvei.css");
const JOBBVEI_JS: &str = include_str!("../static/jobbvei.js");
const FAVICON: &[u8] = include_bytes!("../static/favicon.ico");

/// The font files jobbvei.css declares (`@font-face`), by the name in their URL.
const FONTS: &[(&str, &[u8])] = &[
    ("source-sans-3-latin-400-normal.woff2", include_bytes!("../static/fonts/source-sans-3-latin-400-normal.woff2")),
    ("source-sans-3-latin-400-italic.woff2", include_bytes!("../static/fonts/source-sans-3-latin-400-italic.woff2")),
    ("source-sans-3-latin-600-normal.woff2", include_bytes!("../static/fonts/source-sans-3-latin-600-normal.woff2")),
    ("source-sans-3-latin-700-normal.woff2", include_bytes!("../static/fonts/source-sans-3-latin-700-normal.woff2")),
];

/// A year: every URL the pages use carries the file's hash, so a changed file has a new URL.
const LONG_CACHE: &str = "public, max-age=31536000, immutable";

fn asset(content_type: &'static str, body: &'static [u8]) -> Response {
    ([(CONTENT_TYPE, content_type), (CACHE_CONTROL, LONG_CACHE)], body).into_response()
}

pub(crate) async fn aksel_css() -> Response {
    asset("text/css; charset=utf-8", AKSEL_CSS.as_bytes())
}

pub(crate) async fn jobbvei_css() -> Response {
    asset("text/css; charset=utf-8", JOBBVEI_CSS.as_bytes())
}

pub(crate) async fn jobbvei_js() -> Response {
    asset("text/javascript; charset=utf-8", JOBBVEI_JS.as_bytes())
}

pub(crate) async fn favicon() -> Response {
    asset("image/x-icon", FAVICON)
}

pub(crate) async fn font_400_normal() -> Response {
    font("source-sans-3-latin-400-normal.woff2")
}

pub(crate) async fn font_400_italic() -> Response {
    font("source-sans-3-latin-400-italic.woff2")
}

pub(crate) async fn font_600_normal() -> Response {
    font("source-sans-3-latin-600-normal.woff2")
}

pub(crate) async fn font_700_normal() -> Response {
    font("source-sans-3-latin-700-normal.woff2")
}

/// One of [`FONTS`] by its file name (the router has a route for each).
fn font(file: &str) -> Response {
    match FONTS.iter().find(|(name, _)| *name == file) {
        Some((_, body)) => asset("font/woff2", body),
        None => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}

struct Hashes {
    aksel_css: String,
    jobbvei_css: String,
    jobbvei_js: String,
}

static HASHES: LazyLock<Hashes> = LazyLock::new(|| Hashes {
    aksel_css: short_hash(AKSEL_CSS.as_bytes()),
    jobbvei_css: short_hash(JOBBVEI_CSS.as_bytes()),
    jobbvei_js: short_hash(JOBBVEI_JS.as_bytes()),
});

fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// The URL of Aksel's stylesheet as the pages link it.
pub(crate) fn aksel_css_href() -> String {
    format!("/static/aksel.css?v={}", HASHES.aksel_css)
}

/// The URL of Jobbvei's stylesheet as the pages link it.
pub(crate) fn jobbvei_css_href() -> String {
    format!("/static/jobbvei.css?v={}", HASHES.jobbvei_css)
}

/// The URL of Jobbvei's script as the pages load it.
pub(crate) fn jobbvei_js_href() -> String {
    format!("/static/jobbvei.js?v={}", HASHES.jobbvei_js)
}
