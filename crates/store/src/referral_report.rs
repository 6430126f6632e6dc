//! What the zero-exclusion rule (`R3@1`) reads: every office and team, the referrals sent in
//! the window, and the courses of their participants, from which the rule finds the course a
//! referral led to.

use std::collections::HashMap;

use chrono::NaiveDate;
use jobbvei_domain::ReferralDecision;
use jobbvei_domain::referrals::report::{ReferralData, ReportReferral, ReportTeam};

use crate::mapping::corrupt;
use crate::{Db, StoreError, on_pool};

type ReferralRow =
    (String, String, String, NaiveDate, Option<String>, Option<NaiveDate>, Option<String>, Option<NaiveDate>);

impl Db {
    /// The data of the zero-exclusion report for referrals sent from `from` to `to`.
    pub async fn referral_report_data(&self, from: NaiveDate, to: NaiveDate) -> Result<ReferralData, StoreError> {
        let (offices, teams, referrals, courses) = on_pool!(self, p => {
            let offices: Vec<String> = sqlx::query_scalar("SELECT id FROM office ORDER BY id").fetch_all(p).await?;
            let teams: Vec<(String, String)> =
                sqlx::query_as("SELECT id, office_id FROM team ORDER BY id").fetch_all(p).await?;
            let referrals: Vec<ReferralRow> = sqlx::query_as(
                "SELECT r.id, r.team_id, r.participant_id, r.sent, r.decision, r.decided, r.reason, c.start_date \
                 FROM referral r LEFT JOIN referral_detail d ON d.id = r.id LEFT JOIN course c ON c.id = d.course_id \
                 WHERE r.sent >= $1 AND r.sent <= $2 ORDER BY r.id",
            )
            .bind(from).bind(to).fetch_all(p).await?;
            let courses: Vec<(String, NaiveDate, Option<NaiveDate>)> = sqlx::query_as(
                "SELECT c.participant_id, c.start_date, c.referred FROM course c WHERE c.participant_id IN \
                 (SELECT r.participant_id FROM referral r WHERE r.sent >= $1 AND r.sent <= $2) \
                 ORDER BY c.participant_id, c.start_date",
            )
            .bind(from).bind(to).fetch_all(p).await?;
            (offices, teams, referrals, courses)
        });
        let office_pos: HashMap<&str, usize> = offices.iter().enumerate().map(|(i, o)| (o.as_str(), i)).collect();
        let team_pos: HashMap<&str, usize> = teams.iter().enumerate().map(|(i, (t, _))| (t.as_str(), i)).collect();
        let mut by_participant: HashMap<&str, Vec<(NaiveDate, Option<NaiveDate>)>> = HashMap::new();
        for (participant, start, referred) in &courses {
            by_participant.entry(participant.as_str()).or_default().push((*start, *referred));
        }
        let referrals = referrals
            .iter()
            .map(|(id, team, participant, sent, decision, decided, reason, linked_start)| {
                let decision = decision
                    .as_deref()
                    .map(|d| ReferralDecision::parse(d).ok_or_else(|| corrupt("referral", "decision", d)))
                    .transpose()?;
                Ok(ReportReferral {
                    id: id.clone(),
                    team: team_pos.get(team.as_str()).copied(),
                    sent: *sent,
                    decision,
                    decided: *decided,
                    reason: reason.clone(),
                    linked_start: *linked_start,
                    courses: by_participant.get(participant.as_str()).cloned().unwrap_or_default(),
                })
            })
            .collect::<Result<_, StoreError>>()?;
        let teams = teams
            .iter()
            .map(|(id, office)| ReportTeam { id: id.clone(), office: office_pos.get(office.as_str()).copied() })
            .collect();
        Ok(ReferralData { offices, teams, referrals })
    }
}
