//! The command line, as clap reads it.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    /// Import a file in the exchange format (all or nothing).
    Import(ImportArgs),
    /// Export everything in the exchange format.
    Export(ExportArgs),
    /// Fill the database with synthetic demo data.
    Demo(DemoArgs),
    /// Run a benchmark and print its figures.
    Bench(BenchArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
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

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BenchKind {
    /// Demo generation, export, import of the export into an empty database, and a second export.
    Exchange,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    #[arg(value_enum)]
    pub kind: BenchKind,
    #[arg(long, value_enum, default_value = "small")]
    pub scale: ScaleArg,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Fixed history date for repeatable runs (YYYY-MM-DD).
    #[arg(long, default_value = "2026-11-20")]
    pub as_of: String,
}
