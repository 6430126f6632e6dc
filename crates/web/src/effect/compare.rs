//! The matched comparison on `/effekt` (rule `R4@1`, DOMAIN.md §11): two methods, teams or
//! offices within the viewer's scope, matched as `jobbvei report compare` matches them (the
//! same domain function over the same store data), side by side.
//!
//! Scope: the team lead compares within the team (methods), the leader within the office
//! (methods and the office's teams), the analyst across the country (methods, teams and
//! offices). The groups offered are exactly those, by name; anything else is refused.

use jobbvei_domain::Method;
use jobbvei_domain::evaluation::{CompareKind, CompareReport, CompareSpec, GroupRef, Side, compare, known};
use jobbvei_domain::kpi::GroupKind;
use jobbvei_domain::outcomes::Table;
use jobbvei_domain::survival::SurvivalSpec;

use super::{chart, logrank_text};
use crate::AppState;
use crate::forms::PageError;
use crate::results::Scope;
use crate::results::view::{category_label, count_text, hidden, share_text};

#[derive(Debug)]
pub(crate) struct Choice {
    pub value: String,
    pub label: String,
}

/// The choices of one kind, shown as an option group.
pub(crate) struct ChoiceGroup {
    pub label: &'static str,
    pub choices: Vec<Choice>,
}

/// One row of a side-by-side table.
pub(crate) struct Line {
    pub label: String,
    pub a: String,
    pub b: String,
}

pub(crate) struct StatusLine {
    pub label: String,
    pub a_count: String,
    pub a_share: String,
    pub b_count: String,
    pub b_share: String,
}

pub(crate) struct Outcome {
    pub a_name: String,
    pub b_name: String,
    pub counts: Vec<Line>,
    pub status: Vec<StatusLine>,
    pub survival: Vec<Line>,
    pub chart: String,
    pub logrank: String,
}

/// The comparison part of the page: the form, and the result or the message.
#[derive(Default)]
pub(crate) struct CompareView {
    /// Where the viewer compares ("Hele landet", the team's or office's name); empty when
    /// the viewer has no scope to compare within.
    pub scope_name: String,
    pub options: Vec<ChoiceGroup>,
    pub a: String,
    pub b: String,
    pub error: String,
    pub outcome: Option<Outcome>,
}

/// The groups the viewer may compare, each kind with at least two groups.
async fn options(state: &AppState, scope: &Scope) -> Result<Vec<ChoiceGroup>, PageError> {
    let methods = Method::ALL
        .iter()
        .map(|m| Choice { value: format!("method:{}", m.code()), label: format!("Metode {}", m.code()) })
        .collect();
    let mut groups = vec![ChoiceGroup { label: "Metoder", choices: methods }];
    if scope.by != GroupKind::Team {
        let (teams, offices) = state.db.organisation().await?;
        let teams = teams
            .into_iter()
            .filter(|(_, _, office)| scope.by == GroupKind::All || *office == scope.group)
            .map(|(id, name, _)| Choice { value: format!("team:{id}"), label: name })
            .collect();
        groups.push(ChoiceGroup { label: "Team", choices: teams });
        if scope.by == GroupKind::All {
            let offices =
                offices.into_iter().map(|(id, name)| Choice { value: format!("office:{id}"), label: name }).collect();
            groups.push(ChoiceGroup { label: "Kontorer", choices: offices });
        }
    }
    groups.retain(|g| g.choices.len() >= 2);
    Ok(groups)
}

fn chosen<'a>(options: &'a [ChoiceGroup], value: &str) -> Option<&'a Choice> {
    options.iter().flat_map(|g| &g.choices).find(|c| c.value == value)
}

fn group_ref(value: &str) -> Option<GroupRef> {
    let (kind, id) = value.split_once(':')?;
    Some(GroupRef { kind: CompareKind::parse(kind)?, id: id.to_owned() })
}

