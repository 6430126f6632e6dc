//! Administration: the database, user accounts, API tokens, the audit log, retention,
//! people's access requests and notices.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::{FormatArg, SmtpArgs};

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Create the database if it does not exist (the PostgreSQL database named in the URL, on
    /// its server, which needs the CREATEDB privilege; or the SQLite file) and apply the migrations.
    Create,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user; the new user's id is printed.
    Add(UserAddArgs),
    /// List users.
    List(UserListArgs),
    /// Set the password of an existing user (for example a demo user), read from standard input.
    Password(UserPasswordArgs),
    /// Set or remove the e-mail address notice mail goes to.
    Email(UserEmailArgs),
    /// Cut a user off at once: no sign-in, and every session and API token stops working.
    Disable(UserNameArgs),
    /// Let a disabled user in again (their tokens work again until they expire).
    Enable(UserNameArgs),
}

#[derive(Debug, Args)]
pub struct UserNameArgs {
    #[arg(long)]
    pub username: String,
}

#[derive(Debug, Args)]
pub struct UserEmailArgs {
    #[arg(long)]
    pub username: String,
    /// The address; leave out to remove it (no more mail).
    #[arg(long)]
    pub email: Option<String>,
}

#[derive(Debug, Args)]
pub struct UserPasswordArgs {
    #[arg(long)]
    pub username: String,
    /// Read the password from the first line of standard input (required: passwords never go on the command line).
    #[arg(long, required = true)]
    pub password_stdin: bool,
}

#[derive(Debug, Args)]
pub struct UserAddArgs {
    #[arg(long)]
    pub username: String,
    /// Full name.
    #[arg(long)]
    pub name: String,
    /// Role code (jobbspesialist, metodeveileder, veileder, leder, analytiker, admin, fagrevisor); repeat or
    /// separate with commas for several.
    #[arg(long = "role", required = true, value_delimiter = ',')]
    pub roles: Vec<String>,
    /// Team (exchange id).
    #[arg(long)]
    pub team: Option<String>,
    #[arg(long, default_value_t = 1.0)]
    pub fte: f64,
    /// Exchange id for the user; default the username.
    #[arg(long)]
    pub id: Option<String>,
    /// Read the password from the first line of standard input.
    #[arg(long)]
    pub password_stdin: bool,
    /// E-mail address for notice mail (not part of the exchange format).
    #[arg(long)]
    pub email: Option<String>,
}

#[derive(Debug, Args)]
pub struct UserListArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a personal API token; it is printed once, alone on the last line.
    Create(TokenCreateArgs),
    /// List tokens (never the secrets): id, owner, name, dates and whether each still works.
    List(TokenListArgs),
    /// Revoke a token at once, by the id `token list` shows.
    Revoke(TokenRevokeArgs),
}

#[derive(Debug, Args)]
pub struct TokenCreateArgs {
    #[arg(long)]
    pub username: String,
    /// What the token is for, shown in lists (1–100 characters).
    #[arg(long, default_value = "api")]
    pub name: String,
    /// Days until it expires (1–365).
    #[arg(long, default_value_t = 90)]
    pub days: i64,
}

#[derive(Debug, Args)]
pub struct TokenListArgs {
    /// Only this user's tokens.
    #[arg(long)]
    pub username: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct TokenRevokeArgs {
    #[arg(long)]
    pub id: String,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only entries about this participant (exchange id).
    #[arg(long)]
    pub participant: Option<String>,
    /// Only entries by this user (exchange id).
    #[arg(long)]
    pub user: Option<String>,
    /// Only entries from this day on (YYYY-MM-DD, Europe/Oslo).
    #[arg(long)]
    pub since: Option<String>,
    #[arg(long, value_enum)]
    pub format: FormatArg,
}

#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Anonymise the participants whose every course ended more than --years years before
    /// --as-of: names, numbers, contact details and free text go, the figures stay. Audited.
    Run(RetentionArgs),
}

#[derive(Debug, Args)]
pub struct RetentionArgs {
    /// The day the rule is judged on (YYYY-MM-DD).
    #[arg(long)]
    pub as_of: String,
    /// Anonymise when the last course ended more than this many years before --as-of (1–100).
    #[arg(long, env = "JOBBVEI_RETENTION_YEARS", default_value_t = 10)]
    pub years: u32,
    /// List the courses that would go (ids and end dates) and change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Everything stored about the participant with this fødselsnummer and every audit row
    /// about them (who read or changed what, when), as printable HTML or JSON. Audited.
    Report(PersonReportArgs),
}

#[derive(Debug, Args)]
pub struct PersonReportArgs {
    /// The person's fødselsnummer or d-nummer (11 digits).
    #[arg(long)]
    pub fnr: String,
    #[arg(long, value_enum, default_value = "html")]
    pub format: PersonFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PersonFormat {
    Html,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum NotifyCommand {
    /// Mail what is pending once (unannounced notices and the day's alert digest), then exit.
    Send(NotifySendArgs),
}

#[derive(Debug, Args)]
pub struct NotifySendArgs {
    /// The day of the alert digest (YYYY-MM-DD); default today in Europe/Oslo.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Address users reach Jobbvei at, for the links in the mail.
    #[arg(long, env = "JOBBVEI_PUBLIC_URL")]
    pub public_url: Option<String>,
    #[command(flatten)]
    pub smtp: SmtpArgs,
}
