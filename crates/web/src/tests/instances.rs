//! Two app instances on one PostgreSQL database, each a real server on loopback with its own
//! connection pool: what one instance knows, the other knows too (sessions, CSRF tokens,
//! failed sign-ins), and a notice is mailed once however many instances run the mailer.
//! PostgreSQL only (SQLite is one instance by design); skipped without `JOBBVEI_TEST_PG`.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::notifications::{config, fake_relay};
use super::*;
use crate::instance::Instance;
use crate::notify::mail::{send_pending, spawn};

/// One server on 127.0.0.1 with its own pool on the database at `s`.
async fn instance(s: &Scratch, clock: Arc<TestClock>) -> (SocketAddr, jobbvei_store::Db, tokio::task::JoinHandle<()>) {
    let db = s.location.open().await.unwrap();
    let state = AppState {
        db: db.clone(),
        clock,
        oidc: None,
        guard: Default::default(),
        extract_key: None,
        suggestions: Default::default(),
        cases: Default::default(),
        timelines: Default::default(),
        days: Default::default(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (addr, db, task)
}

/// An HTTP/1.1 exchange over a fresh connection: (status, raw headers, body).
async fn http(addr: SocketAddr, method: &str, path: &str, cookie: &str, body: &str) -> (u16, String, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nCookie: {cookie}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, head.to_owned(), body.to_owned())
}

fn set_cookie(head: &str, name: &str) -> Option<String> {
    head.lines().filter_map(|l| l.strip_prefix("set-cookie: ")).find_map(|c| {
        let (k, rest) = c.split_once('=')?;
        (k == name).then(|| rest.split(';').next().unwrap_or("").to_owned())
    })
}

fn csrf_in(body: &str) -> String {
    body.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned()
}

/// Signs in at `addr` through the login form: the status and the session cookie, if any.
async fn sign_in(addr: SocketAddr, user: &str, password: &str) -> (u16, Option<String>) {
    let (_, head, body) = http(addr, "GET", "/logg-inn", "", "").await;
    let login = set_cookie(&head, "jobbvei_login").unwrap();
    let form = format!("brukernavn={user}&passord={}&csrf={}", enc(password), csrf_in(&body));
    let (status, head, _) = http(addr, "POST", "/logg-inn", &format!("jobbvei_login={login}"), &form).await;
    (status, set_cookie(&head, "jobbvei_session"))
}

fn pg_configured() -> bool {
    if std::env::var("JOBBVEI_TEST_PG").is_err() {
        eprintln!("note: skipping the two-instance test (JOBBVEI_TEST_PG is not set)");
        return false;
    }
    true
}

#[tokio::test]
async fn two_instances_share_sessions_csrf_the_throttle_and_mail_once() {
    if !pg_configured() {
        return;
    }
    let Some(s) = jobbvei_store::testing::postgres("two_instances").await else { return };
    seed(&s).await;
    let clock = TestClock::at(NOW);
    let (a, db_a, server_a) = instance(&s, clock.clone()).await;
    let (b, db_b, server_b) = instance(&s, clock.clone()).await;

    // A session made on A works on B, and B ends it for A too.
    let (status, session) = sign_in(a, "u-jobbspesialist", PASSWORD).await;
    assert_eq!(status, 303);
    let cookie = format!("jobbvei_session={}", session.unwrap());
    let (status, _, page) = http(b, "GET", "/varsler", &cookie, "").await;
    assert_eq!(status, 200, "B knows A's session");
    assert!(page.contains("Bruker jobbspesialist"), "B shows who is signed in");

    // A CSRF token from a page of A is accepted by B; a made-up one is not.
    let csrf = csrf_in(&http(a, "GET", "/varsler", &cookie, "").await.2);
    let (status, head, _) = http(b, "POST", "/varsler/lest", &cookie, &format!("csrf={csrf}")).await;
    assert_eq!((status, head.contains("location: /varsler")), (303, true), "B accepts A's token");
    let (status, _, _) = http(b, "POST", "/varsler/lest", &cookie, "csrf=laget-opp").await;
    assert_ne!(status, 303, "a token neither issued is refused");

    // The throttle counts across both: five failures (three on A, two on B), then even the
    // right password waits, on either instance.
    for (i, at) in [a, a, a, b, b].into_iter().enumerate() {
        assert_eq!(sign_in(at, "u-admin", "feil passord her").await.0, 401, "failure {i}");
    }
    assert_eq!(sign_in(a, "u-admin", PASSWORD).await.0, 429);
    assert_eq!(sign_in(b, "u-admin", PASSWORD).await.0, 429);
    assert_eq!(sign_in(b, "u-leder", PASSWORD).await.0, 303, "another name from the address is not held");

    // One notice, both instances' mailers running: one mail.
    let mut tx = s.db.begin().await.unwrap();
    tx.set_user_email("u-veileder", Some("veileder@nav.test")).await.unwrap();
    tx.add_notification(&jobbvei_store::NewNotification {
        user_id: "u-veileder".into(),
        kind: "tiltak_sendt".into(),
        record: None,
        link: None,
        text: "Beskjed".into(),
        created_at: clock.now(),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let (port, heard) = fake_relay("220 fake.relay ESMTP").await;
    let mailers = [
        spawn(db_a.clone(), clock.clone(), Some(config(port)), Instance::new()).unwrap(),
        spawn(db_b.clone(), clock.clone(), Some(config(port)), Instance::new()).unwrap(),
    ];
    for _ in 0..100 {
        if s.db.pending_mail().await.unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Time for a second mail, were one coming.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(s.db.pending_mail().await.unwrap().is_empty());
    let rcpt = |h: &Vec<Vec<String>>| h.iter().filter(|c| c.contains(&"RCPT TO:<veileder@nav.test>".into())).count();
    assert_eq!(rcpt(&heard.lock().unwrap()), 1, "mailed once, not once per instance");
    for m in mailers {
        m.abort();
    }

    // Without the lease (two rounds at once, as when a lease ran out mid-round), the claim on
    // each notice still lets only one round mail it.
    let mut tx = s.db.begin().await.unwrap();
    tx.add_notification(&jobbvei_store::NewNotification {
        user_id: "u-veileder".into(),
        kind: "tiltak_sendt".into(),
        record: None,
        link: None,
        text: "Beskjed to".into(),
        created_at: clock.now(),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let (port, heard) = fake_relay("220 fake.relay ESMTP").await;
    let day = clock.today();
    let (cfg_a, cfg_b) = (config(port), config(port));
    let (one, two) = tokio::join!(
        send_pending(&db_a, &cfg_a, clock.now(), day, true),
        send_pending(&db_b, &cfg_b, clock.now(), day, true)
    );
    assert_eq!(one.unwrap().sent + two.unwrap().sent, 1);
    assert_eq!(rcpt(&heard.lock().unwrap()), 1);

    server_a.abort();
    server_b.abort();
    db_a.close().await;
    db_b.close().await;
    s.remove().await;
}
