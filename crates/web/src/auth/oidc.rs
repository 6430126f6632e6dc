//! Optional sign-in through an OpenID Connect issuer (NAV's Azure AD), beside passwords.
//! The issuer is read once at start-up (discovery document and signing keys), so a wrong
//! setting stops the server with a clear message instead of failing the first user. The
//! browser's side of the flow is in [`super::oidc_flow`], the ID token checks in
//! [`super::oidc_token`]. See docs/oidc.md.

use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Duration;

use axum::http::Uri;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::oidc_token::{Jwks, KeySet};

/// Where the issuer sends the browser back, under the public address.
pub const CALLBACK_PATH: &str = "/logg-inn/oidc";
/// The JWKS is fetched again for an unknown key id at most this often.
const REFETCH_SECONDS: i64 = 10;
/// No answer from the issuer is anywhere near this large.
const MAX_ANSWER_BYTES: u64 = 1024 * 1024;

/// What the operator configures (`jobbvei serve --oidc-…`).
pub struct OidcSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// The address users reach Jobbvei at, e.g. `https://jobbvei.intern.nav.no`.
    pub public_url: String,
    /// The ID token claim holding the Jobbvei username.
    pub username_claim: String,
}

/// Never shows the secret.
impl std::fmt::Debug for OidcSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcSettings")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"(hidden)")
            .field("public_url", &self.public_url)
            .field("username_claim", &self.username_claim)
            .finish()
    }
}

/// How the client proves itself at the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    Basic,
    Post,
}

/// A configured, discovered issuer.
pub struct Oidc {
    /// Exactly as the discovery document gives it: the `iss` every ID token must carry.
    pub(crate) issuer: String,
    pub(crate) client_id: String,
    client_secret: String,
    pub(crate) redirect_url: String,
    pub(crate) username_claim: String,
    pub(crate) authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
    client_auth: ClientAuth,
    keys: Mutex<KeySet>,
    agent: ureq::Agent,
}

/// Why the issuer could not be used. Start-up shows these to the operator; at sign-in they
/// go to the log only (they never carry personal data).
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("{0}")]
    Config(String),
    #[error("could not reach {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("{url} did not answer as an OpenID Connect issuer should: {reason}")]
    Invalid { url: String, reason: String },
}

#[derive(Deserialize)]
struct Discovery {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
    token_endpoint_auth_methods_supported: Option<Vec<String>>,
    #[serde(default)]
    id_token_signing_alg_values_supported: Vec<String>,
    code_challenge_methods_supported: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    id_token: Option<String>,
}

impl Oidc {
    /// Reads the issuer's discovery document and signing keys and checks the settings.
    pub async fn discover(settings: OidcSettings, now: DateTime<Utc>) -> Result<Oidc, OidcError> {
        let configured = settings.issuer.trim_end_matches('/');
        check_url("issuer", configured)?;
        let public_url = settings.public_url.trim_end_matches('/');
        check_url("public URL", public_url)?;
        for (what, value) in [("client id", &settings.client_id), ("client secret", &settings.client_secret)] {
            if value.trim().is_empty() {
                return Err(OidcError::Config(format!("the OIDC {what} is empty")));
            }
        }
        if settings.username_claim.trim().is_empty() {
            return Err(OidcError::Config("the OIDC username claim is empty".into()));
        }
        let agent = agent();
        let url = format!("{configured}/.well-known/openid-configuration");
        let d: Discovery = get_json(&agent, &url).await?;
        let invalid = |reason: String| OidcError::Invalid { url: url.clone(), reason };
        if d.issuer.trim_end_matches('/') != configured {
            return Err(invalid(format!("it names the issuer {}, not {configured}", d.issuer)));
        }
        check_url("authorization endpoint", &d.authorization_endpoint)?;
        check_url("token endpoint", &d.token_endpoint)?;
        check_url("JWKS URI", &d.jwks_uri)?;
        if !d.id_token_signing_alg_values_supported.iter().any(|a| a == "RS256") {
            return Err(invalid("it does not sign ID tokens with RS256".into()));
        }
        if d.code_challenge_methods_supported.is_some_and(|m| !m.iter().any(|m| m == "S256")) {
            return Err(invalid("it does not support PKCE with S256".into()));
        }
        let client_auth = client_auth(d.token_endpoint_auth_methods_supported.as_deref()).ok_or_else(|| {
            invalid("it takes neither client_secret_basic nor client_secret_post at the token endpoint".into())
        })?;
        let jwks: Jwks = get_json(&agent, &d.jwks_uri).await?;
        let keys = KeySet::new(jwks, now);
        if keys.is_empty() {
            return Err(OidcError::Invalid { url: d.jwks_uri, reason: "it holds no RSA signing key".into() });
        }
        Ok(Oidc {
            issuer: d.issuer,
            client_id: settings.client_id,
            client_secret: settings.client_secret,
            redirect_url: format!("{public_url}{CALLBACK_PATH}"),
            username_claim: settings.username_claim,
            authorization_endpoint: d.authorization_endpoint,
            token_endpoint: d.token_endpoint,
            jwks_uri: d.jwks_uri,
            client_auth,
            keys: Mutex::new(keys),
            agent,
        })
    }

    pub fn client_auth(&self) -> ClientAuth {
        self.client_auth
    }

