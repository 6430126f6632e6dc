//! Writing a backup: one snapshot, table by table in catalogue order, rows in key order.

use std::io::Write;

use jobbvei_store::{BACKUP_TABLES, Db};
use sha2::{Digest, Sha256};

use super::{FORMAT_NAME, FORMAT_VERSION, hex, value};
use crate::error::ExchangeError;

/// What a backup wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupSummary {
    pub tables: usize,
    pub rows: u64,
    pub bytes: u64,
}

/// Lines go to the output and into the checksum together.
struct Out<'a> {
    out: &'a mut dyn Write,
    hash: Sha256,
    bytes: u64,
}

impl Out<'_> {
    fn line(&mut self, line: &[u8]) -> std::io::Result<()> {
        self.hash.update(line);
        self.bytes += line.len() as u64;
        self.out.write_all(line)
    }
}

/// Writes every table of the database, as one consistent snapshot, to `out`. The database
/// is only read; the caller audits the backup once it has succeeded.
pub async fn backup(db: &Db, out: &mut dyn Write) -> Result<BackupSummary, ExchangeError> {
    let mut tx = db.snapshot().await?;
    let schema = tx.schema_version().await?;
    let mut o = Out { out, hash: Sha256::new(), bytes: 0 };
    let header = format!("{{\"format\":\"{FORMAT_NAME}\",\"version\":{FORMAT_VERSION},\"schema\":{schema}}}\n");
    o.line(header.as_bytes())?;
    let mut rows = 0u64;
    let mut buf = Vec::with_capacity(1024);
    for table in BACKUP_TABLES {
        let columns: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
        let columns = serde_json::to_string(&columns).map_err(std::io::Error::other)?;
        o.line(format!("{{\"table\":\"{}\",\"columns\":{columns}}}\n", table.name).as_bytes())?;
        tx.each_backup_row(table, |values| {
            buf.clear();
            buf.push(b'[');
            for (i, v) in values.iter().enumerate() {
                if i > 0 {
                    buf.push(b',');
                }
                value::write(&mut buf, v);
            }
            buf.extend_from_slice(b"]\n");
            rows += 1;
            o.line(&buf).map_err(ExchangeError::from)
        })
        .await?;
    }
    tx.rollback().await?;
    let sum = hex(&o.hash.clone().finalize());
    let tables = BACKUP_TABLES.len();
    let trailer = format!("{{\"end\":\"{FORMAT_NAME}\",\"tables\":{tables},\"rows\":{rows},\"sha256\":\"{sum}\"}}\n");
    o.out.write_all(trailer.as_bytes())?;
    o.out.flush()?;
    Ok(BackupSummary { tables: BACKUP_TABLES.len(), rows, bytes: o.bytes + trailer.len() as u64 })
}
