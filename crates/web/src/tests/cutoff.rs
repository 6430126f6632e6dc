//! Cutting access off (issue 16, findings 6, 9 and 10): disabled users, token expiry and
//! revocation, sessions ended by a password change and by their maximum age, the page of
//! one's own keys, the sign-in throttle, and cookies over https.

use axum::extract::ConnectInfo;

use super::*;
use crate::auth::guard::Guard;

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap()
}

fn app_with(s: &Scratch, clock: Arc<TestClock>, guard: Guard) -> Router {
    router(AppState {
        db: s.db.clone(),
        clock,
        oidc: None,
        guard: Arc::new(guard),
        extract_key: None,
        suggestions: Default::default(),
        cases: Default::default(),
        timelines: Default::default(),
        days: Default::default(),
    })
}

fn me(token: &str) -> Request<Body> {
    Request::get("/api/v1/meg").header("authorization", format!("Bearer {token}")).body(Body::empty()).unwrap()
}

#[tokio::test]
async fn a_disabled_users_sessions_and_tokens_stop_at_once() {
    for s in jobbvei_store::testing::both("disable").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (cookie, _) = signed_in(&s, &clock, "u-admin").await;
        let (token, _) = api_token(&s, "u-admin", clock.now(), 90).await;
        assert_eq!(send(&app, get("/admin/brukere", Some(&cookie))).await.status, StatusCode::OK);
        assert_eq!(send(&app, me(&token)).await.status, StatusCode::OK);

        let mut tx = s.db.begin().await.unwrap();
        assert!(tx.set_user_disabled("u-admin", Some(clock.now())).await.unwrap());
        tx.commit().await.unwrap();
        let r = send(&app, get("/admin/brukere", Some(&cookie))).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/logg-inn?neste=/admin/brukere"), "{}", s.label);
        assert_eq!(send(&app, me(&token)).await.status, StatusCode::UNAUTHORIZED, "{}", s.label);
        // Another user is untouched.
        let (other, _) = api_token(&s, "u-analytiker", clock.now(), 90).await;
        assert_eq!(send(&app, me(&other)).await.status, StatusCode::OK);

        // Enabled again, the token works again; the ended session does not come back.
        let mut tx = s.db.begin().await.unwrap();
        assert!(tx.set_user_disabled("u-admin", None).await.unwrap());
        assert!(!tx.set_user_disabled("nobody", None).await.unwrap());
        tx.commit().await.unwrap();
        assert_eq!(send(&app, me(&token)).await.status, StatusCode::OK, "{}", s.label);
        assert_eq!(send(&app, get("/admin/brukere", Some(&cookie))).await.status, StatusCode::SEE_OTHER);
        s.remove().await;
    }
}

#[tokio::test]
async fn expired_and_revoked_tokens_are_refused() {
    for s in jobbvei_store::testing::both("token_end").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (short, short_id) = api_token(&s, "u-veileder", clock.now(), 1).await;
        let (long, long_id) = api_token(&s, "u-veileder", clock.now(), 90).await;
        let (revoked, revoked_id) = api_token(&s, "u-veileder", clock.now(), 90).await;
        for t in [&short, &long, &revoked] {
            assert_eq!(send(&app, me(t)).await.status, StatusCode::OK, "{}", s.label);
        }
        let mut tx = s.db.begin().await.unwrap();
        assert!(tx.revoke_api_token(&revoked_id, None, clock.now()).await.unwrap());
        // Revoking through someone else's name finds nothing.
        assert!(!tx.revoke_api_token(&long_id, Some("u-admin"), clock.now()).await.unwrap());
        tx.commit().await.unwrap();
        assert_eq!(send(&app, me(&revoked)).await.status, StatusCode::UNAUTHORIZED, "{}", s.label);
        // One day is 1,440 minutes: at 1,439 the short token works, at 1,440 it has expired.
        clock.advance_minutes(1_439);
        assert_eq!(send(&app, me(&short)).await.status, StatusCode::OK, "{}", s.label);
        clock.advance_minutes(1);
        assert_eq!(send(&app, me(&short)).await.status, StatusCode::UNAUTHORIZED, "{}", s.label);
        assert_eq!(send(&app, me(&long)).await.status, StatusCode::OK);

        let listed = s.db.api_tokens(Some("u-veileder")).await.unwrap();
        let states: Vec<(&str, &str)> = listed.iter().map(|t| (t.id.as_str(), t.state(clock.now()).code())).collect();
        let mut expected =
            vec![(short_id.as_str(), "expired"), (long_id.as_str(), "active"), (revoked_id.as_str(), "revoked")];
        expected.sort_by_key(|(id, _)| *id);
        assert_eq!(states, expected, "{}: same created_at, so ordered by id", s.label);
        assert!(listed.iter().all(|t| t.last_used_at.is_some()));
        assert!(s.db.api_tokens(Some("u-admin")).await.unwrap().is_empty());
        s.remove().await;
    }
}

