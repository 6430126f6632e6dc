//! Sign-in with a NAV account against a small fake OpenID Connect issuer that runs inside the
//! test on 127.0.0.1: discovery, an authorize endpoint that answers at once with a code, a
//! token endpoint that checks the client and PKCE, and a JWKS. ID tokens are signed with the
//! fixed test keys in `fixtures/`.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jobbvei_store::AuditEntry;
use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair, RsaPublicKeyComponents};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::*;
use crate::auth::oidc::{ClientAuth, Oidc, OidcSettings};

const CLIENT_ID: &str = "jobbvei-test";
/// With characters that client_secret_basic must form-encode.
const CLIENT_SECRET: &str = "hemmelig:med&tegn";
const PUBLIC_URL: &str = "http://127.0.0.1:8080";

const STALE: &str = "Innloggingen var utløpt eller allerede brukt.";
const UNCONFIRMED: &str = "Innloggingen med NAV-konto kunne ikke bekreftes.";
const NO_USER: &str = "Du har ingen bruker i Jobbvei.";

fn key(pem: &str) -> RsaKeyPair {
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    RsaKeyPair::from_pkcs8(&STANDARD.decode(b64).unwrap()).unwrap()
}

/// What the fake issuer does wrong in the next ID token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Twist {
    None,
    WrongNonce,
    WrongAudience,
    Expired,
    /// Signed with key 2 while naming key 1.
    ForeignKey,
    /// Signed with key 2 under its own id, `k2`.
    SecondKey,
}

struct Issuer {
    base: String,
    keys: [RsaKeyPair; 2],
    /// Which of `keys` the JWKS publishes.
    published: Mutex<Vec<usize>>,
    /// The username the issuer vouches for, and under which claim.
    user: Mutex<String>,
    claim: &'static str,
    twist: Mutex<Twist>,
    /// Issued codes: (nonce, PKCE challenge).
    codes: Mutex<HashMap<String, (String, String)>>,
    /// `client_secret_basic` or `client_secret_post`.
    method: &'static str,
}

struct Fake {
    issuer: Arc<Issuer>,
    router: Router,
}

async fn fake_issuer(method: &'static str, claim: &'static str) -> Fake {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = Arc::new(Issuer {
        base: format!("http://{}", listener.local_addr().unwrap()),
        keys: [key(include_str!("fixtures/oidc-key-1.pem")), key(include_str!("fixtures/oidc-key-2.pem"))],
        published: Mutex::new(vec![0]),
        user: Mutex::new("u-jobbspesialist".into()),
        claim,
        twist: Mutex::new(Twist::None),
        codes: Mutex::new(HashMap::new()),
        method,
    });
    let router = Router::new()
        .route("/.well-known/openid-configuration", axum::routing::get(discovery))
        .route("/authorize", axum::routing::get(authorize))
        .route("/token", axum::routing::post(token))
        .route("/jwks", axum::routing::get(jwks))
        .with_state(issuer.clone());
    tokio::spawn(axum::serve(listener, router.clone()).into_future());
    Fake { issuer, router }
}

