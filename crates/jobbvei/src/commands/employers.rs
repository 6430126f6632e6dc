//! `jobbvei employers release`: the employer pipeline's daily round by hand
//! (`jobbvei_web::pipeline::release`), for cron or to see what it would do (`--dry-run`).
//! Output names records by id, as the command line does.

use jobbvei_domain::pipeline::MAX_RELEASE_DAYS;
use jobbvei_domain::time::{Clock, SystemClock};
use jobbvei_store::Location;
use jobbvei_web::pipeline::release::{self, Round};

use crate::cli::EmployersReleaseArgs;
use crate::commands::demo::parse_date;
use crate::error::CliError;

/// The release period, between one day and `MAX_RELEASE_DAYS`.
pub fn checked_days(days: u32, option: &str) -> Result<u32, CliError> {
    if (1..=MAX_RELEASE_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(CliError::Usage(format!(
            "{option} must be a whole number of days from 1 to {MAX_RELEASE_DAYS}, got {days}"
        )))
    }
}

pub async fn release(location: &Location, args: EmployersReleaseArgs) -> Result<(), CliError> {
    let as_of = parse_date(&args.as_of, "--as-of")?;
    let days = checked_days(args.release.days, "--days")?;
    let actor = std::env::var("USER").ok().map_or_else(|| "cli".to_owned(), |u| format!("cli:{u}"));
    let round = Round { as_of, now: SystemClock.now(), days, dry_run: args.dry_run, actor };
    let db = location.open().await?;
    let result = release::run(&db, &round).await;
    db.close().await;
    let out = result?;
    let verb = |done: &'static str, would: &'static str| if args.dry_run { would } else { done };
    for l in &out.noticed {
        println!(
            "{} employer {} holder {}: counting from {}, release on {}",
            verb("noticed", "would notice"),
            l.employer_id,
            l.holder_id,
            l.since,
            l.release_on
        );
    }
    for l in &out.released {
        println!(
            "{} employer {} from holder {}: counting from {}",
            verb("released", "would release"),
            l.employer_id,
            l.holder_id,
            l.since
        );
    }
    for id in &out.clocks_started {
        println!(
            "{} employer {}: no claim recorded for its holder, counting from {as_of}",
            verb("started clock for", "would start clock for"),
            id
        );
    }
    for (id, stage) in &out.stages {
        println!("{} employer {} to {}", verb("moved stage", "would move stage"), id, stage.code());
    }
    println!(
        "{}{} released, {} noticed, {} stage(s) moved ({days} days, as of {as_of})",
        if args.dry_run { "dry run, nothing changed: " } else { "" },
        out.released.len(),
        out.noticed.len(),
        out.stages.len()
    );
    Ok(())
}
