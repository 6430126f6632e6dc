//! Throw-away PostgreSQL databases, for tests and benchmarks that must start empty and
//! must not touch anyone's data.

use sqlx::{AssertSqlSafe, Connection, PgConnection};

use crate::StoreError;

/// Creates a database named `name` on the server of `server_url` and returns its URL.
/// `name` must be a plain identifier (letters, digits, underscore).
pub async fn create_pg_database(server_url: &str, name: &str) -> Result<String, StoreError> {
    let name = checked_name(name)?;
    let mut conn = PgConnection::connect(server_url).await?;
    sqlx::query(AssertSqlSafe(format!("CREATE DATABASE \"{name}\""))).execute(&mut conn).await?;
    conn.close().await?;
    Ok(with_database(server_url, name))
}

/// Drops the database `name`, closing any sessions still open on it.
pub async fn drop_pg_database(server_url: &str, name: &str) -> Result<(), StoreError> {
    let name = checked_name(name)?;
    let mut conn = PgConnection::connect(server_url).await?;
    sqlx::query(AssertSqlSafe(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))).execute(&mut conn).await?;
    conn.close().await?;
    Ok(())
}

fn checked_name(name: &str) -> Result<&str, StoreError> {
    let ok = !name.is_empty() && name.len() < 60 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if ok { Ok(name) } else { Err(StoreError::UnsupportedUrl) }
}

/// The same server URL with its database path replaced.
pub fn with_database(server_url: &str, name: &str) -> String {
    let (base, query) = match server_url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (server_url, None),
    };
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let base = match base[after_scheme..].find('/') {
        Some(slash) => &base[..after_scheme + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_database() {
        assert_eq!(with_database("postgres://u@h:5432/postgres", "x"), "postgres://u@h:5432/x");
        assert_eq!(with_database("postgres://u@h", "x"), "postgres://u@h/x");
        assert_eq!(with_database("postgres://h/db?sslmode=disable", "x"), "postgres://h/x?sslmode=disable");
        assert!(checked_name("a;b").is_err());
    }
}