#[tokio::test]
async fn a_password_change_ends_the_users_sessions() {
    for s in jobbvei_store::testing::both("password_end").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (mine, _) = signed_in(&s, &clock, "u-admin").await;
        let (other, _) = signed_in(&s, &clock, "u-analytiker").await;
        let mut tx = s.db.begin().await.unwrap();
        tx.set_password("u-admin", &hash_password("et helt nytt passord").unwrap()).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(send(&app, get("/admin/brukere", Some(&mine))).await.status, StatusCode::SEE_OTHER, "{}", s.label);
        assert_eq!(send(&app, get("/tall", Some(&other))).await.status, StatusCode::OK, "{}", s.label);
        s.remove().await;
    }
}

#[tokio::test]
async fn sessions_end_twelve_hours_after_sign_in_however_busy() {
    for s in jobbvei_store::testing::both("max_age").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (cookie, _) = signed_in(&s, &clock, "u-admin").await;
        // Used every 20 minutes: never idle. 35 steps of 20 minutes make 11 h 40 min.
        for _ in 0..35 {
            clock.advance_minutes(20);
            assert_eq!(send(&app, get("/admin/brukere", Some(&cookie))).await.status, StatusCode::OK, "{}", s.label);
        }
        clock.advance_minutes(19);
        assert_eq!(send(&app, get("/admin/brukere", Some(&cookie))).await.status, StatusCode::OK, "11 h 59 min");
        clock.advance_minutes(1);
        let r = send(&app, get("/admin/brukere", Some(&cookie))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: 12 hours after sign-in", s.label);
        s.remove().await;
    }
}

