//! One module per subcommand.

pub mod alerts;
pub mod audit;
pub mod backup;
pub mod bench;
pub mod bench_backup;
pub mod bench_effect;
pub mod bench_http;
pub mod bench_kpi;
pub mod bench_outcomes;
pub mod bench_writes;
pub mod compare;
pub mod cutoff;
pub mod demo;
pub mod extract;
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

/// `jobbvei migrate`: opening the database applies what is missing.
pub async fn migrate(location: &Location) -> Result<(), CliError> {
    let db = location.open().await?;
    println!("database is up to date ({})", location.describe());
    db.close().await;
    Ok(())
}
