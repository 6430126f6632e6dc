//! What an employer requires (førerkort, norsk B1, sikkerhetskurs), added and removed from
//! the employer page. A short free-text list, kept in Jobbvei's own table and never
//! exported: the exchange format has no field for it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_store::EmployerRequirement;

use super::form::Reader;
use crate::AppState;
use crate::auth::Viewer;
use crate::dashboard::drill::enc;
use crate::forms::{Change, CsrfForm, PageError, new_id};
use crate::workplace::employers::{Notice, page};

/// Longest requirement, in characters.
const MAX_TEXT: usize = 200;
/// Most requirements on one employer: a list longer than this is no longer read.
const MAX_COUNT: usize = 30;

fn back(id: &str) -> Response {
    Redirect::to(&format!("/arbeidsgiver/{}#krav", enc(id))).into_response()
}

/// The requirement's text, or the message.
pub(crate) fn check(text: Option<String>, existing: &[EmployerRequirement]) -> Result<String, String> {
    let Some(text) = text else { return Err("Skriv hva arbeidsgiveren krever.".into()) };
    if text.chars().count() > MAX_TEXT || text.contains('\n') {
        return Err(format!("Et krav kan ha høyst {MAX_TEXT} tegn på én linje."));
    }
    if existing.iter().any(|r| r.text.to_lowercase() == text.to_lowercase()) {
        return Err("Kravet står allerede på listen.".into());
    }
    if existing.len() >= MAX_COUNT {
        return Err(format!("Arbeidsgiveren har allerede {MAX_COUNT} krav. Fjern noen før du legger til flere."));
    }
    Ok(text)
}

pub(crate) async fn add(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    super::employer::keepable(&state, &v, &id).await?;
    let existing = state.db.employer_requirements(&id).await?;
    let mut r = Reader::new(&typed);
    let text = r.opt_text("requirement");
    let text = match (r.errors.remove("requirement"), check(text, &existing)) {
        (None, Ok(t)) => t,
        (Some(message), _) | (None, Err(message)) => {
            let typed_value = typed.get("requirement").cloned().unwrap_or_default();
            let notice = Notice { requirement: message, requirement_value: typed_value, ..Notice::default() };
            return page(&state, &v, &id, notice, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let requirement = EmployerRequirement {
        id: new_id("krav").ok_or(PageError::Internal("no id".into()))?,
        employer: id.clone(),
        text,
        added_at: state.clock.now(),
        added_by: v.user.id.to_string(),
    };
    let mut change = Change::begin(&state, &v).await?;
    change.tx().add_employer_requirement(&requirement).await?;
    change.audit("create", ("employer", &id), &["requirement"]).await?;
    change.commit().await?;
    Ok(back(&id))
}

/// Removing one already gone (a second click, say) changes nothing and says nothing.
pub(crate) async fn remove(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm,
) -> Result<Response, PageError> {
    super::employer::keepable(&state, &v, &id).await?;
    let Some(requirement) = typed.get("krav").map(|s| s.trim()).filter(|s| !s.is_empty()) else {
        return Ok(back(&id));
    };
    let mut change = Change::begin(&state, &v).await?;
    if change.tx().remove_employer_requirement(&id, requirement).await? {
        change.audit("delete", ("employer", &id), &["requirement"]).await?;
        change.commit().await?;
    }
    Ok(back(&id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_requirement_is_short_and_listed_once() {
        let had = EmployerRequirement {
            id: "k1".into(),
            employer: "e1".into(),
            text: "Norsk B1".into(),
            added_at: chrono::DateTime::from_timestamp(0, 0).unwrap(),
            added_by: "u".into(),
        };
        assert_eq!(check(Some("Førerkort klasse B".into()), std::slice::from_ref(&had)).unwrap(), "Førerkort klasse B");
        assert_eq!(
            check(Some("norsk b1".into()), std::slice::from_ref(&had)).unwrap_err(),
            "Kravet står allerede på listen."
        );
        assert!(check(None, &[]).is_err());
        assert!(check(Some("x".repeat(201)), &[]).is_err());
    }
}
