//! `jobbvei ads import` and `ads sync`: bad lines refuse the file or are skipped and listed,
//! the latest entry wins across files, a stopped ad loses its contact details, and sync pages
//! through a fake feed served on loopback inside the test (never the internet).

use std::sync::{Arc, Mutex};

use super::*;

const A: &str = "aaaaaaaa-1111-4111-a111-111111111111";
const B: &str = "bbbbbbbb-2222-4222-a222-222222222222";

fn entry(uuid: &str, status: &str, changed: &str, title: &str) -> String {
    serde_json::json!({
        "uuid": uuid, "status": status, "sistEndret": changed,
        "json": {
            "title": title, "published": "2026-11-20T08:00:00Z", "expires": "2099-12-31T00:00:00Z",
            "workLocations": [{"postalCode": "2301", "municipal": "HAMAR"}],
            "categoryList": [{"categoryType": "STYRK08NAV", "code": "5131.03"}],
            "employer": {"name": "Kafé Hamar AS", "orgnr": "912345688"},
            "contactList": [{"name": "Kari Kontakt", "email": "kari@example.no"}]
        }
    })
    .to_string()
}

fn db_ads(dir: &Path) -> Vec<jobbvei_domain::ads::Ad> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let db = jobbvei_store::resolve_location(None, dir).unwrap().open().await.unwrap();
        let mut out = Vec::new();
        for uuid in [A, B] {
            out.extend(db.ad(uuid).await.unwrap());
        }
        db.close().await;
        out
    })
}

#[test]
fn import_refuses_bad_lines_or_skips_them_and_the_latest_entry_wins() {
    let dir = Dir::new("ads-import");
    let file = dir.0.join("ads.jsonl");
    let good = entry(A, "ACTIVE", "2026-11-21T08:00:00Z", "Servitør (ny)");
    let lines = [
        good.clone(),
        entry(A, "ACTIVE", "2026-11-20T08:00:00Z", "Servitør (gammel)"),
        entry(B, "ACTIVE", "2026-11-20T08:00:00Z", "Kokk"),
        "{ikke json".to_owned(),
        good.replace(&format!(",\"uuid\":\"{A}\""), ""),
        good.replace("912345688", "123456789"),
    ];
    std::fs::write(&file, lines.join("\n")).unwrap();
    let path = file.to_str().unwrap();
    let out = jobbvei(&dir.0, &["ads", "import", path]);
    let err = text(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("bad line 4: json: not valid JSON"), "{err}");
    assert!(err.contains("bad line 5: uuid: missing"), "{err}");
    assert!(err.contains("bad line 6: json.employer.orgnr: \"123456789\" is not an organisation number"), "{err}");
    assert!(err.contains("3 bad line(s); nothing was written"), "{err}");
    assert!(db_ads(&dir.0).is_empty(), "a refused file writes nothing");

    let out = jobbvei(&dir.0, &["ads", "import", "--skip-bad", path]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("skipped line 5: uuid: missing"));
    assert!(
        text(&out.stdout).starts_with("read 3 entries of 2 ads: 2 written, 0 older than stored, 3 bad line(s) skipped"),
        "{}",
        text(&out.stdout)
    );
    let ads = db_ads(&dir.0);
    assert_eq!(ads[0].title, "Servitør (ny)");
    assert_eq!((ads[0].styrk.as_deref(), ads[0].municipality.as_deref()), (Some("5131"), Some("3403")));
    assert_eq!(ads[0].contacts.len(), 1);

    // An older entry in a later file does not win; a newer stop hides the contact details.
    std::fs::write(&file, entry(A, "STOPPED", "2026-11-19T08:00:00Z", "gammel stopp")).unwrap();
    let out = jobbvei(&dir.0, &["ads", "import", path]);
    assert!(text(&out.stdout).contains("0 written, 1 older than stored"), "{}", text(&out.stdout));
    assert_eq!(db_ads(&dir.0)[0].title, "Servitør (ny)");
    std::fs::write(&file, entry(A, "STOPPED", "2026-11-22T08:00:00Z", "")).unwrap();
    assert!(jobbvei(&dir.0, &["ads", "import", path]).status.success());
    let a = &db_ads(&dir.0)[0];
    assert_eq!(a.status, jobbvei_domain::ads::AdStatus::Stopped);
    assert!(a.contacts.is_empty(), "a stopped ad shows no contact details");
}

