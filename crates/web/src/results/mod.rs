//! `/resultater`: what became of the participants (DOMAIN.md §10, rule `R1@1`), for the
//! viewer's own scope, beside the whole country. The figures are the ones `jobbvei report
//! outcomes` gives for the same window; each table carries the rule text that decides it.
//! Leaders, analysts and reviewers see aggregates only, so counts of 1–4 read "under 5" and
//! their shares are left blank; a team lead may open the courses behind a status.

pub(crate) mod courses;
pub(crate) mod ips;
pub(crate) mod view;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use jobbvei_domain::Role;
use jobbvei_domain::kpi::GroupKind;
use jobbvei_domain::outcomes::{OutcomeSpec, compute};

use crate::AppState;
use crate::auth::Viewer;
use crate::forms::PageError;
use crate::pages::{render, render_refused};
use view::TableView;

/// Whose outcomes the viewer sees.
pub(crate) struct Scope {
    pub by: GroupKind,
    /// The one group shown (`all` for the whole country).
    pub group: String,
    /// Aggregate roles: small counts are hidden.
    pub suppress: bool,
    /// May open the courses behind a figure (the team lead, for the team).
    pub drill: bool,
}

pub(crate) async fn scope(state: &AppState, v: &Viewer) -> Result<Option<Scope>, PageError> {
    let team = v.user.team.as_ref().map(|t| t.as_str().to_owned());
    if v.has(Role::MethodSupervisor)
        && let Some(t) = team.clone()
    {
        return Ok(Some(Scope { by: GroupKind::Team, group: t, suppress: false, drill: true }));
    }
    if v.has(Role::Leader)
        && let Some(t) = &team
        && let Some(office) = state.db.office_of_team(t).await?
    {
        return Ok(Some(Scope { by: GroupKind::Office, group: office, suppress: true, drill: false }));
    }
    if v.has(Role::Analyst) || v.has(Role::Reviewer) {
        return Ok(Some(Scope { by: GroupKind::All, group: "all".into(), suppress: true, drill: false }));
    }
    Ok(None)
}

/// The scope's name as a reader knows it.
pub(crate) async fn scope_name(state: &AppState, scope: &Scope) -> Result<String, PageError> {
    Ok(match scope.by {
        GroupKind::All => "Hele landet".to_owned(),
        GroupKind::Office => crate::names::office(state, &scope.group).await?,
        _ => crate::names::team(state, &scope.group).await?,
    })
}

/// The window form of the outcome pages: what was typed, the dates shown, or the message.
#[derive(Default)]
pub(crate) struct WindowView {
    pub from: String,
    pub to: String,
    pub from_shown: String,
    pub to_shown: String,
    pub error: String,
}

impl WindowView {
    /// The window asked for, with the form filled in; `None` with the message set when the
    /// dates cannot be used.
    pub(crate) fn read(&mut self, w: &Window, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        (self.from, self.to) = (w.fra.clone().unwrap_or_default(), w.til.clone().unwrap_or_default());
        match window(w, today) {
            Ok((from, to)) => {
                (self.from, self.to) = (from.to_string(), to.to_string());
                (self.from_shown, self.to_shown) = (crate::dates::day(from), crate::dates::day(to));
                Some((from, to))
            }
            Err(message) => {
                self.error = message;
                None
            }
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub(crate) struct Window {
    fra: Option<String>,
    til: Option<String>,
}

/// The window asked for: this year so far unless given; or the message to show.
pub(crate) fn window(w: &Window, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), String> {
    let parse = |v: &Option<String>, default: NaiveDate| match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
            .map_err(|_| "Skriv datoene som dd.mm.åååå, for eksempel 02.12.2026.".to_owned()),
    };
    let from = parse(&w.fra, NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today))?;
    let to = parse(&w.til, today)?;
    if to < from {
        return Err("Til-datoen kan ikke være før fra-datoen.".into());
    }
    if from.year() < 1900 || to.year() > 2100 {
        return Err("Velg datoer mellom 1900 og 2100.".into());
    }
    Ok((from, to))
}

#[derive(Template)]
#[template(path = "results.html")]
struct ResultsPage {
    scope_name: String,
    window: WindowView,
    national: bool,
    suppress: bool,
    /// May open `/effekt`.
    effect: bool,
    rule_id: &'static str,
    tables: Vec<TableView>,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Query(w): Query<Window>,
) -> Result<Response, PageError> {
    let Some(scope) = scope(&state, &v).await? else {
        return Err(PageError::Forbidden("Resultatene er for teamledere, ledere, analytikere og fagrevisorer."));
    };
    let scope_name = scope_name(&state, &scope).await?;
    let mut page = ResultsPage {
        scope_name,
        window: WindowView::default(),
        national: scope.by == GroupKind::All,
        suppress: scope.suppress,
        effect: crate::effect::EFFECT_ROLES.iter().any(|r| v.has(*r)),
        rule_id: jobbvei_domain::outcomes::RULE_ID,
        tables: Vec::new(),
    };
    let Some((from, to)) = page.window.read(&w, state.clock.today()) else { return Ok(render_refused(&page)) };
    let data = state.db.outcome_data(from, to).await?;
    let mine = compute(&data, &OutcomeSpec { from, to, by: scope.by, split: None });
    let country = compute(&data, &OutcomeSpec { from, to, by: GroupKind::All, split: None });
    page.tables = view::tables(&mine, &scope, &country, (from, to));
    Ok(render(&page))
}
