//! `jobbvei report outcomes`: what became of the participants of a window, by rule `R1@1`
//! (docs/outcomes.md), as JSON or as CSV for Norwegian Excel.
//!
//! JSON is an array with one object per line: `rule`, `group_kind`, `group_id`, with
//! `--split` `split_value`, then `table`, `category`, `count`, `denominator`, `share`.
//! CSV has the same columns, in the format of the KPI page's export: a byte-order mark,
//! `;`, CRLF, a decimal comma, and formula-looking cells neutralised.

use std::io::Write;

use jobbvei_domain::outcomes::{OutcomeReport, OutcomeRow, OutcomeSpec, Split, compute};
use jobbvei_store::Location;

use crate::cli::{FormatArg, OutcomesArgs, SplitArg};
use crate::commands::demo::parse_date;
use crate::commands::output::{EXCEL_BOM, excel_cell, excel_num, json_num, json_text as text};
use crate::commands::report::group;
use crate::error::CliError;

pub async fn run(location: &Location, args: OutcomesArgs) -> Result<(), CliError> {
    let (from, to) = (parse_date(&args.from, "--from")?, parse_date(&args.to, "--to")?);
    if to < from {
        return Err(CliError::Usage("--to must not be before --from".into()));
    }
    let spec = OutcomeSpec { from, to, by: group(args.by), split: args.split.map(split) };
    let db = location.open().await?;
    let data = db.outcome_data(from, to).await;
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

fn split(s: SplitArg) -> Split {
    match s {
        SplitArg::NorwegianLevel => Split::NorwegianLevel,
        SplitArg::Interpreter => Split::Interpreter,
        SplitArg::BirthYear => Split::BirthYear,
        SplitArg::Method => Split::Method,
    }
}

fn count(v: u64) -> String {
    v.to_string()
}

pub fn write_json(r: &OutcomeReport, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(b"[")?;
    for (i, row) in r.rows.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        let split = row.split_value.as_deref().map(|v| format!(",\"split_value\":{}", text(v))).unwrap_or_default();
        let line = format!(
            "{{\"rule\":{},\"group_kind\":{},\"group_id\":{}{split},\"table\":{},\"category\":{},\"count\":{},\"denominator\":{},\"share\":{}}}",
            text(r.rule()),
            text(r.group_kind.code()),
            text(&r.group_ids[row.group]),
            text(row.table.code()),
            text(&row.category),
            count(row.count),
            row.denominator.map_or_else(|| "null".to_owned(), count),
            json_num(row.share),
        );
        out.write_all(line.as_bytes())?;
    }
    out.write_all(if r.rows.is_empty() { b"]\n" } else { b"\n]\n" })
}

pub fn write_csv(r: &OutcomeReport, out: &mut dyn Write) -> std::io::Result<()> {
    let split = r.split.is_some();
    write!(
        out,
        "{EXCEL_BOM}rule;group_kind;group_id;{}table;category;count;denominator;share\r\n",
        if split { "split_value;" } else { "" }
    )?;
    for row in &r.rows {
        write!(out, "{}\r\n", csv_line(r, row, split))?;
    }
    Ok(())
}

fn csv_line(r: &OutcomeReport, row: &OutcomeRow, split: bool) -> String {
    let value =
        if split { format!("{};", excel_cell(row.split_value.as_deref().unwrap_or_default())) } else { String::new() };
    format!(
        "{};{};{};{value}{};{};{};{};{}",
        r.rule(),
        r.group_kind.code(),
        excel_cell(&r.group_ids[row.group]),
        row.table.code(),
        excel_cell(&row.category),
        row.count,
        row.denominator.map(count).unwrap_or_default(),
        excel_num(row.share),
    )
}
