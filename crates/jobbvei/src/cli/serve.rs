//! The web server's options: where it listens, sign-in with a NAV account and mail.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Jobbvei runs behind a reverse proxy that sets X-Forwarded-For: take the client's address
    /// (for the sign-in throttle and the audit log) from its last entry. Off by default, since
    /// anyone can send that header.
    #[arg(long, env = "JOBBVEI_TRUST_PROXY")]
    pub trust_proxy: bool,
    /// File holding the key (at least 32 bytes) that pseudonymises the research extract
    /// analysts download from /effekt; read once at start and kept in memory only. Without
    /// it the page offers no extract (docs/evaluation.md).
    #[arg(long, env = "JOBBVEI_EXTRACT_KEY_FILE", value_name = "FILE")]
    pub extract_key_file: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub oidc: OidcArgs,
    #[command(flatten)]
    pub smtp: SmtpArgs,
    /// Days without a done contact by the holder before the daily round frees a relationship.
    #[arg(long, env = "JOBBVEI_EMPLOYER_RELEASE_DAYS", default_value_t = jobbvei_domain::pipeline::DEFAULT_RELEASE_DAYS)]
    pub employer_release_days: u32,
}

/// E-mail about notices through an internal SMTP relay, off unless a host is given
/// (docs/notifications.md).
#[derive(Debug, Args)]
pub struct SmtpArgs {
    /// SMTP relay to send notice mail through (plain SMTP without STARTTLS: an internal relay only).
    #[arg(long, env = "JOBBVEI_SMTP_HOST")]
    pub smtp_host: Option<String>,
    #[arg(long, env = "JOBBVEI_SMTP_PORT", default_value_t = 25)]
    pub smtp_port: u16,
    /// Sender address of notice mail, e.g. jobbvei@nav.no.
    #[arg(long, env = "JOBBVEI_SMTP_FROM")]
    pub smtp_from: Option<String>,
}

/// Sign-in with a NAV account (OpenID Connect), off unless an issuer is given (docs/oidc.md).
#[derive(Debug, Args)]
pub struct OidcArgs {
    /// OpenID Connect issuer, e.g. https://login.microsoftonline.com/TENANT/v2.0: adds "Logg inn med NAV-konto".
    #[arg(long, env = "JOBBVEI_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    /// Client (application) id registered at the issuer.
    #[arg(long, env = "JOBBVEI_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,
    /// File holding the client secret; or set JOBBVEI_OIDC_CLIENT_SECRET. Never on the command line.
    #[arg(long, env = "JOBBVEI_OIDC_CLIENT_SECRET_FILE")]
    pub oidc_client_secret_file: Option<PathBuf>,
    /// ID token claim holding the Jobbvei username (NAV's Azure AD: NAVident).
    #[arg(long, env = "JOBBVEI_OIDC_USERNAME_CLAIM", default_value = "preferred_username")]
    pub oidc_username_claim: String,
    /// Address users reach Jobbvei at, e.g. https://jobbvei.intern.nav.no; the issuer sends them back to
    /// <PUBLIC_URL>/logg-inn/oidc. When it is https, cookies are Secure with the __Host- prefix and
    /// responses carry HSTS.
    #[arg(long, env = "JOBBVEI_PUBLIC_URL")]
    pub public_url: Option<String>,
}
