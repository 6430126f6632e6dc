//! `/portefolje`: the caseload. A job specialist sees their own; a team lead the team's.
//! "Merknader" shows the same flags as Min dag (`flags`); the list sorts and filters by GET
//! parameters (`caseload_query`), and a value it cannot read is explained, never a 500.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use jobbvei_domain::Role;
use jobbvei_domain::course::Phase;
use jobbvei_store::{CaseRow, NameKind};

use super::caseload_query::{Ask, Params, Sort, ask};
use super::flags::{self, Flag};
use super::kept_cases;
use super::{audit_read, entry, labels};
use crate::AppState;
use crate::auth::Viewer;
use crate::names::Names;
use crate::pages::{internal_error, render, render_refused};
use crate::paging::{PER_PAGE, Pager};

pub(crate) struct FlagView {
    pub what: &'static str,
    pub late: String,
    pub overdue: bool,
}

pub(crate) struct CaseView {
    pub participant_id: String,
    pub participant_name: String,
    pub confidential: bool,
    pub passive: bool,
    /// The job specialist's name.
    pub job_specialist: String,
    pub phase: &'static str,
    pub days_in_phase: String,
    pub last_activity: String,
    pub next_planned: String,
    pub flags: Vec<FlagView>,
}

/// A column header that sorts the list.
pub(crate) struct SortLink {
    pub label: &'static str,
    pub href: String,
    /// `ascending` on the column the list is sorted by (Aksel's sortable Table).
    pub aria_sort: &'static str,
}

