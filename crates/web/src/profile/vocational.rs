//! `/deltaker/{id}/profil`: the vocational profile. Every save is a new version; earlier
//! versions stay readable. Health considerations and early warning signs are shown and
//! edited only by those who may write the participant; others see "skjermet".

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::profile::{PROFILE_FIELDS, parse_styrk_list};
use jobbvei_store::{NameKind, ProfileVersion};

use super::{Case, Errors, FREE_TEXT_NOTE, audit_view, gate, text};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, PageError};
use crate::names::Names;
use crate::pages::render;

const SHIELDED: &str = "skjermet";

struct ShownField {
    label: &'static str,
    value: String,
}

struct FormField {
    name: &'static str,
    label: &'static str,
    value: String,
    error: String,
    /// A one-line input rather than a text area.
    short: bool,
}

struct VersionLine {
    version: i64,
    when: String,
    by: String,
    shown: bool,
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    participant_id: String,
    name: String,
    note: &'static str,
    shown_version: Option<i64>,
    shown_when: String,
    shown: Vec<ShownField>,
    versions: Vec<VersionLine>,
    may_write: bool,
    csrf: String,
    has_errors: bool,
    form: Vec<FormField>,
}

#[derive(serde::Deserialize)]
pub(crate) struct Which {
    versjon: Option<i64>,
}

fn when(v: &ProfileVersion) -> String {
    crate::dates::moment(v.created_at)
}

/// Occupation names beside the codes, so the reader need not know STYRK by heart.
fn styrk_text(codes: &str) -> String {
    match parse_styrk_list(codes) {
        Ok(list) => list
            .iter()
            .map(|c| match c.occupation() {
                Some(o) => format!("{} {}", c.as_str(), o.name),
                None => c.as_str().to_owned(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        Err(_) => codes.to_owned(),
    }
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    case: &Case,
    wanted: Option<i64>,
    typed: Option<(&HashMap<String, String>, Errors)>,
) -> Result<Response, PageError> {
    let versions = state.db.profile_versions(id).await?;
    let authors = Names::load(state, NameKind::User, versions.iter().map(|v| v.created_by.as_str())).await?;
    let fields: Vec<&str> = PROFILE_FIELDS.iter().filter(|f| case.may_write || !f.special).map(|f| f.name).collect();
    audit_view(state, viewer, id, &fields).await?;
    let shown = match wanted {
        Some(n) => versions.iter().find(|v| v.version == n),
        None => versions.first(),
    };
    let latest = versions.first();
    let (has_errors, form) = match typed {
        Some((typed, errors)) => (
            !errors.is_empty(),
            PROFILE_FIELDS
                .iter()
                .map(|f| FormField {
                    name: f.name,
                    label: f.label,
                    value: typed.get(f.name).cloned().unwrap_or_default(),
                    error: errors.get(f.name).cloned().unwrap_or_default(),
                    short: matches!(f.name, "wanted_styrk" | "hours" | "driving_licence"),
                })
                .collect(),
        ),
        None => (
            false,
            PROFILE_FIELDS
                .iter()
                .map(|f| FormField {
                    name: f.name,
                    label: f.label,
                    value: latest.map(|v| v.get(f.name).to_owned()).unwrap_or_default(),
                    error: String::new(),
                    short: matches!(f.name, "wanted_styrk" | "hours" | "driving_licence"),
                })
                .collect(),
        ),
    };
    let mut res = render(&ProfilePage {
        participant_id: id.to_owned(),
        name: case.name.clone(),
        note: FREE_TEXT_NOTE,
        shown_version: shown.map(|v| v.version),
        shown_when: shown.map(when).unwrap_or_default(),
        shown: shown
            .map(|v| {
                PROFILE_FIELDS
                    .iter()
                    .map(|f| ShownField {
                        label: f.label,
                        value: if f.special && !case.may_write {
                            SHIELDED.to_owned()
                        } else if f.name == "wanted_styrk" {
                            styrk_text(v.get(f.name))
                        } else {
                            v.get(f.name).to_owned()
                        },
                    })
                    .collect()
            })
            .unwrap_or_default(),
        versions: versions
            .iter()
            .map(|v| VersionLine {
                version: v.version,
                when: when(v),
                by: authors.of(&v.created_by),
                shown: Some(v.version) == shown.map(|s| s.version),
            })
            .collect(),
        may_write: case.may_write,
        csrf: viewer.csrf.clone().unwrap_or_default(),
        has_errors,
        // Only those who may write get the form: it holds the health fields.
        form: if case.may_write { form } else { Vec::new() },
    });
    if has_errors {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

pub(crate) async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(which): Query<Which>,
) -> Result<Response, PageError> {
    let case = gate(&state, &viewer, &id, None).await?;
    page(&state, &viewer, &id, &case, which.versjon, None).await
}

pub(crate) async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Result<Response, PageError> {
    let case = gate(&state, &viewer, &id, Some(&form)).await?;
    let mut errors = Errors::new();
    let mut values: Vec<String> = PROFILE_FIELDS.iter().map(|f| text(&form, f.name, &mut errors)).collect();
    // The first field is the STYRK list (PROFILE_FIELDS); it is stored normalised.
    if let Some(styrk) = values.first_mut() {
        match parse_styrk_list(styrk) {
            Ok(codes) => *styrk = codes.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(","),
            Err(bad) => {
                errors.insert(
                    "wanted_styrk",
                    format!("«{bad}» er ikke en STYRK-08-kode. Skriv firesifrede koder skilt med komma, for eksempel 5120, 7512."),
                );
            }
        }
    }
    if !errors.is_empty() {
        return page(&state, &viewer, &id, &case, None, Some((&form, errors))).await;
    }
    let previous = state.db.profile_versions(&id).await?;
    let before = previous.first();
    // Only the names of the fields that differ from the last version reach the audit log.
    let changed: Vec<&str> = PROFILE_FIELDS
        .iter()
        .zip(&values)
        .filter(|(f, v)| before.map_or(!v.is_empty(), |b| b.get(f.name) != v.as_str()))
        .map(|(f, _)| f.name)
        .collect();
    let mut change = Change::begin(&state, &viewer).await?;
    change.tx().save_profile_version(&id, state.clock.now(), viewer.user.id.as_str(), &values).await?;
    change.audit("update_profile", ("participant", &id), &changed).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("/deltaker/{id}/profil")).into_response())
}
