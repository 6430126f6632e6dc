//! `/arbeidsgivere/tavle`: the viewer's office's employers by stage, as a board (a column per
//! stage) or as a list (`?visning=liste`), filtered by GET parameters (`filters`). Each
//! employer shows its holder, last done contact, next planned contact and how many of our
//! participants work there now; a job specialist claims a free one and releases their own
//! here (the employer page's route, `tilbake=tavle`).

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jobbvei_domain::EmployerStage;
use jobbvei_domain::codelist::municipality_name;
use jobbvei_store::BoardRow;

use super::filters::{self, Filter};
use crate::AppState;
use crate::auth::Viewer;
use crate::dashboard::drill::enc;
use crate::forms::PageError;
use crate::keep::employer::municipality_text;
use crate::workplace::employers::stage_label;
use crate::workplace::{audit_read, entry};

/// One employer as the board and the list show it.
struct Card {
    id: String,
    name: String,
    stage: &'static str,
    /// The Aksel tag variant for the stage.
    tag: &'static str,
    holder: String,
    held: bool,
    mine: bool,
    industry: String,
    municipality: String,
    last_contact: String,
    next_contact: String,
    participants_now: i64,
    /// Open job ads from the employer today, linked by organisation number (`crate::ads`).
    open_ads: i64,
}

struct Column {
    code: &'static str,
    label: &'static str,
    cards: Vec<Card>,
}

#[derive(Template)]
#[template(path = "employer_board.html")]
struct BoardPage {
    office: String,
    list: bool,
    columns: Vec<Column>,
    count: usize,
    total: usize,
    errors: Vec<(&'static str, String)>,
    /// The filters as typed, to show them again.
    q: filters::Query,
    holders: Vec<(String, String)>,
    industries: Vec<String>,
    municipalities: Vec<(String, String)>,
    stages: Vec<(&'static str, &'static str)>,
    any_filter: bool,
    /// The same filters with the other view, for the toggle.
    other_view: String,
    can_claim: bool,
    csrf: String,
}

impl BoardPage {
    fn typed<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }

    fn error(&self, key: &str) -> &str {
        self.errors.iter().find(|(k, _)| *k == key).map_or("", |(_, m)| m.as_str())
    }
}

fn tag(stage: Option<EmployerStage>) -> &'static str {
    match stage {
        Some(EmployerStage::Acquainted) => "neutral",
        Some(EmployerStage::NeedsMapped) => "info",
        Some(EmployerStage::CandidatePresented) => "warning",
        Some(EmployerStage::Hired) => "success",
        None => "neutral",
    }
}

/// The query string for the same filters and another view.
fn with_view(q: &filters::Query, list: bool) -> String {
    let mut parts = vec![format!("visning={}", if list { "liste" } else { "tavle" })];
    for (k, v) in [
        ("holder", &q.holder),
        ("bransje", &q.bransje),
        ("kommune", &q.kommune),
        ("trinn", &q.trinn),
        ("ingen_kontakt", &q.ingen_kontakt),
    ] {
        if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            parts.push(format!("{k}={}", enc(v)));
        }
    }
    format!("/arbeidsgivere/tavle?{}", parts.join("&"))
}

fn card(row: BoardRow, viewer: &Viewer, ads: &HashMap<String, i64>) -> Card {
    let open_ads = ads.get(&row.id).copied().unwrap_or(0);
    let stage = row.stage.as_deref().and_then(EmployerStage::parse);
    Card {
        id: enc(&row.id),
        name: row.name,
        stage: stage_label(stage),
        tag: tag(stage),
        held: row.holder_id.is_some(),
        mine: row.holder_id.as_deref() == Some(viewer.user.id.as_str()),
        // Held by someone no longer found: not "Ingen", which would read as free to take.
        holder: row
            .holder_name
            .unwrap_or_else(|| if row.holder_id.is_some() { "Ukjent bruker" } else { "Ingen" }.into()),
        industry: row.industry.unwrap_or_default(),
        municipality: municipality_text(row.municipality.as_deref()),
        last_contact: row.last_contact.map(crate::dates::day).unwrap_or_else(|| "Aldri".into()),
        next_contact: row.next_contact.map(crate::dates::moment).unwrap_or_else(|| "Ingen planlagt".into()),
        participants_now: row.participants_now,
        open_ads,
    }
}

