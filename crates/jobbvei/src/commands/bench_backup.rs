//! `jobbvei bench backup`: how long a backup and a restore of demo data take and how much
//! memory each needs at its peak, and whether a backup of the restored database is byte
//! for byte the first.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use jobbvei_exchange::demo::DemoSpec;
use jobbvei_store::Db;

use crate::commands::bench::{Scratch, mb, round1, same_file};
use crate::error::CliError;

pub async fn run(
    scratch: &mut Scratch,
    dir: &Path,
    spec: DemoSpec,
    restore_server: Option<&str>,
) -> Result<(), CliError> {
    let engine = if scratch.server.is_some() { "postgres" } else { "sqlite" };
    let target_engine = if restore_server.is_some() { "postgres" } else { engine };
    println!(
        "bench backup: scale {:?}, seed {}, as of {}, {engine} → {target_engine}",
        spec.scale, spec.seed, spec.as_of
    );
    let (_, a) = scratch.database("a").await?;
    let t = Instant::now();
    let summary = jobbvei_exchange::import::import_generated(&a, move |sink| {
        jobbvei_exchange::demo::generate(&spec, sink);
    })
    .await?;
    println!("  demo data               : {:>8.1} s  ({} records)", t.elapsed().as_secs_f64(), summary.total());

    let first = dir.join("backup-1.jsonl");
    let (backup_s, backup_mb, rows, bytes) = backup_to(&a, &first).await?;
    println!(
        "  backup                  : {backup_s:>8.1} s  peak {backup_mb:>6.1} MB  ({rows} rows, {} MB file)",
        mb(bytes)
    );
    a.close().await;

    let mut other = Scratch::new(dir.join("restore"), restore_server.map(str::to_owned));
    let result = restore_and_compare(&mut other, &first, dir).await;
    other.remove().await;
    let (restore_s, restore_mb, second_s, identical) = result?;
    println!("  restore into empty db   : {restore_s:>8.1} s  peak {restore_mb:>6.1} MB");
    println!("  second backup           : {second_s:>8.1} s  (identical to the first: {identical})");
    println!(
        "{}",
        serde_json::json!({
            "bench": "backup", "from": engine, "to": target_engine, "rows": rows, "file_bytes": bytes,
            "backup_s": round1(backup_s), "backup_peak_mb": round1(backup_mb),
            "restore_s": round1(restore_s), "restore_peak_mb": round1(restore_mb),
            "round_trip_identical": identical,
        })
    );
    if !identical {
        return Err(CliError::Usage("the second backup differs from the first".into()));
    }
    Ok(())
}

async fn restore_and_compare(other: &mut Scratch, first: &Path, dir: &Path) -> Result<(f64, f64, f64, bool), CliError> {
    let (_, b) = other.database("b").await?;
    reset_peak();
    let t = Instant::now();
    let file = File::open(first).map_err(CliError::io("could not reopen the backup"))?;
    jobbvei_exchange::backup::restore(&b, BufReader::with_capacity(1 << 20, file)).await?;
    let restore_s = t.elapsed().as_secs_f64();
    let restore_mb = peak_mb();
    let second = dir.join("backup-2.jsonl");
    let (second_s, _, _, _) = backup_to(&b, &second).await?;
    b.close().await;
    Ok((restore_s, restore_mb, second_s, same_file(first, &second)?))
}

async fn backup_to(db: &Db, path: &Path) -> Result<(f64, f64, u64, u64), CliError> {
    reset_peak();
    let t = Instant::now();
    let file = File::create(path).map_err(CliError::io(format!("could not create {}", path.display())))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let s = jobbvei_exchange::backup::backup(db, &mut out).await?;
    out.flush().map_err(CliError::io("could not write the backup"))?;
    Ok((t.elapsed().as_secs_f64(), peak_mb(), s.rows, s.bytes))
}

/// Resets the process's peak resident memory (Linux: `clear_refs` 5), so the next reading
/// covers one step only. Elsewhere the peak is the whole run's.
pub(crate) fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Peak resident memory since the last reset, in MB (`VmHWM`), or 0 where unknown.
pub(crate) fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}
