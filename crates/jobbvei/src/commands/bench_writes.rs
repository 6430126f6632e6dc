//! `jobbvei bench writes`: concurrent writers against a server on loopback: each of
//! `--sessions` job specialists alternates a quick-log POST (`/logg`, signed in with a
//! session) and an API write (`POST /api/v1/activities`, with a personal API token), without
//! pausing, for `--seconds`. Every answer other than 303 and 201 is an error; the issue's
//! bar is none at all (docs/benchmarks.md). Each round really writes two activities and their
//! audit rows; the sessions and tokens made here are removed or revoked at the end.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use jobbvei_domain::time::{Clock, SystemClock, to_oslo_rfc3339};
use jobbvei_store::{Db, KpiScope, Location, NewApiToken};
use jobbvei_web::auth::secret::{new_token, token_hash};

use super::bench::round1;
use super::bench_client::{Conn, request};
use super::bench_http::{engine_name, gather, loopback_server, percentile, quick_log_form};
use super::bench_routes::LOOPBACK_ANY;
use crate::cli::BenchArgs;
use crate::error::CliError;

const ROUTES: [&str; 2] = ["quick-log", "api-activity"];
const GRACE: Duration = Duration::from_secs(10);

/// One job specialist writing: a session for the page, a token for the API, their open
/// courses and those courses' participants.
struct Writer {
    user: String,
    session: String,
    csrf: String,
    token: String,
    token_id: String,
    courses: Vec<(String, String)>,
}

type Tally = super::bench_http::Tally<2>;

pub async fn run(location: &Location, args: &BenchArgs) -> Result<(), CliError> {
    if args.sessions == 0 || args.seconds == 0 {
        return Err(CliError::Usage("--sessions and --seconds must be at least 1".into()));
    }
    let db = location.open().await?;
    let writers = sign_in(&db, args.sessions).await;
    let result = match writers {
        Ok(w) => {
            let cleanup: Vec<(String, String)> =
                w.iter().map(|w| (token_hash(&w.session), w.token_id.clone())).collect();
            let result = drive(&db, location, args, w).await;
            let removed = async {
                let now = SystemClock.now();
                let mut tx = db.begin().await?;
                for (session, token) in &cleanup {
                    tx.delete_session(session).await?;
                    tx.revoke_api_token(token, None, now).await?;
                }
                tx.commit().await
            }
            .await;
            if let Err(e) = removed {
                eprintln!("warning: could not remove the benchmark's sessions and tokens (they expire): {e}");
            }
            result
        }
        Err(e) => Err(e),
    };
    db.close().await;
    result
}

async fn sign_in(db: &Db, n: usize) -> Result<Vec<Writer>, CliError> {
    let today = SystemClock.today();
    let data = db.kpi_data(today, today, &KpiScope::Everything).await?;
    let mut by_staff: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for course in data.courses.iter().filter(|c| c.is_open_on(today)) {
        let Some(staff) = course.staff.and_then(|i| data.staff.get(i)) else { continue };
        if staff.job_specialist {
            by_staff.entry(staff.id.clone()).or_default().push((course.id.clone(), course.participant.clone()));
        }
    }
    if by_staff.len() < n {
        return Err(CliError::Usage(format!(
            "only {} job specialists have open courses on {today}; load demo data first or lower --sessions",
            by_staff.len()
        )));
    }
    let random = |_| CliError::Usage("the system's random source failed".into());
    let now = SystemClock.now();
    let mut writers = Vec::with_capacity(n);
    let mut tx = db.begin().await?;
    for (user, mut courses) in by_staff.into_iter().take(n) {
        courses.sort();
        courses.truncate(5);
        let (session, csrf, token) =
            (new_token().map_err(random)?, new_token().map_err(random)?, new_token().map_err(random)?);
        let token_id = new_token().map_err(random)?[..16].to_owned();
        tx.create_session(&token_hash(&session), &user, &csrf, now).await?;
        tx.create_api_token(&NewApiToken {
            id: token_id.clone(),
            token_hash: token_hash(&token),
            user_id: user.clone(),
            name: "bench writes".into(),
            created_at: now,
            expires_at: now + chrono::Duration::days(1),
        })
        .await?;
        writers.push(Writer { user, session, csrf, token, token_id, courses });
    }
    tx.commit().await?;
    Ok(writers)
}

