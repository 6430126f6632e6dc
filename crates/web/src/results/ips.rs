//! `/resultater/ips`: the IPS Learning Community's quarterly report (rule `R5@1`) for the
//! viewer's own scope, the numbers `jobbvei report ips-quarterly` gives, and the same CSV to
//! send in. Aggregate roles see counts of 1–4 as "under 5", on the page and in the file.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use jobbvei_domain::outcomes::quarterly::{
    QUARTERLY_RULE_ID, QUARTERLY_TEXT, QuarterRow, QuarterlyReport, csv, quarterly,
};

use super::view::{count_text, hidden, share_text};
use super::{Scope, Window, WindowView, scope, window};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::PageError;
use crate::pages::{render, render_refused};

const NOT_FOR_YOU: &str = "IPS-rapporten er for teamledere, ledere, analytikere og fagrevisorer.";

struct QuarterView {
    label: String,
    served: String,
    working: String,
    new_jobs: String,
    education: String,
    rate: String,
    benchmark: &'static str,
}

#[derive(Template)]
#[template(path = "results_ips.html")]
struct IpsPage {
    scope_name: String,
    window: WindowView,
    suppress: bool,
    rule_id: &'static str,
    quarters: Vec<QuarterView>,
    rule: &'static [(&'static str, &'static str)],
    csv_link: String,
}

/// "2025-Q1" as a reader says it.
fn quarter_label(code: &str) -> String {
    match code.split_once("-Q") {
        Some((year, q)) => format!("{q}. kvartal {year}"),
        None => code.to_owned(),
    }
}

fn view(row: &QuarterRow, suppress: bool) -> QuarterView {
    let shown = !hidden(row.served, suppress) && !hidden(row.working, suppress);
    QuarterView {
        label: quarter_label(&row.quarter),
        served: count_text(row.served, suppress),
        working: count_text(row.working, suppress),
        new_jobs: count_text(row.new_jobs, suppress),
        education: count_text(row.education, suppress),
        rate: if shown { share_text(row.rate()) } else { String::new() },
        benchmark: row.benchmark().filter(|_| shown).map_or("", |b| b.label()),
    }
}

/// The scope's own rows of the report (none when it has no IPS work).
fn own(report: QuarterlyReport, scope: &Scope) -> QuarterlyReport {
    let Some(g) = report.group_ids.iter().position(|id| *id == scope.group) else {
        return QuarterlyReport { rows: Vec::new(), group_ids: Vec::new(), ..report };
    };
    let rows = report.rows.into_iter().filter(|r| r.group == g).map(|r| QuarterRow { group: 0, ..r }).collect();
    QuarterlyReport { group_kind: report.group_kind, group_ids: vec![scope.group.clone()], rows }
}

async fn load(state: &AppState, scope: &Scope, from: NaiveDate, to: NaiveDate) -> Result<QuarterlyReport, PageError> {
    let data = state.db.outcome_data(from, to).await?;
    Ok(own(quarterly(&data, from, to, scope.by), scope))
}

pub(crate) async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Query(w): Query<Window>,
) -> Result<Response, PageError> {
    let Some(scope) = scope(&state, &v).await? else { return Err(PageError::Forbidden(NOT_FOR_YOU)) };
    let mut page = IpsPage {
        scope_name: super::scope_name(&state, &scope).await?,
        window: WindowView::default(),
        suppress: scope.suppress,
        rule_id: QUARTERLY_RULE_ID,
        quarters: Vec::new(),
        rule: &QUARTERLY_TEXT,
        csv_link: String::new(),
    };
    let Some((from, to)) = page.window.read(&w, state.clock.today()) else { return Ok(render_refused(&page)) };
    page.csv_link = format!("/resultater/ips.csv?fra={from}&til={to}");
    let report = load(&state, &scope, from, to).await?;
    page.quarters = report.rows.iter().map(|r| view(r, scope.suppress)).collect();
    Ok(render(&page))
}

pub(crate) async fn download(
    State(state): State<AppState>,
    v: Viewer,
    Query(w): Query<Window>,
) -> Result<Response, PageError> {
    let Some(scope) = scope(&state, &v).await? else { return Err(PageError::Forbidden(NOT_FOR_YOU)) };
    let Ok((from, to)) = window(&w, state.clock.today()) else {
        return Err(PageError::Invalid("Perioden er ugyldig. Velg datoene på siden og last ned på nytt."));
    };
    let report = load(&state, &scope, from, to).await?;
    let name = format!("jobbvei-ips-{}-{}-{from}-{to}.csv", scope.by.code(), scope.group);
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok((
        [(CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (CONTENT_DISPOSITION, disposition)],
        csv(&report, scope.suppress),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::quarter_label;

    #[test]
    fn quarters_read_as_words() {
        assert_eq!(quarter_label("2025-Q3"), "3. kvartal 2025");
    }
}
