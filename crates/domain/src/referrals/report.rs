//! The zero-exclusion report, rule `R3@1` (docs/referrals.md): per team, office or the whole
//! country, the referrals sent in a window, what became of them by the window's last day,
//! the share rejected and why, and how long the answer and the three-party meeting took.
//! Pure functions of the data, so the CLI and the page cannot differ.

use chrono::NaiveDate;

use super::{RejectReason, Rejection};
use crate::codes;
use crate::course::ReferralDecision;
use crate::kpi::median;
use crate::outcomes::ReferralState;

codes! {
    /// What a report is grouped by. A referral has a team, not yet a job specialist.
    pub enum ReferralGroup { Team = "team", Office = "office", All = "all" }
}

#[derive(Debug, Clone, Default)]
pub struct ReferralData {
    /// Office ids.
    pub offices: Vec<String>,
    pub teams: Vec<ReportTeam>,
    /// The referrals sent in the window (others are ignored).
    pub referrals: Vec<ReportReferral>,
}

#[derive(Debug, Clone)]
pub struct ReportTeam {
    pub id: String,
    /// Position in [`ReferralData::offices`].
    pub office: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct ReportReferral {
    pub id: String,
    /// Position in [`ReferralData::teams`] of the team it was sent to.
    pub team: Option<usize>,
    pub sent: NaiveDate,
    pub decision: Option<ReferralDecision>,
    pub decided: Option<NaiveDate>,
    /// As stored: a reason code, or an older file's free text.
    pub reason: Option<String>,
    /// The start of the course made when the referral was accepted in Jobbvei.
    pub linked_start: Option<NaiveDate>,
    /// The participant's courses as (start, referred), for referrals accepted elsewhere.
    pub courses: Vec<(NaiveDate, Option<NaiveDate>)>,
}

#[derive(Debug, Clone, Copy)]
pub struct ReferralSpec {
    pub from: NaiveDate,
    /// The day the decisions and course starts are read on.
    pub to: NaiveDate,
    pub by: ReferralGroup,
}

/// One referral of the window as the rule reads it: the rows behind a group's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// Position in [`ReferralData::referrals`].
    pub referral: usize,
    pub state: ReferralState,
    /// Rejected ones only.
    pub rejection: Option<Rejection>,
    /// Days from sent to decision, for a decision dated by `to`.
    pub days_to_decision: Option<i64>,
    /// The course start (the three-party meeting) of an accepted referral, when known.
    pub course_start: Option<NaiveDate>,
    /// Days from decision to course start, when the course started by `to`.
    pub days_to_start: Option<i64>,
}

/// A median and how many values it is taken over.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Median {
    pub value: Option<f64>,
    pub n: u64,
}

impl Median {
    fn of(values: impl IntoIterator<Item = i64>) -> Median {
        let mut v: Vec<f64> = values.into_iter().map(|d| d as f64).collect();
        Median { n: v.len() as u64, value: median(&mut v) }
    }
}

/// One group's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub sent: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub unanswered: u64,
    /// `rejected ÷ (accepted + rejected) × 100`, unrounded; `None` when nothing is decided.
    pub rejected_share: Option<f64>,
    /// Rejected ones by reason, every reason in [`RejectReason::ALL`] order.
    pub by_reason: Vec<(RejectReason, u64)>,
    pub days_to_decision: Median,
    pub days_to_start: Median,
}

#[derive(Debug, Clone)]
pub struct ReferralReport {
    pub by: ReferralGroup,
    /// Team or office ids in id order, or `all`.
    pub group_ids: Vec<String>,
    /// In the order of `group_ids`.
    pub figures: Vec<Figures>,
}

impl ReferralReport {
    pub fn rule(&self) -> &'static str {
        super::RULE_ID
    }
}

impl ReportReferral {
    /// The decision as it stood on `to`: one dated later is not yet made; one without a date counts.
    pub fn state_on(&self, to: NaiveDate) -> ReferralState {
        match self.decision {
            _ if self.decided.is_some_and(|d| d > to) => ReferralState::Unanswered,
            Some(ReferralDecision::Accepted) => ReferralState::Accepted,
            Some(ReferralDecision::Rejected) => ReferralState::Rejected,
            None => ReferralState::Unanswered,
        }
    }

