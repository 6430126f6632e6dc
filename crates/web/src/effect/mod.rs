//! `/effekt`: time to first paid job (rule `R2@1`, DOMAIN.md §11) for analysts, leaders and
//! team leads: the Kaplan–Meier curves of the chosen groups drawn as steps, with the numbers
//! behind them in a table and the log-rank test said in plain words. The figures are those of
//! `jobbvei report survival` for the same window. Aggregate roles see a group of 1–4 courses
//! as "under 5" and no curve for it.

mod chart;
mod compare;
mod extract;
mod table;

pub(crate) use extract::download;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use jobbvei_domain::Role;
use jobbvei_domain::kpi::GroupKind;
use jobbvei_domain::survival::{GroupCurve, LogRank, SurvivalBy, SurvivalSpec, compute};

use crate::AppState;
use crate::auth::Viewer;
use crate::forms::PageError;
use crate::pages::{render, render_refused};
use compare::CompareView;
use extract::ExtractView;
use table::{DayTable, SurvivalAt};

/// Who may open the page (issue 13 part 4).
pub const EFFECT_ROLES: &[Role] = &[Role::MethodSupervisor, Role::Leader, Role::Analyst];

#[derive(serde::Deserialize, Default)]
pub(crate) struct EffectQuery {
    fra: Option<String>,
    til: Option<String>,
    per: Option<String>,
    gruppe: Option<String>,
    /// The matched comparison's groups, `KIND:ID` as the form offers them.
    a: Option<String>,
    b: Option<String>,
}

pub(crate) struct GroupView {
    pub name: String,
    pub n: String,
    pub events: String,
    pub censored: String,
    pub median: String,
    /// (day, number at risk), blank for a hidden group.
    pub at_risk: Vec<(u32, String)>,
    /// S with its 95 % interval on the at-risk days after day 0.
    pub survival_at: Vec<SurvivalAt>,
    /// A sample of the group's line in the chart; empty when it is not drawn.
    pub legend: String,
}

#[derive(Template)]
#[template(path = "effect.html")]
struct EffectPage {
    from: String,
    to: String,
    as_of: String,
    by: String,
    error: String,
    groupings: [(&'static str, &'static str); 6],
    period: String,
    /// A team lead sees their own team's small numbers (the note says so).
    own_team_shown: bool,
    groups: Vec<GroupView>,
    chart: String,
    /// The chart has bands and at-risk rows, and the curves are given day by day.
    detailed: bool,
    days: Vec<DayTable>,
    logrank: String,
    compare: CompareView,
    extract: ExtractView,
    csrf: String,
}

const GROUPINGS: [(&str, &str); 6] = [
    ("method", "Metode"),
    ("team", "Team"),
    ("office", "Kontor"),
    ("norwegian_level", "Norsknivå"),
    ("start_year", "Startår"),
    ("all", "Hele landet"),
];

pub(crate) fn date(v: Option<&str>, default: NaiveDate) -> Result<NaiveDate, String> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => crate::dates::typed(s).map_err(|e| match e {
            crate::dates::BadDate::OutOfRange => crate::dates::out_of_range(),
            crate::dates::BadDate::Unreadable => "Skriv datoene som dd.mm.åååå, for eksempel 02.12.2026.".to_owned(),
        }),
    }
}

/// The window and follow-up day asked for: last year's starts, followed up to today, unless
/// given; or the message to show.
fn spec(q: &EffectQuery, today: NaiveDate) -> Result<SurvivalSpec, String> {
    let year = today.year() - 1;
    let from = date(q.fra.as_deref(), NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today))?;
    let to = date(q.til.as_deref(), NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today))?;
    let as_of = date(q.per.as_deref(), today)?;
    if [from, to, as_of].iter().any(|d| d.year() < 1900 || d.year() > 2100) {
        return Err("Velg datoer mellom 1900 og 2100.".into());
    }
    let by = match q.gruppe.as_deref().filter(|s| !s.is_empty()) {
        None => SurvivalBy::Method,
        Some(code) => SurvivalBy::parse(code).ok_or("Velg en gruppering fra listen.")?,
    };
    SurvivalSpec::new(from, to, as_of, by).map_err(|_| {
        if to < from {
            "Til-datoen kan ikke være før fra-datoen.".to_owned()
        } else {
            "Oppfølgingsdagen kan ikke være før til-datoen.".to_owned()
        }
    })
}

/// The log-rank test in words a reader can act on.
pub(crate) fn logrank_text(lr: Option<LogRank>) -> String {
    let Some(lr) = lr else {
        return "Testen trenger minst to grupper der noen fikk jobb i perioden.".into();
    };
    let numbers = format!("χ² = {:.2}, {} frihetsgrader, p = {:.3}", lr.chi2, lr.df, lr.p).replace('.', ",");
    if lr.p < 0.05 {
        format!("Forskjellen mellom gruppene er trolig ikke bare tilfeldig ({numbers}).")
    } else {
        format!("Forskjellen kan skyldes tilfeldigheter ({numbers}).")
    }
}

async fn names(state: &AppState, by: SurvivalBy, groups: &[GroupCurve]) -> Result<Vec<String>, PageError> {
    let ids: Vec<String> = groups.iter().map(|g| g.id.clone()).collect();
    let kind = match by {
        SurvivalBy::Team => GroupKind::Team,
        SurvivalBy::Office => GroupKind::Office,
        SurvivalBy::All => GroupKind::All,
        SurvivalBy::Method | SurvivalBy::NorwegianLevel | SurvivalBy::StartYear => return Ok(ids),
    };
    Ok(crate::names::groups(state, kind, &ids).await?)
}

