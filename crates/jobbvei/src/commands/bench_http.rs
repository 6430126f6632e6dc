//! `jobbvei bench http`: latency and throughput of the caseload page, the participant page
//! and the quick-log POST at N concurrent sessions. The server is started in this process on
//! loopback (`127.0.0.1:0`) over the database as it is (load demo data first); each session
//! is one job specialist with open courses, signed in by a session row written here and
//! removed at the end. A small HTTP/1.1 keep-alive client drives it for `--seconds`.
//!
//! The quick-log POST really writes: every round adds one activity to the database. That is
//! part of what is measured (a write per round beside two reads); on the national demo data
//! a few thousand extra activities do not matter.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jobbvei_domain::time::{Clock, SystemClock, to_oslo_rfc3339};
use jobbvei_store::{Db, KpiScope, Location};
use jobbvei_web::AppState;
use jobbvei_web::auth::secret::{new_token, token_hash};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::cli::BenchArgs;
use crate::error::CliError;

/// The three measured routes, in the order a worker requests them.
const ROUTES: [&str; 3] = ["caseload", "participant", "quick-log"];
/// Participants per session to cycle through on the participant page and the quick log.
const PARTICIPANTS_PER_SESSION: usize = 5;
/// How long after `--seconds` a request still in flight may take before it is abandoned.
const GRACE: Duration = Duration::from_secs(5);

/// One signed-in job specialist.
struct Session {
    token: String,
    csrf: String,
    participants: Vec<String>,
}

/// What one worker saw: latencies in microseconds per route (`N` routes), and unexpected
/// answers with a sample of each.
pub(crate) struct Tally<const N: usize> {
    pub(crate) micros: [Vec<u64>; N],
    pub(crate) errors: [usize; N],
    pub(crate) samples: BTreeMap<String, usize>,
}

impl<const N: usize> Default for Tally<N> {
    fn default() -> Self {
        Tally { micros: std::array::from_fn(|_| Vec::new()), errors: [0; N], samples: BTreeMap::new() }
    }
}

/// The workers' tallies summed; one that fails or overruns `give_up` is left out, with a
/// warning naming it as `who`.
pub(crate) async fn gather<const N: usize>(
    workers: Vec<tokio::task::JoinHandle<Tally<N>>>,
    give_up: Instant,
    who: &str,
) -> Tally<N> {
    let mut total = Tally::default();
    for w in workers {
        match tokio::time::timeout_at(give_up.into(), w).await {
            Ok(Ok(t)) => {
                for r in 0..N {
                    total.micros[r].extend_from_slice(&t.micros[r]);
                    total.errors[r] += t.errors[r];
                }
                for (k, v) in t.samples {
                    *total.samples.entry(k).or_default() += v;
                }
            }
            Ok(Err(e)) => eprintln!("warning: a {who} failed: {e}"),
            Err(_) => eprintln!("warning: a {who} did not finish in time"),
        }
    }
    total
}

pub async fn run(location: &Location, args: &BenchArgs) -> Result<(), CliError> {
    if args.sessions == 0 || args.seconds == 0 {
        return Err(CliError::Usage("--sessions and --seconds must be at least 1".into()));
    }
    let db = location.open().await?;
    let result = measure(&db, location, args).await;
    db.close().await;
    result
}

async fn measure(db: &Db, location: &Location, args: &BenchArgs) -> Result<(), CliError> {
    let clock = SystemClock;
    let today = clock.today();
    let sessions = sign_in(db, today, args.sessions).await?;
    let hashes: Vec<String> = sessions.iter().map(|s| token_hash(&s.token)).collect();
    let result = drive(db, location, args, sessions).await;
    // Remove the sessions this command made; if that fails they expire after 30 idle minutes.
    let removed = async {
        let mut tx = db.begin().await?;
        for h in &hashes {
            tx.delete_session(h).await?;
        }
        tx.commit().await
    }
    .await;
    if let Err(e) = removed {
        eprintln!("warning: could not remove the benchmark's sessions (they expire on their own): {e}");
    }
    result
}

