//! The start page and the health check.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use jobbvei_domain::Role;
use jobbvei_store::NameKind;

use crate::AppState;
use crate::auth::{MaybeViewer, Viewer};
use crate::names::Names;

#[derive(Template)]
#[template(path = "start.html")]
struct StartPage {
    today: String,
}

/// The signed-in user as the page header shows them.
#[derive(Clone)]
pub(crate) struct ViewerView {
    pub name: String,
    pub roles: String,
    pub csrf: String,
    pub admin: bool,
    /// Follows participants: sees Min dag, the caseload and the quick log.
    pub case_role: bool,
    /// Sees key figures for some scope.
    pub figures: bool,
    /// Sees what became of the participants (`/resultater`).
    pub outcomes: bool,
    /// Takes part in or reads fidelity reviews.
    pub reviews: bool,
    /// Decides measure requests: sees Vedtak.
    pub veileder: bool,
    /// Refers (veileder) or answers referrals (team lead): sees Henvisninger.
    pub referrals: bool,
    /// Sees the zero-exclusion figures (team lead, leader).
    pub referral_figures: bool,
    /// Sets the office's measure quotas.
    pub quotas: bool,
    /// Receives notices: sees Varsler, with the number of unread ones.
    pub notices: bool,
    pub unread: i64,
}

impl ViewerView {
    pub fn of(v: &Viewer) -> ViewerView {
        let roles: Vec<&str> = v.user.roles.iter().map(|r| r.code()).collect();
        ViewerView {
            name: v.user.name.clone(),
            roles: roles.join(", "),
            csrf: v.csrf.clone().unwrap_or_default(),
            admin: v.has(Role::Admin),
            case_role: crate::access::CASE_ROLES.iter().any(|r| v.has(*r)),
            figures: crate::access::FIGURE_ROLES.iter().any(|r| v.has(*r)),
            outcomes: crate::access::OUTCOME_ROLES.iter().any(|r| v.has(*r)),
            reviews: crate::reviews::REVIEW_ROLES.iter().any(|r| v.has(*r)),
            veileder: v.has(Role::Veileder),
            referrals: v.has(Role::Veileder) || v.has(Role::MethodSupervisor),
            referral_figures: v.has(Role::MethodSupervisor) || v.has(Role::Leader),
            quotas: v.has(Role::Leader) || v.has(Role::Admin),
            notices: crate::notify::receives_notices(v),
            unread: v.unread,
        }
    }
}

pub(crate) async fn start(State(state): State<AppState>, MaybeViewer(viewer): MaybeViewer) -> Response {
    if let Some(to) = viewer.as_ref().and_then(landing) {
        return axum::response::Redirect::to(to).into_response();
    }
    let page = StartPage { today: crate::dates::day(state.clock.today()) };
    render(&page)
}

/// Where a signed-in user starts the day: the page their role works from. A team lead's
/// `/min-dag` is the team's day (its alerts and unanswered referrals); a leader and an
/// analyst start from the figures.
pub(crate) fn landing(v: &Viewer) -> Option<&'static str> {
    [
        (Role::JobSpecialist, "/min-dag"),
        (Role::MethodSupervisor, "/min-dag"),
        (Role::Veileder, "/mine-deltakere"),
        (Role::Leader, "/tall"),
        (Role::Analyst, "/tall"),
        (Role::Reviewer, "/vurderinger"),
        (Role::Admin, "/admin/brukere"),
    ]
    .into_iter()
    .find(|(role, _)| v.has(*role))
    .map(|(_, page)| page)
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct AdminUsersPage {
    users: Vec<UserRow>,
    pager: crate::paging::Pager,
}

struct UserRow {
    /// Shown: the administrator names users by id in import files and on the command line.
    id: String,
    username: String,
    name: String,
    roles: String,
    team: String,
}

