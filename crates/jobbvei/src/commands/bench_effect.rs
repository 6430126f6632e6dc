//! `jobbvei bench effect`: how long the whole country's `report survival` (by team) and
//! `report compare` (the two largest teams) take for the courses started in `--year`,
//! followed up to `--as-of`: the load and the computing apart, the median of `--runs`.

use std::time::Instant;

use chrono::NaiveDate;
use jobbvei_domain::evaluation::{CompareKind, CompareSpec, GroupRef, compare};
use jobbvei_domain::survival::{SurvivalBy, SurvivalSpec, compute};
use jobbvei_store::{Db, Location};

use crate::cli::BenchArgs;
use crate::commands::demo::parse_date;
use crate::error::CliError;

/// (load ms, compute ms) of one run.
type Run = (f64, f64);

fn median(mut runs: Vec<Run>) -> Run {
    runs.sort_by(|a, b| (a.0 + a.1).total_cmp(&(b.0 + b.1)));
    runs[runs.len() / 2]
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

pub async fn run(location: &Location, args: &BenchArgs) -> Result<(), CliError> {
    let db = location.open().await?;
    let result = measure(&db, args).await;
    db.close().await;
    let (from, to, as_of, survival, comparison, teams, courses, matched) = result?;
    let engine = match location {
        Location::Sqlite(_) => "sqlite",
        Location::Postgres(_) => "postgres",
    };
    let runs = args.runs.max(1);
    println!("bench effect: courses started {from}–{to}, as of {as_of}, engine {engine}, median of {runs} runs");
    println!(
        "  report survival --by team : load {:>8.1} ms, compute {:>6.1} ms, total {:>8.1} ms  ({courses} courses)",
        survival.0,
        survival.1,
        survival.0 + survival.1
    );
    println!(
        "  report compare {} : load {:>8.1} ms, compute {:>6.1} ms, total {:>8.1} ms  ({matched} matched pairs)",
        teams,
        comparison.0,
        comparison.1,
        comparison.0 + comparison.1
    );
    let round1 = |x: f64| (x * 10.0).round() / 10.0;
    println!(
        "{}",
        serde_json::json!({
            "bench": "effect", "engine": engine, "year": args.year, "as_of": as_of.to_string(),
            "courses": courses, "matched_pairs": matched,
            "survival_ms": round1(survival.0 + survival.1), "compare_ms": round1(comparison.0 + comparison.1),
        })
    );
    Ok(())
}

type Measured = (NaiveDate, NaiveDate, NaiveDate, Run, Run, String, usize, usize);

async fn measure(db: &Db, args: &BenchArgs) -> Result<Measured, CliError> {
    let bad_year = || CliError::Usage(format!("--year {} is not a year", args.year));
    let from = NaiveDate::from_ymd_opt(args.year, 1, 1).ok_or_else(bad_year)?;
    let to = NaiveDate::from_ymd_opt(args.year, 12, 31).ok_or_else(bad_year)?;
    let as_of = parse_date(&args.as_of, "--as-of")?.max(to);
    let spec = SurvivalSpec::new(from, to, as_of, SurvivalBy::Team).map_err(|e| CliError::Usage(e.into()))?;
    let mut survival = Vec::new();
    let mut courses = 0;
    let mut busiest: Vec<(usize, String)> = Vec::new();
    for _ in 0..args.runs.max(1) {
        let started = Instant::now();
        let data = db.survival_data(from, to).await?;
        let loaded = ms(started);
        let computed = Instant::now();
        let report = compute(&data, &spec);
        survival.push((loaded, ms(computed)));
        courses = data.courses.len();
        busiest = report.groups.iter().map(|g| (g.curve.n, g.id.clone())).collect();
    }
    // The two teams with the most courses, so that the comparison does the most work.
    busiest.sort_by(|a, b| b.cmp(a));
    let [(_, a), (_, b), ..] = busiest.as_slice() else {
        return Err(CliError::Usage("bench effect needs two teams with courses; load demo data first".into()));
    };
    let group = |id: &String| GroupRef { kind: CompareKind::Team, id: id.clone() };
    let cspec = CompareSpec::new(from, to, as_of, group(a), group(b)).map_err(|e| CliError::Usage(e.into()))?;
    let mut comparison = Vec::new();
    let mut matched = 0;
    for _ in 0..args.runs.max(1) {
        let started = Instant::now();
        let data = db.outcome_data(from, as_of).await?;
        let loaded = ms(started);
        let computed = Instant::now();
        let report = compare(&data, &cspec);
        comparison.push((loaded, ms(computed)));
        matched = report.a.matched;
    }
    let teams = format!("team:{a} team:{b}");
    Ok((from, to, as_of, median(survival), median(comparison), teams, courses, matched))
}
