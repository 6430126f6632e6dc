//! Reports computed from the data, reviews and alerts.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

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
