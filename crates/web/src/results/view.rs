//! The outcome tables as the page shows them: Norwegian labels, counts and shares with the
//! whole country beside them, small counts hidden for the aggregate roles, and a bar per row
//! drawn as plain SVG (the data table is the chart's text).

use chrono::NaiveDate;
use jobbvei_domain::outcomes::text::SECTIONS;
use jobbvei_domain::outcomes::{OutcomeReport, Table, tables as report_tables};

use super::Scope;
use crate::workplace::labels;

pub(crate) struct RowView {
    pub label: String,
    pub count: String,
    pub share: String,
    /// Bar length in pixels (0–200), none when hidden.
    pub bar: u32,
    pub national: String,
    /// The courses behind the row, for the team lead.
    pub link: String,
}

pub(crate) struct TableView {
    pub id: &'static str,
    pub heading: &'static str,
    pub denominator: String,
    pub rows: Vec<RowView>,
    pub rule_heading: &'static str,
    pub rule: String,
}

/// Small counts an aggregate role may not see one by one (DOMAIN.md §10).
pub(crate) fn hidden(count: u64, suppress: bool) -> bool {
    suppress && jobbvei_domain::outcomes::is_small(count)
}

pub(crate) fn count_text(count: u64, suppress: bool) -> String {
    if hidden(count, suppress) { "under 5".into() } else { count.to_string() }
}

/// A share as the pages write it: one decimal with a comma, or blank.
pub(crate) fn share_text(share: Option<f64>) -> String {
    share.map(|s| format!("{s:.1} %").replace('.', ",")).unwrap_or_default()
}

fn heading(t: Table) -> &'static str {
    match t {
        Table::Population => "Forløpene i perioden",
        Table::Status => "Status ved periodens slutt",
        Table::Phase => "Fase for dem i oppfølging",
        Table::EndCause => "Sluttårsak for dem som sluttet uten arbeid",
        Table::Placement => "Praksis og ansettelse blant dem som sluttet",
        Table::JobForm => "Jobbform for dem i arbeid",
        Table::Percent => "Stillingsandel for dem i arbeid",
        Table::Subsidy => "Lønnstilskudd for dem i arbeid",
        Table::Industry => "Bransje for dem i arbeid",
        Table::Referrals => "Henvisninger",
        Table::RejectionReason => "Avvisningsgrunner",
        Table::Employers => "Arbeidsgivere",
    }
}

/// The section of the rule text a table is decided by.
fn section(t: Table) -> usize {
    match t {
        Table::Population => 0,
        Table::Status | Table::Phase | Table::EndCause => 1,
        Table::Placement => 2,
        Table::JobForm | Table::Percent | Table::Subsidy | Table::Industry => 3,
        Table::Referrals | Table::RejectionReason => 4,
        Table::Employers => 5,
    }
}

pub(crate) fn category_label(t: Table, c: &str) -> String {
    let fixed = match (t, c) {
        (_, "ukjent") => "Ukjent",
        (Table::Population, "alle") => "Alle forløp",
        (Table::Population, "avsluttet") => "Avsluttet",
        (Table::Population, "apne") => "Åpne",
        (Table::Status, "arbeid") => "I arbeid",
        (Table::Status, "utdanning") => "I utdanning",
        (Table::Status, "passiv") => "Passiv",
        (Table::Status, "praksis") => "I praksis (ulønnet)",
        (Table::Status, "oppfolging") => "I oppfølging",
        (Table::Status, "avsluttet_uten_arbeid") => "Avsluttet uten arbeid",
        (Table::Placement, "fullfort_jobb") => "Fullførte praksis, fikk jobb",
        (Table::Placement, "fullfort_uten_jobb") => "Fullførte praksis, ikke jobb",
        (Table::Placement, "ikke_fullfort_jobb") => "Ikke fullført praksis, fikk jobb",
        (Table::Placement, "ikke_fullfort_uten_jobb") => "Ikke fullført praksis, ikke jobb",
        (Table::Placement, "konvertering") => "Fikk jobb av dem som fullførte praksis",
        (Table::Percent, "100") => "100 %",
        (Table::Percent, "60-99") => "60–99 %",
        (Table::Percent, "1-59") => "1–59 %",
        (Table::Subsidy, "med") => "Med lønnstilskudd",
        (Table::Subsidy, "uten") => "Uten lønnstilskudd",
        (Table::Referrals, "akseptert") => "Akseptert",
        (Table::Referrals, "avvist") => "Avvist",
        (Table::Referrals, "ubesvart") => "Ikke besvart",
        (Table::Employers, "alle") => "Ulike arbeidsgivere",
        (Table::Phase, p) => return labels::phase(p).to_owned(),
        (Table::JobForm, f) => return labels::job_form(f).to_owned(),
        _ => "",
    };
    if fixed.is_empty() { c.to_owned() } else { fixed.to_owned() }
}

/// The group's tables with the country's shares beside them.
pub(crate) fn tables(
    mine: &OutcomeReport,
    scope: &Scope,
    country: &OutcomeReport,
    (from, to): (NaiveDate, NaiveDate),
) -> Vec<TableView> {
    let group = mine.group_ids.iter().position(|g| *g == scope.group);
    let national = |t: Table, c: &str| {
        country.rows.iter().find(|r| r.table == t && r.category == c).map(|r| share_text(r.share)).unwrap_or_default()
    };
    report_tables(mine.group_kind)
        .into_iter()
        .map(|t| {
            let rows: Vec<_> = mine.rows.iter().filter(|r| Some(r.group) == group && r.table == t).collect();
            let denominator = rows.first().and_then(|r| r.denominator);
            let (rule_heading, rule) = SECTIONS[section(t)];
            TableView {
                id: t.code(),
                heading: heading(t),
                denominator: denominator.map(|d| count_text(d, scope.suppress)).unwrap_or_default(),
                rows: rows
                    .iter()
                    .map(|r| {
                        let hide = hidden(r.count, scope.suppress);
                        let drillable = scope.drill && matches!(t, Table::Status | Table::Population);
                        RowView {
                            label: category_label(t, &r.category),
                            count: count_text(r.count, scope.suppress),
                            share: if hide { String::new() } else { share_text(r.share) },
                            bar: if hide {
                                0
                            } else {
                                r.share.map_or(0, |s| (s.clamp(0.0, 100.0) * 2.0).round() as u32)
                            },
                            national: national(t, &r.category),
                            link: if drillable && r.count > 0 {
                                format!(
                                    "/resultater/forlop?tabell={}&kategori={}&fra={from}&til={to}",
                                    t.code(),
                                    r.category
                                )
                            } else {
                                String::new()
                            },
                        }
                    })
                    .collect(),
                rule_heading,
                rule: rule.replace('`', ""),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_hidden_only_for_the_aggregate_roles() {
        assert_eq!(count_text(0, true), "0");
        assert_eq!(count_text(1, true), "under 5");
        assert_eq!(count_text(4, true), "under 5");
        assert_eq!(count_text(5, true), "5");
        assert_eq!(count_text(3, false), "3");
        assert_eq!(share_text(Some(100.0 / 3.0)), "33,3 %");
        assert_eq!(share_text(None), "");
    }
}
