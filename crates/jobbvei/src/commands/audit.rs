//! `jobbvei audit`: the audit log as JSON or CSV, oldest first. The log holds ids and field
//! names, never the values of personal data.

use std::io::Write;

use jobbvei_domain::time::oslo_instant;
use jobbvei_store::{AuditEntry, AuditFilter, Location};

use crate::cli::{AuditArgs, FormatArg};
use crate::commands::demo::parse_date;
use crate::commands::output::{csv_cell, json_text};
use crate::error::CliError;

pub async fn run(location: &Location, args: AuditArgs) -> Result<(), CliError> {
    let since = match &args.since {
        Some(s) => Some(
            oslo_instant(parse_date(s, "--since")?, 0, 0)
                .ok_or_else(|| CliError::Usage(format!("--since {s} has no midnight in Oslo")))?,
        ),
        None => None,
    };
    let filter = AuditFilter { participant: args.participant, user: args.user, since };
    let db = location.open().await?;
    let entries = db.audit_entries(&filter).await;
    db.close().await;
    let entries = entries?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        FormatArg::Json => json(&entries, &mut out),
        FormatArg::Csv => csv(&entries, &mut out),
    };
    written.and_then(|()| out.flush()).map_err(CliError::io("could not write the audit log"))
}

fn opt(v: &Option<String>) -> String {
    v.as_deref().map_or_else(|| "null".into(), json_text)
}

fn json(entries: &[AuditEntry], out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(b"[")?;
    for (i, e) in entries.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        let fields: Vec<String> = e.fields.iter().map(|f| json_text(f)).collect();
        write!(
            out,
            "{{\"at\":\"{}\",\"user\":{},\"username\":{},\"role\":{},\"action\":{},\"record_type\":{},\"record\":{},\"fields\":[{}],\"ip\":{},\"outcome\":{}}}",
            jobbvei_domain::time::to_oslo_rfc3339(e.at),
            opt(&e.user_id),
            opt(&e.username),
            opt(&e.role),
            json_text(&e.action),
            opt(&e.record_type),
            opt(&e.record_id),
            fields.join(","),
            opt(&e.ip),
            json_text(&e.outcome),
        )?;
    }
    out.write_all(if entries.is_empty() { b"]\n" } else { b"\n]\n" })
}

fn csv(entries: &[AuditEntry], out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "at,user,username,role,action,record_type,record,fields,ip,outcome")?;
    let c = |v: &Option<String>| v.as_deref().map(csv_cell).unwrap_or_default();
    for e in entries {
        writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{}",
            jobbvei_domain::time::to_oslo_rfc3339(e.at),
            c(&e.user_id),
            c(&e.username),
            c(&e.role),
            csv_cell(&e.action),
            c(&e.record_type),
            c(&e.record_id),
            csv_cell(&e.fields.join(";")),
            c(&e.ip),
            csv_cell(&e.outcome),
        )?;
    }
    Ok(())
}
