//! `/resultater/forlop`: the courses behind one status (or population) figure of the team
//! lead's own team, by participant name, so a figure can be checked against the people it
//! counts. Only the team lead reaches it; the read is audited like the caseload's.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use jobbvei_domain::kpi::GroupKind;
use jobbvei_domain::outcomes::Table;
use jobbvei_store::NameKind;

use super::{Window, scope, window};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::PageError;
use crate::names::Names;
use crate::pages::render;
use crate::workplace::{audit_read, entry, labels};

#[derive(serde::Deserialize)]
pub(crate) struct Ask {
    tabell: Option<String>,
    kategori: Option<String>,
    #[serde(flatten)]
    window: Window,
}

struct Row {
    participant_id: String,
    participant: String,
    job_specialist: String,
    period: String,
    phase: &'static str,
}

#[derive(Template)]
#[template(path = "results_courses.html")]
struct CoursesPage {
    what: String,
    back: String,
    rows: Vec<Row>,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Query(ask): Query<Ask>,
) -> Result<Response, PageError> {
    let scope = scope(&state, &v).await?.filter(|s| s.drill && s.by == GroupKind::Team);
    let Some(scope) = scope else {
        return Err(PageError::Forbidden("Forløpene bak tallene er for teamlederen i teamet."));
    };
    let (from, to) = window(&ask.window, state.clock.today()).map_err(|_| PageError::NotFound("Ugyldig periode."))?;
    // Without a figure named, every course of the window.
    let (tabell, kategori) = (ask.tabell.as_deref().unwrap_or("population"), ask.kategori.as_deref().unwrap_or("alle"));
    let table = Table::parse(tabell).filter(|t| matches!(t, Table::Status | Table::Population));
    let Some(table) = table else { return Err(PageError::NotFound("Fant ikke tabellen.")) };
    let data = state.db.outcome_data(from, to).await?;
    let team = data.teams.iter().position(|t| t.id == scope.group);
    let mine = data
        .courses
        .iter()
        .filter(|c| c.overlaps(from, to) && c.staff.and_then(|s| data.staff[s].team) == team && team.is_some());
    let chosen: Vec<_> = mine
        .filter(|c| match table {
            Table::Status => c.status(to).code() == kategori,
            _ => match kategori {
                "alle" => true,
                "avsluttet" => c.is_ended_by(to),
                "apne" => !c.is_ended_by(to),
                _ => false,
            },
        })
        .collect();
    let ids: Vec<&str> = chosen.iter().map(|c| c.id.as_str()).collect();
    let people = crate::names::course_participants(&state, &ids).await?;
    let staff =
        Names::load(&state, NameKind::User, chosen.iter().filter_map(|c| c.staff.map(|s| &data.staff[s].id))).await?;
    audit_read(&state, entry(&state, &v, "read", ("caseload", &scope.group), &["outcomes"])).await?;
    let mut rows: Vec<Row> = chosen
        .iter()
        .map(|c| {
            let (pid, name) = people.get(&c.id).cloned().unwrap_or_default();
            Row {
                participant_id: pid,
                participant: name,
                job_specialist: c.staff.map(|s| staff.of(&data.staff[s].id)).unwrap_or_default(),
                period: format!(
                    "{} – {}",
                    crate::dates::day(c.start),
                    c.end.map(crate::dates::day).unwrap_or_default()
                ),
                phase: c.phases.last().map_or("", |(_, p)| labels::phase(p.code())),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.participant.cmp(&b.participant));
    let back = format!("/resultater?fra={from}&til={to}");
    let what = format!("{tabell}: {kategori}");
    Ok(render(&CoursesPage { what, back, rows }))
}
