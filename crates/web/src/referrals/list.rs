//! `/henvisninger`: the veileder's own referrals (drafts, sent, answered), and the team
//! lead's intake queue: the team's sent referrals waiting for an answer, oldest first with
//! the days they have waited, the drafts a veileder asked to talk over, and the answered
//! ones. A referral unanswered for 14 days or more is marked for both.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use jobbvei_domain::Role;
use jobbvei_store::{ReferralFilter, ReferralLine};

use super::{overdue, status_words, waiting};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::PageError;
use crate::pages::render;
use crate::workplace::{audit_read, entry};

/// How many answered referrals the team lead's page lists.
const ANSWERED_SHOWN: usize = 50;

pub(crate) struct Row {
    pub id: String,
    pub participant: String,
    pub team: String,
    pub veileder: String,
    pub status: String,
    pub waiting: String,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "referrals.html")]
struct ReferralsPage {
    veileder: bool,
    mine: Vec<Row>,
    mine_overdue: usize,
    lead: bool,
    team: String,
    queue: Vec<Row>,
    consult: Vec<Row>,
    answered: Vec<Row>,
}

fn row(l: &ReferralLine, today: chrono::NaiveDate) -> Row {
    Row {
        id: l.id.clone(),
        participant: l.participant_name.clone(),
        team: l.team_name.clone(),
        veileder: l.veileder_name.clone(),
        status: status_words(l, today),
        waiting: match (l.sent, l.decision) {
            (Some(s), None) => waiting((today - s).num_days()),
            _ => String::new(),
        },
        overdue: overdue(l, today),
    }
}

pub(crate) async fn show(State(state): State<AppState>, v: Viewer) -> Result<Response, PageError> {
    let today = state.clock.today();
    let me = v.user.id.as_str();
    let veileder = v.has(Role::Veileder);
    let mine: Vec<Row> = if veileder {
        state.db.referral_lines(ReferralFilter::Veileder(me)).await?.iter().map(|l| row(l, today)).collect()
    } else {
        Vec::new()
    };
    let team = v.user.team.as_ref().map(|t| t.as_str()).filter(|_| v.has(Role::MethodSupervisor));
    let (mut queue, mut consult, mut answered) = (Vec::new(), Vec::new(), Vec::new());
    let mut team_name = String::new();
    if let Some(t) = team {
        team_name = crate::names::team(&state, t).await?;
        let mut lines = state.db.referral_lines(ReferralFilter::Team(t)).await?;
        lines.sort_by(|a, b| a.sent.cmp(&b.sent).then_with(|| a.id.cmp(&b.id)));
        for l in &lines {
            match (l.sent, l.decision) {
                (None, _) => consult.push(row(l, today)),
                (Some(_), None) => queue.push(row(l, today)),
                (Some(_), Some(_)) => answered.push(row(l, today)),
            }
        }
        answered.reverse();
        answered.truncate(ANSWERED_SHOWN);
    }
    audit_read(&state, entry(&state, &v, "read", ("referrals", me), &["participants"])).await?;
    let mine_overdue = mine.iter().filter(|r| r.overdue).count();
    Ok(render(&ReferralsPage {
        veileder,
        mine,
        mine_overdue,
        lead: team.is_some(),
        team: team_name,
        queue,
        consult,
        answered,
    }))
}
