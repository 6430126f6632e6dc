//! The role × route matrix: every route and method in `access::ROUTES`, for no one and for
//! each role; and the router and the table list the same routes.

use super::*;
use crate::access::{Access, ROUTES};

#[tokio::test]
async fn every_role_meets_every_route_as_the_table_says() {
    for s in jobbvei_store::testing::both("matrix").await {
        seed(&s).await;
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_educations(&[jobbvei_domain::Education {
            id: ExtId::parse("u1").unwrap(),
            course: ExtId::parse("c1").unwrap(),
            level: "Fagbrev".into(),
            start: "2024-08-15".parse().unwrap(),
            status: None,
            programme: None,
            institution: None,
            end: None,
        }])
        .await
        .unwrap();
        // Referral h1: sent by u-veileder to team t1, waiting for the team lead's answer.
        tx.upsert_referrals(&[jobbvei_domain::Referral {
            id: ExtId::parse("h1").unwrap(),
            participant: ExtId::parse("p1").unwrap(),
            veileder: ExtId::parse("u-veileder").unwrap(),
            team: ExtId::parse("t1").unwrap(),
            sent: "2024-11-01".parse().unwrap(),
            decision: None,
            decided: None,
            reason: None,
        }])
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let mut denied = 0;
        let mut checked = 0;
        for (method, route, access) in ROUTES {
            // Routes with an id are asked about p1, job specialist u-jobbspesialist's
            // participant with veileder u-veileder: each allowed role is also entitled to p1.
            let sample = match route {
                r if r.contains("/courses/") || r.starts_with("/forlop/") => "c1",
                r if r.contains("/jobs/") || r.starts_with("/jobb/") => "j1",
                r if r.contains("/activities/") || r.starts_with("/aktivitet/") => "a1",
                r if r.contains("/employers/") || r.contains("/arbeidsgiver/") => "e1",
                // Review r1 of team t1, by u-fagrevisor; every other role in the table belongs to t1.
                r if r.starts_with("/vurderinger/team/") => "t1",
                r if r.starts_with("/vurdering/") => "r1",
                r if r.starts_with("/utdanning/") => "u1",
                r if r.starts_with("/henvisning/") => "h1",
                _ => "p1",
            };
            let path = &route.replace("{id}", sample);
            let api = path.starts_with("/api/");
            let ask = |cookie: Option<&str>, csrf: &str| {
                let mut r = Request::builder().method(*method).uri(path.as_str());
                if let Some(c) = cookie {
                    r = r.header("cookie", c);
                }
                if api {
                    r.header("content-type", "application/json").body(Body::from("{}")).unwrap()
                } else {
                    let body = format!("csrf={csrf}");
                    r.header("content-type", "application/x-www-form-urlencoded").body(Body::from(body)).unwrap()
                }
            };
            let write = *method != "GET";
            // No one signed in.
            let r = send(&app, ask(None, "")).await;
            if *access == Access::Public {
                assert!(
                    r.status != StatusCode::NOT_FOUND && r.status != StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path}"
                );
                continue;
            }
            let expected = match access {
                _ if api || write => StatusCode::UNAUTHORIZED,
                _ => StatusCode::SEE_OTHER,
            };
            assert_eq!(r.status, expected, "{}: anonymous {method} {path}", s.label);
            if expected == StatusCode::SEE_OTHER {
                assert_eq!(r.location(), format!("/logg-inn?neste={path}"));
            }
            if expected == StatusCode::UNAUTHORIZED && api {
                assert_eq!(r.headers["content-type"], "application/problem+json");
            }
            for role in Role::ALL {
                let (token, csrf) = session_for(&s, &format!("u-{role}"), clock.now()).await;
                let before = route_denials(&s).await;
                let r = send(&app, ask(Some(&format!("jobbvei_session={token}")), &csrf)).await;
                let allowed = match access {
                    Access::Public | Access::SignedIn => true,
                    Access::Roles(roles) => roles.contains(role),
                };
                let gate_said_no = route_denials(&s).await > before;
                assert_eq!(gate_said_no, !allowed, "{}: {role} {method} {path}: {}", s.label, r.status);
                if !allowed {
                    denied += 1;
                    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}: {role} {method} {path}", s.label);
                    assert!(
                        r.body.contains("<h1>Ingen tilgang</h1>") || r.body.contains("\"status\":403"),
                        "a denial shows nothing of the page"
                    );
                } else if !write {
                    assert_eq!(r.status, StatusCode::OK, "{}: {role} {method} {path}", s.label);
                } else {
                    // A write with an empty form reaches its handler, which refuses or does it.
                    let unrouted = r.status == StatusCode::NOT_FOUND && r.body.contains("Sjekk adressen");
                    assert!(!unrouted, "{}: {role} {method} {path}", s.label);
                    assert_ne!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{}: {role} {method} {path}", s.label);
                }
                checked += 1;
            }
        }
        assert!(checked >= 500, "{checked}");
        // Every denial is in the audit log.
        let denials = route_denials(&s).await;
        assert_eq!(denials, denied, "{}", s.label);
        s.remove().await;
    }
}

