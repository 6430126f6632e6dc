//! Writing through the JSON API: create and read back, full replacement with the changed
//! fields audited, and every refusal (401, 403, 404, 409, 422) leaving the data untouched.

use jobbvei_store::{AuditEntry, AuditFilter};

use super::api::{bearer, token_for};
use super::*;

/// A user of `role` in `team`, with a username equal to the id.
async fn add_user(s: &Scratch, id: &str, role: Role, team: &str) {
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_users(&[User {
        id: ExtId::parse(id).unwrap(),
        name: format!("Bruker {id}"),
        roles: vec![role],
        team: Some(ExtId::parse(team).unwrap()),
        fte: Fte::FULL,
        username: Some(id.into()),
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// A second team t2 in the same office with job specialist js-t2, and a colleague js2 of
/// the seed's job specialist in t1.
async fn more_people(s: &Scratch) {
    let mut tx = s.db.begin().await.unwrap();
    let t2 = Team {
        id: ExtId::parse("t2").unwrap(),
        office: ExtId::parse("0314").unwrap(),
        name: "Team 2".into(),
        method: Method::Ips,
    };
    tx.upsert_teams(&[t2]).await.unwrap();
    tx.commit().await.unwrap();
    add_user(s, "js-t2", Role::JobSpecialist, "t2").await;
    add_user(s, "js2", Role::JobSpecialist, "t1").await;
}

/// An accepted referral of `participant` to `team`, sent before the courses the tests open.
pub(crate) async fn accept_referral(s: &Scratch, id: &str, participant: &str, team: &str) {
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_referrals(&[jobbvei_domain::Referral {
        id: ExtId::parse(id).unwrap(),
        participant: ExtId::parse(participant).unwrap(),
        veileder: ExtId::parse("u-veileder").unwrap(),
        team: ExtId::parse(team).unwrap(),
        sent: "2024-10-25".parse().unwrap(),
        decision: Some(jobbvei_domain::ReferralDecision::Accepted),
        decided: Some("2024-10-28".parse().unwrap()),
        reason: None,
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// Every record, as an export writes it: equal before and after means nothing changed.
async fn snapshot(s: &Scratch) -> String {
    let mut out = Vec::new();
    jobbvei_exchange::export(&s.db, &mut out).await.unwrap();
    String::from_utf8(out).unwrap()
}

async fn audit(s: &Scratch) -> Vec<AuditEntry> {
    s.db.audit_entries(&AuditFilter::default()).await.unwrap()
}

/// The last audit entry as (action, record type, record id, fields, outcome).
async fn last_change(s: &Scratch) -> (String, String, String, Vec<String>, String) {
    let e = audit(s).await.pop().unwrap();
    (e.action, e.record_type.unwrap_or_default(), e.record_id.unwrap_or_default(), e.fields, e.outcome)
}

fn change(action: &str, kind: &str, id: &str, fields: &[&str]) -> (String, String, String, Vec<String>, String) {
    (action.into(), kind.into(), id.into(), fields.iter().map(|f| (*f).to_owned()).collect(), "ok".into())
}

fn field_errors(body: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    v["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn each_record_type_is_created_and_read_back() {
    for s in jobbvei_store::testing::both("apicreate").await {
        seed(&s).await;
        let app = app(&s, TestClock::at(NOW));
        let (js, vl) = (token_for(&s, "u-jobbspesialist").await, token_for(&s, "u-veileder").await);

        // A veileder refers a participant of their own; the answer masks the fnr.
        let p2 = r#"{"id":"p2","name":"Ola Nordmann","fnr":"02029012329","veileder":"u-veileder"}"#;
        let r = send(&app, bearer("POST", "/api/v1/participants", &vl, Some(p2))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", s.label, r.body);
        let expected =
            r#"{"fnr":"020290*****","id":"p2","name":"Ola Nordmann","type":"participant","veileder":"u-veileder"}"#;
        assert_eq!(r.body, expected);
        assert_eq!(r.location(), "/api/v1/participants/p2");
        assert_eq!(last_change(&s).await, change("create", "participant", "p2", &["fnr", "name", "veileder"]));
        assert_eq!(send(&app, bearer("GET", "/api/v1/participants/p2", &vl, None)).await.body, expected);
        // …but not one assigned to somebody else.
        let other = p2
            .replace("p2", "p3")
            .replace("02029012329", "01019012480")
            .replace("\"u-veileder\"", "\"u-jobbspesialist\"");
        let r = send(&app, bearer("POST", "/api/v1/participants", &vl, Some(&other))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

        // Team t1 accepts the veileder's referral of p2 (docs/access.md): then the job
        // specialist takes p2 on with a first course, and sees p2 from then on.
        accept_referral(&s, "r2", "p2", "t1").await;
        let c2 = r#"{"type":"course","id":"c2","participant":"p2","method":"SE","job_specialist":"u-jobbspesialist","start":"2024-11-01"}"#;
        let r = send(&app, bearer("POST", "/api/v1/courses", &js, Some(c2))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let expected = r#"{"id":"c2","job_specialist":"u-jobbspesialist","method":"SE","participant":"p2","start":"2024-11-01","type":"course"}"#;
        assert_eq!(r.body, expected);
        assert_eq!(
            last_change(&s).await,
            change("create", "participant", "p2", &["course:c2", "job_specialist", "method", "participant", "start"])
        );
        assert_eq!(send(&app, bearer("GET", "/api/v1/courses/c2", &js, None)).await.body, expected);
        assert_eq!(send(&app, bearer("GET", "/api/v1/participants/p2", &js, None)).await.status, StatusCode::OK);

        // An employer without an id gets one.
        let e = r#"{"orgnr":"923456783","name":"Snekkeriet AS","stage":"bli_kjent"}"#;
        let r = send(&app, bearer("POST", "/api/v1/employers", &js, Some(e))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let made: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        let id = made["id"].as_str().unwrap().to_owned();
        assert!(id.starts_with("e-") && id.len() == 18, "{id}");
        assert_eq!(r.location(), format!("/api/v1/employers/{id}"));
        let back = send(&app, bearer("GET", &format!("/api/v1/employers/{id}"), &js, None)).await;
        assert_eq!(back.body, r.body);
        assert!(back.body.contains(r#""name":"Snekkeriet AS""#) && back.body.contains(r#""orgnr":"923456783""#));

        let j2 = format!(
            r#"{{"id":"j2","course":"c2","employer":"{id}","form":"arbeidstrening","start":"2024-11-11","paid":false,
            "percent":[{{"from":"2024-11-11","percent":20}},{{"from":"2024-12-01","percent":40}}]}}"#
        );
        let r = send(&app, bearer("POST", "/api/v1/jobs", &js, Some(&j2))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let back = send(&app, bearer("GET", "/api/v1/jobs/j2", &js, None)).await;
        assert_eq!(back.body, r.body);
        assert!(
            back.body.contains(r#""percent":[{"from":"2024-11-11","percent":20},{"from":"2024-12-01","percent":40}]"#)
        );

        // The lists hold what the caller may read, by id, a page at a time.
        let ids = |body: &str| -> Vec<String> {
            let v: serde_json::Value = serde_json::from_str(body).unwrap();
            v.as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap().to_owned()).collect()
        };
        assert_eq!(ids(&send(&app, bearer("GET", "/api/v1/courses", &js, None)).await.body), ["c1", "c2"]);
        assert_eq!(ids(&send(&app, bearer("GET", "/api/v1/courses?limit=1&offset=1", &js, None)).await.body), ["c2"]);
        assert_eq!(ids(&send(&app, bearer("GET", "/api/v1/jobs", &js, None)).await.body), ["j1", "j2"]);
        assert_eq!(ids(&send(&app, bearer("GET", "/api/v1/jobs?limit=1", &js, None)).await.body), ["j1"]);
        // The veileder of p1 and p2 sees both; one of nobody sees nothing.
        assert_eq!(ids(&send(&app, bearer("GET", "/api/v1/jobs", &vl, None)).await.body), ["j1", "j2"]);
        more_people(&s).await;
        let other = token_for(&s, "js-t2").await;
        assert_eq!(send(&app, bearer("GET", "/api/v1/courses", &other, None)).await.body, "[]");
        assert_eq!(send(&app, bearer("GET", "/api/v1/jobs", &other, None)).await.body, "[]");
        s.remove().await;
    }
}

#[tokio::test]
async fn updates_replace_the_record_and_audit_the_changed_fields() {
    for s in jobbvei_store::testing::both("apiupdate").await {
        seed(&s).await;
        more_people(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let js = token_for(&s, "u-jobbspesialist").await;

        // A full replacement: what is left out is gone.
        let p1 =
            r#"{"id":"p1","name":"Amina Yusuf Ali","fnr":"15038512363","postal_code":"0473","veileder":"u-veileder"}"#;
        let r = send(&app, bearer("PUT", "/api/v1/participants/p1", &js, Some(p1))).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", s.label, r.body);
        assert_eq!(
            r.body,
            r#"{"fnr":"150385*****","id":"p1","name":"Amina Yusuf Ali","postal_code":"0473","type":"participant","veileder":"u-veileder"}"#
        );
        assert_eq!(last_change(&s).await, change("update", "participant", "p1", &["birth_year", "name"]));
        // The same body again changes nothing and writes no audit entry.
        let before = audit(&s).await.len();
        assert_eq!(send(&app, bearer("PUT", "/api/v1/participants/p1", &js, Some(p1))).await.status, StatusCode::OK);
        assert_eq!(audit(&s).await.len(), before);

        // The percentage history is replaced as a whole.
        let j1 = r#"{"id":"j1","course":"c1","employer":"e1","form":"fast","start":"2024-06-01","title":"Bakerassistent",
            "styrk":"7512","paid":true,"ordinary_terms":true,"percent":[{"from":"2024-06-01","percent":50},{"from":"2024-09-01","percent":80}]}"#;
        let r = send(&app, bearer("PUT", "/api/v1/jobs/j1", &js, Some(j1))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(last_change(&s).await, change("update", "participant", "p1", &["job:j1", "percent"]));
        let back = send(&app, bearer("GET", "/api/v1/jobs/j1", &js, None)).await.body;
        assert!(back.contains(r#""percent":[{"from":"2024-06-01","percent":50},{"from":"2024-09-01","percent":80}]"#));

        let e1 = r#"{"id":"e1","orgnr":"912345688","name":"Bakeriet Sagene AS","holder":"u-jobbspesialist"}"#;
        let r = send(&app, bearer("PUT", "/api/v1/employers/e1", &js, Some(e1))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(last_change(&s).await, change("update", "employer", "e1", &["name"]));

        // An activity, from what GET gave, with one field changed.
        let mut a1: serde_json::Value =
            serde_json::from_str(&send(&app, bearer("GET", "/api/v1/activities/a1", &js, None)).await.body).unwrap();
        a1["minutes"] = 60.into();
        let r = send(&app, bearer("PUT", "/api/v1/activities/a1", &js, Some(&a1.to_string()))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(last_change(&s).await, change("update", "participant", "p1", &["activity:a1", "minutes"]));
        assert!(send(&app, bearer("GET", "/api/v1/activities/a1", &js, None)).await.body.contains(r#""minutes":60"#));
        super::facts_agree(&s).await;
        // Only its own user changes an activity, even the team lead may not.
        let lead = token_for(&s, "u-metodeveileder").await;
        let r = send(&app, bearer("PUT", "/api/v1/activities/a1", &lead, Some(&a1.to_string()))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        // Only the metodeveileder reassigns a course, within the team.
        let c1 =
            r#"{"id":"c1","participant":"p1","method":"SE","job_specialist":"u-jobbspesialist","start":"2024-01-01"}"#;
        let moved = c1.replace("\"job_specialist\":\"u-jobbspesialist\"", "\"job_specialist\":\"js2\"");
        let r = send(&app, bearer("PUT", "/api/v1/courses/c1", &js, Some(&moved))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        let r = send(&app, bearer("PUT", "/api/v1/courses/c1", &lead, Some(&moved.replace("js2", "js-t2")))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        let r = send(&app, bearer("PUT", "/api/v1/courses/c1", &lead, Some(&moved))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(last_change(&s).await, change("update", "participant", "p1", &["course:c1", "job_specialist"]));
        // Signed in with a session, the API works the same: the new job specialist ends it.
        let (cookie, _) = signed_in(&s, &clock, "js2").await;
        let ended = moved.replace(
            "\"start\":\"2024-01-01\"",
            "\"start\":\"2024-01-01\",\"end\":\"2024-11-18\",\"end_cause\":\"arbeid\"",
        );
        let req = Request::builder()
            .method("PUT")
            .uri("/api/v1/courses/c1")
            .header("cookie", cookie)
            .header("content-type", "application/json")
            .body(Body::from(ended.clone()))
            .unwrap();
        let r = send(&app, req).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(last_change(&s).await, change("update", "participant", "p1", &["course:c1", "end", "end_cause"]));
        assert!(
            send(&app, bearer("GET", "/api/v1/courses/c1", &lead, None)).await.body.contains(r#""end":"2024-11-18""#)
        );

        // Nothing on an ended course changes through the API, reopening included (DOMAIN.md §7,
        // as on the pages): its metodeveileder reopens it in Jobbvei. The same body is no change.
        let before = audit(&s).await.len();
        let r = send(&app, bearer("PUT", "/api/v1/jobs/j1", &lead, Some(&j1.replace("Bakerassistent", "Baker")))).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}: {}", s.label, r.body);
        let r = send(&app, bearer("PUT", "/api/v1/courses/c1", &lead, Some(&moved))).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}: {}", s.label, r.body);
        assert!(r.body.contains("The course has ended"), "{}", r.body);
        let r =
            send(&app, bearer("PUT", "/api/v1/courses/c1", &lead, Some(&ended.replace("arbeid", "utdanning")))).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}: {}", s.label, r.body);
        assert_eq!(send(&app, bearer("PUT", "/api/v1/courses/c1", &lead, Some(&ended))).await.status, StatusCode::OK);
        assert_eq!(audit(&s).await.len(), before, "{}", s.label);
        s.remove().await;
    }
}

#[tokio::test]
async fn refusals_leave_the_stored_data_exactly_as_it_was() {
    for s in jobbvei_store::testing::both("apirefuse").await {
        seed(&s).await;
        more_people(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, vl) = (token_for(&s, "u-jobbspesialist").await, token_for(&s, "u-veileder").await);
        let (other, colleague) = (token_for(&s, "js-t2").await, token_for(&s, "js2").await);
        let before = snapshot(&s).await;
        let audited = audit(&s).await.len();

        let c1 = r#"{"id":"c1","participant":"p1","method":"SE","job_specialist":"u-jobbspesialist","start":"2024-01-01","end":"2024-11-18","end_cause":"arbeid"}"#;
        let employer = r#"{"id":"e9","orgnr":"976543211","name":"Verkstedet AS"}"#;
        let json_req = |method: &str, path: &str, cookie: Option<&str>, auth: Option<&str>, body: &str| {
            let mut r = Request::builder().method(method).uri(path).header("content-type", "application/json");
            if let Some(c) = cookie {
                r = r.header("cookie", c);
            }
            if let Some(a) = auth {
                r = r.header("authorization", a);
            }
            r.body(Body::from(body.to_owned())).unwrap()
        };
        // 401: no credentials, a wrong token, a session that does not exist or has expired.
        let (expired, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        clock.advance_minutes(31);
        for (cookie, auth) in [
            (None, None),
            (None, Some("Bearer wrong")),
            (Some("jobbvei_session=wrong"), None),
            (Some(expired.as_str()), None),
        ] {
            for (method, path, body) in [("POST", "/api/v1/employers", employer), ("PUT", "/api/v1/courses/c1", c1)] {
                let r = send(&app, json_req(method, path, cookie, auth, body)).await;
                assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}: {method} {path} {cookie:?} {auth:?}", s.label);
                assert_eq!(r.headers["content-type"], "application/problem+json");
            }
        }

        // 403: a colleague's course, a veileder changing a person; another team's course
        // is not even there for them: 404, as for a course that does not exist.
        for (token, status) in [(&other, StatusCode::NOT_FOUND), (&colleague, StatusCode::FORBIDDEN)] {
            let r = send(&app, bearer("PUT", "/api/v1/courses/c1", token, Some(c1))).await;
            assert_eq!(r.status, status, "{}", r.body);
            assert_eq!(r.headers["content-type"], "application/problem+json");
        }
        let j = r#"{"id":"j9","course":"c1","employer":"e1","form":"fast","start":"2024-10-01"}"#;
        let r = send(&app, bearer("POST", "/api/v1/jobs", &colleague, Some(j))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        // Another team cannot even see c1: to them it does not exist.
        let r = send(&app, bearer("POST", "/api/v1/jobs", &other, Some(j))).await;
        assert_eq!((r.status, field_errors(&r.body)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["course".to_owned()]));
        let p1 = r#"{"id":"p1","name":"Amina","fnr":"15038512363"}"#;
        assert_eq!(
            send(&app, bearer("PUT", "/api/v1/participants/p1", &vl, Some(p1))).await.status,
            StatusCode::FORBIDDEN
        );
        let c =
            r#"{"id":"c9","participant":"p1","method":"SE","job_specialist":"u-jobbspesialist","start":"2024-11-01"}"#;
        assert_eq!(
            send(&app, bearer("POST", "/api/v1/courses", &other, Some(c))).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        // A job specialist does not start a course in somebody else's name.
        let p = r#"{"id":"p9","name":"Kari","fnr":"02029012590"}"#;
        let r = send(&app, bearer("POST", "/api/v1/participants", &js, Some(p))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let after_p9 = snapshot(&s).await;
        let c = c.replace("p1", "p9").replace("u-jobbspesialist", "js2");
        assert_eq!(send(&app, bearer("POST", "/api/v1/courses", &js, Some(&c))).await.status, StatusCode::FORBIDDEN);

        // 422: the importer's own checks, every field at once, and references.
        let cases: &[(&str, &str, &[&str])] = &[
            ("/api/v1/participants", r#"{"id":"p8","name":"Per","fnr":"0202901232"}"#, &["fnr"]),
            (
                "/api/v1/participants",
                r#"{"id":"p8","name":" ","fnr":"02029012329","colour":"red"}"#,
                &["name", "colour"],
            ),
            (
                "/api/v1/participants",
                r#"{"id":"p8","name":"Per","fnr":"02029012329","veileder":"u-404"}"#,
                &["veileder"],
            ),
            ("/api/v1/employers", r#"{"id":"e8","orgnr":"912345687","name":"Feil AS"}"#, &["orgnr"]),
            (
                "/api/v1/jobs",
                r#"{"id":"j8","course":"c1","employer":"e404","form":"fast","start":"2024-10-01"}"#,
                &["employer"],
            ),
            (
                "/api/v1/jobs",
                r#"{"id":"j8","course":"c404","employer":"e1","form":"jobbsmak","start":"2024-10-01","paid":true}"#,
                &["paid"],
            ),
            (
                "/api/v1/jobs",
                r#"{"id":"j8","course":"c404","employer":"e1","form":"fast","start":"2024-10-01"}"#,
                &["course"],
            ),
            (
                "/api/v1/courses",
                r#"{"id":"c8","participant":"p404","method":"SE","job_specialist":"u-jobbspesialist","start":"2024-11-01"}"#,
                &["participant"],
            ),
            ("/api/v1/courses", r#"{"type":"job","id":"c8"}"#, &["type"]),
            (
                "/api/v1/activities",
                r#"{"kind":"deltakermote","start":"2024-11-18T10:00:00+01:00","minutes":30,"status":"gjennomfort","course":"c1","employer_contact":"k404"}"#,
                &["employer_contact"],
            ),
        ];
        for (path, body, fields) in cases {
            let r = send(&app, bearer("POST", path, &js, Some(body))).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {path} {body}: {}", s.label, r.body);
            assert_eq!(r.headers["content-type"], "application/problem+json");
            assert_eq!(field_errors(&r.body), *fields, "{path} {body}");
        }
        // The fødselsnummer is never echoed back in a message.
        let r = send(&app, bearer("POST", "/api/v1/participants", &js, Some(cases[0].1))).await;
        assert!(!r.body.contains("0202901232"), "{}", r.body);
        let r = send(&app, bearer("PUT", "/api/v1/courses/c1", &js, Some(&c1.replace("\"c1\"", "\"c2\"")))).await;
        assert_eq!((r.status, field_errors(&r.body)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["id".to_owned()]));
        let r = send(&app, bearer("PUT", "/api/v1/courses/c1", &js, Some("[1, 2]"))).await;
        assert_eq!((r.status, field_errors(&r.body)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["body".to_owned()]));

        // 404 and 409.
        let r = send(&app, bearer("PUT", "/api/v1/courses/c404", &js, Some(&c1.replace("\"c1\"", "\"c404\"")))).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(r.headers["content-type"], "application/problem+json");
        for (path, body) in [
            ("/api/v1/participants", r#"{"id":"p1","name":"Amina","fnr":"15038512363"}"#),
            ("/api/v1/courses", c1),
            ("/api/v1/employers", r#"{"id":"e1","orgnr":"912345688","name":"Bakeriet AS"}"#),
            ("/api/v1/jobs", r#"{"id":"j1","course":"c1","employer":"e1","form":"fast","start":"2024-06-01"}"#),
            (
                "/api/v1/activities",
                r#"{"id":"a1","kind":"teammote","start":"2024-11-18T10:00:00+01:00","minutes":30,"status":"gjennomfort"}"#,
            ),
        ] {
            let r = send(&app, bearer("POST", path, &js, Some(body))).await;
            assert_eq!(r.status, StatusCode::CONFLICT, "{path}: {}", r.body);
            assert_eq!(r.headers["content-type"], "application/problem+json");
        }

        // Nothing but p9 was written, and the only audit entries besides its creation are denials.
        assert_eq!(snapshot(&s).await, after_p9);
        assert_ne!(before, after_p9);
        let log = audit(&s).await;
        let writes: Vec<_> = log[audited..]
            .iter()
            .filter(|e| e.outcome == "ok" && matches!(e.action.as_str(), "create" | "update"))
            .collect();
        assert_eq!(writes.len(), 1, "{writes:?}");
        assert_eq!(writes[0].record_id.as_deref(), Some("p9"));
        let denied = log[audited..]
            .iter()
            .filter(|e| e.outcome == "denied" && e.user_id.as_deref() == Some("js-t2") && e.action == "update")
            .count();
        assert_eq!(denied, 1);
        s.remove().await;
    }
}

/// An activity moved to another participant's course changes both records: the write is
/// audited under the participant it leaves as well as the one it joins.
#[tokio::test]
async fn a_move_between_participants_is_audited_under_both() {
    for s in jobbvei_store::testing::both("apimove").await {
        seed(&s).await;
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_participants(&[jobbvei_domain::Participant {
            id: ExtId::parse("p2").unwrap(),
            name: "Jonas Berg".into(),
            fnr: jobbvei_domain::Fnr::parse("15918511250").unwrap(),
            postal_code: None,
            birth_year: Some(1985),
            norwegian_level: None,
            interpreter: None,
            veileder: None,
            confidential: None,
        }])
        .await
        .unwrap();
        let mut c2 = s.db.course("c1").await.unwrap().unwrap();
        c2.id = ExtId::parse("c2").unwrap();
        c2.participant = ExtId::parse("p2").unwrap();
        tx.upsert_courses(&[c2]).await.unwrap();
        tx.commit().await.unwrap();
        let app = app(&s, TestClock::at(NOW));
        let js = token_for(&s, "u-jobbspesialist").await;
        let mut a1: serde_json::Value =
            serde_json::from_str(&send(&app, bearer("GET", "/api/v1/activities/a1", &js, None)).await.body).unwrap();
        a1["course"] = "c2".into();
        let before = audit(&s).await.len();
        let r = send(&app, bearer("PUT", "/api/v1/activities/a1", &js, Some(&a1.to_string()))).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", s.label, r.body);
        let written: Vec<_> = audit(&s).await.into_iter().skip(before).collect();
        let under: Vec<&str> = written.iter().filter_map(|e| e.record_id.as_deref()).collect();
        assert_eq!(under, ["p2", "p1"], "{}", s.label);
        assert!(written.iter().all(|e| e.action == "update" && e.fields.contains(&"course".to_owned())), "{written:?}");
        s.remove().await;
    }
}
