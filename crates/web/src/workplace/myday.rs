//! `/min-dag`: today's meetings, meetings left open, and what needs doing (the alerts).

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use jobbvei_domain::alerts::alerts;

use super::meeting::CloseView;
use super::{audit_read, entry, labels};
use crate::AppState;
use crate::auth::Viewer;
use crate::pages::{internal_error, render};

struct MeetingView {
    /// `dd.mm.yyyy`, for meetings left open from earlier days.
    day: String,
    time: String,
    what: &'static str,
    status: &'static str,
    who: String,
    participant_id: String,
    /// The activity, for its edit page.
    id: String,
    /// The one-tap close form, on planned meetings.
    close: Option<CloseView>,
}

/// One alert with its participant, as Min dag and `/varsler` list them.
pub(crate) struct AlertView {
    pub what: &'static str,
    pub due: String,
    pub participant_id: String,
    pub participant_name: String,
}

/// Today's alerts on `me`'s courses. The caseload names the open courses' participants; an
/// alert on a course that has ended is named from the course.
pub(crate) async fn alert_views(state: &AppState, me: &str) -> Result<Vec<AlertView>, jobbvei_store::StoreError> {
    let today = state.clock.today();
    let data = state.db.alert_data(today, Some(me)).await?;
    let cases = state.db.caseload(&[me.to_owned()], today).await?;
    let outreach = outreach_due(state, &cases, today).await?;
    let mut names: HashMap<String, (String, String)> =
        cases.into_iter().map(|c| (c.course_id, (c.participant_id, c.participant_name))).collect();
    let found = alerts(&data, today);
    let missing: Vec<&str> =
        found.iter().map(|a| data.courses[a.course].id.as_str()).filter(|c| !names.contains_key(*c)).collect();
    if !missing.is_empty() {
        names.extend(crate::names::course_participants(state, &missing).await?);
    }
    Ok(found
        .into_iter()
        .map(|a| {
            let (pid, pname) = names.get(data.courses[a.course].id.as_str()).cloned().unwrap_or_default();
            AlertView {
                what: labels::alert(a.kind.code()),
                due: crate::dates::day(a.due),
                participant_id: pid,
                participant_name: pname,
            }
        })
        .chain(outreach)
        .collect())
}

#[derive(Template)]
#[template(path = "myday.html")]
struct MyDayPage {
    today: String,
    meetings: Vec<MeetingView>,
    open: Vec<MeetingView>,
    alerts: Vec<AlertView>,
    /// Veileder decisions on the viewer's measure requests, last 14 days.
    answers: Vec<crate::measures::AnswerView>,
    /// The team lead's referrals unanswered for 14 days or more (crate::referrals).
    referrals: Vec<crate::referrals::Waiting>,
    /// New ads since yesterday that fit the viewer's participants (`crate::ads`).
    new_ads: Vec<crate::ads::NewAdView>,
}

pub(crate) async fn show(State(state): State<AppState>, viewer: Viewer) -> Response {
    let (now, today) = (state.clock.now(), state.clock.today());
    let me = viewer.user.id.as_str();
    let loaded = async {
        let lines = state.db.my_day(me, today, now).await?;
        let alerts = alert_views(&state, me).await?;
        audit_read(&state, entry(&state, &viewer, "read", ("my_day", me), &["activities", "alerts"])).await?;
        Ok::<_, jobbvei_store::StoreError>((lines, alerts))
    }
    .await;
    let (lines, alerts) = match loaded {
        Ok(x) => x,
        Err(e) => {
            tracing::error!(error = %e, "my day failed");
            return internal_error();
        }
    };
    let view = |l: &jobbvei_store::ActivityLine| MeetingView {
        day: crate::dates::day_of(l.activity.start),
        time: crate::dates::clock(l.activity.start),
        what: labels::kind(l.activity.kind.code()),
        status: labels::status(l.activity.status.code()),
        who: [l.participant_name.clone(), l.employer_name.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · "),
        participant_id: l.participant_id.clone().unwrap_or_default(),
        id: l.activity.id.as_str().to_owned(),
        close: CloseView::of(&viewer, &l.activity, "/min-dag", state.clock.now()),
    };
    let meetings = lines
        .iter()
        .filter(|l| {
            l.activity.start >= now - chrono::Duration::hours(24)
                && jobbvei_domain::time::oslo_date(l.activity.start) == today
        })
        .map(view)
        .collect();
    let open = lines
        .iter()
        .filter(|l| l.activity.status == jobbvei_domain::ActivityStatus::Planned && l.activity.start < now)
        .map(view)
        .collect();
    let answers = match crate::measures::answers(&state, me).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "measure answers failed");
            return internal_error();
        }
    };
    let referrals = match crate::referrals::overdue_for_lead(&state, &viewer).await {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "overdue referrals failed");
            return internal_error();
        }
    };
    let new_ads = match crate::ads::new_for(&state, &viewer, me).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "new ads failed");
            return internal_error();
        }
    };
    render(&MyDayPage { today: crate::dates::day(today), meetings, open, alerts, answers, referrals, new_ads })
}

/// Passive courses whose next outreach attempt is due (`domain::outreach`): kept beside the
/// alert engine's kinds rather than among them, since it reads Jobbvei's own records.
async fn outreach_due(
    state: &AppState,
    cases: &[jobbvei_store::CaseRow],
    today: chrono::NaiveDate,
) -> Result<Vec<AlertView>, jobbvei_store::StoreError> {
    let mut out = Vec::new();
    for c in cases.iter().filter(|c| c.passive) {
        let periods = state.db.course_passive_periods(&c.course_id).await?;
        let Some(p) = periods.iter().find(|p| p.from <= today && p.to.is_none_or(|to| to >= today)) else { continue };
        let attempts = state.db.outreach_attempts(&c.course_id).await?;
        let due = jobbvei_domain::outreach::next_attempt_due(p.from, &attempts);
        if due <= today {
            out.push(AlertView {
                what: "Logg et kontaktforsøk (passivt forløp)",
                due: crate::dates::day(due),
                participant_id: c.participant_id.clone(),
                participant_name: c.participant_name.clone(),
            });
        }
    }
    Ok(out)
}