pub(crate) async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<filters::Query>,
) -> Result<Response, PageError> {
    let office = match &viewer.user.team {
        Some(t) => state.db.office_of_team(t.as_str()).await?,
        None => None,
    };
    let Some(office) = office else {
        return Err(PageError::Forbidden("Du er ikke med i et team på et kontor, så det er ingen tavle å vise deg."));
    };
    let (now, today) = (state.clock.now(), state.clock.today());
    let rows = state.db.pipeline_board(&office, now, today).await?;
    audit_read(&state, entry(&state, &viewer, "read", ("employer_board", &office), &["holder", "contacts"])).await?;

    let mut holders: BTreeMap<String, String> = BTreeMap::new();
    for r in &rows {
        if let (Some(id), Some(name)) = (&r.holder_id, &r.holder_name) {
            holders.insert(id.clone(), name.clone());
        }
    }
    holders.entry(viewer.user.id.to_string()).or_insert_with(|| viewer.user.name.clone());
    let holder_ids: Vec<String> = holders.keys().cloned().collect();
    let mut industries: Vec<String> =
        rows.iter().filter_map(|r| r.industry.clone()).filter(|i| !i.is_empty()).collect();
    industries.sort_by_key(|i| i.to_lowercase());
    industries.dedup_by_key(|i| i.to_lowercase());
    let mut municipalities: Vec<(String, String)> = rows
        .iter()
        .filter_map(|r| r.municipality.clone())
        .map(|m| {
            let name = municipality_name(&m).map_or_else(|| m.clone(), |_| municipality_text(Some(&m)));
            (m, name)
        })
        .collect();
    municipalities.sort();
    municipalities.dedup();
    let mut holders: Vec<(String, String)> = holders.into_iter().collect();
    holders.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));

    let total = rows.len();
    let parsed = filters::parse(&q, &holder_ids);
    let (filter, errors) = match parsed {
        Ok(f) => (Some(f), Vec::new()),
        Err(e) => (None, e),
    };
    let mut columns: Vec<Column> = EmployerStage::ALL
        .iter()
        .map(|s| Column { code: s.code(), label: stage_label(Some(*s)), cards: Vec::new() })
        .collect();
    columns.push(Column { code: "ikke_satt", label: stage_label(None), cards: Vec::new() });
    let mut count = 0;
    let ads: HashMap<String, i64> = state.db.open_ads_per_employer(today).await?.into_iter().collect();
    if let Some(f) = &filter {
        for row in rows.into_iter().filter(|r| f.keeps(r, today)) {
            let at = row.stage.as_deref().and_then(EmployerStage::parse).map_or("ikke_satt", |s| s.code());
            if let Some(col) = columns.iter_mut().find(|c| c.code == at) {
                col.cards.push(card(row, &viewer, &ads));
                count += 1;
            }
        }
    }
    // "Ikke satt" only when something is in it: most employers have a stage.
    if columns.last().is_some_and(|c| c.cards.is_empty()) {
        columns.pop();
    }
    let list = filter.as_ref().is_some_and(|f| f.list) || q.visning.as_deref() == Some("liste");
    let page = BoardPage {
        office: crate::names::office(&state, &office).await?,
        list,
        columns,
        count,
        total,
        any_filter: filter.as_ref().is_some_and(Filter::any),
        other_view: with_view(&q, !list),
        errors,
        holders,
        industries,
        municipalities,
        stages: EmployerStage::ALL.iter().map(|s| (s.code(), stage_label(Some(*s)))).collect(),
        can_claim: crate::workplace::employers::may_keep(&viewer),
        csrf: viewer.csrf.clone().unwrap_or_default(),
        q,
    };
    let mut res = crate::pages::render(&page);
    if !page.errors.is_empty() && res.status() == StatusCode::OK {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}
