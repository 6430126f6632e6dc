//! The benchmarks (docs/benchmarks.md).

use clap::{Args, ValueEnum};

use super::ScaleArg;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BenchKind {
    /// Demo data, a backup, a restore into an empty database (`--restore-server` for a
    /// PostgreSQL server, else the same engine) and a second backup that must be identical.
    Backup,
    /// Demo generation, export, import of the export into an empty database, and a second export.
    Exchange,
    /// KPI reports on the database as it is (load demo data first); then K1, K2, K3, K5 and K6
    /// per team and week from `jobbvei report kpi`, beside the same figures from hand-written
    /// SQL in the engine's own shell (sqlite3 or psql), proven equal row by row, then timed
    /// as processes.
    Kpi,
    /// `jobbvei alerts` for everyone on the `--as-of` day, on the database as it is.
    Alerts,
    /// `fidelity prefill` (quality guide) for every team over `--year`, on the database as it is.
    Fidelity,
    /// The whole country's outcome report (R1@1) for `--year`, on the database as it is.
    Outcomes,
    /// `report survival` and `report compare` for the whole country over `--year`, as of
    /// `--as-of`, on the database as it is.
    Effect,
    /// Latency and throughput of the caseload page, the participant page and the quick-log POST
    /// at N concurrent sessions, against a server this command starts on loopback.
    Http,
    /// Matching every participant with a profile, and one participant's page, against `--ads`
    /// open ads, on the database as it is (load demo data first).
    Ads,
    /// Concurrent writers: quick-log POSTs and API writes (`POST /api/v1/activities`) from
    /// `--sessions` job specialists without pauses for `--seconds`, against a server this
    /// command starts on loopback; count, errors (any is a failure) and p50/p99 per route.
    Writes,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    #[arg(value_enum)]
    pub kind: BenchKind,
    #[arg(long, value_enum, default_value = "small")]
    pub scale: ScaleArg,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Fixed history date for repeatable runs (YYYY-MM-DD).
    #[arg(long, default_value = "2026-11-20")]
    pub as_of: String,
    /// `kpi`: the calendar year to report.
    #[arg(long, default_value_t = 2025)]
    pub year: i32,
    /// `kpi`: the team for the one-team figure (default: the first team by id).
    #[arg(long)]
    pub team: Option<String>,
    /// `kpi`: how many times each measurement runs; the median is reported.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// `ads`: open ads to match against (generated beside the demo employers' own).
    #[arg(long, default_value_t = 50_000)]
    pub ads: usize,
    /// `http`, `writes`: concurrent signed-in sessions (one job specialist each).
    #[arg(long, default_value_t = 50)]
    pub sessions: usize,
    /// `backup`: restore into a scratch database on this PostgreSQL server instead of the same engine.
    #[arg(long)]
    pub restore_server: Option<String>,
    /// `http`, `writes`: how long the load runs, in seconds.
    #[arg(long, default_value_t = 20)]
    pub seconds: u64,
    /// `http`: pause of each session after every answer, in milliseconds (0: none, the
    /// worst case; a person reading a page before the next click pauses seconds).
    #[arg(long, default_value_t = 0)]
    pub think_ms: u64,
    /// `http`: where the benchmark's own server listens, a loopback address only (default
    /// 127.0.0.1 on a free port).
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<String>,
    /// `http`: the pages each session loads in turn, comma-separated, from caseload,
    /// participant, quick-log (the POST), quick-log-form (the GET), tall, employer, my-day
    /// (default caseload,participant,quick-log).
    #[arg(long, value_name = "LIST")]
    pub routes: Option<String>,
    /// `http`: change no record: leave out the quick-log POST (sessions and the audit log of
    /// each read are still written).
    #[arg(long)]
    pub read_only: bool,
    /// `http`: drive a Jobbvei server already running on this machine over the same database
    /// (repeatable: sessions are spread over them) instead of starting one.
    #[arg(long = "target", value_name = "URL")]
    pub targets: Vec<String>,
}
