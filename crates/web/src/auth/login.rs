//! `/logg-inn` and `/logg-ut`. An unknown username, a wrong password and a disabled account
//! get the same answer and take the same time. Failures are throttled per client address and
//! per username from that address ([`super::throttle`]), never per account, so nobody can lock
//! someone else out from afar. Every attempt is audited.

use askama::Template;
use axum::Form;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_store::AuditEntry;
use serde::Deserialize;

use super::draft::{self, safe_path};
use super::guard::Guard;
use super::secret::{dummy_hash, new_token, same, token_hash, verify_password};
use super::session::{Viewer, cookie};
use crate::AppState;
use crate::pages::{internal_error, render};

/// The client's address, when the server knows it (see [`Guard::client_ip`]).
pub struct ClientIp(pub Option<String>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(state.guard.client_ip(parts)))
    }
}

/// The login form's own token, from its cookie.
pub struct LoginToken(Option<String>);

impl FromRequestParts<AppState> for LoginToken {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(LoginToken(cookie(parts, state.guard.login_cookie())))
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    csrf: String,
    username: String,
    error: Option<&'static str>,
    /// Whether to offer sign-in with a NAV account (OIDC).
    oidc: bool,
    back: Return,
}

/// Where to go after signing in: a kept form (its URL-encoded fields and action) or a page.
#[derive(Default)]
pub(crate) struct Return {
    pub draft: Option<(String, String)>,
    pub next: Option<String>,
}

pub(super) fn login_page(
    guard: &Guard,
    status: StatusCode,
    username: String,
    error: Option<&'static str>,
    oidc: bool,
) -> Response {
    page(guard, status, username, error, oidc, Return::default())
}

/// The login page that brings the user back to a kept form or a page afterwards.
pub(crate) fn login_page_with(guard: &Guard, status: StatusCode, back: Return, oidc: bool) -> Response {
    let note = back.draft.as_ref().map(|_| SESSION_ENDED);
    page(guard, status, String::new(), note, oidc, back)
}

fn page(
    guard: &Guard,
    status: StatusCode,
    username: String,
    error: Option<&'static str>,
    oidc: bool,
    back: Return,
) -> Response {
    let Ok(csrf) = new_token() else { return internal_error() };
    let mut res = render(&LoginPage { csrf: csrf.clone(), username, error, oidc, back });
    *res.status_mut() = status;
    if let Some(h) = guard.cookie_header(guard.login_cookie(), &csrf, None) {
        res.headers_mut().append(SET_COOKIE, h);
    }
    res
}

#[derive(Deserialize)]
pub struct ShowQuery {
    neste: Option<String>,
}

pub async fn show(State(state): State<AppState>, Query(q): Query<ShowQuery>) -> Response {
    let next = q.neste.as_deref().and_then(safe_path);
    page(&state.guard, StatusCode::OK, String::new(), None, state.oidc.is_some(), Return { draft: None, next })
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    brukernavn: String,
    #[serde(default)]
    passord: String,
    #[serde(default)]
    csrf: String,
    /// A form kept from an expired session, and where it was going.
    #[serde(default)]
    utkast: String,
    #[serde(default)]
    utkast_til: String,
    #[serde(default)]
    neste: String,
}

const WRONG: &str = "Feil brukernavn eller passord.";
const LOCKED: &str = "For mange mislykkede forsøk. Vent litt, og prøv igjen senere.";
const EXPIRED: &str = "Skjemaet var utløpt. Prøv igjen.";
const SESSION_ENDED: &str = "Økten din gikk ut. Logg inn igjen, så kan du sende det du skrev.";

