//! The pseudonymised research extract (DOMAIN.md §11) downloaded from `/effekt` by an
//! analyst: the file `jobbvei extract` writes, made by the same store function under the key
//! the operator gave the server at start (`--extract-key-file`), and audited as the CLI
//! audits it. The key never reaches a page, a form or the database (docs/evaluation.md).

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use jobbvei_domain::Role;
use jobbvei_domain::evaluation::ExtractSpec;

use super::{EffectQuery, date};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{CsrfForm, PageError};
use crate::workplace::{audit_read, entry};

/// The k an analyst may ask for: 2 is the least that hides a person; above 100 the extract
/// would say little.
const MAX_K: usize = 100;

/// The extract's part of the page.
pub(crate) struct ExtractView {
    /// The viewer is an analyst.
    pub offered: bool,
    /// The operator gave the server a key.
    pub ready: bool,
    pub k: String,
    pub error: String,
}

impl ExtractView {
    pub(crate) fn new(state: &AppState, v: &Viewer) -> ExtractView {
        ExtractView {
            offered: v.has(Role::Analyst),
            ready: state.extract_key.is_some(),
            k: "5".into(),
            error: String::new(),
        }
    }
}

/// The extract asked for, or the message to show.
fn spec(form: &std::collections::HashMap<String, String>, ready: bool) -> Result<ExtractSpec, &'static str> {
    if !ready {
        return Err("Driftsansvarlig har ikke satt opp nøkkelen for forskningsuttrekket, så det kan ikke lastes ned.");
    }
    let field = |name: &str| form.get(name).map(|s| s.trim()).filter(|s| !s.is_empty());
    let (Some(from), Some(to)) = (field("fra"), field("til")) else {
        return Err("Velg perioden for uttrekket.");
    };
    let bad_date = "Skriv datoene som dd.mm.åååå, for eksempel 02.12.2026.";
    let from = date(Some(from), chrono::NaiveDate::MIN).map_err(|_| bad_date)?;
    let to = date(Some(to), chrono::NaiveDate::MIN).map_err(|_| bad_date)?;
    if to < from {
        return Err("Til-datoen kan ikke være før fra-datoen.");
    }
    let k = field("k").unwrap_or("5").parse::<usize>().ok().filter(|k| (2..=MAX_K).contains(k));
    let Some(k) = k else { return Err("Skriv k som et helt tall fra 2 til 100.") };
    ExtractSpec::new(from, to, k).map_err(|_| "Skriv k som et helt tall fra 2 til 100.")
}

pub(crate) async fn download(
    State(state): State<AppState>,
    v: Viewer,
    CsrfForm(form): CsrfForm,
) -> Result<Response, PageError> {
    if !v.has(Role::Analyst) {
        return Err(PageError::Forbidden("Forskningsuttrekket er for analytikere."));
    }
    let spec = match spec(&form, state.extract_key.is_some()) {
        Ok(s) => s,
        Err(message) => {
            let field = |n: &str| form.get(n).cloned();
            let q = EffectQuery {
                fra: field("fra"),
                til: field("til"),
                per: field("per"),
                gruppe: field("gruppe"),
                a: field("a"),
                b: field("b"),
            };
            let k = field("k").unwrap_or_default();
            return super::page(&state, &v, q, Some((message, k))).await;
        }
    };
    let Some(key) = state.extract_key.as_deref() else {
        return Err(PageError::Internal("the extract key went missing".into()));
    };
    let x = state.db.research_extract(&spec, key).await?;
    // The file leaves the system with this answer: audited first, as the CLI audits it,
    // and not sent if the audit cannot be written.
    let fields = x.audit_fields();
    let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
    let mut e = entry(&state, &v, "export", ("research_extract", ""), &fields);
    e.record_id = None;
    audit_read(&state, e).await?;
    let name = format!("jobbvei-uttrekk-{}-{}-k{}.csv", spec.from(), spec.to(), spec.k());
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        x.csv(),
    )
        .into_response())
}
