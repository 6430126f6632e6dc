//! Rule `R3@1` on a hand-made set of referrals, every figure worked out in the comments.

use chrono::NaiveDate;

use super::report::{Median, ReferralData, ReferralGroup, ReferralSpec, ReportReferral, ReportTeam, compute, facts};
use super::{OVERDUE_DAYS, ReferralStatus, RejectReason, Rejection};
use crate::course::{Referral, ReferralDecision};
use crate::id::ExtId;
use crate::outcomes::ReferralState;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn referral(id: &str, team: Option<usize>, sent: &str) -> ReportReferral {
    ReportReferral {
        id: id.into(),
        team,
        sent: d(sent),
        decision: None,
        decided: None,
        reason: None,
        linked_start: None,
        courses: Vec::new(),
    }
}

fn decided(mut r: ReportReferral, decision: ReferralDecision, on: Option<&str>) -> ReportReferral {
    r.decision = Some(decision);
    r.decided = on.map(d);
    r
}

fn rejected(r: ReportReferral, on: &str, reason: Option<&str>) -> ReportReferral {
    let mut r = decided(r, ReferralDecision::Rejected, Some(on));
    r.reason = reason.map(str::to_owned);
    r
}

/// Offices 0314 (teams t1, t2) and 0315 (t3); the window is the first quarter of 2024.
fn data() -> ReferralData {
    use ReferralDecision::Accepted;
    let mut r1 = decided(referral("r1", Some(0), "2024-01-02"), Accepted, Some("2024-01-05"));
    r1.linked_start = Some(d("2024-01-12"));
    let mut r6 = decided(referral("r6", Some(1), "2023-12-30"), Accepted, Some("2024-01-03"));
    r6.linked_start = Some(d("2024-01-04"));
    let mut r7 = decided(referral("r7", Some(1), "2024-02-10"), Accepted, Some("2024-02-14"));
    // The course referred on the day the referral was sent wins over an older one.
    r7.courses = vec![(d("2024-03-01"), Some(d("2024-02-10"))), (d("2023-01-01"), None)];
    let mut r8 = decided(referral("r8", Some(1), "2024-03-01"), Accepted, Some("2024-03-05"));
    r8.courses = vec![(d("2024-04-10"), None)];
    ReferralData {
        offices: vec!["0315".into(), "0314".into()],
        teams: vec![
            ReportTeam { id: "t1".into(), office: Some(1) },
            ReportTeam { id: "t2".into(), office: Some(1) },
            ReportTeam { id: "t3".into(), office: Some(0) },
        ],
        referrals: vec![
            r1,
            rejected(referral("r2", Some(0), "2024-01-10"), "2024-01-20", Some("aktiv_rus")),
            rejected(referral("r3", Some(0), "2024-02-01"), "2024-02-03", Some("Ønsker skole først")),
            referral("r4", Some(0), "2024-03-20"),
            decided(referral("r5", Some(0), "2024-03-25"), Accepted, Some("2024-04-02")),
            r6,
            r7,
            r8,
            decided(referral("r9", Some(2), "2024-01-15"), Accepted, None),
            rejected(referral("r10", None, "2024-01-20"), "2024-01-21", None),
        ],
    }
}

fn spec(by: ReferralGroup) -> ReferralSpec {
    ReferralSpec { from: d("2024-01-01"), to: d("2024-03-31"), by }
}

fn reasons(f: &super::report::Figures) -> Vec<(&'static str, u64)> {
    f.by_reason.iter().filter(|(_, n)| *n > 0).map(|(r, n)| (r.code(), *n)).collect()
}

#[test]
fn by_team() {
    let report = compute(&data(), &spec(ReferralGroup::Team));
    assert_eq!(report.group_ids, ["t1", "t2", "t3"]);
    assert_eq!(report.rule(), "R3@1");
    // t1: r1–r5 sent in the window. r1 accepted; r2 and r3 rejected; r4 unanswered, and r5's
    // answer came after `to`, so it is unanswered too. Share: 2 of 3 answered.
    let t1 = &report.figures[0];
    assert_eq!((t1.sent, t1.accepted, t1.rejected, t1.unanswered), (5, 1, 2, 2));
    assert_eq!(t1.rejected_share, Some(2.0 / 3.0 * 100.0));
    // r3's free text is read as `annet`.
    assert_eq!(reasons(t1), [("aktiv_rus", 1), ("annet", 1)]);
    assert_eq!(t1.by_reason.len(), RejectReason::ALL.len());
    // Days to answer: r1 3, r2 10, r3 2 → median 3. To the meeting: r1 12.01 − 05.01 = 7.
    assert_eq!(t1.days_to_decision, Median { value: Some(3.0), n: 3 });
    assert_eq!(t1.days_to_start, Median { value: Some(7.0), n: 1 });
    // t2: r6 was sent before the window. r7 answered in 4 days, course from 01.03 (the one
    // referred 10.02): 16 days after 14.02 in a leap year. r8 answered in 4 days; its course
    // starts 10.04, after `to`, so it is not measured yet.
    let t2 = &report.figures[1];
    assert_eq!((t2.sent, t2.accepted, t2.rejected, t2.unanswered), (2, 2, 0, 0));
    assert_eq!(t2.rejected_share, Some(0.0));
    assert_eq!(t2.days_to_decision, Median { value: Some(4.0), n: 2 });
    assert_eq!(t2.days_to_start, Median { value: Some(16.0), n: 1 });
    // t3: r9 accepted without a date: counted, not measured; no course found.
    let t3 = &report.figures[2];
    assert_eq!((t3.sent, t3.accepted, t3.rejected_share), (1, 1, Some(0.0)));
    assert_eq!((t3.days_to_decision, t3.days_to_start), (Median::default(), Median::default()));
}

