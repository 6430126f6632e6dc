//! Notices at the stop points of a course (issue 11 part 5), to the pair that follows it:
//! the course's job specialist and the participant's veileder, except whoever made the
//! change (a team lead's change reaches both). Each is written in the transaction of its
//! change, says what happened and links to it, and never carries a free text or a code
//! that touches on health: not why a course went passive, not why a job ended, not the
//! agreement's contacts. A veileder is told of a confidential participant without the name
//! and without a link, as in `notices`.

use jobbvei_domain::{Job, PassivePeriod};
use jobbvei_store::{NewNotification, StoreError, Tx};

use super::notices::By;
use crate::dates::day;
use crate::workplace::labels;

pub const MEETING_PLANNED: &str = "trepartssamtale_planlagt";
pub const AGREEMENT_SAVED: &str = "samarbeidsavtale";
pub const JOB_STARTED: &str = "jobb_startet";
pub const JOB_ENDED: &str = "jobb_avsluttet";
pub const PLACEMENT_ENDED: &str = "utplassering_avsluttet";
pub const PASSIVE_STARTED: &str = "passiv_startet";
pub const PASSIVE_ENDED: &str = "passiv_avsluttet";
pub const COURSE_REOPENED: &str = "forlop_gjenapnet";
pub const VEILEDER_CHANGED: &str = "veileder_byttet";
pub const JOB_SPECIALIST_CHANGED: &str = "jobbspesialist_byttet";
pub const INTERVAL_SHARED: &str = "intervallrapport_delt";

/// How a confidential participant is named to a veileder, who may not see them.
const HIDDEN: &str = "en fortrolig deltaker";

/// The course a notice is about and the pair that follows it.
#[derive(Debug, Clone)]
pub(crate) struct Pair {
    pub course: String,
    pub participant: String,
    pub name: String,
    pub confidential: bool,
    pub job_specialist: String,
    pub veileder: Option<String>,
}

impl Pair {
    pub(crate) fn page(&self) -> String {
        format!("/deltaker/{}", self.participant)
    }

    pub(crate) fn agreement(&self) -> String {
        format!("/forlop/{}/samarbeidsavtale/utskrift", self.course)
    }
}

/// Whom a notice goes to: the job specialist side sees everyone it follows; the veileder
/// side does not see a confidential participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    JobSpecialist,
    Veileder,
}

/// Writes one notice about the pair's participant to `to`, unless `to` made the change.
/// `text` is given the participant as the reader may know them.
pub(crate) async fn tell(
    tx: &mut Tx,
    by: &By<'_>,
    pair: &Pair,
    (to, side): (&str, Side),
    kind: &str,
    link: Option<String>,
    text: impl Fn(&str) -> String,
) -> Result<(), StoreError> {
    if to == by.user {
        return Ok(());
    }
    let hidden = side == Side::Veileder && pair.confidential;
    tx.add_notification(&NewNotification {
        user_id: to.to_owned(),
        kind: kind.to_owned(),
        record: Some(("course".to_owned(), pair.course.clone())),
        link: link.filter(|_| !hidden),
        text: text(if hidden { HIDDEN } else { &pair.name }),
        created_at: by.at,
    })
    .await
}

/// The same notice to both of the pair (never to the one who acted).
pub(crate) async fn to_pair(
    tx: &mut Tx,
    by: &By<'_>,
    pair: &Pair,
    kind: &str,
    link: String,
    text: impl Fn(&str) -> String,
) -> Result<(), StoreError> {
    tell(tx, by, pair, (&pair.job_specialist, Side::JobSpecialist), kind, Some(link.clone()), &text).await?;
    if let Some(v) = &pair.veileder {
        tell(tx, by, pair, (v, Side::Veileder), kind, Some(link), &text).await?;
    }
    Ok(())
}

/// The three-party meeting was planned, or its agreement recorded or changed.
pub(crate) async fn agreement_saved(
    tx: &mut Tx,
    by: &By<'_>,
    pair: &Pair,
    meeting: chrono::NaiveDate,
    planned: bool,
    first: bool,
) -> Result<(), StoreError> {
    let date = day(meeting);
    if planned {
        let text = |who: &str| format!("Trepartssamtale med {who} er planlagt {date}.");
        return to_pair(tx, by, pair, MEETING_PLANNED, pair.agreement(), text).await;
    }
    let what = if first { "er registrert" } else { "er endret" };
    let text = |who: &str| format!("Samarbeidsavtalen med {who} fra trepartssamtalen {date} {what}.");
    to_pair(tx, by, pair, AGREEMENT_SAVED, pair.agreement(), text).await
}

/// "Lagermedarbeider hos Bakeriet AS (tidsbegrenset)".
fn job_words(job: &Job, employer: &str) -> String {
    let title = job.title.clone().unwrap_or_else(|| "en jobb".into());
    // "Jobbsmak (ulønnet, ikke arbeid)" is said as "jobbsmak" here: the notice says ended or started.
    let form = labels::job_form(job.form.code()).split(" (").next().unwrap_or("").to_lowercase();
    format!("{title} hos {employer} ({form})")
}

