//! `jobbvei bench kpi`: how long the KPI reports take on the data as it is, and each KPI per
//! team and week from `jobbvei report kpi` beside the same figures from hand-written SQL run
//! by the engine's own shell (see `baseline`).

mod baseline;
mod facts;

use std::time::Instant;

use chrono::NaiveDate;
use jobbvei_domain::kpi::{GroupKind, Kpi, KpiSpec, PeriodKind, compute};
use jobbvei_store::{Db, KpiScope, Location};

use crate::cli::BenchArgs;
use crate::error::CliError;

pub async fn run(location: &Location, args: &BenchArgs) -> Result<(), CliError> {
    let db = location.open().await?;
    let result = measure(&db, location, args).await;
    db.close().await;
    result
}

/// Loads and computes every alert on `--as-of`, `--runs` times; reports the median.
pub async fn alerts(location: &Location, args: &BenchArgs) -> Result<(), CliError> {
    let as_of = crate::commands::demo::parse_date(&args.as_of, "--as-of")?;
    let db = location.open().await?;
    let result = timed(args.runs, || async {
        let data = db.alert_data(as_of, None).await?;
        Ok(jobbvei_domain::alerts::alerts(&data, as_of).len())
    })
    .await;
    db.close().await;
    let (ms, n) = result?;
    println!("bench alerts: as of {as_of}, {} runs (median)", args.runs);
    println!("  all alerts, whole country : {ms:>9.1} ms  ({n} alerts)");
    println!("{}", serde_json::json!({"bench": "alerts", "as_of": as_of.to_string(), "ms": round1(ms), "alerts": n}));
    Ok(())
}

async fn measure(db: &Db, location: &Location, args: &BenchArgs) -> Result<(), CliError> {
    let bad_year = || CliError::Usage(format!("--year {} is not a year", args.year));
    let from = NaiveDate::from_ymd_opt(args.year, 1, 1).ok_or_else(bad_year)?;
    let to = NaiveDate::from_ymd_opt(args.year, 12, 31).ok_or_else(bad_year)?;
    let team = match &args.team {
        Some(t) => t.clone(),
        None => db
            .kpi_data(from, from, &KpiScope::Everything)
            .await?
            .teams
            .first()
            .map(|t| t.id.clone())
            .ok_or_else(|| CliError::Usage("the database has no team; load demo data first".into()))?,
    };
    let engine = match location {
        Location::Sqlite(_) => "sqlite",
        Location::Postgres(_) => "postgres",
    };
    println!("bench kpi: year {}, engine {engine}, {} runs each (median)", args.year, args.runs);

    let spec = |by, period, kpis: &[Kpi]| KpiSpec { from, to, by, period, kpis: kpis.to_vec() };
    let team_scope = KpiScope::Team(team.clone());
    let one_team = spec(GroupKind::Team, PeriodKind::Week, Kpi::ALL);
    let (team_ms, team_rows) = timed(args.runs, || report(db, &team_scope, &one_team)).await?;
    println!("  one team ({team}), a year of weekly KPIs, all KPIs : {team_ms:>9.1} ms  ({team_rows} rows)");

    let country = spec(GroupKind::Team, PeriodKind::Year, Kpi::ALL);
    let (country_ms, country_rows) = timed(args.runs.min(3), || report(db, &KpiScope::Everything, &country)).await?;
    println!("  whole country, one year, all KPIs per team       : {country_ms:>9.1} ms  ({country_rows} rows)");

    let facts = facts::compare(db, &team, from, to, args.runs).await?;

    let load = machine_load();
    println!(
        "  per team and ISO week, whole country: `jobbvei report kpi` and the baseline SQL in {}, as processes, \
         alternating, {} runs each, min / median / max in ms (load before: {load})",
        baseline::shell(location),
        args.runs
    );
    let mut figures = Vec::new();
    for case in baseline::cases(location) {
        let t = baseline::compare(location, &case, from, to, args.runs)?;
        let (ours, theirs) = (Spread::of(&t.jobbvei), Spread::of(&t.baseline));
        let ratio = ours.median / theirs.median.max(1e-9);
        println!(
            "  {:<15} Jobbvei {ours}  baseline {theirs}  ratio {ratio:>5.2}  ({} figures, equal row by row)",
            case.label, t.rows
        );
        figures.push(serde_json::json!({
            "kpi": case.kpi, "figures": t.rows, "baseline_sql": case.file_names(),
            "jobbvei_ms": ours.json(), "baseline_ms": theirs.json(), "ratio": (ratio * 100.0).round() / 100.0,
        }));
    }
    println!("  load after: {}", machine_load());
    println!(
        "{}",
        serde_json::json!({
            "bench": "kpi", "engine": engine, "year": args.year, "team": team, "load": load,
            "one_team_week_ms": round1(team_ms), "country_year_ms": round1(country_ms), "facts": facts,
            "baseline": figures,
        })
    );
    Ok(())
}

