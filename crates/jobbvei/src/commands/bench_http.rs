//! `jobbvei bench http`: latency and throughput of Jobbvei's busiest pages at N concurrent
//! sessions. By default the server is started in this process on loopback (`--bind`, port 0
//! unless given) over the database as it is (load demo data first); with `--target URL`
//! (repeatable) the sessions are spread over servers already running on this machine against
//! the same database, and nothing is started. Each session is one job specialist with open
//! courses, signed in by a session row written here and removed at the end. A small HTTP/1.1
//! keep-alive client drives the pages of `--routes` in turn for `--seconds`.
//!
//! The quick-log POST really writes: every round adds one activity. `--read-only` leaves it
//! out, so a run changes no record (the session rows and the audit log of each read are still
//! written: they are part of every page's cost).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jobbvei_domain::time::{Clock, SystemClock, to_oslo_rfc3339};
use jobbvei_store::{Db, KpiScope, Location};
use jobbvei_web::AppState;
use jobbvei_web::auth::secret::{new_token, token_hash};

use super::bench_client::{Conn, request};
use super::bench_routes::{LOOPBACK_ANY, ROUTE_COUNT, Route, parse_bind, parse_routes, parse_target};
use crate::cli::BenchArgs;
use crate::error::CliError;

/// Participants per session to cycle through on the participant page and the quick log.
const PARTICIPANTS_PER_SESSION: usize = 5;
/// How long after `--seconds` a request still in flight may take before it is abandoned.
const GRACE: Duration = Duration::from_secs(5);

/// One signed-in job specialist.
struct Session {
    token: String,
    csrf: String,
    participants: Vec<String>,
    employers: Vec<String>,
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

impl<const N: usize> Tally<N> {
    fn absorb(&mut self, t: Tally<N>) {
        for r in 0..N {
            self.micros[r].extend_from_slice(&t.micros[r]);
            self.errors[r] += t.errors[r];
        }
        for (k, v) in t.samples {
            *self.samples.entry(k).or_default() += v;
        }
    }

    fn requests(&self) -> usize {
        self.micros.iter().map(Vec::len).sum()
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
            Ok(Ok(t)) => total.absorb(t),
            Ok(Err(e)) => eprintln!("warning: a {who} failed: {e}"),
            Err(_) => eprintln!("warning: a {who} did not finish in time"),
        }
    }
    total
}

/// What a run is asked to do, checked before anything is written.
struct Plan {
    routes: Vec<Route>,
    /// Servers to drive; empty: start one at `bind`.
    targets: Vec<SocketAddr>,
    bind: SocketAddr,
}

pub async fn run(location: &Location, args: &BenchArgs) -> Result<(), CliError> {
    if args.sessions == 0 || args.seconds == 0 {
        return Err(CliError::Usage("--sessions and --seconds must be at least 1".into()));
    }
    let routes = parse_routes(args.routes.as_deref(), args.read_only)?;
    let targets = args.targets.iter().map(|t| parse_target(t)).collect::<Result<Vec<_>, _>>()?;
    if !targets.is_empty() && args.bind.is_some() {
        return Err(CliError::Usage(
            "--bind starts a server and --target drives running ones: give one of them".into(),
        ));
    }
    let bind = match &args.bind {
        Some(b) => parse_bind(b)?,
        None => LOOPBACK_ANY,
    };
    let plan = Plan { routes, targets, bind };
    let db = location.open().await?;
    let result = measure(&db, location, args, &plan).await;
    db.close().await;
    result
}