pub async fn submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    LoginToken(token): LoginToken,
    Form(form): Form<LoginForm>,
) -> Response {
    // No username holds a control character; a NUL would not even reach PostgreSQL's audit.
    let username: String = form.brukernavn.trim().chars().filter(|c| !c.is_control()).take(100).collect();
    let oidc = state.oidc.is_some();
    let back = || Return {
        draft: safe_path(&form.utkast_til).map(|to| (form.utkast.clone(), to)).filter(|(d, _)| !d.is_empty()),
        next: safe_path(&form.neste),
    };
    let guard = &state.guard;
    let login_page = |status, username, error, oidc| page(guard, status, username, error, oidc, back());
    if !token.is_some_and(|t| same(&t, &form.csrf)) {
        return login_page(StatusCode::FORBIDDEN, username, Some(EXPIRED), oidc);
    }
    let now = state.clock.now();
    let audit = |user_id: Option<String>, role: Option<String>, outcome: &str| AuditEntry {
        at: now,
        user_id,
        username: Some(username.clone()),
        role,
        action: "login".into(),
        record_type: None,
        record_id: None,
        fields: Vec::new(),
        ip: ip.clone(),
        outcome: outcome.into(),
    };
    // Asked before the account is looked up, so the wait says nothing about the account.
    let wait = match guard.throttle.wait(&state.db, ip.as_deref(), &username, now).await {
        Ok(w) => w,
        Err(e) => {
            tracing::error!(error = %e, "throttle lookup failed");
            return internal_error();
        }
    };
    if let Some(wait) = wait {
        record(&state, audit(None, None, "throttled")).await;
        let mut res = login_page(StatusCode::TOO_MANY_REQUESTS, username, Some(LOCKED), oidc);
        let seconds = wait.num_seconds().max(1);
        if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
            res.headers_mut().insert(RETRY_AFTER, v);
        }
        return res;
    }
    let credential = match state.db.credential(&username).await {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "credential lookup failed");
            return internal_error();
        }
    };
    let phc = credential.as_ref().map_or_else(|| dummy_hash().to_owned(), |c| c.password_hash.clone());
    let password = form.passord;
    // argon2 is deliberately slow: it runs off the async workers.
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &phc)).await.unwrap_or(false);
    let refusal = match &credential {
        None => Some((None, None, "failed")),
        Some(c) => {
            let (id, role) = (Some(c.user.id.as_str().to_owned()), c.user.roles.first().map(|r| r.code().to_owned()));
            if !matches {
                Some((id, role, "failed"))
            } else if c.disabled {
                Some((id, role, "disabled"))
            } else {
                None
            }
        }
    };
    let Some(credential) = credential.filter(|_| refusal.is_none()) else {
        let (id, role, outcome) = refusal.unwrap_or((None, None, "failed"));
        if let Err(e) = guard.throttle.failed(&state.db, ip.as_deref(), &username, now).await {
            tracing::error!(error = %e, "could not count a failed sign-in");
        }
        record(&state, audit(id, role, outcome)).await;
        return login_page(StatusCode::UNAUTHORIZED, username, Some(WRONG), oidc);
    };
    if let Err(e) = guard.throttle.succeeded(&state.db, ip.as_deref(), &username).await {
        tracing::error!(error = %e, "could not clear failed sign-ins");
    }
    let user_id = credential.user.id.as_str().to_owned();
    let role = credential.user.roles.first().map(|r| r.code().to_owned());
    let (Ok(session), Ok(csrf)) = (new_token(), new_token()) else { return internal_error() };
    let started = async {
        let mut tx = state.db.begin().await?;
        tx.create_session(&token_hash(&session), &user_id, &csrf, now).await?;
        tx.audit(&audit(Some(user_id.clone()), role.clone(), "ok")).await?;
        tx.commit().await
    }
    .await;
    if let Err(e) = started {
        tracing::error!(error = %e, "could not start a session");
        return internal_error();
    }
    tracing::info!(user = %user_id, "signed in");
    let back = back();
    let mut res = match (back.draft, back.next) {
        (Some((draft, to)), _) => draft::resubmit(&to, &draft, &csrf, true).await,
        (None, Some(next)) => Redirect::to(&next).into_response(),
        (None, None) => Redirect::to("/").into_response(),
    };
    let cookies = [
        guard.cookie_header(guard.session_cookie(), &session, None),
        guard.cookie_header(guard.login_cookie(), "", Some(0)),
    ];
    for h in cookies.into_iter().flatten() {
        res.headers_mut().append(SET_COOKIE, h);
    }
    res
}

/// Writes a failed or refused attempt.
async fn record(state: &AppState, entry: AuditEntry) {
    let written = async {
        let mut tx = state.db.begin().await?;
        tx.audit(&entry).await?;
        tx.commit().await
    }
    .await;
    if let Err(e) = written {
        tracing::error!(error = %e, "could not record a login attempt");
    }
    tracing::warn!(outcome = %entry.outcome, "sign-in refused");
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    viewer: Viewer,
    Form(form): Form<CsrfForm>,
) -> Response {
    if !viewer.csrf.as_deref().is_some_and(|c| same(c, &form.csrf)) {
        return crate::forms::expired_form();
    }
    let ended = async {
        let mut tx = state.db.begin().await?;
        if let Some(hash) = &viewer.session_hash {
            tx.delete_session(hash).await?;
        }
        tx.audit(&AuditEntry {
            at: state.clock.now(),
            user_id: Some(viewer.user.id.as_str().to_owned()),
            username: viewer.user.username.clone(),
            role: viewer.role_code(),
            action: "logout".into(),
            record_type: None,
            record_id: None,
            fields: Vec::new(),
            ip,
            outcome: "ok".into(),
        })
        .await?;
        tx.commit().await
    }
    .await;
    if let Err(e) = ended {
        tracing::error!(error = %e, "could not end a session");
        return internal_error();
    }
    let mut res = Redirect::to("/logg-inn").into_response();
    if let Some(h) = state.guard.cookie_header(state.guard.session_cookie(), "", Some(0)) {
        res.headers_mut().append(SET_COOKIE, h);
    }
    res
}
