//! `jobbvei retention run`: anonymises the people whose every course ended more than N years
//! before `--as-of` (docs/retention.md). The dry run lists what would go, by course id and
//! end date, and changes nothing. Names and numbers never reach standard output.

use chrono::Months;
use jobbvei_domain::Fnr;
use jobbvei_domain::time::{Clock, SystemClock};
use jobbvei_store::{Location, RetentionCandidate, Tx};

use super::users::cli_audit;
use crate::cli::RetentionArgs;
use crate::commands::demo::parse_date;
use crate::error::CliError;

/// How many placeholder numbers there are (`Fnr::anonymised`).
const PLACEHOLDERS: u32 = 28 * 12 * 100 * 1000;

/// The next placeholder fødselsnummer from `n` on that no participant has.
async fn placeholder(tx: &mut Tx, n: &mut u32) -> Result<Fnr, CliError> {
    while *n < PLACEHOLDERS {
        let candidate = Fnr::anonymised(*n);
        *n += 1;
        if let Some(f) = candidate
            && !tx.fnr_taken(f.as_str()).await?
        {
            return Ok(f);
        }
    }
    Err(CliError::Usage("no placeholder fødselsnummer is left for anonymised participants".into()))
}

pub async fn run(location: &Location, args: RetentionArgs) -> Result<(), CliError> {
    let as_of = parse_date(&args.as_of, "--as-of")?;
    if !(1..=100).contains(&args.years) {
        return Err(CliError::Usage("--years must be 1–100".into()));
    }
    let before = as_of
        .checked_sub_months(Months::new(12 * args.years))
        .ok_or_else(|| CliError::Usage("--as-of is too early".into()))?;
    let years = i64::from(args.years);
    let db = location.open().await?;
    let result = async {
        let candidates = db.retention_candidates(before).await?;
        let courses: usize = candidates.iter().map(|c| c.courses.len()).sum();
        let summary = [
            format!("as_of={as_of}"),
            format!("years={years}"),
            format!("participants={}", candidates.len()),
            format!("courses={courses}"),
        ];
        let summary: Vec<&str> = summary.iter().map(String::as_str).collect();
        let mut tx = db.begin().await?;
        if args.dry_run {
            tx.audit(&cli_audit("retention_dry_run", None, None, &summary)).await?;
        } else {
            let now = SystemClock.now();
            let mut n = 0;
            let rule = format!("years={years}");
            for c in &candidates {
                let fnr = placeholder(&mut tx, &mut n).await?;
                tx.anonymise_participant(&c.participant_id, fnr.as_str(), now, as_of, years).await?;
                tx.audit(&cli_audit("anonymise", Some("participant"), Some(&c.participant_id), &["retention", &rule]))
                    .await?;
            }
            tx.audit(&cli_audit("retention_run", None, None, &summary)).await?;
        }
        tx.commit().await?;
        Ok::<_, CliError>(candidates)
    }
    .await;
    db.close().await;
    let candidates = result?;
    print(&candidates, before, &args);
    Ok(())
}

fn print(candidates: &[RetentionCandidate], before: chrono::NaiveDate, args: &RetentionArgs) {
    println!(
        "courses of participants whose every course ended before {before} ({} years before {}):",
        args.years, args.as_of
    );
    let mut courses = 0;
    for c in candidates {
        for (id, end) in &c.courses {
            println!("course {id} ended {end} (participant {})", c.participant_id);
            courses += 1;
        }
    }
    let (verb, note) =
        if args.dry_run { ("would anonymise", " (dry run: nothing changed)") } else { ("anonymised", "") };
    println!("{verb} {} participants with {courses} courses{note}", candidates.len());
}
