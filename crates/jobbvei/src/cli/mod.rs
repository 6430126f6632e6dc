//! The command line, as clap reads it: the top level here, each area's arguments in a
//! module of its own.

mod admin;
mod bench;
mod data;
mod report;
mod serve;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use admin::*;
pub use bench::*;
pub use data::*;
pub use report::*;
pub use serve::*;

#[derive(Debug, Parser)]
#[command(
    name = "jobbvei",
    version,
    about = "Case management, quality and evaluation for job specialists (SE, IPS, UO)"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Database URL: postgres://… for PostgreSQL; default is a SQLite file in the data folder.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Folder for the SQLite database and other local files.
    #[arg(long, env = "JOBBVEI_DATA_DIR", global = true, default_value = "./jobbvei-data")]
    pub data_dir: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the web server.
    Serve(ServeArgs),
    /// Apply database migrations and exit (they are also applied on every start).
    Migrate,
    /// Database housekeeping.
    #[command(subcommand)]
    Db(DbCommand),
    /// Import a file in the exchange format (all or nothing).
    Import(ImportArgs),
    /// Export everything in the exchange format.
    Export(ExportArgs),
    /// Back up the whole database to one file, or copy a running SQLite database (docs/operations.md).
    Backup(BackupArgs),
    /// Restore a backup file into an empty database (either engine).
    Restore(RestoreArgs),
    /// Fill the database with synthetic demo data.
    Demo(DemoArgs),
    /// Run a benchmark and print its figures.
    Bench(BenchArgs),
    /// A pseudonymised research extract of the courses of a window, one CSV row per course,
    /// k-anonymous on the background (DOMAIN.md §11; docs/evaluation.md). Audited.
    Extract(ExtractArgs),
    /// Alerts due on a day: probation, contract and subsidy ends, missing follow-up, long
    /// unpaid placements, first employer contact, inactivity and status checks.
    Alerts(AlertsArgs),
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Personal API tokens for the JSON API.
    #[command(subcommand)]
    Token(TokenCommand),
    /// List the audit log.
    Audit(AuditArgs),
    /// A person's rights (GDPR): everything stored about a person, for an access request.
    #[command(subcommand)]
    Person(PersonCommand),
    /// Retention: anonymise the people whose every course ended long ago (docs/retention.md).
    #[command(subcommand)]
    Retention(RetentionCommand),
    /// Reports computed from the data.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Fidelity and quality reviews.
    #[command(subcommand)]
    Fidelity(FidelityCommand),
    /// Print generated documentation (kept in docs/ and checked by the tests).
    #[command(subcommand)]
    Docs(DocsCommand),
    /// Notices to users.
    #[command(subcommand)]
    Notify(NotifyCommand),
    /// Job ads from NAV's job-ad feed (docs/ads.md).
    #[command(subcommand)]
    Ads(AdsCommand),
    /// The office's employer pipeline (docs/employer-pipeline.md).
    #[command(subcommand)]
    Employers(EmployersCommand),
    /// The facts the KPIs are read from: per user and day (K1, K1p, K2), per course (K3) and per job (K8) (docs/facts.md).
    #[command(subcommand)]
    Facts(FactsCommand),
}
