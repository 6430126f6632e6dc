//! Notices when the pair itself changes (issue 11 part 5: "nobody is told when the veileder
//! changes", seed 001): the one who leaves, the one who comes and the other of the pair are
//! each told, in the transaction of the change. The newcomer is pointed to the cooperation
//! agreement, since a new pair makes its own.

use jobbvei_domain::{ExtId, Participant};
use jobbvei_store::{NameKind, StoreError, Tx};

use super::notices::By;
use super::pair::{JOB_SPECIALIST_CHANGED, Pair, Side, VEILEDER_CHANGED, tell};
use crate::AppState;
use crate::names::Names;

/// The names of the people a change is between, looked up before the transaction.
pub(crate) struct Change<'a> {
    /// The one who leaves: id and name.
    pub before: Option<(&'a str, &'a str)>,
    /// The one who comes: id and name.
    pub after: Option<(&'a str, &'a str)>,
    /// The other of the pair, by name: the job specialist when the veileder changes.
    pub other: &'a str,
}

/// What the notices of a new veileder need: the latest course (open first) and the names.
/// A participant without a course has no pair yet, and no one is told.
pub(crate) struct VeilederChange {
    pub pair: Pair,
    before: Option<(String, String)>,
    after: Option<(String, String)>,
    job_specialist: String,
}

impl VeilederChange {
    pub(crate) async fn load(
        state: &AppState,
        before: &Participant,
        after: &Participant,
    ) -> Result<Option<Self>, StoreError> {
        let id = after.id.as_str();
        let record = state.db.participant_record(id, 0).await?;
        let courses = record.map(|r| r.courses).unwrap_or_default();
        let Some(c) = courses.iter().find(|c| c.end.is_none()).or(courses.first()) else { return Ok(None) };
        let ids = [before.veileder.as_ref(), after.veileder.as_ref(), Some(&c.job_specialist)];
        let names = Names::load(state, NameKind::User, ids.iter().flatten().map(|i| i.as_str())).await?;
        let named = |u: Option<&ExtId>| u.map(|u| (u.as_str().to_owned(), names.of(u.as_str())));
        Ok(Some(VeilederChange {
            pair: Pair {
                course: c.id.as_str().to_owned(),
                participant: id.to_owned(),
                name: after.name.clone(),
                confidential: after.is_confidential(),
                job_specialist: c.job_specialist.as_str().to_owned(),
                veileder: after.veileder.as_ref().map(|v| v.as_str().to_owned()),
            },
            before: named(before.veileder.as_ref()),
            after: named(after.veileder.as_ref()),
            job_specialist: names.of(c.job_specialist.as_str()),
        }))
    }

    pub(crate) fn change(&self) -> Change<'_> {
        fn both(x: &Option<(String, String)>) -> Option<(&str, &str)> {
            x.as_ref().map(|(i, n)| (i.as_str(), n.as_str()))
        }
        Change { before: both(&self.before), after: both(&self.after), other: &self.job_specialist }
    }
}

/// The veileder changed. `pair` is the latest course with the new veileder; the old
/// veileder gets no link, since they may no longer read the record.
pub(crate) async fn veileder_changed(tx: &mut Tx, by: &By<'_>, pair: &Pair, c: &Change<'_>) -> Result<(), StoreError> {
    let new_name = c.after.map_or("ingen", |(_, n)| n);
    if let Some((old, _)) = c.before {
        let text = |who: &str| format!("Du er ikke lenger veileder for {who} i Jobbvei. Ny veileder: {new_name}.");
        tell(tx, by, pair, (old, Side::Veileder), VEILEDER_CHANGED, None, text).await?;
    }
    if let Some((new, _)) = c.after {
        let js = c.other;
        let text = |who: &str| {
            format!(
                "Du er nå veileder for {who}, som følges av jobbspesialist {js}. Les samarbeidsavtalen og avtal en \
                 trepartssamtale."
            )
        };
        tell(tx, by, pair, (new, Side::Veileder), VEILEDER_CHANGED, Some(pair.agreement()), text).await?;
    }
    let old_name = c.before.map_or("ingen", |(_, n)| n);
    let text = |who: &str| format!("Veilederen for {who} er byttet fra {old_name} til {new_name}.");
    let to = (pair.job_specialist.as_str(), Side::JobSpecialist);
    tell(tx, by, pair, to, VEILEDER_CHANGED, Some(pair.agreement()), text).await
}

/// The team lead gave the course to another job specialist. `pair` has the new one.
pub(crate) async fn job_specialist_changed(
    tx: &mut Tx,
    by: &By<'_>,
    pair: &Pair,
    c: &Change<'_>,
) -> Result<(), StoreError> {
    let new_name = c.after.map_or("ingen", |(_, n)| n);
    let old_name = c.before.map_or("ingen", |(_, n)| n);
    if let Some((old, _)) = c.before {
        let text = |who: &str| format!("{who} er flyttet fra deg til {new_name}.");
        tell(tx, by, pair, (old, Side::JobSpecialist), JOB_SPECIALIST_CHANGED, Some(pair.page()), text).await?;
    }
    if let Some((new, _)) = c.after {
        let text = |who: &str| {
            format!(
                "Du er nå jobbspesialist for {who} (overtatt fra {old_name}). Les samarbeidsavtalen og avtal en \
                 trepartssamtale med veilederen."
            )
        };
        tell(tx, by, pair, (new, Side::JobSpecialist), JOB_SPECIALIST_CHANGED, Some(pair.agreement()), text).await?;
    }
    if let Some(v) = &pair.veileder {
        let text = |who: &str| format!("{who} har fått ny jobbspesialist: {new_name}.");
        tell(tx, by, pair, (v, Side::Veileder), JOB_SPECIALIST_CHANGED, Some(pair.page()), text).await?;
    }
    Ok(())
}