/// A two-page feed on loopback; every request is answered and its path and bearer recorded.
fn fake_feed(seen: Arc<Mutex<Vec<String>>>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut raw = Vec::new();
            let mut buf = [0u8; 1024];
            while !raw.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => raw.extend_from_slice(&buf[..n]),
                }
            }
            let head = String::from_utf8_lossy(&raw).into_owned();
            let path = head.split_whitespace().nth(1).unwrap_or("").to_owned();
            let authorised = head.lines().any(|l| l.eq_ignore_ascii_case("authorization: Bearer hemmelig-token"));
            seen.lock().unwrap().push(path.clone());
            let body = match path.as_str() {
                _ if !authorised => None,
                "/api/v1/feed" => Some(
                    r#"{"id":"p1","next_id":"p2","next_url":"/api/v1/feed/p2","items":[{"url":"/api/v1/feedentry/a"}]}"#
                        .to_owned(),
                ),
                "/api/v1/feed/p2" => Some(r#"{"id":"p2","next_id":null,"next_url":null,"items":[{"url":"/api/v1/feedentry/b"}]}"#.to_owned()),
                "/api/v1/feedentry/a" => Some(entry(A, "ACTIVE", "2026-11-21T08:00:00Z", "Servitør")),
                "/api/v1/feedentry/b" => Some(entry(B, "INACTIVE", "2026-11-21T08:00:00Z", "Kokk")),
                _ => None,
            };
            let reply = match body {
                Some(b) => format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{b}",
                    b.len()
                ),
                None => "HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_owned(),
            };
            let _ = stream.write_all(reply.as_bytes());
        }
    });
    port
}

#[test]
fn sync_pages_through_the_feed_through_the_same_reader() {
    let dir = Dir::new("ads-sync");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let port = fake_feed(seen.clone());
    let token = dir.0.join("token");
    std::fs::write(&token, "hemmelig-token\n").unwrap();
    let url = format!("http://127.0.0.1:{port}/api/v1/feed");
    let args = ["ads", "sync", "--feed-url", &url, "--token-file", token.to_str().unwrap()];
    let out = jobbvei(&dir.0, &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("fetched 2 ad entries"), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("2 written"), "{}", text(&out.stdout));
    assert_eq!(
        *seen.lock().unwrap(),
        vec!["/api/v1/feed", "/api/v1/feedentry/a", "/api/v1/feed/p2", "/api/v1/feedentry/b"]
    );
    let ads = db_ads(&dir.0);
    assert_eq!(ads.len(), 2);
    assert_eq!(ads[0].contacts.len(), 1);
    assert!(ads[1].contacts.is_empty(), "an inactive ad from the feed shows no contact details");

    std::fs::write(&token, "feil").unwrap();
    let out = jobbvei(&dir.0, &args);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("401"), "{}", text(&out.stderr));
}

#[test]
fn demo_loads_the_same_ads_and_profiles_every_time_and_they_match() {
    let (a, b) = (Dir::new("ads-demo-a"), Dir::new("ads-demo-b"));
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let day: chrono::NaiveDate = "2026-11-20".parse().unwrap();
    let mut seen = Vec::new();
    for d in [&a, &b] {
        let out = jobbvei(&d.0, &["demo", "--scale", "small", "--seed", "7", "--as-of", "2026-11-20"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("job ads"), "{}", text(&out.stdout));
        seen.push(rt.block_on(async {
            let db = jobbvei_store::resolve_location(None, &d.0).unwrap().open().await.unwrap();
            let ads = db.open_ads(day, &jobbvei_store::AdFilter::default()).await.unwrap();
            let profiles = db.match_profiles(None).await.unwrap();
            db.close().await;
            (ads, profiles)
        }));
    }
    let (ads, profiles) = &seen[0];
    assert_eq!(seen[0], seen[1], "the same demo gives the same ads and profiles");
    assert!(ads.len() > 100 && profiles.len() > 20, "{} ads, {} profiles", ads.len(), profiles.len());
    let matched = profiles
        .iter()
        .filter(|p| {
            let home =
                p.postal_code.as_deref().and_then(jobbvei_domain::PostalCode::parse).map(|c| c.place().municipality);
            let w = jobbvei_domain::ads::Wish::from_profile(
                &p.wanted_styrk,
                &p.industries,
                &p.hours,
                &p.geography,
                &p.driving_licence,
                home,
            );
            !jobbvei_domain::ads::rank(&w, ads, day, 10).is_empty()
        })
        .count();
    assert!(
        matched * 2 > profiles.len(),
        "most demo participants see matches at once: {matched} of {}",
        profiles.len()
    );
}
