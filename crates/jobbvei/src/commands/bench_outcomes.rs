//! `jobbvei bench outcomes`: how long the whole country's outcome report (rule R1@1) for one
//! calendar year takes on the data as it is: the load and the counting apart, per team and
//! per job specialist split by birth year.

use std::time::Instant;

use chrono::NaiveDate;
use jobbvei_domain::kpi::GroupKind;
use jobbvei_domain::outcomes::{OutcomeSpec, Split, compute};
use jobbvei_store::Location;

use crate::cli::BenchArgs;
use crate::error::CliError;

pub async fn run(location: &Location, args: &BenchArgs) -> Result<(), CliError> {
    let bad_year = || CliError::Usage(format!("--year {} is not a year", args.year));
    let from = NaiveDate::from_ymd_opt(args.year, 1, 1).ok_or_else(bad_year)?;
    let to = NaiveDate::from_ymd_opt(args.year, 12, 31).ok_or_else(bad_year)?;
    let engine = match location {
        Location::Sqlite(_) => "sqlite",
        Location::Postgres(_) => "postgres",
    };
    let db = location.open().await?;
    // (load ms, count ms, courses, rows by team, rows by job specialist and birth year)
    let mut runs: Vec<(f64, f64, usize, usize, usize)> = Vec::new();
    for _ in 0..args.runs.max(1) {
        let started = Instant::now();
        let data = match db.outcome_data(from, to).await {
            Ok(d) => d,
            Err(e) => {
                db.close().await;
                return Err(e.into());
            }
        };
        let loaded = started.elapsed().as_secs_f64() * 1000.0;
        let counted = Instant::now();
        let by_team = compute(&data, &OutcomeSpec { from, to, by: GroupKind::Team, split: None }).rows.len();
        let spec = OutcomeSpec { from, to, by: GroupKind::JobSpecialist, split: Some(Split::BirthYear) };
        let by_person = compute(&data, &spec).rows.len();
        let counting = counted.elapsed().as_secs_f64() * 1000.0;
        runs.push((loaded, counting, data.courses.len(), by_team, by_person));
    }
    db.close().await;
    runs.sort_by(|a, b| (a.0 + a.1).total_cmp(&(b.0 + b.1)));
    let (load_ms, count_ms, courses, team_rows, person_rows) = runs[runs.len() / 2];
    let round1 = |x: f64| (x * 10.0).round() / 10.0;
    println!("bench outcomes: year {}, engine {engine}, {} runs (median of load + count)", args.year, runs.len());
    println!("  load, whole country                                  : {load_ms:>9.1} ms  ({courses} courses)");
    println!(
        "  count per team, and per job specialist by birth year : {count_ms:>9.1} ms  ({team_rows} + {person_rows} rows)"
    );
    println!("  total                                                : {:>9.1} ms", load_ms + count_ms);
    println!(
        "{}",
        serde_json::json!({
            "bench": "outcomes", "engine": engine, "year": args.year, "courses": courses,
            "load_ms": round1(load_ms), "count_ms": round1(count_ms), "total_ms": round1(load_ms + count_ms),
        })
    );
    Ok(())
}