/// `/admin/brukere`: the user list, for administrators.
pub(crate) async fn admin_users(
    State(state): State<AppState>,
    _viewer: Viewer,
    axum::extract::Query(p): axum::extract::Query<crate::paging::PageParam>,
) -> Response {
    let mut users = Vec::new();
    let listed = async {
        let mut snap = state.db.snapshot().await?;
        snap.each_user(|u| {
            let roles: Vec<&str> = u.roles.iter().map(|r| r.code()).collect();
            users.push(UserRow {
                id: u.id.to_string(),
                username: u.username.clone().unwrap_or_default(),
                name: u.name.clone(),
                roles: roles.join(", "),
                team: u.team.as_ref().map(ToString::to_string).unwrap_or_default(),
            });
            Ok::<_, jobbvei_store::StoreError>(())
        })
        .await?;
        snap.rollback().await?;
        let teams = Names::load(&state, NameKind::Team, users.iter().map(|u| u.team.as_str())).await?;
        for u in &mut users {
            u.team = teams.of(&u.team);
        }
        Ok::<_, jobbvei_store::StoreError>(())
    }
    .await;
    if let Err(e) = listed {
        tracing::error!(error = %e, "could not list users");
        return internal_error();
    }
    use crate::paging::{PER_PAGE, Pager};
    let pager = Pager::new("Sider i brukerlisten", users.len(), PER_PAGE, p.side.as_deref(), "/admin/brukere", &[]);
    let users = pager.cut(users, PER_PAGE);
    render(&AdminUsersPage { users, pager })
}

/// `/api/v1/meg`: who the caller is.
pub(crate) async fn me(State(_state): State<AppState>, viewer: Viewer) -> Response {
    let roles: Vec<&str> = viewer.user.roles.iter().map(|r| r.code()).collect();
    axum::Json(serde_json::json!({
        "id": viewer.user.id.as_str(), "username": viewer.user.username, "name": viewer.user.name,
        "roles": roles, "team": viewer.user.team.as_ref().map(|t| t.as_str()),
    }))
    .into_response()
}

struct RuleView {
    code: &'static str,
    id: String,
    name: &'static str,
    text: &'static str,
    ideal: &'static str,
}

#[derive(Template)]
#[template(path = "kpi_help.html")]
struct KpiHelpPage {
    common: &'static [&'static str],
    done: &'static str,
    rules: Vec<RuleView>,
}

/// `/hjelp/kpi`: every KPI rule in plain Norwegian, from the same texts the code uses.
pub(crate) async fn kpi_help(MaybeViewer(_viewer): MaybeViewer) -> Response {
    use jobbvei_domain::kpi::rules::{COMMON_TEXT, DONE_TEXT, RULES};
    let rules = RULES
        .iter()
        .map(|r| RuleView { code: r.kpi.code(), id: r.id(), name: r.name, text: r.text, ideal: r.ideal })
        .collect();
    render(&KpiHelpPage { common: COMMON_TEXT, done: DONE_TEXT, rules })
}

pub(crate) async fn not_found() -> Response {
    crate::layout::error_page(StatusCode::NOT_FOUND, "Fant ikke siden", "Fant ikke siden. Sjekk adressen.")
}

/// 200 when the database answers, 503 otherwise; the body never says why in detail.
pub(crate) async fn healthz(State(state): State<AppState>) -> Response {
    let engine = match state.db.engine() {
        jobbvei_store::Engine::Sqlite => "sqlite",
        jobbvei_store::Engine::Postgres => "postgres",
    };
    match state.db.health().await {
        Ok(()) => axum::Json(serde_json::json!({"status": "ok", "database": engine})).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, axum::Json(serde_json::json!({"status": "unavailable"}))).into_response()
        }
    }
}

pub(crate) fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            internal_error()
        }
    }
}

/// A page shown again with what was wrong in the input (422).
pub(crate) fn render_refused(t: &impl Template) -> Response {
    let mut res = render(t);
    if res.status() == StatusCode::OK {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    res
}

/// The page for anything that went wrong inside: it says nothing about what.
pub(crate) fn internal_error() -> Response {
    crate::layout::error_page(StatusCode::INTERNAL_SERVER_ERROR, "Noe gikk galt", "Noe gikk galt hos oss. Prøv igjen.")
}
