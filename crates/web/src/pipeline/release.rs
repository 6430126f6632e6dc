//! The daily pipeline round: relationships whose holder has had no done contact with the
//! employer for the configured number of days are released, their holders told two weeks
//! before, and stages the data has moved past are moved forward. `serve` runs it once a
//! day; `jobbvei employers release` runs it by hand. Each release and stage move is audited
//! with the round as actor (`username` = `actor`), in the transaction that makes it.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use jobbvei_domain::EmployerStage;
use jobbvei_domain::pipeline::{Evidence, Hold, clock_start, hold_on, stage_moved};
use jobbvei_domain::time::Clock;
use jobbvei_store::{AuditEntry, Db, NewNotification, StoreError};

use crate::dashboard::drill::enc;
use crate::instance::Instance;

/// How often the background task looks whether a new day has come.
const EVERY: Duration = Duration::from_secs(3600);
/// Longer than a round takes at national scale; an instance that dies mid-round leaves the
/// day to another after this.
const LEASE: Duration = Duration::from_secs(3600);
/// The lease's name in `job_lease`.
pub const LEASE_NAME: &str = "employer-pipeline";

/// One relationship the round released or warned about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoldLine {
    pub employer_id: String,
    pub holder_id: String,
    /// When the clock started: the holder's last done contact, or the day they took it.
    pub since: NaiveDate,
    pub release_on: NaiveDate,
}

/// What a round did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundOutcome {
    pub released: Vec<HoldLine>,
    /// Notices written in this round (dry: notices due, whether sent before or not).
    pub noticed: Vec<HoldLine>,
    /// Held relationships whose clock starts today: no claim by their holder was recorded.
    pub clocks_started: Vec<String>,
    /// Employers whose stage the data moved forward, with the new stage.
    pub stages: Vec<(String, EmployerStage)>,
}

/// The round's settings.
#[derive(Debug, Clone)]
pub struct Round {
    pub as_of: NaiveDate,
    pub now: DateTime<Utc>,
    pub days: u32,
    pub dry_run: bool,
    /// Who the audit log names as the actor.
    pub actor: String,
}

impl Round {
    fn audit(&self, employer: &str, field: &str) -> AuditEntry {
        AuditEntry {
            at: self.now,
            user_id: None,
            username: Some(self.actor.clone()),
            role: None,
            action: "update".into(),
            record_type: Some("employer".into()),
            record_id: Some(employer.into()),
            fields: vec![field.into()],
            ip: None,
            outcome: "ok".into(),
        }
    }

    fn notice(&self, holder: &str, employer: &str, kind: &str, text: String) -> NewNotification {
        NewNotification {
            user_id: holder.into(),
            kind: kind.into(),
            record: Some(("employer".into(), employer.into())),
            link: Some(format!("/arbeidsgiver/{}", enc(employer))),
            text,
            created_at: self.now,
        }
    }
}