/// A job or placement started: paid work is a stop point, a placement is not (the veileder
/// hears of it when the measure is asked for).
pub(crate) async fn job_started(
    tx: &mut Tx,
    by: &By<'_>,
    pair: &Pair,
    job: &Job,
    employer: &str,
) -> Result<(), StoreError> {
    if !job.is_paid_work() {
        return Ok(());
    }
    let (what, date) = (job_words(job, employer), day(job.start));
    let link = format!("{}#jobbkjede", pair.page());
    to_pair(tx, by, pair, JOB_STARTED, link, |who| format!("{who} har startet i jobb: {what} fra {date}.")).await
}

/// A job or an unpaid placement ended; who ended it is said, why is not (free text).
pub(crate) async fn job_ended(
    tx: &mut Tx,
    by: &By<'_>,
    pair: &Pair,
    job: &Job,
    employer: &str,
) -> Result<(), StoreError> {
    let Some(end) = job.end else { return Ok(()) };
    let (what, date) = (job_words(job, employer), day(end));
    let kind = if job.form.is_unpaid_placement() { PLACEMENT_ENDED } else { JOB_ENDED };
    let noun = if job.form.is_unpaid_placement() { "Utplasseringen" } else { "Jobben" };
    let how = job.ended_by.map(|e| format!(" {}", ended_by_words(e.code()))).unwrap_or_default();
    let link = format!("{}#jobbkjede", pair.page());
    to_pair(tx, by, pair, kind, link, |who| format!("{noun} til {who} er avsluttet {date}{how}: {what}.")).await
}

fn ended_by_words(code: &str) -> &'static str {
    match code {
        "arbeidstaker" => "(deltakeren sa opp)",
        "arbeidsgiver" => "(arbeidsgiveren avsluttet)",
        "gjensidig" => "(gjensidig avtale)",
        "utlopt" => "(avtalen løp ut)",
        _ => "",
    }
}

/// A passive period started or ended. The reason is never told: it may be health.
pub(crate) async fn passive(
    tx: &mut Tx,
    by: &By<'_>,
    pair: &Pair,
    period: &PassivePeriod,
    planned_to: Option<chrono::NaiveDate>,
) -> Result<(), StoreError> {
    let link = format!("{}#forlop-{}", pair.page(), pair.course);
    match period.to {
        Some(to) => {
            let date = day(to);
            to_pair(tx, by, pair, PASSIVE_ENDED, link, |who| {
                format!("Forløpet til {who} er aktivt igjen etter {date}.")
            })
            .await
        }
        None => {
            let from = day(period.from);
            let until = planned_to.map(|d| format!(", planlagt aktiv igjen {}", day(d))).unwrap_or_default();
            to_pair(tx, by, pair, PASSIVE_STARTED, link, |who| {
                format!("Forløpet til {who} er passivt fra {from}{until}.")
            })
            .await
        }
    }
}

/// The course was ended: the job specialist hears it when someone else (the team lead)
/// ended it; the veileder's notice is `notices::course_ended`.
pub(crate) async fn course_ended(
    tx: &mut Tx,
    by: &By<'_>,
    pair: &Pair,
    end: chrono::NaiveDate,
) -> Result<(), StoreError> {
    let date = day(end);
    let link = format!("/deltaker/{}/sluttrapport", pair.participant);
    let to = (pair.job_specialist.as_str(), Side::JobSpecialist);
    tell(tx, by, pair, to, super::notices::COURSE_ENDED, Some(link), |who| {
        format!("Forløpet til {who} ble avsluttet {date}.")
    })
    .await
}

/// The team lead reopened the course; why, from the fixed list, is told.
pub(crate) async fn reopened(tx: &mut Tx, by: &By<'_>, pair: &Pair, why: &str) -> Result<(), StoreError> {
    let link = format!("{}#forlop-{}", pair.page(), pair.course);
    to_pair(tx, by, pair, COURSE_REOPENED, link, |who| format!("Forløpet til {who} er gjenåpnet. Årsak: {why}.")).await
}

/// The interval report of a period was shared with the veileder.
pub(crate) async fn interval_shared(
    tx: &mut Tx,
    by: &By<'_>,
    pair: &Pair,
    number: i64,
    period: &str,
) -> Result<(), StoreError> {
    let Some(v) = &pair.veileder else { return Ok(()) };
    let link = format!("/forlop/{}/intervallrapport?nr={number}", pair.course);
    let text = |who: &str| format!("Intervallrapport {number} for {who} ({period}) er delt med deg.");
    tell(tx, by, pair, (v, Side::Veileder), INTERVAL_SHARED, Some(link), text).await
}