async fn drive(db: &Db, location: &Location, args: &BenchArgs, writers: Vec<Writer>) -> Result<(), CliError> {
    let (addr, server) = loopback_server(db, LOOPBACK_ANY).await?;
    let engine = engine_name(location);
    let n = writers.len();
    println!("bench writes: {n} concurrent writers for {} s, engine {engine}, server on http://{addr}", args.seconds);
    let started = Instant::now();
    let stop = started + Duration::from_secs(args.seconds);
    let give_up = stop + GRACE;
    let workers: Vec<_> = writers.into_iter().map(|w| tokio::spawn(worker(addr, w, stop, give_up))).collect();
    let mut total = gather(workers, give_up, "writer").await;
    let elapsed = started.elapsed().as_secs_f64();
    server.abort();
    let mut routes = serde_json::Map::new();
    let (mut all, mut errors) = (0usize, 0usize);
    for (r, name) in ROUTES.iter().enumerate() {
        let v = &mut total.micros[r];
        v.sort_unstable();
        let ms = |p: f64| percentile(v, p) as f64 / 1000.0;
        let (p50, p99, max) = (ms(50.0), ms(99.0), v.last().copied().unwrap_or(0) as f64 / 1000.0);
        let rps = v.len() as f64 / elapsed.max(1e-9);
        println!(
            "  {name:<13}: {:>7} writes  {rps:>7.1} /s  p50 {p50:>7.1} ms  p99 {p99:>7.1} ms  max {max:>7.1} ms  errors {}",
            v.len(),
            total.errors[r]
        );
        all += v.len();
        errors += total.errors[r];
        routes.insert(
            (*name).to_owned(),
            serde_json::json!({
                "count": v.len(), "rps": round1(rps), "p50_ms": round1(p50), "p99_ms": round1(p99),
                "max_ms": round1(max), "errors": total.errors[r],
            }),
        );
    }
    println!(
        "  all writes   : {all:>7} writes  {:>7.1} /s over {elapsed:.1} s, errors {errors}",
        all as f64 / elapsed.max(1e-9)
    );
    for (what, count) in &total.samples {
        println!("  unexpected   : {count} × {what}");
    }
    println!(
        "{}",
        serde_json::json!({
            "bench": "writes", "engine": engine, "sessions": n, "seconds": round1(elapsed), "writes": all,
            "rps": round1(all as f64 / elapsed.max(1e-9)), "errors": errors, "routes": routes,
        })
    );
    if errors > 0 {
        return Err(CliError::Usage(format!("{errors} writes failed")));
    }
    Ok(())
}

/// An activity for the API: a 15-minute phone meeting on one of the writer's courses.
fn api_activity(user: &str, course: &str) -> String {
    let start = to_oslo_rfc3339(SystemClock.now() - chrono::Duration::minutes(5));
    serde_json::json!({
        "type": "activity", "user": user, "kind": "deltakermote", "start": start, "minutes": 15,
        "status": "gjennomfort", "channel": "telefon", "course": course,
    })
    .to_string()
}

async fn worker(addr: std::net::SocketAddr, w: Writer, stop: Instant, give_up: Instant) -> Tally {
    let mut tally = Tally::default();
    let mut conn: Option<Conn> = None;
    let form = format!("Cookie: jobbvei_session={}\r\nContent-Type: application/x-www-form-urlencoded\r\n", w.session);
    let api = format!("Authorization: Bearer {}\r\nContent-Type: application/json\r\n", w.token);
    let mut round = 0usize;
    while Instant::now() < stop {
        let (course, participant) = w.courses[round % w.courses.len()].clone();
        round += 1;
        for (r, route) in ROUTES.iter().enumerate() {
            let (path, headers, body, expect) = match r {
                0 => ("/logg", &form, quick_log_form(&w.csrf, &participant), 303),
                _ => ("/api/v1/activities", &api, api_activity(&w.user, &course), 201),
            };
            let t = Instant::now();
            let answer =
                tokio::time::timeout_at(give_up.into(), request(&mut conn, addr, "POST", path, headers, &body)).await;
            let micros = t.elapsed().as_micros() as u64;
            let what = match answer {
                Ok(Ok(status)) => {
                    tally.micros[r].push(micros);
                    if status == expect {
                        continue;
                    }
                    format!("{route} answered {status}")
                }
                Ok(Err(e)) => {
                    conn = None;
                    format!("{route} failed: {e}")
                }
                Err(_) => {
                    tally.errors[r] += 1;
                    *tally.samples.entry(format!("{route} timed out")).or_default() += 1;
                    return tally;
                }
            };
            tally.errors[r] += 1;
            *tally.samples.entry(what).or_default() += 1;
        }
    }
    tally
}
