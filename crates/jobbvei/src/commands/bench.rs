//! `jobbvei bench exchange`: how long demo generation, export and a full import take, and
//! how large the file and database get. Runs in scratch databases it creates and removes
//! (a SQLite folder under the data folder, or fresh PostgreSQL databases on the server).

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use jobbvei_exchange::demo::DemoSpec;
use jobbvei_store::{Db, Location, create_pg_database, drop_pg_database};

use crate::cli::{BenchArgs, BenchKind};
use crate::commands::demo::{parse_date, scale};
use crate::error::CliError;

pub(crate) struct Scratch {
    dir: PathBuf,
    pub(crate) server: Option<String>,
    databases: Vec<String>,
}

impl Scratch {
    pub(crate) fn new(dir: PathBuf, server: Option<String>) -> Scratch {
        Scratch { dir, server, databases: Vec::new() }
    }

    pub(crate) async fn database(&mut self, name: &str) -> Result<(Location, Db), CliError> {
        let location = match &self.server {
            None => Location::Sqlite(self.dir.join(format!("{name}.sqlite3"))),
            Some(server) => {
                let db_name = format!("jobbvei_bench_{}_{name}", std::process::id());
                let url = create_pg_database(server, &db_name).await?;
                self.databases.push(db_name);
                Location::Postgres(url)
            }
        };
        let db = location.open().await?;
        Ok((location, db))
    }

    pub(crate) async fn remove(self) {
        if let Some(server) = &self.server {
            for name in &self.databases {
                if let Err(e) = drop_pg_database(server, name).await {
                    eprintln!("warning: could not drop scratch database {name}: {e}");
                }
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub async fn run(location: &Location, data_dir: &Path, args: BenchArgs) -> Result<(), CliError> {
    match args.kind {
        BenchKind::Kpi => return crate::commands::bench_kpi::run(location, &args).await,
        BenchKind::Alerts => return crate::commands::bench_kpi::alerts(location, &args).await,
        BenchKind::Http => return crate::commands::bench_http::run(location, &args).await,
        BenchKind::Writes => return crate::commands::bench_writes::run(location, &args).await,
        BenchKind::Fidelity => return crate::commands::bench_kpi::fidelity(location, &args).await,
        BenchKind::Outcomes => return crate::commands::bench_outcomes::run(location, &args).await,
        BenchKind::Effect => return crate::commands::bench_effect::run(location, &args).await,
        BenchKind::Ads => return crate::commands::bench_ads::run(location, &args).await,
        BenchKind::Backup | BenchKind::Exchange => {}
    }
    let as_of = parse_date(&args.as_of, "--as-of")?;
    let dir = data_dir.join(format!("bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(CliError::io(format!("could not create {}", dir.display())))?;
    let server = match location {
        Location::Sqlite(_) => None,
        Location::Postgres(url) => Some(url.clone()),
    };
    let mut scratch = Scratch { dir: dir.clone(), server, databases: Vec::new() };
    let spec = DemoSpec { scale: scale(args.scale), seed: args.seed, as_of };
    let result = match args.kind {
        BenchKind::Backup => {
            crate::commands::bench_backup::run(&mut scratch, &dir, spec, args.restore_server.as_deref()).await
        }
        _ => exchange(&mut scratch, &dir, spec).await,
    };
    scratch.remove().await;
    result
}

async fn exchange(scratch: &mut Scratch, dir: &Path, spec: DemoSpec) -> Result<(), CliError> {
    let engine = if scratch.server.is_some() { "postgres" } else { "sqlite" };
    println!("bench exchange: scale {:?}, seed {}, as of {}, engine {engine}", spec.scale, spec.seed, spec.as_of);

    let (loc_a, a) = scratch.database("a").await?;
    let t = Instant::now();
    let summary = jobbvei_exchange::import::import_generated(&a, move |sink| {
        jobbvei_exchange::demo::generate(&spec, sink);
    })
    .await?;
    let demo_s = t.elapsed().as_secs_f64();
    println!("  demo generation + write : {demo_s:>8.1} s  ({} records: {})", summary.total(), summary.describe());

    let first = dir.join("export-1.jsonl");
    let (export_s, records) = export_to(&a, &first).await?;
    let file_size = std::fs::metadata(&first).map(|m| m.len()).unwrap_or(0);
    println!("  export                  : {export_s:>8.1} s  ({records} records, {} MB file)", mb(file_size));
    a.close().await;
    let db_size = sqlite_size(&loc_a);

    let (_, b) = scratch.database("b").await?;
    crate::commands::bench_backup::reset_peak();
    let t = Instant::now();
    let file = File::open(&first).map_err(CliError::io("could not reopen the export"))?;
    let imported = jobbvei_exchange::import_reader(&b, BufReader::with_capacity(1 << 20, file), |_| {}).await?;
    let import_s = t.elapsed().as_secs_f64();
    let import_mb = crate::commands::bench_backup::peak_mb();
    let activities = imported.count("activity");
    println!(
        "  import into empty db    : {import_s:>8.1} s  ({} records, {:.0} records/s, {activities} activities, peak {import_mb:.0} MB)",
        imported.total(),
        imported.total() as f64 / import_s.max(1e-9)
    );

    let second = dir.join("export-2.jsonl");
    let (export2_s, _) = export_to(&b, &second).await?;
    b.close().await;
    let identical = same_file(&first, &second)?;
    println!("  second export           : {export2_s:>8.1} s  (identical to the first: {identical})");
    if let Some(size) = db_size {
        println!("  SQLite database size    : {:>8} MB", mb(size));
    }
    println!(
        "{}",
        serde_json::json!({
            "bench": "exchange", "engine": engine, "records": imported.total(), "activities": activities,
            "demo_s": round1(demo_s), "export_s": round1(export_s), "import_s": round1(import_s), "import_peak_mb": round1(import_mb),
            "file_bytes": file_size, "sqlite_bytes": db_size, "round_trip_identical": identical,
        })
    );
    if !identical {
        return Err(CliError::Usage("the second export differs from the first".into()));
    }
    Ok(())
}

async fn export_to(db: &Db, path: &Path) -> Result<(f64, usize), CliError> {
    let t = Instant::now();
    let file = File::create(path).map_err(CliError::io(format!("could not create {}", path.display())))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let n = jobbvei_exchange::export(db, &mut out).await?;
    out.flush().map_err(CliError::io("could not write the export"))?;
    Ok((t.elapsed().as_secs_f64(), n))
}

pub(crate) fn same_file(a: &Path, b: &Path) -> Result<bool, CliError> {
    use std::io::Read;
    let open = |p: &Path| File::open(p).map(|f| BufReader::with_capacity(1 << 20, f));
    let (mut x, mut y) = (open(a).map_err(CliError::io("compare"))?, open(b).map_err(CliError::io("compare"))?);
    let (mut bx, mut by) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = x.read(&mut bx).map_err(CliError::io("compare"))?;
        let mut got = 0;
        while got < n {
            let m = y.read(&mut by[got..n]).map_err(CliError::io("compare"))?;
            if m == 0 {
                return Ok(false);
            }
            got += m;
        }
        if bx[..n] != by[..n] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(y.read(&mut by).map_err(CliError::io("compare"))? == 0);
        }
    }
}

fn sqlite_size(location: &Location) -> Option<u64> {
    let Location::Sqlite(path) = location else { return None };
    let mut total = 0;
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", path.display()));
        total += std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    }
    Some(total)
}

pub(crate) fn mb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1_048_576.0)
}

pub(crate) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