/// Runs one round on `db`.
pub async fn run(db: &Db, r: &Round) -> Result<RoundOutcome, StoreError> {
    let mut out = RoundOutcome::default();
    for held in db.held_employers(r.as_of).await? {
        // Held with no claim recorded for this holder (from before migration 19, or given by
        // an import or the API): the clock starts now, so nobody loses a relationship unwarned.
        let since = held.held_since.and_then(|claimed| clock_start(held.holder_last_contact, Some(claimed)));
        let Some(since) = since else {
            if !r.dry_run {
                let mut tx = db.begin().await?;
                tx.set_hold(&held.id, Some(&held.holder_id), r.as_of).await?;
                tx.commit().await?;
            }
            out.clocks_started.push(held.id);
            continue;
        };
        let line = |release_on| HoldLine {
            employer_id: held.id.clone(),
            holder_id: held.holder_id.clone(),
            since,
            release_on,
        };
        match hold_on(r.as_of, since, r.days) {
            Hold::Keep => {}
            Hold::Notice { release_on } => {
                if r.dry_run {
                    out.noticed.push(line(release_on));
                    continue;
                }
                let mut tx = db.begin().await?;
                if tx.release_notice_once(&held.id, &held.holder_id, release_on, r.now).await? {
                    let text = format!(
                        "Relasjonen din til {} blir ledig for andre {} hvis du ikke logger gjennomført kontakt \
                         med arbeidsgiveren før da ({} dager uten kontakt).",
                        held.name,
                        crate::dates::day(release_on),
                        r.days
                    );
                    tx.add_notification(&r.notice(&held.holder_id, &held.id, "arbeidsgiver_slippes", text)).await?;
                    out.noticed.push(line(release_on));
                }
                tx.commit().await?;
            }
            Hold::Release => {
                let release_on = since.checked_add_days(chrono::Days::new(u64::from(r.days.max(1)))).unwrap_or(r.as_of);
                if r.dry_run {
                    out.released.push(line(release_on));
                    continue;
                }
                let mut tx = db.begin().await?;
                // Compare-and-set on the holder read above: a claim or release in between wins.
                if tx.move_employer_holder(&held.id, Some(&held.holder_id), None).await? {
                    tx.set_hold(&held.id, None, r.as_of).await?;
                    tx.audit(&r.audit(&held.id, "holder")).await?;
                    let text = format!(
                        "Relasjonen din til {} er sluppet etter {} dager uten gjennomført kontakt. Andre på \
                         kontoret kan nå ta den.",
                        held.name, r.days
                    );
                    tx.add_notification(&r.notice(&held.holder_id, &held.id, "arbeidsgiver_sluppet", text)).await?;
                    out.released.push(line(release_on));
                }
                tx.commit().await?;
            }
        }
    }
    for facts in db.employers_behind(r.as_of).await? {
        let evidence =
            Evidence { candidate_presented: facts.candidate_presented, paid_job_started: facts.paid_job_started };
        let Some(to) = stage_moved(facts.stage.as_deref().and_then(EmployerStage::parse), evidence) else {
            continue;
        };
        if !r.dry_run {
            let mut tx = db.begin().await?;
            let moved = super::contact::advance_stage(&mut tx, &facts.id, r.as_of, r.audit(&facts.id, "stage")).await?;
            tx.commit().await?;
            if moved.is_none() {
                continue;
            }
        }
        out.stages.push((facts.id, to));
    }
    Ok(out)
}

/// Runs the round once at start and then once on each new day (Oslo), in the background.
/// Of several instances on one database, the first to claim the day's lease runs it; the
/// lease records the day as done, so the others skip it.
pub fn spawn(db: Db, clock: Arc<dyn Clock>, days: u32, instance: Instance) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            let (today, now) = (clock.today(), clock.now());
            let until = now + chrono::Duration::from_std(LEASE).unwrap_or_else(|_| chrono::Duration::hours(1));
            match db.claim_lease(LEASE_NAME, instance.id(), now, until, Some(today)).await {
                Ok(true) => {}
                Ok(false) => continue,
                Err(e) => {
                    tracing::error!(error = %e, "could not claim the pipeline lease");
                    continue;
                }
            }
            let round = Round { as_of: today, now, days, dry_run: false, actor: "jobbvei:daily".into() };
            let done = match run(&db, &round).await {
                Ok(o) => {
                    tracing::info!(
                        released = o.released.len(),
                        noticed = o.noticed.len(),
                        stages = o.stages.len(),
                        "employer pipeline round"
                    );
                    Some(today)
                }
                Err(e) => {
                    tracing::error!(error = %e, "employer pipeline round failed");
                    None
                }
            };
            if let Err(e) = db.release_lease(LEASE_NAME, instance.id(), clock.now(), done).await {
                tracing::error!(error = %e, "could not release the pipeline lease");
            }
        }
    })
}
