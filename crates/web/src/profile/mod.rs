//! The participant's vocational profile, disclosure plan, support needs and plan: four
//! pages under `/deltaker/{id}/…`. Each read is audited on the participant; each change is
//! saved in one transaction with an audit entry naming the changed fields, never their values.

pub mod disclosure;
pub mod plan;
pub mod support;
pub mod vocational;

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::Response;

use crate::AppState;
use crate::access::{may_read_participant, may_write_participant};
use crate::auth::Viewer;
pub(crate) use crate::dates::day as date;
use crate::forms::message;
pub(crate) use crate::forms::new_id;
use crate::pages::internal_error;
use crate::workplace::{audit_read, entry};

/// Longest free text accepted in any field of these pages.
pub(crate) const MAX_TEXT: usize = 2000;

/// The reminder every free-text form carries.
pub(crate) const FREE_TEXT_NOTE: &str =
    "Ikke skriv helseopplysninger eller andres identitet i fritekst der det finnes egne felt for det.";

pub(crate) type Errors = HashMap<&'static str, String>;

/// The participant as these pages need it, once the viewer is let through.
pub(crate) struct Case {
    pub name: String,
    /// Owner job specialist or team lead: may change the records and see health fields.
    pub may_write: bool,
    /// A case role (`access::sees_health`): sees what touches on health in the disclosure
    /// plan and the support needs; a veileder does not.
    pub sees_health: bool,
}

/// Route check, participant lookup and the participant-level rule, in that order. A POST
/// also needs a valid CSRF token and write access. Denials are audited.
pub(crate) async fn gate(
    state: &AppState,
    viewer: &Viewer,
    (_method, _route): (&str, &str),
    id: &str,
    form: Option<&HashMap<String, String>>,
) -> Result<Case, Response> {
    let found = async {
        let access = state.db.participant_access(id, state.clock.today()).await?;
        let name = state.db.profile_participant_name(id).await?;
        Ok::<_, jobbvei_store::StoreError>(access.zip(name))
    }
    .await;
    let (access, name) = match found {
        Ok(Some(x)) => x,
        Ok(None) => return Err(message(StatusCode::NOT_FOUND, "Fant ikke deltakeren", "Fant ikke deltakeren.")),
        Err(e) => {
            tracing::error!(error = %e, "participant lookup failed");
            return Err(internal_error());
        }
    };
    let may_write = may_write_participant(viewer, &access);
    let allowed = if form.is_some() { may_write } else { may_read_participant(viewer, &access) };
    if !allowed {
        let action = if form.is_some() { "update" } else { "read" };
        let mut denial = entry(state, viewer, action, ("participant", id), &[]);
        denial.outcome = "denied".into();
        if let Err(e) = audit_read(state, denial).await {
            tracing::error!(error = %e, "could not audit a denial");
        }
        return Err(message(StatusCode::FORBIDDEN, "Ingen tilgang", "Du har ikke tilgang til denne deltakeren."));
    }
    Ok(Case { name, may_write, sees_health: crate::access::sees_health(viewer) })
}

/// Audits a read of the named parts of the participant's record.
pub(crate) async fn audit_view(state: &AppState, viewer: &Viewer, id: &str, fields: &[&str]) -> Result<(), Response> {
    audit_read(state, entry(state, viewer, "read", ("participant", id), fields)).await.map_err(|e| {
        tracing::error!(error = %e, "could not audit a read");
        internal_error()
    })
}

/// A trimmed form field, empty when missing.
pub(crate) fn field(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key).map(|s| s.trim().to_owned()).unwrap_or_default()
}

/// A free-text field, with a message when it is too long.
pub(crate) fn text(form: &HashMap<String, String>, key: &'static str, errors: &mut Errors) -> String {
    let value = field(form, key);
    if value.chars().count() > MAX_TEXT {
        errors.insert(key, format!("Feltet kan ha høyst {MAX_TEXT} tegn."));
    }
    value
}
