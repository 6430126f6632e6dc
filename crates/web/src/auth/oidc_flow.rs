//! Sign-in with a NAV account: the authorization code flow with PKCE, state and nonce.
//! `GET /logg-inn/oidc/start` remembers a fresh state, nonce and code verifier in the
//! database under a short-lived cookie and sends the browser to the issuer;
//! `GET /logg-inn/oidc` takes them out again (once), trades the code for an ID token,
//! checks it, and signs in the Jobbvei user whose username the configured claim holds.
//! Every refusal is audited as a failed login and answered on the login page in Norwegian.

use axum::extract::{FromRequestParts, Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use jobbvei_store::{AuditEntry, OidcLogin};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::guard::Guard;
use super::login::{ClientIp, login_page};
use super::oidc::{CALLBACK_PATH, Oidc, form_encode};
use super::oidc_token::{self, TokenError};
use super::secret::{new_token, same, token_hash};
use super::session::cookie;
use crate::AppState;
use crate::pages::internal_error;

/// Binds the browser to its sign-in under way. Lax, not Strict like the other cookies: it
/// must come along when the issuer sends the browser back, a navigation from another site.
pub const FLOW_COOKIE: &str = "jobbvei_oidc";
/// How long a user may take at the issuer.
pub const FLOW_MINUTES: i64 = 10;

const STALE: &str = "Innloggingen var utløpt eller allerede brukt. Prøv igjen.";
const CANCELLED: &str = "Innloggingen med NAV-konto ble avbrutt. Prøv igjen.";
const UNCONFIRMED: &str =
    "Innloggingen med NAV-konto kunne ikke bekreftes. Prøv igjen, eller logg inn med brukernavn og passord.";
const NO_USER: &str =
    "Du har ingen bruker i Jobbvei. Be en administrator i Jobbvei om å opprette en bruker med ditt NAV-brukernavn.";

/// The value of the flow cookie, if the browser sent one.
pub struct FlowKey(Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for FlowKey {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(FlowKey(cookie(parts, FLOW_COOKIE)))
    }
}

fn flow_cookie(guard: &Guard, value: &str, max_age: i64) -> Option<HeaderValue> {
    // Its path is the callback's, so it cannot take the `__Host-` prefix; it is `Secure` all the same.
    let secure = if guard.https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{FLOW_COOKIE}={value}; Path={CALLBACK_PATH}; HttpOnly; SameSite=Lax{secure}; Max-Age={max_age}"
    ))
    .ok()
}

