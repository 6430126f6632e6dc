//! `jobbvei ads import` and `jobbvei ads sync`: job ads from NAV's job-ad feed
//! (docs/ads.md). Both read entries through the domain's one reader, so the feed's rules hold
//! whichever way the ads come in.

use std::time::Duration;

use jobbvei_domain::ads::{Reading, read_lines};
use jobbvei_domain::time::{Clock, SystemClock};
use jobbvei_store::{Db, Location};
use serde_json::Value;

use crate::cli::{AdsImportArgs, AdsSyncArgs};
use crate::error::CliError;

/// Largest feed page or ad answer read, against a server that never stops sending.
const MAX_ANSWER_BYTES: u64 = 8 * 1024 * 1024;

pub async fn import(location: &Location, args: AdsImportArgs) -> Result<(), CliError> {
    let text =
        std::fs::read_to_string(&args.file).map_err(CliError::io(format!("cannot read {}", args.file.display())))?;
    let reading = read_lines(&text, 1);
    let db = location.open().await?;
    let result = load(&db, reading, args.skip_bad).await;
    db.close().await;
    result
}

/// Writes what was read, or nothing when a line was bad and `skip_bad` is off.
async fn load(db: &Db, reading: Reading, skip_bad: bool) -> Result<(), CliError> {
    for bad in &reading.bad {
        eprintln!("{} {bad}", if skip_bad { "skipped" } else { "bad" });
    }
    if !reading.bad.is_empty() && !skip_bad {
        return Err(CliError::Usage(format!(
            "{} bad line(s); nothing was written (use --skip-bad to load the good ads)",
            reading.bad.len()
        )));
    }
    let (written, stale) = db.store_ads(&reading.ads, SystemClock.now()).await?;
    let no_styrk = reading.ads.iter().filter(|a| a.styrk_unknown()).count();
    let no_place = reading.ads.iter().filter(|a| a.municipality_unknown()).count();
    println!(
        "read {} entries of {} ads: {written} written, {stale} older than stored, {} bad line(s) skipped; \
         flagged: {no_styrk} without a known STYRK-08 code, {no_place} without a known municipality",
        reading.entries,
        reading.ads.len(),
        reading.bad.len()
    );
    Ok(())
}

pub async fn sync(location: &Location, args: AdsSyncArgs) -> Result<(), CliError> {
    let token = std::fs::read_to_string(&args.token_file)
        .map_err(CliError::io(format!("cannot read {}", args.token_file.display())))?
        .trim()
        .to_owned();
    if token.is_empty() {
        return Err(CliError::Usage(format!("{} holds no token", args.token_file.display())));
    }
    let (url, max_pages) = (args.feed_url.clone(), args.max_pages);
    let lines = tokio::task::spawn_blocking(move || fetch_entries(&url, &token, max_pages))
        .await
        .map_err(|e| CliError::Usage(format!("feed reader stopped: {e}")))??;
    println!("fetched {} ad entries from {}", lines.len(), args.feed_url);
    let reading = read_lines(&lines.join("\n"), 1);
    let db = location.open().await?;
    let result = load(&db, reading, args.skip_bad).await;
    db.close().await;
    result
}

/// Pages through the feed from `first` (feed-format.md): each page's items name the url of
/// their entry, and `next_url` the next page until it is null. Every entry becomes one line.
fn fetch_entries(first: &str, token: &str, max_pages: usize) -> Result<Vec<String>, CliError> {
    let origin = origin(first)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .max_redirects(0)
        .http_status_as_error(true)
        .build()
        .into();
    let get = |url: &str| -> Result<Value, CliError> {
        let text = agent
            .get(url)
            .header("accept", "application/json")
            .header("authorization", &format!("Bearer {token}"))
            .call()
            .and_then(|mut r| r.body_mut().with_config().limit(MAX_ANSWER_BYTES).read_to_string())
            .map_err(|e| CliError::Usage(format!("GET {url}: {e}")))?;
        serde_json::from_str(&text).map_err(|e| CliError::Usage(format!("GET {url}: not JSON ({e})")))
    };
    let mut lines = Vec::new();
    let mut page_url = first.to_owned();
    for _ in 0..max_pages {
        let page = get(&page_url)?;
        for item in page.get("items").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]) {
            let Some(url) = item.get("url").and_then(Value::as_str) else { continue };
            lines.push(get(&absolute(&origin, url)?)?.to_string());
        }
        match page.get("next_url").and_then(Value::as_str) {
            Some(next) if !next.is_empty() => page_url = absolute(&origin, next)?,
            _ => return Ok(lines),
        }
    }
    eprintln!("stopped after --max-pages {max_pages}; run sync again to go on");
    Ok(lines)
}

/// `scheme://host[:port]` of a URL, which the feed's relative urls are joined to.
fn origin(url: &str) -> Result<String, CliError> {
    let bad = || CliError::Usage(format!("--feed-url must be an http(s):// URL, got \"{url}\""));
    let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
    if !matches!(scheme, "http" | "https") {
        return Err(bad());
    }
    let host = rest.split('/').next().filter(|h| !h.is_empty()).ok_or_else(bad)?;
    Ok(format!("{scheme}://{host}"))
}

/// The feed's url joined to its origin; a full URL must stay on that origin, so a feed
/// answer cannot send the token elsewhere.
fn absolute(origin: &str, url: &str) -> Result<String, CliError> {
    if url.starts_with("http://") || url.starts_with("https://") {
        match url.strip_prefix(origin) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => Ok(url.to_owned()),
            _ => Err(CliError::Usage(format!("the feed pointed away from {origin} to {url}; stopped"))),
        }
    } else if url.starts_with('/') {
        Ok(format!("{origin}{url}"))
    } else {
        Ok(format!("{origin}/{url}"))
    }
}
