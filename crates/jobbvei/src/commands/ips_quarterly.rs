//! `jobbvei report ips-quarterly`: the IPS Learning Community's quarterly report by rule
//! `R5@1` (docs/outcomes.md), as JSON or as CSV for Norwegian Excel. The page
//! `/resultater/ips` shows the same numbers and downloads the same CSV.
//!
//! JSON is an array with one object per group, quarter and line: `rule`, `group_kind`,
//! `group_id`, `quarter`, `served`, `working`, `new_jobs`, `education`, `rate` (a percentage,
//! unrounded; `null` when nobody was served) and `benchmark` (`null` likewise).

use std::io::Write;

use jobbvei_domain::kpi::GroupKind;
use jobbvei_domain::outcomes::quarterly::{QuarterlyReport, csv, quarterly};
use jobbvei_store::Location;

use crate::cli::{FormatArg, IpsQuarterlyArgs, ReferralByArg};
use crate::commands::demo::parse_date;
use crate::commands::output::{json_num, json_text as text};
use crate::error::CliError;

pub async fn run(location: &Location, args: IpsQuarterlyArgs) -> Result<(), CliError> {
    let (from, to) = (parse_date(&args.from, "--from")?, parse_date(&args.to, "--to")?);
    if to < from {
        return Err(CliError::Usage("--to must not be before --from".into()));
    }
    let by = match args.by {
        ReferralByArg::Team => GroupKind::Team,
        ReferralByArg::Office => GroupKind::Office,
        ReferralByArg::All => GroupKind::All,
    };
    let db = location.open().await?;
    let data = db.outcome_data(from, to).await;
    db.close().await;
    let report = quarterly(&data?, from, to, by);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        FormatArg::Json => write_json(&report, &mut out),
        FormatArg::Csv => out.write_all(csv(&report, false).as_bytes()),
    };
    written.and_then(|()| out.flush()).map_err(CliError::io("could not write the report"))
}

fn write_json(r: &QuarterlyReport, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(b"[")?;
    for (i, row) in r.rows.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        let line = format!(
            "{{\"rule\":{},\"group_kind\":{},\"group_id\":{},\"quarter\":{},\"served\":{},\"working\":{},\
             \"new_jobs\":{},\"education\":{},\"rate\":{},\"benchmark\":{}}}",
            text(r.rule()),
            text(r.group_kind.code()),
            text(&r.group_ids[row.group]),
            text(&row.quarter),
            row.served,
            row.working,
            row.new_jobs,
            row.education,
            json_num(row.rate()),
            row.benchmark().map_or_else(|| "null".to_owned(), |b| text(b.code())),
        );
        out.write_all(line.as_bytes())?;
    }
    out.write_all(if r.rows.is_empty() { b"]\n" } else { b"\n]\n" })
}
