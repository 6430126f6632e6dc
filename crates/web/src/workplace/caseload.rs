//! `/portefolje`: the caseload. A job specialist sees their own; a team lead the team's.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use jobbvei_domain::Role;
use jobbvei_store::NameKind;

use super::{audit_read, entry, labels};
use crate::AppState;
use crate::auth::Viewer;
use crate::names::Names;
use crate::pages::{internal_error, render};

/// Days without activity before a course is flagged (as the alert `ingen_aktivitet`).
const QUIET_DAYS: i64 = 14;

pub(crate) struct CaseView {
    pub participant_id: String,
    pub participant_name: String,
    /// The job specialist's name.
    pub job_specialist: String,
    pub phase: &'static str,
    pub days_in_phase: String,
    pub last_activity: String,
    pub flags: Vec<&'static str>,
}

#[derive(Template)]
#[template(path = "caseload.html")]
struct CaseloadPage {
    team_view: bool,
    cases: Vec<CaseView>,
    active: usize,
    passive: usize,
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

pub(crate) async fn show(State(state): State<AppState>, viewer: Viewer) -> Response {
    let today = state.clock.today();
    let loaded = async {
        let (team_view, who) = scope(&state, &viewer).await?;
        let rows = state.db.caseload(&who, today).await?;
        let record =
            if team_view { viewer.user.team.as_ref().map_or("", |t| t.as_str()) } else { viewer.user.id.as_str() };
        audit_read(&state, entry(&state, &viewer, "read", ("caseload", record), &["participants"])).await?;
        let names = Names::load(&state, NameKind::User, rows.iter().map(|r| r.job_specialist_id.as_str())).await?;
        Ok::<_, jobbvei_store::StoreError>((team_view, rows, names))
    }
    .await;
    let (team_view, rows, names) = match loaded {
        Ok(x) => x,
        Err(e) => {
            tracing::error!(error = %e, "caseload failed");
            return internal_error();
        }
    };
    let passive = rows.iter().filter(|r| r.passive).count();
    let cases = rows
        .into_iter()
        .map(|r| {
            let mut flags = Vec::new();
            if r.passive {
                flags.push("Passiv");
            }
            let quiet = r.last_activity.is_none_or(|d| (today - d).num_days() >= QUIET_DAYS);
            if quiet && !r.passive && (today - r.course_start).num_days() >= QUIET_DAYS {
                flags.push("Ingen aktivitet på 14 dager");
            }
            if r.confidential {
                flags.push("Fortrolig");
            }
            CaseView {
                participant_id: r.participant_id,
                participant_name: r.participant_name,
                job_specialist: names.of(&r.job_specialist_id),
                phase: r.phase.as_deref().map_or("Ingen fase registrert", labels::phase),
                days_in_phase: r.phase_from.map(|f| (today - f).num_days().to_string()).unwrap_or_default(),
                last_activity: r.last_activity.map(crate::dates::day).unwrap_or_else(|| "Ingen".into()),
                flags,
            }
        })
        .collect::<Vec<_>>();
    let active = cases.len() - passive;
    render(&CaseloadPage { team_view, cases, active, passive })
}
