//! `/tall`: the key figures for the viewer's own scope, each with its rule beside it, a chart
//! with a data table, and a CSV export. A job specialist sees their own K1, K1p and K2 for
//! this week and the eight before; a team lead the team (and, for guidance, each member's
//! K1p and K2); a leader the office's teams; an analyst the whole country. Targets are
//! drawn as ideals, and people are listed by name, never ranked. Each figure links to the
//! rows behind it (`drill`) for those who may see them.

pub(crate) mod drill;
mod drill_names;
mod shown;

use std::collections::HashSet;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
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
}

/// What the viewer's page covers.
struct Scope {
    title: String,
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
            title: "Teamets tall".into(),
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
            title: "Min uke".into(),
            load: KpiScope::Team(t.clone()),
            by: GroupKind::JobSpecialist,
            group: Some(v.user.id.as_str().to_owned()),
            kpis: vec![Kpi::K1, Kpi::K1p, Kpi::K2],
            people: false,
        });
    }
    if v.has(Role::Leader) && team.is_some() {
        return Some(Scope {
            title: "Kontorets team".into(),
            load: KpiScope::Everything,
            by: GroupKind::Team,
            group: None,
            kpis: Kpi::ALL.to_vec(),
            people: false,
        });
    }
    if v.has(Role::Analyst) {
        return Some(Scope {
            title: "Hele landet".into(),
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

/// The ideal drawn as a line, where DOMAIN.md gives one number.
fn ideal(k: Kpi) -> Option<f64> {
    match k {
        Kpi::K1p => Some(6.0),
        Kpi::K2 => Some(40.0),
        Kpi::K3 => Some(30.0),
        Kpi::K5b => Some(65.0),
        Kpi::K6 => Some(41.0),
        Kpi::K8 => Some(6.0),
        _ => None,
    }
}

/// Norwegian number: decimal comma, one decimal; a dash for no data.
pub(crate) fn nb(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |x| format!("{x:.1}").replace('.', ","))
}

struct Cell {
    period: String,
    value: String,
    numerator: String,
    denominator: String,
    variant: String,
    /// The rows behind the figure, when the viewer may see them.
    rows: String,
}

struct Figure {
    code: &'static str,
    name: &'static str,
    rule: String,
    text: &'static str,
    ideal: &'static str,
    svg: String,
    cells: Vec<Cell>,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    title: String,
    period: &'static str,
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
        sc.title = format!("Teamets tall ({})", crate::names::team(state, t).await?);
    }
    if v.has(Role::Leader) && !v.has(Role::MethodSupervisor) && !v.has(Role::JobSpecialist) {
        // A leader's office is the office of the team they belong to.
        if let Some(team) = &v.user.team
            && let Some(o) = state.db.office_of_team(team.as_str()).await?
        {
            sc.title = format!("{}: teamene", crate::names::office(state, &o).await?);
            sc.load = KpiScope::Office(o);
        }
    }
    let today = state.clock.today();
    let kind = period_kind(params);
    let (from, to) = (window(kind, today), period_end(kind, today));
    let data = state.db.kpi_data(from, to, &sc.load).await?;
    let report = compute(&data, &KpiSpec { from, to, by: sc.by, period: kind, kpis: sc.kpis.clone() });
    let office = match &sc.load {
        KpiScope::Office(o) => Some(o.as_str()),
        _ => None,
    };
    let keep = shown::groups(&data, sc.by, sc.group.as_deref(), office);
    let people = match (sc.people, &sc.group) {
        (true, Some(team)) => {
            let spec = KpiSpec { from, to, by: GroupKind::JobSpecialist, period: kind, kpis: vec![Kpi::K1p, Kpi::K2] };
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

/// A bar chart of one series, with its ideal as a dashed line; drawn without script or style.
fn chart(title: &str, labels: &[String], values: &[Option<f64>], ideal: Option<f64>) -> String {
    let (w, h, pad) = (640.0, 180.0, 24.0);
    let max = values.iter().flatten().copied().chain(ideal).fold(0.0_f64, f64::max).max(1e-9) * 1.15;
    let n = labels.len().max(1) as f64;
    let bw = (w - 2.0 * pad) / n;
    let y = |v: f64| h - pad - v / max * (h - 2.0 * pad);
    let mut s = format!(
        "<svg viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"img\" aria-labelledby=\"t\" xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
        askama::filters::escape(title, askama::filters::Html).map(|e| e.to_string()).unwrap_or_default()
    );
    for (i, (label, v)) in labels.iter().zip(values).enumerate() {
        let x = pad + i as f64 * bw;
        if let Some(v) = v {
            s.push_str(&format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#0067c5\"/>",
                x + 2.0,
                y(*v),
                (bw - 4.0).max(1.0),
                (h - pad - y(*v)).max(0.0)
            ));
        }
        if labels.len() <= 14 || i % 2 == 0 {
            s.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"middle\" fill=\"#23262a\">{}</text>",
                x + bw / 2.0,
                h - 6.0,
                label
            ));
        }
    }
    if let Some(i) = ideal {
        s.push_str(&format!(
            "<line x1=\"{pad}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#c30000\" stroke-dasharray=\"6 4\"/>",
            w - pad,
            y(i),
            y(i)
        ));
    }
    s.push_str("</svg>");
    s
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
    let labels: Vec<String> = report.periods.iter().map(|p| p.label.clone()).collect();
    let period = periode(&params);
    let drill = drill::may_drill(&viewer);
    let figures = sc
        .kpis
        .iter()
        .map(|k| {
            let rule = k.rule();
            let rows = rows_for(report, &sc, *k);
            let series: Vec<Option<f64>> =
                if matches!(k, Kpi::K7 | Kpi::K9) || sc.group.is_none() && report.group_ids.len() > 1 {
                    Vec::new()
                } else {
                    rows.iter().map(|r| r.value).collect()
                };
            Figure {
                code: k.code(),
                name: rule.name,
                rule: rule.id(),
                text: rule.text,
                ideal: rule.ideal,
                svg: if series.is_empty() {
                    String::new()
                } else {
                    chart(&format!("{} per periode", rule.name), &labels, &series, ideal(*k))
                },
                cells: rows
                    .iter()
                    .map(|r| Cell {
                        period: report.periods[r.period].label.clone(),
                        value: nb(r.value),
                        numerator: nb(r.numerator),
                        denominator: nb(r.denominator),
                        variant: variant(&named, &sc, r),
                        rows: if drill { rows_link(report, r, period) } else { String::new() },
                    })
                    .collect(),
            }
        })
        .collect();
    let (people, people_periods) = match &people {
        Some(Named { report: p, names }) => {
            // By name, so that the order says nothing about the figures.
            let shown: Vec<bool> = (0..names.len()).map(|g| p.rows.iter().any(|r| r.group == g)).collect();
            let mut order: Vec<usize> = (0..names.len()).filter(|g| shown[*g]).collect();
            order.sort_by(|a, b| (&names[*a], &p.group_ids[*a]).cmp(&(&names[*b], &p.group_ids[*b])));
            (
                order
                    .into_iter()
                    .flat_map(|g| {
                        [Kpi::K1p, Kpi::K2].map(|k| {
                            let vals =
                                p.rows.iter().filter(|r| r.group == g && r.kpi == k).map(|r| nb(r.value)).collect();
                            (names[g].clone(), k.code().to_owned(), vals)
                        })
                    })
                    .collect(),
                p.periods.iter().map(|x| x.label.clone()).collect(),
            )
        }
        None => (Vec::new(), Vec::new()),
    };
    render(&DashboardPage { title: sc.title, period, figures, people, people_periods, drill })
}

/// A spreadsheet cell: a formula-looking start is neutralised, `;` and quotes are quoted.
pub(crate) fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_owned() };
    if s.contains([';', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

/// `/tall.csv`: the rows behind the page, for Norwegian Excel: UTF-8 with BOM, `;`, decimal comma.
pub(crate) async fn csv(State(state): State<AppState>, viewer: Viewer, Query(params): Query<Params>) -> Response {
    let (_, Named { report, names }, _) = match load(&state, &viewer, &params).await {
        Ok(Some(x)) => x,
        Ok(None) => return (axum::http::StatusCode::FORBIDDEN, "Ingen tall å eksportere.").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "dashboard export failed");
            return internal_error();
        }
    };
    let num = |v: Option<f64>| v.map(|x| x.to_string().replace('.', ",")).unwrap_or_default();
    let mut out = String::from("\u{feff}kpi;regel;gruppe;periode;verdi;teller;nevner;mnd;dimensjon\r\n");
    for r in &report.rows {
        out.push_str(&format!(
            "{};{};{};{};{};{};{};{};{}\r\n",
            r.kpi.code(),
            r.kpi.rule().id(),
            cell(&names[r.group]),
            report.periods[r.period].label,
            num(r.value),
            num(r.numerator),
            num(r.denominator),
            r.at_months.map(|m| m.to_string()).unwrap_or_default(),
            r.dimension.unwrap_or(""),
        ));
    }
    (
        [(CONTENT_TYPE, "text/csv; charset=utf-8"), (CONTENT_DISPOSITION, "attachment; filename=\"jobbvei-tall.csv\"")],
        out,
    )
        .into_response()
}
