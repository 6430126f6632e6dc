//! The demo's job ads and vocational profiles, made from the demo data already loaded (its
//! employers, the STYRK-08 codes of its jobs, its open courses), so `demo` shows matches at
//! once. Times come from the demo's day, never the clock, so two runs give the same rows.

use chrono::{DateTime, NaiveDate, Utc};
use jobbvei_domain::ads::read_lines;
use jobbvei_domain::codelist::PostalCode;
use jobbvei_exchange::demo::ads::{DemoEmployer, feed, profile};
use jobbvei_store::Db;

use crate::error::CliError;

/// What was added: (ads written, profiles written).
pub async fn load(db: &Db, seed: u64, as_of: NaiveDate, ads: Option<usize>) -> Result<(usize, usize), CliError> {
    let at: DateTime<Utc> = as_of.and_hms_opt(6, 0, 0).unwrap_or_default().and_utc();
    let mut employers: Vec<DemoEmployer> = Vec::new();
    let mut codes: Vec<String> = Vec::new();
    for (orgnr, name, municipality, styrk) in db.employers_with_styrk().await? {
        if employers.last().is_none_or(|e| e.orgnr != orgnr) {
            employers.push(DemoEmployer { orgnr, name, municipality, styrk: Vec::new() });
        }
        if let (Some(code), Some(e)) = (styrk, employers.last_mut()) {
            codes.push(code.clone());
            e.styrk.push(code);
        }
    }
    codes.sort();
    codes.dedup();
    let count = ads.unwrap_or(employers.len() * 3);
    let reading = read_lines(&feed(seed, as_of, &employers, &codes, count).join("\n"), 1);
    if let Some(bad) = reading.bad.first() {
        return Err(CliError::Usage(format!("the demo feed has a bad line: {bad}")));
    }
    let (written, _) = db.store_ads(&reading.ads, at).await?;

    let mut own: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
    for (participant, code) in db.participant_job_styrk().await? {
        own.entry(participant).or_default().push(code);
    }
    let people = db.open_without_profile().await?;
    let mut tx = db.begin().await?;
    for (i, (participant, postal, js)) in people.iter().enumerate() {
        let home = postal.as_deref().and_then(PostalCode::parse).map(|p| p.place().municipality);
        let mine = own.get(participant).map(Vec::as_slice).unwrap_or(&[]);
        let values = profile(seed, i as u64, mine, &codes, home);
        tx.save_profile_version(participant, at, js, &values).await?;
    }
    tx.commit().await?;
    Ok((written, people.len()))
}
