//! The participant's vocational profile, disclosure plan, support needs and plan: four
//! pages under `/deltaker/{id}/…`. Each read is audited on the participant; each change is
//! saved in one transaction with an audit entry naming the changed fields, never their values.

pub mod disclosure;
pub mod plan;
pub mod support;
pub mod vocational;

use std::collections::HashMap;

use crate::AppState;
use crate::access::{may_read_participant, may_write_participant};
use crate::auth::Viewer;
pub(crate) use crate::dates::day as date;
use crate::forms::PageError;
pub(crate) use crate::forms::new_id;
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

/// Participant lookup and the participant-level rule (the route was checked by the access
/// gate). A POST also needs write access. Denials are audited.
pub(crate) async fn gate(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    form: Option<&HashMap<String, String>>,
) -> Result<Case, PageError> {
    let access = state.db.participant_access(id, state.clock.today()).await?;
    let name = state.db.profile_participant_name(id).await?;
    let Some((access, name)) = access.zip(name) else { return Err(PageError::NotFound("Fant ikke deltakeren.")) };
    let may_write = may_write_participant(viewer, &access);
    let allowed = if form.is_some() { may_write } else { may_read_participant(viewer, &access) };
    if !allowed {
        let action = if form.is_some() { "update" } else { "read" };
        let mut denial = entry(state, viewer, action, ("participant", id), &[]);
        denial.outcome = "denied".into();
        audit_read(state, denial).await?;
        return Err(PageError::Forbidden("Du har ikke tilgang til denne deltakeren."));
    }
    Ok(Case { name, may_write, sees_health: crate::access::sees_health(viewer) })
}

/// Audits a read of the named parts of the participant's record.
pub(crate) async fn audit_view(state: &AppState, viewer: &Viewer, id: &str, fields: &[&str]) -> Result<(), PageError> {
    Ok(audit_read(state, entry(state, viewer, "read", ("participant", id), fields)).await?)
}

/// A trimmed form field, empty when missing.
pub(crate) fn field(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key).map(|s| s.trim().to_owned()).unwrap_or_default()
}

/// A free-text field, with a message when it is too long or not plain text. A text area
/// sends line breaks as \r\n; stored text keeps \n only and no other control character
/// (`bounds::plain_text`), as every way in does, so that an export of it imports again.
pub(crate) fn text(form: &HashMap<String, String>, key: &'static str, errors: &mut Errors) -> String {
    let value = field(form, key).replace("\r\n", "\n");
    if value.chars().count() > MAX_TEXT {
        errors.insert(key, format!("Feltet kan ha høyst {MAX_TEXT} tegn."));
    } else if !jobbvei_domain::bounds::plain_text(&value) {
        errors.insert(key, PLAIN_TEXT.into());
    }
    value
}

/// The message for a text with a control character, as the other forms say it.
pub(crate) const PLAIN_TEXT: &str = "Feltet kan bare inneholde vanlig tekst.";
