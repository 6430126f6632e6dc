//! `/tall/henvisninger/rader`: the referrals behind the team lead's zero-exclusion figures,
//! read by the same rule (`facts`), so each row is counted exactly as the figures count it.
//! Person-level, so for the team lead of the own team only; the reading is audited.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use jobbvei_domain::Role;
use jobbvei_domain::outcomes::ReferralState;
use jobbvei_domain::referrals::report::facts;
use jobbvei_store::ReferralFilter;

use super::rejection_words;
use super::report::{Params, window};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::PageError;
use crate::pages::render;
use crate::workplace::{audit_read, entry};

struct Row {
    id: String,
    participant: String,
    veileder: String,
    sent: String,
    sent_on: chrono::NaiveDate,
    state: &'static str,
    decided: String,
    reason: String,
    days_to_decision: String,
    meeting: String,
    days_to_start: String,
}

#[derive(Template)]
#[template(path = "referral_rows.html")]
struct RowsPage {
    team: String,
    from: String,
    to: String,
    filter: &'static str,
    rows: Vec<Row>,
}

fn state_words(s: ReferralState) -> &'static str {
    match s {
        ReferralState::Accepted => "Akseptert",
        ReferralState::Rejected => "Avvist",
        ReferralState::Unanswered => "Ubesvart",
    }
}

pub(crate) async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Query(p): Query<Params>,
) -> Result<Response, PageError> {
    let Some(team) = v.user.team.as_ref().map(|t| t.as_str()).filter(|_| v.has(Role::MethodSupervisor)) else {
        return Err(PageError::Forbidden("Henvisningene bak tallene vises bare for teamlederen."));
    };
    let (from, to, _) = window(&p, state.clock.today());
    let wanted = p.utfall.as_deref().and_then(ReferralState::parse);
    let data = state.db.referral_report_data(from, to).await?;
    let lines = state.db.referral_lines(ReferralFilter::TeamSent { team, from, to }).await?;
    let names: HashMap<&str, _> = lines.iter().map(|l| (l.id.as_str(), l)).collect();
    let opt = |d: Option<i64>| d.map(|d| d.to_string()).unwrap_or_default();
    let mut rows: Vec<Row> = facts(&data, from, to)
        .into_iter()
        .filter(|f| wanted.is_none_or(|w| f.state == w))
        .filter_map(|f| {
            let r = &data.referrals[f.referral];
            let l = names.get(r.id.as_str())?;
            Some(Row {
                id: r.id.clone(),
                participant: l.participant_name.clone(),
                veileder: l.veileder_name.clone(),
                sent: crate::dates::day(r.sent),
                sent_on: r.sent,
                state: state_words(f.state),
                decided: r
                    .decided
                    .filter(|_| f.state != ReferralState::Unanswered)
                    .map(crate::dates::day)
                    .unwrap_or_default(),
                reason: f.rejection.as_ref().map(rejection_words).unwrap_or_default(),
                days_to_decision: opt(f.days_to_decision),
                meeting: f.course_start.map(crate::dates::day).unwrap_or_default(),
                days_to_start: opt(f.days_to_start),
            })
        })
        .collect();
    rows.sort_by(|a, b| a.sent_on.cmp(&b.sent_on).then_with(|| a.id.cmp(&b.id)));
    audit_read(&state, entry(&state, &v, "read", ("referrals", team), &["participants"])).await?;
    Ok(render(&RowsPage {
        team: crate::names::team(&state, team).await?,
        from: crate::dates::day(from),
        to: crate::dates::day(to),
        filter: wanted.map_or("", state_words),
        rows,
    }))
}
