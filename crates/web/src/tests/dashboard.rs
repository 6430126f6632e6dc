//! `/tall`: figures with their rules, chart and table, and the spreadsheet export.

use super::*;

#[tokio::test]
async fn a_job_specialist_sees_their_week_with_rules_and_can_export_it() {
    for s in jobbvei_store::testing::both("tall").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (token, _) = session_for(&s, "u-jobbspesialist", clock.now()).await;
        let cookie = format!("jobbvei_session={token}");
        let r = send(&app, get("/tall", Some(&cookie))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", s.label);
        assert!(r.body.contains("Min uke") && r.body.contains("Regel K2@1") && r.body.contains("<svg"));
        // Seeded: a done 45-minute participant meeting out of office on Monday 18 November
        // (2024-W47). K2 = 45 ÷ (37.5 × 60 × 1.0 × 1 week) × 100 = 2.0; K1 = 0 meetings = 0.0.
        assert!(r.body.contains("<td>2024-W47</td><td></td><td>2,0</td><td>45,0</td><td>2250,0</td>"), "{}", r.body);
        assert!(r.body.contains("<td>2024-W47</td><td></td><td>0,0</td><td>0,0</td><td>1,0</td>"));
        // Weeks with nothing logged have no value, not zero.
        assert!(r.body.contains("<td>2024-W46</td><td></td><td>–</td>"));
        let csv = send(&app, get("/tall.csv", Some(&cookie))).await;
        assert!(csv.body.starts_with("\u{feff}kpi;regel;gruppe;periode;verdi;teller;nevner;mnd;dimensjon\r\n"));
        assert!(csv.body.contains("K2;K2@1;Bruker jobbspesialist;2024-W47;2;45;2250;;\r\n"), "{}", csv.body);
        // A team lead sees the team and each member's K1p and K2.
        let (lead, _) = session_for(&s, "u-metodeveileder", clock.now()).await;
        let r = send(&app, get("/tall?periode=maned", Some(&format!("jobbvei_session={lead}")))).await;
        assert!(r.body.contains("Teamets tall (Team)") && r.body.contains("Per jobbspesialist"));
        assert!(r.body.contains("K9 – Bredde i jobbtyper"));
        // Each member by name, never by id.
        assert!(r.body.contains("<td>Bruker jobbspesialist</td><td>K1p</td>"), "{}", r.body);
        assert!(!r.body.contains("<td>u-jobbspesialist</td>") && !r.body.contains("(t1)"));
        // A leader's figures per team: "Gjelder" names the team, the title the office.
        let (leader, _) = session_for(&s, "u-leder", clock.now()).await;
        let r = send(&app, get("/tall", Some(&format!("jobbvei_session={leader}")))).await;
        assert!(r.body.contains("NAV Sagene: teamene"), "{}", r.body);
        assert!(r.body.contains("<td>2024-W47</td><td>Team</td>") && !r.body.contains("<td>t1</td>"), "{}", r.body);
        assert!(!r.body.contains("0314"));
        s.remove().await;
    }
}