async fn measure(db: &Db, location: &Location, args: &BenchArgs, plan: &Plan) -> Result<(), CliError> {
    let clock = SystemClock;
    let today = clock.today();
    let sessions = sign_in(db, today, args.sessions).await?;
    let hashes: Vec<String> = sessions.iter().map(|s| token_hash(&s.token)).collect();
    let result = drive(db, location, args, plan, sessions).await;
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
    let mut by_staff: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for course in data.courses.iter().filter(|c| c.is_open_on(today)) {
        let Some(staff) = course.staff.and_then(|i| data.staff.get(i)) else { continue };
        if staff.job_specialist {
            by_staff.entry(staff.id.clone()).or_default().0.push(course.participant.clone());
        }
    }
    // The employer page: employers of the specialist's own participants' jobs.
    for job in &data.jobs {
        let staff = data.courses.get(job.course).and_then(|c| c.staff).and_then(|i| data.staff.get(i));
        if let Some((_, employers)) = staff.and_then(|s| by_staff.get_mut(&s.id)) {
            employers.push(job.employer.clone());
        }
    }
    if by_staff.is_empty() {
        return Err(CliError::Usage(format!("no job specialist has open courses on {today}; load demo data first")));
    }
    // More sessions than people (office demo data has 17): each person is signed in more
    // than once, as with a phone and a laptop, and every session is its own sign-in.
    if by_staff.len() < n {
        eprintln!(
            "note: {} job specialists have open courses on {today}; the {n} sessions share them (up to {} each)",
            by_staff.len(),
            n.div_ceil(by_staff.len())
        );
    }
    let any_employer = data.jobs.first().map(|j| j.employer.clone());
    let random = |_| CliError::Usage("the system's random source failed".into());
    let now = SystemClock.now();
    let mut sessions = Vec::with_capacity(n);
    let mut tx = db.begin().await?;
    let people: Vec<_> = by_staff.into_iter().collect();
    for (user, (mut participants, mut employers)) in people.iter().cycle().take(n).cloned() {
        participants.sort();
        participants.dedup();
        participants.truncate(PARTICIPANTS_PER_SESSION);
        employers.sort();
        employers.dedup();
        employers.truncate(PARTICIPANTS_PER_SESSION);
        if employers.is_empty() {
            employers.extend(any_employer.clone());
        }
        let token = new_token().map_err(random)?;
        let csrf = new_token().map_err(random)?;
        tx.create_session(&token_hash(&token), &user, &csrf, now).await?;
        sessions.push(Session { token, csrf, participants, employers });
    }
    tx.commit().await?;
    Ok(sessions)
}

async fn drive(
    db: &Db,
    location: &Location,
    args: &BenchArgs,
    plan: &Plan,
    sessions: Vec<Session>,
) -> Result<(), CliError> {
    let (targets, server) = if plan.targets.is_empty() {
        let (addr, server) = loopback_server(db, plan.bind).await?;
        (vec![addr], Some(server))
    } else {
        (plan.targets.clone(), None)
    };
    let engine = engine_name(location);
    if server.is_none() {
        check_targets(&targets, sessions.first()).await?;
    }

    let n = sessions.len();
    let list = targets.iter().map(|a| format!("http://{a}")).collect::<Vec<_>>().join(", ");
    let started_here = if server.is_some() { "server started here" } else { "running servers" };
    println!(
        "bench http: {n} concurrent sessions for {} s, think time {} ms, engine {engine}, routes {}{}, {started_here} on {list}",
        args.seconds,
        args.think_ms,
        plan.routes.iter().map(|r| r.name()).collect::<Vec<_>>().join(","),
        if args.read_only { " (read-only)" } else { "" },
    );
    let think = Duration::from_millis(args.think_ms);

    let writer_before = writer_stats(db, server.is_some());
    let started = Instant::now();
    let stop = started + Duration::from_secs(args.seconds);
    let give_up = stop + GRACE;
    // Sessions go round-robin over the targets. With a think time they start spread over one
    // pause, as people do, rather than all clicking in the same millisecond for the whole run.
    let mut per_target: Vec<Vec<_>> = targets.iter().map(|_| Vec::new()).collect();
    for (i, s) in sessions.into_iter().enumerate() {
        let offset = think.mul_f64(i as f64 / n.max(1) as f64);
        let t = i % targets.len();
        let routes = plan.routes.clone();
        per_target[t].push(tokio::spawn(worker(targets[t], s, routes, offset, think, stop, give_up)));
    }
    let mut total: Tally<ROUTE_COUNT> = Tally::default();
    let mut by_target = Vec::new();
    for workers in per_target {
        let t = gather(workers, give_up, "worker").await;
        by_target.push(t.requests());
        total.absorb(t);
    }
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(s) = server {
        s.abort();
    }
    // Before the routes' lines: the summary in JSON stays the last line.
    if let (Some(before), Some(after)) = (writer_before, writer_stats(db, true)) {
        let (commits, turns) = (after.commits - before.commits, after.turns - before.turns);
        let (alone, held) = (after.alone - before.alone, (after.held - before.held).as_secs_f64());
        println!(
            "  writer      : {commits} commits of {turns} transactions, {alone} statements on their own, the turn held {:.0} % of the run",
            100.0 * held / elapsed.max(f64::EPSILON)
        );
    }
    report(&mut total, &by_target, &targets, elapsed, engine, n, args, plan);
    Ok(())
}

