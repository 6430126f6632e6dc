//! `/deltaker/{id}/plan`: goals, sub-goals and activities with owner, deadline and NAV's
//! activity-plan status. A sub-goal hangs under a goal; an activity under a goal, a
//! sub-goal or nothing.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::profile::{PlanKind, PlanOwner, PlanStatus};
use jobbvei_store::PlanItem;

use super::{Case, Errors, FREE_TEXT_NOTE, audit_view, date, field, gate, new_id, text};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::message;
use crate::forms::{Change, PageError};
use crate::pages::render;

struct ItemView {
    id: String,
    depth: usize,
    kind: &'static str,
    text: String,
    owner: &'static str,
    deadline: String,
    status: &'static str,
    status_code: String,
}

#[derive(Template)]
#[template(path = "profile_plan.html")]
struct PlanPage {
    participant_id: String,
    name: String,
    note: &'static str,
    items: Vec<ItemView>,
    may_write: bool,
    csrf: String,
    /// Goals and sub-goals an item can hang under: (id, label).
    parents: Vec<(String, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    owners: Vec<(&'static str, &'static str)>,
    statuses: Vec<(&'static str, &'static str)>,
    form: HashMap<String, String>,
    errors: Errors,
}

impl PlanPage {
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

/// Items in reading order: each goal followed by what hangs under it, depth-first.
fn tree(items: &[PlanItem]) -> Vec<(usize, &PlanItem)> {
    fn walk<'a>(items: &'a [PlanItem], parent: Option<&str>, depth: usize, out: &mut Vec<(usize, &'a PlanItem)>) {
        // The kinds allow three levels; the bound also stops a cycle in stored data.
        if depth > 3 {
            return;
        }
        for i in items.iter().filter(|i| i.parent_id.as_deref() == parent) {
            out.push((depth, i));
            walk(items, Some(&i.id), depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(items, None, 0, &mut out);
    out
}

fn view(depth: usize, i: &PlanItem) -> ItemView {
    ItemView {
        id: i.id.clone(),
        depth,
        kind: PlanKind::parse(&i.kind).map_or("", PlanKind::label),
        text: i.text.clone(),
        owner: PlanOwner::parse(&i.owner).map_or("", PlanOwner::label),
        deadline: i.deadline.map(date).unwrap_or_default(),
        status: PlanStatus::parse(&i.status).map_or("", PlanStatus::label),
        status_code: i.status.clone(),
    }
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    case: &Case,
    typed: Option<(HashMap<String, String>, Errors)>,
) -> Result<Response, PageError> {
    let items = state.db.plan_items(id).await?;
    audit_view(state, viewer, id, &["plan"]).await?;
    let (form, errors) = typed.unwrap_or_else(|| {
        let f = [("kind", "mal"), ("owner", "deltaker"), ("status", "planlagt")];
        (f.into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect(), Errors::new())
    });
    let failed = !errors.is_empty();
    let ordered = tree(&items);
    let mut res = render(&PlanPage {
        participant_id: id.to_owned(),
        name: case.name.clone(),
        note: FREE_TEXT_NOTE,
        parents: ordered
            .iter()
            .filter(|(_, i)| i.kind != PlanKind::Activity.code())
            .map(|(_, i)| {
                (i.id.clone(), format!("{}: {}", PlanKind::parse(&i.kind).map_or("", PlanKind::label), i.text))
            })
            .collect(),
        items: ordered.into_iter().map(|(d, i)| view(d, i)).collect(),
        may_write: case.may_write,
        csrf: viewer.csrf.clone().unwrap_or_default(),
        kinds: PlanKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
        owners: PlanOwner::ALL.iter().map(|o| (o.code(), o.label())).collect(),
        statuses: PlanStatus::ALL.iter().map(|s| (s.code(), s.label())).collect(),
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

/// Checks the parent rule against the participant's stored items.
fn parent_error(kind: PlanKind, parent: Option<&PlanItem>, wanted: bool) -> Option<&'static str> {
    let parent_kind = parent.and_then(|p| PlanKind::parse(&p.kind));
    match (kind, parent_kind) {
        (_, None) if wanted => Some("Velg et mål eller delmål fra listen."),
        (PlanKind::Goal, Some(_)) => Some("Et mål står øverst og kan ikke ligge under noe annet."),
        (PlanKind::SubGoal, Some(PlanKind::Goal)) => None,
        (PlanKind::SubGoal, _) => Some("Et delmål må høre til et mål."),
        (PlanKind::Activity, Some(PlanKind::Activity)) => Some("En aktivitet kan ikke ligge under en annen aktivitet."),
        _ => None,
    }
}

pub(crate) async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Result<Response, PageError> {
    let case = gate(&state, &viewer, &id, Some(&form)).await?;
    let items = state.db.plan_items(&id).await?;
    let mut errors = Errors::new();
    let kind = PlanKind::parse(&field(&form, "kind"));
    let owner = PlanOwner::parse(&field(&form, "owner"));
    let status = PlanStatus::parse(&field(&form, "status"));
    let parent_id = field(&form, "parent");
    let parent = items.iter().find(|i| i.id == parent_id);
    match kind {
        None => {
            errors.insert("kind", "Velg mål, delmål eller aktivitet.".into());
        }
        Some(k) => {
            if let Some(msg) = parent_error(k, parent, !parent_id.is_empty()) {
                errors.insert("parent", msg.into());
            }
        }
    }
    if owner.is_none() {
        errors.insert("owner", "Velg hvem som har ansvaret.".into());
    }
    if status.is_none() {
        errors.insert("status", "Velg en status.".into());
    }
    let item_text = text(&form, "text", &mut errors);
    if item_text.is_empty() {
        errors.insert("text", "Beskriv målet eller aktiviteten.".into());
    }
    let deadline_text = field(&form, "deadline");
    let deadline = crate::dates::typed_iso(&deadline_text);
    if !deadline_text.is_empty() && deadline.is_none() {
        errors.insert(
            "deadline",
            "Skriv fristen som åååå-mm-dd, for eksempel 2025-03-04, eller la feltet stå tomt.".into(),
        );
    }
    let (Some(kind), Some(owner), Some(status), true, Some(item_id)) =
        (kind, owner, status, errors.is_empty(), new_id("m"))
    else {
        if errors.is_empty() {
            return Err(PageError::Internal("no random id".into()));
        }
        return page(&state, &viewer, &id, &case, Some((form, errors))).await;
    };
    let item = PlanItem {
        id: item_id,
        participant_id: id.clone(),
        parent_id: parent.map(|p| p.id.clone()),
        kind: kind.code().to_owned(),
        text: item_text,
        owner: owner.code().to_owned(),
        deadline,
        status: status.code().to_owned(),
    };
    let mut fields = vec!["plan_item.kind", "plan_item.text", "plan_item.owner", "plan_item.status"];
    if item.parent_id.is_some() {
        fields.push("plan_item.parent_id");
    }
    if item.deadline.is_some() {
        fields.push("plan_item.deadline");
    }
    let mut change = Change::begin(&state, &viewer).await?;
    change.tx().add_plan_item(&item).await?;
    change.audit("add_plan_item", ("participant", &id), &fields).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("/deltaker/{id}/plan")).into_response())
}

pub(crate) async fn set_status(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(form): crate::forms::CsrfForm,
) -> Result<Response, PageError> {
    gate(&state, &viewer, &id, Some(&form)).await?;
    let Some(status) = PlanStatus::parse(&field(&form, "status")) else {
        return Ok(message(StatusCode::UNPROCESSABLE_ENTITY, "Ukjent status", "Velg en status fra listen."));
    };
    let item_id = field(&form, "item_id");
    let mut change = Change::begin(&state, &viewer).await?;
    if !change.tx().set_plan_status(&id, &item_id, status.code()).await? {
        return Err(PageError::NotFound("Fant ikke dette punktet i planen."));
    }
    change.audit("set_plan_status", ("participant", &id), &["plan_item.status"]).await?;
    change.commit().await?;
    Ok(Redirect::to(&format!("/deltaker/{id}/plan")).into_response())
}