/// The two groups asked for, or the message to show.
fn groups<'a>(options: &'a [ChoiceGroup], a: &str, b: &str) -> Result<[(&'a Choice, GroupRef); 2], &'static str> {
    if a.is_empty() || b.is_empty() {
        return Err("Velg både gruppe A og gruppe B.");
    }
    let pick = |v: &str| chosen(options, v).and_then(|c| Some((c, group_ref(v)?)));
    let (Some(a), Some(b)) = (pick(a), pick(b)) else {
        return Err("Velg gruppene fra listene.");
    };
    if a.1.kind != b.1.kind {
        return Err("Velg to grupper av samme slag: to metoder, to team eller to kontorer.");
    }
    if a.1.id == b.1.id {
        return Err("Velg to forskjellige grupper.");
    }
    Ok([a, b])
}

/// The comparison for `scope` (`None`: the viewer has none) with groups `a` and `b` in the
/// window, when one is asked for; `Err` holds the view with its message (422).
pub(crate) async fn view(
    state: &AppState,
    scope: Option<&Scope>,
    window: Option<&SurvivalSpec>,
    (a, b): (String, String),
) -> Result<Result<CompareView, CompareView>, PageError> {
    let mut view = CompareView { a, b, ..CompareView::default() };
    let Some(scope) = scope else { return Ok(Ok(view)) };
    view.scope_name = crate::results::scope_name(state, scope).await?;
    view.options = options(state, scope).await?;
    if view.a.is_empty() && view.b.is_empty() {
        return Ok(Ok(view));
    }
    let Some(window) = window else { return Ok(Ok(view)) };
    let [(choice_a, ref_a), (choice_b, ref_b)] = match groups(&view.options, &view.a, &view.b) {
        Ok(g) => g,
        Err(message) => {
            view.error = message.to_owned();
            return Ok(Err(view));
        }
    };
    let names = (choice_a.label.clone(), choice_b.label.clone());
    let Ok(mut spec) = CompareSpec::new(window.from(), window.to(), window.as_of(), ref_a, ref_b) else {
        // The window was checked as the survival report's, and the groups above.
        view.error = "Velg to forskjellige grupper av samme slag.".to_owned();
        return Ok(Err(view));
    };
    let within = match scope.by {
        GroupKind::Team => Some(CompareKind::Team),
        GroupKind::Office => Some(CompareKind::Office),
        GroupKind::All | GroupKind::JobSpecialist => None,
    };
    if let Some(kind) = within {
        spec = spec.within(GroupRef { kind, id: scope.group.clone() });
    }
    // The data `report compare` reads: every course open on a day of from..=as_of.
    let data = state.db.outcome_data(window.from(), window.as_of()).await?;
    if !known(&data, spec.a()) || !known(&data, spec.b()) {
        view.error = "Velg gruppene fra listene.".to_owned();
        return Ok(Err(view));
    }
    let report = compare(&data, &spec);
    view.outcome = Some(outcome(&report, names, scope.suppress));
    Ok(Ok(view))
}

fn count(n: usize, suppress: bool) -> String {
    count_text(n as u64, suppress)
}

/// A side's curve is drawn and summarised unless an aggregate role would see a group of 1–4.
fn shown(side: &Side, suppress: bool) -> bool {
    side.matched > 0 && !hidden(side.matched as u64, suppress)
}

fn outcome(r: &CompareReport, (a_name, b_name): (String, String), suppress: bool) -> Outcome {
    let line = |label: &str, f: &dyn Fn(&Side) -> String| Line { label: label.to_owned(), a: f(&r.a), b: f(&r.b) };
    let counts = vec![
        line("Forløp som startet i perioden", &|s| count(s.n, suppress)),
        line("Matchet", &|s| count(s.matched, suppress)),
        line("Uten match (tatt ut)", &|s| count(s.dropped, suppress)),
    ];
    let status =
        r.a.status
            .iter()
            .zip(&r.b.status)
            .map(|(x, y)| {
                let share =
                    |c: usize, s: Option<f64>| if hidden(c as u64, suppress) { String::new() } else { share_text(s) };
                StatusLine {
                    label: category_label(Table::Status, x.status.code()),
                    a_count: count(x.count, suppress),
                    a_share: share(x.count, x.share),
                    b_count: count(y.count, suppress),
                    b_share: share(y.count, y.share),
                }
            })
            .collect();
    let summary = |label: &str, f: &dyn Fn(&Side) -> String| {
        let shown_or_blank = |s: &Side| if shown(s, suppress) { f(s) } else { String::new() };
        Line { label: label.to_owned(), a: shown_or_blank(&r.a), b: shown_or_blank(&r.b) }
    };
    let mut survival = vec![
        summary("Fikk jobb", &|s| s.curve.events.to_string()),
        summary("Sensurert", &|s| s.curve.censored.to_string()),
        summary("Median tid til første jobb", &|s| {
            s.curve.median.map_or_else(|| "ikke nådd".to_owned(), |d| format!("{d} dager"))
        }),
    ];
    for (i, (day, _)) in r.a.curve.at_risk.iter().enumerate() {
        survival.push(summary(&format!("I risiko dag {day}"), &|s| s.curve.at_risk[i].1.to_string()));
    }
    let drawn: Vec<(String, &jobbvei_domain::survival::KaplanMeier)> = [(&a_name, &r.a), (&b_name, &r.b)]
        .into_iter()
        .filter(|(_, s)| shown(s, suppress))
        .map(|(n, s)| (n.clone(), &s.curve))
        .collect();
    Outcome {
        counts,
        status,
        survival,
        chart: chart::svg(&drawn),
        logrank: if r.logrank.is_none() && (r.a.matched == 0 || r.b.matched == 0) {
            "Ingen forløp fant en match i den andre gruppen, så gruppene kan ikke sammenlignes.".to_owned()
        } else {
            logrank_text(r.logrank)
        },
        a_name,
        b_name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> Vec<ChoiceGroup> {
        let choice = |v: &str, l: &str| Choice { value: v.into(), label: l.into() };
        vec![
            ChoiceGroup {
                label: "Metoder",
                choices: vec![choice("method:SE", "Metode SE"), choice("method:IPS", "Metode IPS")],
            },
            ChoiceGroup {
                label: "Team", choices: vec![choice("team:t1", "Team Nord"), choice("team:t2", "Team Sør")]
            },
        ]
    }

    #[test]
    fn the_groups_must_be_offered_of_one_kind_and_two() {
        let o = options();
        let [(a, ra), (b, rb)] = groups(&o, "team:t1", "team:t2").unwrap();
        assert_eq!((a.label.as_str(), b.label.as_str()), ("Team Nord", "Team Sør"));
        assert_eq!((ra.kind, rb.id.as_str()), (CompareKind::Team, "t2"));
        assert_eq!(groups(&o, "team:t1", "").unwrap_err(), "Velg både gruppe A og gruppe B.");
        assert_eq!(groups(&o, "team:t1", "team:t9").unwrap_err(), "Velg gruppene fra listene.");
        assert_eq!(groups(&o, "office:0314", "team:t1").unwrap_err(), "Velg gruppene fra listene.");
        assert!(groups(&o, "team:t1", "method:SE").unwrap_err().starts_with("Velg to grupper av samme slag"));
        assert_eq!(groups(&o, "method:SE", "method:SE").unwrap_err(), "Velg to forskjellige grupper.");
    }
}
