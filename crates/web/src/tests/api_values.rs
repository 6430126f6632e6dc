//! What the API and the pages accept is what an export can carry and an import take back
//! (docs/exchange-format.md, "Value ranges"); a body too large is 413; reading activities is
//! audited; an employer held in another office is that office's, and a `PUT` that leaves
//! out the holder keeps it.

use jobbvei_store::AuditFilter;

use super::api::{bearer, token_for};
use super::*;

async fn snapshot(s: &Scratch) -> String {
    let mut out = Vec::new();
    jobbvei_exchange::export(&s.db, &mut out).await.unwrap();
    String::from_utf8(out).unwrap()
}

fn fields(body: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    v["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect()
}

fn activity(start: &str, note: &str) -> String {
    format!(
        r#"{{"kind":"deltakermote","start":"{start}","minutes":30,"status":"planlagt","course":"c1","note":"{note}"}}"#
    )
}

#[tokio::test]
async fn the_api_takes_only_values_that_come_back_from_an_export() {
    for s in jobbvei_store::testing::both("apivalues").await {
        seed(&s).await;
        let app = app(&s, TestClock::at(NOW));
        let js = token_for(&s, "u-jobbspesialist").await;
        let before = snapshot(&s).await;
        let cases: &[(&str, String, &[&str])] = &[
            // The finding: 201 for this, and then an export no import would take.
            ("/api/v1/activities", activity("9999-12-31T23:59:59-14:00", ""), &["start"]),
            ("/api/v1/activities", activity("0000-01-01T00:00:00Z", ""), &["start"]),
            ("/api/v1/activities", activity("1894-06-01T12:00:00+00:43", ""), &["start"]),
            ("/api/v1/activities", activity("2024-11-18T10:00:00+01:00", "a\\u0000b"), &["note"]),
            ("/api/v1/activities", activity("2024-11-18T10:00:00+01:00", "a\\u001b[2J"), &["note"]),
            (
                "/api/v1/courses",
                r#"{"participant":"p1","method":"SE","job_specialist":"u-jobbspesialist","start":"1899-12-31"}"#.into(),
                &["start"],
            ),
            // serde_json keeps the last of two equal keys: here the body is refused instead.
            ("/api/v1/employers", r#"{"id":"e5","orgnr":"923456783","name":"A","id":"e1"}"#.into(), &["body"]),
            // A second participant with p1's fødselsnummer.
            ("/api/v1/participants", r#"{"id":"p5","name":"Ny","fnr":"15038512363"}"#.into(), &["fnr"]),
        ];
        for (path, body, expected) in cases {
            let r = send(&app, bearer("POST", path, &js, Some(body))).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {path} {body}: {}", s.label, r.body);
            assert_eq!(fields(&r.body), *expected, "{body}: {}", r.body);
            assert!(!r.body.contains("15038512363"));
        }
        let r = send(&app, bearer("POST", "/api/v1/employers", &js, Some(&cases[6].1))).await;
        assert!(r.body.contains(r#"the key \"id\" appears more than once"#), "{}", r.body);
        // Nor can a PUT give p1 another participant's number.
        let p2 = r#"{"id":"p2","name":"Ola","fnr":"02029012329"}"#;
        assert_eq!(send(&app, bearer("POST", "/api/v1/participants", &js, Some(p2))).await.status, StatusCode::CREATED);
        let after_p2 = snapshot(&s).await;
        assert_ne!(after_p2, before);
        let r = send(&app, bearer("PUT", "/api/v1/participants/p1", &js, Some(&p2.replace("p2", "p1")))).await;
        assert_eq!((r.status, fields(&r.body)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["fnr".to_owned()]));
        assert_eq!(snapshot(&s).await, after_p2, "{}: a refusal writes nothing", s.label);

        // The edges themselves are fine, with text as people write it, and what is stored
        // comes out of an export and goes into an empty database unchanged.
        for (start, note) in [("1900-01-01T00:00:00+01:00", "Første\\nandre\\tæøå"), ("2100-12-31T23:59:59+01:00", "")]
        {
            let r = send(&app, bearer("POST", "/api/v1/activities", &js, Some(&activity(start, note)))).await;
            assert_eq!(r.status, StatusCode::CREATED, "{start}: {}", r.body);
        }
        let first = snapshot(&s).await;
        assert!(first.contains("\"start\":\"2100-12-31T23:59:59+01:00\"") && first.contains("Første\\nandre\\tæøå"));
        let empty = s.sibling("apivalues2").await;
        let reader = std::io::Cursor::new(first.clone().into_bytes());
        jobbvei_exchange::import_reader(&empty.db, reader, |_| {}).await.unwrap();
        assert_eq!(snapshot(&empty).await, first, "{}", s.label);
        empty.remove().await;
        s.remove().await;
    }
}

#[tokio::test]
async fn the_pages_take_only_dates_in_range_and_plain_text() {
    for s in jobbvei_store::testing::both("pagevalues").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (cookie, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let before = snapshot(&s).await;
        let log = |extra: &str| {
            format!(
                "csrf={csrf}&kind=deltakermote&participant=p1&channel=digital&time=08%3A00&minutes=30&status=planlagt{extra}"
            )
        };
        for (extra, message) in [
            ("&date=9999-12-31", "Datoen må være mellom 01.01.1900 og 31.12.2100."),
            ("&date=1899-12-31", "Datoen må være mellom 01.01.1900 og 31.12.2100."),
            ("&date=2024-11-20&note=a%00b", "Feltet kan bare inneholde vanlig tekst."),
        ] {
            let r = send(&app, post_form("/logg", Some(&cookie), &log(extra))).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {extra}", s.label);
            assert!(r.body.contains(message), "{extra}: {}", r.body);
        }
        // A new course from the pages, starting in year 9999.
        let form = body(&[
            ("csrf", &csrf),
            ("name", "Ny Person"),
            ("fnr", "11058012302"),
            ("method", "SE"),
            ("start", "9999-12-31"),
        ]);
        let r = send(&app, post_form("/deltaker/ny", Some(&cookie), &form)).await;
        assert!(r.body.contains("Datoen må være mellom 01.01.1900 og 31.12.2100."));
        assert_eq!(snapshot(&s).await, before);
        // A number from 1899 registers the person without a birth year outside the range.
        let form = body(&[
            ("csrf", &csrf),
            ("name", "Gammel Person"),
            ("fnr", "01019960028"),
            ("method", "SE"),
            ("start", "2024-11-19"),
        ]);
        let r = send(&app, post_form("/deltaker/ny", Some(&cookie), &form)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let text = snapshot(&s).await;
        let line = text.lines().find(|l| l.contains("Gammel Person")).unwrap();
        assert!(!line.contains("birth_year"), "{line}");
        // A text area's \r\n is stored as \n, and exported so.
        let r = send(&app, post_form("/logg", Some(&cookie), &log("&date=2024-11-20&note=en%0D%0Ato"))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert!(snapshot(&s).await.contains("\"note\":\"en\\nto\""));
        s.remove().await;
    }
}

/// A page, its text field under test, and the other fields it needs.
type Post = (&'static str, &'static str, Vec<(&'static str, &'static str)>);

/// The profile pages and the course end take a text area's line breaks (`\r\n`) as `\n` and
/// refuse other control characters, as every way in does: `\r` stored from a text area made
/// an export that import refuses ("must not contain control characters"), so the backup of
/// a profile typed on two lines could not be restored.
#[tokio::test]
async fn the_profile_and_course_end_pages_store_text_that_exports_and_imports_again() {
    for s in jobbvei_store::testing::both("pagetext").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let before = snapshot(&s).await;
        // Each page with the fields it needs besides the text under test.
        let posts: [Post; 5] = [
            ("/deltaker/p1/profil", "tasks", vec![("industries", "Servering")]),
            ("/deltaker/p1/apenhet", "may_tell", vec![("employer_contact_consent", "on")]),
            ("/deltaker/p1/bistand", "given_by", vec![("need", "bolig"), ("from_date", "2024-11-01")]),
            ("/deltaker/p1/plan", "text", vec![("kind", "mal"), ("owner", "deltaker"), ("status", "planlagt")]),
            (
                "/deltaker/p1/avslutt",
                "agreed",
                vec![("end", "2024-11-15"), ("end_cause", "annet"), ("veileder_told", "on")],
            ),
        ];
        let course_end = [("end_cause_detail", "Flyttet"), ("follow_up_by", "Fastlegen")];
        let post = |path: &str, field: &str, fields: &[(&str, &str)], text: &str| {
            let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str()), (field, text)];
            all.extend_from_slice(fields);
            if path.ends_with("avslutt") && !fields.iter().any(|(k, _)| *k == "end_cause_detail") {
                all.extend_from_slice(&course_end);
            }
            post_form(path, Some(&js), &body(&all))
        };
        for (path, field, fields) in &posts {
            for bad in ["a\u{0}b", "rød \u{1b}[31m", "a\rb"] {
                let r = send(&app, post(path, field, fields, bad)).await;
                assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {path} {bad:?}: {}", s.label, r.body);
                assert!(r.body.contains("Feltet kan bare inneholde vanlig tekst."), "{path}: {}", r.body);
            }
        }
        let (path, field, fields) = &posts[4];
        let mut detail = fields.clone();
        detail.extend([("end_cause_detail", "x\u{7}"), course_end[1]]);
        let r = send(&app, post(path, field, &detail, "ok")).await;
        assert!(r.body.contains("Feltet kan bare inneholde vanlig tekst."), "{}", r.body);
        assert_eq!(snapshot(&s).await, before, "{}: nothing stored", s.label);
        for (path, field, fields) in &posts {
            let r = send(&app, post(path, field, fields, "Linje én\r\n\tlinje to 🙂")).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {path}: {}", s.label, r.body);
        }
        let first = snapshot(&s).await;
        for (kind, field) in [
            ("vocational_profile", "tasks"),
            ("disclosure_plan", "may_tell"),
            ("support_need", "given_by"),
            ("plan_item", "text"),
            ("handover_plan", "agreed"),
        ] {
            let line = first.lines().find(|l| l.starts_with(&format!("{{\"type\":\"{kind}\""))).unwrap();
            assert!(line.contains(&format!(r#""{field}":"Linje én\n\tlinje to 🙂""#)), "{}: {line}", s.label);
        }
        let empty = s.sibling("pagetext2").await;
        jobbvei_exchange::import_reader(&empty.db, std::io::Cursor::new(first.clone().into_bytes()), |_| {})
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", s.label));
        assert_eq!(snapshot(&empty).await, first, "{}", s.label);
        empty.remove().await;
        s.remove().await;
    }
}

#[tokio::test]
async fn a_body_too_large_is_413_as_problem_json() {
    let s = jobbvei_store::testing::sqlite("apibig").await;
    seed(&s).await;
    let app = app(&s, TestClock::at(NOW));
    let js = token_for(&s, "u-jobbspesialist").await;
    let big = format!(r#"{{"orgnr":"923456783","name":"{}"}}"#, "x".repeat(1024 * 1024));
    for (method, path) in [("POST", "/api/v1/employers"), ("PUT", "/api/v1/employers/e1")] {
        let r = send(&app, bearer(method, path, &js, Some(&big))).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{method} {path}");
        assert_eq!(r.headers["content-type"], "application/problem+json");
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(v["status"], 413);
    }
    s.remove().await;
}

#[tokio::test]
async fn reading_activities_is_audited() {
    for s in jobbvei_store::testing::both("activityreads").await {
        seed(&s).await;
        let app = app(&s, TestClock::at(NOW));
        let js = token_for(&s, "u-jobbspesialist").await;
        let reads = |s: &Scratch| {
            let db = s.db.clone();
            async move {
                let all = db.audit_entries(&AuditFilter::default()).await.unwrap();
                all.into_iter()
                    .filter(|e| e.action == "read")
                    .map(|e| (e.record_type.unwrap_or_default(), e.record_id.unwrap_or_default(), e.fields))
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(send(&app, bearer("GET", "/api/v1/activities/a1", &js, None)).await.status, StatusCode::OK);
        assert_eq!(send(&app, bearer("GET", "/api/v1/activities", &js, None)).await.status, StatusCode::OK);
        assert_eq!(
            reads(&s).await,
            [
                ("participant".to_owned(), "p1".to_owned(), vec!["activity".to_owned()]),
                ("activity_list".to_owned(), "u-jobbspesialist".to_owned(), vec!["activities".to_owned()]),
            ],
            "{}",
            s.label
        );
        s.remove().await;
    }
}

#[tokio::test]
async fn an_employer_is_kept_by_its_own_office_and_a_put_keeps_the_holder() {
    for s in jobbvei_store::testing::both("apiemployer").await {
        seed(&s).await;
        let id = |x: &str| ExtId::parse(x).unwrap();
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_offices(&[Office { id: id("4601"), name: "NAV Bergenhus".into() }]).await.unwrap();
        tx.upsert_teams(&[Team { id: id("t9"), office: id("4601"), name: "Bergen".into(), method: Method::Se }])
            .await
            .unwrap();
        for (uid, team) in [("js9", "t9"), ("js2", "t1")] {
            tx.upsert_users(&[User {
                id: id(uid),
                name: uid.into(),
                roles: vec![Role::JobSpecialist],
                team: Some(id(team)),
                fte: Fte::FULL,
                username: Some(uid.into()),
            }])
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, js2, js9) =
            (token_for(&s, "u-jobbspesialist").await, token_for(&s, "js2").await, token_for(&s, "js9").await);
        let e1 = r#"{"orgnr":"912345688","name":"Bakeriet Sagene AS","industry":"Mat"}"#;
        let get_e1 = || bearer("GET", "/api/v1/employers/e1", &js, None);

        // e1 is held by u-jobbspesialist in office 0314: another office may read it, not change it.
        let before = snapshot(&s).await;
        let r = send(&app, bearer("PUT", "/api/v1/employers/e1", &js9, Some(e1))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}: {}", s.label, r.body);
        assert_eq!(send(&app, bearer("GET", "/api/v1/employers/e1", &js9, None)).await.status, StatusCode::OK);
        // The pages keep the same rule.
        let (cookie, csrf) = signed_in(&s, &clock, "js9").await;
        let edit = body(&[("csrf", &csrf), ("orgnr", "912345688"), ("name", "Overtatt AS")]);
        let r = send(&app, post_form("/arbeidsgiver/e1/endre", Some(&cookie), &edit)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        let stage = body(&[("csrf", &csrf), ("stage", "ansatt")]);
        assert_eq!(
            send(&app, post_form("/arbeidsgiver/e1/relasjon", Some(&cookie), &stage)).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(snapshot(&s).await, before);

        // A PUT without `holder` keeps the holder; the office's colleague may correct it.
        let r = send(&app, bearer("PUT", "/api/v1/employers/e1", &js2, Some(e1))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let now = send(&app, get_e1()).await.body;
        assert!(now.contains(r#""holder":"u-jobbspesialist""#) && now.contains("Bakeriet Sagene AS"), "{now}");
        // Taking the relationship someone else holds is refused; the holder releases it with null.
        let claim = e1.replace('}', r#","holder":"js2"}"#);
        let r = send(&app, bearer("PUT", "/api/v1/employers/e1", &js2, Some(&claim))).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        let release = e1.replace('}', r#","holder":null}"#);
        assert_eq!(send(&app, bearer("PUT", "/api/v1/employers/e1", &js, Some(&release))).await.status, StatusCode::OK);
        assert!(!send(&app, get_e1()).await.body.contains("holder"));
        // Free, it is anyone's to claim, another office's too; then it is theirs to keep.
        let r = send(&app, bearer("PUT", "/api/v1/employers/e1", &js9, Some(&e1.replace('}', r#","holder":"js9"}"#))))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(
            send(&app, bearer("PUT", "/api/v1/employers/e1", &js, Some(e1))).await.status,
            StatusCode::FORBIDDEN
        );
        s.remove().await;
    }
}
