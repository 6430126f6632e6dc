//! `jobbvei demo`: synthetic data through the importer's own checks.

use chrono::NaiveDate;
use jobbvei_domain::time::{Clock, SystemClock};
use jobbvei_exchange::demo::{DemoSpec, Scale};
use jobbvei_store::Location;

use crate::cli::{DemoArgs, ScaleArg};
use crate::error::CliError;

pub fn scale(s: ScaleArg) -> Scale {
    match s {
        ScaleArg::Small => Scale::Small,
        ScaleArg::Office => Scale::Office,
        ScaleArg::National => Scale::National,
    }
}

/// A date option: a four-digit year, as `YYYY-MM-DD` says. chrono alone would also take a
/// signed year of six digits (`+262142-12-31`), and a report to that day would build a
/// period for every week of 260,000 years.
pub fn parse_date(s: &str, option: &str) -> Result<NaiveDate, CliError> {
    let four_digit_year = s.len() > 4 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit) && s.as_bytes()[4] == b'-';
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) if four_digit_year => Ok(d),
        _ => Err(CliError::Usage(format!("{option} must be a date YYYY-MM-DD, got \"{s}\""))),
    }
}

pub async fn run(location: &Location, args: DemoArgs) -> Result<(), CliError> {
    let as_of = match &args.as_of {
        Some(s) => parse_date(s, "--as-of")?,
        None => SystemClock.today(),
    };
    let spec = DemoSpec { scale: scale(args.scale), seed: args.seed, as_of };
    let db = location.open().await?;
    let started = std::time::Instant::now();
    let summary = jobbvei_exchange::import::import_generated(&db, move |sink| {
        jobbvei_exchange::demo::generate(&spec, sink);
    })
    .await;
    let ads = match summary {
        Ok(_) => crate::commands::demo_ads::load(&db, args.seed, as_of, None).await,
        Err(_) => Ok((0, 0)),
    };
    db.close().await;
    let summary = summary?;
    let (ads, profiles) = ads?;
    println!(
        "demo data ({:?}, seed {}, up to {as_of}) written to {} in {:.1} s: {}; {ads} job ads, {profiles} vocational profiles",
        args.scale,
        args.seed,
        location.describe(),
        started.elapsed().as_secs_f64(),
        summary.describe()
    );
    Ok(())
}
