//! Referral and intake (issue 11, parts 1, 2 and 7; DOMAIN.md §3): the veileder refers a
//! participant (`form`), the team lead answers from the team's queue (`list`, `intake`),
//! the veileder is told of the answer (`notices`), and the zero-exclusion figures show
//! whether anyone is screened out (`report`). See docs/referrals.md.
//!
//! Who sees a referral: the veileder who made it; the team lead of the team it was sent to
//! (a draft only when the veileder asked to talk it over); the job specialists of that team
//! once it is sent, unless the participant is confidential. Nobody else.

pub(crate) mod form;
pub(crate) mod intake;
pub(crate) mod list;
pub(crate) mod notices;
pub(crate) mod report;
pub(crate) mod report_rows;
pub(crate) mod view;

use jobbvei_domain::referrals::{OVERDUE_DAYS, RejectReason, Rejection};
use jobbvei_domain::{ExtId, Referral, ReferralDecision, Role};
use jobbvei_store::{ReferralFilter, ReferralLine};

use crate::AppState;
use crate::auth::Viewer;
use crate::forms::PageError;
use crate::workplace::{audit_read, entry};

/// How the viewer stands to a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seen {
    /// The veileder who made it.
    Owner,
    /// The team lead of the team it was sent to.
    Lead,
    /// A job specialist of that team.
    Team,
}

fn my_team(v: &Viewer) -> Option<&str> {
    v.user.team.as_ref().map(|t| t.as_str())
}

pub(crate) fn seen(v: &Viewer, l: &ReferralLine) -> Option<Seen> {
    let mine = my_team(v) == Some(l.team_id.as_str());
    if v.has(Role::Veileder) && l.veileder_id == v.user.id.as_str() {
        Some(Seen::Owner)
    } else if v.has(Role::MethodSupervisor) && mine && (l.sent.is_some() || l.consulted_at.is_some()) {
        Some(Seen::Lead)
    } else if v.has(Role::JobSpecialist) && mine && l.sent.is_some() && !l.confidential {
        Some(Seen::Team)
    } else {
        None
    }
}

/// The referral, if the viewer may see it; a denial is audited.
pub(crate) async fn case(state: &AppState, v: &Viewer, id: &str) -> Result<(ReferralLine, Seen), PageError> {
    let line = state.db.referral_line(id).await?.ok_or(PageError::NotFound("Fant ikke henvisningen."))?;
    match seen(v, &line) {
        Some(s) => Ok((line, s)),
        None => {
            let mut denial = entry(state, v, "read", ("participant", &line.participant_id), &["referral"]);
            denial.outcome = "denied".into();
            audit_read(state, denial).await?;
            Err(PageError::Forbidden("Du har ikke tilgang til denne henvisningen."))
        }
    }
}

/// The referral for the team lead's answer: only the lead of its team may give one.
pub(crate) async fn lead_case(state: &AppState, v: &Viewer, id: &str) -> Result<ReferralLine, PageError> {
    match case(state, v, id).await? {
        (line, Seen::Lead) => Ok(line),
        (line, _) => {
            let mut denial = entry(state, v, "update", ("participant", &line.participant_id), &["referral"]);
            denial.outcome = "denied".into();
            audit_read(state, denial).await?;
            Err(PageError::Forbidden("Bare teamlederen for teamet kan svare på henvisningen."))
        }
    }
}

/// The exchange record of a sent referral, as the line holds it.
pub(crate) fn record(l: &ReferralLine) -> Option<Referral> {
    Some(Referral {
        id: ExtId::parse(&l.id).ok()?,
        participant: ExtId::parse(&l.participant_id).ok()?,
        veileder: ExtId::parse(&l.veileder_id).ok()?,
        team: ExtId::parse(&l.team_id).ok()?,
        sent: l.sent?,
        decision: l.decision,
        decided: l.decided,
        reason: l.reason.clone(),
    })
}

pub(crate) fn reason_label(r: RejectReason) -> &'static str {
    match r {
        RejectReason::NotMotivatedNow => "Ikke motivert for arbeid nå",
        RejectReason::HealthUnclear => "Helse må avklares først",
        RejectReason::ActiveSubstanceUse => "Aktiv rus",
        RejectReason::WantsEducation => "Ønsker utdanning",
        RejectReason::OutsideTargetGroup => "Utenfor målgruppen",
        RejectReason::Other => "Annet",
    }
}

/// A rejection's reason in words; an older file's free text after "Annet".
pub(crate) fn rejection_words(r: &Rejection) -> String {
    match &r.legacy_text {
        Some(t) => format!("{}: {t}", reason_label(r.reason)),
        None => reason_label(r.reason).to_owned(),
    }
}

/// Where the referral stands, in words: `Utkast`, `Sendt 02.12.2026 (venter 3 dager)`, …
pub(crate) fn status_words(l: &ReferralLine, today: chrono::NaiveDate) -> String {
    let Some(sent) = l.sent else {
        return if l.consulted_at.is_some() { "Utkast, til drøfting med teamleder".into() } else { "Utkast".into() };
    };
    let decided = l.decided.map(|d| format!(" {}", crate::dates::day(d))).unwrap_or_default();
    match l.decision {
        None => {
            let days = (today - sent).num_days();
            format!("Sendt {}, venter på svar ({})", crate::dates::day(sent), waiting(days))
        }
        Some(ReferralDecision::Accepted) => format!("Akseptert{decided}"),
        Some(ReferralDecision::Rejected) => {
            format!("Avvist{decided}: {}", rejection_words(&Rejection::read(l.reason.as_deref())))
        }
    }
}

pub(crate) fn waiting(days: i64) -> String {
    match days {
        ..=0 => "sendt i dag".into(),
        1 => "1 dag".into(),
        n => format!("{n} dager"),
    }
}

/// A sent referral unanswered for 14 days or more.
pub(crate) fn overdue(l: &ReferralLine, today: chrono::NaiveDate) -> bool {
    l.decision.is_none() && l.sent.is_some_and(|s| (today - s).num_days() >= OVERDUE_DAYS)
}

/// An overdue referral, as Min dag and the veileder's pages list it.
pub(crate) struct Waiting {
    pub id: String,
    pub participant_name: String,
    pub veileder_name: String,
    pub days: i64,
}

/// The team lead's overdue referrals (their team's), oldest first; none for other roles.
pub(crate) async fn overdue_for_lead(state: &AppState, v: &Viewer) -> Result<Vec<Waiting>, jobbvei_store::StoreError> {
    let Some(team) = my_team(v).filter(|_| v.has(Role::MethodSupervisor)) else { return Ok(Vec::new()) };
    let today = state.clock.today();
    let mut out: Vec<Waiting> = state
        .db
        .referral_lines(ReferralFilter::Team(team))
        .await?
        .into_iter()
        .filter(|l| overdue(l, today))
        .map(|l| Waiting {
            days: l.sent.map_or(0, |s| (today - s).num_days()),
            id: l.id,
            participant_name: l.participant_name,
            veileder_name: l.veileder_name,
        })
        .collect();
    out.sort_by(|a, b| b.days.cmp(&a.days).then_with(|| a.id.cmp(&b.id)));
    Ok(out)
}

/// How many of the veileder's sent referrals have waited 14 days or more.
pub(crate) async fn overdue_count_for_veileder(
    state: &AppState,
    v: &Viewer,
) -> Result<usize, jobbvei_store::StoreError> {
    let today = state.clock.today();
    let lines = state.db.referral_lines(ReferralFilter::Veileder(v.user.id.as_str())).await?;
    Ok(lines.iter().filter(|l| overdue(l, today)).count())
}
