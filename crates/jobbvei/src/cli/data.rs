//! Data in and out: import, export, backups, demo data, job ads, the employer pipeline
//! and the stored facts.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub enum FactsCommand {
    /// Recompute every day's, course's and job's facts from the records and compare them with
    /// the stored ones: lists each difference and exits non-zero if there is any. Changes nothing.
    Check,
    /// Recompute every day's, course's and job's facts from the records and store them (one transaction).
    Rebuild,
}

#[derive(Debug, Subcommand)]
pub enum AdsCommand {
    /// Read a JSON Lines file of feed entries (one ad per line) and upsert the ads by uuid.
    Import(AdsImportArgs),
    /// Page through the live feed and upsert its ads the same way.
    Sync(AdsSyncArgs),
}

#[derive(Debug, Args)]
pub struct AdsImportArgs {
    pub file: PathBuf,
    /// Load the good ads and list the bad lines, instead of refusing the whole file.
    #[arg(long)]
    pub skip_bad: bool,
}

#[derive(Debug, Args)]
pub struct AdsSyncArgs {
    /// The first feed page, e.g. https://pam-stilling-feed.nav.no/api/v1/feed
    #[arg(long)]
    pub feed_url: String,
    /// A file holding the feed's bearer token (never on the command line).
    #[arg(long)]
    pub token_file: PathBuf,
    #[arg(long)]
    pub skip_bad: bool,
    /// Stop after this many pages.
    #[arg(long, default_value_t = 1000)]
    pub max_pages: usize,
}

#[derive(Debug, Subcommand)]
pub enum EmployersCommand {
    /// Release relationships whose holder has had no done contact with the employer for
    /// `--days`, tell holders two weeks before, and move stages the data has passed (what
    /// `serve` does once a day). Audited.
    Release(EmployersReleaseArgs),
}

#[derive(Debug, Args)]
pub struct EmployersReleaseArgs {
    /// The day to run as (YYYY-MM-DD).
    #[arg(long)]
    pub as_of: String,
    #[command(flatten)]
    pub release: ReleaseDaysArg,
    /// Print what would happen and change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Days without a done contact by the holder before a relationship is free again.
#[derive(Debug, Args)]
pub struct ReleaseDaysArg {
    #[arg(long = "days", env = "JOBBVEI_EMPLOYER_RELEASE_DAYS", default_value_t = jobbvei_domain::pipeline::DEFAULT_RELEASE_DAYS)]
    pub days: u32,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// File in the exchange format (JSON Lines); `-` reads standard input.
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ScaleArg {
    Small,
    Office,
    National,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    #[arg(long, value_enum, default_value = "small")]
    pub scale: ScaleArg,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Date the history runs up to (YYYY-MM-DD); default today in Europe/Oslo.
    #[arg(long)]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["output", "sqlite_copy"])))]
pub struct BackupArgs {
    /// Write the backup here (every table, with a checksum); `-` writes to standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Instead, copy the SQLite database, while the server runs, into this new file (`VACUUM INTO`).
    #[arg(long)]
    pub sqlite_copy: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A file written by `jobbvei backup --output`; `-` reads standard input.
    pub file: PathBuf,
}
