//! E-mail about notices, off unless an SMTP relay is configured. Every minute `serve` sends
//! each user with an e-mail address one mail for their unread notices not yet announced and,
//! once a day from 06:00 Oslo time, the number of today's alerts. The mail says how many and
//! links to `/varsler`; it never holds a notice's text, a name, an fnr or anything about
//! health, so nothing personal leaves Jobbvei by mail. A notice is marked mailed only after
//! the relay accepted the mail; on failure it stays unmarked and goes with the next round.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use jobbvei_domain::Role;
use jobbvei_domain::alerts::alerts;
use jobbvei_domain::time::{Clock, oslo_instant};
use jobbvei_store::{Db, StoreError};

use super::smtp::{self, Relay};
use crate::instance::Instance;

/// How often `serve` looks for mail to send.
pub const EVERY: Duration = Duration::from_secs(60);
/// The lease on the mail round outlives a few rounds, so the instance that holds it keeps it
/// while it lives, and another takes over within minutes when it dies.
pub const LEASE: Duration = Duration::from_secs(300);
/// A claim on a notice older than this is taken to be from an instance that died mid-send.
pub const CLAIM_LIFETIME: Duration = Duration::from_secs(600);
/// The lease's name in `job_lease`.
pub const LEASE_NAME: &str = "notice-mail";
/// The alert digest goes out from this hour (Europe/Oslo), not at midnight.
pub const DIGEST_HOUR: u32 = 6;
/// Links listed in one mail at most; the rest are counted.
const MAX_LINKS: usize = 20;

/// Where mail goes, who it is from, and where users reach Jobbvei (for the links).
#[derive(Debug, Clone)]
pub struct MailConfig {
    pub relay: Relay,
    pub from: String,
    /// Without a trailing slash: `https://jobbvei.example.no`.
    pub base_url: String,
}

/// What one round did: mails accepted by the relay, and mails that failed (left for later).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    pub sent: usize,
    pub failed: usize,
}

/// A user who may have mail in a round.
struct Due {
    email: String,
    /// The user's roles, when the day's digest is due.
    roles: Option<String>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The mail: headers and a plain-text body of counts and links only.
pub fn message(cfg: &MailConfig, to: &str, notices: &[i64], alerts: usize, now: DateTime<Utc>) -> String {
    let base = cfg.base_url.trim_end_matches('/');
    let subject = if notices.is_empty() {
        format!("Jobbvei: {} i dag", plural(alerts, "frist", "frister"))
    } else {
        format!("Jobbvei: {}", plural(notices.len(), "nytt varsel", "nye varsler"))
    };
    let mut m = format!(
        "From: Jobbvei <{}>\nTo: <{to}>\nSubject: {subject}\nDate: {}\nMIME-Version: 1.0\n\
         Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\nAuto-Submitted: auto-generated\n\n",
        cfg.from,
        now.to_rfc2822()
    );
    if !notices.is_empty() {
        let _ = writeln!(m, "Du har {} i Jobbvei:", plural(notices.len(), "nytt varsel", "nye varsler"));
        for id in notices.iter().take(MAX_LINKS) {
            let _ = writeln!(m, "{base}/varsler#varsel-{id}");
        }
        if notices.len() > MAX_LINKS {
            let _ = writeln!(m, "... og {} til: {base}/varsler", notices.len() - MAX_LINKS);
        }
        m.push('\n');
    }
    if alerts > 0 {
        let _ = writeln!(m, "Du har {} i dag: {base}/varsler#frister\n", plural(alerts, "frist", "frister"));
    }
    m.push_str("Hva varslene gjelder, ser du i Jobbvei etter innlogging. Denne e-posten kan ikke besvares.\n");
    m
}

fn has_alerts(roles: &str) -> bool {
    roles.split(',').filter_map(Role::parse).any(|r| matches!(r, Role::JobSpecialist | Role::MethodSupervisor))
}

/// One round: mails every user what is due, as of `now`; `digest` adds the alert digest of
/// `day` for users who have not had it. Each user's notices and digest are claimed in the
/// database before the mail goes, so an instance running a round beside this one (a lease
/// that ran out mid-round) mails none of them again.
pub async fn send_pending(
    db: &Db,
    cfg: &MailConfig,
    now: DateTime<Utc>,
    day: NaiveDate,
    digest: bool,
) -> Result<Outcome, StoreError> {
    let mut due: BTreeMap<String, Due> = BTreeMap::new();
    for p in db.pending_mail().await? {
        due.insert(p.user_id, Due { email: p.email, roles: None });
    }
    if digest {
        for d in db.digests_due(day).await? {
            due.entry(d.user_id).or_insert(Due { email: d.email, roles: None }).roles = Some(d.roles);
        }
    }
    let stale = now - chrono::Duration::from_std(CLAIM_LIFETIME).unwrap_or_else(|_| chrono::Duration::minutes(10));
    let mut out = Outcome::default();
    for (user, d) in due {
        let alert_count = match &d.roles {
            Some(roles) => {
                let n = if has_alerts(roles) { alerts(&db.alert_data(day, Some(&user)).await?, day).len() } else { 0 };
                // Claimed with its count; with nothing to say today this row is the digest done.
                db.claim_digest(&user, day, n).await?.then_some(n)
            }
            None => None,
        };
        let notices = db.claim_mail(&user, now, stale).await?;
        let alerts_now = alert_count.unwrap_or(0);
        if notices.is_empty() && alerts_now == 0 {
            continue;
        }
        let text = message(cfg, &d.email, &notices, alerts_now, now);
        match smtp::send(&cfg.relay, &cfg.from, &d.email, &text).await {
            Ok(()) => {
                let mut tx = db.begin().await?;
                tx.mark_mailed(&notices, now).await?;
                if let Some(n) = alert_count {
                    tx.digest_done(&user, day, n, Some(now)).await?;
                }
                tx.commit().await?;
                out.sent += 1;
            }
            Err(e) => {
                out.failed += 1;
                db.release_mail(&notices).await?;
                if alert_count.is_some() {
                    db.release_digest(&user, day).await?;
                }
                tracing::warn!(user = %user, error = %e, "could not mail notices; will retry");
                // A relay that is down fails every mail: try again next round, not once per user.
                if !e.refused_message() {
                    break;
                }
            }
        }
    }
    Ok(out)
}

/// Starts the mail round every minute, or nothing when no relay is configured. Of several
/// instances on one database, only the one holding the mail lease runs the round.
pub fn spawn(
    db: Db,
    clock: Arc<dyn Clock>,
    cfg: Option<MailConfig>,
    instance: Instance,
) -> Option<tokio::task::JoinHandle<()>> {
    let cfg = cfg?;
    Some(tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let (now, today) = (clock.now(), clock.today());
            let until = now + chrono::Duration::from_std(LEASE).unwrap_or_else(|_| chrono::Duration::minutes(5));
            match db.claim_lease(LEASE_NAME, instance.id(), now, until, None).await {
                Ok(true) => {}
                Ok(false) => continue,
                Err(e) => {
                    tracing::error!(error = %e, "could not claim the mail lease");
                    continue;
                }
            }
            let digest = oslo_instant(today, DIGEST_HOUR, 0).is_some_and(|t| now >= t);
            match send_pending(&db, &cfg, now, today, digest).await {
                Ok(o) if o.sent + o.failed > 0 => tracing::info!(sent = o.sent, failed = o.failed, "notice mail round"),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "notice mail round failed"),
            }
        }
    }))
}
