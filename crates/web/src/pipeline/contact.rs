//! What logging contact with an employer does beside the activity, in the same transaction:
//! the stage moves forward when the data says so (`jobbvei_domain::pipeline::stage_moved`),
//! and a colleague who holds the relationship is told who met the employer.

use chrono::NaiveDate;
use jobbvei_domain::pipeline::{Evidence, stage_moved};
use jobbvei_domain::{Activity, ActivityStatus, EmployerStage};
use jobbvei_store::{AuditEntry, NewNotification, StoreError, Tx};

use crate::AppState;
use crate::auth::Viewer;
use crate::dashboard::drill::enc;
use crate::workplace::{entry, labels};

/// Moves the employer's stage forward if its data says so, auditing the move with `audit`
/// (its record and fields are set here); the new stage, if it moved.
pub(crate) async fn advance_stage(
    tx: &mut Tx,
    employer: &str,
    today: NaiveDate,
    mut audit: AuditEntry,
) -> Result<Option<EmployerStage>, StoreError> {
    let Some(facts) = tx.stage_facts(employer, today).await? else { return Ok(None) };
    let evidence =
        Evidence { candidate_presented: facts.candidate_presented, paid_job_started: facts.paid_job_started };
    let Some(to) = stage_moved(facts.stage.as_deref().and_then(EmployerStage::parse), evidence) else {
        return Ok(None);
    };
    tx.set_employer_stage(employer, to.code()).await?;
    audit.record_type = Some("employer".into());
    audit.record_id = Some(employer.into());
    audit.fields = vec!["stage".into()];
    tx.audit(&audit).await?;
    Ok(Some(to))
}

/// The viewer's stage move, audited as theirs.
pub(crate) async fn advance_for(
    tx: &mut Tx,
    state: &AppState,
    viewer: &Viewer,
    employer: &str,
) -> Result<Option<EmployerStage>, StoreError> {
    let audit = entry(state, viewer, "update", ("employer", employer), &["stage"]);
    advance_stage(tx, employer, state.clock.today(), audit).await
}

/// The holder of the activity's employer when it is a colleague of the viewer: they get a
/// notice naming who logged what and when. Cancelled activities tell nobody.
pub(crate) async fn tell_holder(
    tx: &mut Tx,
    state: &AppState,
    viewer: &Viewer,
    a: &Activity,
) -> Result<Option<String>, StoreError> {
    let Some(employer_id) = &a.employer else { return Ok(None) };
    if a.status == ActivityStatus::Cancelled {
        return Ok(None);
    }
    let Some(employer) = state.db.employer(employer_id.as_str()).await? else { return Ok(None) };
    let Some(holder) = employer.holder.filter(|h| *h != viewer.user.id) else { return Ok(None) };
    let Some(holder) = state.db.user_by_id(holder.as_str()).await? else { return Ok(None) };
    let what = labels::kind(a.kind.code()).to_lowercase();
    let planned = if a.status == ActivityStatus::Planned { "planla" } else { "logget" };
    let text = format!(
        "{} {planned} {what} med {} {}. Du holder relasjonen til arbeidsgiveren.",
        viewer.user.name,
        employer.name,
        crate::dates::moment(a.start)
    );
    tx.add_notification(&NewNotification {
        user_id: holder.id.as_str().to_owned(),
        kind: "arbeidsgiver_kontakt".into(),
        record: Some(("employer".into(), employer_id.as_str().to_owned())),
        link: Some(format!("/arbeidsgiver/{}", enc(employer_id.as_str()))),
        text,
        created_at: state.clock.now(),
    })
    .await?;
    Ok(Some(holder.name))
}

/// What the quick log says after saving contact with an employer a colleague holds.
pub(crate) fn held_by_message(holder: &str, employer: &str) -> String {
    format!(
        "{holder} holder relasjonen til {employer}. {holder} har fått beskjed om aktiviteten din. \
         Snakk gjerne sammen før neste kontakt, så arbeidsgiveren slipper å høre fra to av oss."
    )
}
