//! Fidelity reviews (DOMAIN.md §6): open a review of a team, score it item by item, agree on a
//! consensus, print the report with its action plan, and compare a team's reviews over time.
//!
//! Reviews are confidential to the team, its leaders and the reviewers. The route table in
//! `access` lets the roles in; [`level`] then decides what one viewer may do with one review.

pub mod list;
pub mod report;
pub mod review;
pub mod team;
mod view;

use std::collections::HashMap;

use jobbvei_domain::Role;
use jobbvei_domain::fidelity::{Instrument, instrument_version};
use jobbvei_store::Review;

use crate::AppState;
use crate::auth::Viewer;
use crate::dates::day as date;
use crate::forms::{PageError, new_id};
use crate::workplace::entry;

/// The roles that may see some review: reviewers, team leads, the team's job specialists and
/// office leaders. Which reviews each sees is [`level`]'s business.
pub const REVIEW_ROLES: &[Role] = &[Role::Reviewer, Role::MethodSupervisor, Role::JobSpecialist, Role::Leader];

/// The roles that may open, score and follow up reviews.
pub const REVIEWER_ROLES: &[Role] = &[Role::Reviewer, Role::MethodSupervisor];

jobbvei_domain::codes! {
    /// A review's progress: each reviewer scores, then they agree, then it is closed.
    pub enum Status { Open = "open", Consensus = "consensus", Closed = "closed" }
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "Individuell vurdering",
            Status::Consensus => "Konsensus",
            Status::Closed => "Avsluttet",
        }
    }
}

/// What a viewer may do with one review, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    None,
    /// The printed report and the team's comparison: the team's job specialists, the office's leaders.
    Report,
    /// The whole review, and its action plan: the team's method supervisor.
    Manage,
    /// Scoring too: the review's own reviewers.
    Score,
}

/// Where the viewer stands: their team and that team's office, which a leader's scope follows.
pub struct Standing<'a> {
    pub viewer: &'a Viewer,
    pub office: Option<String>,
}

impl Standing<'_> {
    fn team(&self) -> Option<&str> {
        self.viewer.user.team.as_ref().map(|t| t.as_str())
    }

    /// What the viewer may do with any review of `team` in `office`, before asking whether
    /// they review it themselves.
    pub fn team_level(&self, team: &str, office: &str) -> Level {
        let v = self.viewer;
        let own_team = self.team() == Some(team);
        if v.has(Role::MethodSupervisor) && own_team {
            Level::Manage
        } else if (v.has(Role::JobSpecialist) && own_team)
            || (v.has(Role::Leader) && self.office.as_deref() == Some(office))
        {
            Level::Report
        } else {
            Level::None
        }
    }
}

/// The access rule for one review: its reviewers score it (a method supervisor only for their
/// own team, as a self-assessment); the team's method supervisor sees and follows it up; the
/// team's job specialists and the leaders of the team's office read the report; no one else
/// sees it at all.
pub fn level(s: &Standing<'_>, r: &Review) -> Level {
    let v = s.viewer;
    let team_level = s.team_level(&r.team_id, &r.office_id);
    let reviews_it = r.reviewers.iter().any(|(id, _)| id == v.user.id.as_str());
    let may_score = v.has(Role::Reviewer) || (v.has(Role::MethodSupervisor) && team_level == Level::Manage);
    if reviews_it && may_score { Level::Score } else { team_level }
}

pub async fn standing<'a>(state: &AppState, viewer: &'a Viewer) -> Result<Standing<'a>, jobbvei_store::StoreError> {
    let office = match &viewer.user.team {
        Some(t) => state.db.office_of_team(t.as_str()).await?,
        None => None,
    };
    Ok(Standing { viewer, office })
}

/// The review `id` with the viewer's level, or the answer to send: 404 when unknown, 403
/// (audited) below `needed`.
async fn load(state: &AppState, viewer: &Viewer, id: &str, needed: Level) -> Result<(Review, Level), PageError> {
    let s = standing(state, viewer).await?;
    let Some(r) = state.db.review(id).await? else { return Err(PageError::NotFound("Fant ikke vurderingen.")) };
    let l = level(&s, &r);
    if l < needed {
        return Err(deny(state, viewer, ("review", id)).await?);
    }
    Ok((r, l))
}

/// 403 for a review or team the viewer may not see, written to the audit log like a route denial.
/// The denial is written to the audit log first; the answer is the error to send.
pub(crate) async fn deny(state: &AppState, viewer: &Viewer, record: (&str, &str)) -> Result<PageError, PageError> {
    let mut e = entry(state, viewer, "access", record, &[]);
    e.outcome = "denied".into();
    crate::workplace::audit_read(state, e).await?;
    tracing::warn!(user = %viewer.user.id, record = %record.1, "review access denied");
    Ok(PageError::Forbidden("Du har ikke tilgang til denne vurderingen."))
}

/// The instrument version a review was opened with.
fn instrument_of(r: &Review) -> Option<&'static Instrument> {
    instrument_version(&r.instrument, &r.version)
}

fn kind_label(kind: &str) -> &'static str {
    if kind == "egenvurdering" { "Egenvurdering" } else { "Fagrevisjon" }
}

fn status_label(code: &str) -> &'static str {
    Status::parse(code).map_or("Ukjent", Status::label)
}

/// A posted text field, trimmed, with a text area's line breaks as `\n`; `None` when blank.
fn text(form: &HashMap<String, String>, key: &str) -> Option<String> {
    form.get(key).map(|s| s.trim()).filter(|s| !s.is_empty()).map(|s| s.replace("\r\n", "\n"))
}

/// The message for a text that holds a control character: it could not be exported and
/// imported again, and PostgreSQL cannot store a NUL (`bounds::plain_text`).
const NOT_PLAIN: &str = "Feltet kan bare inneholde vanlig tekst.";

/// Whether a posted text may be stored as it is.
fn plain(v: &str) -> bool {
    jobbvei_domain::bounds::plain_text(v)
}
