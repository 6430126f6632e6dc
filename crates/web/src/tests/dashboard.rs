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
        assert!(r.body.contains("<h1 class=\"aksel-heading aksel-heading--xlarge\">Min uke</h1>"), "{}", r.body);
        assert!(r.body.contains("Regel K2@1") && r.body.contains("<svg"));
        // Seeded: a done 45-minute participant meeting out of office on Monday 18 November
        // (2024-W47, today's week, in progress). K2 = 45 ÷ (37.5 × 60 × 1.0 × 1 week) × 100 = 2.0;
        // K1 = 0 meetings ÷ 1.0 = 0.0. Counts without decimals, 2250 grouped.
        let w47 = "<td>2024-W47 (pågår)</td><td></td><td>2,0</td><td>45</td><td>2\u{a0}250</td>";
        assert!(unlabelled(&r.body).contains(w47), "{}", r.body);
        // On a phone each cell says its column (stacked rows).
        assert!(r.body.contains("<td data-label=\"Verdi\">2,0</td><td data-label=\"Teller\">45</td>"), "{}", r.body);
        assert!(unlabelled(&r.body).contains("<td>2024-W47 (pågår)</td><td></td><td>0,0</td><td>0</td><td>1</td>"));
        // Weeks with nothing logged have no value, not zero.
        assert!(unlabelled(&r.body).contains("<td>2024-W46</td><td></td><td>–</td>"));
        let csv = send(&app, get("/tall.csv", Some(&cookie))).await;
        assert!(csv.body.starts_with("\u{feff}kpi;regel;gruppe;periode;verdi;teller;nevner;mnd;dimensjon\r\n"));
        assert!(csv.body.contains("K2;K2@1;Bruker jobbspesialist;2024-W47;2;45;2250;;\r\n"), "{}", csv.body);
        // A team lead sees the team and each member's K1p and K2.
        let (lead, _) = session_for(&s, "u-metodeveileder", clock.now()).await;
        let r = send(&app, get("/tall?periode=maned", Some(&format!("jobbvei_session={lead}")))).await;
        assert!(r.body.contains("Teamets måned (Team)") && r.body.contains("Per jobbspesialist"), "{}", r.body);
        assert!(r.body.contains("K9 – Bredde i jobbtyper"));
        // Each member by name, never by id.
        assert!(unlabelled(&r.body).contains("<td>Bruker jobbspesialist</td><td>K1p</td>"), "{}", r.body);
        assert!(!unlabelled(&r.body).contains("<td>u-jobbspesialist</td>") && !r.body.contains("(t1)"));
        // Those figures are staff's personal data: the lead's read is audited under the team,
        // the job specialist's own page is not.
        let log = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
        let people: Vec<_> = log.iter().filter(|e| e.fields == ["people_figures"]).collect();
        assert_eq!(people.len(), 1, "{}", s.label);
        assert_eq!(
            (people[0].user_id.as_deref(), people[0].record_type.as_deref(), people[0].record_id.as_deref()),
            (Some("u-metodeveileder"), Some("team"), Some("t1"))
        );
        // A leader's figures per team: "Gjelder" names the team, the title the office.
        let (leader, _) = session_for(&s, "u-leder", clock.now()).await;
        let r = send(&app, get("/tall", Some(&format!("jobbvei_session={leader}")))).await;
        assert!(r.body.contains("Kontorets uke (NAV Sagene)"), "{}", r.body);
        assert!(
            unlabelled(&r.body).contains("<td>2024-W47 (pågår)</td><td>Team</td>")
                && !unlabelled(&r.body).contains("<td>t1</td>"),
            "{}",
            r.body
        );
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
        let page = without_csrf(&send(&app, get("/tall", Some(&js))).await.body);
        assert!(foreign.iter().all(|f| !page.contains(f)), "{page}");

        // A team lead: the team, and per person the team's own job specialists only.
        let lead = session("u-metodeveileder").await;
        let csv = send(&app, get("/tall.csv", Some(&lead))).await.body;
        assert_eq!(csv_groups(&csv), ["Team"], "{csv}");
        let page = send(&app, get("/tall", Some(&lead))).await.body;
        assert!(unlabelled(&page).contains("<td>Kari Kollega</td><td>K1p</td>"), "{page}");
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

