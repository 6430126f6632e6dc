//! `jobbvei backup` and `jobbvei restore` (docs/operations.md).

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;

use jobbvei_store::{Db, Location};

use crate::cli::{BackupArgs, RestoreArgs};
use crate::commands::users::cli_audit;
use crate::error::CliError;

pub async fn backup(location: &Location, args: BackupArgs) -> Result<(), CliError> {
    let db = location.open().await?;
    let result = match (&args.output, &args.sqlite_copy) {
        (_, Some(target)) => sqlite_copy(&db, target).await,
        (Some(path), None) => to_file(&db, path).await,
        (None, None) => Err(CliError::Usage("give --output FILE or --sqlite-copy FILE".into())),
    };
    db.close().await;
    result
}

async fn to_file(db: &Db, path: &Path) -> Result<(), CliError> {
    let summary = if path.as_os_str() == "-" {
        let stdout = std::io::stdout();
        let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
        jobbvei_exchange::backup::backup(db, &mut out).await?
    } else {
        // Written beside the target and renamed when complete, so a file under the target's
        // name is always a whole backup.
        let shown = path.display().to_string();
        let partial = path.with_extension("partial");
        let file = File::create(&partial).map_err(CliError::io(format!("could not create {}", partial.display())))?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        let summary = match jobbvei_exchange::backup::backup(db, &mut out).await {
            Ok(s) => s,
            Err(e) => {
                drop(out);
                let _ = std::fs::remove_file(&partial);
                return Err(e.into());
            }
        };
        out.flush().map_err(CliError::io(format!("could not write {shown}")))?;
        out.get_ref().sync_all().map_err(CliError::io(format!("could not write {shown}")))?;
        std::fs::rename(&partial, path).map_err(CliError::io(format!("could not rename the backup to {shown}")))?;
        eprintln!("backed up {} rows of {} tables ({} bytes) to {shown}", summary.rows, summary.tables, summary.bytes);
        summary
    };
    // A backup is personal data leaving the system: audited once it has succeeded (after
    // its snapshot, so the backup itself does not hold this row).
    let mut tx = db.begin().await?;
    tx.audit(&cli_audit("backup", None, None, &[&format!("rows={}", summary.rows)])).await?;
    tx.commit().await?;
    Ok(())
}

async fn sqlite_copy(db: &Db, target: &Path) -> Result<(), CliError> {
    let shown = target.display().to_string();
    if target.exists() {
        return Err(CliError::Usage(format!("{shown} already exists; the copy goes into a new file")));
    }
    let Some(text) = target.to_str() else {
        return Err(CliError::Usage(format!("{shown} is not a path SQLite can open (not UTF-8)")));
    };
    if !db.sqlite_copy(text).await? {
        return Err(CliError::Usage(
            "--sqlite-copy works on SQLite only; on PostgreSQL use `jobbvei backup --output` or the server's \
             own tools (pg_dump, pg_basebackup; see docs/operations.md)"
                .into(),
        ));
    }
    let mut tx = db.begin().await?;
    tx.audit(&cli_audit("backup", None, None, &["sqlite_copy"])).await?;
    tx.commit().await?;
    eprintln!("copied the database to {shown}");
    Ok(())
}

pub async fn restore(location: &Location, args: RestoreArgs) -> Result<(), CliError> {
    let db = location.open().await?;
    let result = if args.file.as_os_str() == "-" {
        jobbvei_exchange::backup::restore(&db, BufReader::with_capacity(1 << 20, std::io::stdin())).await
    } else {
        let shown = args.file.display().to_string();
        let file = File::open(&args.file).map_err(CliError::io(format!("could not open {shown}")))?;
        jobbvei_exchange::backup::restore(&db, BufReader::with_capacity(1 << 20, file)).await
    };
    // The restored database is written exactly as backed up, with no row of its own, so that
    // a backup of it is byte for byte the one restored; the restore is reported here instead.
    // (The restore has already vacuumed and analysed; a second ANALYZE here would repeat it.)
    db.close().await;
    let summary = result.map_err(|e| match e {
        jobbvei_exchange::ExchangeError::Backup(b) => {
            CliError::Usage(format!("restore refused, nothing was written: {b}"))
        }
        other => other.into(),
    })?;
    println!("restored {} rows of {} tables into {}", summary.rows, summary.tables, location.describe());
    Ok(())
}
