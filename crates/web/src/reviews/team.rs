//! `/vurderinger/team/{id}`: a team's reviews side by side over time, one table per instrument
//! version, with each item's consensus score and the totals and bands underneath.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use super::list::summary;
use super::{Level, date, deny, instrument_of, kind_label, level, standing, status_label};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::PageError;
use crate::pages::render;
use crate::workplace::{audit_read, entry};

pub(crate) struct Column {
    pub href: String,
    pub period: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub total: String,
    pub band: String,
}

pub(crate) struct Comparison {
    pub instrument: String,
    pub columns: Vec<Column>,
    /// (item code, title, one cell per column)
    pub rows: Vec<(String, String, Vec<String>)>,
}

#[derive(Template)]
#[template(path = "review_team.html")]
struct TeamPage {
    team_name: String,
    comparisons: Vec<Comparison>,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(team): Path<String>,
) -> Result<Response, PageError> {
    let s = standing(&state, &viewer).await?;
    let Some(office) = state.db.office_of_team(&team).await? else {
        return Err(PageError::NotFound("Fant ikke teamet."));
    };
    let mut reviews = state.db.reviews(Some(&team)).await?;
    let consensus = state.db.consensus_scores(Some(&team)).await?;
    let team_level = s.team_level(&team, &office);
    reviews.retain(|r| level(&s, r) >= Level::Report);
    // A reviewer sees the team through the reviews they took part in, and nothing else of it.
    if team_level == Level::None && reviews.is_empty() {
        return Err(deny(&state, &viewer, ("team_reviews", &team)).await?);
    }
    let team_name = crate::names::team(&state, &team).await?;
    audit_read(&state, entry(&state, &viewer, "read", ("team_reviews", &team), &["reviews"])).await?;
    reviews.sort_by(|a, b| (a.to, a.from, &a.id).cmp(&(b.to, b.from, &b.id)));
    let mut comparisons: Vec<(String, Comparison)> = Vec::new();
    for r in &reviews {
        let Some(instrument) = instrument_of(r) else { continue };
        let key = instrument.key();
        let pos = match comparisons.iter().position(|(k, _)| *k == key) {
            Some(p) => p,
            None => {
                let rows = instrument.items.iter().map(|i| (i.code.clone(), i.title.clone(), Vec::new())).collect();
                let c = Comparison {
                    instrument: format!("{} ({})", instrument.name, instrument.version),
                    columns: Vec::new(),
                    rows,
                };
                comparisons.push((key, c));
                comparisons.len() - 1
            }
        };
        let c = &mut comparisons[pos].1;
        let (total, band) = summary(r, &consensus);
        let href = if level(&s, r) >= Level::Manage {
            format!("/vurdering/{}", r.id)
        } else {
            format!("/vurdering/{}/rapport", r.id)
        };
        c.columns.push(Column {
            href,
            period: format!("{}–{}", date(r.from), date(r.to)),
            kind: kind_label(&r.kind),
            status: status_label(&r.status),
            total,
            band,
        });
        for (item, row) in instrument.items.iter().zip(c.rows.iter_mut()) {
            let score = consensus.iter().find(|(id, n, _)| *id == r.id && *n == item.number).map(|(_, _, s)| *s);
            row.2.push(score.map_or_else(|| "–".into(), |s| s.to_string()));
        }
    }
    Ok(render(&TeamPage { team_name, comparisons: comparisons.into_iter().map(|(_, c)| c).collect() }))
}
