//! `/tall`: the key figures for the viewer's own scope, each with its rule beside it, a chart
//! with a data table, and a CSV export. A job specialist sees their own K1, K1p and K2 for
//! this week and the eight before; a team lead the team (and, for guidance, each member's
//! K1p and K2); a leader the office's teams; an analyst the whole country. Targets are
//! drawn as ideals, and people are listed by name, never ranked. Each figure links to the
//! rows behind it (`drill`) for those who may see them.

mod chart;
pub(crate) mod drill;
mod drill_names;
mod export;
mod figure;
pub(crate) mod numbers;
mod shown;

use std::collections::HashSet;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, Duration, Months, NaiveDate};
use jobbvei_domain::Role;
use jobbvei_domain::kpi::{GroupKind, Kpi, KpiReport, KpiRow, KpiSpec, PeriodKind, compute};
use jobbvei_store::KpiScope;

use crate::AppState;
use crate::auth::Viewer;
use crate::pages::{internal_error, render};

#[derive(serde::Deserialize, Default)]
pub(crate) struct Params {
    periode: Option<String>,
    /// `/tall.csv?del=personer`: the team lead's table per person instead of the figures.
    del: Option<String>,
}

/// Whose figures a page shows, for its title and its download's name.
enum Who {
    Me,
    Team(String),
    Office(String),
    Country,
}

/// The page's title, following the tab: "Min uke", "Teamets måned (Team Sagene)".
fn title(who: &Who, kind: PeriodKind) -> String {
    let (noun, mine) = match kind {
        PeriodKind::Month => ("måned", "Min måned"),
        PeriodKind::Quarter => ("kvartal", "Mitt kvartal"),
        _ => ("uke", "Min uke"),
    };
    match who {
        Who::Me => mine.to_owned(),
        Who::Team(name) => format!("Teamets {noun} ({name})"),
        Who::Office(name) if !name.is_empty() => format!("Kontorets {noun} ({name})"),
        Who::Office(_) => format!("Kontorets {noun}"),
        Who::Country => format!("Landets {noun}"),
    }
}

/// What the viewer's page covers.
struct Scope {
    who: Who,
    /// The download's scope: `team-t1`, `jobbspesialist-u1`, `kontor-0314`, `landet`.
    file_scope: String,
    load: KpiScope,
    by: GroupKind,
    group: Option<String>,
    kpis: Vec<Kpi>,
    /// A team lead also sees each member's K1p and K2.
    people: bool,
}

fn scope(v: &Viewer) -> Option<Scope> {
    let team = v.user.team.as_ref().map(|t| t.as_str().to_owned());
    if v.has(Role::MethodSupervisor)
        && let Some(t) = &team
    {
        return Some(Scope {
            // With the team's name, once `load` has looked it up.
            who: Who::Team(String::new()),
            file_scope: format!("team-{t}"),
            load: KpiScope::Team(t.clone()),
            by: GroupKind::Team,
            group: Some(t.clone()),
            kpis: Kpi::ALL.to_vec(),
            people: true,
        });
    }
    if v.has(Role::JobSpecialist)
        && let Some(t) = &team
    {
        return Some(Scope {
            who: Who::Me,
            file_scope: format!("jobbspesialist-{}", v.user.id.as_str()),
            load: KpiScope::Team(t.clone()),
            by: GroupKind::JobSpecialist,
            group: Some(v.user.id.as_str().to_owned()),
            kpis: vec![Kpi::K1, Kpi::K1p, Kpi::K2],
            people: false,
        });
    }
    if v.has(Role::Leader) && team.is_some() {
        return Some(Scope {
            who: Who::Office(String::new()),
            file_scope: "kontor".into(),
            load: KpiScope::Everything,
            by: GroupKind::Team,
            group: None,
            kpis: Kpi::ALL.to_vec(),
            people: false,
        });
    }
    if v.has(Role::Analyst) {
        return Some(Scope {
            who: Who::Country,
            file_scope: "landet".into(),
            load: KpiScope::Everything,
            by: GroupKind::All,
            group: None,
            kpis: Kpi::ALL.to_vec(),
            people: false,
        });
    }
    None
}

