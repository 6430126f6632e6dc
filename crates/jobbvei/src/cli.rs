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

#[derive(Debug, Args)]
pub struct AlertsArgs {
    /// The day to ask on (YYYY-MM-DD).
    #[arg(long)]
    pub as_of: String,
    /// Only the courses of this user (exchange id), as job specialist or the participant's veileder.
    #[arg(long)]
    pub user: Option<String>,
    #[arg(long, value_enum, default_value = "json")]
    pub format: FormatArg,
}

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
pub enum ReportCommand {
    /// Key figures K1–K9 per group and period, each with its rule id.
    Kpi(KpiArgs),
    /// What became of the participants of a window (rule R1@1, docs/outcomes.md).
    Outcomes(OutcomesArgs),
    /// The zero-exclusion figures of the referrals sent in a window, by team, office or all
    /// (rule R3@1, docs/referrals.md).
    Referrals(ReferralsArgs),
    /// Time to first paid job (Kaplan–Meier) of the courses started in a window, by group,
    /// with the log-rank test across the groups (rule R2@1; docs/evaluation.md).
    Survival(SurvivalArgs),
    /// Two groups of the same kind compared after exact matching on birth-year band,
    /// Norwegian level, interpreter need and start year (rule R4@1; docs/evaluation.md).
    Compare(CompareArgs),
    /// The IPS Learning Community's quarterly report of the IPS courses: people served, in
    /// work, new jobs, in education and the employment rate against 31/41/50 % (rule R5@1;
    /// docs/outcomes.md).
    #[command(name = "ips-quarterly")]
    IpsQuarterly(IpsQuarterlyArgs),
}

#[derive(Debug, Args)]
pub struct IpsQuarterlyArgs {
    /// First day of the report (YYYY-MM-DD); its first quarter is cut to it.
    #[arg(long)]
    pub from: String,
    /// Last day of the report (YYYY-MM-DD); its last quarter is cut to it.
    #[arg(long)]
    pub to: String,
    #[arg(long, value_enum)]
    pub by: ReferralByArg,
    /// json, or csv for Norwegian Excel (BOM, `;`, decimal comma).
    #[arg(long, value_enum, default_value = "json")]
    pub format: FormatArg,
}