#[test]
fn by_office_and_for_all() {
    let report = compute(&data(), &spec(ReferralGroup::Office));
    assert_eq!(report.group_ids, ["0314", "0315"]);
    // 0314 = t1 + t2: 2 rejected of 5 answered = 40 %. Answers 2, 3, 4, 4, 10 → 4.
    // Meetings 7 and 16 → 11.5.
    let o = &report.figures[0];
    assert_eq!((o.sent, o.accepted, o.rejected, o.unanswered), (7, 3, 2, 2));
    assert_eq!(o.rejected_share, Some(40.0));
    assert_eq!(o.days_to_decision, Median { value: Some(4.0), n: 5 });
    assert_eq!(o.days_to_start, Median { value: Some(11.5), n: 2 });
    assert_eq!(report.figures[1].sent, 1);
    // All: r10 has no team and is counted only here. 3 rejected of 7 answered. Answers
    // 1, 2, 3, 4, 4, 10 → (3 + 4) / 2. r10 without a reason is `annet`.
    let all = compute(&data(), &spec(ReferralGroup::All));
    assert_eq!(all.group_ids, ["all"]);
    let a = &all.figures[0];
    assert_eq!((a.sent, a.accepted, a.rejected, a.unanswered), (9, 4, 3, 2));
    assert_eq!(a.rejected_share, Some(3.0 / 7.0 * 100.0));
    assert_eq!(reasons(a), [("aktiv_rus", 1), ("annet", 2)]);
    assert_eq!(a.days_to_decision, Median { value: Some(3.5), n: 6 });
    assert_eq!(a.days_to_start, Median { value: Some(11.5), n: 2 });
}

#[test]
fn a_group_without_referrals_has_zeros_and_no_share() {
    let mut data = data();
    data.referrals.clear();
    let report = compute(&data, &spec(ReferralGroup::Team));
    let t1 = &report.figures[0];
    assert_eq!((t1.sent, t1.rejected_share, t1.days_to_decision.value), (0, None, None));
}

#[test]
fn facts_are_the_rows_behind_the_figures() {
    let data = data();
    let f = facts(&data, d("2024-01-01"), d("2024-03-31"));
    assert_eq!(f.len(), 9);
    let r8 = f.iter().find(|x| data.referrals[x.referral].id == "r8").unwrap();
    assert_eq!((r8.state, r8.course_start, r8.days_to_start), (ReferralState::Accepted, Some(d("2024-04-10")), None));
    let r3 = f.iter().find(|x| data.referrals[x.referral].id == "r3").unwrap();
    assert_eq!(
        r3.rejection,
        Some(Rejection { reason: RejectReason::Other, legacy_text: Some("Ønsker skole først".into()) })
    );
}

#[test]
fn stored_reasons_are_codes_or_older_free_text() {
    assert_eq!(Rejection::read(Some("onsker_utdanning")).reason, RejectReason::WantsEducation);
    assert_eq!(Rejection::read(Some(" annet ")), Rejection { reason: RejectReason::Other, legacy_text: None });
    assert_eq!(Rejection::read(None), Rejection { reason: RejectReason::Other, legacy_text: None });
}

#[test]
fn a_referral_is_overdue_after_fourteen_days_unanswered() {
    let mut r = Referral {
        id: ExtId::parse("r1").unwrap(),
        participant: ExtId::parse("p1").unwrap(),
        veileder: ExtId::parse("v1").unwrap(),
        team: ExtId::parse("t1").unwrap(),
        sent: d("2024-11-01"),
        decision: None,
        decided: None,
        reason: None,
    };
    assert_eq!(r.status(), ReferralStatus::Sent);
    assert_eq!(OVERDUE_DAYS, 14);
    assert_eq!(r.waiting_days(d("2024-11-14")), Some(13));
    assert!(!r.is_overdue(d("2024-11-14")));
    assert!(r.is_overdue(d("2024-11-15")));
    r.decision = Some(ReferralDecision::Rejected);
    r.reason = Some("aktiv_rus".into());
    assert_eq!(r.status(), ReferralStatus::Rejected);
    assert!(!r.is_overdue(d("2024-12-15")));
    assert_eq!(r.rejection().unwrap().reason, RejectReason::ActiveSubstanceUse);
}