async fn discovery(State(i): State<Arc<Issuer>>) -> Json<Value> {
    Json(json!({
        "issuer": i.base,
        "authorization_endpoint": format!("{}/authorize", i.base),
        "token_endpoint": format!("{}/token", i.base),
        "jwks_uri": format!("{}/jwks", i.base),
        "response_types_supported": ["code"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": [i.method, "private_key_jwt"],
        "code_challenge_methods_supported": ["S256"],
    }))
}

/// Signs in whoever `user` says, at once.
async fn authorize(
    State(i): State<Arc<Issuer>>,
    axum::extract::Query(q): axum::extract::Query<HashMap<String, String>>,
) -> Response {
    let p = |k: &str| q.get(k).cloned().unwrap_or_default();
    let expected_redirect = format!("{PUBLIC_URL}/logg-inn/oidc");
    if p("response_type") != "code"
        || p("client_id") != CLIENT_ID
        || p("redirect_uri") != expected_redirect
        || p("code_challenge_method") != "S256"
        || !p("scope").split(' ').any(|s| s == "openid")
        || p("state").len() < 32
        || p("nonce").len() < 32
    {
        return (StatusCode::BAD_REQUEST, "bad authorization request").into_response();
    }
    let code = new_token().unwrap();
    i.codes.lock().unwrap().insert(code.clone(), (p("nonce"), p("code_challenge")));
    axum::response::Redirect::to(&format!("{expected_redirect}?code={code}&state={}", p("state"))).into_response()
}

async fn token(
    State(i): State<Arc<Issuer>>,
    headers: HeaderMap,
    axum::Form(f): axum::Form<HashMap<String, String>>,
) -> Response {
    let p = |k: &str| f.get(k).cloned().unwrap_or_default();
    let refuse =
        |why: &str| (StatusCode::BAD_REQUEST, Json(json!({"error": "invalid_grant", "why": why}))).into_response();
    let client_ok = match i.method {
        // RFC 6749 2.3.1: both parts form-encoded before base64.
        "client_secret_basic" => headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == format!("Basic {}", STANDARD.encode("jobbvei-test:hemmelig%3Amed%26tegn"))),
        _ => p("client_id") == CLIENT_ID && p("client_secret") == CLIENT_SECRET,
    };
    if !client_ok {
        return refuse("client");
    }
    let Some((nonce, challenge)) = i.codes.lock().unwrap().remove(&p("code")) else { return refuse("code") };
    if p("grant_type") != "authorization_code" || p("redirect_uri") != format!("{PUBLIC_URL}/logg-inn/oidc") {
        return refuse("grant");
    }
    if URL_SAFE_NO_PAD.encode(Sha256::digest(p("code_verifier").as_bytes())) != challenge {
        return refuse("pkce");
    }
    Json(json!({"access_token": "opaque", "token_type": "Bearer", "id_token": i.id_token(&nonce)})).into_response()
}

async fn jwks(State(i): State<Arc<Issuer>>) -> Json<Value> {
    let keys: Vec<Value> = i
        .published
        .lock()
        .unwrap()
        .iter()
        .map(|&k| {
            let c: RsaPublicKeyComponents<Vec<u8>> = i.keys[k].public().into();
            let (n, e) = (URL_SAFE_NO_PAD.encode(&c.n), URL_SAFE_NO_PAD.encode(&c.e));
            json!({"kty": "RSA", "use": "sig", "alg": "RS256", "kid": format!("k{}", k + 1), "n": n, "e": e})
        })
        .collect();
    Json(json!({"keys": keys}))
}

impl Issuer {
    fn id_token(&self, nonce: &str) -> String {
        let twist = *self.twist.lock().unwrap();
        let (kid, signer) = match twist {
            Twist::ForeignKey => ("k1", 1),
            Twist::SecondKey => ("k2", 1),
            _ => ("k1", 0),
        };
        let user = self.user.lock().unwrap().clone();
        let mut claims = json!({
            "iss": self.base, "sub": "a1b2c3", "aud": CLIENT_ID, "exp": NOW + 300, "iat": NOW, "nonce": nonce,
            "preferred_username": "someone.else@nav.no",
        });
        claims[self.claim] = user.into();
        match twist {
            Twist::WrongNonce => claims["nonce"] = "not-the-nonce".into(),
            Twist::WrongAudience => claims["aud"] = "another-app".into(),
            // A minute and a second ago: just past the leeway.
            Twist::Expired => claims["exp"] = (NOW - 61).into(),
            _ => {}
        }
        let part = |v: Value| URL_SAFE_NO_PAD.encode(v.to_string());
        let signed = format!("{}.{}", part(json!({"alg": "RS256", "typ": "JWT", "kid": kid})), part(claims));
        let key = &self.keys[signer];
        let mut signature = vec![0; key.public().modulus_len()];
        key.sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), signed.as_bytes(), &mut signature).unwrap();
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature))
    }
}