#[derive(Template)]
#[template(path = "caseload.html")]
struct CaseloadPage {
    team_view: bool,
    cases: Vec<CaseView>,
    active: usize,
    passive: usize,
    /// Shown of all: "3 av 12 forløp" when a filter is on.
    shown_of: String,
    headers: Vec<SortLink>,
    /// The filter form's choices, each (value, label, selected).
    phases: Vec<(&'static str, &'static str, bool)>,
    flag_choices: Vec<(&'static str, &'static str, bool)>,
    staff: Vec<(String, String, bool)>,
    sort: &'static str,
    /// What could not be read in the query, in Norwegian.
    errors: Vec<(&'static str, String)>,
    pager: Pager,
}

/// Whose courses the viewer's caseload shows: the team's for a team lead, else their own.
pub(crate) async fn scope(state: &AppState, v: &Viewer) -> Result<(bool, Vec<String>), jobbvei_store::StoreError> {
    if v.has(Role::MethodSupervisor)
        && let Some(team) = &v.user.team
    {
        return Ok((true, state.db.team_members(team.as_str()).await?));
    }
    Ok((false, vec![v.user.id.as_str().to_owned()]))
}

/// The phase's place in the lifecycle, for sorting; no phase last.
fn phase_rank(p: Option<&str>) -> usize {
    p.and_then(Phase::parse).and_then(|p| Phase::ALL.iter().position(|x| *x == p)).unwrap_or(Phase::ALL.len())
}

/// Whether a row passes the filters.
fn kept(a: &Ask, r: &CaseRow, flags: &[Flag], today: NaiveDate) -> bool {
    let phase = match a.phase.as_deref() {
        None => true,
        Some("ingen") => r.phase.is_none(),
        Some(p) => r.phase.as_deref() == Some(p),
    };
    let flag = match a.flag.as_deref() {
        None => true,
        Some("med") => !flags.is_empty(),
        Some("uten") => flags.is_empty(),
        Some("forfalt") => flags.iter().any(|f| f.days_over(today) > 0),
        Some("passiv") => r.passive,
        Some(code) => flags.iter().any(|f| f.code == code),
    };
    phase && flag && a.staff.as_ref().is_none_or(|s| *s == r.job_specialist_id)
}

fn sort(rows: &mut [(CaseRow, Vec<Flag>)], by: Sort, staff: &Names) {
    let name = |r: &CaseRow| (r.participant_name.to_lowercase(), r.course_id.clone());
    match by {
        Sort::Name => rows.sort_by_key(|(r, _)| name(r)),
        Sort::Phase => rows.sort_by_key(|(r, _)| (phase_rank(r.phase.as_deref()), name(r))),
        // Longest in phase first: those are the ones to look at.
        Sort::DaysInPhase => rows.sort_by_key(|(r, _)| (r.phase_from.is_none(), r.phase_from, name(r))),
        // Longest since the last activity first; none at all before everything.
        Sort::LastActivity => rows.sort_by_key(|(r, _)| (r.last_activity, name(r))),
        // The next planned contact soonest first; none planned last.
        Sort::NextContact => rows.sort_by_key(|(r, _)| (r.next_planned.is_none(), r.next_planned, name(r))),
        // The earliest deadline first; no flags last.
        Sort::Flags => rows.sort_by_key(|(r, f)| (f.is_empty(), f.iter().map(|x| x.due).min(), name(r))),
        Sort::JobSpecialist => rows.sort_by_key(|(r, _)| (staff.of(&r.job_specialist_id).to_lowercase(), name(r))),
    }
}

pub(crate) async fn show(State(state): State<AppState>, viewer: Viewer, Query(params): Query<Params>) -> Response {
    let today = state.clock.today();
    let loaded = async {
        // Kept while the stamps of whose courses they are stay unchanged (`kept_cases`).
        let cases = kept_cases::of(&state, &viewer).await?;
        let team_view = cases.team;
        let record =
            if team_view { viewer.user.team.as_ref().map_or("", |t| t.as_str()) } else { viewer.user.id.as_str() };
        audit_read(&state, entry(&state, &viewer, "read", ("caseload", record), &["participants", "alerts"])).await?;
        let members: Vec<String> = if team_view { cases.members.clone() } else { Vec::new() };
        let names = Names::load(
            &state,
            NameKind::User,
            cases.rows.iter().map(|r| r.job_specialist_id.clone()).chain(members.iter().cloned()),
        )
        .await?;
        Ok::<_, jobbvei_store::StoreError>((team_view, cases, names, members))
    }
    .await;
    let (team_view, cases, names, members) = match loaded {
        Ok(x) => x,
        Err(e) => {
            tracing::error!(error = %e, "caseload failed");
            return internal_error();
        }
    };
    let (a, errors) = ask(&params, team_view, &members);
    let total = cases.rows.len();
    let passive = cases.rows.iter().filter(|r| r.passive).count();
    let mut by_course = flags::by_course(&cases.flags);
    let mut rows: Vec<(CaseRow, Vec<Flag>)> = cases
        .rows
        .iter()
        .cloned()
        .map(|r| {
            let f = by_course.remove(&r.course_id).unwrap_or_default();
            (r, f)
        })
        .filter(|(r, f)| kept(&a, r, f, today))
        .collect();
    sort(&mut rows, a.sort, &names);
    let shown = rows.len();
    let pager = Pager::new("Sider i porteføljen", shown, PER_PAGE, params.side.as_deref(), "/portefolje", &a.keep());
    let cases: Vec<CaseView> = pager
        .cut(rows, PER_PAGE)
        .into_iter()
        .map(|(r, f)| CaseView {
            participant_id: r.participant_id,
            participant_name: r.participant_name,
            confidential: r.confidential,
            passive: r.passive,
            job_specialist: names.of(&r.job_specialist_id),
            phase: r.phase.as_deref().map_or("Ingen fase registrert", labels::phase),
            days_in_phase: r.phase_from.map(|f| (today - f).num_days().to_string()).unwrap_or_default(),
            last_activity: r.last_activity.map(crate::dates::day).unwrap_or_else(|| "Ingen".into()),
            next_planned: r.next_planned.map(crate::dates::day).unwrap_or_default(),
            flags: f
                .iter()
                .map(|x| FlagView { what: x.what, late: x.late(today), overdue: x.days_over(today) > 0 })
                .collect(),
        })
        .collect();
    let shown_of = if a.filtered() { format!("Viser {shown} av {total} forløp.") } else { String::new() };
    let mut staff: Vec<(String, String, bool)> =
        members.iter().map(|m| (m.clone(), names.of(m), a.staff.as_deref() == Some(m.as_str()))).collect();
    staff.sort_by(|x, y| x.1.cmp(&y.1));
    let page = CaseloadPage {
        team_view,
        active: total - passive,
        passive,
        shown_of,
        headers: super::caseload_query::headers(&a, team_view),
        phases: super::caseload_query::phase_choices(&a),
        flag_choices: super::caseload_query::flag_choices(&a),
        staff,
        sort: a.sort.code(),
        cases,
        errors,
        pager,
    };
    if page.errors.is_empty() { render(&page) } else { render_refused(&page) }
}