/// SQLite's writer, when the server measured runs in this process (a running server's is
/// out of reach): how much of the run the writes spent holding the one turn to write.
fn writer_stats(db: &Db, here: bool) -> Option<jobbvei_store::WriterStats> {
    match db {
        Db::Sqlite(_, w) if here => Some(w.stats()),
        _ => None,
    }
}

/// Each target must know the benchmark's sessions (serve the database they were written to).
async fn check_targets(targets: &[SocketAddr], session: Option<&Session>) -> Result<(), CliError> {
    let Some(s) = session else { return Ok(()) };
    let cookie = format!("Cookie: jobbvei_session={}\r\n", s.token);
    for addr in targets {
        let mut conn = None;
        match request(&mut conn, *addr, "GET", "/portefolje", &cookie, "").await {
            Ok(200) => {}
            Ok(status) => {
                return Err(CliError::Usage(format!(
                    "--target http://{addr} answered {status} for a benchmark session: does it serve the database given \
                     with --database-url?"
                )));
            }
            Err(e) => return Err(CliError::Usage(format!("--target http://{addr} could not be reached: {e}"))),
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn report(
    total: &mut Tally<ROUTE_COUNT>,
    by_target: &[usize],
    targets: &[SocketAddr],
    elapsed: f64,
    engine: &str,
    n: usize,
    args: &BenchArgs,
    plan: &Plan,
) {
    let per_s = |count: usize| count as f64 / elapsed.max(1e-9);
    let mut json_routes = serde_json::Map::new();
    let mut all = 0usize;
    let mut errors = 0usize;
    for route in &plan.routes {
        let (r, name) = (route.index(), route.name());
        let v = &mut total.micros[r];
        v.sort_unstable();
        let ms = |p: f64| percentile(v, p) as f64 / 1000.0;
        let (p50, p90, p99, max) = (ms(50.0), ms(90.0), ms(99.0), v.last().copied().unwrap_or(0) as f64 / 1000.0);
        let rps = per_s(v.len());
        println!(
            "  {name:<12}: {:>7} requests  {rps:>7.1} req/s  p50 {p50:>7.1} ms  p90 {p90:>7.1} ms  p99 {p99:>7.1} ms  max {max:>7.1} ms  errors {}",
            v.len(),
            total.errors[r]
        );
        all += v.len();
        errors += total.errors[r];
        json_routes.insert(
            name.to_owned(),
            serde_json::json!({
                "count": v.len(), "rps": round1(rps), "p50_ms": round1(p50), "p90_ms": round1(p90),
                "p99_ms": round1(p99), "max_ms": round1(max), "errors": total.errors[r],
            }),
        );
    }
    let mut json_targets = Vec::new();
    if targets.len() > 1 {
        for (addr, count) in targets.iter().zip(by_target) {
            println!("  http://{addr:<21}: {count:>7} requests  {:>7.1} req/s", per_s(*count));
            json_targets.push(serde_json::json!({ "target": format!("http://{addr}"), "requests": count, "rps": round1(per_s(*count)) }));
        }
    }
    println!("  all routes  : {all:>7} requests  {:>7.1} req/s over {elapsed:.1} s", per_s(all));
    for (what, count) in &total.samples {
        println!("  unexpected  : {count} × {what}");
    }
    println!(
        "{}",
        serde_json::json!({
            "bench": "http", "engine": engine, "sessions": n, "think_ms": args.think_ms, "seconds": round1(elapsed),
            "read_only": args.read_only, "targets": json_targets,
            "requests": all, "rps": round1(per_s(all)), "errors": errors,
            "routes": json_routes,
        })
    );
}

/// One session's loop after `offset`: the routes in turn, until `stop`, pausing `think`
/// before each request.
async fn worker(
    addr: SocketAddr,
    s: Session,
    routes: Vec<Route>,
    offset: Duration,
    think: Duration,
    stop: Instant,
    give_up: Instant,
) -> Tally<ROUTE_COUNT> {
    let mut tally = Tally::default();
    tokio::time::sleep(offset).await;
    let mut conn: Option<Conn> = None;
    let cookie = format!("Cookie: jobbvei_session={}\r\n", s.token);
    let form = format!("{cookie}Content-Type: application/x-www-form-urlencoded\r\n");
    let mut round = 0usize;
    let pick = |list: &[String], round: usize| list.get(round % list.len().max(1)).cloned().unwrap_or_default();
    while Instant::now() < stop {
        let participant = pick(&s.participants, round);
        let employer = pick(&s.employers, round);
        round += 1;
        for route in &routes {
            if Instant::now() >= stop {
                break;
            }
            let (r, name) = (route.index(), route.name());
            let (method, path, body, expect) = match route {
                Route::Caseload => ("GET", "/portefolje".to_owned(), String::new(), 200),
                Route::Participant => ("GET", format!("/deltaker/{participant}"), String::new(), 200),
                Route::QuickLog => ("POST", "/logg".to_owned(), quick_log_form(&s.csrf, &participant), 303),
                Route::QuickLogForm => ("GET", format!("/logg?deltaker={}", encode(&participant)), String::new(), 200),
                Route::Figures => ("GET", "/tall".to_owned(), String::new(), 200),
                Route::Employer => ("GET", format!("/arbeidsgiver/{employer}"), String::new(), 200),
                Route::MyDay => ("GET", "/min-dag".to_owned(), String::new(), 200),
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
                    format!("{name} answered {status}")
                }
                Ok(Err(e)) => {
                    conn = None;
                    format!("{name} failed: {e}")
                }
                Err(_) => {
                    tally.errors[r] += 1;
                    *tally.samples.entry(format!("{name} timed out")).or_default() += 1;
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

/// A Jobbvei server at `bind` (loopback) over `db`, as the HTTP benchmarks drive it: no
/// OIDC, no extract key, plain http. It is returned once it has read the open job ads it
/// keeps (`jobbvei_web::open_ads`), as a load balancer waits for a new instance: the
/// benchmarks measure a server at work, not its start.
pub(crate) async fn loopback_server(
    db: &Db,
    bind: SocketAddr,
) -> Result<(SocketAddr, tokio::task::JoinHandle<std::io::Result<()>>), CliError> {
    let listener =
        tokio::net::TcpListener::bind(bind).await.map_err(CliError::io(format!("could not listen on {bind}")))?;
    let addr = listener.local_addr().map_err(CliError::io("could not read the listening address"))?;
    let state = AppState {
        db: db.clone(),
        clock: Arc::new(SystemClock),
        oidc: None,
        guard: Default::default(),
        extract_key: None,
        suggestions: Default::default(),
        cases: Default::default(),
        timelines: Default::default(),
        days: Default::default(),
    };
    state.suggestions.open.read_ahead(db, state.clock.today()).await?;
    Ok((addr, tokio::spawn(jobbvei_web::serve(state, listener))))
}

/// The engine's name in a benchmark's output.
pub(crate) fn engine_name(location: &Location) -> &'static str {
    match location {
        Location::Sqlite(_) => "sqlite",
        Location::Postgres(_) => "postgres",
    }
}
