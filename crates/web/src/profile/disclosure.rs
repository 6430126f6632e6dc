//! `/deltaker/{id}/apenhet`: the disclosure plan — what may and may not be told to
//! employers, consent to contact employers, and the network or health contacts the
//! participant has agreed that we talk with.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_store::Disclosure;

use super::{Case, Errors, FREE_TEXT_NOTE, audit_view, gate, text};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, PageError};
use crate::pages::render;

#[derive(Template)]
#[template(path = "profile_disclosure.html")]
struct DisclosurePage {
    participant_id: String,
    name: String,
    note: &'static str,
    /// Last change: when and by whom; empty when no plan is saved.
    updated: String,
    may_write: bool,
    /// False for a veileder: what may and may not be told, and the network and health
    /// contacts, are shown as "skjermet"; the consent is shown.
    sees_health: bool,
    csrf: String,
    form: HashMap<String, String>,
    errors: Errors,
}

impl DisclosurePage {
    fn value(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }

    fn error(&self, k: &str) -> &str {
        self.errors.get(k).map_or("", String::as_str)
    }
}

fn as_form(d: &Disclosure) -> HashMap<String, String> {
    let mut f = HashMap::new();
    f.insert("may_tell".to_owned(), d.may_tell.clone());
    f.insert("must_not_tell".to_owned(), d.must_not_tell.clone());
    f.insert("network_contacts".to_owned(), d.network_contacts.clone());
    if d.employer_contact_consent {
        f.insert("employer_contact_consent".to_owned(), "on".to_owned());
    }
    f
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    case: &Case,
    typed: Option<(HashMap<String, String>, Errors)>,
) -> Result<Response, PageError> {
    let saved = state.db.disclosure(id).await?;
    let by = match &saved {
        Some(d) => crate::names::user(state, &d.updated_by).await?,
        None => String::new(),
    };
    audit_view(state, viewer, id, &["disclosure_plan"]).await?;
    let updated = saved
        .as_ref()
        .map(|d| {
            let at = crate::dates::moment(d.updated_at);
            format!("{at} av {by}")
        })
        .unwrap_or_default();
    let (form, errors) = typed.unwrap_or_else(|| (saved.as_ref().map(as_form).unwrap_or_default(), Errors::new()));
    let failed = !errors.is_empty();
    let mut res = render(&DisclosurePage {
        participant_id: id.to_owned(),
        name: case.name.clone(),
        note: FREE_TEXT_NOTE,
        updated,
        may_write: case.may_write,
        sees_health: case.sees_health,
        csrf: viewer.csrf.clone().unwrap_or_default(),
        form,
        errors,
    });
    if failed {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

pub(crate) async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let case = gate(&state, &viewer, &id, None).await?;
    page(&state, &viewer, &id, &case, None).await
}

pub(crate) async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Result<Response, PageError> {
    let case = gate(&state, &viewer, &id, Some(&form)).await?;
    let mut errors = Errors::new();
    let plan = Disclosure {
        participant_id: id.clone(),
        may_tell: text(&form, "may_tell", &mut errors),
        must_not_tell: text(&form, "must_not_tell", &mut errors),
        employer_contact_consent: form.get("employer_contact_consent").is_some_and(|v| v == "on"),
        network_contacts: text(&form, "network_contacts", &mut errors),
        updated_at: state.clock.now(),
        updated_by: viewer.user.id.as_str().to_owned(),
    };
    if !errors.is_empty() {
        return page(&state, &viewer, &id, &case, Some((form, errors))).await;
    }
    let before = state.db.disclosure(&id).await?;
    // Field names only: what was told or withheld must never reach the audit log.
    let changed: Vec<&str> = match &before {
        None => vec!["may_tell", "must_not_tell", "employer_contact_consent", "network_contacts"],
        Some(b) => [
            ("may_tell", b.may_tell != plan.may_tell),
            ("must_not_tell", b.must_not_tell != plan.must_not_tell),
            ("employer_contact_consent", b.employer_contact_consent != plan.employer_contact_consent),
            ("network_contacts", b.network_contacts != plan.network_contacts),
        ]
        .into_iter()
        .filter(|(_, c)| *c)
        .map(|(n, _)| n)
        .collect(),
    };
    let mut change = Change::begin(&state, &viewer).await?;
    change.tx().set_disclosure(&plan).await?;
    change.audit("update_disclosure", ("participant", &id), &changed).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("/deltaker/{id}/apenhet")).into_response())
}