    /// The course the referral led to: the one recorded at acceptance; else the participant's
    /// course referred on the day it was sent; else the participant's first course starting on
    /// or after that day. Earliest start first in each step.
    pub fn course_start(&self) -> Option<NaiveDate> {
        if self.linked_start.is_some() {
            return self.linked_start;
        }
        let referred_then = self.courses.iter().filter(|(_, r)| *r == Some(self.sent)).map(|(s, _)| *s).min();
        referred_then.or_else(|| self.courses.iter().map(|(s, _)| *s).filter(|s| *s >= self.sent).min())
    }
}

/// Every referral sent in the window, read by the rule.
pub fn facts(data: &ReferralData, from: NaiveDate, to: NaiveDate) -> Vec<Fact> {
    data.referrals
        .iter()
        .enumerate()
        .filter(|(_, r)| from <= r.sent && r.sent <= to)
        .map(|(i, r)| {
            let state = r.state_on(to);
            let decided = r.decided.filter(|_| state != ReferralState::Unanswered);
            let course_start = (state == ReferralState::Accepted).then(|| r.course_start()).flatten();
            let days_to_start = match (decided, course_start) {
                (Some(d), Some(s)) if s <= to => Some((s - d).num_days()),
                _ => None,
            };
            Fact {
                referral: i,
                state,
                rejection: (state == ReferralState::Rejected).then(|| Rejection::read(r.reason.as_deref())),
                days_to_decision: decided.map(|d| (d - r.sent).num_days()),
                course_start,
                days_to_start,
            }
        })
        .collect()
}

/// The groups of `by` and, per referral, its group (`None`: the referral has no group there).
fn groups(data: &ReferralData, by: ReferralGroup) -> (Vec<String>, Vec<Option<usize>>) {
    let sorted = |ids: Vec<&String>| {
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by(|a, b| ids[*a].cmp(ids[*b]));
        order
    };
    match by {
        ReferralGroup::All => (vec!["all".to_owned()], vec![Some(0); data.referrals.len()]),
        ReferralGroup::Team => {
            let order = sorted(data.teams.iter().map(|t| &t.id).collect());
            let rank = inverse(&order);
            let ids = order.iter().map(|i| data.teams[*i].id.clone()).collect();
            (ids, data.referrals.iter().map(|r| r.team.map(|t| rank[t])).collect())
        }
        ReferralGroup::Office => {
            let order = sorted(data.offices.iter().collect());
            let rank = inverse(&order);
            let ids = order.iter().map(|i| data.offices[*i].clone()).collect();
            let office = |r: &ReportReferral| r.team.and_then(|t| data.teams.get(t)).and_then(|t| t.office);
            (ids, data.referrals.iter().map(|r| office(r).map(|o| rank[o])).collect())
        }
    }
}

fn inverse(order: &[usize]) -> Vec<usize> {
    let mut rank = vec![0; order.len()];
    for (pos, i) in order.iter().enumerate() {
        rank[*i] = pos;
    }
    rank
}

/// The figures of a set of facts.
pub fn figures<'a>(facts: impl IntoIterator<Item = &'a Fact>) -> Figures {
    let facts: Vec<&Fact> = facts.into_iter().collect();
    let count = |s: ReferralState| facts.iter().filter(|f| f.state == s).count() as u64;
    let (accepted, rejected) = (count(ReferralState::Accepted), count(ReferralState::Rejected));
    let decided = accepted + rejected;
    let by_reason = RejectReason::ALL
        .iter()
        .map(|r| (*r, facts.iter().filter(|f| f.rejection.as_ref().is_some_and(|x| x.reason == *r)).count() as u64))
        .collect();
    Figures {
        sent: facts.len() as u64,
        accepted,
        rejected,
        unanswered: count(ReferralState::Unanswered),
        rejected_share: (decided > 0).then(|| rejected as f64 / decided as f64 * 100.0),
        by_reason,
        days_to_decision: Median::of(facts.iter().filter_map(|f| f.days_to_decision)),
        days_to_start: Median::of(facts.iter().filter_map(|f| f.days_to_start)),
    }
}

/// The report of `spec` over `data`: every group of the grouping, in id order, with its figures.
pub fn compute(data: &ReferralData, spec: &ReferralSpec) -> ReferralReport {
    let (group_ids, of) = groups(data, spec.by);
    let facts = facts(data, spec.from, spec.to);
    let figures = (0..group_ids.len()).map(|g| figures(facts.iter().filter(|f| of[f.referral] == Some(g)))).collect();
    ReferralReport { by: spec.by, group_ids, figures }
}
