//! `/tall/rader`: the rows behind a figure, who may see them, the CSV, and the audit.

use super::*;

/// An employer meeting on Monday 18 November 2024 (2024-W47) that counts as K1, on p1's
/// course c1 with employer e1.
fn meeting(id: &str, user: &str) -> jobbvei_domain::Activity {
    let x = |s: &str| ExtId::parse(s).unwrap();
    jobbvei_domain::Activity {
        id: x(id),
        user: x(user),
        kind: jobbvei_domain::ActivityKind::EmployerMeeting,
        start: DateTime::from_timestamp(NOW - 86_400 + 3600, 0).unwrap(),
        minutes: 60,
        status: jobbvei_domain::ActivityStatus::Done,
        channel: Some(jobbvei_domain::Channel::Physical),
        out_of_office: Some(false),
        travel_to: None,
        travel_from: None,
        course: Some(x("c1")),
        employer: Some(x("e1")),
        employer_contact: None,
        decision_maker: Some(true),
        subcategory: Some(jobbvei_domain::Subcategory::JobDevelopment),
        place: Some("Bakeriet".into()),
        note: None,
    }
}

/// The seed, plus four employer meetings that week: a2 counts, a3 was digital, a4 was the
/// team lead's (not a job specialist), a5 was cancelled.
async fn seed_meetings(s: &Scratch) {
    seed(s).await;
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_activities(&[
        meeting("a2", "u-jobbspesialist"),
        jobbvei_domain::Activity {
            channel: Some(jobbvei_domain::Channel::Digital),
            ..meeting("a3", "u-jobbspesialist")
        },
        meeting("a4", "u-metodeveileder"),
        jobbvei_domain::Activity {
            status: jobbvei_domain::ActivityStatus::Cancelled,
            ..meeting("a5", "u-jobbspesialist")
        },
    ])
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn kpi_audit(s: &Scratch) -> Vec<(String, String, String)> {
    let log = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
    log.into_iter()
        .filter(|e| e.record_type.as_deref() == Some("kpi_rows"))
        .map(|e| (e.action, e.record_id.unwrap_or_default(), e.outcome))
        .collect()
}

/// One table row of the drill-down page.
fn tr(cells: &[&str]) -> String {
    cells.iter().map(|c| format!("<td>{c}</td>")).collect::<String>()
}

#[tokio::test]
async fn a_team_lead_sees_the_rows_behind_k1_and_the_read_is_audited_once() {
    for s in jobbvei_store::testing::both("drill").await {
        seed_meetings(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let r = send(&app, get("/tall/rader?kpi=K1&periode=uke&tid=2024-W47&gruppe=t1", Some(&lead))).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", s.label, r.body);
        assert!(r.body.contains("K1 – Tellende arbeidsgivermøter") && r.body.contains("Regel K1@1"));
        // One countable meeting (a2) over the one job specialist's 1.0 FTE × 1 week.
        assert!(r.body.contains(&tr(&["", "1,0", "1", "1"])), "{}", r.body);
        // People and employers by name, dates as dd.mm.åååå; the records' own ids stay.
        let p1 = "<a href=\"/deltaker/p1\">Amina Yusuf</a>";
        let (js, e1, day) = ("Bruker jobbspesialist", "Bakeriet AS", "18.11.2024");
        let rows = [
            tr(&[day, "Deltakermøte", "a1", p1, "c1", "", js, "0", "0", "", "ikke arbeidsgivermøte"]),
            tr(&[day, "Arbeidsgivermøte", "a2", p1, "c1", e1, js, "1", "0", "", ""]),
            tr(&[day, "Arbeidsgivermøte", "a3", p1, "c1", e1, js, "0", "0", "", "digitalt møte"]),
            tr(&[
                day,
                "Arbeidsgivermøte",
                "a4",
                p1,
                "c1",
                e1,
                "Bruker metodeveileder",
                "0",
                "0",
                "",
                "ikke gjort av en jobbspesialist",
            ]),
            tr(&[day, "Arbeidsgivermøte", "a5", p1, "c1", e1, js, "0", "0", "", "avlyst"]),
            tr(&["", "Stillingsandel 100 %", "", "", "", "", js, "0", "1", "", ""]),
        ];
        let listed: Vec<&str> = r.body.split("<tr>").skip(4).map(|x| x.split("</tr>").next().unwrap()).collect();
        assert_eq!(listed, rows.iter().map(String::as_str).collect::<Vec<_>>(), "{}", s.label);
        for id in ["<td>u-jobbspesialist</td>", "<td>u-metodeveileder</td>", "<td>e1</td>", ">p1</a>", "Gruppe t1"] {
            assert!(!r.body.contains(id), "{id} shown where a name belongs: {}", r.body);
        }
        assert!(r.body.contains("Gruppe Team, periode 2024-W47"));
        assert_eq!(kpi_audit(&s).await, [("read".to_owned(), "K1 team:t1 2024-W47".to_owned(), "ok".to_owned())]);
        // The team page links each figure to its rows.
        let page = send(&app, get("/tall", Some(&lead))).await;
        assert!(
            page.body.contains("href=\"/tall/rader?kpi=K1&#38;periode=uke&#38;tid=2024-W47&#38;gruppe=t1\""),
            "{}",
            page.body
        );
        // A member's rows, and the defaults: the team's K1 this week.
        let member = send(&app, get("/tall/rader?kpi=K2&gruppe=u-jobbspesialist", Some(&lead))).await;
        assert!(member.body.contains(&tr(&["", "2,0", "45", "2\u{a0}250"])), "{}", member.body);
        assert!(send(&app, get("/tall/rader", Some(&lead))).await.body.contains("Gruppe Team, periode 2024-W47"));
        // Bad input gets a message, not rows.
        let bad = send(&app, get("/tall/rader?kpi=K10", Some(&lead))).await;
        assert_eq!((bad.status, bad.body.contains("Ukjent tall")), (StatusCode::BAD_REQUEST, true));
        let bad = send(&app, get("/tall/rader?periode=uke&tid=2024-W99", Some(&lead))).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        let future = send(&app, get("/tall/rader?periode=maned&tid=2025-01", Some(&lead))).await;
        assert!(future.body.contains("Perioden har ikke begynt"));
        // Dates at chrono's far end once looped or overflowed: now a message, at once.
        for far in ["tid=262143-W01", "tid=-1000-W01", "periode=maned&tid=-5-01", "fra=2024-01-01&til=%2B262142-12-31"]
        {
            let r = send(&app, get(&format!("/tall/rader?{far}"), Some(&lead))).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{far}");
            assert!(r.body.contains("Ukjent periode") || r.body.contains("mellom 1900 og 2100"), "{far}");
        }
        // A fidelity review's figures link to their rows over the review's whole period.
        let review = send(&app, get("/vurdering/r1", Some(&lead))).await;
        let link = "/tall/rader?kpi=K3&gruppe=t1&fra=2024-01-01&til=2024-10-31";
        assert!(review.body.replace("&#38;", "&").contains(link), "{}", review.body);
        let k3 = send(&app, get(link, Some(&lead))).await;
        assert_eq!(k3.status, StatusCode::OK);
        // c1 started 1 January 2024 and never had a K1p meeting in the period: 0 of 1 measured.
        assert!(k3.body.contains("Gruppe Team, periode 01.01.2024–31.10.2024"), "{}", k3.body);
        assert!(k3.body.contains(&tr(&["", "–", "0", "1"])), "{}", k3.body);
        assert!(k3.body.contains("<td>Forløp</td><td>c1</td>"));
        // Someone outside the team is out of reach.
        let other = send(&app, get("/tall/rader?gruppe=t2", Some(&lead))).await;
        assert_eq!(other.status, StatusCode::FORBIDDEN);
        s.remove().await;
    }
}

#[tokio::test]
async fn the_rows_export_as_csv_for_norwegian_excel() {
    for s in jobbvei_store::testing::both("drillcsv").await {
        seed_meetings(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let r = send(&app, get("/tall/rader.csv?kpi=K1&periode=maned&tid=2024-11&gruppe=t1", Some(&lead))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", s.label);
        assert_eq!(r.headers["content-type"], "text/csv; charset=utf-8");
        assert!(r.body.starts_with(
            "\u{feff}kpi;regel;gruppe;periode;dato;type;id;deltaker;forlop;arbeidsgiver;jobbspesialist;teller;nevner;gjelder;merknad\r\n"
        ));
        // Names for people, the team and the employer; ISO dates, for the spreadsheet to read.
        assert!(
            r.body.contains(
                "K1;K1@1;Team;2024-11;2024-11-18;Arbeidsgivermøte;a2;Amina Yusuf;c1;Bakeriet AS;Bruker jobbspesialist;1;0;;\r\n"
            ),
            "{}",
            r.body
        );
        // November 2024 has 30 days: 1.0 FTE × 30/7 weeks = 4.2857…, unrounded, with a decimal comma.
        assert!(
            r.body.contains(
                "K1;K1@1;Team;2024-11;;Stillingsandel 100 %;;;;;Bruker jobbspesialist;0;4,285714285714286;;\r\n"
            ),
            "{}",
            r.body
        );
        assert_eq!(r.body.matches("\r\n").count(), 7);
        assert_eq!(kpi_audit(&s).await, [("export".to_owned(), "K1 team:t1 2024-11".to_owned(), "ok".to_owned())]);
        s.remove().await;
    }
}

#[tokio::test]
async fn a_job_specialist_sees_only_their_own_rows() {
    for s in jobbvei_store::testing::both("drillown").await {
        seed_meetings(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        // Their own K1 this week, by default: a2 counts, the team lead's a4 is not theirs.
        let own = send(&app, get("/tall/rader", Some(&js))).await;
        assert_eq!(own.status, StatusCode::OK, "{}", s.label);
        assert!(own.body.contains("<td>a2</td>") && !own.body.contains("<td>a4</td>"));
        assert!(own.body.contains("Gruppe Bruker jobbspesialist, periode 2024-W47"));
        // Their page links to it.
        let page = send(&app, get("/tall", Some(&js))).await;
        assert!(page.body.contains("/tall/rader?kpi=K1p&#38;periode=uke&#38;tid=2024-W47&#38;gruppe=u-jobbspesialist"));
        // Another person's rows, the team's, or a figure their page does not show: denied, audited.
        for path in [
            "/tall/rader?kpi=K1&gruppe=u-metodeveileder",
            "/tall/rader?kpi=K1&gruppe=t1",
            "/tall/rader?kpi=K5a&gruppe=u-jobbspesialist",
            "/tall/rader.csv?kpi=K2&gruppe=u-metodeveileder",
        ] {
            let r = send(&app, get(path, Some(&js))).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
            assert!(!r.body.contains("<td>a"), "{path}");
        }
        let audit = kpi_audit(&s).await;
        assert_eq!(audit.len(), 5);
        assert_eq!(
            audit[0],
            ("read".to_owned(), "K1 job_specialist:u-jobbspesialist 2024-W47".to_owned(), "ok".to_owned())
        );
        assert_eq!(audit.iter().filter(|e| e.2 == "denied").count(), 4);
        assert!(audit.contains(&("export".to_owned(), "K2 u-metodeveileder".to_owned(), "denied".to_owned())));
        // A leader sees figures only: no rows, and no links to them.
        let (leader, _) = signed_in(&s, &clock, "u-leder").await;
        assert_eq!(send(&app, get("/tall/rader", Some(&leader))).await.status, StatusCode::FORBIDDEN);
        assert!(!send(&app, get("/tall", Some(&leader))).await.body.contains("/tall/rader"));
        s.remove().await;
    }
}

/// A colleague's confidential participant, p2 on u-js2's course c2, whom u-jobbspesialist
/// met an employer about (a6).
async fn seed_confidential(s: &Scratch) {
    let x = |v: &str| ExtId::parse(v).unwrap();
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_users(&[User {
        id: x("u-js2"),
        name: "Kari Kollega".into(),
        roles: vec![Role::JobSpecialist],
        team: Some(x("t1")),
        fte: Fte::FULL,
        username: Some("u-js2".into()),
    }])
    .await
    .unwrap();
    tx.upsert_participants(&[jobbvei_domain::Participant {
        id: x("p2"),
        name: "Skjult Person".into(),
        fnr: jobbvei_domain::Fnr::parse("01019010046").unwrap(),
        postal_code: None,
        birth_year: None,
        norwegian_level: None,
        interpreter: None,
        veileder: None,
        confidential: Some(true),
    }])
    .await
    .unwrap();
    tx.upsert_courses(&[jobbvei_domain::Course {
        id: x("c2"),
        participant: x("p2"),
        method: Method::Se,
        job_specialist: x("u-js2"),
        start: "2024-01-01".parse().unwrap(),
        referred: None,
        end: None,
        end_cause: None,
        end_cause_detail: None,
    }])
    .await
    .unwrap();
    tx.upsert_activities(&[jobbvei_domain::Activity { course: Some(x("c2")), ..meeting("a6", "u-jobbspesialist") }])
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn a_confidential_participant_is_named_only_to_the_owner_and_the_team_lead() {
    for s in jobbvei_store::testing::both("drillconf").await {
        seed_meetings(&s).await;
        seed_confidential(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let own = send(&app, get("/tall/rader?kpi=K1", Some(&js))).await;
        assert_eq!(own.status, StatusCode::OK, "{}", s.label);
        let a6 = own.body.split("<td>a6</td>").nth(1).unwrap_or_default();
        assert!(a6.starts_with("<td>Fortrolig deltaker</td><td>c2</td><td>Bakeriet AS</td>"), "{}", own.body);
        assert!(!own.body.contains("Skjult Person") && !own.body.contains("/deltaker/p2"));
        let csv = send(&app, get("/tall/rader.csv?kpi=K1", Some(&js))).await;
        assert!(csv.body.contains(";a6;Fortrolig deltaker;c2;Bakeriet AS;Bruker jobbspesialist;"), "{}", csv.body);
        assert!(!csv.body.contains("Skjult Person"));
        // The team lead may see every participant of the team, confidential or not.
        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let team = send(&app, get("/tall/rader?kpi=K1&gruppe=t1", Some(&lead))).await;
        assert!(team.body.contains("<td>a6</td><td><a href=\"/deltaker/p2\">Skjult Person</a></td>"), "{}", team.body);
        s.remove().await;
    }
}