    /// The signing keys as last fetched.
    pub(crate) fn keys(&self) -> KeySet {
        self.keys.lock().map(|k| k.clone()).unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    /// Fetches the JWKS again, after a token named a key we do not know (the issuer rotated
    /// its keys). `None` when it was fetched only moments ago: a stream of made-up key ids
    /// must not turn into a stream of requests to the issuer.
    pub(crate) async fn refetch_keys(&self, now: DateTime<Utc>) -> Result<Option<KeySet>, OidcError> {
        if now - self.keys().fetched_at < chrono::Duration::seconds(REFETCH_SECONDS) {
            return Ok(None);
        }
        let keys = KeySet::new(get_json::<Jwks>(&self.agent, &self.jwks_uri).await?, now);
        match self.keys.lock() {
            Ok(mut k) => *k = keys.clone(),
            Err(poisoned) => *poisoned.into_inner() = keys.clone(),
        }
        Ok(Some(keys))
    }

    /// Trades the authorization code for the ID token (the compact JWT, not yet checked).
    pub(crate) async fn exchange(&self, code: &str, verifier: &str) -> Result<String, OidcError> {
        let mut form = vec![
            ("grant_type", "authorization_code".to_owned()),
            ("code", code.to_owned()),
            ("redirect_uri", self.redirect_url.clone()),
            ("code_verifier", verifier.to_owned()),
            ("client_id", self.client_id.clone()),
        ];
        let mut request = self.agent.post(&self.token_endpoint).header("accept", "application/json");
        match self.client_auth {
            ClientAuth::Basic => {
                let pair = format!("{}:{}", form_encode(&self.client_id), form_encode(&self.client_secret));
                request = request.header("authorization", format!("Basic {}", STANDARD.encode(pair)));
            }
            ClientAuth::Post => form.push(("client_secret", self.client_secret.clone())),
        }
        let url = self.token_endpoint.clone();
        let text = tokio::task::spawn_blocking(move || {
            request.send_form(form)?.body_mut().with_config().limit(MAX_ANSWER_BYTES).read_to_string()
        })
        .await
        .map_err(|e| unreachable(&url, e))?
        .map_err(|e| unreachable(&url, e))?;
        let answer: TokenAnswer =
            serde_json::from_str(&text).map_err(|e| OidcError::Invalid { url: url.clone(), reason: e.to_string() })?;
        answer.id_token.ok_or_else(|| OidcError::Invalid { url, reason: "the answer holds no id_token".into() })
    }
}

/// Basic when the issuer allows it (the default of the standard), else post.
fn client_auth(supported: Option<&[String]>) -> Option<ClientAuth> {
    let Some(methods) = supported else { return Some(ClientAuth::Basic) };
    if methods.iter().any(|m| m == "client_secret_basic") {
        Some(ClientAuth::Basic)
    } else if methods.iter().any(|m| m == "client_secret_post") {
        Some(ClientAuth::Post)
    } else {
        None
    }
}

/// Redirects are not followed: a redirect could lead from https to plain http.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .max_redirects(0)
        .http_status_as_error(true)
        .build()
        .into()
}

fn unreachable(url: &str, e: impl std::fmt::Display) -> OidcError {
    OidcError::Unreachable { url: url.to_owned(), reason: e.to_string() }
}

/// GETs JSON, off the async workers: ureq blocks.
async fn get_json<T: DeserializeOwned>(agent: &ureq::Agent, url: &str) -> Result<T, OidcError> {
    let (agent, target) = (agent.clone(), url.to_owned());
    let text = tokio::task::spawn_blocking(move || {
        agent
            .get(&target)
            .header("accept", "application/json")
            .call()?
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_string()
    })
    .await
    .map_err(|e| unreachable(url, e))?
    .map_err(|e| unreachable(url, e))?;
    serde_json::from_str(&text).map_err(|e| OidcError::Invalid { url: url.to_owned(), reason: e.to_string() })
}

/// Real issuers speak https; plain http is let through only to this machine, for tests and
/// trying things out.
pub fn check_url(what: &str, url: &str) -> Result<(), OidcError> {
    let bad =
        || OidcError::Config(format!("the OIDC {what} {url} must be an https:// URL (http:// only for localhost)"));
    let uri: Uri = url.parse().map_err(|_| bad())?;
    let host = uri.host().unwrap_or("");
    match uri.scheme_str() {
        Some("https") if !host.is_empty() => Ok(()),
        Some("http") if is_loopback(host) => Ok(()),
        _ => Err(bad()),
    }
}

fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost") || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// `application/x-www-form-urlencoded` encoding, which client_secret_basic also asks for.
pub(crate) fn form_encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => (b as char).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_may_use_plain_http() {
        for ok in [
            "https://login.microsoftonline.com/t/v2.0",
            "http://127.0.0.1:4000",
            "http://localhost/x",
            "http://[::1]:9",
        ] {
            assert!(check_url("issuer", ok).is_ok(), "{ok}");
        }
        for bad in ["http://login.example.no", "http://10.0.0.1", "ftp://localhost", "localhost", "https://"] {
            let e = check_url("issuer", bad).unwrap_err().to_string();
            assert!(e.contains("must be an https:// URL"), "{bad}: {e}");
        }
    }

    #[test]
    fn basic_unless_only_post_is_offered() {
        let v = |m: &[&str]| m.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(client_auth(None), Some(ClientAuth::Basic));
        assert_eq!(client_auth(Some(&v(&["client_secret_post", "client_secret_basic"]))), Some(ClientAuth::Basic));
        assert_eq!(client_auth(Some(&v(&["private_key_jwt", "client_secret_post"]))), Some(ClientAuth::Post));
        assert_eq!(client_auth(Some(&v(&["private_key_jwt"]))), None);
        assert_eq!(form_encode("a b/c:ø"), "a+b%2Fc%3A%C3%B8");
    }
}
