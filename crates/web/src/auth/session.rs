//! Who is asking. A browser carries a session cookie (a random token whose hash is stored,
//! ended after 30 minutes idle and 12 hours after sign-in whatever the use); a script carries
//! `Authorization: Bearer TOKEN`. Both are checked against the account on every request, so
//! disabling a user or revoking a token takes effect at once.

use axum::extract::FromRequestParts;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Duration;
use jobbvei_domain::{Role, User};

use super::secret::token_hash;
use crate::AppState;
use crate::problem::Problem;

pub const IDLE_MINUTES: i64 = 30;
/// A session ends this long after sign-in however busy it is: a stolen cookie is worth a
/// working day at most.
pub const MAX_SESSION_HOURS: i64 = 12;
/// A session's last use is written at most this often, to spare the database.
const TOUCH_SECONDS: i64 = 60;

/// The signed-in user of a request.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user: User,
    /// The session's CSRF token; `None` for API tokens, which forms never carry.
    pub csrf: Option<String>,
    pub session_hash: Option<String>,
    /// Unread notices, for the page header; 0 for API tokens, which see no pages.
    pub unread: i64,
    /// The stamp of what the caseload reads of the user's courses, from the session's own
    /// statement; `None` for API tokens, whose requests keep nothing.
    pub case_stamp: Option<i64>,
}

impl Viewer {
    pub fn has(&self, role: Role) -> bool {
        self.user.roles.contains(&role)
    }

    /// The role shown in the audit log: the first the user holds.
    pub fn role_code(&self) -> Option<String> {
        self.user.roles.first().map(|r| r.code().to_owned())
    }
}

pub fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts.headers.get_all(COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == name).then(|| v.to_owned())
    })
}

/// The viewer of a request, if any; an idle or too old session is ended on the spot.
pub async fn viewer(state: &AppState, parts: &Parts) -> Option<Viewer> {
    let now = state.clock.now();
    if let Some(bearer) =
        parts.headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "))
    {
        return match state.db.user_by_api_token(&token_hash(bearer.trim()), now).await {
            Ok(Some(user)) => Some(Viewer { user, csrf: None, session_hash: None, unread: 0, case_stamp: None }),
            Ok(None) => None,
            Err(e) => {
                tracing::error!(error = %e, "token lookup failed");
                None
            }
        };
    }
    let hash = token_hash(&cookie(parts, state.guard.session_cookie())?);
    let jobbvei_store::StoredSession { user, csrf, created_at, last_seen_at: last_seen, unread, case_stamp } =
        match state.db.session(&hash).await {
            Ok(Some(found)) => found,
            Ok(None) => return None,
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                return None;
            }
        };
    if now - last_seen > Duration::minutes(IDLE_MINUTES) || now - created_at >= Duration::hours(MAX_SESSION_HOURS) {
        if let Ok(mut tx) = state.db.begin().await {
            let ended = tx.delete_session(&hash).await.is_ok() && tx.commit().await.is_ok();
            if !ended {
                tracing::warn!("could not end an expired session");
            }
        }
        return None;
    }
    if now - last_seen > Duration::seconds(TOUCH_SECONDS)
        && let Err(e) = state.db.touch_session(&hash, now).await
    {
        tracing::warn!(error = %e, "could not record session use");
    }
    let unread = if crate::notify::receives(&user) { unread } else { 0 };
    Some(Viewer { user, csrf: Some(csrf), session_hash: Some(hash), unread, case_stamp: Some(case_stamp) })
}

/// What a request without a signed-in user gets: the login page, or 401 on the API.
pub struct NotSignedIn {
    pub(crate) api: bool,
}

impl IntoResponse for NotSignedIn {
    fn into_response(self) -> Response {
        if self.api { Problem::unauthorized().into_response() } else { Redirect::to("/logg-inn").into_response() }
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = NotSignedIn;

    /// The access layer has already found the viewer of every route that needs one.
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(v) = parts.extensions.get::<Viewer>() {
            return Ok(v.clone());
        }
        let api = parts.uri.path().starts_with("/api/");
        let found = viewer(state, parts).await.ok_or(NotSignedIn { api })?;
        crate::layout::set_viewer(&found);
        Ok(found)
    }
}

/// A viewer if there is one, for pages anyone may see.
pub struct MaybeViewer(pub Option<Viewer>);

impl FromRequestParts<AppState> for MaybeViewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(v) = parts.extensions.get::<Viewer>() {
            return Ok(MaybeViewer(Some(v.clone())));
        }
        let found = viewer(state, parts).await;
        if let Some(v) = &found {
            crate::layout::set_viewer(v);
        }
        Ok(MaybeViewer(found))
    }
}