#[tokio::test]
async fn users_see_and_revoke_their_own_keys() {
    for s in jobbvei_store::testing::both("my_keys").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (mine, mine_id) = api_token(&s, "u-jobbspesialist", at(NOW - 86_400), 90).await;
        let (_, old_id) = api_token(&s, "u-jobbspesialist", at(NOW - 100 * 86_400), 90).await;
        let (theirs, theirs_id) = api_token(&s, "u-veileder", clock.now(), 90).await;
        let (cookie, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let page = send(&app, get("/meg/nokler", Some(&cookie))).await;
        assert_eq!(page.status, StatusCode::OK, "{}", s.label);
        assert!(page.body.contains("Mine API-nøkler") && page.body.contains("href=\"/meg/nokler\""));
        assert!(
            page.body.contains(&format!("id=\"nokkel-{mine_id}\"")) && page.body.contains(&format!("nøkkel {mine_id}"))
        );
        // The old one (made 100 days ago for 90) shows as expired, with no button.
        let old_row =
            page.body.split(&format!("id=\"nokkel-{old_id}\"")).nth(1).unwrap().split("</tr>").next().unwrap();
        assert!(old_row.contains("Utløpt") && !old_row.contains("<form"), "{old_row}");
        assert!(!page.body.contains(&theirs_id), "another user's key is not listed");
        assert!(!page.body.contains(&mine), "the secret is never shown");

        let revoke = |id: &str, csrf: &str| {
            post_form(&format!("/meg/nokler/{id}/trekk-tilbake"), Some(&cookie), &format!("csrf={csrf}"))
        };
        // Without the form's token nothing happens.
        let r = send(&app, revoke(&mine_id, "feil")).await;
        assert_ne!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(send(&app, me(&mine)).await.status, StatusCode::OK);
        // Someone else's key is answered as if it did not exist, and keeps working.
        let r = send(&app, revoke(&theirs_id, &csrf)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", s.label);
        assert_eq!(send(&app, me(&theirs)).await.status, StatusCode::OK);
        let r = send(&app, revoke(&mine_id, &csrf)).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/meg/nokler"), "{}", s.label);
        assert_eq!(send(&app, me(&mine)).await.status, StatusCode::UNAUTHORIZED, "{}", s.label);
        let page = send(&app, get("/meg/nokler", Some(&cookie))).await;
        let row = page.body.split(&format!("id=\"nokkel-{mine_id}\"")).nth(1).unwrap().split("</tr>").next().unwrap();
        assert!(row.contains("Trukket tilbake"), "{row}");
        let log = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
        let revokes: Vec<_> = log.iter().filter(|e| e.action == "token_revoke").map(|e| e.record_id.clone()).collect();
        assert_eq!(revokes, [Some(mine_id.clone())], "{}", s.label);
        s.remove().await;
    }
}

/// GETs the login form and posts to it from `ip` (with `forwarded` as X-Forwarded-For, if given).
async fn attempt_from(app: &Router, ip: &str, forwarded: Option<&str>, user: &str, password: &str) -> Reply {
    let r = send(app, get("/logg-inn", None)).await;
    let cookie = r.cookie("jobbvei_login").unwrap();
    let csrf = r.body.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let body = format!("brukernavn={user}&passord={}&csrf={csrf}", password.replace(' ', "+"));
    let mut req = post_form("/logg-inn", Some(&format!("jobbvei_login={cookie}")), &body);
    let addr: std::net::SocketAddr = format!("{ip}:40000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(addr));
    if let Some(f) = forwarded {
        req.headers_mut().insert("x-forwarded-for", f.parse().unwrap());
    }
    send(app, req).await
}

fn error_text(r: &Reply) -> String {
    r.body.split("role=\"alert\"").nth(1).unwrap_or(&r.body).split('<').next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn unknown_wrong_and_disabled_get_the_same_answer() {
    for s in jobbvei_store::testing::both("same_answer").await {
        seed(&s).await;
        let mut tx = s.db.begin().await.unwrap();
        tx.set_user_disabled("u-leder", Some(at(NOW))).await.unwrap();
        tx.commit().await.unwrap();
        let app = app(&s, TestClock::at(NOW));
        let unknown = attempt_from(&app, "10.0.0.1", None, "ingen", PASSWORD).await;
        let wrong = attempt_from(&app, "10.0.0.2", None, "u-admin", "feil passord her").await;
        let disabled = attempt_from(&app, "10.0.0.3", None, "u-leder", PASSWORD).await;
        for r in [&unknown, &wrong, &disabled] {
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", s.label);
            assert!(r.body.contains("Feil brukernavn eller passord."));
            assert_eq!(error_text(r), error_text(&unknown));
            assert!(r.cookie("jobbvei_session").is_none());
        }
        let log = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
        let outcomes: Vec<&str> = log.iter().map(|e| e.outcome.as_str()).collect();
        assert_eq!(outcomes, ["failed", "failed", "disabled"], "{}: the log tells them apart", s.label);
        s.remove().await;
    }
}

#[tokio::test]
async fn failures_from_one_address_do_not_lock_the_user_out_elsewhere() {
    let s = jobbvei_store::testing::sqlite("pair_lock").await;
    seed(&s).await;
    let clock = TestClock::at(NOW);
    let app = app(&s, clock.clone());
    for _ in 0..5 {
        let r = attempt_from(&app, "192.0.2.66", None, "u-admin", "feil passord her").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // From the attacker's address: held back, even with the right password, and told when to retry.
    let held = attempt_from(&app, "192.0.2.66", None, "u-admin", PASSWORD).await;
    assert_eq!(held.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(held.headers["retry-after"], "900", "15 minutes after the first failure");
    // An unknown name from there is held back the same way after five failures: no tell.
    for _ in 0..5 {
        attempt_from(&app, "192.0.2.66", None, "ingen-slik", "feil passord her").await;
    }
    let ghost = attempt_from(&app, "192.0.2.66", None, "ingen-slik", "feil passord her").await;
    assert_eq!((ghost.status, error_text(&ghost)), (held.status, error_text(&held)));
    // The owner, from their own address, signs in.
    let r = attempt_from(&app, "198.51.100.7", None, "u-admin", PASSWORD).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"));
    clock.advance_minutes(15);
    let r = attempt_from(&app, "192.0.2.66", None, "u-admin", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "the wait is over after 15 minutes");
    s.remove().await;
}

#[tokio::test]
async fn an_address_waits_after_twenty_failures() {
    let s = jobbvei_store::testing::sqlite("addr_throttle").await;
    seed(&s).await;
    let clock = TestClock::at(NOW);
    let app = app(&s, clock.clone());
    for i in 0..20 {
        let r = attempt_from(&app, "192.0.2.9", None, &format!("navn{i}"), "feil passord her").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    clock.advance_minutes(5);
    let r = attempt_from(&app, "192.0.2.9", None, "u-admin", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers["retry-after"], "600", "the first failure leaves the window in 10 more minutes");
    assert_eq!(attempt_from(&app, "192.0.2.10", None, "u-admin", PASSWORD).await.status, StatusCode::SEE_OTHER);
    let log = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
    assert!(log.iter().any(|e| e.outcome == "throttled" && e.ip.as_deref() == Some("192.0.2.9")));
    s.remove().await;
}

#[tokio::test]
async fn x_forwarded_for_counts_only_behind_a_trusted_proxy() {
    let s = jobbvei_store::testing::sqlite("xff").await;
    seed(&s).await;
    // Without --trust-proxy, a forged header changes nothing: five failures from one connection.
    let plain = app(&s, TestClock::at(NOW));
    for i in 0..5 {
        attempt_from(&plain, "192.0.2.1", Some(&format!("203.0.113.{i}")), "u-admin", "feil passord her").await;
    }
    let r = attempt_from(&plain, "192.0.2.1", Some("203.0.113.99"), "u-admin", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    // Behind a trusted proxy, the address the proxy added (the last one) is the client's.
    let proxied = app_with(&s, TestClock::at(NOW), Guard::new(None, true));
    for _ in 0..5 {
        attempt_from(&proxied, "10.0.0.1", Some("1.2.3.4, 203.0.113.5"), "u-admin", "feil passord her").await;
    }
    let r = attempt_from(&proxied, "10.0.0.1", Some("203.0.113.5"), "u-admin", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let r = attempt_from(&proxied, "10.0.0.1", Some("203.0.113.5, 203.0.113.6"), "u-admin", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "another client behind the same proxy");
    let log = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
    assert_eq!(log.last().unwrap().ip.as_deref(), Some("203.0.113.6"));
    s.remove().await;
}

#[tokio::test]
async fn over_https_cookies_are_secure_host_cookies_with_hsts() {
    let s = jobbvei_store::testing::sqlite("https").await;
    seed(&s).await;
    let clock = TestClock::at(NOW);
    let app = app_with(&s, clock.clone(), Guard::new(Some("https://jobbvei.intern.nav.no"), false));
    let form = send(&app, get("/logg-inn", None)).await;
    assert_eq!(form.headers["strict-transport-security"], "max-age=31536000");
    let set = form.headers["set-cookie"].to_str().unwrap();
    assert!(set.starts_with("__Host-jobbvei_login=") && set.contains("; Secure") && set.contains("Path=/"), "{set}");
    let login = form.cookie("__Host-jobbvei_login").unwrap();
    let csrf = form.body.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let body = format!("brukernavn=u-admin&passord={}&csrf={csrf}", PASSWORD.replace(' ', "+"));
    // The plain name no longer carries the form's token.
    let r = send(&app, post_form("/logg-inn", Some(&format!("jobbvei_login={login}")), &body)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = send(&app, post_form("/logg-inn", Some(&format!("__Host-jobbvei_login={login}")), &body)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let set: Vec<String> = r.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    assert!(set.iter().any(|c| c.starts_with("__Host-jobbvei_session=") && c.contains("; Secure")), "{set:?}");
    let session = r.cookie("__Host-jobbvei_session").unwrap();
    let page = send(&app, get("/admin/brukere", Some(&format!("__Host-jobbvei_session={session}")))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.headers["strict-transport-security"], "max-age=31536000");
    let page = send(&app, get("/admin/brukere", Some(&format!("jobbvei_session={session}")))).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "only the __Host- name counts over https");

    // On plain http: today's names, no Secure, no HSTS.
    let plain = super::app(&s, clock);
    let form = send(&plain, get("/logg-inn", None)).await;
    assert!(form.headers.get("strict-transport-security").is_none());
    let set = form.headers["set-cookie"].to_str().unwrap();
    assert!(set.starts_with("jobbvei_login=") && !set.contains("Secure"), "{set}");
    s.remove().await;
}
