//! The audit table on a participant's page: when, who by name and what, in Norwegian.

use jobbvei_store::{AuditEntry, NameKind, StoreError};

use super::labels;
use crate::AppState;
use crate::names::Names;

/// How many of the newest entries the page shows.
const SHOWN: usize = 20;

/// One row: when, who and what was done.
pub(crate) struct AuditLine {
    pub at: String,
    pub who: String,
    pub what: &'static str,
}

/// The newest entries first. Entries written by `jobbvei` on the command line have no user.
pub(crate) async fn lines(state: &AppState, entries: &[AuditEntry]) -> Result<Vec<AuditLine>, StoreError> {
    let newest: Vec<&AuditEntry> = entries.iter().rev().take(SHOWN).collect();
    let names = Names::load(state, NameKind::User, newest.iter().filter_map(|e| e.user_id.as_deref())).await?;
    Ok(newest
        .into_iter()
        .map(|e| AuditLine {
            at: crate::dates::moment(e.at),
            who: match e.user_id.as_deref() {
                Some(id) => names.of(id),
                None if e.username.as_deref().is_some_and(|u| u.starts_with("cli")) => "Kommandolinjen".into(),
                None => "Ukjent bruker".into(),
            },
            what: labels::audit(&e.action, &e.outcome),
        })
        .collect())
}