/// The courses that started in a window, followed up to a day.
#[derive(Debug, Args)]
pub struct FollowUpWindow {
    /// First day of the window the courses started in (YYYY-MM-DD).
    #[arg(long)]
    pub from: String,
    /// Last day of the window (YYYY-MM-DD).
    #[arg(long)]
    pub to: String,
    /// The day the courses are followed up to and statuses read on (YYYY-MM-DD), not before --to.
    #[arg(long)]
    pub as_of: String,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub window: FollowUpWindow,
    /// KIND:ID, KIND one of method, team, office (for example team:t1 or method:IPS).
    #[arg(long)]
    pub group_a: String,
    /// KIND:ID of the same kind as --group-a.
    #[arg(long)]
    pub group_b: String,
    /// json only.
    #[arg(long, value_enum, default_value = "json")]
    pub format: JsonFormatArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum JsonFormatArg {
    Json,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// First day of the window (YYYY-MM-DD): the courses open on a day of it.
    #[arg(long)]
    pub from: String,
    /// Last day of the window (YYYY-MM-DD): the day statuses are read on.
    #[arg(long)]
    pub to: String,
    /// A file of at least 32 bytes, the pseudonyms' key; kept outside the database.
    #[arg(long)]
    pub key_file: PathBuf,
    /// The least number of rows each combination of the quasi-identifiers may have.
    #[arg(long, default_value_t = 5)]
    pub k: usize,
    /// The CSV file to write.
    #[arg(long)]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct OutcomesArgs {
    /// First day of the window (YYYY-MM-DD).
    #[arg(long)]
    pub from: String,
    /// Last day of the window (YYYY-MM-DD): the day each course's status is read on.
    #[arg(long)]
    pub to: String,
    #[arg(long, value_enum)]
    pub by: GroupArg,
    /// Split every table by the participant's background or the method.
    #[arg(long, value_enum)]
    pub split: Option<SplitArg>,
    /// json, or csv for Norwegian Excel (BOM, `;`, decimal comma).
    #[arg(long, value_enum, default_value = "json")]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct ReferralsArgs {
    /// First day of the window the referrals were sent in (YYYY-MM-DD).
    #[arg(long)]
    pub from: String,
    /// Last day of the window (YYYY-MM-DD): the day decisions and course starts are read on.
    #[arg(long)]
    pub to: String,
    #[arg(long, value_enum)]
    pub by: ReferralByArg,
    /// json, or csv for Norwegian Excel (BOM, `;`, decimal comma).
    #[arg(long, value_enum, default_value = "json")]
    pub format: FormatArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReferralByArg {
    Team,
    Office,
    All,
}

#[derive(Debug, Args)]
pub struct SurvivalArgs {
    #[command(flatten)]
    pub window: FollowUpWindow,
    #[arg(long, value_enum)]
    pub by: SurvivalByArg,
    #[arg(long, value_enum, default_value = "json")]
    pub format: FormatArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SplitArg {
    #[value(name = "norwegian_level")]
    NorwegianLevel,
    Interpreter,
    #[value(name = "birth_year")]
    BirthYear,
    Method,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SurvivalByArg {
    Method,
    Team,
    Office,
    #[value(name = "norwegian_level")]
    NorwegianLevel,
    #[value(name = "start_year")]
    StartYear,
    All,
}

#[derive(Debug, Subcommand)]
pub enum FidelityCommand {
    /// The items of an instrument that routine data can score, with the team's figure over the
    /// whole period, the rows behind it and the suggested score.
    Prefill(PrefillArgs),
}

#[derive(Debug, Args)]
pub struct PrefillArgs {
    /// kvalitetsveileder-2019 or ips-25; an id alone means the newest version.
    #[arg(long)]
    pub instrument: String,
    /// The team (exchange id).
    #[arg(long)]
    pub team: String,
    /// First day of the review period (YYYY-MM-DD).
    #[arg(long)]
    pub from: String,
    /// Last day (YYYY-MM-DD), also the date by which marks (K3, K8) must have passed.
    #[arg(long)]
    pub to: String,
    #[arg(long, value_enum, default_value = "json")]
    pub format: FormatArg,
}

#[derive(Debug, Subcommand)]
pub enum DocsCommand {
    /// The KPI definitions as Markdown (docs/kpi.md).
    Kpi,
    /// The outcome rule R1@1 as Markdown (docs/outcomes.md).
    Outcomes,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GroupArg {
    #[value(name = "job_specialist")]
    JobSpecialist,
    Team,
    Office,
    All,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PeriodArg {
    Week,
    Month,
    Quarter,
    Year,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct KpiArgs {
    /// First day (YYYY-MM-DD).
    #[arg(long)]
    pub from: String,
    /// Last day (YYYY-MM-DD), also the date by which marks (K3, K7, K8) must have passed.
    #[arg(long)]
    pub to: String,
    #[arg(long, value_enum)]
    pub by: GroupArg,
    #[arg(long, value_enum)]
    pub period: PeriodArg,
    /// Comma-separated, e.g. K1,K1p,K2 (K5 means K5a and K5b); default all.
    #[arg(long)]
    pub kpi: Option<String>,
    #[arg(long, value_enum, default_value = "json")]
    pub format: FormatArg,
    /// Only this team (its exchange id): its members, courses and activities, and rows only
    /// for the team, its office, its job specialists or `all`, as `--by` asks.
    #[arg(long, conflicts_with_all = ["office", "user"])]
    pub team: Option<String>,
    /// Only this office (its exchange id): the members of its teams, their courses and
    /// activities, and rows only for the office, its teams or their job specialists.
    #[arg(long, conflicts_with = "user")]
    pub office: Option<String>,
    /// Only this user (their exchange id): their courses and activities, and rows only for
    /// them, their team or their office.
    #[arg(long)]
    pub user: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Jobbvei runs behind a reverse proxy that sets X-Forwarded-For: take the client's address
    /// (for the sign-in throttle and the audit log) from its last entry. Off by default, since
    /// anyone can send that header.
    #[arg(long, env = "JOBBVEI_TRUST_PROXY")]
    pub trust_proxy: bool,
    /// File holding the key (at least 32 bytes) that pseudonymises the research extract
    /// analysts download from /effekt; read once at start and kept in memory only. Without
    /// it the page offers no extract (docs/evaluation.md).
    #[arg(long, env = "JOBBVEI_EXTRACT_KEY_FILE", value_name = "FILE")]
    pub extract_key_file: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub oidc: OidcArgs,
    #[command(flatten)]
    pub smtp: SmtpArgs,
    /// Days without a done contact by the holder before the daily round frees a relationship.
    #[arg(long, env = "JOBBVEI_EMPLOYER_RELEASE_DAYS", default_value_t = jobbvei_domain::pipeline::DEFAULT_RELEASE_DAYS)]
    pub employer_release_days: u32,
}

/// E-mail about notices through an internal SMTP relay, off unless a host is given
/// (docs/notifications.md).
#[derive(Debug, Args)]
pub struct SmtpArgs {
    /// SMTP relay to send notice mail through (plain SMTP without STARTTLS: an internal relay only).
    #[arg(long, env = "JOBBVEI_SMTP_HOST")]
    pub smtp_host: Option<String>,
    #[arg(long, env = "JOBBVEI_SMTP_PORT", default_value_t = 25)]
    pub smtp_port: u16,
    /// Sender address of notice mail, e.g. jobbvei@nav.no.
    #[arg(long, env = "JOBBVEI_SMTP_FROM")]
    pub smtp_from: Option<String>,
}

/// Sign-in with a NAV account (OpenID Connect), off unless an issuer is given (docs/oidc.md).
#[derive(Debug, Args)]
pub struct OidcArgs {
    /// OpenID Connect issuer, e.g. https://login.microsoftonline.com/TENANT/v2.0: adds "Logg inn med NAV-konto".
    #[arg(long, env = "JOBBVEI_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    /// Client (application) id registered at the issuer.
    #[arg(long, env = "JOBBVEI_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,
    /// File holding the client secret; or set JOBBVEI_OIDC_CLIENT_SECRET. Never on the command line.
    #[arg(long, env = "JOBBVEI_OIDC_CLIENT_SECRET_FILE")]
    pub oidc_client_secret_file: Option<PathBuf>,
    /// ID token claim holding the Jobbvei username (NAV's Azure AD: NAVident).
    #[arg(long, env = "JOBBVEI_OIDC_USERNAME_CLAIM", default_value = "preferred_username")]
    pub oidc_username_claim: String,
    /// Address users reach Jobbvei at, e.g. https://jobbvei.intern.nav.no; the issuer sends them back to
    /// <PUBLIC_URL>/logg-inn/oidc. When it is https, cookies are Secure with the __Host- prefix and
    /// responses carry HSTS.
    #[arg(long, env = "JOBBVEI_PUBLIC_URL")]
    pub public_url: Option<String>,
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

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BenchKind {
    /// Demo data, a backup, a restore into an empty database (`--restore-server` for a
    /// PostgreSQL server, else the same engine) and a second backup that must be identical.
    Backup,
    /// Demo generation, export, import of the export into an empty database, and a second export.
    Exchange,
    /// KPI reports on the database as it is (load demo data first); then K1, K2, K3, K5 and K6
    /// per team and week from `jobbvei report kpi`, beside the same figures from hand-written
    /// SQL in the engine's own shell (sqlite3 or psql), proven equal row by row, then timed
    /// as processes.
    Kpi,
    /// `jobbvei alerts` for everyone on the `--as-of` day, on the database as it is.
    Alerts,
    /// `fidelity prefill` (quality guide) for every team over `--year`, on the database as it is.
    Fidelity,
    /// The whole country's outcome report (R1@1) for `--year`, on the database as it is.
    Outcomes,
    /// `report survival` and `report compare` for the whole country over `--year`, as of
    /// `--as-of`, on the database as it is.
    Effect,
    /// Latency and throughput of the caseload page, the participant page and the quick-log POST
    /// at N concurrent sessions, against a server this command starts on loopback.
    Http,
    /// Matching every participant with a profile, and one participant's page, against `--ads`
    /// open ads, on the database as it is (load demo data first).
    Ads,
    /// Concurrent writers: quick-log POSTs and API writes (`POST /api/v1/activities`) from
    /// `--sessions` job specialists without pauses for `--seconds`, against a server this
    /// command starts on loopback; count, errors (any is a failure) and p50/p99 per route.
    Writes,
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
    /// `kpi`: the calendar year to report.
    #[arg(long, default_value_t = 2025)]
    pub year: i32,
    /// `kpi`: the team for the one-team figure (default: the first team by id).
    #[arg(long)]
    pub team: Option<String>,
    /// `kpi`: how many times each measurement runs; the median is reported.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// `ads`: open ads to match against (generated beside the demo employers' own).
    #[arg(long, default_value_t = 50_000)]
    pub ads: usize,
    /// `http`, `writes`: concurrent signed-in sessions (one job specialist each).
    #[arg(long, default_value_t = 50)]
    pub sessions: usize,
    /// `backup`: restore into a scratch database on this PostgreSQL server instead of the same engine.
    #[arg(long)]
    pub restore_server: Option<String>,
    /// `http`, `writes`: how long the load runs, in seconds.
    #[arg(long, default_value_t = 20)]
    pub seconds: u64,
    /// `http`: pause of each session after every answer, in milliseconds (0: none, the
    /// worst case; a person reading a page before the next click pauses seconds).
    #[arg(long, default_value_t = 0)]
    pub think_ms: u64,
    /// `http`: where the benchmark's own server listens, a loopback address only (default
    /// 127.0.0.1 on a free port).
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<String>,
    /// `http`: the pages each session loads in turn, comma-separated, from caseload,
    /// participant, quick-log (the POST), quick-log-form (the GET), tall, employer, my-day
    /// (default caseload,participant,quick-log).
    #[arg(long, value_name = "LIST")]
    pub routes: Option<String>,
    /// `http`: change no record: leave out the quick-log POST (sessions and the audit log of
    /// each read are still written).
    #[arg(long)]
    pub read_only: bool,
    /// `http`: drive a Jobbvei server already running on this machine over the same database
    /// (repeatable: sessions are spread over them) instead of starting one.
    #[arg(long = "target", value_name = "URL")]
    pub targets: Vec<String>,
}
