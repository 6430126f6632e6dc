//! Signing in and out: CSRF, wrong passwords, the lock, idle expiry and the audit trail.

use super::*;

/// GETs the login form: (its cookie, its CSRF token).
async fn form(app: &Router) -> (String, String) {
    let r = send(app, get("/logg-inn", None)).await;
    assert_eq!(r.status, StatusCode::OK);
    let cookie = r.cookie("jobbvei_login").unwrap();
    let csrf = r.body.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    (cookie, csrf)
}

async fn attempt(app: &Router, user: &str, password: &str) -> Reply {
    let (cookie, csrf) = form(app).await;
    let body = format!("brukernavn={user}&passord={}&csrf={csrf}", password.replace(' ', "+"));
    send(app, post_form("/logg-inn", Some(&format!("jobbvei_login={cookie}")), &body)).await
}

#[tokio::test]
async fn sign_in_use_and_sign_out() {
    for s in jobbvei_store::testing::both("login").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let r = attempt(&app, "u-admin", PASSWORD).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"), "{}", s.label);
        let session = r.cookie("jobbvei_session").unwrap();
        assert_eq!(session.len(), 64);
        let set = r.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect::<Vec<_>>();
        assert!(
            set.iter()
                .any(|c| c.starts_with("jobbvei_session=") && c.contains("HttpOnly") && c.contains("SameSite=Strict"))
        );
        let cookie = format!("jobbvei_session={session}");
        // Signed in, the start page sends each role to the page it works from.
        let start = send(&app, get("/", Some(&cookie))).await;
        assert_eq!((start.status, start.location()), (StatusCode::SEE_OTHER, "/admin/brukere"), "{}", s.label);
        let page = send(&app, get("/admin/brukere", Some(&cookie))).await;
        assert!(page.body.contains("Bruker admin</span> <span class=\"aksel-detail jv-roles\">(admin)"));
        let csrf = page.body.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();

        // Logging out needs the session's CSRF token.
        let r = send(&app, post_form("/logg-ut", Some(&cookie), "csrf=wrong")).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = send(&app, post_form("/logg-ut", Some(&cookie), &format!("csrf={csrf}"))).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/logg-inn"));
        let r = send(&app, get("/admin/brukere", Some(&cookie))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "the session is gone");

        let log = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
        let trail: Vec<(&str, &str)> = log.iter().map(|e| (e.action.as_str(), e.outcome.as_str())).collect();
        assert_eq!(trail, [("login", "ok"), ("logout", "ok")], "{}", s.label);
        s.remove().await;
    }
}

#[tokio::test]
async fn wrong_passwords_lock_and_the_form_needs_its_token() {
    let s = jobbvei_store::testing::sqlite("lock").await;
    seed(&s).await;
    let clock = TestClock::at(NOW);
    let app = app(&s, clock.clone());
    // Unknown user and wrong password read the same, and keep what was typed.
    let unknown = attempt(&app, "ingen", "hva som helst").await;
    let wrong = attempt(&app, "u-veileder", "feil passord").await;
    for r in [&unknown, &wrong] {
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("Feil brukernavn eller passord."));
    }
    assert!(wrong.body.contains("value=\"u-veileder\""));
    // A script tag typed as username comes back escaped.
    let r = attempt(&app, "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "x").await;
    assert!(!r.body.contains("<script>") && r.body.contains("&#60;script&#62;") || r.body.contains("&lt;script&gt;"));
    // Four more wrong passwords make five: held back from this address, even with the right one.
    for _ in 0..4 {
        attempt(&app, "u-veileder", "feil passord").await;
    }
    let r = attempt(&app, "u-veileder", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("For mange mislykkede forsøk"));
    clock.advance_minutes(16);
    let r = attempt(&app, "u-veileder", PASSWORD).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "the wait lasts 15 minutes");
    // Without the form's cookie the post is refused.
    let r = send(&app, post_form("/logg-inn", None, &format!("brukernavn=u-admin&passord={PASSWORD}&csrf=x"))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Skjemaet var utløpt"));
    let log = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
    let failed = log.iter().filter(|e| e.action == "login" && e.outcome == "failed").count();
    assert_eq!(failed, 7, "unknown, wrong, script, four more");
    assert!(log.iter().any(|e| e.outcome == "throttled"));
    s.remove().await;
}

#[tokio::test]
async fn sessions_end_after_thirty_idle_minutes() {
    let s = jobbvei_store::testing::sqlite("idle").await;
    seed(&s).await;
    let clock = TestClock::at(NOW);
    let app = app(&s, clock.clone());
    let (token, _) = session_for(&s, "u-admin", clock.now()).await;
    let cookie = format!("jobbvei_session={token}");
    clock.advance_minutes(29);
    assert_eq!(send(&app, get("/admin/brukere", Some(&cookie))).await.status, StatusCode::OK);
    // Use keeps it alive: 29 more minutes after the last use is still fine.
    clock.advance_minutes(29);
    assert_eq!(send(&app, get("/admin/brukere", Some(&cookie))).await.status, StatusCode::OK);
    clock.advance_minutes(31);
    assert_eq!(send(&app, get("/admin/brukere", Some(&cookie))).await.status, StatusCode::SEE_OTHER);
    s.remove().await;
}
