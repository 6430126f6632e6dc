//! `/tall/henvisninger`: the zero-exclusion figures (rule `R3@1`) for the viewer's scope,
//! computed by the same function as `jobbvei report referrals`, so the page and the CLI
//! show the same numbers. A team lead sees the own team and can open the referrals behind
//! the figures (`report_rows`); a leader sees the office's teams and the office, with small
//! numbers hidden (DOMAIN.md §10: counts of 1–4 as "under 5", their shares and medians blank).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{Months, NaiveDate};
use jobbvei_domain::Role;
use jobbvei_domain::referrals::report::{Figures, Median, ReferralGroup, ReferralSpec, compute};
use jobbvei_domain::referrals::{RULE_ID, RULE_NAME, RejectReason, SECTIONS};

use super::reason_label;
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::PageError;
use crate::pages::render;

#[derive(serde::Deserialize, Default)]
pub(crate) struct Params {
    pub fra: Option<String>,
    pub til: Option<String>,
    pub utfall: Option<String>,
}

/// The window asked for, or the last twelve months to today; `false` when a typed date
/// could not be read (the default is shown then).
pub(crate) fn window(p: &Params, today: NaiveDate) -> (NaiveDate, NaiveDate, bool) {
    let read =
        |s: &Option<String>| s.as_deref().filter(|s| !s.trim().is_empty()).map(|s| crate::dates::typed(s.trim()));
    let default_from = today.checked_sub_months(Months::new(12)).map_or(today, |d| d.succ_opt().unwrap_or(d));
    match (read(&p.fra), read(&p.til)) {
        (None, None) => (default_from, today, true),
        (f, t) => {
            let from = f.unwrap_or(Ok(default_from));
            let to = t.unwrap_or(Ok(today));
            match (from, to) {
                (Ok(from), Ok(to)) if from <= to => (from, to, true),
                _ => (default_from, today, false),
            }
        }
    }
}