/// The window shown: this period and the ones before it.
fn window(kind: PeriodKind, today: NaiveDate) -> NaiveDate {
    let back = |m: u32, d: NaiveDate| d.checked_sub_months(Months::new(m)).unwrap_or(d);
    match kind {
        PeriodKind::Month => back(11, today.with_day(1).unwrap_or(today)),
        PeriodKind::Quarter => {
            back(21, NaiveDate::from_ymd_opt(today.year(), today.month0() / 3 * 3 + 1, 1).unwrap_or(today))
        }
        _ => today - Duration::days(i64::from(today.weekday().num_days_from_monday()) + 8 * 7),
    }
}

/// The last day of the current period: a week in progress counts as a whole week, so the
/// figures do not jump early in the week; activities not yet done do not count anyway.
pub(crate) fn period_end(kind: PeriodKind, today: NaiveDate) -> NaiveDate {
    jobbvei_domain::kpi::periods(kind, today, today + Duration::days(400)).first().map_or(today, |p| p.end)
}

fn period_kind(p: &Params) -> PeriodKind {
    match p.periode.as_deref() {
        Some("maned") => PeriodKind::Month,
        Some("kvartal") => PeriodKind::Quarter,
        _ => PeriodKind::Week,
    }
}

/// The `periode` of the page's links.
fn periode(p: &Params) -> &'static str {
    match period_kind(p) {
        PeriodKind::Month => "maned",
        PeriodKind::Quarter => "kvartal",
        _ => "uke",
    }
}

/// `/tall/rader` for one figure's cell.
fn rows_link(r: &KpiReport, x: &KpiRow, periode: &str) -> String {
    let mut q = format!(
        "/tall/rader?kpi={}&periode={periode}&tid={}&gruppe={}",
        x.kpi.code(),
        drill::enc(&r.periods[x.period].label),
        drill::enc(&r.group_ids[x.group])
    );
    if let Some(m) = x.at_months {
        q.push_str(&format!("&mnd={m}"));
    }
    if let Some(d) = x.dimension {
        q.push_str(if d == "styrk" { "&dimensjon=yrker" } else { "&dimensjon=arbeidsgivere" });
    }
    q
}

/// A figure's cell in the table under its chart.
struct Cell {
    period: String,
    /// The period is still in progress.
    partial: bool,
    value: String,
    numerator: String,
    denominator: String,
    variant: String,
    /// The rows behind the figure, when the viewer may see them.
    rows: String,
}

/// The line a card leads with, per part (a team of the office, K7's marks, K9's dimensions).
struct Headline {
    variant: String,
    /// "4,2 per uke · ideal 6"
    now: String,
    /// "Forrige uke: 5,0 per uke"
    before: String,
}

struct Figure {
    code: &'static str,
    name: &'static str,
    rule: String,
    text: &'static str,
    ideal: &'static str,
    headlines: Vec<Headline>,
    svg_wide: String,
    svg_narrow: String,
    cells: Vec<Cell>,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    title: String,
    period: &'static str,
    /// "Denne uken (pågår)", for the leading lines.
    now_label: String,
    figures: Vec<Figure>,
    people: Vec<(String, String, Vec<String>)>,
    people_periods: Vec<String>,
    /// The viewer may open the rows behind the figures.
    drill: bool,
}

/// A report and its groups' names, in `group_ids` order, with the rows of groups the
/// viewer may not see already taken out (`shown`).
struct Named {
    report: KpiReport,
    names: Vec<String>,
}

impl Named {
    async fn of(
        state: &AppState,
        mut report: KpiReport,
        keep: &HashSet<String>,
    ) -> Result<Named, jobbvei_store::StoreError> {
        let kept: Vec<bool> = report.group_ids.iter().map(|g| keep.contains(g)).collect();
        report.rows.retain(|r| kept[r.group]);
        // Names only of the groups shown; the others' are never looked up.
        let ids: Vec<String> = report.group_ids.iter().filter(|g| keep.contains(*g)).cloned().collect();
        let found = crate::names::groups(state, report.group_kind, &ids).await?;
        let mut found = ids.into_iter().zip(found).collect::<std::collections::HashMap<_, _>>();
        let names = report.group_ids.iter().map(|g| found.remove(g).unwrap_or_default()).collect();
        Ok(Named { report, names })
    }
}

