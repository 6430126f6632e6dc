//! `jobbvei alerts`: rows `{"kind", "course", "job", "due"}`, with course and job by their
//! exchange ids (`job` is null for alerts about a course).

use std::io::Write;

use jobbvei_domain::alerts::{Alert, AlertData, alerts};
use jobbvei_store::Location;

use crate::cli::{AlertsArgs, FormatArg};
use crate::commands::demo::parse_date;
use crate::commands::output::{csv_cell, json_text as text};
use crate::error::CliError;

pub async fn run(location: &Location, args: AlertsArgs) -> Result<(), CliError> {
    let as_of = parse_date(&args.as_of, "--as-of")?;
    let db = location.open().await?;
    let loaded = async {
        if let Some(user) = &args.user
            && !db.exists("user", user).await?
        {
            return Err(CliError::Usage(format!("no user with id \"{user}\"")));
        }
        Ok(db.alert_data(as_of, args.user.as_deref()).await?)
    }
    .await;
    db.close().await;
    let data = loaded?;
    let found = alerts(&data, as_of);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        FormatArg::Json => json(&data, &found, &mut out),
        FormatArg::Csv => csv(&data, &found, &mut out),
    };
    written.and_then(|()| out.flush()).map_err(CliError::io("could not write the alerts"))
}

fn ids<'a>(data: &'a AlertData, a: &Alert) -> (&'a str, Option<&'a str>) {
    (data.courses[a.course].id.as_str(), a.job.map(|j| data.jobs[j].id.as_str()))
}

fn json(data: &AlertData, found: &[Alert], out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(b"[")?;
    for (i, a) in found.iter().enumerate() {
        let (course, job) = ids(data, a);
        let job = job.map_or_else(|| "null".to_owned(), text);
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        write!(
            out,
            "{{\"kind\":{},\"course\":{},\"job\":{job},\"due\":\"{}\"}}",
            text(a.kind.code()),
            text(course),
            a.due
        )?;
    }
    out.write_all(if found.is_empty() { b"]\n" } else { b"\n]\n" })
}

fn csv(data: &AlertData, found: &[Alert], out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "kind,course,job,due")?;
    for a in found {
        let (course, job) = ids(data, a);
        writeln!(out, "{},{},{},{}", a.kind.code(), csv_cell(course), job.map(csv_cell).unwrap_or_default(), a.due)?;
    }
    Ok(())
}
