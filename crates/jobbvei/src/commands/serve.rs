//! `jobbvei serve`

use std::sync::Arc;

use jobbvei_domain::time::{Clock, SystemClock};
use jobbvei_store::Location;
use jobbvei_web::AppState;
use jobbvei_web::auth::guard::Guard;
use jobbvei_web::auth::oidc::{Oidc, OidcSettings};
use jobbvei_web::instance::Instance;

use crate::cli::{OidcArgs, ServeArgs};
use crate::error::CliError;

/// Where the client secret may come from when no file is given.
const SECRET_ENV: &str = "JOBBVEI_OIDC_CLIENT_SECRET";

pub async fn run(location: &Location, args: ServeArgs) -> Result<(), CliError> {
    let release_days = crate::commands::employers::checked_days(args.employer_release_days, "--employer-release-days")?;
    let db = location.open().await?;
    let mail = crate::commands::notify::mail_config(&args.smtp, args.oidc.public_url.as_deref())?;
    let extract_key = match &args.extract_key_file {
        Some(path) => Some(Arc::new(crate::commands::extract::read_key(path, "--extract-key-file")?)),
        None => None,
    };
    let guard = Arc::new(Guard::new(args.oidc.public_url.as_deref(), args.trust_proxy));
    if guard.https {
        tracing::info!("https public address: Secure __Host- cookies and HSTS");
    }
    let oidc = match oidc_settings(args.oidc, std::env::var(SECRET_ENV).ok())? {
        Some(settings) => {
            let issuer = settings.issuer.clone();
            let oidc = Oidc::discover(settings, SystemClock.now())
                .await
                .map_err(|e| CliError::Usage(format!("OIDC sign-in could not be set up: {e}")))?;
            tracing::info!(issuer = %issuer, client_auth = ?oidc.client_auth(), "OIDC sign-in is on");
            Some(Arc::new(oidc))
        }
        None => None,
    };
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .map_err(CliError::io(format!("could not listen on {}", args.bind)))?;
    tracing::info!(address = %args.bind, database = %location.describe(), "Jobbvei is listening");
    eprintln!("Jobbvei is running on http://{} ({})", args.bind, location.describe());
    if let Some(m) = &mail {
        tracing::info!(relay = %m.relay.host, port = m.relay.port, "notice mail is on");
    }
    let instance = Instance::new();
    tracing::info!(instance = %instance.id(), "background work runs under leases shared with other instances");
    let mailer = jobbvei_web::notify::mail::spawn(db.clone(), Arc::new(SystemClock), mail, instance.clone());
    let pipeline =
        jobbvei_web::pipeline::release::spawn(db.clone(), Arc::new(SystemClock), release_days, instance.clone());
    if extract_key.is_some() {
        tracing::info!("the research extract can be downloaded from /effekt");
    }
    let state = AppState {
        db: db.clone(),
        clock: Arc::new(SystemClock),
        oidc,
        guard,
        extract_key,
        suggestions: Default::default(),
        cases: Default::default(),
        timelines: Default::default(),
        days: Default::default(),
    };
    jobbvei_web::serve(state, listener).await.map_err(CliError::io("the server stopped"))?;
    if let Some(m) = mailer {
        m.abort();
    }
    pipeline.abort();
    db.close().await;
    Ok(())
}

/// The OIDC settings when an issuer is given, each missing piece named.
fn oidc_settings(args: OidcArgs, secret_env: Option<String>) -> Result<Option<OidcSettings>, CliError> {
    let Some(issuer) = args.oidc_issuer else {
        return Ok(None);
    };
    let missing = |what: &str| CliError::Usage(format!("--oidc-issuer also needs {what}"));
    let client_id = args.oidc_client_id.ok_or_else(|| missing("--oidc-client-id (or JOBBVEI_OIDC_CLIENT_ID)"))?;
    let public_url = args.public_url.ok_or_else(|| missing("--public-url (or JOBBVEI_PUBLIC_URL)"))?;
    let client_secret = match args.oidc_client_secret_file {
        Some(path) => std::fs::read_to_string(&path)
            .map_err(CliError::io(format!("could not read the OIDC client secret from {}", path.display())))?
            .trim()
            .to_owned(),
        None => secret_env.ok_or_else(|| missing(&format!("--oidc-client-secret-file PATH (or {SECRET_ENV})")))?,
    };
    Ok(Some(OidcSettings { issuer, client_id, client_secret, public_url, username_claim: args.oidc_username_claim }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(issuer: Option<&str>, client_id: Option<&str>, public_url: Option<&str>) -> OidcArgs {
        OidcArgs {
            oidc_issuer: issuer.map(str::to_owned),
            oidc_client_id: client_id.map(str::to_owned),
            oidc_client_secret_file: None,
            oidc_username_claim: "NAVident".into(),
            public_url: public_url.map(str::to_owned),
        }
    }

    #[test]
    fn oidc_is_off_without_an_issuer_and_names_what_is_missing() {
        assert!(oidc_settings(args(None, None, None), None).unwrap().is_none());
        let e = oidc_settings(args(Some("https://i"), None, Some("https://j")), None).unwrap_err().to_string();
        assert_eq!(e, "--oidc-issuer also needs --oidc-client-id (or JOBBVEI_OIDC_CLIENT_ID)");
        let e = oidc_settings(args(Some("https://i"), Some("c"), Some("https://j")), None).unwrap_err().to_string();
        assert_eq!(e, "--oidc-issuer also needs --oidc-client-secret-file PATH (or JOBBVEI_OIDC_CLIENT_SECRET)");
        let s = oidc_settings(args(Some("https://i"), Some("c"), Some("https://j")), Some("hemmelig".into()))
            .unwrap()
            .unwrap();
        assert_eq!((s.client_secret.as_str(), s.username_claim.as_str()), ("hemmelig", "NAVident"));
    }
}
