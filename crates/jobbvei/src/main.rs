//! `jobbvei`: one binary that serves the web UI and runs the command-line jobs.
//!
//! Each subcommand lives in `commands/`; this file only parses the command line, sets up
//! logging and turns errors into a message and an exit status.

mod cli;
mod commands;
mod error;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

/// mimalloc for Rust's allocations and, through its `override` feature, for the bundled
/// SQLite's too. Rows are allocated on SQLite's worker threads and freed on the runtime's,
/// and glibc's malloc served that with locked arenas and frequent consolidation: at 50
/// sessions about a sixth of the server's time. Measured in docs/benchmarks.md ("Session 15").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("JOBBVEI_LOG").unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("warn,sqlx=error,jobbvei=info,jobbvei_web=info")
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), error::CliError> {
    let location = jobbvei_store::resolve_location(cli.global.database_url.as_deref(), &cli.global.data_dir)?;
    match cli.command {
        Command::Serve(args) => commands::serve::run(&location, args).await,
        Command::Migrate => commands::migrate(&location).await,
        Command::Db(cli::DbCommand::Create) => commands::db_create(&location).await,
        Command::Import(args) => commands::transfer::import(&location, args).await,
        Command::Export(args) => commands::transfer::export(&location, args).await,
        Command::Backup(args) => commands::backup::backup(&location, args).await,
        Command::Restore(args) => commands::backup::restore(&location, args).await,
        Command::Demo(args) => commands::demo::run(&location, args).await,
        Command::Bench(args) => commands::bench::run(&location, &cli.global.data_dir, args).await,
        Command::User(cli::UserCommand::Add(args)) => commands::users::add(&location, args).await,
        Command::User(cli::UserCommand::List(args)) => commands::users::list(&location, args).await,
        Command::User(cli::UserCommand::Password(args)) => commands::users::password(&location, args).await,
        Command::User(cli::UserCommand::Email(args)) => commands::notify::set_email(&location, args).await,
        Command::User(cli::UserCommand::Disable(args)) => commands::cutoff::disable(&location, args, true).await,
        Command::User(cli::UserCommand::Enable(args)) => commands::cutoff::disable(&location, args, false).await,
        Command::Token(cli::TokenCommand::Create(args)) => commands::cutoff::create_token(&location, args).await,
        Command::Token(cli::TokenCommand::List(args)) => commands::cutoff::list_tokens(&location, args).await,
        Command::Token(cli::TokenCommand::Revoke(args)) => commands::cutoff::revoke_token(&location, args).await,
        Command::Audit(args) => commands::audit::run(&location, args).await,
        Command::Retention(cli::RetentionCommand::Run(args)) => commands::retention::run(&location, args).await,
        Command::Person(cli::PersonCommand::Report(args)) => commands::person::report(&location, args).await,
        Command::Alerts(args) => commands::alerts::run(&location, args).await,
        Command::Report(cli::ReportCommand::Kpi(args)) => commands::report::kpi(&location, args).await,
        Command::Report(cli::ReportCommand::Outcomes(args)) => commands::outcomes::run(&location, args).await,
        Command::Report(cli::ReportCommand::Referrals(args)) => commands::referrals::run(&location, args).await,
        Command::Report(cli::ReportCommand::Survival(args)) => commands::survival::run(&location, args).await,
        Command::Report(cli::ReportCommand::Compare(args)) => commands::compare::run(&location, args).await,
        Command::Extract(args) => commands::extract::run(&location, args).await,
        Command::Report(cli::ReportCommand::IpsQuarterly(args)) => commands::ips_quarterly::run(&location, args).await,
        Command::Fidelity(cli::FidelityCommand::Prefill(args)) => commands::fidelity::prefill(&location, args).await,
        Command::Notify(cli::NotifyCommand::Send(args)) => commands::notify::send(&location, args).await,
        Command::Ads(cli::AdsCommand::Import(args)) => commands::ads::import(&location, args).await,
        Command::Ads(cli::AdsCommand::Sync(args)) => commands::ads::sync(&location, args).await,
        Command::Employers(cli::EmployersCommand::Release(args)) => commands::employers::release(&location, args).await,
        Command::Facts(cli::FactsCommand::Check) => commands::facts::check(&location).await,
        Command::Facts(cli::FactsCommand::Rebuild) => commands::facts::rebuild(&location).await,
        Command::Docs(cli::DocsCommand::Kpi) => {
            print!("{}", jobbvei_domain::kpi::rules::markdown());
            Ok(())
        }
        Command::Docs(cli::DocsCommand::Outcomes) => {
            print!("{}", jobbvei_domain::outcomes::markdown());
            Ok(())
        }
    }
}
