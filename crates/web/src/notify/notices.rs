//! The notices the events of issue 5 send, written in the event's own transaction so a
//! notice exists exactly when its event does. Their words name the measure kind, the
//! participant and the step, never the request's note, a decision's reason or anything about
//! health (DOMAIN.md §2: the veileder may not see health data). A confidential participant is
//! not named to the veileder, who may not see them; a user is never told of their own step.

use jobbvei_domain::{MeasureStatus, Participant};
use jobbvei_store::{MeasureRecord, NewNotification, StoreError, Tx};

use crate::measures::kind_label;

pub const MEASURE_SENT: &str = "tiltak_sendt";
pub const MEASURE_GRANTED: &str = "tiltak_innvilget";
pub const MEASURE_DECLINED: &str = "tiltak_avslatt";
pub const COURSE_ENDED: &str = "forlop_avsluttet";

/// How much of the handover's "who follows up" the notice quotes.
const FOLLOW_UP_CHARS: usize = 120;

/// Who acts and when.
pub(crate) struct By<'a> {
    pub user: &'a str,
    pub at: chrono::DateTime<chrono::Utc>,
}

async fn add(
    tx: &mut Tx,
    by: &By<'_>,
    to: &str,
    kind: &str,
    record: (&str, &str),
    link: Option<String>,
    text: String,
) -> Result<(), StoreError> {
    if to == by.user {
        return Ok(());
    }
    tx.add_notification(&NewNotification {
        user_id: to.to_owned(),
        kind: kind.to_owned(),
        record: Some((record.0.to_owned(), record.1.to_owned())),
        link,
        text,
        created_at: by.at,
    })
    .await
}

/// A request was sent: the participant's assigned veileder has one more to decide.
pub(crate) async fn measure_sent(
    tx: &mut Tx,
    by: &By<'_>,
    r: &MeasureRecord,
    veileder: Option<&str>,
) -> Result<(), StoreError> {
    let Some(to) = veileder else { return Ok(()) };
    let kind = kind_label(r.measure.kind);
    let text = if r.confidential {
        format!("{kind} for en fortrolig deltaker venter på vedtak. Den behandles utenfor Jobbvei.")
    } else {
        format!("{kind} for {} venter på vedtak.", r.participant_name)
    };
    add(tx, by, to, MEASURE_SENT, ("measure", r.measure.id.as_str()), Some("/vedtak".into()), text).await
}

/// A request was decided: the job specialist who drafted it is told the outcome; the reason
/// is on the measures page the notice links to.
pub(crate) async fn measure_decided(
    tx: &mut Tx,
    by: &By<'_>,
    r: &MeasureRecord,
    to_status: MeasureStatus,
) -> Result<(), StoreError> {
    let Some(to) = tx.measure_drafter(r.measure.id.as_str()).await? else { return Ok(()) };
    let (kind_code, outcome) = match to_status {
        MeasureStatus::Granted => (MEASURE_GRANTED, "er innvilget"),
        MeasureStatus::Declined => (MEASURE_DECLINED, "er avslått"),
        _ => return Ok(()),
    };
    let kind = kind_label(r.measure.kind);
    let who = if r.confidential { "en fortrolig deltaker".to_owned() } else { r.participant_name.clone() };
    let text = format!("{kind} for {who} {outcome}.");
    let link = Some(format!("/deltaker/{}/tiltak", r.participant_id));
    add(tx, by, &to, kind_code, ("measure", r.measure.id.as_str()), link, text).await
}

/// A course ended: the participant's veileder is told, with who follows up now.
pub(crate) async fn course_ended(
    tx: &mut Tx,
    by: &By<'_>,
    p: &Participant,
    course: &str,
    end: chrono::NaiveDate,
    follow_up_by: &str,
) -> Result<(), StoreError> {
    let Some(to) = p.veileder.as_ref().map(|v| v.as_str()) else { return Ok(()) };
    let date = crate::dates::day(end);
    let (text, link) = if p.is_confidential() {
        (
            format!(
                "Et forløp for en fortrolig deltaker ble avsluttet {date}. Jobbspesialisten tar kontakt utenfor Jobbvei."
            ),
            None,
        )
    } else {
        let who: String = follow_up_by.chars().take(FOLLOW_UP_CHARS).collect();
        (
            format!("Forløpet til {} ble avsluttet {date}. Følger opp videre: {who}.", p.name),
            Some(format!("/deltaker/{}/sluttrapport", p.id)),
        )
    };
    add(tx, by, to, COURSE_ENDED, ("course", course), link, text).await
}