/// A plain link, not a form: the CSP's `form-action 'self'` would stop a form's redirect to
/// the issuer. Without OIDC configured it is just the login page.
pub async fn start(State(state): State<AppState>) -> Response {
    let Some(oidc) = state.oidc.clone() else {
        return login_page(&state.guard, StatusCode::OK, String::new(), None, false);
    };
    let now = state.clock.now();
    let (Ok(key), Ok(flow_state), Ok(nonce), Ok(verifier)) = (new_token(), new_token(), new_token(), new_token())
    else {
        return internal_error();
    };
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let login = OidcLogin { state: flow_state, nonce, verifier };
    let expires = now + Duration::minutes(FLOW_MINUTES);
    match state.db.put_oidc_login(&token_hash(&key), &login, expires, now).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::warn!("OIDC sign-in refused: too many under way");
            let message = "Svært mange innlogginger pågår akkurat nå. Vent et par minutter og prøv igjen.";
            return login_page(&state.guard, StatusCode::SERVICE_UNAVAILABLE, String::new(), Some(message), true);
        }
        Err(e) => {
            tracing::error!(error = %e, "could not store an OIDC sign-in");
            return internal_error();
        }
    }
    let endpoint = &oidc.authorization_endpoint;
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    let url = format!(
        "{endpoint}{separator}response_type=code&client_id={}&redirect_uri={}&scope=openid+profile\
         &state={}&nonce={}&code_challenge={challenge}&code_challenge_method=S256",
        form_encode(&oidc.client_id),
        form_encode(&oidc.redirect_url),
        login.state,
        login.nonce,
    );
    let mut res = Redirect::to(&url).into_response();
    if let Some(h) = flow_cookie(&state.guard, &key, FLOW_MINUTES * 60) {
        res.headers_mut().append(SET_COOKIE, h);
    }
    res
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// Why a callback did not sign anyone in.
enum Stop {
    Refused { message: &'static str, reason: String, username: Option<String> },
    Broken,
}

fn refused(message: &'static str, reason: impl ToString) -> Stop {
    Stop::Refused { message, reason: reason.to_string(), username: None }
}

pub async fn callback(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    FlowKey(key): FlowKey,
    Query(q): Query<CallbackQuery>,
) -> Response {
    let Some(oidc) = state.oidc.clone() else {
        return login_page(&state.guard, StatusCode::OK, String::new(), None, false);
    };
    if q.code.is_none() && q.state.is_none() && q.error.is_none() {
        // Nothing from an issuer: someone opened the address by hand.
        return login_page(&state.guard, StatusCode::OK, String::new(), None, true);
    }
    let now = state.clock.now();
    let outcome = async {
        let username = identify(&state, &oidc, key, q, now).await?;
        let user = match state.db.user_by_username(&username).await {
            Ok(user) => user,
            Err(e) => {
                tracing::error!(error = %e, "user lookup failed");
                return Err(Stop::Broken);
            }
        };
        // A user without roles, or disabled, has been taken out of use: no different from no user.
        let disabled = match &user {
            Some(u) => state.db.user_disabled(u.id.as_str()).await.map_err(|e| {
                tracing::error!(error = %e, "user lookup failed");
                Stop::Broken
            })?,
            None => false,
        };
        match user.filter(|u| !u.roles.is_empty() && !disabled) {
            Some(user) => Ok(user),
            None => Err(Stop::Refused {
                message: NO_USER,
                reason: "no Jobbvei user in use has the username the issuer gave".into(),
                username: Some(username),
            }),
        }
    }
    .await;
    let audit = |user_id: Option<String>, username: Option<String>, role: Option<String>, outcome: &str| AuditEntry {
        at: now,
        user_id,
        username,
        role,
        action: "login".into(),
        record_type: Some("login_method".into()),
        record_id: Some("oidc".into()),
        fields: Vec::new(),
        ip: ip.clone(),
        outcome: outcome.into(),
    };
    let user = match outcome {
        Ok(user) => user,
        Err(Stop::Broken) => return internal_error(),
        Err(Stop::Refused { message, reason, username }) => {
            let written = async {
                let mut tx = state.db.begin().await?;
                tx.audit(&audit(None, username, None, "failed")).await?;
                tx.commit().await
            }
            .await;
            if let Err(e) = written {
                tracing::error!(error = %e, "could not record a refused OIDC sign-in");
            }
            tracing::warn!(reason = %reason, "OIDC sign-in refused");
            let mut res = login_page(&state.guard, StatusCode::UNAUTHORIZED, String::new(), Some(message), true);
            if let Some(h) = flow_cookie(&state.guard, "", 0) {
                res.headers_mut().append(SET_COOKIE, h);
            }
            return res;
        }
    };
    let user_id = user.id.as_str().to_owned();
    let role = user.roles.first().map(|r| r.code().to_owned());
    let (Ok(session), Ok(csrf)) = (new_token(), new_token()) else { return internal_error() };
    let started = async {
        let mut tx = state.db.begin().await?;
        tx.create_session(&token_hash(&session), &user_id, &csrf, now).await?;
        tx.audit(&audit(Some(user_id.clone()), user.username.clone(), role, "ok")).await?;
        tx.commit().await
    }
    .await;
    if let Err(e) = started {
        tracing::error!(error = %e, "could not start a session");
        return internal_error();
    }
    tracing::info!(user = %user_id, method = "oidc", "signed in");
    signed_in_page(&state.guard, &session)
}

/// The browser arrives here from the issuer's site, and the session cookie is SameSite=Strict:
/// browsers leave it off every request of that same navigation, redirects included. A page
/// that moves on by itself starts a navigation of our own, which carries the cookie.
fn signed_in_page(guard: &Guard, session: &str) -> Response {
    let mut res = Html(
        "<!doctype html><html lang=\"nb\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url=/\">\
         <title>Logget inn – Jobbvei</title><link rel=\"stylesheet\" href=\"/static/jobbvei.css\"></head>\
         <body><main class=\"page narrow\" id=\"main\"><p>Du er logget inn. <a href=\"/\">Gå videre til Jobbvei</a>.</p>\
         </main></body></html>",
    )
    .into_response();
    let cookies = [
        guard.cookie_header(guard.session_cookie(), session, None),
        guard.cookie_header(guard.login_cookie(), "", Some(0)),
        flow_cookie(guard, "", 0),
    ];
    for h in cookies.into_iter().flatten() {
        res.headers_mut().append(SET_COOKIE, h);
    }
    res
}

/// Everything up to a checked username: the sign-in under way, the issuer's answer, the
/// code exchange and the ID token.
async fn identify(
    state: &AppState,
    oidc: &Oidc,
    key: Option<String>,
    q: CallbackQuery,
    now: DateTime<Utc>,
) -> Result<String, Stop> {
    let Some(key) = key else { return Err(refused(STALE, "no sign-in cookie")) };
    // Taken out whatever follows: a state is good for one try only.
    let login = match state.db.take_oidc_login(&token_hash(&key), now).await {
        Ok(Some(login)) => login,
        Ok(None) => return Err(refused(STALE, "no sign-in under way for this cookie (expired or used)")),
        Err(e) => {
            tracing::error!(error = %e, "could not read an OIDC sign-in");
            return Err(Stop::Broken);
        }
    };
    if !q.state.as_deref().is_some_and(|s| same(s, &login.state)) {
        return Err(refused(STALE, "the state does not match the sign-in"));
    }
    if q.error.is_some() {
        return Err(refused(CANCELLED, "the issuer answered with an error"));
    }
    let Some(code) = q.code else { return Err(refused(UNCONFIRMED, "the issuer sent no code")) };
    let id_token = oidc.exchange(&code, &login.verifier).await.map_err(|e| refused(UNCONFIRMED, e))?;
    let jwt = oidc_token::parse(&id_token).map_err(|e| refused(UNCONFIRMED, e))?;
    match jwt.verify(&oidc.keys()) {
        Err(TokenError::UnknownKey) => {
            // The issuer may have rotated its keys since they were fetched.
            let keys = oidc.refetch_keys(now).await.map_err(|e| refused(UNCONFIRMED, e))?;
            keys.map_or(Err(TokenError::UnknownKey), |k| jwt.verify(&k)).map_err(|e| refused(UNCONFIRMED, e))?;
        }
        checked => checked.map_err(|e| refused(UNCONFIRMED, e))?,
    }
    jwt.check_claims(&oidc.issuer, &oidc.client_id, &login.nonce, now).map_err(|e| refused(UNCONFIRMED, e))?;
    let username = jwt.claims.get(&oidc.username_claim).and_then(|v| v.as_str()).map(str::trim).unwrap_or("");
    if username.is_empty() {
        let reason = format!("the ID token has no {} claim", oidc.username_claim);
        return Err(refused(UNCONFIRMED, reason));
    }
    Ok(username.chars().take(100).collect())
}