#[tokio::test]
async fn the_api_takes_a_bearer_token() {
    let s = jobbvei_store::testing::sqlite("bearer").await;
    seed(&s).await;
    let (token, _) = api_token(&s, "u-veileder", DateTime::from_timestamp(NOW, 0).unwrap(), 90).await;
    let app = app(&s, TestClock::at(NOW));
    let req =
        Request::get("/api/v1/meg").header("authorization", format!("Bearer {token}")).body(Body::empty()).unwrap();
    let r = send(&app, req).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(r#""roles":["veileder"]"#), "{}", r.body);
    let req = Request::get("/api/v1/meg").header("authorization", "Bearer wrong").body(Body::empty()).unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::UNAUTHORIZED);
    // An API token does not open the admin pages of a non-admin.
    let req =
        Request::get("/admin/brukere").header("authorization", format!("Bearer {token}")).body(Body::empty()).unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::FORBIDDEN);
    s.remove().await;
}

async fn route_denials(s: &Scratch) -> usize {
    let log = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
    log.iter()
        .filter(|e| e.action == "access" && e.outcome == "denied" && e.record_type.as_deref() == Some("route"))
        .count()
}

/// The gate refuses a route that the router has and the table does not, to everyone.
#[tokio::test]
async fn a_route_missing_from_the_table_is_refused() {
    let s = jobbvei_store::testing::sqlite("unlisted").await;
    seed(&s).await;
    let clock = TestClock::at(NOW);
    let state = crate::AppState {
        db: s.db.clone(),
        clock: clock.clone(),
        oidc: None,
        guard: Default::default(),
        extract_key: None,
        suggestions: Default::default(),
        cases: Default::default(),
        timelines: Default::default(),
        days: Default::default(),
    };
    let routes = crate::routes().route("/hemmelig", axum::routing::get(|| async { "hemmelig" }));
    let app = crate::guarded(routes, state);
    for role in Role::ALL {
        let (token, _) = session_for(&s, &format!("u-{role}"), clock.now()).await;
        let r = send(&app, get("/hemmelig", Some(&format!("jobbvei_session={token}")))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{role}");
        assert!(!r.body.contains("hemmelig"));
    }
    s.remove().await;
}

/// The router (read from `lib.rs`) and `access::ROUTES` list the same methods and paths.
#[test]
fn the_router_and_the_table_list_the_same_routes() {
    let source = include_str!("../lib.rs");
    let mut routed = std::collections::BTreeSet::new();
    for chunk in source.split(".route(\"").skip(1) {
        let (path, rest) = chunk.split_once('"').unwrap();
        let handlers = rest.split("\n").next().unwrap();
        for (call, method) in [("get(", "GET"), ("post(", "POST"), ("put(", "PUT"), ("delete(", "DELETE")] {
            if handlers.contains(&format!(" {call}")) || handlers.contains(&format!(".{call}")) {
                routed.insert((method.to_owned(), path.to_owned()));
            }
        }
    }
    let listed: std::collections::BTreeSet<_> =
        ROUTES.iter().map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned())).collect();
    assert_eq!(routed, listed);
    assert!(routed.len() > 60);
}
