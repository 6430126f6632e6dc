//! Fidelity reviews through the router: open → score → consensus → report, the band edges of
//! the quality guide, the action plan, and who may see a review.

use super::*;

/// A form for all 16 items of the quality guide whose scores sum to `total`.
fn scores_summing_to(csrf: &str, total: u32, text: &str) -> String {
    let (base, extra) = (total / 16, total % 16);
    let mut body = format!("csrf={csrf}");
    for n in 1..=16 {
        let score = base + u32::from(n <= extra);
        body.push_str(&format!("&score_{n}={score}&evidence_{n}={text}&recommendation_{n}="));
    }
    body
}

async fn open_review(app: &Router, cookie: &str, csrf: &str, team: &str) -> Reply {
    let body = format!("csrf={csrf}&team={team}&instrument=kvalitetsveileder%402019&from=2024-01-01&to=2024-11-18");
    send(app, post_form("/vurderinger", Some(cookie), &body)).await
}

#[tokio::test]
async fn a_review_walks_from_opening_to_the_printed_report() {
    for s in jobbvei_store::testing::both("reviews").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (cookie, csrf) = signed_in(&s, &clock, "u-fagrevisor").await;
        let c = Some(cookie.as_str());

        let list = send(&app, get("/vurderinger", c)).await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains("Start en ny vurdering") && list.body.contains("href=\"/vurderinger\""));

        // Open: the period cannot end before it starts.
        let bad = format!("csrf={csrf}&team=t1&instrument=kvalitetsveileder%402019&from=2024-06-01&to=2024-01-01");
        let r = send(&app, post_form("/vurderinger", c, &bad)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.body.contains("Perioden kan ikke slutte før den begynner.") && r.body.contains("value=\"2024-06-01\"")
        );
        let r = open_review(&app, &cookie, &csrf, "t1").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.body);
        let page = r.location().to_owned();
        let id = page.trim_start_matches("/vurdering/").to_owned();
        assert!(id.starts_with("r-"), "{page}");

        // The review page: criteria, anchors and the figures from the routine data.
        let r = send(&app, get(&page, c)).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", s.label, r.body);
        assert!(r.body.contains("16. Tjenester utført utenfor NAV-kontoret"));
        assert!(r.body.contains("Under 10 prosent av jobbspesialistenes arbeidstid brukes utenfor kontoret."));
        assert!(r.body.contains("Fra data:</strong> Tid utenfor kontoret, prosent (K2)"), "{}", r.body);
        assert!(r.body.contains("Mitt poeng") && r.body.contains("Individuell vurdering"));

        // Each reviewer scores; a score outside 1–5 is explained next to the item.
        let wrong = scores_summing_to(&csrf, 64, "Sett+i+m%C3%B8te").replace("score_3=4", "score_3=9");
        let r = send(&app, post_form(&format!("{page}/poeng"), c, &wrong)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Velg et poeng fra 1 til 5, eller la feltet stå tomt."));
        assert!(r.body.contains("Sett i møte"), "what was typed is kept");
        // A control character (a NUL, which PostgreSQL cannot store) is explained at its field.
        let nul = scores_summing_to(&csrf, 64, "Sett+i+m%C3%B8te").replace("evidence_5=Sett", "evidence_5=S%00ett");
        let r = send(&app, post_form(&format!("{page}/poeng"), c, &nul)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {}", s.label, r.body);
        assert!(r.body.contains("Feltet kan bare inneholde vanlig tekst."), "{}", s.label);
        let r =
            send(&app, post_form(&format!("{page}/poeng"), c, &scores_summing_to(&csrf, 64, "Sett+i+m%C3%B8te"))).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, format!("{page}?lagret=1").as_str()));
        let r = send(&app, get(&format!("{page}?lagret=1"), c)).await;
        assert!(
            r.body.contains("Lagret.") && r.body.contains("<td>Bruker fagrevisor</td><td>4</td><td>Sett i møte</td>")
        );
        // The team lead follows the review but not the reviewers' working notes.
        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let r = send(&app, get(&page, Some(&lead))).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(!r.body.contains("Sett i møte") && !r.body.contains("Mitt poeng"));
        // The consensus cannot be set before the reviewers move on to it.
        let r = send(&app, post_form(&format!("{page}/konsensus"), c, &scores_summing_to(&csrf, 72, ""))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Vurderingen er i fasen «Individuell vurdering»"));

        let status = |to: &str| format!("csrf={csrf}&to={to}");
        let r = send(&app, post_form(&format!("{page}/status"), c, &status("consensus"))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = send(&app, get(&page, c)).await;
        assert!(
            r.body.contains("Konsensuspoeng") && r.body.contains("<option value=\"4\" selected>"),
            "agreed scores start the form"
        );

        // The quality guide's band edges: ≥73 svært god, 61–72 god, 49–60 akseptabel, ≤48 lite implementert.
        for (total, band) in [
            (72, "god"),
            (73, "svært god"),
            (60, "akseptabel"),
            (61, "god"),
            (48, "lite implementert"),
            (49, "akseptabel"),
        ] {
            let r =
                send(&app, post_form(&format!("{page}/konsensus"), c, &scores_summing_to(&csrf, total, "Enige"))).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.body);
            let r = send(&app, get(&page, c)).await;
            let expected = format!("Sum {total} av 80: <strong>{band}</strong>");
            assert!(r.body.contains(&expected), "{}: {expected}", s.label);
        }

        // A review cannot close with an item left open, and a partial sum has no band.
        let partial = scores_summing_to(&csrf, 64, "Enige").replace("score_16=4", "score_16=");
        send(&app, post_form(&format!("{page}/konsensus"), c, &partial)).await;
        let r = send(&app, post_form(&format!("{page}/status"), c, &status("closed"))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Konsensus er satt på 15 av 16 punkter (foreløpig sum 60)"));
        assert!(r.body.contains("Alle punktene må ha et konsensuspoeng før vurderingen kan avsluttes."));

        let full = scores_summing_to(&csrf, 73, "Enige")
            .replace("recommendation_9=", "recommendation_9=Ta+kontakt+med+arbeidsgiver+innen+to+uker");
        assert_eq!(send(&app, post_form(&format!("{page}/konsensus"), c, &full)).await.status, StatusCode::SEE_OTHER);
        assert_eq!(
            send(&app, post_form(&format!("{page}/status"), c, &status("closed"))).await.status,
            StatusCode::SEE_OTHER
        );
        let r = send(&app, get(&page, c)).await;
        assert!(r.body.contains("Avsluttet") && !r.body.contains("Lagre konsensus"), "closed is read only");

        // The action plan: bad input is explained, then an action is added and marked done.
        let report = format!("{page}/rapport");
        let r = send(&app, post_form(&format!("{page}/tiltak"), c, &format!("csrf={csrf}&what=&who=&due=snart"))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Skriv hva som skal gjøres.") && r.body.contains("Skriv en frist"));
        let nul = format!("csrf={csrf}&what=M%C3%B8te%00&who=Metodeveileder&due=2025-01-31");
        let r = send(&app, post_form(&format!("{page}/tiltak"), c, &nul)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {}", s.label, r.body);
        assert!(r.body.contains("Feltet kan bare inneholde vanlig tekst."), "{}", s.label);
        let r = send(&app, post_form(&format!("{page}/tiltak/utfort"), c, &format!("csrf={csrf}&action=t%00"))).await;
        assert_ne!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", s.label);
        let action =
            format!("csrf={csrf}&what=Ukentlig+fagm%C3%B8te+om+jobbs%C3%B8k&who=Metodeveileder&due=2025-01-31");
        let r = send(&app, post_form(&format!("{page}/tiltak"), c, &action)).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, format!("{report}#tiltak").as_str()));

        let r = send(&app, get(&report, c)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("Sum 73 av 80: <strong>svært god</strong>"));
        assert!(r.body.contains("Ta kontakt med arbeidsgiver innen to uker"));
        assert!(r.body.contains("<td>Ukentlig fagmøte om jobbsøk</td><td>Metodeveileder</td>"));
        assert!(r.body.contains("31.01.2025") && r.body.contains("Ikke utført") && !r.body.contains("Foreløpig"));
        let action_id = r.body.split("name=\"action\" value=\"").nth(1).and_then(|x| x.split('"').next()).unwrap();
        let done = format!("csrf={csrf}&action={action_id}");
        assert_eq!(
            send(&app, post_form(&format!("{page}/tiltak/utfort"), c, &done)).await.status,
            StatusCode::SEE_OTHER
        );
        let r = send(&app, get(&report, c)).await;
        assert!(r.body.contains("Utført 19.11.2024") && !r.body.contains("Marker som utført"));
        let css = send(&app, get("/static/jobbvei.css", None)).await;
        assert!(css.body.contains("@media print") && css.body.contains(".no-print"));

        // The team reads the report; the job specialist cannot change it.
        let (js, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let r = send(&app, get(&report, Some(&js))).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("svært god") && !r.body.contains("Legg til tiltak"));
        assert_eq!(send(&app, get(&page, Some(&js))).await.status, StatusCode::FORBIDDEN);
        let (leader, _) = signed_in(&s, &clock, "u-leder").await;
        assert_eq!(send(&app, get(&report, Some(&leader))).await.status, StatusCode::OK);
        let team = send(&app, get("/vurderinger/team/t1", Some(&leader))).await;
        assert!(team.body.contains("73 av 80") && team.body.contains("svært god"), "{}", team.body);

        let log = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
        let mine: Vec<(&str, String)> = log
            .iter()
            .filter(|e| e.record_id.as_deref() == Some(id.as_str()) && e.action != "read")
            .map(|e| (e.action.as_str(), e.fields.join(",")))
            .collect();
        assert_eq!(mine.first(), Some(&("create", "review,team,instrument,period".to_owned())));
        assert!(mine.iter().any(|(_, f)| f == "consensus") && mine.iter().any(|(_, f)| f == "actions"));
        s.remove().await;
    }
}