/// Picks up to `n` job specialists with open courses today (by id) and writes a session for each.
async fn sign_in(db: &Db, today: chrono::NaiveDate, n: usize) -> Result<Vec<Session>, CliError> {
    let data = db.kpi_data(today, today, &KpiScope::Everything).await?;
    let mut by_staff: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for course in data.courses.iter().filter(|c| c.is_open_on(today)) {
        let Some(staff) = course.staff.and_then(|i| data.staff.get(i)) else { continue };
        if staff.job_specialist {
            by_staff.entry(staff.id.clone()).or_default().push(course.participant.clone());
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
    let mut sessions = Vec::with_capacity(n);
    let mut tx = db.begin().await?;
    for (user, mut participants) in by_staff.into_iter().take(n) {
        participants.sort();
        participants.dedup();
        participants.truncate(PARTICIPANTS_PER_SESSION);
        let token = new_token().map_err(random)?;
        let csrf = new_token().map_err(random)?;
        tx.create_session(&token_hash(&token), &user, &csrf, now).await?;
        sessions.push(Session { token, csrf, participants });
    }
    tx.commit().await?;
    Ok(sessions)
}

async fn drive(db: &Db, location: &Location, args: &BenchArgs, sessions: Vec<Session>) -> Result<(), CliError> {
    let (addr, server) = loopback_server(db).await?;
    let engine = engine_name(location);

    let n = sessions.len();
    println!(
        "bench http: {n} concurrent sessions for {} s, think time {} ms, engine {engine}, server on http://{addr}",
        args.seconds, args.think_ms
    );
    let think = Duration::from_millis(args.think_ms);

    let started = Instant::now();
    let stop = started + Duration::from_secs(args.seconds);
    let give_up = stop + GRACE;
    // With a think time, sessions start spread over one pause, as people do, rather than
    // all clicking in the same millisecond for the whole run.
    let workers: Vec<_> = sessions
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let offset = think.mul_f64(i as f64 / n.max(1) as f64);
            tokio::spawn(worker(addr, s, offset, think, stop, give_up))
        })
        .collect();
    let mut total = gather(workers, give_up, "worker").await;
    let elapsed = started.elapsed().as_secs_f64();
    server.abort();

    let mut json_routes = serde_json::Map::new();
    let mut all = 0usize;
    let mut errors = 0usize;
    for (r, name) in ROUTES.iter().enumerate() {
        let v = &mut total.micros[r];
        v.sort_unstable();
        let ms = |p: f64| percentile(v, p) as f64 / 1000.0;
        let (p50, p90, p99, max) = (ms(50.0), ms(90.0), ms(99.0), v.last().copied().unwrap_or(0) as f64 / 1000.0);
        let rps = v.len() as f64 / elapsed.max(1e-9);
        println!(
            "  {name:<12}: {:>7} requests  {rps:>7.1} req/s  p50 {p50:>7.1} ms  p90 {p90:>7.1} ms  p99 {p99:>7.1} ms  max {max:>7.1} ms  errors {}",
            v.len(),
            total.errors[r]
        );
        all += v.len();
        errors += total.errors[r];
        json_routes.insert(
            (*name).to_owned(),
            serde_json::json!({
                "count": v.len(), "rps": round1(rps), "p50_ms": round1(p50), "p90_ms": round1(p90),
                "p99_ms": round1(p99), "max_ms": round1(max), "errors": total.errors[r],
            }),
        );
    }
    println!("  all routes  : {all:>7} requests  {:>7.1} req/s over {elapsed:.1} s", all as f64 / elapsed.max(1e-9));
    for (what, count) in &total.samples {
        println!("  unexpected  : {count} × {what}");
    }
    println!(
        "{}",
        serde_json::json!({
            "bench": "http", "engine": engine, "sessions": n, "think_ms": args.think_ms, "seconds": round1(elapsed),
            "requests": all, "rps": round1(all as f64 / elapsed.max(1e-9)), "errors": errors,
            "routes": json_routes,
        })
    );
    Ok(())
}

