use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use jobbvei_domain::time::FixedClock;
use tower::ServiceExt;

use super::*;

async fn state() -> (AppState, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("jobbvei-web-test-{}", std::process::id()));
    let db = jobbvei_store::Location::Sqlite(dir.join("t.sqlite3")).open().await.unwrap();
    let now = chrono_free_instant();
    (AppState { db, clock: Arc::new(FixedClock(now)) }, dir)
}

fn chrono_free_instant() -> jobbvei_domain::time::Instant {
    jobbvei_domain::time::Instant::from_timestamp(1_732_000_000, 0).unwrap()
}

async fn get(app: Router, path: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let res = app.oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn health_start_and_headers() {
    let (state, dir) = state().await;
    let app = router(state);
    let (status, headers, body) = get(app.clone(), "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, r#"{"database":"sqlite","status":"ok"}"#);
    assert!(headers["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let (status, _, body) = get(app.clone(), "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("lang=\"nb\"") && body.contains("19.11.2024"));
    let (status, _, body) = get(app.clone(), "/hjelp/kpi").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("K1 – Tellende arbeidsgivermøter") && body.contains("Regel K2@1"));
    let (status, _, _) = get(app, "/finnes-ikke").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let _ = std::fs::remove_dir_all(dir);
}
