//! `/min-dag`: today's meetings, meetings left open, and what needs doing (the alerts). A
//! team lead's day shows the team's alerts, each with its job specialist, since the team
//! lead follows no courses of their own and would otherwise see none.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use jobbvei_domain::Role;
use jobbvei_store::NameKind;

use super::flags::Whose;
use super::kept_cases::{self, Cases};
use super::meeting::CloseView;
use super::{entry, labels};
use crate::AppState;
use crate::auth::Viewer;
use crate::names::Names;
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
    /// How far from the deadline: "3 dager over fristen".
    pub late: String,
    pub overdue: bool,
    pub participant_id: String,
    pub participant_name: String,
    /// The course's job specialist by name, on a team lead's day.
    pub job_specialist: String,
}

/// Whose alerts the viewer's day shows: a team lead's, the team's; anyone else's, their own.
pub(crate) fn whose(v: &Viewer) -> Whose<'_> {
    match (&v.user.team, v.has(Role::MethodSupervisor)) {
        (Some(team), true) => Whose::Team(team.as_str()),
        _ => Whose::Own(v.user.id.as_str()),
    }
}

/// Today's alerts of the viewer's day ([`whose`]), the most overdue first.
pub(crate) async fn alert_views(state: &AppState, v: &Viewer) -> Result<Vec<AlertView>, jobbvei_store::StoreError> {
    let cases = kept_cases::of(state, v).await?;
    alert_views_of(state, &cases).await
}

/// [`alert_views`] of the viewer's day as kept ([`kept_cases::of`]).
async fn alert_views_of(state: &AppState, cases: &Cases) -> Result<Vec<AlertView>, jobbvei_store::StoreError> {
    let today = state.clock.today();
    let team = cases.team;
    let ids: Vec<&str> =
        if team { cases.flags.iter().map(|f| f.job_specialist.as_str()).collect() } else { Vec::new() };
    let staff = Names::load(state, NameKind::User, ids).await?;
    Ok(cases
        .flags
        .iter()
        .map(|f| AlertView {
            what: f.what,
            due: crate::dates::day(f.due),
            late: f.late(today),
            overdue: f.days_over(today) > 0,
            job_specialist: if team { staff.of(&f.job_specialist) } else { String::new() },
            participant_id: f.participant_id.clone(),
            participant_name: f.participant_name.clone(),
        })
        .collect())
}

#[derive(Template)]
#[template(path = "myday.html")]
struct MyDayPage {
    today: String,
    /// A team lead's day: the alerts are the team's, each naming its job specialist.
    team: bool,
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
    let team = matches!(whose(&viewer), Whose::Team(_));
    let loaded = async {
        let cases = kept_cases::of(&state, &viewer).await?;
        let alerts = alert_views_of(&state, &cases).await?;
        // New ads are for the viewer's own participants; a team lead's cases are the team's.
        let own = if team { state.db.caseload(&[me.to_owned()], today).await? } else { cases.rows.clone() };
        let since = crate::measures::answers_since(now);
        let kept = viewer.case_stamp.map(|n| (state.days.as_ref(), n));
        let data = state.db.my_day_page(me, today, now, since, &crate::ads::participants_of(&own), kept).await?;
        let referrals = crate::referrals::overdue_for_lead(&state, &viewer).await?;
        let (new_ads, mut read) =
            crate::ads::new_for(&state, &viewer, &own, &data.profiles, data.ads_generation).await?;
        let (lines, answers) = (data.lines, crate::measures::answer_views(data.answers));
        // The day's entry and one per participant whose ads are shown, in one audit write:
        // each write waits its turn for the log, so a page that wrote twice waited twice.
        // Named by what the page shows: the measure answers (with a decline's reason) always,
        // a team lead's overdue referrals only when there are any.
        let mut fields = vec!["activities", "alerts", "measure_decisions"];
        if team {
            fields.push("team_alerts");
        }
        if !referrals.is_empty() {
            fields.push("referrals");
        }
        read.insert(0, entry(&state, &viewer, "read", ("my_day", me), &fields));
        state.db.audit_all_now(&read).await?;
        Ok::<_, jobbvei_store::StoreError>((lines, alerts, answers, referrals, new_ads))
    }
    .await;
    let (lines, alerts, answers, referrals, new_ads) = match loaded {
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
    render(&MyDayPage { today: crate::dates::day(today), team, meetings, open, alerts, answers, referrals, new_ads })
}
