//! The web server against real databases on both engines, through the router.

mod access;
mod ads;
mod agreement;
mod api;
mod api_values;
mod api_write;
mod course_end;
mod cutoff;
mod dashboard;
mod drilldown;
mod effect;
mod employer_keep;
mod form_reads;
mod forms;
mod innsyn;
mod instances;
mod jobs;
mod keep;
mod keep_records;
mod kept_cases;
mod login;
mod measures;
mod meetings;
mod names;
mod notifications;
mod oidc;
mod overview;
mod paging;
mod pipeline;
mod profile;
mod referrals;
mod relations;
mod results;
mod reviews;
mod workplace;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use jobbvei_domain::time::Clock;
use jobbvei_domain::{ExtId, Fte, Method, Office, Role, Team, User};
use jobbvei_store::testing::Scratch;
use tower::ServiceExt;

use super::*;
use crate::auth::secret::{hash_password, new_token, token_hash};

/// A clock the test moves by hand.
pub(crate) struct TestClock(AtomicI64);

impl TestClock {
    pub fn at(seconds: i64) -> Arc<TestClock> {
        Arc::new(TestClock(AtomicI64::new(seconds)))
    }

    pub fn advance_minutes(&self, m: i64) {
        self.0.fetch_add(m * 60, Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp(self.0.load(Ordering::SeqCst), 0).unwrap_or_default()
    }
}

pub(crate) const NOW: i64 = 1_732_000_000; // 2024-11-19T07:06:40Z

pub(crate) fn app(s: &Scratch, clock: Arc<TestClock>) -> Router {
    router(AppState {
        db: s.db.clone(),
        clock,
        oidc: None,
        guard: Default::default(),
        extract_key: None,
        suggestions: Default::default(),
        cases: Default::default(),
        timelines: Default::default(),
        days: Default::default(),
    })
}

/// Office, team and one user per role, usernames `u-<role>`, all with the password `PASSWORD`.
pub(crate) const PASSWORD: &str = "et langt og godt passord";

/// The day facts agree with the activities (`jobbvei facts check` finds nothing): every
/// write path keeps them in the same transaction (docs/facts.md).
pub(crate) async fn facts_agree(s: &Scratch) {
    let check = s.db.check_facts().await.unwrap();
    assert!(check.is_clean(), "{}: {:?}", s.label, check.differences);
    assert!(check.days_checked > 0, "{}: the test wrote activities", s.label);
}

pub(crate) async fn seed(s: &Scratch) {
    let id = |x: &str| ExtId::parse(x).unwrap();
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_offices(&[Office { id: id("0314"), name: "NAV Sagene".into() }]).await.unwrap();
    tx.upsert_teams(&[Team { id: id("t1"), office: id("0314"), name: "Team".into(), method: Method::Se }])
        .await
        .unwrap();
    let hash = hash_password(PASSWORD).unwrap();
    for role in Role::ALL {
        let user = User {
            id: id(&format!("u-{role}")),
            name: format!("Bruker {role}"),
            roles: vec![*role],
            team: Some(id("t1")),
            fte: Fte::FULL,
            username: Some(format!("u-{role}")),
        };
        tx.upsert_users(&[user]).await.unwrap();
        tx.set_password(&format!("u-{role}"), &hash).await.unwrap();
    }
    let fnr = jobbvei_domain::Fnr::parse("15038512363").unwrap();
    tx.upsert_participants(&[jobbvei_domain::Participant {
        id: id("p1"),
        name: "Amina Yusuf".into(),
        fnr,
        postal_code: jobbvei_domain::PostalCode::parse("0473"),
        birth_year: Some(1985),
        norwegian_level: None,
        interpreter: None,
        veileder: Some(id("u-veileder")),
        confidential: None,
    }])
    .await
    .unwrap();
    tx.upsert_courses(&[jobbvei_domain::Course {
        id: id("c1"),
        participant: id("p1"),
        method: Method::Se,
        job_specialist: id("u-jobbspesialist"),
        start: "2024-01-01".parse().unwrap(),
        referred: None,
        end: None,
        end_cause: None,
        end_cause_detail: None,
    }])
    .await
    .unwrap();
    tx.upsert_employers(&[jobbvei_domain::Employer {
        id: id("e1"),
        orgnr: jobbvei_domain::Orgnr::parse("912345688").unwrap(),
        name: "Bakeriet AS".into(),
        municipality: None,
        industry: None,
        stage: None,
        holder: Some(id("u-jobbspesialist")),
    }])
    .await
    .unwrap();
    tx.upsert_jobs(&[jobbvei_domain::Job {
        id: id("j1"),
        course: id("c1"),
        employer: id("e1"),
        form: jobbvei_domain::JobForm::Permanent,
        start: "2024-06-01".parse().unwrap(),
        title: Some("Bakerassistent".into()),
        styrk: jobbvei_domain::StyrkCode::parse("7512"),
        paid: Some(true),
        ordinary_terms: Some(true),
        percent: vec![jobbvei_domain::PercentStep { from: "2024-06-01".parse().unwrap(), percent: 50.0 }],
        hours_per_week: None,
        probation_end: None,
        planned_end: None,
        end: None,
        ended_by: None,
        end_reason: None,
        extensions: None,
    }])
    .await
    .unwrap();
    tx.upsert_activities(&[jobbvei_domain::Activity {
        id: id("a1"),
        user: id("u-jobbspesialist"),
        kind: jobbvei_domain::ActivityKind::ParticipantMeeting,
        start: DateTime::from_timestamp(NOW - 86_400, 0).unwrap(),
        minutes: 45,
        status: jobbvei_domain::ActivityStatus::Done,
        channel: Some(jobbvei_domain::Channel::Physical),
        out_of_office: Some(true),
        travel_to: None,
        travel_from: None,
        course: Some(id("c1")),
        employer: None,
        employer_contact: None,
        decision_maker: None,
        subcategory: None,
        place: Some("Kafé".into()),
        note: None,
    }])
    .await
    .unwrap();
    // Review r1 of team t1 by u-fagrevisor: the sample the role × route matrix asks about.
    tx.create_review(&jobbvei_store::NewReview {
        id: "r1".into(),
        team_id: "t1".into(),
        instrument: "kvalitetsveileder".into(),
        version: "2019".into(),
        from: "2024-01-01".parse().unwrap(),
        to: "2024-10-31".parse().unwrap(),
        kind: "fagrevisjon".into(),
        created_by: "u-fagrevisor".into(),
        created_at: DateTime::from_timestamp(NOW - 86_400, 0).unwrap(),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// A session for the user, made directly in the store: (cookie token, csrf token).
pub(crate) async fn session_for(s: &Scratch, user: &str, now: DateTime<Utc>) -> (String, String) {
    let (token, csrf) = (new_token().unwrap(), new_token().unwrap());
    let mut tx = s.db.begin().await.unwrap();
    tx.create_session(&token_hash(&token), user, &csrf, now).await.unwrap();
    tx.commit().await.unwrap();
    (token, csrf)
}

/// An API token for `user` made at `created`, living `days` days: (the secret, its id).
pub(crate) async fn api_token(s: &Scratch, user: &str, created: DateTime<Utc>, days: i64) -> (String, String) {
    let token = new_token().unwrap();
    let id = new_token().unwrap()[..16].to_owned();
    let new = jobbvei_store::NewApiToken {
        id: id.clone(),
        token_hash: token_hash(&token),
        user_id: user.into(),
        name: format!("nøkkel {id}"),
        created_at: created,
        expires_at: created + chrono::Duration::days(days),
    };
    let mut tx = s.db.begin().await.unwrap();
    tx.create_api_token(&new).await.unwrap();
    tx.commit().await.unwrap();
    (token, id)
}

/// A signed-in session for `user`: (cookie header value, CSRF token).
pub(crate) async fn signed_in(s: &Scratch, clock: &TestClock, user: &str) -> (String, String) {
    let (token, csrf) = session_for(s, user, clock.now()).await;
    (format!("jobbvei_session={token}"), csrf)
}

/// Form encoding for the tests' own values.
pub(crate) fn enc(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// An urlencoded form body.
pub(crate) fn body(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={}", enc(v))).collect::<Vec<_>>().join("&")
}

pub(crate) struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// The value a `Set-Cookie` header gives `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find_map(|c| {
            let (k, rest) = c.split_once('=')?;
            (k == name).then(|| rest.split(';').next().unwrap_or("").to_owned())
        })
    }
}

/// The page without the phone labels of its stacked tables (` data-label="…"` on a cell), so
/// a test reads a row as its cells; the `/tall` and IPS report tests check the labels.
pub(crate) fn unlabelled(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(" data-label=\"") {
        out.push_str(&rest[..at]);
        let value = &rest[at + " data-label=\"".len()..];
        rest = value.find('"').map_or("", |end| &value[end + 1..]);
    }
    out.push_str(rest);
    out
}

/// `html` with the value of every CSRF field blanked: a random token can hold any short
/// string a test looks for ("t9"), so checks that something is absent must not see it.
pub(crate) fn without_csrf(html: &str) -> String {
    const FIELD: &str = "name=\"csrf\" value=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(FIELD) {
        out.push_str(&rest[..at + FIELD.len()]);
        let value = &rest[at + FIELD.len()..];
        rest = value.find('"').map_or("", |end| &value[end..]);
    }
    out.push_str(rest);
    out
}

