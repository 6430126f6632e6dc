//! Measure requests (virkemidler): the job specialist drafts and sends them from the
//! participant's page, the assigned veileder decides them on `/vedtak`, and leaders set the
//! office's monthly quotas on `/admin/kvoter`. Who may take which step is decided by
//! `jobbvei_domain::measure_flow`; every step is audited in the transaction that makes it.

pub mod decisions;
mod form;
pub mod page;
pub mod quotas;
pub mod steps;

use axum::http::StatusCode;
use axum::response::Response;
use jobbvei_domain::measure_flow::{Actor, Counted, Month, Quota, QuotaUse, quota_use};
use jobbvei_domain::{MeasureKind, MeasureStatus, Role};
use jobbvei_store::{MeasureEvent, MeasureRecord, ParticipantAccess, StoreError};

use crate::AppState;
use crate::access::may_write_participant;
use crate::auth::Viewer;
pub(crate) use crate::forms::message;
use crate::workplace::{audit_read, entry};

pub(crate) fn kind_label(k: MeasureKind) -> &'static str {
    match k {
        MeasureKind::TemporaryWageSubsidy => "Midlertidig lønnstilskudd",
        MeasureKind::PermanentWageSubsidy => "Varig lønnstilskudd",
        MeasureKind::MentorGrant => "Mentortilskudd",
        MeasureKind::InclusionGrant => "Inkluderingstilskudd",
        MeasureKind::WorkTraining => "Arbeidstrening",
        MeasureKind::Course => "Kurs/opplæring",
    }
}

pub(crate) fn status_label(s: MeasureStatus) -> &'static str {
    match s {
        MeasureStatus::Draft => "Utkast",
        MeasureStatus::SentToVeileder => "Sendt veileder",
        MeasureStatus::Granted => "Innvilget",
        MeasureStatus::Declined => "Avslått",
        MeasureStatus::Active => "Aktiv",
        MeasureStatus::Ended => "Avsluttet",
    }
}

/// "2 av 2 brukt denne måneden – kvoten er full"; empty when the office has no quota.
/// `when` names the month: "denne måneden", "i 2024-12".
pub(crate) fn quota_text(u: QuotaUse, when: &str) -> String {
    let Some(max) = u.max else { return String::new() };
    let tail = if u.exceeded() {
        " – kvoten er overskredet"
    } else if u.full() {
        " – kvoten er full"
    } else {
        ""
    };
    format!("{} av {max} brukt {when}{tail}", u.used)
}

/// The acting user's relation to the participant, as the domain rules need it.
pub(crate) fn actor(v: &Viewer, a: &ParticipantAccess) -> Actor {
    Actor {
        case_worker: may_write_participant(v, a),
        veileder: v.has(Role::Veileder) && a.veileder.as_deref() == Some(v.user.id.as_str()),
    }
}

pub(crate) fn not_found() -> Response {
    message(StatusCode::NOT_FOUND, "Fant ikke siden", "Fant ikke tiltaket eller deltakeren.")
}

/// 403 for a participant the viewer may not act on; the attempt is audited.
pub(crate) async fn denied(state: &AppState, v: &Viewer, action: &str, participant: &str) -> Response {
    let mut e = entry(state, v, action, ("participant", participant), &["measure"]);
    e.outcome = "denied".into();
    if let Err(err) = audit_read(state, e).await {
        tracing::error!(error = %err, "could not audit a denial");
    }
    message(StatusCode::FORBIDDEN, "Ingen tilgang", "Du har ikke tilgang til å gjøre dette for denne deltakeren.")
}

/// The office whose quotas apply to a participant: that of the owner job specialist's team.
pub(crate) async fn office_of(state: &AppState, a: &ParticipantAccess) -> Result<Option<String>, StoreError> {
    match a.owners.first().and_then(|(_, team, _)| team.clone()) {
        Some(team) => state.db.office_of_team(&team).await,
        None => Ok(None),
    }
}

/// The office's quotas for a month and the requests counted against them.
pub(crate) async fn office_quotas(
    state: &AppState,
    office: Option<&str>,
    month: Month,
) -> Result<(Vec<Quota>, Vec<Counted>), StoreError> {
    match office {
        Some(o) => Ok((state.db.measure_quotas(o, month).await?, state.db.measures_counted(o, month).await?)),
        None => Ok((Vec::new(), Vec::new())),
    }
}

/// How much of `kind`'s quota is used this month at `office`.
pub(crate) async fn quota_now(
    state: &AppState,
    office: Option<&str>,
    kind: MeasureKind,
) -> Result<QuotaUse, StoreError> {
    let month = Month::of(state.clock.today());
    let (quotas, counted) = office_quotas(state, office, month).await?;
    Ok(quota_use(&quotas, &counted, kind, month))
}

/// The event a step writes.
pub(crate) fn event(
    state: &AppState,
    v: &Viewer,
    r: &MeasureRecord,
    to: MeasureStatus,
    reason: Option<String>,
    over_quota: bool,
) -> MeasureEvent {
    MeasureEvent {
        measure: r.measure.id.to_string(),
        at: state.clock.now(),
        user: v.user.id.to_string(),
        from: Some(r.measure.status),
        to,
        reason,
        over_quota,
    }
}

/// The audit action of a step: `measure_<new status>`.
pub(crate) fn action(to: MeasureStatus) -> String {
    format!("measure_{}", to.code())
}

/// A veileder's decision on one of the job specialist's requests, for Min dag.
pub(crate) struct AnswerView {
    pub when: String,
    pub status: &'static str,
    pub kind: &'static str,
    pub participant_id: String,
    pub participant_name: String,
    pub reason: String,
}

/// How many days back Min dag shows decisions.
const ANSWER_DAYS: i64 = 14;

/// Since when Min dag shows decisions, at `now`.
pub(crate) fn answers_since(now: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
    now - chrono::Duration::days(ANSWER_DAYS)
}

/// Decisions on requests whose course the user follows, as Min dag reads them since
/// [`answers_since`] (`Db::my_day_page`), newest first.
pub(crate) fn answer_views(rows: Vec<jobbvei_store::MeasureWithEvent>) -> Vec<AnswerView> {
    rows.into_iter()
        .map(|a| AnswerView {
            when: crate::dates::day_of(a.event.at),
            status: status_label(a.event.to),
            kind: kind_label(a.record.measure.kind),
            participant_id: a.record.participant_id,
            participant_name: a.record.participant_name,
            reason: a.event.reason.unwrap_or_default(),
        })
        .collect()
}
