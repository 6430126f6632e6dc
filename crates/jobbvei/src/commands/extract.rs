//! `jobbvei extract`: the pseudonymised research extract of DOMAIN.md §11 as a CSV file,
//! with the k it reached and the rows it left out printed, and the extract audited.
//!
//! The key is read from its file for this run only: it is not stored, printed or logged.

use std::path::Path;

use jobbvei_domain::evaluation::{ExtractSpec, PseudonymKey};
use jobbvei_store::Location;

use crate::cli::ExtractArgs;
use crate::commands::demo::parse_date;
use crate::commands::users::cli_audit;
use crate::error::CliError;

pub async fn run(location: &Location, args: ExtractArgs) -> Result<(), CliError> {
    let from = parse_date(&args.from, "--from")?;
    let to = parse_date(&args.to, "--to")?;
    if to < from {
        return Err(CliError::Usage("--to must not be before --from".into()));
    }
    let spec = ExtractSpec::new(from, to, args.k).map_err(|e| CliError::Usage(format!("--k: {e}")))?;
    let key = read_key(&args.key_file, "--key-file")?;
    if same_file(&args.key_file, &args.output) {
        return Err(CliError::Usage("--output must not be the key file".into()));
    }
    let db = location.open().await?;
    let x = match db.research_extract(&spec, &key).await {
        Ok(x) => x,
        Err(e) => {
            db.close().await;
            return Err(e.into());
        }
    };
    drop(key);
    let shown = args.output.display().to_string();
    if let Err(e) = write_private(&args.output, x.csv().as_bytes()) {
        db.close().await;
        return Err(CliError::io(format!("could not write {shown}"))(e));
    }
    // The extract leaves the system once it is written: audited then, and taken back if the
    // audit cannot be written.
    let fields = x.audit_fields();
    let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
    let audited = async {
        let mut tx = db.begin().await?;
        tx.audit(&cli_audit("export", Some("research_extract"), None, &fields)).await?;
        tx.commit().await
    }
    .await;
    db.close().await;
    if let Err(e) = audited {
        let _ = std::fs::remove_file(&args.output);
        return Err(e.into());
    }
    match x.k_reached {
        Some(k) => println!(
            "extract: {} rows written to {shown}; k = {k} reached (asked {}), {} rows left out, \
             quasi-identifiers widened: {}",
            x.rows.len(),
            spec.k(),
            x.suppressed,
            x.generalisation
        ),
        None => println!(
            "extract: no row could be kept with k = {}; {} rows left out, only the header written to {shown}",
            spec.k(),
            x.suppressed
        ),
    }
    Ok(())
}

/// The pseudonymisation key in `path`, given with `option`; refused when too short.
pub(crate) fn read_key(path: &Path, option: &str) -> Result<PseudonymKey, CliError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(CliError::io(format!("could not read the key file {shown}")))?;
    PseudonymKey::new(bytes).map_err(|e| CliError::Usage(format!("{option} {shown}: {e}")))
}

fn same_file(a: &Path, b: &Path) -> bool {
    matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(a), Ok(b)) if a == b)
}

/// Writes the file readable by its owner alone: the extract is still personal data.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)
}
