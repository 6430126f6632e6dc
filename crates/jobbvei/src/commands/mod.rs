//! One module per subcommand.

pub mod ads;
pub mod alerts;
pub mod audit;
pub mod backup;
pub mod bench;
pub mod bench_ads;
pub mod bench_backup;
pub mod bench_client;
pub mod bench_effect;
pub mod bench_http;
pub mod bench_kpi;
pub mod bench_outcomes;
pub mod bench_routes;
pub mod bench_writes;
pub mod compare;
pub mod cutoff;
pub mod demo;
pub mod demo_ads;
pub mod employers;
pub mod extract;
pub mod facts;
pub mod fidelity;
pub mod ips_quarterly;
pub mod notify;
pub mod outcomes;
pub mod output;
pub mod person;
pub mod referrals;
pub mod report;
pub mod retention;
pub mod serve;
pub mod survival;
pub mod transfer;
pub mod users;

use jobbvei_store::Location;

use crate::error::CliError;

/// `jobbvei db create`: the database made if missing, and migrated.
pub async fn db_create(location: &Location) -> Result<(), CliError> {
    let made = location.create_database().await?;
    let what = if made { "created" } else { "already exists" };
    println!("database {what}, up to date ({})", location.describe());
    Ok(())
}

/// `jobbvei migrate`: opening the database applies what is missing.
pub async fn migrate(location: &Location) -> Result<(), CliError> {
    let db = location.open().await?;
    println!("database is up to date ({})", location.describe());
    db.close().await;
    Ok(())
}
