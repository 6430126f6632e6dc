//! The JSON API: records in exchange shape, masked fnr, access as the pages, 401/403/404/422.

use super::*;

pub(crate) fn bearer(method: &str, path: &str, token: &str, body: Option<&str>) -> Request<Body> {
    let r = Request::builder().method(method).uri(path).header("authorization", format!("Bearer {token}"));
    match body {
        Some(b) => r.header("content-type", "application/json").body(Body::from(b.to_owned())).unwrap(),
        None => r.body(Body::empty()).unwrap(),
    }
}

pub(crate) async fn token_for(s: &Scratch, user: &str) -> String {
    let now = DateTime::from_timestamp(NOW, 0).unwrap();
    api_token(s, user, now, 90).await.0
}

#[tokio::test]
async fn records_come_in_exchange_shape_with_the_same_access_rules() {
    for s in jobbvei_store::testing::both("api").await {
        seed(&s).await;
        let app = app(&s, TestClock::at(NOW));
        let js = token_for(&s, "u-jobbspesialist").await;
        let r = send(&app, bearer("GET", "/api/v1/participants", &js, None)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", s.label);
        assert_eq!(
            r.body,
            r#"[{"birth_year":1985,"fnr":"150385*****","id":"p1","name":"Amina Yusuf","postal_code":"0473","type":"participant","veileder":"u-veileder"}]"#
        );
        let r = send(&app, bearer("GET", "/api/v1/jobs/j1", &js, None)).await;
        assert!(r.body.contains(r#""percent":[{"from":"2024-06-01","percent":50}]"#), "{}", r.body);
        let r = send(&app, bearer("GET", "/api/v1/employers?q=BAKER", &js, None)).await;
        assert!(r.body.contains(r#""name":"Bakeriet AS""#));
        let r = send(&app, bearer("GET", "/api/v1/employers?q=%C3%B8", &js, None)).await;
        assert_eq!(r.body, "[]");
        assert_eq!(send(&app, bearer("GET", "/api/v1/courses/c404", &js, None)).await.status, StatusCode::NOT_FOUND);
        // A veileder of no one sees nothing and gets 404 for p1, with the denial audited.
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_users(&[User {
            id: ExtId::parse("vl2").unwrap(),
            name: "Annen veileder".into(),
            roles: vec![Role::Veileder],
            team: None,
            fte: Fte::FULL,
            username: Some("vl2".into()),
        }])
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let vl2 = token_for(&s, "vl2").await;
        assert_eq!(send(&app, bearer("GET", "/api/v1/participants", &vl2, None)).await.body, "[]");
        let r = send(&app, bearer("GET", "/api/v1/participants/p1", &vl2, None)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(r.headers["content-type"], "application/problem+json");
        assert_eq!(send(&app, get("/api/v1/participants", None)).await.status, StatusCode::UNAUTHORIZED);
        let doc = send(&app, get("/api/openapi.json", None)).await;
        assert!(doc.body.contains(r#""openapi":"3.1.0""#));
        s.remove().await;
    }
}

#[tokio::test]
async fn logging_an_activity_through_the_api() {
    let s = jobbvei_store::testing::sqlite("apilog").await;
    seed(&s).await;
    let app = app(&s, TestClock::at(NOW));
    let js = token_for(&s, "u-jobbspesialist").await;
    let body = r#"{"id":"mobil-1","kind":"arbeidsgivermote","start":"2024-11-19T07:30:00+01:00","minutes":30,
        "status":"gjennomfort","channel":"fysisk","course":"c1","employer":"e1","decision_maker":true,"subcategory":"jobbutvikling"}"#;
    let r = send(&app, bearer("POST", "/api/v1/activities", &js, Some(body))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(
        r.body.contains(r#""user":"u-jobbspesialist""#) && r.body.contains(r#""start":"2024-11-19T07:30:00+01:00""#)
    );
    let r = send(&app, bearer("GET", "/api/v1/activities/mobil-1", &js, None)).await;
    assert_eq!(r.status, StatusCode::OK);
    // Every field error at once, the same messages as import.
    let bad = r#"{"kind":"kaffe","start":"i går","minutes":-1,"status":"gjennomfort","course":"c1","colour":"red"}"#;
    let r = send(&app, bearer("POST", "/api/v1/activities", &js, Some(bad))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["\"field\":\"kind\"", "\"field\":\"start\"", "\"field\":\"minutes\"", "\"field\":\"colour\""] {
        assert!(r.body.contains(field), "{field} in {}", r.body);
    }
    let r = send(&app, bearer("POST", "/api/v1/activities", &js, Some("not json"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = send(
        &app,
        bearer(
            "POST",
            "/api/v1/activities",
            &js,
            Some(&body.replace("mobil-1", "mobil-2").replace("\"c1\"", "\"c404\"")),
        ),
    )
    .await;
    assert!(r.body.contains("no course"));
    // Someone else's name on it is refused.
    let r = send(
        &app,
        bearer(
            "POST",
            "/api/v1/activities",
            &js,
            Some(&body.replace("\"id\":\"mobil-1\"", "\"id\":\"x\",\"user\":\"u-admin\"")),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A veileder may not log.
    let vl = token_for(&s, "u-veileder").await;
    assert_eq!(send(&app, bearer("POST", "/api/v1/activities", &vl, Some(body))).await.status, StatusCode::FORBIDDEN);
    s.remove().await;
}

/// One's own activities go with the participant's record: once the course has ended more
/// than 90 days ago, the API no longer opens them, one by one, in the list or to change
/// (docs/access.md). An activity of no course stays its user's.
#[tokio::test]
async fn own_activities_are_no_longer_opened_after_the_handover() {
    for s in jobbvei_store::testing::both("api-own-activities").await {
        seed(&s).await;
        let mut tx = s.db.begin().await.unwrap();
        let mut c1 = s.db.course("c1").await.unwrap().unwrap();
        c1.end = Some("2024-06-01".parse().unwrap());
        c1.end_cause = jobbvei_domain::EndCause::parse("arbeid");
        tx.upsert_courses(&[c1]).await.unwrap();
        let mut a2 = s.db.activity("a1").await.unwrap().unwrap();
        a2.id = ExtId::parse("a2").unwrap();
        a2.course = None;
        a2.kind = jobbvei_domain::ActivityKind::EmployerMeeting;
        tx.upsert_activities(&[a2]).await.unwrap();
        tx.commit().await.unwrap();
        let app = app(&s, TestClock::at(NOW));
        let js = token_for(&s, "u-jobbspesialist").await;
        let r = send(&app, bearer("GET", "/api/v1/activities/a1", &js, None)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}: {}", s.label, r.body);
        let list = send(&app, bearer("GET", "/api/v1/activities", &js, None)).await;
        assert!(!list.body.contains("\"a1\"") && list.body.contains("\"a2\""), "{}: {}", s.label, list.body);
        let own = send(&app, bearer("GET", "/api/v1/activities/a2", &js, None)).await;
        assert_eq!(own.status, StatusCode::OK, "{}", s.label);
        let body =
            own.body.replace("\"a2\"", "\"a1\"").replace("\"kind\":\"arbeidsgivermote\"", "\"kind\":\"deltakermote\"");
        let body = body.replace("\"id\":\"a1\"", "\"id\":\"a1\",\"course\":\"c1\"");
        let r = send(&app, bearer("PUT", "/api/v1/activities/a1", &js, Some(&body))).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}: {}", s.label, r.body);
        assert_eq!(s.db.activity("a1").await.unwrap().unwrap().minutes, 45, "{}", s.label);
        s.remove().await;
    }
}
