//! Landing and overview (#14 part 4): where each role lands, the team lead's day with the
//! team's alerts, how overdue each alert is, the same flags on Min dag and the caseload,
//! and the caseload's sorting and filters.

use super::*;

/// 2024-12-04, a Wednesday, 15 days after `NOW`.
const LATER: i64 = NOW + 15 * 86_400;

/// A colleague in t1 (js2, Kari Kollega) with Bjørn Berg in `finne_jobb` and no activity
/// since his start on 1 October, and Cecilie Dahl, started 25 November with
/// u-jobbspesialist, in `kartlegging`, with a meeting planned for 10 December.
async fn team(s: &Scratch) {
    let id = |x: &str| ExtId::parse(x).unwrap();
    let d = |x: &str| x.parse::<chrono::NaiveDate>().unwrap();
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_users(&[User {
        id: id("js2"),
        name: "Kari Kollega".into(),
        roles: vec![Role::JobSpecialist],
        team: Some(id("t1")),
        fte: Fte::FULL,
        username: Some("js2".into()),
    }])
    .await
    .unwrap();
    let person = |pid: &str, name: &str, fnr: &str| jobbvei_domain::Participant {
        id: id(pid),
        name: name.into(),
        fnr: jobbvei_domain::Fnr::parse(fnr).unwrap(),
        postal_code: None,
        birth_year: None,
        norwegian_level: None,
        interpreter: None,
        veileder: None,
        confidential: None,
    };
    tx.upsert_participants(&[person("p2", "Bjørn Berg", "01019010046"), person("p3", "Cecilie Dahl", "15918511250")])
        .await
        .unwrap();
    let course = |cid: &str, pid: &str, js: &str, start: &str| jobbvei_domain::Course {
        id: id(cid),
        participant: id(pid),
        method: Method::Se,
        job_specialist: id(js),
        start: d(start),
        referred: None,
        end: None,
        end_cause: None,
        end_cause_detail: None,
    };
    tx.upsert_courses(&[course("c2", "p2", "js2", "2024-10-01"), course("c3", "p3", "u-jobbspesialist", "2024-11-25")])
        .await
        .unwrap();
    use jobbvei_domain::course::{Phase, PhaseEntry};
    tx.upsert_phases(&[
        PhaseEntry { course: id("c2"), phase: Phase::FindingJob, from: d("2024-10-01") },
        PhaseEntry { course: id("c3"), phase: Phase::Mapping, from: d("2024-11-25") },
    ])
    .await
    .unwrap();
    tx.upsert_activities(&[jobbvei_domain::Activity {
        id: id("a-planned"),
        user: id("u-jobbspesialist"),
        kind: jobbvei_domain::ActivityKind::ParticipantMeeting,
        start: DateTime::parse_from_rfc3339("2024-12-10T09:00:00Z").unwrap().with_timezone(&Utc),
        minutes: 60,
        status: jobbvei_domain::ActivityStatus::Planned,
        channel: Some(jobbvei_domain::Channel::Physical),
        out_of_office: Some(true),
        travel_to: None,
        travel_from: None,
        course: Some(id("c3")),
        employer: None,
        employer_contact: None,
        decision_maker: None,
        subcategory: None,
        place: Some("Kafé".into()),
        note: None,
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// The text of each `<li>` of the element with `id`, tags taken out.
fn items(body: &str, id: &str) -> Vec<String> {
    let Some(from) = body.find(&format!("id=\"{id}\"")) else { return Vec::new() };
    let rest = &body[from..];
    let end = rest.find("</ul>").or_else(|| rest.find("</table>")).unwrap_or(rest.len());
    rest[..end].split("<li>").skip(1).map(text).collect()
}

fn text(html: &str) -> String {
    let mut out = String::new();
    let mut tag = false;
    for c in html.chars() {
        match c {
            '<' => tag = true,
            '>' => tag = false,
            c if !tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The caseload's rows: the text of each `<tr>` of the body.
fn rows(body: &str) -> Vec<String> {
    let Some(from) = body.find("<tbody") else { return Vec::new() };
    let rest = &body[from..];
    rest[..rest.find("</tbody>").unwrap_or(rest.len())].split("<tr").skip(1).map(text).collect()
}

fn order(body: &str) -> Vec<&'static str> {
    rows(body)
        .iter()
        .filter_map(|r| ["Amina Yusuf", "Bjørn Berg", "Cecilie Dahl"].into_iter().find(|n| r.contains(n)))
        .collect()
}

#[tokio::test]
async fn each_role_lands_on_the_page_it_works_from() {
    let s = jobbvei_store::testing::sqlite("landing").await;
    seed(&s).await;
    let clock = TestClock::at(NOW);
    let app = app(&s, clock.clone());
    for (user, page) in [
        ("u-jobbspesialist", "/min-dag"),
        ("u-metodeveileder", "/min-dag"),
        ("u-veileder", "/mine-deltakere"),
        ("u-leder", "/tall"),
        ("u-analytiker", "/tall"),
        ("u-fagrevisor", "/vurderinger"),
        ("u-admin", "/admin/brukere"),
    ] {
        let (cookie, _) = signed_in(&s, &clock, user).await;
        let r = send(&app, get("/", Some(&cookie))).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, page), "{user}");
        assert_eq!(send(&app, get(page, Some(&cookie))).await.status, StatusCode::OK, "{user} may open {page}");
    }
    s.remove().await;
}

#[tokio::test]
async fn a_team_lead_sees_the_teams_alerts_with_how_overdue_they_are() {
    for s in jobbvei_store::testing::both("teamdag").await {
        seed(&s).await;
        team(&s).await;
        let clock = TestClock::at(LATER);
        let app = app(&s, clock.clone());
        let l = &s.label;
        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let day = send(&app, get("/min-dag", Some(&lead))).await.body;
        assert!(day.contains("Teamets dag 04.12.2024") && !day.contains("Ingen varsler"), "{l}: {day}");
        let alerts = items(&day, "varsler");
        // Amina's paid job started 1 June: the six-month check was due 1 December, 3 days ago.
        // Her last activity was 18 November: none for 14 days was due 2 December, 2 days ago.
        // Bjørn started 1 October with nothing since: due 15 October, 50 days ago; no K1p
        // meeting 30 days after the start, due 31 October, 34 days ago.
        for want in [
            "Statuskontroll skal gjøres 3 dager over fristen (01.12.2024): Amina Yusuf · Bruker jobbspesialist",
            "Ingen aktivitet på 14 dager 2 dager over fristen (02.12.2024): Amina Yusuf · Bruker jobbspesialist",
            "Ingen aktivitet på 14 dager 50 dager over fristen (15.10.2024): Bjørn Berg · Kari Kollega",
            "Ingen arbeidsgiverkontakt etter 30 dager 34 dager over fristen (31.10.2024): Bjørn Berg · Kari Kollega",
        ] {
            assert!(alerts.iter().any(|a| a == want), "{l}: {want} in {alerts:#?}");
        }
        // The most overdue first: Amina's first employer contact, due 31 January, 308 days ago.
        assert!(alerts[0].starts_with("Ingen arbeidsgiverkontakt etter 30 dager 308 dager over fristen"), "{l}");
        // The job specialist's own day has their courses only.
        let (js, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let own = items(&send(&app, get("/min-dag", Some(&js))).await.body, "varsler");
        assert!(own.iter().any(|a| a.contains("Amina Yusuf")) && own.iter().all(|a| !a.contains("Bjørn")), "{l}");
        // A deadline ahead says so: on 19 November the status check is 12 days off.
        let early = TestClock::at(NOW);
        let app2 = super::app(&s, early.clone());
        let own = items(&send(&app2, get("/min-dag", Some(&js))).await.body, "varsler");
        assert!(
            own.iter().any(|a| a.starts_with("Statuskontroll skal gjøres frist om 12 dager (01.12.2024)")),
            "{l}: {own:#?}"
        );
        s.remove().await;
    }
}

#[tokio::test]
async fn the_caseload_shows_the_same_flags_as_min_dag() {
    for s in jobbvei_store::testing::both("merknader").await {
        seed(&s).await;
        team(&s).await;
        let clock = TestClock::at(LATER);
        let app = app(&s, clock.clone());
        let l = &s.label;
        for user in ["u-jobbspesialist", "u-metodeveileder"] {
            let (cookie, _) = signed_in(&s, &clock, user).await;
            let day = items(&send(&app, get("/min-dag", Some(&cookie))).await.body, "varsler");
            let caseload = send(&app, get("/portefolje", Some(&cookie))).await.body;
            for name in ["Amina Yusuf", "Bjørn Berg", "Cecilie Dahl"] {
                // Min dag: "<what> <how late> (<date>): <name>…"; the caseload row: "<what> <how late>".
                let mut on_day: Vec<String> = day
                    .iter()
                    .filter(|a| a.contains(&format!(": {name}")))
                    .map(|a| a[..a.rfind(" (").unwrap()].to_owned())
                    .collect();
                let row = rows(&caseload).into_iter().find(|r| r.contains(name));
                let Some(row) = row else {
                    assert!(on_day.is_empty(), "{l} {user}: {name} has flags but no row");
                    continue;
                };
                let row_html = caseload.split("<tr").find(|r| r.contains(name)).unwrap();
                let row_html = &row_html[..row_html.find("</tr>").unwrap()];
                let mut in_row: Vec<String> = row_html.split("<li>").skip(1).map(text).collect();
                on_day.sort();
                in_row.sort();
                assert_eq!(on_day, in_row, "{l} {user}: {name}: {row}");
            }
        }
        // Hand-computed: Amina has three flags, Cecilie none.
        let (js, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let caseload = send(&app, get("/portefolje", Some(&js))).await.body;
        let amina = caseload.split("<tr").find(|r| r.contains("Amina Yusuf")).unwrap();
        assert_eq!(amina.matches("<li>").count(), 3, "{l}: {amina}");
        assert!(amina.contains("Statuskontroll skal gjøres <span"), "{l}");
        let cecilie = caseload.split("<tr").find(|r| r.contains("Cecilie Dahl")).unwrap();
        assert!(!cecilie.contains("<li>") && cecilie.contains("<td>10.12.2024</td>"), "{l}: {cecilie}");
        s.remove().await;
    }
}

#[tokio::test]
async fn the_caseload_sorts_and_filters_and_explains_a_bad_query() {
    for s in jobbvei_store::testing::both("portsort").await {
        seed(&s).await;
        team(&s).await;
        let clock = TestClock::at(LATER);
        let app = app(&s, clock.clone());
        let l = &s.label;
        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let page = |q: &str| send(&app, get(&format!("/portefolje{q}"), Some(&lead)));
        assert_eq!(order(&page("").await.body), ["Amina Yusuf", "Bjørn Berg", "Cecilie Dahl"], "{l}");
        // Phases in lifecycle order (finne_jobb before kartlegging), none last.
        assert_eq!(order(&page("?sorter=fase").await.body), ["Bjørn Berg", "Cecilie Dahl", "Amina Yusuf"], "{l}");
        // The next planned contact first; none planned after, by name.
        assert_eq!(order(&page("?sorter=neste").await.body), ["Cecilie Dahl", "Amina Yusuf", "Bjørn Berg"], "{l}");
        // The earliest deadline first (Amina's 31 January, Bjørn's 15 October); no flags last.
        assert_eq!(order(&page("?sorter=merknader").await.body), ["Amina Yusuf", "Bjørn Berg", "Cecilie Dahl"]);
        assert_eq!(order(&page("?sorter=jobbspesialist").await.body), ["Amina Yusuf", "Cecilie Dahl", "Bjørn Berg"]);
        let sorted = page("?sorter=fase").await.body;
        assert!(sorted.contains("aria-sort=\"ascending\"><a href=\"/portefolje?sorter=fase\">Fase</a>"), "{l}");
        // Filters.
        let r = page("?fase=finne_jobb").await.body;
        assert_eq!(order(&r), ["Bjørn Berg"], "{l}");
        assert!(r.contains("Viser 1 av 3 forløp.") && r.contains("<option value=\"finne_jobb\" selected>"), "{l}");
        assert_eq!(order(&page("?fase=ingen").await.body), ["Amina Yusuf"], "{l}");
        assert_eq!(order(&page("?merknad=uten").await.body), ["Cecilie Dahl"], "{l}");
        assert_eq!(order(&page("?merknad=statuskontroll").await.body), ["Amina Yusuf"], "{l}");
        assert_eq!(order(&page("?merknad=forfalt&sorter=fase").await.body), ["Bjørn Berg", "Amina Yusuf"], "{l}");
        assert_eq!(order(&page("?jobbspesialist=js2").await.body), ["Bjørn Berg"], "{l}");
        // Bad values: a Norwegian message and the list unfiltered, never a 500.
        for (q, msg) in [
            ("?sorter=lengde", "Listen kan sorteres etter"),
            ("?fase=ferdig", "Velg en fase fra listen."),
            ("?merknad=%3Cb%3E", "Velg en merknad fra listen."),
            ("?jobbspesialist=js9", "Velg en jobbspesialist i teamet fra listen."),
        ] {
            let r = page(q).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}: {q}");
            assert!(r.body.contains(msg) && order(&r.body).len() == 3, "{l}: {q}: {}", r.body);
            assert!(!r.body.contains("<b>"), "{l}");
        }
        // A job specialist has no one to filter by, and sees only their own.
        let (js, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let r = send(&app, get("/portefolje?jobbspesialist=js2", Some(&js))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("Bare teamleder kan velge jobbspesialist"), "{l}");
        assert_eq!(order(&r.body), ["Amina Yusuf", "Cecilie Dahl"], "{l}");
        s.remove().await;
    }
}
