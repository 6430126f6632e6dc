//! How the server guards its doors, as configured at start: cookies that only travel over
//! https when Jobbvei is reached over https, where a client's address comes from, and the
//! sign-in throttle.

use axum::http::HeaderValue;
use axum::http::request::Parts;

use super::throttle::Throttle;

/// Cookie names on plain http (tests, a local demo): browsers refuse the `__Host-` prefix
/// without https, so these keep localhost working.
const SESSION_PLAIN: &str = "jobbvei_session";
const LOGIN_PLAIN: &str = "jobbvei_login";
/// Over https: `__Host-` makes the browser insist on `Secure`, `Path=/` and no `Domain`, so
/// no other host or plain-http page can plant or read them.
const SESSION_HOST: &str = "__Host-jobbvei_session";
const LOGIN_HOST: &str = "__Host-jobbvei_login";

/// One year, the usual HSTS lifetime.
pub const HSTS: &str = "max-age=31536000";

#[derive(Debug, Default)]
pub struct Guard {
    /// Jobbvei is reached over https (`--public-url https://…`): `Secure` cookies and HSTS.
    pub https: bool,
    /// A reverse proxy in front sets X-Forwarded-For (`--trust-proxy`); otherwise the header
    /// is anyone's to forge and is ignored.
    pub trust_proxy: bool,
    pub throttle: Throttle,
}

impl Guard {
    pub fn new(public_url: Option<&str>, trust_proxy: bool) -> Self {
        let https = public_url.is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://"));
        Guard { https, trust_proxy, throttle: Throttle }
    }

    pub fn session_cookie(&self) -> &'static str {
        if self.https { SESSION_HOST } else { SESSION_PLAIN }
    }

    /// The double-submit cookie of the login form.
    pub fn login_cookie(&self) -> &'static str {
        if self.https { LOGIN_HOST } else { LOGIN_PLAIN }
    }

    /// A `Set-Cookie` value for a cookie of the whole site.
    pub fn cookie_header(&self, name: &str, value: &str, max_age: Option<i64>) -> Option<HeaderValue> {
        let age = max_age.map(|a| format!("; Max-Age={a}")).unwrap_or_default();
        let secure = if self.https { "; Secure" } else { "" };
        HeaderValue::from_str(&format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict{secure}{age}")).ok()
    }

    /// The client's address: the connection's peer, or, behind a trusted proxy, the last
    /// address in X-Forwarded-For: the one our proxy added, which the client cannot forge
    /// (entries before it are the client's own say).
    pub fn client_ip(&self, parts: &Parts) -> Option<String> {
        if self.trust_proxy
            && let Some(last) = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .rfind(|a| !a.is_empty())
            && let Ok(ip) = last.parse::<std::net::IpAddr>()
        {
            return Some(ip.to_string());
        }
        let addr = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>();
        addr.map(|a| a.0.ip().to_string())
    }
}
