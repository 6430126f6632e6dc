//! `jobbvei fidelity prefill`: the items of an instrument that routine data can score, for one
//! team over one period, as rows `{"item", "measure", "value", "score", "rows"}` (JSON) or the
//! same columns as CSV. `value` and `score` are null where the team has no data, and `score`
//! also where the instrument suggests none; the computing is in
//! `jobbvei_domain::fidelity::prefill`.

use std::io::Write;

use jobbvei_domain::fidelity::prefill::{PrefilledItem, find, names, prefill as prefill_items};
use jobbvei_store::{KpiScope, Location};

use crate::cli::{FormatArg, PrefillArgs};
use crate::commands::demo::parse_date;
use crate::commands::output::{json_num as num, json_text as text};
use crate::error::CliError;

pub async fn prefill(location: &Location, args: PrefillArgs) -> Result<(), CliError> {
    let (from, to) = (parse_date(&args.from, "--from")?, parse_date(&args.to, "--to")?);
    if to < from {
        return Err(CliError::Usage("--to must not be before --from".into()));
    }
    let instrument = find(&args.instrument).ok_or_else(|| {
        CliError::Usage(format!(
            "unknown instrument \"{}\"; expected one of {} (an id alone means its newest version)",
            args.instrument,
            names().join(", ")
        ))
    })?;
    let db = location.open().await?;
    let loaded = async {
        if !db.exists("team", &args.team).await? {
            return Err(CliError::Usage(format!("no team with id \"{}\"", args.team)));
        }
        Ok(db.kpi_data(from, to, &KpiScope::Team(args.team.clone())).await?)
    }
    .await;
    db.close().await;
    let items = prefill_items(instrument, &loaded?, from, to, &args.team);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        FormatArg::Json => json(&items, &mut out),
        FormatArg::Csv => csv(&items, &mut out),
    };
    written.and_then(|()| out.flush()).map_err(CliError::io("could not write the items"))
}

fn score(i: &PrefilledItem) -> Option<f64> {
    i.score.map(f64::from)
}

fn json(items: &[PrefilledItem], out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(b"[")?;
    for (n, i) in items.iter().enumerate() {
        out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
        write!(
            out,
            "{{\"item\":{},\"measure\":{},\"value\":{},\"score\":{},\"rows\":{}}}",
            i.item,
            text(i.measure.code()),
            num(i.value),
            num(score(i)),
            i.rows
        )?;
    }
    out.write_all(if items.is_empty() { b"]\n" } else { b"\n]\n" })
}

fn csv(items: &[PrefilledItem], out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "item,measure,value,score,rows")?;
    let blank = |v: Option<f64>| if v.is_none() { String::new() } else { num(v) };
    for i in items {
        writeln!(out, "{},{},{},{},{}", i.item, i.measure.code(), blank(i.value), blank(score(i)), i.rows)?;
    }
    Ok(())
}
