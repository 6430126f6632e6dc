//! `/deltaker/{id}/bistand`: dated support needs from DOMAIN.md §4's fixed taxonomy, each
//! with who gives the support. Needs are ended with a date, never deleted.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::profile::{SupportLevel, SupportNeed};
use jobbvei_store::SupportNeedRow;

use super::{Case, Errors, FREE_TEXT_NOTE, audit_view, date, field, gate, new_id, text};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{Change, PageError};
use crate::pages::render;

struct NeedView {
    id: String,
    level: &'static str,
    need: &'static str,
    from: String,
    to: String,
    given_by: String,
    open: bool,
}

#[derive(Template)]
#[template(path = "profile_support.html")]
struct SupportPage {
    participant_id: String,
    name: String,
    note: &'static str,
    needs: Vec<NeedView>,
    /// Needs not listed because they touch on health (for a veileder).
    shielded: usize,
    may_write: bool,
    csrf: String,
    /// The taxonomy for the form: level label with its needs (code, label).
    taxonomy: Vec<(&'static str, Vec<(&'static str, &'static str)>)>,
    form: HashMap<String, String>,
    errors: Errors,
}

impl SupportPage {
    fn value(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }

    fn error(&self, k: &str) -> &str {
        self.errors.get(k).map_or("", String::as_str)
    }

    fn sel(&self, k: &str, code: &str) -> &'static str {
        if self.value(k) == code { "selected" } else { "" }
    }
}

/// Health, substance use and trauma are special-category data: case roles only (DOMAIN.md §2).
fn touches_health(code: &str) -> bool {
    matches!(
        SupportNeed::parse(code),
        Some(SupportNeed::PhysicalHealth | SupportNeed::MentalHealth | SupportNeed::Substance | SupportNeed::Trauma)
    )
}

fn view(n: &SupportNeedRow) -> NeedView {
    let need = SupportNeed::parse(&n.need);
    NeedView {
        id: n.id.clone(),
        level: SupportLevel::parse(&n.level).map_or("", SupportLevel::label),
        need: need.map_or("Ukjent behov", SupportNeed::label),
        from: date(n.from),
        to: n.to.map(date).unwrap_or_default(),
        given_by: n.given_by.clone(),
        open: n.to.is_none(),
    }
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    case: &Case,
    typed: Option<(HashMap<String, String>, Errors)>,
) -> Result<Response, PageError> {
    let needs = state.db.support_needs(id).await?;
    audit_view(state, viewer, id, &["support_need"]).await?;
    let (form, errors) = typed.unwrap_or_else(|| {
        let mut f = HashMap::new();
        f.insert("from_date".to_owned(), state.clock.today().to_string());
        (f, Errors::new())
    });
    let failed = !errors.is_empty();
    let mut res = render(&SupportPage {
        participant_id: id.to_owned(),
        name: case.name.clone(),
        note: FREE_TEXT_NOTE,
        needs: needs.iter().filter(|n| case.sees_health || !touches_health(&n.need)).map(view).collect(),
        shielded: if case.sees_health { 0 } else { needs.iter().filter(|n| touches_health(&n.need)).count() },
        may_write: case.may_write,
        csrf: viewer.csrf.clone().unwrap_or_default(),
        taxonomy: SupportLevel::ALL
            .iter()
            .map(|l| {
                let needs =
                    SupportNeed::ALL.iter().filter(|n| n.level() == *l).map(|n| (n.code(), n.label())).collect();
                (l.label(), needs)
            })
            .collect(),
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

pub(crate) async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Result<Response, PageError> {
    let case = gate(&state, &viewer, &id, Some(&form)).await?;
    let mut errors = Errors::new();
    let need = SupportNeed::parse(&field(&form, "need"));
    if need.is_none() {
        errors.insert("need", "Velg et bistandsbehov fra listen.".into());
    }
    let from = crate::dates::typed_iso(&field(&form, "from_date"));
    if from.is_none() {
        errors.insert("from_date", "Skriv datoen som åååå-mm-dd, for eksempel 2024-03-04.".into());
    }
    let given_by = text(&form, "given_by", &mut errors);
    if given_by.is_empty() && !errors.contains_key("given_by") {
        errors
            .insert("given_by", "Skriv hvem som gir bistanden, for eksempel «jobbspesialist» eller «kommunen».".into());
    }
    let (Some(need), Some(from), true, Some(need_id)) = (need, from, errors.is_empty(), new_id("b")) else {
        if errors.is_empty() {
            return Err(PageError::Internal("no random id".into()));
        }
        return page(&state, &viewer, &id, &case, Some((form, errors))).await;
    };
    let row = SupportNeedRow {
        id: need_id,
        participant_id: id.clone(),
        level: need.level().code().to_owned(),
        need: need.code().to_owned(),
        from,
        to: None,
        given_by,
    };
    let mut change = Change::begin(&state, &viewer).await?;
    change.tx().add_support_need(&row).await?;
    let fields = ["support_need.level", "support_need.need", "support_need.from_date", "support_need.given_by"];
    change.audit("add_support_need", ("participant", &id), &fields).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("/deltaker/{id}/bistand")).into_response())
}

pub(crate) async fn close(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Result<Response, PageError> {
    gate(&state, &viewer, &id, Some(&form)).await?;
    let need_id = field(&form, "need_id");
    let mut change = Change::begin(&state, &viewer).await?;
    if !change.tx().close_support_need(&id, &need_id, state.clock.today()).await? {
        return Err(PageError::NotFound("Fant ikke et åpent bistandsbehov å avslutte."));
    }
    change.audit("close_support_need", ("participant", &id), &["support_need.to_date"]).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("/deltaker/{id}/bistand")).into_response())
}
