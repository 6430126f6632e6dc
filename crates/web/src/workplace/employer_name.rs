//! An employer named in a form as the user would write it: its name, its organisation
//! number or (from a stored value) its id. Forms offer names to pick from, but accept any
//! registered employer, so a job specialist never scrolls a long list.

use jobbvei_domain::ExtId;
use jobbvei_store::{Db, StoreError};

/// The employer a typed text means: an id, an organisation number or a unique name; or why
/// none could be chosen.
pub(crate) async fn resolve(db: &Db, typed: &str) -> Result<Result<ExtId, &'static str>, StoreError> {
    let typed = typed.trim();
    // Never looked up: no employer's name holds a control character, and PostgreSQL would
    // refuse a NUL in the query itself.
    if !jobbvei_domain::bounds::plain_text(typed) {
        return Ok(Err("Feltet kan bare inneholde vanlig tekst."));
    }
    if let Some(e) = db.employer(typed).await? {
        return Ok(Ok(e.id));
    }
    let digits = typed.replace(' ', "");
    if digits.len() == 9
        && let Some(e) = db.employer_by_orgnr(&digits).await?
    {
        return Ok(Ok(e.id));
    }
    let found = db.employers_matching(typed, 20, 0).await?;
    let exact: Vec<_> = found.iter().filter(|e| e.name.to_lowercase() == typed.to_lowercase()).collect();
    Ok(match (exact.as_slice(), found.as_slice()) {
        ([one], _) => Ok(one.id.clone()),
        ([], [one]) => Ok(one.id.clone()),
        ([], []) => Err("Fant ingen arbeidsgiver med det navnet. Registrer den under Arbeidsgivere først."),
        _ => Err("Flere arbeidsgivere passer. Skriv hele navnet eller organisasjonsnummeret."),
    })
}
