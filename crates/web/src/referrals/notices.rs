//! The notices of a referral's steps, written in the step's own transaction. They name the
//! participant, the team and the step, and on a rejection the reason from the fixed list;
//! never the free text of the referral or of the rejection, which may hold what the reader
//! may not see (health). A confidential participant is not named. Nobody is told of their
//! own step.

use jobbvei_domain::Role;
use jobbvei_domain::referrals::RejectReason;
use jobbvei_store::{NewNotification, ReferralLine, StoreError, Tx};

use super::reason_label;
use crate::AppState;

pub const REFERRAL_SENT: &str = "henvisning_sendt";
pub const REFERRAL_CONSULT: &str = "henvisning_drofting";
pub const REFERRAL_ACCEPTED: &str = "henvisning_akseptert";
pub const REFERRAL_REJECTED: &str = "henvisning_avvist";
pub const REFERRAL_ASSIGNED: &str = "henvisning_tildelt";

/// Who acts, and when.
pub(crate) struct By<'a> {
    pub user: &'a str,
    pub at: chrono::DateTime<chrono::Utc>,
}

async fn add(tx: &mut Tx, by: &By<'_>, to: &str, kind: &str, l: &ReferralLine, text: String) -> Result<(), StoreError> {
    if to == by.user {
        return Ok(());
    }
    tx.add_notification(&NewNotification {
        user_id: to.to_owned(),
        kind: kind.to_owned(),
        record: Some(("referral".to_owned(), l.id.clone())),
        link: Some(format!("/henvisning/{}", l.id)),
        text,
        created_at: by.at,
    })
    .await
}

fn who(l: &ReferralLine) -> String {
    if l.confidential { "en fortrolig deltaker".to_owned() } else { l.participant_name.clone() }
}

/// The team leads of the referral's team.
pub(crate) async fn leads(state: &AppState, team: &str) -> Result<Vec<String>, StoreError> {
    let users = state.db.team_users(team).await?;
    Ok(users
        .into_iter()
        .filter(|u| u.roles.contains(&Role::MethodSupervisor))
        .map(|u| u.id.as_str().to_owned())
        .collect())
}

/// Sent: the team's leads have one more in the queue.
pub(crate) async fn sent(tx: &mut Tx, by: &By<'_>, leads: &[String], l: &ReferralLine) -> Result<(), StoreError> {
    let text = format!("Ny henvisning til {}: {} fra {}.", l.team_name, who(l), l.veileder_name);
    for lead in leads {
        add(tx, by, lead, REFERRAL_SENT, l, text.clone()).await?;
    }
    Ok(())
}

/// The veileder asks to talk a draft over before sending it.
pub(crate) async fn consult(tx: &mut Tx, by: &By<'_>, leads: &[String], l: &ReferralLine) -> Result<(), StoreError> {
    let text = format!("{} vil drøfte en henvisning av {} med deg før den sendes.", l.veileder_name, who(l));
    for lead in leads {
        add(tx, by, lead, REFERRAL_CONSULT, l, text.clone()).await?;
    }
    Ok(())
}

/// Accepted: the veileder is told who follows up and when the three-party meeting is; the
/// job specialist that they have a new participant.
pub(crate) async fn accepted(
    tx: &mut Tx,
    by: &By<'_>,
    l: &ReferralLine,
    job_specialist: (&str, &str),
    meeting: chrono::NaiveDate,
) -> Result<(), StoreError> {
    let date = crate::dates::day(meeting);
    let text = format!(
        "Henvisningen av {} er akseptert av {}. Jobbspesialist: {}. Trekantsamtale planlagt {date}.",
        who(l),
        l.team_name,
        job_specialist.1
    );
    add(tx, by, &l.veileder_id, REFERRAL_ACCEPTED, l, text).await?;
    let text = format!("Du har fått en ny deltaker: {}. Trekantsamtale planlagt {date}.", who(l));
    add(tx, by, job_specialist.0, REFERRAL_ASSIGNED, l, text).await
}

/// Rejected: the veileder is told, with the reason from the list; the text is on the page.
pub(crate) async fn rejected(
    tx: &mut Tx,
    by: &By<'_>,
    l: &ReferralLine,
    reason: RejectReason,
) -> Result<(), StoreError> {
    let text = format!(
        "Henvisningen av {} er avvist av {}. Grunn: {}. Se begrunnelsen i henvisningen.",
        who(l),
        l.team_name,
        reason_label(reason)
    );
    add(tx, by, &l.veileder_id, REFERRAL_REJECTED, l, text).await
}