/// The download's file name, from its `Content-Disposition`.
fn file_name(r: &Reply) -> String {
    let d = r.headers.get("content-disposition").and_then(|v| v.to_str().ok()).unwrap_or("");
    d.split("filename=\"").nth(1).unwrap_or("").trim_end_matches('"').to_owned()
}

#[test]
fn display_numbers_are_rounded_and_exports_are_not() {
    use crate::dashboard::numbers::{count, count_or_one, exact, one};
    // Halves away from zero, one decimal, comma; a dash for no value.
    assert_eq!(one(Some(1.3548387096774193)), "1,4");
    assert_eq!(one(Some(0.25)), "0,3");
    assert_eq!(one(Some(4.0)), "4,0");
    assert_eq!(one(Some(-0.04)), "0,0");
    assert_eq!(one(None), "–");
    // Counts without decimals, thousands apart.
    assert_eq!(count(Some(45.0)), "45");
    assert_eq!(count(Some(2250.0)), "2\u{a0}250");
    assert_eq!(count(Some(1_234_567.0)), "1\u{a0}234\u{a0}567");
    // FTE × weeks (a 31-day month: 31 ÷ 7 = 4.428…) keeps a decimal; a count does not.
    assert_eq!(count_or_one(Some(31.0 / 7.0)), "4,4");
    assert_eq!(count_or_one(Some(12.0)), "12");
    assert_eq!(exact(Some(1.3548387096774193)), "1,3548387096774193");
    assert_eq!(exact(None), "");
}

#[tokio::test]
async fn each_card_leads_with_the_current_period_against_its_ideal() {
    for s in jobbvei_store::testing::both("tallkort").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (cookie, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let l = &s.label;
        let r = send(&app, get("/tall", Some(&cookie))).await.body;
        // K2 this week: 2,0 % against the ideal 40 %; the week is in progress (Tuesday).
        let k2 = section(&r, "id=\"K2\"");
        assert!(k2.contains("Denne uken (pågår)"), "{l}: {k2}");
        assert!(k2.contains("2,0 % · ideal 40 %"), "{l}: {k2}");
        assert!(k2.contains("Forrige uke: –"), "{l}: {k2}");
        // K1p: no meetings, 0,0 per week against 6.
        assert!(section(&r, "id=\"K1p\"").contains("0,0 per uke · ideal 6"), "{l}");
        // The headline comes before the chart, and the chart before the rule, which is in a ReadMore.
        let (lead, svg, rule) = (k2.find("ideal 40 %").unwrap(), k2.find("<svg").unwrap(), k2.find("Regel").unwrap());
        assert!(lead < svg && svg < rule, "{l}: {k2}");
        assert!(k2[..rule].rfind("<details class=\"aksel-read-more\">").is_some_and(|d| d > svg), "{l}");
        // The chart: a value axis 0–60 % in steps of 20 (max(2, 40) × 1,1 = 44 → 60), the
        // ideal as a labelled line, and the current week hatched and labelled "pågår".
        for tick in [">0 %</text>", ">20 %</text>", ">40 %</text>", ">60 %</text>", ">ideal 40</text>", ">pågår</text>"]
        {
            assert!(k2.contains(tick), "{l}: {tick} in {k2}");
        }
        assert!(k2.contains("fill=\"url(#figur-K2-bred-pagar)\""), "{l}: the partial bar is hatched");
        assert!(k2.contains(">2,0</text>"), "{l}: the bar's value");
        // Month tab: November is in progress too; K2 = 45 ÷ (2250 × 30/7) × 100 = 0,4667 → "0,5".
        let r = send(&app, get("/tall?periode=maned", Some(&cookie))).await.body;
        assert!(r.contains("<h1 class=\"aksel-heading aksel-heading--xlarge\">Min måned</h1>"), "{l}");
        assert!(section(&r, "id=\"K2\"").contains("0,5 % · ideal 40 %"), "{l}: {r}");
        assert!(r.contains("Denne måneden (pågår)") && r.contains("Forrige måned: –"), "{l}");
        let csv = send(&app, get("/tall.csv?periode=maned", Some(&cookie))).await;
        assert!(csv.body.contains("K2;K2@1;Bruker jobbspesialist;2024-11;0,46666666666666"), "{l}: {}", csv.body);
        assert_eq!(file_name(&csv), "jobbvei-tall-jobbspesialist-u-jobbspesialist-2024-11.csv", "{l}");
        let r = send(&app, get("/tall?periode=kvartal", Some(&cookie))).await.body;
        assert!(r.contains("<h1 class=\"aksel-heading aksel-heading--xlarge\">Mitt kvartal</h1>"), "{l}");
        assert!(r.contains("Dette kvartalet (pågår)"), "{l}");
        let csv = send(&app, get("/tall.csv", Some(&cookie))).await;
        assert_eq!(file_name(&csv), "jobbvei-tall-jobbspesialist-u-jobbspesialist-2024-W47.csv", "{l}");
        s.remove().await;
    }
}

