//! `jobbvei import` and `jobbvei export`.

use std::fs::File;
use std::io::{BufReader, BufWriter, IsTerminal, Write};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jobbvei_store::Location;

use crate::cli::{ExportArgs, ImportArgs};
use crate::commands::users::cli_audit;
use crate::error::CliError;

pub async fn import(location: &Location, args: ImportArgs) -> Result<(), CliError> {
    let db = location.open().await?;
    let summary = if args.file.as_os_str() == "-" {
        let audit = cli_audit("import", None, None, &[]);
        jobbvei_exchange::import_reader_audited(&db, BufReader::new(std::io::stdin()), |_| {}, Some(audit)).await
    } else {
        let path = args.file.display().to_string();
        let file = File::open(&args.file).map_err(CliError::io(format!("could not open {path}")))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let bar = progress_bar(size);
        let shown = bar.clone();
        let audit = cli_audit("import", None, None, &[]);
        let reader = BufReader::with_capacity(1 << 20, file);
        let result =
            jobbvei_exchange::import_reader_audited(&db, reader, move |n| shown.set_position(n), Some(audit)).await;
        bar.finish_and_clear();
        result
    };
    db.close().await;
    let summary = summary?;
    println!("imported {} records: {}", summary.total(), summary.describe());
    Ok(())
}

/// A byte-count progress bar on stderr, drawn only when stderr is a terminal.
pub fn progress_bar(total: u64) -> ProgressBar {
    let target =
        if std::io::stderr().is_terminal() { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
    let bar = ProgressBar::with_draw_target(Some(total), target);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {elapsed} (eta {eta})") {
        bar.set_style(style);
    }
    bar
}

pub async fn export(location: &Location, args: ExportArgs) -> Result<(), CliError> {
    let db = location.open().await?;
    let result = match &args.output {
        Some(path) => {
            let shown = path.display().to_string();
            let file = File::create(path).map_err(CliError::io(format!("could not create {shown}")))?;
            let mut out = BufWriter::with_capacity(1 << 20, file);
            let n = jobbvei_exchange::export(&db, &mut out).await;
            out.flush().map_err(CliError::io(format!("could not write {shown}")))?;
            n
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
            jobbvei_exchange::export(&db, &mut out).await
        }
    };
    let n = result?;
    // Every export is personal data leaving the system: it is audited once it has succeeded,
    // and a file whose export could not be audited is removed again (as `extract` does).
    let audited = async {
        let mut tx = db.begin().await?;
        tx.audit(&cli_audit("export", None, None, &[&format!("records={n}")])).await?;
        tx.commit().await
    }
    .await;
    if let Err(e) = audited {
        if let Some(path) = &args.output {
            let _ = std::fs::remove_file(path);
        }
        return Err(e.into());
    }
    db.close().await;
    if args.output.is_some() {
        println!("exported {n} records");
    }
    Ok(())
}
