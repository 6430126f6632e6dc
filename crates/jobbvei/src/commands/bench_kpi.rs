//! `jobbvei bench kpi`: how long the KPI reports take on the data as it is, and the same
//! K1 and K2 from one hand-written SQL query run by the engine's own shell, side by side.

use std::process::Command;
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

    let k1k2 = spec(GroupKind::Team, PeriodKind::Week, &[Kpi::K1, Kpi::K2]);
    let (ours_ms, ours_rows) = timed(args.runs, || report(db, &KpiScope::Everything, &k1k2)).await?;
    let (sql_ms, sql_rows) = timed_shell(args.runs, location, from, to)?;
    println!("  K1+K2 per team and week, whole country, Jobbvei   : {ours_ms:>9.1} ms  ({ours_rows} rows)");
    println!(
        "  K1+K2 per team and week, one SQL query in {:<7} : {sql_ms:>9.1} ms  ({sql_rows} rows)",
        shell(location)
    );
    println!("  ratio Jobbvei ÷ engine alone                      : {:>9.2}", ours_ms / sql_ms.max(1e-9));
    println!(
        "{}",
        serde_json::json!({
            "bench": "kpi", "engine": engine, "year": args.year, "team": team,
            "one_team_week_ms": round1(team_ms), "country_year_ms": round1(country_ms),
            "k1k2_jobbvei_ms": round1(ours_ms), "k1k2_sql_ms": round1(sql_ms),
            "ratio": (ours_ms / sql_ms.max(1e-9) * 100.0).round() / 100.0,
        })
    );
    Ok(())
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

fn shell(location: &Location) -> &'static str {
    match location {
        Location::Sqlite(_) => "sqlite3",
        Location::Postgres(_) => "psql",
    }
}

/// K1 and K2 per team and ISO week, as a person would write them by hand.
fn k1k2_sql(location: &Location, from: NaiveDate, to: NaiveDate) -> String {
    let week = match location {
        Location::Sqlite(_) => {
            "date(a.local_date, '-' || ((CAST(strftime('%w', a.local_date) AS INTEGER) + 6) % 7) || ' days')"
        }
        Location::Postgres(_) => "CAST(date_trunc('week', a.local_date) AS date)",
    };
    format!(
        "WITH fte AS (SELECT team_id, SUM(fte) AS fte FROM app_user WHERE roles LIKE '%jobbspesialist%' GROUP BY team_id), \
         acts AS (SELECT u.team_id, {week} AS wk, \
           SUM(CASE WHEN a.status IN ('gjennomfort', 'deltaker_uteble') AND a.kind = 'arbeidsgivermote' \
             AND a.channel = 'fysisk' AND a.decision_maker = TRUE \
             AND a.subcategory IN ('jobbutvikling', 'relasjonsbygging') THEN 1 ELSE 0 END) AS k1, \
           SUM(CASE WHEN a.status IN ('gjennomfort', 'deltaker_uteble') AND a.out_of_office = TRUE \
             THEN a.minutes + COALESCE(a.travel_to, 0) + COALESCE(a.travel_from, 0) ELSE 0 END) AS k2 \
           FROM activity a JOIN app_user u ON u.id = a.user_id \
           WHERE a.local_date >= '{from}' AND a.local_date <= '{to}' AND u.roles LIKE '%jobbspesialist%' \
           GROUP BY 1, 2) \
         SELECT acts.team_id, acts.wk, acts.k1 / fte.fte, acts.k2 / (2250.0 * fte.fte) * 100 \
         FROM acts JOIN fte ON fte.team_id = acts.team_id ORDER BY 1, 2;"
    )
}

fn timed_shell(runs: usize, location: &Location, from: NaiveDate, to: NaiveDate) -> Result<(f64, usize), CliError> {
    let sql = k1k2_sql(location, from, to);
    let mut times = Vec::new();
    let mut rows = 0;
    for _ in 0..runs.max(1) {
        let mut cmd = match location {
            Location::Sqlite(path) => {
                let mut c = Command::new("sqlite3");
                c.arg(path).arg(&sql);
                c
            }
            Location::Postgres(url) => {
                let mut c = Command::new("psql");
                c.arg(url).args(["-At", "-c", &sql]);
                c
            }
        };
        let t = Instant::now();
        let out = cmd.output().map_err(CliError::io(format!("could not run {}", shell(location))))?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        if !out.status.success() {
            return Err(CliError::Usage(format!(
                "{} failed: {}",
                shell(location),
                String::from_utf8_lossy(&out.stderr)
            )));
        }
        rows = out.stdout.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count();
    }
    Ok((median(times), rows))
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