/// The part of `body` from `start` to the end of its `<section>`.
fn section<'a>(body: &'a str, start: &str) -> &'a str {
    let from = body.find(start).unwrap_or(body.len());
    let rest = &body[from..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[tokio::test]
async fn downloads_carry_scope_and_period_and_the_team_table_names_people() {
    for s in jobbvei_store::testing::both("tallfil").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let l = &s.label;
        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let csv = send(&app, get("/tall.csv?periode=kvartal", Some(&lead))).await;
        assert_eq!(file_name(&csv), "jobbvei-tall-team-t1-2024-Q4.csv", "{l}");
        let csv = send(&app, get("/tall.csv?periode=uke", Some(&lead))).await;
        assert_eq!(file_name(&csv), "jobbvei-tall-team-t1-2024-W47.csv", "{l}");
        // The table per person: by name, rounded on the page, unrounded in its own CSV.
        let page = send(&app, get("/tall?periode=uke", Some(&lead))).await.body;
        assert!(page.contains("Teamets uke (Team)"), "{l}");
        let table = section(&page, "id=\"per-jobbspesialist\"");
        assert!(table.contains("<th scope=\"col\">2024-W47 (pågår)</th>"), "{l}: {table}");
        assert!(unlabelled(table).contains("<td>Bruker jobbspesialist</td><td>K2</td>"), "{l}: {table}");
        assert!(unlabelled(table).contains("<td>2,0</td></tr>"), "{l}: {table}");
        assert!(table.contains("<td data-label=\"2024-W47 (pågår)\">2,0</td></tr>"), "{l}: {table}");
        let people = send(&app, get("/tall.csv?periode=uke&del=personer", Some(&lead))).await;
        assert_eq!(file_name(&people), "jobbvei-tall-personer-team-t1-2024-W47.csv", "{l}");
        assert!(people.body.starts_with("\u{feff}kpi;regel;jobbspesialist;periode;verdi\r\n"), "{l}");
        assert!(people.body.contains("K2;K2@1;Bruker jobbspesialist;2024-W47;2\r\n"), "{l}: {}", people.body);
        assert!(people.body.contains("K2;K2@1;Bruker jobbspesialist;2024-W46;\r\n"), "{l}: no value, no zero");
        // Month: the month's own label.
        let (leader, _) = signed_in(&s, &clock, "u-leder").await;
        let csv = send(&app, get("/tall.csv?periode=maned", Some(&leader))).await;
        assert_eq!(file_name(&csv), "jobbvei-tall-kontor-0314-2024-11.csv", "{l}");
        let (analyst, _) = signed_in(&s, &clock, "u-analytiker").await;
        let csv = send(&app, get("/tall.csv?periode=kvartal", Some(&analyst))).await;
        assert_eq!(file_name(&csv), "jobbvei-tall-landet-2024-Q4.csv", "{l}");
        assert!(send(&app, get("/tall", Some(&analyst))).await.body.contains("Landets uke"), "{l}");
        // Only a team lead has the table per person.
        let (js, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let r = send(&app, get("/tall.csv?del=personer", Some(&js))).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{l}");
        assert!(r.body.contains("Tabellen per jobbspesialist finnes bare for teamleder."), "{l}");
        // The rows behind a figure: named by figure, group and period.
        let rows = send(&app, get("/tall/rader.csv?kpi=K2&periode=uke&tid=2024-W47", Some(&js))).await;
        assert_eq!(rows.status, StatusCode::OK, "{l}: {}", rows.body);
        assert_eq!(file_name(&rows), "jobbvei-rader-K2-job_specialist-u-jobbspesialist-2024-W47.csv", "{l}");
        s.remove().await;
    }
}