#[tokio::test]
async fn reviews_are_confidential_to_the_team_its_leaders_and_reviewers() {
    for s in jobbvei_store::testing::both("reviewaccess").await {
        seed(&s).await;
        let id = |x: &str| ExtId::parse(x).unwrap();
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_offices(&[Office { id: id("0301"), name: "NAV Oslo".into() }]).await.unwrap();
        tx.upsert_teams(&[
            Team { id: id("t2"), office: id("0314"), name: "Team to".into(), method: Method::Ips },
            Team { id: id("t3"), office: id("0301"), name: "Team tre".into(), method: Method::Se },
        ])
        .await
        .unwrap();
        let user = |uid: &str, role: Role, team: &str| User {
            id: id(uid),
            name: format!("Bruker {uid}"),
            roles: vec![role],
            team: Some(id(team)),
            fte: Fte::FULL,
            username: Some(uid.into()),
        };
        tx.upsert_users(&[
            user("js2", Role::JobSpecialist, "t2"),
            user("mv2", Role::MethodSupervisor, "t2"),
            user("leder3", Role::Leader, "t3"),
            user("rev2", Role::Reviewer, "t3"),
        ])
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());

        // Another team's job specialist and lead, another office's leader, a reviewer not on r1.
        for who in ["js2", "mv2", "leder3", "rev2"] {
            let (cookie, _) = signed_in(&s, &clock, who).await;
            let c = Some(cookie.as_str());
            let r = send(&app, get("/vurdering/r1/rapport", c)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}: {who}", s.label);
            assert!(!r.body.contains("Team"), "a denial shows nothing of the review");
            assert_eq!(send(&app, get("/vurderinger/team/t1", c)).await.status, StatusCode::FORBIDDEN, "{who}");
            let list = send(&app, get("/vurderinger", c)).await;
            assert_eq!(list.status, StatusCode::OK);
            assert!(!list.body.contains("/vurdering/r1"), "{who} sees no trace of r1");
        }
        let (rev2, csrf) = signed_in(&s, &clock, "rev2").await;
        assert_eq!(send(&app, get("/vurdering/r1", Some(&rev2))).await.status, StatusCode::FORBIDDEN);
        let r = send(&app, post_form("/vurdering/r1/poeng", Some(&rev2), &scores_summing_to(&csrf, 64, ""))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        // A team lead opens a self-assessment of their own team only.
        let (mv2, csrf) = signed_in(&s, &clock, "mv2").await;
        let r = open_review(&app, &mv2, &csrf, "t1").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Velg et team du kan vurdere."));
        let r = open_review(&app, &mv2, "feil", "t2").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "the CSRF token is checked");
        let r = open_review(&app, &mv2, &csrf, "t2").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let own = send(&app, get(r.location(), Some(&mv2))).await;
        assert!(own.body.contains("Egenvurdering: Team to") && own.body.contains("Mitt poeng"));
        // ... which the team's job specialist reads, and the reviewer of another team does not.
        let report = format!("{}/rapport", r.location());
        let (js2, _) = signed_in(&s, &clock, "js2").await;
        assert_eq!(send(&app, get(&report, Some(&js2))).await.status, StatusCode::OK);
        let (js1, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        assert_eq!(send(&app, get(&report, Some(&js1))).await.status, StatusCode::FORBIDDEN);
        // The office leader of t1 and t2 (office 0314) sees both in the list.
        let (leader, _) = signed_in(&s, &clock, "u-leder").await;
        let list = send(&app, get("/vurderinger", Some(&leader))).await;
        assert!(list.body.contains("/vurdering/r1/rapport") && list.body.contains("Team to"));

        // r1's reviewer brings in a second reviewer, who may then score it.
        let (rev1, csrf1) = signed_in(&s, &clock, "u-fagrevisor").await;
        let r = send(&app, post_form("/vurdering/r1/revisor", Some(&rev1), &format!("csrf={csrf1}&user=rev2"))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(send(&app, get("/vurdering/r1", Some(&rev2))).await.status, StatusCode::OK);

        let log = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
        let denied = log.iter().filter(|e| e.outcome == "denied" && e.record_type.as_deref() == Some("review")).count();
        assert_eq!(denied, 7, "{}: every review denial is audited", s.label);
        s.remove().await;
    }
}

/// SEQF's criterion 6.2 names three figures; the review shows each. The seeded course c1 starts
/// 1 January 2024 with no referral date and gets its paid job on 1 June: 152 days is 21.7
/// weeks; its six-month day, 1 July, finds the job going on (1 of 1); no course has ended.
#[tokio::test]
async fn an_seqf_review_shows_the_three_performance_indicators() {
    for s in jobbvei_store::testing::both("reviews_seqf").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (cookie, csrf) = signed_in(&s, &clock, "u-fagrevisor").await;
        let body = format!("csrf={csrf}&team=t1&instrument=seqf%402018&from=2024-01-01&to=2024-11-18");
        let r = send(&app, post_form("/vurderinger", Some(&cookie), &body)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.body);
        let r = send(&app, get(r.location(), Some(&cookie))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", s.label);
        let item = r.body.split("id=\"punkt-20\"").nth(1).unwrap().split("</section>").next().unwrap();
        for expected in [
            "Uker fra henvisning til første lønnede jobb, gjennomsnitt: <strong>21,7</strong>; ingen forslag; 1 rader.",
            "Avsluttede forløp som gikk til arbeid, prosent: <strong>–</strong>; ingen forslag; 0 rader.",
            "I lønnet arbeid seks måneder etter start, prosent: <strong>100,0</strong>; ingen forslag; 1 rader.",
        ] {
            assert!(item.contains(expected), "{}: {expected}\n{item}", s.label);
        }
        assert!(!item.contains("/tall/rader"), "{}: no KPI rows behind SEQF's figures", s.label);
        s.remove().await;
    }
}
