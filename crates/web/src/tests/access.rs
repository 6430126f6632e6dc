//! The role × route matrix: every GET route in `access::ROUTES`, for no one and for each role.

use super::*;
use crate::access::{Access, ROUTES};

#[tokio::test]
async fn every_role_meets_every_route_as_the_table_says() {
    for s in jobbvei_store::testing::both("matrix").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let mut denied = 0;
        let mut checked = 0;
        for (method, route, access) in ROUTES.iter().filter(|(m, _, _)| *m == "GET") {
            // Routes with an id are asked about p1, job specialist u-jobbspesialist's
            // participant with veileder u-veileder: each allowed role is also entitled to p1.
            let sample = match route {
                r if r.contains("/courses/") => "c1",
                r if r.contains("/jobs/") => "j1",
                r if r.contains("/activities/") || r.starts_with("/aktivitet/") => "a1",
                r if r.contains("/employers/") || r.contains("/arbeidsgiver/") => "e1",
                // Review r1 of team t1, by u-fagrevisor; every other role in the table belongs to t1.
                r if r.starts_with("/vurderinger/team/") => "t1",
                r if r.starts_with("/vurdering/") => "r1",
                _ => "p1",
            };
            let path = &route.replace("{id}", sample);
            let api = path.starts_with("/api/");
            // No one signed in.
            let r = send(&app, get(path, None)).await;
            let expected = match access {
                Access::Public => StatusCode::OK,
                _ if api => StatusCode::UNAUTHORIZED,
                _ => StatusCode::SEE_OTHER,
            };
            assert_eq!(r.status, expected, "{}: anonymous {method} {path}", s.label);
            if expected == StatusCode::SEE_OTHER {
                assert_eq!(r.location(), "/logg-inn");
            }
            if expected == StatusCode::UNAUTHORIZED {
                assert_eq!(r.headers["content-type"], "application/problem+json");
            }
            for role in Role::ALL {
                let (token, _) = session_for(&s, &format!("u-{role}"), clock.now()).await;
                let r = send(&app, get(path, Some(&format!("jobbvei_session={token}")))).await;
                let allowed = match access {
                    Access::Public | Access::SignedIn => true,
                    Access::Roles(roles) => roles.contains(role),
                };
                let expected = if allowed { StatusCode::OK } else { StatusCode::FORBIDDEN };
                assert_eq!(r.status, expected, "{}: {role} {method} {path}", s.label);
                if !allowed {
                    denied += 1;
                    assert!(!r.body.contains("Bruker"), "a denial shows nothing of the page");
                }
                checked += 1;
            }
        }
        assert!(checked >= 100);
        // Every denial is in the audit log.
        let log = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
        let denials = log.iter().filter(|e| e.action == "access" && e.outcome == "denied").count();
        assert_eq!(denials, denied, "{}", s.label);
        s.remove().await;
    }
}

#[tokio::test]
async fn the_api_takes_a_bearer_token() {
    let s = jobbvei_store::testing::sqlite("bearer").await;
    seed(&s).await;
    let token = new_token().unwrap();
    let mut tx = s.db.begin().await.unwrap();
    tx.create_api_token(&token_hash(&token), "u-veileder", Utc::now()).await.unwrap();
    tx.commit().await.unwrap();
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