/// One session's loop after `offset`: caseload, a participant page, a quick log, until
/// `stop`, pausing `think` before each request.
async fn worker(
    addr: std::net::SocketAddr,
    s: Session,
    offset: Duration,
    think: Duration,
    stop: Instant,
    give_up: Instant,
) -> Tally<3> {
    let mut tally = Tally::default();
    tokio::time::sleep(offset).await;
    let mut conn: Option<Conn> = None;
    let cookie = format!("Cookie: jobbvei_session={}\r\n", s.token);
    let form = format!("{cookie}Content-Type: application/x-www-form-urlencoded\r\n");
    let mut round = 0usize;
    while Instant::now() < stop {
        let participant = s.participants.get(round % s.participants.len().max(1)).cloned().unwrap_or_default();
        round += 1;
        for (r, route) in ROUTES.iter().enumerate() {
            if Instant::now() >= stop {
                break;
            }
            let (method, path, body, expect) = match r {
                0 => ("GET", "/portefolje".to_owned(), String::new(), 200),
                1 => ("GET", format!("/deltaker/{participant}"), String::new(), 200),
                _ => ("POST", "/logg".to_owned(), quick_log_form(&s.csrf, &participant), 303),
            };
            if !think.is_zero() {
                tokio::time::sleep(think.min(stop.saturating_duration_since(Instant::now()))).await;
                if Instant::now() >= stop {
                    break;
                }
            }
            let t = Instant::now();
            let answer = tokio::time::timeout_at(
                give_up.into(),
                request(&mut conn, addr, method, &path, if method == "POST" { &form } else { &cookie }, &body),
            )
            .await;
            let micros = t.elapsed().as_micros() as u64;
            let what = match answer {
                Ok(Ok(status)) if status == expect => {
                    tally.micros[r].push(micros);
                    continue;
                }
                Ok(Ok(status)) => {
                    tally.micros[r].push(micros);
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

/// The quick-log form: a 15-minute phone meeting with the participant, started five minutes ago.
pub(crate) fn quick_log_form(csrf: &str, participant: &str) -> String {
    // "2026-11-23T09:25:00+01:00": the Oslo date and wall-clock minute.
    let at = to_oslo_rfc3339(SystemClock.now() - chrono::Duration::minutes(5));
    let (date, time) = (at.get(..10).unwrap_or_default(), at.get(11..16).unwrap_or_default());
    let fields = [
        ("csrf", csrf),
        ("kind", "deltakermote"),
        ("participant", participant),
        ("channel", "telefon"),
        ("date", date),
        ("time", time),
        ("minutes", "15"),
        ("travel_to", "0"),
        ("travel_from", "0"),
        ("status", "gjennomfort"),
    ];
    fields.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A keep-alive connection with what has been read past the last response.
pub(crate) struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

/// Sends one request on the kept-alive connection (opening one if needed) and returns the
/// status once the whole body has been read. `headers` are whole header lines (cookie or
/// bearer token, content type), each ending in CRLF.
pub(crate) async fn request(
    conn: &mut Option<Conn>,
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &str,
    body: &str,
) -> std::io::Result<u16> {
    let c = match conn {
        Some(c) => c,
        None => {
            let stream = TcpStream::connect(addr).await?;
            stream.set_nodelay(true)?;
            conn.insert(Conn { stream, buf: Vec::with_capacity(64 * 1024) })
        }
    };
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}");
    if method != "GET" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    head.push_str(body);
    c.stream.write_all(head.as_bytes()).await?;

    let end = loop {
        if let Some(i) = find(&c.buf, b"\r\n\r\n") {
            break i + 4;
        }
        fill(c).await?;
    };
    let text = String::from_utf8_lossy(&c.buf[..end]).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse::<u16>().ok()).ok_or_else(|| bad("no status line"))?;
    let header = |name: &str| {
        text.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_ascii_lowercase())
        })
    };
    let close = header("connection").is_some_and(|v| v == "close");
    c.buf.drain(..end);
    if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        read_chunked(c).await?;
    } else {
        let len: usize = header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
        while c.buf.len() < len {
            fill(c).await?;
        }
        c.buf.drain(..len);
    }
    if close {
        *conn = None;
    }
    Ok(status)
}

async fn read_chunked(c: &mut Conn) -> std::io::Result<()> {
    loop {
        let line_end = loop {
            if let Some(i) = find(&c.buf, b"\r\n") {
                break i;
            }
            fill(c).await?;
        };
        let size_text = String::from_utf8_lossy(&c.buf[..line_end]).into_owned();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| bad("bad chunk size"))?;
        c.buf.drain(..line_end + 2);
        if size == 0 {
            // No trailers are sent by the server: just the closing CRLF.
            while c.buf.len() < 2 {
                fill(c).await?;
            }
            c.buf.drain(..2);
            return Ok(());
        }
        while c.buf.len() < size + 2 {
            fill(c).await?;
        }
        c.buf.drain(..size + 2);
    }
}

async fn fill(c: &mut Conn) -> std::io::Result<()> {
    let mut chunk = [0u8; 16 * 1024];
    let n = c.stream.read(&mut chunk).await?;
    if n == 0 {
        return Err(bad("the server closed the connection"));
    }
    c.buf.extend_from_slice(&chunk[..n]);
    Ok(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn bad(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned())
}

/// Nearest-rank percentile of sorted values.
pub(crate) fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A Jobbvei server on a free loopback port over `db`, as the HTTP benchmarks drive it: no
/// OIDC, no extract key, plain http.
pub(crate) async fn loopback_server(
    db: &Db,
) -> Result<(std::net::SocketAddr, tokio::task::JoinHandle<std::io::Result<()>>), CliError> {
    let listener =
        tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(CliError::io("could not listen on 127.0.0.1"))?;
    let addr = listener.local_addr().map_err(CliError::io("could not read the listening address"))?;
    let state = AppState {
        db: db.clone(),
        clock: Arc::new(SystemClock),
        oidc: None,
        guard: Default::default(),
        extract_key: None,
    };
    Ok((addr, tokio::spawn(jobbvei_web::serve(state, listener))))
}

/// The engine's name in a benchmark's output.
pub(crate) fn engine_name(location: &Location) -> &'static str {
    match location {
        Location::Sqlite(_) => "sqlite",
        Location::Postgres(_) => "postgres",
    }
}
