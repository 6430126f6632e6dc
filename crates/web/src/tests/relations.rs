//! Access by relationship, ended by time (docs/access.md): who may take a participant on
//! with a new course, that a hidden record answers exactly like a missing one, and that a
//! course gives read access for the handover days after its end and then no longer.

use super::api::{bearer, token_for};
use super::api_write::accept_referral;
use super::*;

fn id(x: &str) -> ExtId {
    ExtId::parse(x).unwrap()
}

fn user(uid: &str, role: Role, team: &str) -> User {
    User {
        id: id(uid),
        name: format!("Bruker {uid}"),
        roles: vec![role],
        team: Some(id(team)),
        fte: Fte::FULL,
        username: Some(uid.into()),
    }
}

fn person(pid: &str, fnr: &str, confidential: bool) -> jobbvei_domain::Participant {
    jobbvei_domain::Participant {
        id: id(pid),
        name: format!("Person {pid}"),
        fnr: jobbvei_domain::Fnr::parse(fnr).unwrap(),
        postal_code: None,
        birth_year: None,
        norwegian_level: None,
        interpreter: None,
        veileder: Some(id("u-veileder")),
        confidential: confidential.then_some(true),
    }
}

fn course(cid: &str, pid: &str, js: &str, start: &str, end: Option<&str>) -> jobbvei_domain::Course {
    jobbvei_domain::Course {
        id: id(cid),
        participant: id(pid),
        method: Method::Se,
        job_specialist: id(js),
        start: start.parse().unwrap(),
        referred: None,
        end: end.map(|e| e.parse().unwrap()),
        end_cause: end.map(|_| jobbvei_domain::EndCause::Work),
        end_cause_detail: None,
    }
}

/// Another office 4601 with team t9 (job specialist js9, team lead mv9), a colleague js2 in
/// t1, and participants with no course: p7 (referred by the veileder) and p8 (confidential).
async fn world(s: &Scratch) {
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_offices(&[Office { id: id("4601"), name: "NAV Bergenhus".into() }]).await.unwrap();
    tx.upsert_teams(&[Team { id: id("t9"), office: id("4601"), name: "Team Bergen".into(), method: Method::Se }])
        .await
        .unwrap();
    tx.upsert_users(&[
        user("js9", Role::JobSpecialist, "t9"),
        user("mv9", Role::MethodSupervisor, "t9"),
        user("js2", Role::JobSpecialist, "t1"),
    ])
    .await
    .unwrap();
    tx.upsert_participants(&[person("p7", "02029012329", false), person("p8", "01019012480", true)]).await.unwrap();
    tx.commit().await.unwrap();
}

