//! The job specialist's workplace: Min dag, the caseload, the participant record and the
//! quick log. Every read of a person's record and every change is audited.

pub mod activity_form;
pub mod audit_log;
pub mod caseload;
mod caseload_query;
pub mod chain;
pub(crate) mod employer_name;
pub mod employers;
pub(crate) mod flags;
pub mod job_chain;
pub mod kept_cases;
pub mod labels;
pub mod meeting;
pub mod myday;
pub mod participant;
pub mod placement;
pub mod quicklog;
pub(crate) mod veileder;

use jobbvei_store::AuditEntry;

use crate::AppState;
use crate::auth::Viewer;

/// An audit entry for something the viewer did to a record.
pub(crate) fn entry(state: &AppState, v: &Viewer, action: &str, record: (&str, &str), fields: &[&str]) -> AuditEntry {
    AuditEntry {
        at: state.clock.now(),
        user_id: Some(v.user.id.as_str().to_owned()),
        username: v.user.username.clone(),
        role: v.role_code(),
        action: action.into(),
        record_type: Some(record.0.into()),
        record_id: Some(record.1.into()),
        fields: fields.iter().map(|f| (*f).to_owned()).collect(),
        ip: None,
        outcome: "ok".into(),
    }
}

/// Writes one audit entry on its own, committed before the page is answered; for reads,
/// which change nothing else. One statement, not a transaction (`Db::audit_now`).
pub(crate) async fn audit_read(state: &AppState, e: AuditEntry) -> Result<(), jobbvei_store::StoreError> {
    state.db.audit_now(&e).await
}
