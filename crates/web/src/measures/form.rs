//! The draft form: what each measure kind needs, read from the typed text, with a message
//! per field in Norwegian. Fields that do not belong to the chosen kind are dropped, so a
//! mentor grant never carries a stray wage percentage.

use std::collections::HashMap;

use chrono::NaiveDate;
use jobbvei_domain::{ExtId, Measure, MeasureKind};
use jobbvei_store::MeasureRecord;

const MAX_NOTE: usize = 500;
const MAX_HOURS: f64 = 2000.0;
const MAX_AMOUNT: f64 = 10_000_000.0;

/// The fields of a valid draft.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Draft {
    pub kind: MeasureKind,
    pub job: Option<ExtId>,
    pub percent: Option<f64>,
    pub hours: Option<f64>,
    pub amount_nok: Option<f64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub note: Option<String>,
}

pub(crate) type Errors = HashMap<&'static str, String>;

fn is_wage_subsidy(k: MeasureKind) -> bool {
    matches!(k, MeasureKind::TemporaryWageSubsidy | MeasureKind::PermanentWageSubsidy)
}

/// A decimal as people type it: `12,5` or `12.5`.
fn number(form: &HashMap<String, String>, key: &'static str, errors: &mut Errors, max: f64) -> Option<f64> {
    let text = form.get(key).map(|s| s.trim().replace(' ', "").replace(',', ".")).unwrap_or_default();
    if text.is_empty() {
        return None;
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= max => Some(v),
        _ => {
            errors.insert(key, format!("Skriv et tall større enn 0 og høyst {max}."));
            None
        }
    }
}

fn date(form: &HashMap<String, String>, key: &'static str, errors: &mut Errors) -> Option<NaiveDate> {
    let text = form.get(key).map(|s| s.trim()).unwrap_or_default();
    if text.is_empty() {
        return None;
    }
    let parsed = crate::dates::typed_iso(text);
    if parsed.is_none() {
        errors.insert(key, "Skriv datoen som åååå-mm-dd, for eksempel 2024-12-01.".into());
    }
    parsed
}

/// Reads a draft; `jobs` are the ids of the participant's jobs, the only ones it may link.
pub(crate) fn parse(form: &HashMap<String, String>, jobs: &[String]) -> Result<Draft, Errors> {
    let mut errors = Errors::new();
    let field = |k: &str| form.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let kind = MeasureKind::parse(&field("kind"));
    if kind.is_none() {
        errors.insert("kind", "Velg hvilket tiltak du søker om.".into());
    }
    let job = field("job");
    let job = if job.is_empty() {
        None
    } else if jobs.contains(&job) {
        ExtId::parse(&job).ok()
    } else {
        errors.insert("job", "Velg en av deltakerens jobber.".into());
        None
    };
    let mut percent = number(form, "percent", &mut errors, 100.0);
    let mut hours = number(form, "hours", &mut errors, MAX_HOURS);
    let mut amount_nok = number(form, "amount_nok", &mut errors, MAX_AMOUNT);
    let from = date(form, "from", &mut errors);
    let to = date(form, "to", &mut errors);
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        errors.insert("to", "Til-datoen kan ikke være før fra-datoen.".into());
    }
    // A text area sends line breaks as \r\n; stored text keeps \n only (bounds::plain_text).
    let note = field("note").replace("\r\n", "\n");
    if note.chars().count() > MAX_NOTE {
        errors.insert("note", format!("Beskrivelsen kan ha høyst {MAX_NOTE} tegn."));
    } else if !jobbvei_domain::bounds::plain_text(&note) {
        errors.insert("note", crate::profile::PLAIN_TEXT.into());
    }
    if let Some(k) = kind {
        if is_wage_subsidy(k) {
            if percent.is_none() && !errors.contains_key("percent") {
                errors.insert("percent", "Skriv tilskuddsprosenten.".into());
            }
            if from.is_none() && !errors.contains_key("from") {
                errors.insert("from", "Skriv når tilskuddet skal starte.".into());
            }
        } else {
            percent = None;
            errors.remove("percent");
        }
        if k == MeasureKind::MentorGrant {
            if hours.is_none() && !errors.contains_key("hours") {
                errors.insert("hours", "Skriv hvor mange mentortimer det søkes om.".into());
            }
        } else {
            hours = None;
            errors.remove("hours");
        }
        if k == MeasureKind::InclusionGrant {
            if amount_nok.is_none() && !errors.contains_key("amount_nok") {
                errors.insert("amount_nok", "Skriv beløpet i kroner.".into());
            }
        } else {
            amount_nok = None;
            errors.remove("amount_nok");
        }
        if k == MeasureKind::Course && note.is_empty() {
            errors.insert(
                "note",
                "Skriv hvilket kurs eller sertifikat det gjelder, for eksempel truckførerbevis.".into(),
            );
        }
    }
    match (kind, errors.is_empty()) {
        (Some(kind), true) => {
            Ok(Draft { kind, job, percent, hours, amount_nok, from, to, note: (!note.is_empty()).then_some(note) })
        }
        _ => Err(errors),
    }
}

impl Draft {
    /// The record as stored; status and decision fields are the caller's.
    pub fn apply(&self, m: &mut Measure) {
        m.kind = self.kind;
        m.job = self.job.clone();
        m.percent = self.percent;
        m.hours = self.hours;
        m.amount_nok = self.amount_nok;
        m.from = self.from;
        m.to = self.to;
    }
}

fn num(v: Option<f64>) -> String {
    v.map(|x| x.to_string().replace('.', ",")).unwrap_or_default()
}

/// The form filled from a stored draft, for editing.
pub(crate) fn filled(r: &MeasureRecord) -> HashMap<String, String> {
    let m = &r.measure;
    [
        ("measure", m.id.to_string()),
        ("kind", m.kind.code().to_owned()),
        ("job", m.job.as_ref().map(ToString::to_string).unwrap_or_default()),
        ("percent", num(m.percent)),
        ("hours", num(m.hours)),
        ("amount_nok", num(m.amount_nok)),
        ("from", m.from.map(|d| d.to_string()).unwrap_or_default()),
        ("to", m.to.map(|d| d.to_string()).unwrap_or_default()),
        ("note", r.note.clone().unwrap_or_default()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn each_kind_asks_for_its_own_fields() {
        let jobs = vec!["j1".to_owned()];
        let e = parse(&form(&[("kind", "lonnstilskudd_midlertidig")]), &jobs).unwrap_err();
        assert!(e.contains_key("percent") && e.contains_key("from"));
        let ok = parse(
            &form(&[
                ("kind", "lonnstilskudd_midlertidig"),
                ("percent", "40,5"),
                ("from", "2024-12-01"),
                ("hours", "x"),
            ]),
            &jobs,
        )
        .unwrap();
        assert_eq!((ok.percent, ok.hours), (Some(40.5), None), "a stray field of another kind is dropped");
        let e = parse(&form(&[("kind", "kurs_opplaering")]), &jobs).unwrap_err();
        assert!(e.contains_key("note"));
        let e = parse(&form(&[("kind", "mentortilskudd"), ("hours", "0"), ("job", "j9")]), &jobs).unwrap_err();
        assert!(e.contains_key("hours") && e.contains_key("job"));
        let e = parse(&form(&[("kind", "arbeidstrening"), ("from", "2024-12-02"), ("to", "2024-12-01")]), &jobs)
            .unwrap_err();
        assert!(e.contains_key("to"));
        assert!(parse(&form(&[]), &jobs).unwrap_err().contains_key("kind"));
    }
}
