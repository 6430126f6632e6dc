//! `jobbvei notify send`, and the mail settings `serve` shares with it: e-mail about notices
//! is off unless `--smtp-host` is given, and then needs a sender and the public address the
//! links point to.

use std::time::Duration;

use jobbvei_domain::time::{Clock, SystemClock};
use jobbvei_store::Location;
use jobbvei_web::notify::mail::{self, MailConfig};
use jobbvei_web::notify::smtp::{Relay, plain_address};

use crate::cli::{NotifySendArgs, SmtpArgs, UserEmailArgs};
use crate::commands::demo::parse_date;
use crate::commands::users::cli_audit;
use crate::error::CliError;

/// How long one SMTP step may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// The mail settings, or `None` when no SMTP host is given.
pub fn mail_config(smtp: &SmtpArgs, public_url: Option<&str>) -> Result<Option<MailConfig>, CliError> {
    let Some(host) = smtp.smtp_host.as_deref().map(str::trim).filter(|h| !h.is_empty()) else { return Ok(None) };
    let usage = |m: &str| CliError::Usage(m.to_owned());
    let from =
        smtp.smtp_from.as_deref().ok_or_else(|| usage("--smtp-host also needs --smtp-from (or JOBBVEI_SMTP_FROM)"))?;
    if !plain_address(from) {
        return Err(CliError::Usage(format!("--smtp-from \"{from}\" is not a plain e-mail address")));
    }
    let base =
        public_url.ok_or_else(|| usage("--smtp-host also needs --public-url (or JOBBVEI_PUBLIC_URL) for the links"))?;
    let base = base.trim().trim_end_matches('/');
    let Some(site) = base.strip_prefix("https://").or_else(|| base.strip_prefix("http://")) else {
        return Err(usage("--public-url must start with https:// or http://"));
    };
    // EHLO names this side; the public host name is the best name it has.
    let helo = site.split(['/', ':']).next().filter(|h| !h.is_empty()).unwrap_or("localhost");
    Ok(Some(MailConfig {
        relay: Relay { host: host.to_owned(), port: smtp.smtp_port, helo: helo.to_owned(), timeout: SMTP_TIMEOUT },
        from: from.to_owned(),
        base_url: base.to_owned(),
    }))
}

/// `jobbvei user email`: sets or removes a user's address, audited like `user add`.
pub async fn set_email(location: &Location, args: UserEmailArgs) -> Result<(), CliError> {
    let email = args.email.as_deref().map(str::trim).filter(|e| !e.is_empty());
    if let Some(e) = email
        && !plain_address(e)
    {
        return Err(CliError::Usage(format!("--email \"{e}\" is not a plain e-mail address (name@domain)")));
    }
    let db = location.open().await?;
    let result = async {
        let Some(user) = db.user_by_username(&args.username).await? else {
            return Err(CliError::Usage(format!("no user with username \"{}\"", args.username)));
        };
        let mut tx = db.begin().await?;
        tx.set_user_email(user.id.as_str(), email).await?;
        tx.audit(&cli_audit("user_update", Some("user"), Some(user.id.as_str()), &["email"])).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    db.close().await;
    result?;
    println!("{} for {}", if email.is_some() { "e-mail address set" } else { "e-mail address removed" }, args.username);
    Ok(())
}

/// Sends what is pending once; fails (exit status 1) when a mail could not be sent, which
/// stays pending for the next run.
pub async fn send(location: &Location, args: NotifySendArgs) -> Result<(), CliError> {
    let day = match &args.as_of {
        Some(s) => parse_date(s, "--as-of")?,
        None => SystemClock.today(),
    };
    let Some(cfg) = mail_config(&args.smtp, args.public_url.as_deref())? else {
        return Err(CliError::Usage("no --smtp-host (or JOBBVEI_SMTP_HOST) given: e-mail is off".into()));
    };
    let db = location.open().await?;
    let result = mail::send_pending(&db, &cfg, SystemClock.now(), day, true).await;
    db.close().await;
    let outcome = result?;
    println!("sent {} mail(s), {} failed", outcome.sent, outcome.failed);
    if outcome.failed > 0 {
        return Err(CliError::Usage(format!(
            "{} mail(s) could not be sent; they stay pending for the next run",
            outcome.failed
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smtp(host: Option<&str>, from: Option<&str>) -> SmtpArgs {
        SmtpArgs { smtp_host: host.map(str::to_owned), smtp_port: 2525, smtp_from: from.map(str::to_owned) }
    }

    #[test]
    fn mail_is_off_without_a_host_and_names_what_is_missing() {
        assert!(mail_config(&smtp(None, Some("a@b.no")), Some("https://j.no")).unwrap().is_none());
        let e = mail_config(&smtp(Some("relay"), None), Some("https://j.no")).unwrap_err().to_string();
        assert_eq!(e, "--smtp-host also needs --smtp-from (or JOBBVEI_SMTP_FROM)");
        let e = mail_config(&smtp(Some("relay"), Some("a@b.no")), None).unwrap_err().to_string();
        assert_eq!(e, "--smtp-host also needs --public-url (or JOBBVEI_PUBLIC_URL) for the links");
        let e = mail_config(&smtp(Some("relay"), Some("a@b.no\r\nX")), Some("https://j.no")).unwrap_err().to_string();
        assert!(e.contains("not a plain e-mail address"), "{e}");
        let c = mail_config(&smtp(Some("relay"), Some("jobbvei@nav.no")), Some("https://jobbvei.nav.no:8443/"))
            .unwrap()
            .unwrap();
        assert_eq!(
            (c.relay.host.as_str(), c.relay.port, c.relay.helo.as_str(), c.base_url.as_str()),
            ("relay", 2525, "jobbvei.nav.no", "https://jobbvei.nav.no:8443")
        );
    }
}
