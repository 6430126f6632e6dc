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

/// A colleague js2 in t1 and js9 in team t9 of another office, each with a done meeting out
/// of office this week, so that each has figures of their own.
async fn colleagues(s: &Scratch) {
    let id = |x: &str| ExtId::parse(x).unwrap();
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_offices(&[Office { id: id("4601"), name: "NAV Bergenhus".into() }]).await.unwrap();
    tx.upsert_teams(&[Team { id: id("t9"), office: id("4601"), name: "Team Bergen".into(), method: Method::Ips }])
        .await
        .unwrap();
    for (user, team, name) in [("js2", "t1", "Kari Kollega"), ("js9", "t9", "Ola Bergen")] {
        tx.upsert_users(&[User {
            id: id(user),
            name: name.into(),
            roles: vec![Role::JobSpecialist],
            team: Some(id(team)),
            fte: Fte::FULL,
            username: Some(user.into()),
        }])
        .await
        .unwrap();
        tx.upsert_activities(&[jobbvei_domain::Activity {
            id: id(&format!("a-{user}")),
            user: id(user),
            kind: jobbvei_domain::ActivityKind::Other,
            start: DateTime::from_timestamp(NOW - 86_400, 0).unwrap(),
            minutes: 90,
            status: jobbvei_domain::ActivityStatus::Done,
            channel: None,
            out_of_office: Some(true),
            travel_to: None,
            travel_from: None,
            course: None,
            employer: None,
            employer_contact: None,
            decision_maker: None,
            subcategory: None,
            place: None,
            note: None,
        }])
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

/// The `gruppe` column of a CSV export, each value once.
fn csv_groups(body: &str) -> Vec<String> {
    let mut groups: Vec<String> = body.lines().skip(1).map(|l| l.split(';').nth(2).unwrap().to_owned()).collect();
    groups.sort();
    groups.dedup();
    groups
}

#[tokio::test]
async fn the_export_carries_only_what_the_page_shows() {
    for s in jobbvei_store::testing::both("tallcsv").await {
        seed(&s).await;
        colleagues(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let session = |user: &'static str| {
            let (s, clock) = (&s, &clock);
            async move { format!("jobbvei_session={}", session_for(s, user, clock.now()).await.0) }
        };
        let foreign = ["Kari Kollega", "js2", "Ola Bergen", "js9", "t9", "Team Bergen", "4601", "Bergenhus"];

        // A job specialist: their own K1, K1p and K2, nobody else's, not even as empty rows.
        let js = session("u-jobbspesialist").await;
        let csv = send(&app, get("/tall.csv", Some(&js))).await.body;
        assert_eq!(csv_groups(&csv), ["Bruker jobbspesialist"], "{}: {csv}", s.label);
        assert_eq!(csv.lines().count(), 1 + 3 * 9, "{csv}");
        assert!(foreign.iter().all(|f| !csv.contains(f)), "{csv}");
        let page = send(&app, get("/tall", Some(&js))).await.body;
        assert!(foreign.iter().all(|f| !page.contains(f)));

        // A team lead: the team, and per person the team's own job specialists only.
        let lead = session("u-metodeveileder").await;
        let csv = send(&app, get("/tall.csv", Some(&lead))).await.body;
        assert_eq!(csv_groups(&csv), ["Team"], "{csv}");
        let page = send(&app, get("/tall", Some(&lead))).await.body;
        assert!(page.contains("<td>Kari Kollega</td><td>K1p</td>"), "{page}");
        assert!(!page.contains("Ola Bergen") && !page.contains("Team Bergen"));

        // A leader: the teams of their own office.
        let leader = session("u-leder").await;
        let csv = send(&app, get("/tall.csv", Some(&leader))).await.body;
        assert_eq!(csv_groups(&csv), ["Team"], "{csv}");
        assert!(!send(&app, get("/tall", Some(&leader))).await.body.contains("Team Bergen"));

        // An analyst: the whole country, as one group.
        let analyst = session("u-analytiker").await;
        assert_eq!(csv_groups(&send(&app, get("/tall.csv", Some(&analyst))).await.body), ["Hele landet"]);
        s.remove().await;
    }
}