/// One group's row: its name and the shown values, keyed for the page's cells.
struct GroupView {
    id: String,
    name: String,
    cells: Vec<(&'static str, String)>,
    reasons: Vec<String>,
}

#[derive(Template)]
#[template(path = "referral_report.html")]
struct ReportPage {
    title: String,
    from: String,
    to: String,
    from_iso: String,
    to_iso: String,
    unreadable: bool,
    columns: Vec<&'static str>,
    groups: Vec<GroupView>,
    /// Per reason: its words, and per group (group id and reason index, value).
    reasons: Vec<(&'static str, Vec<(String, String)>)>,
    drill: bool,
    small_hidden: bool,
    rule_id: &'static str,
    rule_name: &'static str,
    sections: Vec<(&'static str, &'static str)>,
}

/// Column keys of the page, in order (the tests read the cells by these).
pub(crate) const COLUMNS: [(&str, &str); 7] = [
    ("sendt", "Sendt"),
    ("akseptert", "Akseptert"),
    ("avvist", "Avvist"),
    ("ubesvart", "Ubesvart"),
    ("andel_avvist", "Andel avvist"),
    ("dager_til_svar", "Dager til svar (median)"),
    ("dager_til_trekantsamtale", "Dager fra svar til trekantsamtale (median)"),
];

/// A share as the page shows it: whole percent, half away from zero.
pub(crate) fn percent(share: Option<f64>) -> String {
    share.map(|s| format!("{} %", s.round() as i64)).unwrap_or_else(|| "–".to_owned())
}

/// A median in days with its count; a half day with a decimal comma.
pub(crate) fn days(m: &Median) -> String {
    match m.value {
        Some(v) if v.fract() == 0.0 => format!("{} (n = {})", v as i64, m.n),
        Some(v) => format!("{} (n = {})", v.to_string().replace('.', ","), m.n),
        None => "–".to_owned(),
    }
}

/// The values of a group, with small numbers hidden when `hide` (leaders).
fn cells(f: &Figures, hide: bool) -> (Vec<(&'static str, String)>, Vec<String>) {
    let small = |n: u64| hide && (1..=4).contains(&n);
    let count = |n: u64| if small(n) { "under 5".to_owned() } else { n.to_string() };
    let share = if small(f.rejected) { String::new() } else { percent(f.rejected_share) };
    let median = |m: &Median| if small(m.n) { String::new() } else { days(m) };
    let values = [
        count(f.sent),
        count(f.accepted),
        count(f.rejected),
        count(f.unanswered),
        share,
        median(&f.days_to_decision),
        median(&f.days_to_start),
    ];
    let cells = COLUMNS.iter().map(|(k, _)| *k).zip(values).collect();
    (cells, f.by_reason.iter().map(|(_, n)| count(*n)).collect())
}

fn reason_rows(groups: &[GroupView]) -> Vec<(&'static str, Vec<(String, String)>)> {
    RejectReason::ALL
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let values = groups
                .iter()
                .map(|g| (format!("{}-{}", g.id, r.code()), g.reasons.get(i).cloned().unwrap_or_default()))
                .collect();
            (reason_label(*r), values)
        })
        .collect()
}

enum Scope {
    Team(String),
    Office(String),
}

async fn scope(state: &AppState, v: &Viewer) -> Result<Scope, PageError> {
    let team = v.user.team.as_ref().map(|t| t.as_str().to_owned());
    match team {
        Some(t) if v.has(Role::MethodSupervisor) => Ok(Scope::Team(t)),
        Some(t) if v.has(Role::Leader) => match state.db.office_of_team(&t).await? {
            Some(o) => Ok(Scope::Office(o)),
            None => Err(PageError::Forbidden("Du er ikke knyttet til et kontor.")),
        },
        _ => {
            Err(PageError::Forbidden("Siden viser tall for eget team eller kontor, og du er ikke knyttet til et team."))
        }
    }
}

pub(crate) async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Query(p): Query<Params>,
) -> Result<Response, PageError> {
    let scope = scope(&state, &v).await?;
    let (from, to, readable) = window(&p, state.clock.today());
    let data = state.db.referral_report_data(from, to).await?;
    let by_team = compute(&data, &ReferralSpec { from, to, by: ReferralGroup::Team });
    let office_of =
        |team: &str| data.teams.iter().find(|t| t.id == team).and_then(|t| t.office).map(|o| data.offices[o].clone());
    let mut groups = Vec::new();
    let (title, hide) = match &scope {
        Scope::Team(t) => (format!("Nullutelukking for {}", crate::names::team(&state, t).await?), false),
        Scope::Office(o) => (format!("Nullutelukking for {}", crate::names::office(&state, o).await?), true),
    };
    for (i, id) in by_team.group_ids.iter().enumerate() {
        let shown = match &scope {
            Scope::Team(t) => id == t,
            Scope::Office(o) => office_of(id).as_deref() == Some(o.as_str()),
        };
        if shown {
            let (cells, reasons) = cells(&by_team.figures[i], hide);
            groups.push(GroupView { id: id.clone(), name: crate::names::team(&state, id).await?, cells, reasons });
        }
    }
    if let Scope::Office(o) = &scope {
        let by_office = compute(&data, &ReferralSpec { from, to, by: ReferralGroup::Office });
        if let Some(i) = by_office.group_ids.iter().position(|g| g == o) {
            let (cells, reasons) = cells(&by_office.figures[i], hide);
            let name = format!("Hele {}", crate::names::office(&state, o).await?);
            groups.push(GroupView { id: o.clone(), name, cells, reasons });
        }
    }
    Ok(render(&ReportPage {
        title,
        from: crate::dates::day(from),
        to: crate::dates::day(to),
        from_iso: crate::dates::iso(from),
        to_iso: crate::dates::iso(to),
        unreadable: !readable,
        columns: COLUMNS.iter().map(|(_, l)| *l).collect(),
        reasons: reason_rows(&groups),
        groups,
        drill: matches!(scope, Scope::Team(_)),
        small_hidden: hide,
        rule_id: RULE_ID,
        rule_name: RULE_NAME,
        sections: SECTIONS.to_vec(),
    }))
}