/// Minimum, median and maximum of a set of times.
struct Spread {
    min: f64,
    median: f64,
    max: f64,
}

impl Spread {
    fn of(times: &[f64]) -> Spread {
        let mut v = times.to_vec();
        v.sort_by(f64::total_cmp);
        Spread { min: v[0], median: v[v.len() / 2], max: v[v.len() - 1] }
    }

    fn json(&self) -> serde_json::Value {
        serde_json::json!([round1(self.min), round1(self.median), round1(self.max)])
    }
}

impl std::fmt::Display for Spread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:>7.1} / {:>7.1} / {:>7.1}", self.min, self.median, self.max)
    }
}

/// The 1-, 5- and 15-minute load averages, as `uptime` shows them.
fn machine_load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// Loads and computes one report, returning its row count.
async fn report(db: &Db, scope: &KpiScope, spec: &KpiSpec) -> Result<usize, CliError> {
    let data = db.kpi_data_for(spec.from, spec.to, scope, &spec.kpis).await?;
    Ok(compute(&data, spec).rows.len())
}

async fn timed<F, Fut>(runs: usize, mut f: F) -> Result<(f64, usize), CliError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<usize, CliError>>,
{
    let mut times = Vec::new();
    let mut rows = 0;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        rows = f().await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    Ok((median(times), rows))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Pre-scores the quality guide for every team over `--year`, as `fidelity prefill` does
/// one team at a time; reports the total.
pub async fn fidelity(location: &Location, args: &BenchArgs) -> Result<(), CliError> {
    use jobbvei_domain::fidelity::prefill::{find, prefill};
    let bad_year = || CliError::Usage(format!("--year {} is not a year", args.year));
    let from = NaiveDate::from_ymd_opt(args.year, 1, 1).ok_or_else(bad_year)?;
    let to = NaiveDate::from_ymd_opt(args.year, 12, 31).ok_or_else(bad_year)?;
    let instrument = find("kvalitetsveileder-2019").ok_or_else(|| CliError::Usage("instrument missing".into()))?;
    let db = location.open().await?;
    let result = async {
        let teams: Vec<String> =
            db.kpi_data(from, from, &KpiScope::Everything).await?.teams.into_iter().map(|t| t.id).collect();
        let started = Instant::now();
        let mut items = 0;
        for team in &teams {
            let data = db.kpi_data(from, to, &KpiScope::Team(team.clone())).await?;
            items += prefill(instrument, &data, from, to, team).len();
        }
        Ok::<_, CliError>((teams.len(), items, started.elapsed().as_secs_f64() * 1000.0))
    }
    .await;
    db.close().await;
    let (teams, items, ms) = result?;
    println!("bench fidelity: kvalitetsveileder-2019, year {}, every team", args.year);
    println!("  pre-scoring of {teams} teams : {ms:>9.1} ms  ({items} items)");
    println!(
        "{}",
        serde_json::json!({"bench": "fidelity", "year": args.year, "teams": teams, "ms": round1(ms), "items": items})
    );
    Ok(())
}
