//! Nothing typed is lost to an expired session or form. A form posted after the session
//! ended comes back as the login page carrying what was typed; after signing in, or when
//! only the form's token had expired, the user gets the same form data back on a page
//! that sends it again with a fresh token. A page asked for while signed out is opened
//! again after signing in.

use askama::Template;
use axum::body::{Body, to_bytes};
use axum::extract::FromRequest;
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::{Method, Request, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use super::session::NotSignedIn;
use crate::AppState;
use crate::headers::MAX_BODY_BYTES;
use crate::pages::render;

/// What to do with a request that needs a signed-in user and has none.
pub(crate) async fn signed_out(state: &AppState, parts: Parts, body: Body) -> Response {
    let path = parts.uri.path().to_owned();
    if path.starts_with("/api/") {
        return NotSignedIn { api: true }.into_response();
    }
    if parts.method != Method::POST {
        return match safe_path(&path) {
            Some(p) => Redirect::to(&format!("/logg-inn?neste={p}")).into_response(),
            None => Redirect::to("/logg-inn").into_response(),
        };
    }
    let is_form = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let draft = match to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) if is_form => String::from_utf8(bytes.to_vec()).ok().map(|raw| without_token(&raw)),
        _ => None,
    };
    let draft = draft.zip(safe_path(&path)).filter(|_| path != "/logg-ut");
    super::login::login_page_with(
        &state.guard,
        StatusCode::UNAUTHORIZED,
        super::login::Return { draft, next: None },
        state.oidc.is_some(),
    )
}

/// A same-site path made of plain characters, safe to put in a link or a form action.
pub(crate) fn safe_path(path: &str) -> Option<String> {
    let plain = path.starts_with('/')
        && !path.starts_with("//")
        && path.len() <= 200
        && path.chars().all(|c| c.is_ascii_alphanumeric() || "/-_.".contains(c));
    plain.then(|| path.to_owned())
}

/// The form body with its old CSRF token left out.
fn without_token(raw: &str) -> String {
    raw.split('&').filter(|pair| !pair.starts_with("csrf=")).collect::<Vec<_>>().join("&")
}

#[derive(Template)]
#[template(path = "resubmit.html")]
struct ResubmitPage {
    action: String,
    csrf: String,
    fields: Vec<(String, String)>,
    signed_in_again: bool,
}

/// The page that sends a kept form again to `action` with the session's token.
pub(crate) async fn resubmit(action: &str, raw: &str, csrf: &str, signed_in_again: bool) -> Response {
    let fields = decode(raw).await.into_iter().filter(|(k, _)| k != "csrf").collect();
    let page = ResubmitPage { action: action.to_owned(), csrf: csrf.to_owned(), fields, signed_in_again };
    let mut res = render(&page);
    if !signed_in_again {
        *res.status_mut() = StatusCode::FORBIDDEN;
    }
    res
}

/// The fields of a URL-encoded form body, by the same decoder the handlers use.
pub(crate) async fn decode(raw: &str) -> Vec<(String, String)> {
    let req = Request::builder()
        .method(Method::POST)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(raw.to_owned()));
    let Ok(req) = req else { return Vec::new() };
    match axum::Form::<Vec<(String, String)>>::from_request(req, &()).await {
        Ok(axum::Form(fields)) => fields,
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_are_kept() {
        assert_eq!(safe_path("/deltaker/p-1a/profil").as_deref(), Some("/deltaker/p-1a/profil"));
        assert_eq!(safe_path("//evil.example"), None);
        assert_eq!(safe_path("/x?y=1"), None);
        assert_eq!(safe_path("relative"), None);
    }

    #[test]
    fn the_old_token_is_dropped() {
        assert_eq!(without_token("csrf=abc&note=hei+du&x=1"), "note=hei+du&x=1");
    }

    #[tokio::test]
    async fn a_kept_form_decodes_as_typed() {
        let fields = decode("note=Bl%C3%A5b%C3%A6r+og+%26&csrf=old&x=").await;
        let expected = [("note", "Blåbær og &"), ("csrf", "old"), ("x", "")].map(|(k, v)| (k.to_owned(), v.to_owned()));
        assert_eq!(fields, expected.to_vec());
    }
}
