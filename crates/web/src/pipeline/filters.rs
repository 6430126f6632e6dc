//! The board's GET parameters: the view (board or list) and the filters by holder,
//! industry, municipality, stage and "ingen kontakt på N dager". Bad values are named in
//! Norwegian, one message per parameter; nothing is guessed.

use chrono::NaiveDate;
use jobbvei_domain::EmployerStage;
use jobbvei_domain::codelist::is_known_municipality;
use jobbvei_store::BoardRow;

/// The longest "no contact" window the filter takes (ten years).
pub(crate) const MAX_DAYS: i64 = 3650;

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct Query {
    pub visning: Option<String>,
    pub holder: Option<String>,
    pub bransje: Option<String>,
    pub kommune: Option<String>,
    pub trinn: Option<String>,
    pub ingen_kontakt: Option<String>,
}

/// Who holds it, as the filter asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HolderFilter {
    Any,
    Nobody,
    User(String),
}

/// The stage, as the filter asks: `None` inside is "Ikke satt".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StageFilter {
    Any,
    Is(Option<EmployerStage>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Filter {
    pub list: bool,
    pub holder: HolderFilter,
    pub industry: Option<String>,
    pub municipality: Option<String>,
    pub stage: StageFilter,
    /// No done contact with the employer in this many days (or never).
    pub no_contact_days: Option<i64>,
}

/// The value as typed, trimmed; empty is "not given".
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The filter, or the messages for each bad parameter (by parameter name). `holders` are
/// the user ids the holder filter may name (the office's holders, and the viewer).
pub(crate) fn parse(q: &Query, holders: &[String]) -> Result<Filter, Vec<(&'static str, String)>> {
    let mut errors = Vec::new();
    let list = match given(&q.visning) {
        None | Some("tavle") => false,
        Some("liste") => true,
        Some(_) => {
            errors.push(("visning", "Visningen må være «tavle» eller «liste».".to_owned()));
            false
        }
    };
    let holder = match given(&q.holder) {
        None => HolderFilter::Any,
        Some("ingen") => HolderFilter::Nobody,
        Some(id) if holders.iter().any(|h| h == id) => HolderFilter::User(id.to_owned()),
        Some(_) => {
            errors.push(("holder", "Velg en relasjonsholder fra listen.".to_owned()));
            HolderFilter::Any
        }
    };
    let industry = given(&q.bransje).map(str::to_owned);
    if industry.as_ref().is_some_and(|i| i.chars().count() > 200) {
        errors.push(("bransje", "Bransjen kan ha høyst 200 tegn.".to_owned()));
    }
    let municipality = given(&q.kommune).map(str::to_owned);
    if let Some(m) = &municipality
        && !(m.len() == 4 && m.chars().all(|c| c.is_ascii_digit()) && is_known_municipality(m))
    {
        errors.push(("kommune", "Kommunen må være et kommunenummer med fire sifre, for eksempel 0301.".to_owned()));
    }
    let stage = match given(&q.trinn) {
        None => StageFilter::Any,
        Some("ikke_satt") => StageFilter::Is(None),
        Some(code) => match EmployerStage::parse(code) {
            Some(s) => StageFilter::Is(Some(s)),
            None => {
                errors.push(("trinn", "Velg et trinn fra listen.".to_owned()));
                StageFilter::Any
            }
        },
    };
    let no_contact_days = match given(&q.ingen_kontakt) {
        None => None,
        Some(s) => match s.parse::<i64>() {
            Ok(n) if (1..=MAX_DAYS).contains(&n) => Some(n),
            _ => {
                errors.push((
                    "ingen_kontakt",
                    format!("Skriv antall dager uten kontakt som et helt tall fra 1 til {MAX_DAYS}."),
                ));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Filter { list, holder, industry, municipality, stage, no_contact_days })
}

impl Filter {
    /// Whether the employer passes every filter, as of `today`.
    pub(crate) fn keeps(&self, row: &BoardRow, today: NaiveDate) -> bool {
        let holder_ok = match &self.holder {
            HolderFilter::Any => true,
            HolderFilter::Nobody => row.holder_id.is_none(),
            HolderFilter::User(id) => row.holder_id.as_deref() == Some(id.as_str()),
        };
        let industry_ok = self
            .industry
            .as_deref()
            .is_none_or(|i| row.industry.as_deref().is_some_and(|r| r.trim().to_lowercase() == i.to_lowercase()));
        let municipality_ok = self.municipality.as_deref().is_none_or(|m| row.municipality.as_deref() == Some(m));
        let stage_ok = match self.stage {
            StageFilter::Any => true,
            StageFilter::Is(s) => row.stage.as_deref().and_then(EmployerStage::parse) == s,
        };
        let contact_ok =
            self.no_contact_days.is_none_or(|n| row.last_contact.is_none_or(|d| (today - d).num_days() >= n));
        holder_ok && industry_ok && municipality_ok && stage_ok && contact_ok
    }

    /// Whether any filter is set (the page offers to clear them).
    pub(crate) fn any(&self) -> bool {
        self.holder != HolderFilter::Any
            || self.industry.is_some()
            || self.municipality.is_some()
            || self.stage != StageFilter::Any
            || self.no_contact_days.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Query {
        let mut q = Query::default();
        for (k, v) in pairs {
            let v = Some((*v).to_owned());
            match *k {
                "visning" => q.visning = v,
                "holder" => q.holder = v,
                "bransje" => q.bransje = v,
                "kommune" => q.kommune = v,
                "trinn" => q.trinn = v,
                "ingen_kontakt" => q.ingen_kontakt = v,
                _ => unreachable!(),
            }
        }
        q
    }

    fn row(holder: Option<&str>, stage: Option<&str>, last: Option<NaiveDate>) -> BoardRow {
        BoardRow {
            id: "e1".into(),
            name: "Bakeriet AS".into(),
            industry: Some("Handel".into()),
            municipality: Some("0301".into()),
            stage: stage.map(str::to_owned),
            holder_id: holder.map(str::to_owned),
            holder_name: holder.map(|h| format!("Navn {h}")),
            last_contact: last,
            next_contact: None,
            participants_now: 0,
        }
    }

    #[test]
    fn bad_values_are_named_each_in_norwegian() {
        let holders = vec!["u1".to_owned()];
        let e = parse(
            &q(&[
                ("visning", "kart"),
                ("holder", "u9"),
                ("kommune", "03x1"),
                ("trinn", "gift"),
                ("ingen_kontakt", "-3"),
            ]),
            &holders,
        )
        .unwrap_err();
        let names: Vec<&str> = e.iter().map(|(k, _)| *k).collect();
        assert_eq!(names, ["visning", "holder", "kommune", "trinn", "ingen_kontakt"]);
        assert!(parse(&q(&[("ingen_kontakt", "3651")]), &holders).is_err());
        assert!(parse(&q(&[("ingen_kontakt", "1.5")]), &holders).is_err());
        assert!(parse(&q(&[("kommune", "9999")]), &holders).is_err(), "not a municipality");
        let ok = parse(&q(&[("visning", "liste"), ("holder", "u1"), ("trinn", "ikke_satt")]), &holders).unwrap();
        assert!(ok.list && ok.any());
        assert!(!parse(&Query::default(), &holders).unwrap().any());
    }

    #[test]
    fn the_filters_keep_what_they_say() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        let f = |pairs: &[(&str, &str)]| parse(&q(pairs), &["u1".to_owned()]).unwrap();
        let held = row(Some("u1"), Some("bli_kjent"), NaiveDate::from_ymd_opt(2026, 3, 1));
        let free = row(None, None, None);
        assert!(f(&[("holder", "u1")]).keeps(&held, today));
        assert!(!f(&[("holder", "u1")]).keeps(&free, today));
        assert!(f(&[("holder", "ingen")]).keeps(&free, today));
        assert!(f(&[("trinn", "ikke_satt")]).keeps(&free, today));
        assert!(!f(&[("trinn", "ikke_satt")]).keeps(&held, today));
        assert!(f(&[("trinn", "bli_kjent")]).keeps(&held, today));
        assert!(f(&[("bransje", " handel ")]).keeps(&held, today), "case and spaces do not split industries");
        assert!(!f(&[("bransje", "Bygg")]).keeps(&held, today));
        assert!(f(&[("kommune", "0301")]).keeps(&held, today));
        // Last contact 30 days ago: kept for "30 days without", not for 31.
        assert!(f(&[("ingen_kontakt", "30")]).keeps(&held, today));
        assert!(!f(&[("ingen_kontakt", "31")]).keeps(&held, today));
        assert!(f(&[("ingen_kontakt", "3650")]).keeps(&free, today), "never met counts as no contact");
    }
}
