//! `/tall.csv`: the rows behind the page, for Norwegian Excel (UTF-8 with BOM, `;`, decimal
//! comma), with every value unrounded; `?del=personer` gives the team lead's table per job
//! specialist instead. The file's name carries the scope and the current period:
//! `jobbvei-tall-team-t1-2026-Q4.csv`, `jobbvei-tall-personer-team-t1-2026-W49.csv`.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use jobbvei_domain::kpi::Kpi;

use super::numbers::exact;
use super::{Named, Params, load};
use crate::AppState;
use crate::auth::Viewer;
use crate::pages::internal_error;

/// A spreadsheet cell: a formula-looking start is neutralised, `;` and quotes are quoted.
pub(crate) fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_owned() };
    if s.contains([';', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

/// Only what a file name may safely hold; ids are plain, but nothing is trusted.
fn file_part(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

/// `jobbvei-tall-<what>-<period>.csv`, the period being the last one of the report (DOMAIN.md's
/// labels: `2026-W49`, `2026-12`, `2026-Q4`).
pub(crate) fn file_name(what: &str, period: &str) -> String {
    format!("jobbvei-tall-{}-{}.csv", file_part(what), file_part(period))
}

/// The table per person: each job specialist by name (then id, so that namesakes keep an
/// order), K1p then K2, a value per period. By name, so that the order says nothing about
/// the figures.
pub(crate) fn people(p: &Named) -> Vec<(String, Kpi, Vec<Option<f64>>)> {
    let Named { report, names } = p;
    let shown: Vec<bool> = (0..names.len()).map(|g| report.rows.iter().any(|r| r.group == g)).collect();
    let mut order: Vec<usize> = (0..names.len()).filter(|g| shown[*g]).collect();
    order.sort_by(|a, b| (&names[*a], &report.group_ids[*a]).cmp(&(&names[*b], &report.group_ids[*b])));
    order
        .into_iter()
        .flat_map(|g| {
            [Kpi::K1p, Kpi::K2].map(|k| {
                let mut values = vec![None; report.periods.len()];
                for r in report.rows.iter().filter(|r| r.group == g && r.kpi == k) {
                    values[r.period] = r.value;
                }
                (names[g].clone(), k, values)
            })
        })
        .collect()
}

fn attachment(name: &str, body: String) -> Response {
    (
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        body,
    )
        .into_response()
}

pub(crate) async fn csv(State(state): State<AppState>, viewer: Viewer, Query(params): Query<Params>) -> Response {
    let (sc, named, per_person) = match load(&state, &viewer, &params).await {
        Ok(Some(x)) => x,
        Ok(None) => return (StatusCode::FORBIDDEN, "Ingen tall å eksportere.").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "dashboard export failed");
            return internal_error();
        }
    };
    let current = named.report.periods.last().map(|p| p.label.clone()).unwrap_or_default();
    if params.del.as_deref() == Some("personer") {
        let Some(p) = per_person else {
            return crate::forms::message(
                StatusCode::BAD_REQUEST,
                "Ugyldig forespørsel",
                "Tabellen per jobbspesialist finnes bare for teamleder.",
            );
        };
        let mut out = String::from("\u{feff}kpi;regel;jobbspesialist;periode;verdi\r\n");
        for (name, k, values) in people(&p) {
            for (i, v) in values.iter().enumerate() {
                let label = &p.report.periods[i].label;
                out.push_str(&format!("{};{};{};{label};{}\r\n", k.code(), k.rule().id(), cell(&name), exact(*v)));
            }
        }
        return attachment(&file_name(&format!("personer-{}", sc.file_scope), &current), out);
    }
    let Named { report, names } = named;
    let mut out = String::from("\u{feff}kpi;regel;gruppe;periode;verdi;teller;nevner;mnd;dimensjon\r\n");
    for r in &report.rows {
        out.push_str(&format!(
            "{};{};{};{};{};{};{};{};{}\r\n",
            r.kpi.code(),
            r.kpi.rule().id(),
            cell(&names[r.group]),
            report.periods[r.period].label,
            exact(r.value),
            exact(r.numerator),
            exact(r.denominator),
            r.at_months.map(|m| m.to_string()).unwrap_or_default(),
            r.dimension.unwrap_or(""),
        ));
    }
    attachment(&file_name(&sc.file_scope, &current), out)
}