pub(crate) async fn send(app: &Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    Reply { status, headers, body: String::from_utf8_lossy(&body).into_owned() }
}

pub(crate) fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut r = Request::get(path);
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    r.body(Body::empty()).unwrap()
}

pub(crate) fn post_form(path: &str, cookie: Option<&str>, body: &str) -> Request<Body> {
    let mut r = Request::post(path).header("content-type", "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    r.body(Body::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn health_start_and_headers() {
    for s in jobbvei_store::testing::both("web").await {
        let app = app(&s, TestClock::at(NOW));
        let r = send(&app, get("/healthz", None)).await;
        assert_eq!(r.status, StatusCode::OK);
        let engine = if s.label.starts_with("sqlite") { "sqlite" } else { "postgres" };
        assert_eq!(r.body, format!(r#"{{"database":"{engine}","status":"ok"}}"#));
        let csp = r.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"));
        assert_eq!(r.headers["x-content-type-options"], "nosniff");
        assert_eq!(r.headers["referrer-policy"], "no-referrer");
        let r = send(&app, get("/", None)).await;
        assert!(r.body.contains("lang=\"nb\"") && r.body.contains("19.11.2024") && r.body.contains("Logg inn"));
        let r = send(&app, get("/hjelp/kpi", None)).await;
        assert!(r.body.contains("K1 – Tellende arbeidsgivermøter") && r.body.contains("Regel K2@1"));
        assert_eq!(send(&app, get("/finnes-ikke", None)).await.status, StatusCode::NOT_FOUND);
        s.remove().await;
    }
}
