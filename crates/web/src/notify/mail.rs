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

/// How often `serve` looks for mail to send.
pub const EVERY: Duration = Duration::from_secs(60);
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

/// One user's mail in a round.
struct Due {
    email: String,
    notices: Vec<i64>,
    /// Today's alerts, when the day's digest is due.
    alerts: Option<usize>,
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
/// `day` for users who have not had it.
pub async fn send_pending(
    db: &Db,
    cfg: &MailConfig,
    now: DateTime<Utc>,
    day: NaiveDate,
    digest: bool,
) -> Result<Outcome, StoreError> {
    let mut due: BTreeMap<String, Due> = BTreeMap::new();
    for p in db.pending_mail().await? {
        due.insert(p.user_id, Due { email: p.email, notices: p.ids, alerts: None });
    }
    if digest {
        for d in db.digests_due(day).await? {
            let n =
                if has_alerts(&d.roles) { alerts(&db.alert_data(day, Some(&d.user_id)).await?, day).len() } else { 0 };
            due.entry(d.user_id).or_insert(Due { email: d.email, notices: Vec::new(), alerts: None }).alerts = Some(n);
        }
    }
    let mut out = Outcome::default();
    for (user, d) in due {
        let alert_count = d.alerts.unwrap_or(0);
        if d.notices.is_empty() && alert_count == 0 {
            // Nothing to say today: the digest is done without a mail.
            if d.alerts.is_some() {
                let mut tx = db.begin().await?;
                tx.digest_done(&user, day, 0, None).await?;
                tx.commit().await?;
            }
            continue;
        }
        let text = message(cfg, &d.email, &d.notices, alert_count, now);
        match smtp::send(&cfg.relay, &cfg.from, &d.email, &text).await {
            Ok(()) => {
                let mut tx = db.begin().await?;
                tx.mark_mailed(&d.notices, now).await?;
                if let Some(n) = d.alerts {
                    tx.digest_done(&user, day, n, Some(now)).await?;
                }
                tx.commit().await?;
                out.sent += 1;
            }
            Err(e) => {
                out.failed += 1;
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

/// Starts the mail round every minute, or nothing when no relay is configured.
pub fn spawn(db: Db, clock: Arc<dyn Clock>, cfg: Option<MailConfig>) -> Option<tokio::task::JoinHandle<()>> {
    let cfg = cfg?;
    Some(tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let (now, today) = (clock.now(), clock.today());
            let digest = oslo_instant(today, DIGEST_HOUR, 0).is_some_and(|t| now >= t);
            match send_pending(&db, &cfg, now, today, digest).await {
                Ok(o) if o.sent + o.failed > 0 => tracing::info!(sent = o.sent, failed = o.failed, "notice mail round"),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "notice mail round failed"),
            }
        }
    }))
}