pub(crate) async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<EffectQuery>,
) -> Result<Response, PageError> {
    page(&state, &v, q, None).await
}

/// The survival curves at the top.
/// `own_team` is the team lead's own team: the one group whose small numbers they may see,
/// since they follow those people anyway; every other group under 5 is hidden for every role.
async fn survival(
    state: &AppState,
    spec: &SurvivalSpec,
    own_team: Option<&str>,
    page: &mut EffectPage,
) -> Result<(), PageError> {
    let data = state.db.survival_data(spec.from(), spec.to()).await?;
    let report = compute(&data, spec);
    let with_courses = report.groups.iter().filter(|g| g.curve.n > 0).count();
    let names = names(state, spec.by(), &report.groups).await?;
    let mut drawn = Vec::new();
    for (g, name) in report.groups.iter().zip(names) {
        if g.curve.n == 0 {
            continue;
        }
        let own = spec.by() == SurvivalBy::Team && own_team == Some(g.id.as_str());
        let hidden = g.curve.n < 5 && !own;
        let count = |n: usize| if hidden { "under 5".to_owned() } else { n.to_string() };
        let line = if hidden { 0 } else { drawn.len() + 1 };
        if !hidden {
            drawn.push((name.clone(), &g.curve));
        }
        page.groups.push(GroupView {
            n: count(g.curve.n),
            events: count(g.curve.events),
            censored: count(g.curve.censored),
            median: match (hidden, g.curve.median) {
                (true, _) => String::new(),
                (false, Some(d)) => format!("{d} dager"),
                (false, None) => "ikke nådd".into(),
            },
            at_risk: g
                .curve
                .at_risk
                .iter()
                .map(|(d, n)| (*d, if hidden { String::new() } else { n.to_string() }))
                .collect(),
            survival_at: table::survival_at(&g.curve, hidden),
            legend: chart::legend(line),
            name,
        });
    }
    page.detailed = drawn.len() <= chart::DETAILED;
    if page.detailed {
        page.days = drawn.iter().map(|(name, curve)| table::days(name, curve)).collect();
    }
    page.chart = chart::svg(&drawn);
    page.logrank = if with_courses < 2 { logrank_text(None) } else { logrank_text(report.logrank) };
    Ok(())
}

/// The whole page; `extract_error` is a refused extract's message and the k typed, shown
/// at its form with 422.
pub(crate) async fn page(
    state: &AppState,
    v: &Viewer,
    q: EffectQuery,
    extract_error: Option<(&'static str, String)>,
) -> Result<Response, PageError> {
    if !EFFECT_ROLES.iter().any(|r| v.has(*r)) {
        return Err(PageError::Forbidden("Effektsiden er for teamledere, ledere og analytikere."));
    }
    // Small groups are hidden for everyone; a team lead sees their own team's in full.
    let own_team =
        if v.has(Role::MethodSupervisor) { v.user.team.as_ref().map(|t| t.as_str().to_owned()) } else { None };
    let mut page = EffectPage {
        from: q.fra.clone().unwrap_or_default(),
        to: q.til.clone().unwrap_or_default(),
        as_of: q.per.clone().unwrap_or_default(),
        by: q.gruppe.clone().unwrap_or_else(|| "method".into()),
        error: String::new(),
        groupings: GROUPINGS,
        period: String::new(),
        own_team_shown: own_team.is_some(),
        groups: Vec::new(),
        chart: String::new(),
        detailed: true,
        days: Vec::new(),
        logrank: String::new(),
        compare: CompareView::default(),
        extract: ExtractView::new(state, v),
        csrf: v.csrf.clone().unwrap_or_default(),
    };
    let mut refused = false;
    if let Some((message, k)) = extract_error {
        (page.extract.error, page.extract.k) = (message.to_owned(), k);
        refused = true;
    }
    let spec = match spec(&q, state.clock.today()) {
        Ok(s) => Some(s),
        Err(message) => {
            page.error = message;
            refused = true;
            None
        }
    };
    if let Some(spec) = &spec {
        (page.from, page.to, page.as_of) = (spec.from().to_string(), spec.to().to_string(), spec.as_of().to_string());
        page.by = spec.by().code().to_owned();
        page.period = format!(
            "Forløp som startet {} – {}, fulgt til {}.",
            crate::dates::day(spec.from()),
            crate::dates::day(spec.to()),
            crate::dates::day(spec.as_of())
        );
        survival(state, spec, own_team.as_deref(), &mut page).await?;
    }
    let scope = crate::results::scope(state, v).await?;
    let chosen = (q.a.unwrap_or_default().trim().to_owned(), q.b.unwrap_or_default().trim().to_owned());
    page.compare = match compare::view(state, scope.as_ref(), spec.as_ref(), chosen).await? {
        Ok(view) => view,
        Err(view) => {
            refused = true;
            view
        }
    };
    Ok(if refused { render_refused(&page) } else { render(&page) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_rank_result_reads_in_plain_norwegian() {
        let lr = |p| Some(LogRank { chi2: 1.653, df: 1, p });
        assert_eq!(
            logrank_text(lr(0.1985)),
            "Forskjellen kan skyldes tilfeldigheter (χ² = 1,65, 1 frihetsgrader, p = 0,199)."
        );
        assert!(logrank_text(lr(0.01)).starts_with("Forskjellen mellom gruppene er trolig ikke bare tilfeldig"));
        assert!(logrank_text(None).starts_with("Testen trenger minst to grupper"));
    }
}