fn new_course(cid: &str, pid: &str, js: &str) -> String {
    format!(r#"{{"id":"{cid}","participant":"{pid}","method":"SE","job_specialist":"{js}","start":"2024-11-18"}}"#)
}

/// The answer without the parts that name what was asked for.
fn neutral(body: &str, asked: &str) -> String {
    body.replace(asked, "X")
}

#[tokio::test]
async fn a_participant_is_taken_on_only_through_a_relationship() {
    for s in jobbvei_store::testing::both("taking").await {
        seed(&s).await;
        world(&s).await;
        let app = app(&s, TestClock::at(NOW));
        let (js, js9, lead) = (
            token_for(&s, "u-jobbspesialist").await,
            token_for(&s, "js9").await,
            token_for(&s, "u-metodeveileder").await,
        );
        let post = |token: &str, body: String| {
            let (app, token) = (app.clone(), token.to_owned());
            async move { send(&app, bearer("POST", "/api/v1/courses", &token, Some(&body))).await }
        };
        // Nobody has a claim on p7 or the confidential p8, nor on p1 whose course is t1's:
        // to another office each is exactly like a participant that does not exist.
        let missing = post(&js9, new_course("c-x", "p404", "js9")).await;
        assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {}", s.label, missing.body);
        for (token, pid) in [(&js9, "p7"), (&js9, "p8"), (&js9, "p1"), (&js, "p7"), (&js, "p8")] {
            let js_id = if *token == js9 { "js9" } else { "u-jobbspesialist" };
            let r = post(token, new_course("c-x", pid, js_id)).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{pid}: {}", r.body);
            assert_eq!(neutral(&r.body, pid), neutral(&missing.body, "p404"), "{pid}");
        }
        // A participant with an open course gets no second one, not even from its owner.
        let r = post(&js, new_course("c-2", "p1", "u-jobbspesialist")).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("has an open course"), "{}", r.body);

        // Team t9 accepts the referral of p7: now js9 takes p7 on, and t1 no longer can.
        accept_referral(&s, "r7", "p7", "t9").await;
        let r = post(&js9, new_course("c7", "p7", "js9")).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(send(&app, bearer("GET", "/api/v1/participants/p7", &js9, None)).await.status, StatusCode::OK);
        let r = post(&js, new_course("c-y", "p7", "u-jobbspesialist")).await;
        assert_eq!(neutral(&r.body, "p7"), neutral(&missing.body, "p404"));

        // A job specialist who registers a person takes them on themselves.
        let p = r#"{"id":"p10","name":"Selvmeldt","fnr":"15038512282"}"#;
        assert_eq!(send(&app, bearer("POST", "/api/v1/participants", &js9, Some(p))).await.status, StatusCode::CREATED);
        assert_eq!(post(&js9, new_course("c10", "p10", "js9")).await.status, StatusCode::CREATED);

        // A team lead assigns a person registered in the team to a member; a colleague who
        // did not register them has no claim of their own.
        let p = r#"{"id":"p11","name":"Registrert","fnr":"24057512357"}"#;
        assert_eq!(send(&app, bearer("POST", "/api/v1/participants", &js, Some(p))).await.status, StatusCode::CREATED);
        let colleague = token_for(&s, "js2").await;
        let r = post(&colleague, new_course("c-z", "p11", "js2")).await;
        assert_eq!(neutral(&r.body, "p11"), neutral(&missing.body, "p404"));
        let r = post(&lead, new_course("c11", "p11", "js2")).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        // …but not one of another team's.
        let r = post(&lead, new_course("c-w", "p8", "js2")).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        s.remove().await;
    }
}

