//! `jobbvei person report`: everything stored about a person, for their access request
//! (innsyn). The same store function and document as the team lead's page
//! (`jobbvei_web::innsyn`); the request is audited before the report is read, so it lists
//! itself.

use jobbvei_domain::Fnr;
use jobbvei_domain::time::{Clock, SystemClock};
use jobbvei_store::Location;
use jobbvei_web::innsyn;

use super::users::cli_audit;
use crate::cli::{PersonFormat, PersonReportArgs};
use crate::error::CliError;

pub async fn report(location: &Location, args: PersonReportArgs) -> Result<(), CliError> {
    // The number is never echoed: it is personal data, and terminals keep scrollback.
    let fnr = Fnr::parse(args.fnr.trim()).map_err(|_| {
        CliError::Usage("--fnr must be a valid fødselsnummer or d-nummer (11 digits with valid control digits)".into())
    })?;
    let db = location.open().await?;
    let result = async {
        let id = db
            .participant_by_fnr(fnr.as_str())
            .await?
            .ok_or_else(|| CliError::Usage("no participant has this fødselsnummer".into()))?;
        let format = match args.format {
            PersonFormat::Html => "html",
            PersonFormat::Json => "json",
        };
        let mut tx = db.begin().await?;
        tx.audit(&cli_audit(innsyn::ACTION, Some("participant"), Some(&id), &["innsyn", format])).await?;
        tx.commit().await?;
        let report = db.person_report(&id).await?.ok_or_else(|| CliError::Usage("the participant is gone".into()))?;
        Ok::<_, CliError>(report)
    }
    .await;
    db.close().await;
    let report = result?;
    let made = SystemClock.now();
    let text = match args.format {
        PersonFormat::Html => innsyn::document(&report, made, false)
            .map_err(|e| CliError::Usage(format!("could not write the report: {e}")))?,
        PersonFormat::Json => format!("{:#}\n", innsyn::json(&report, made)),
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, text).map_err(CliError::io(format!("could not write {}", path.display())))?;
            let rows: usize = report.sections.iter().map(|s| s.rows.len()).sum();
            println!(
                "wrote the report on participant {} ({rows} stored rows, {} audit rows) to {}",
                report.participant_id,
                report.audit.len(),
                path.display()
            );
        }
        None => print!("{text}"),
    }
    Ok(())
}