async fn discover(fake: &Fake, claim: &str, now: DateTime<Utc>) -> Result<Oidc, crate::auth::oidc::OidcError> {
    let settings = OidcSettings {
        issuer: fake.issuer.base.clone(),
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
        public_url: format!("{PUBLIC_URL}/"),
        username_claim: claim.into(),
    };
    Oidc::discover(settings, now).await
}

async fn jobbvei(s: &Scratch, clock: Arc<TestClock>, fake: &Fake, claim: &str) -> Router {
    let oidc = discover(fake, claim, clock.now()).await.unwrap();
    router(AppState {
        db: s.db.clone(),
        clock,
        oidc: Some(Arc::new(oidc)),
        guard: Default::default(),
        extract_key: None,
        suggestions: Default::default(),
        cases: Default::default(),
        timelines: Default::default(),
        days: Default::default(),
    })
}

/// The browser's round trip: Jobbvei's start link, then the issuer, which sends it straight
/// back. Returns (the flow cookie, the callback path and query).
async fn to_issuer_and_back(app: &Router, fake: &Fake) -> (String, String) {
    let r = send(app, get("/logg-inn/oidc/start", None)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let flow = r.cookie("jobbvei_oidc").unwrap();
    let set = r.headers["set-cookie"].to_str().unwrap();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/logg-inn/oidc"), "{set}");
    let authorize = r.location().strip_prefix(&fake.issuer.base).unwrap().to_owned();
    assert!(authorize.starts_with("/authorize?") && authorize.contains("code_challenge_method=S256"));
    let at_issuer = send(&fake.router, get(&authorize, None)).await;
    assert_eq!(at_issuer.status, StatusCode::SEE_OTHER, "{}", at_issuer.body);
    (format!("jobbvei_oidc={flow}"), at_issuer.location().strip_prefix(PUBLIC_URL).unwrap().to_owned())
}

async fn sign_in(app: &Router, fake: &Fake) -> Reply {
    let (flow, callback) = to_issuer_and_back(app, fake).await;
    send(app, get(&callback, Some(&flow))).await
}

async fn logins(s: &Scratch) -> Vec<AuditEntry> {
    let log = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
    log.into_iter().filter(|e| e.action == "login").collect()
}

fn refused(r: &Reply, message: &str, case: &str) {
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{case}");
    assert!(r.body.contains(message), "{case}: {}", r.body);
    assert!(r.cookie("jobbvei_session").is_none(), "{case}: no session");
}

#[tokio::test]
async fn a_nav_account_signs_in_its_jobbvei_user_once() {
    for s in jobbvei_store::testing::both("oidc").await {
        seed(&s).await;
        let fake = fake_issuer("client_secret_basic", "preferred_username").await;
        let clock = TestClock::at(NOW);
        let without = send(&app(&s, clock.clone()), get("/logg-inn", None)).await;
        assert!(!without.body.contains("NAV-konto"), "no button without an issuer");
        let app = jobbvei(&s, clock.clone(), &fake, "preferred_username").await;
        let page = send(&app, get("/logg-inn", None)).await;
        assert!(page.body.contains("href=\"/logg-inn/oidc/start\"") && page.body.contains("Logg inn med NAV-konto"));
        assert!(page.body.contains("name=\"passord\""), "password login stays");

        let (flow, callback) = to_issuer_and_back(&app, &fake).await;
        let r = send(&app, get(&callback, Some(&flow))).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", s.label, r.body);
        assert!(r.body.contains("<meta http-equiv=\"refresh\" content=\"0;url=/\">"));
        assert_eq!(r.cookie("jobbvei_oidc").as_deref(), Some(""), "the flow cookie is cleared");
        let session = r.cookie("jobbvei_session").unwrap();
        let cookie = format!("jobbvei_session={session}");
        assert_eq!(send(&app, get("/min-dag", Some(&cookie))).await.status, StatusCode::OK);
        let start = send(&app, get("/min-dag", Some(&cookie))).await;
        assert!(start.body.contains("Bruker jobbspesialist"), "{}", start.body);

        // The same answer from the issuer a second time: the state was used up.
        let again = send(&app, get(&callback, Some(&flow))).await;
        refused(&again, STALE, "replayed state");

        let log = logins(&s).await;
        let trail: Vec<_> = log
            .iter()
            .map(|e| (e.outcome.as_str(), e.username.as_deref(), e.user_id.as_deref(), e.record_id.as_deref()))
            .collect();
        assert_eq!(
            trail,
            [
                ("ok", Some("u-jobbspesialist"), Some("u-jobbspesialist"), Some("oidc")),
                ("failed", None, None, Some("oidc"))
            ],
            "{}",
            s.label
        );
        s.remove().await;
    }
}

#[tokio::test]
async fn bad_tokens_and_stale_or_foreign_states_sign_no_one_in() {
    let s = jobbvei_store::testing::sqlite("oidc-refused").await;
    seed(&s).await;
    let fake = fake_issuer("client_secret_basic", "preferred_username").await;
    let app = jobbvei(&s, TestClock::at(NOW), &fake, "preferred_username").await;
    for twist in [Twist::WrongNonce, Twist::WrongAudience, Twist::Expired, Twist::ForeignKey, Twist::SecondKey] {
        *fake.issuer.twist.lock().unwrap() = twist;
        refused(&sign_in(&app, &fake).await, UNCONFIRMED, &format!("{twist:?}"));
    }
    *fake.issuer.twist.lock().unwrap() = Twist::None;

    // Another state than the one sent: refused, and the sign-in it belonged to is gone too.
    let (flow, callback) = to_issuer_and_back(&app, &fake).await;
    let (before, state) = callback.split_once("&state=").unwrap();
    let forged = format!("{before}&state={}", "0".repeat(64));
    refused(&send(&app, get(&forged, Some(&flow))).await, STALE, "state mismatch");
    refused(&send(&app, get(&callback, Some(&flow))).await, STALE, "after a mismatch");
    assert_eq!(state.len(), 64);

    // Right state, but from another browser (no flow cookie), or the sign-in timed out.
    let (flow, callback) = to_issuer_and_back(&app, &fake).await;
    refused(&send(&app, get(&callback, None)).await, STALE, "no cookie");
    let (flow2, callback2) = to_issuer_and_back(&app, &fake).await;
    refused(&send(&app, get(&callback2, Some(&flow))).await, STALE, "someone else's cookie");
    let _ = flow2;

    // The user said no at the issuer.
    let (flow, callback) = to_issuer_and_back(&app, &fake).await;
    let state = callback.split_once("&state=").unwrap().1;
    let denied = format!("/logg-inn/oidc?error=access_denied&state={state}");
    refused(&send(&app, get(&denied, Some(&flow))).await, "Innloggingen med NAV-konto ble avbrutt.", "denied");

    // A good token for someone Jobbvei does not know.
    *fake.issuer.user.lock().unwrap() = "ola.nordmann".into();
    refused(&sign_in(&app, &fake).await, NO_USER, "unknown user");
    // A disabled user is no different from no user (issue 16, finding 6).
    let mut tx = s.db.begin().await.unwrap();
    tx.set_user_disabled("u-leder", Some(DateTime::from_timestamp(NOW, 0).unwrap())).await.unwrap();
    tx.commit().await.unwrap();
    *fake.issuer.user.lock().unwrap() = "u-leder".into();
    refused(&sign_in(&app, &fake).await, NO_USER, "disabled user");

    let log = logins(&s).await;
    assert_eq!(log.len(), 12);
    assert!(log.iter().all(|e| e.outcome == "failed" && e.user_id.is_none() && e.record_id.as_deref() == Some("oidc")));
    let named: Vec<_> = log.iter().filter_map(|e| e.username.as_deref()).collect();
    assert_eq!(named, ["ola.nordmann", "u-leder"], "only the usernames the issuer gave in the refused cases");
    s.remove().await;
}

#[tokio::test]
async fn sign_ins_time_out_after_ten_minutes() {
    let s = jobbvei_store::testing::sqlite("oidc-timeout").await;
    seed(&s).await;
    let fake = fake_issuer("client_secret_basic", "preferred_username").await;
    let clock = TestClock::at(NOW);
    let app = jobbvei(&s, clock.clone(), &fake, "preferred_username").await;
    let (flow, callback) = to_issuer_and_back(&app, &fake).await;
    clock.advance_minutes(10);
    refused(&send(&app, get(&callback, Some(&flow))).await, STALE, "ten minutes later");
    s.remove().await;
}

#[tokio::test]
async fn rotated_keys_client_secret_post_and_the_navident_claim() {
    let s = jobbvei_store::testing::sqlite("oidc-rotate").await;
    seed(&s).await;
    let fake = fake_issuer("client_secret_post", "NAVident").await;
    let clock = TestClock::at(NOW);
    assert_eq!(discover(&fake, "NAVident", clock.now()).await.unwrap().client_auth(), ClientAuth::Post);
    let app = jobbvei(&s, clock.clone(), &fake, "NAVident").await;
    *fake.issuer.user.lock().unwrap() = "u-veileder".into();
    assert_eq!(sign_in(&app, &fake).await.status, StatusCode::OK);

    // The issuer starts signing with a new key. Right after the keys were fetched they are
    // not fetched again; a minute later they are, and the new key is found.
    *fake.issuer.twist.lock().unwrap() = Twist::SecondKey;
    fake.issuer.published.lock().unwrap().push(1);
    refused(&sign_in(&app, &fake).await, UNCONFIRMED, "fetched moments ago");
    clock.advance_minutes(1);
    let r = sign_in(&app, &fake).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cookie = format!("jobbvei_session={}", r.cookie("jobbvei_session").unwrap());
    assert!(send(&app, get("/mine-deltakere", Some(&cookie))).await.body.contains("Bruker veileder"));
    let outcomes: Vec<_> = logins(&s).await.iter().map(|e| e.outcome.clone()).collect();
    assert_eq!(outcomes, ["ok", "failed", "ok"]);
    s.remove().await;
}

#[tokio::test]
async fn start_up_stops_on_a_wrong_issuer() {
    let fake = fake_issuer("client_secret_basic", "preferred_username").await;
    let now = DateTime::from_timestamp(NOW, 0).unwrap();
    let settings = |issuer: &str, public_url: &str| OidcSettings {
        issuer: issuer.into(),
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
        public_url: public_url.into(),
        username_claim: "NAVident".into(),
    };
    let error = |r: Result<Oidc, crate::auth::oidc::OidcError>| r.err().map(|e| e.to_string()).unwrap_or_default();
    let e = error(Oidc::discover(settings("http://login.example.no", PUBLIC_URL), now).await);
    assert_eq!(e, "the OIDC issuer http://login.example.no must be an https:// URL (http:// only for localhost)");
    let e = error(Oidc::discover(settings(&fake.issuer.base, "http://jobbvei.example.no"), now).await);
    assert!(e.starts_with("the OIDC public URL http://jobbvei.example.no must be"), "{e}");
    // Nothing listens on port 1.
    let e = error(Oidc::discover(settings("http://127.0.0.1:1", PUBLIC_URL), now).await);
    assert!(e.starts_with("could not reach http://127.0.0.1:1/.well-known/openid-configuration"), "{e}");
    // The same server under another name: its discovery document names another issuer.
    let other = fake.issuer.base.replace("127.0.0.1", "localhost");
    let e = error(Oidc::discover(settings(&other, PUBLIC_URL), now).await);
    assert!(e.contains(&format!("it names the issuer {}, not {other}", fake.issuer.base)), "{e}");
    // A path that is not an issuer answers 404.
    let e = error(Oidc::discover(settings(&format!("{}/nothing", fake.issuer.base), PUBLIC_URL), now).await);
    assert!(e.starts_with("could not reach"), "{e}");
    assert!(Oidc::discover(settings(&fake.issuer.base, PUBLIC_URL), now).await.is_ok());
}