async fn load(
    state: &AppState,
    v: &Viewer,
    params: &Params,
) -> Result<Option<(Scope, Named, Option<Named>)>, jobbvei_store::StoreError> {
    let Some(mut sc) = scope(v) else { return Ok(None) };
    if sc.by == GroupKind::Team
        && let Some(t) = &sc.group
    {
        sc.who = Who::Team(crate::names::team(state, t).await?);
    }
    if v.has(Role::Leader) && !v.has(Role::MethodSupervisor) && !v.has(Role::JobSpecialist) {
        // A leader's office is the office of the team they belong to.
        if let Some(team) = &v.user.team
            && let Some(o) = state.db.office_of_team(team.as_str()).await?
        {
            sc.who = Who::Office(crate::names::office(state, &o).await?);
            sc.file_scope = format!("kontor-{o}");
            sc.load = KpiScope::Office(o);
        }
    }
    let today = state.clock.today();
    let kind = period_kind(params);
    let (from, to) = (window(kind, today), period_end(kind, today));
    // Only what the figures shown read: K1, K1p and K2 come from the day facts.
    let mut wanted = sc.kpis.clone();
    if sc.people {
        wanted.extend([Kpi::K1p, Kpi::K2].into_iter().filter(|k| !sc.kpis.contains(k)));
    }
    let data = state.db.kpi_data_for(from, to, &sc.load, &wanted).await?;
    let report = compute(&data, &KpiSpec { from, to, by: sc.by, period: kind, kpis: sc.kpis.clone() });
    let office = match &sc.load {
        KpiScope::Office(o) => Some(o.as_str()),
        _ => None,
    };
    let keep = shown::groups(&data, sc.by, sc.group.as_deref(), office);
    let people = match (sc.people, &sc.group) {
        (true, Some(team)) => {
            let spec = KpiSpec { from, to, by: GroupKind::JobSpecialist, period: kind, kpis: vec![Kpi::K1p, Kpi::K2] };
            // Each job specialist's figures by name are personal data about staff: their
            // team lead's read of them is audited, under the team.
            let read = crate::workplace::entry(state, v, "read", ("team", team), &["people_figures"]);
            crate::workplace::audit_read(state, read).await?;
            Some(Named::of(state, compute(&data, &spec), &shown::members(&data, team)).await?)
        }
        _ => None,
    };
    Ok(Some((sc, Named::of(state, report, &keep).await?, people)))
}

fn rows_for<'a>(r: &'a KpiReport, sc: &Scope, k: Kpi) -> Vec<&'a KpiRow> {
    let group = sc.group.as_ref().and_then(|g| r.group_ids.iter().position(|x| x == g));
    r.rows.iter().filter(|x| x.kpi == k && group.is_none_or(|g| x.group == g)).collect()
}

fn variant(r: &Named, sc: &Scope, x: &KpiRow) -> String {
    let mut parts = Vec::new();
    if sc.group.is_none() {
        parts.push(r.names[x.group].clone());
    }
    if let Some(m) = x.at_months {
        parts.push(format!("{m} mnd"));
    }
    if let Some(d) = x.dimension {
        parts.push(if d == "styrk" { "yrker".into() } else { "arbeidsgivere".into() });
    }
    parts.join(", ")
}

/// A figure's leading lines: per part, the current period against the ideal, and the
/// period before it (the last whole one) for comparison.
fn headlines(named: &Named, sc: &Scope, k: Kpi, kind: PeriodKind, rows: &[&KpiRow]) -> Vec<Headline> {
    let Some(last) = named.report.periods.len().checked_sub(1) else { return Vec::new() };
    let (_, before_word) = figure::period_words(kind);
    let mut out: Vec<(String, Option<f64>, Option<f64>)> = Vec::new();
    for r in rows.iter().filter(|r| r.period + 1 >= last) {
        let v = variant(named, sc, r);
        let at = match out.iter().position(|(x, _, _)| *x == v) {
            Some(i) => i,
            None => {
                out.push((v, None, None));
                out.len() - 1
            }
        };
        if r.period == last {
            out[at].1 = r.value;
        } else {
            out[at].2 = r.value;
        }
    }
    out.into_iter()
        .map(|(variant, now, before)| Headline {
            variant,
            now: figure::lead(k, kind, now),
            before: if last == 0 { String::new() } else { format!("{before_word}: {}", figure::with_unit(k, before)) },
        })
        .collect()
}

