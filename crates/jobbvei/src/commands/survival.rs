//! `jobbvei report survival`: time to first paid job by group (rule R2@1), as JSON or CSV.
//!
//! JSON is one object: `rule`; `groups`, each with `group_kind`, `group_id`, `n`, `events`,
//! `censored`, `median_days`, `at_risk` (by day: `"0"`, `"90"`, `"180"`, `"365"`, `"730"`)
//! and `curve`, one row per day on which anything happens (`day`, `at_risk`, `events`,
//! `censored`, `survival`, `lower`, `upper`); and `logrank` (`chi2`, `df`, `p`). What is
//! undefined is `null`. CSV has one line per curve row: `group_kind`, `group_id` and the
//! curve's columns, empty where JSON has `null`; the summaries are JSON's alone.

use std::io::Write;

use chrono::NaiveDate;
use jobbvei_domain::survival::{KaplanMeier, LogRank, SurvivalBy, SurvivalReport, SurvivalSpec, compute};
use jobbvei_store::Location;

use crate::cli::{FollowUpWindow, FormatArg, SurvivalArgs, SurvivalByArg};
use crate::commands::demo::parse_date;
use crate::commands::output::{csv_cell, json_num as num, json_text as text};
use crate::error::CliError;

pub async fn run(location: &Location, args: SurvivalArgs) -> Result<(), CliError> {
    let (from, to, as_of) = window(&args.window)?;
    let spec = SurvivalSpec::new(from, to, as_of, by(args.by)).map_err(|e| CliError::Usage(e.into()))?;
    let db = location.open().await?;
    let data = db.survival_data(from, to).await;
    db.close().await;
    let report = compute(&data?, &spec);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        FormatArg::Json => write_json(&report, &mut out),
        FormatArg::Csv => write_csv(&report, &mut out),
    };
    written.and_then(|()| out.flush()).map_err(CliError::io("could not write the report"))
}

/// `--from`, `--to` and `--as-of`, in order: the window and the day it is followed up to.
pub(crate) fn window(w: &FollowUpWindow) -> Result<(NaiveDate, NaiveDate, NaiveDate), CliError> {
    let from = parse_date(&w.from, "--from")?;
    let to = parse_date(&w.to, "--to")?;
    let as_of = parse_date(&w.as_of, "--as-of")?;
    if to < from {
        return Err(CliError::Usage("--to must not be before --from".into()));
    }
    if as_of < to {
        return Err(CliError::Usage("--as-of must not be before --to".into()));
    }
    Ok((from, to, as_of))
}

fn by(b: SurvivalByArg) -> SurvivalBy {
    match b {
        SurvivalByArg::Method => SurvivalBy::Method,
        SurvivalByArg::Team => SurvivalBy::Team,
        SurvivalByArg::Office => SurvivalBy::Office,
        SurvivalByArg::NorwegianLevel => SurvivalBy::NorwegianLevel,
        SurvivalByArg::StartYear => SurvivalBy::StartYear,
        SurvivalByArg::All => SurvivalBy::All,
    }
}

/// One group per line, the whole curve on it, so that a diff of two reports reads by group.
fn write_json(r: &SurvivalReport, out: &mut dyn Write) -> std::io::Result<()> {
    write!(out, "{{\"rule\":{},\"groups\":[", text(r.rule))?;
    for (i, g) in r.groups.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        out.write_all(group_json(r.group_kind, &g.id, &g.curve).as_bytes())?;
    }
    out.write_all(if r.groups.is_empty() { b"]," } else { b"\n]," })?;
    writeln!(out, "\"logrank\":{}}}", logrank_json(r.logrank.as_ref()))
}

/// The log-rank test as a JSON object, `null` where it is undefined.
pub(crate) fn logrank_json(t: Option<&LogRank>) -> String {
    match t {
        Some(t) => format!("{{\"chi2\":{},\"df\":{},\"p\":{}}}", num(Some(t.chi2)), t.df, num(Some(t.p))),
        None => "null".into(),
    }
}

fn group_json(kind: SurvivalBy, id: &str, km: &KaplanMeier) -> String {
    format!("{{\"group_kind\":{},\"group_id\":{},{}}}", text(kind.code()), text(id), curve_fields(km))
}

/// A curve's summaries and rows as the members of a JSON object (without its braces).
pub(crate) fn curve_fields(km: &KaplanMeier) -> String {
    let at_risk: Vec<String> = km.at_risk.iter().map(|(day, n)| format!("\"{day}\":{n}")).collect();
    let curve: Vec<String> = km
        .rows
        .iter()
        .map(|r| {
            format!(
                "{{\"day\":{},\"at_risk\":{},\"events\":{},\"censored\":{},\"survival\":{},\"lower\":{},\"upper\":{}}}",
                r.day,
                r.at_risk,
                r.events,
                r.censored,
                num(Some(r.survival)),
                num(r.lower),
                num(r.upper)
            )
        })
        .collect();
    format!(
        "\"n\":{},\"events\":{},\"censored\":{},\"median_days\":{},\"at_risk\":{{{}}},\"curve\":[{}]",
        km.n,
        km.events,
        km.censored,
        km.median.map_or_else(|| "null".into(), |d| d.to_string()),
        at_risk.join(","),
        curve.join(",")
    )
}

fn write_csv(r: &SurvivalReport, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "group_kind,group_id,day,at_risk,events,censored,survival,lower,upper")?;
    let blank = |v: Option<f64>| if v.is_none() { String::new() } else { num(v) };
    for g in &r.groups {
        for row in &g.curve.rows {
            writeln!(
                out,
                "{},{},{},{},{},{},{},{},{}",
                r.group_kind.code(),
                csv_cell(&g.id),
                row.day,
                row.at_risk,
                row.events,
                row.censored,
                num(Some(row.survival)),
                blank(row.lower),
                blank(row.upper)
            )?;
        }
    }
    Ok(())
}