#[tokio::test]
async fn hidden_records_answer_like_missing_ones() {
    for s in jobbvei_store::testing::both("hidden").await {
        seed(&s).await;
        world(&s).await;
        let app = app(&s, TestClock::at(NOW));
        let js9 = token_for(&s, "js9").await;
        let put = |path: &str, body: &str| bearer("PUT", path, &js9, Some(body));
        let p = |pid: &str| format!(r#"{{"id":"{pid}","name":"Amina","fnr":"15038512363"}}"#);
        // Reading, replacing: 404 for p1 (t1's) just as for p404.
        for (path, body) in
            [("/api/v1/participants/{}", p("{}")), ("/api/v1/courses/{}", new_course("{}", "p1", "js9"))]
        {
            let (hidden, absent) = if path.contains("courses") { ("c1", "c404") } else { ("p1", "p404") };
            let at = |x: &str| path.replace("{}", x);
            let a = send(&app, put(&at(hidden), &body.replace("{}", hidden))).await;
            let b = send(&app, put(&at(absent), &body.replace("{}", absent))).await;
            assert_eq!((a.status, &a.body), (StatusCode::NOT_FOUND, &b.body), "{}: {path}", s.label);
            let a = send(&app, bearer("GET", &at(hidden), &js9, None)).await;
            let b = send(&app, bearer("GET", &at(absent), &js9, None)).await;
            assert_eq!((a.status, &a.body), (StatusCode::NOT_FOUND, &b.body));
        }
        // Creating with the id of a hidden record: never a 409 that says it exists.
        let r = send(
            &app,
            bearer("POST", "/api/v1/participants", &js9, Some(&p("p1").replace("15038512363", "02029012590"))),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["errors"][0]["field"],
            "id",
            "{}",
            r.body
        );
        assert!(!r.body.contains("exists") && !r.body.contains("PUT"), "{}", r.body);
        // The caller who may see it is told to use PUT, as before.
        let js = token_for(&s, "u-jobbspesialist").await;
        let r = send(&app, bearer("POST", "/api/v1/participants", &js, Some(&p("p1")))).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        s.remove().await;
    }
}

#[tokio::test]
async fn an_ended_course_gives_read_access_for_the_handover_days_and_then_not() {
    for s in jobbvei_store::testing::both("handover").await {
        seed(&s).await;
        world(&s).await;
        // p5's course ended 2024-08-21: NOW (2024-11-19) is the 90th day after.
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_participants(&[person("p5", "15038512282", false)]).await.unwrap();
        tx.upsert_courses(&[course("c5", "p5", "u-jobbspesialist", "2023-02-01", Some("2024-08-21"))]).await.unwrap();
        tx.commit().await.unwrap();
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let tokens = [
            ("u-jobbspesialist", token_for(&s, "u-jobbspesialist").await),
            ("u-metodeveileder", token_for(&s, "u-metodeveileder").await),
            ("js2", token_for(&s, "js2").await),
        ];
        let read = |token: &str| bearer("GET", "/api/v1/participants/p5", token, None);
        for (who, token) in &tokens {
            assert_eq!(send(&app, read(token)).await.status, StatusCode::OK, "{}: {who} on day 90", s.label);
        }
        let (js_page, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        for page in ["/deltaker/p5", "/deltaker/p5/bistand", "/deltaker/p5/profil"] {
            assert_eq!(send(&app, get(page, Some(&js_page))).await.status, StatusCode::OK, "{page}");
        }

        // The next day the course no longer counts: the job specialist, the team and its lead
        // lose the record, pages and API alike; the veileder keeps theirs.
        clock.advance_minutes(24 * 60);
        for (who, token) in &tokens {
            assert_eq!(send(&app, read(token)).await.status, StatusCode::NOT_FOUND, "{who} on day 91");
        }
        let (js_page, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        for page in ["/deltaker/p5", "/deltaker/p5/bistand", "/deltaker/p5/profil", "/deltaker/p5/forlop"] {
            let status = send(&app, get(page, Some(&js_page))).await.status;
            assert!(status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND, "{page}: {status}");
        }
        let (vl, _) = signed_in(&s, &clock, "u-veileder").await;
        assert_eq!(send(&app, get("/deltaker/p5", Some(&vl))).await.status, StatusCode::OK);
        // Nor can the former owner simply open a new course on their own.
        let r = send(
            &app,
            bearer("POST", "/api/v1/courses", &tokens[0].1, Some(&new_course("c5b", "p5", "u-jobbspesialist"))),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

        // A new referral, accepted by the team, and a new course: access again.
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_referrals(&[jobbvei_domain::Referral {
            id: id("r5"),
            participant: id("p5"),
            veileder: id("u-veileder"),
            team: id("t1"),
            sent: "2024-11-19".parse().unwrap(),
            decision: Some(jobbvei_domain::ReferralDecision::Accepted),
            decided: Some("2024-11-20".parse().unwrap()),
            reason: None,
        }])
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let mut c = new_course("c5b", "p5", "u-jobbspesialist");
        c = c.replace("2024-11-18", "2024-11-20");
        let r = send(&app, bearer("POST", "/api/v1/courses", &tokens[0].1, Some(&c))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        for (who, token) in &tokens {
            assert_eq!(send(&app, read(token)).await.status, StatusCode::OK, "{who} with the new course");
        }
        s.remove().await;
    }
}