/// The figure's chart, wide and narrow; none when the figure has several parts per period.
fn charts(
    sc: &Scope,
    named: &Named,
    k: Kpi,
    kind: PeriodKind,
    rows: &[&KpiRow],
    partial: Option<usize>,
) -> [String; 2] {
    let report = &named.report;
    if matches!(k, Kpi::K7 | Kpi::K9) || sc.group.is_none() && report.group_ids.len() > 1 {
        return [String::new(), String::new()];
    }
    let labels: Vec<String> = report.periods.iter().map(|p| p.label.clone()).collect();
    let mut values = vec![None; labels.len()];
    for r in rows {
        values[r.period] = r.value;
    }
    let rule = k.rule();
    let title = format!(
        "{} per {}: {} perioder{}",
        rule.name,
        match kind {
            PeriodKind::Month => "måned",
            PeriodKind::Quarter => "kvartal",
            _ => "uke",
        },
        labels.len(),
        if partial.is_some() { ", den siste pågår" } else { "" }
    );
    let series = chart::Series {
        id: k.code(),
        title: &title,
        labels: &labels,
        values: &values,
        ideal: figure::ideal(k, kind).map(figure::Ideal::line),
        partial,
        percent: figure::unit(k) == "%",
    };
    [chart::draw(&series, chart::Layout::Wide), chart::draw(&series, chart::Layout::Narrow)]
}

/// The index of the period still in progress on `today`: the window's last, unless it ends today.
fn partial(report: &KpiReport, today: NaiveDate) -> Option<usize> {
    let last = report.periods.len().checked_sub(1)?;
    (today < report.periods[last].end).then_some(last)
}

pub(crate) async fn show(State(state): State<AppState>, viewer: Viewer, Query(params): Query<Params>) -> Response {
    let (sc, named, people) = match load(&state, &viewer, &params).await {
        Ok(Some(x)) => x,
        Ok(None) => {
            return (
                axum::http::StatusCode::FORBIDDEN,
                "Du har ingen tall å se: brukeren er ikke knyttet til et team.",
            )
                .into_response();
        }
        Err(e) => {
            tracing::error!(error = %e, "dashboard failed");
            return internal_error();
        }
    };
    let report = &named.report;
    let kind = period_kind(&params);
    let period = periode(&params);
    let drill = drill::may_drill(&viewer);
    let partial = partial(report, state.clock.today());
    let figures = sc
        .kpis
        .iter()
        .map(|k| {
            let rule = k.rule();
            let rows = rows_for(report, &sc, *k);
            let [svg_wide, svg_narrow] = charts(&sc, &named, *k, kind, &rows, partial);
            Figure {
                code: k.code(),
                name: rule.name,
                rule: rule.id(),
                text: rule.text,
                ideal: rule.ideal,
                headlines: headlines(&named, &sc, *k, kind, &rows),
                svg_wide,
                svg_narrow,
                cells: rows
                    .iter()
                    .map(|r| Cell {
                        period: report.periods[r.period].label.clone(),
                        partial: partial == Some(r.period),
                        value: numbers::one(r.value),
                        numerator: numbers::count_or_one(r.numerator),
                        denominator: numbers::count_or_one(r.denominator),
                        variant: variant(&named, &sc, r),
                        rows: if drill { rows_link(report, r, period) } else { String::new() },
                    })
                    .collect(),
            }
        })
        .collect();
    let (people, people_periods) = match &people {
        Some(p) => {
            let table = export::people(p);
            let mut periods: Vec<String> = p.report.periods.iter().map(|x| x.label.clone()).collect();
            if let (Some(i), Some(last)) = (partial, periods.last_mut())
                && i + 1 == p.report.periods.len()
            {
                last.push_str(" (pågår)");
            }
            let rows = table
                .into_iter()
                .map(|(name, k, values)| (name, k.code().to_owned(), values.iter().map(|v| numbers::one(*v)).collect()))
                .collect();
            (rows, periods)
        }
        None => (Vec::new(), Vec::new()),
    };
    let (now_word, _) = figure::period_words(kind);
    let now_label = if partial.is_some() { format!("{now_word} (pågår)") } else { now_word.to_owned() };
    render(&DashboardPage { title: title(&sc.who, kind), period, now_label, figures, people, people_periods, drill })
}

pub(crate) use export::{cell, csv};
pub(crate) use numbers::one as nb;
