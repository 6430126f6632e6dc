//! The day, course and job facts against the activities: each report loaded and computed both ways in one
//! process, alternating run by run so that load on the machine falls on both alike, after
//! checking that both give the same rows (docs/facts.md).

use std::time::Instant;

use jobbvei_domain::kpi::{GroupKind, Kpi, KpiSpec, PeriodKind, compute};
use jobbvei_store::{Db, KpiScope};

use super::Spread;
use crate::error::CliError;

struct Case {
    label: String,
    scope: KpiScope,
    by: GroupKind,
    period: PeriodKind,
    kpis: Vec<Kpi>,
}

fn cases(team: &str) -> Vec<Case> {
    let case = |label: &str, scope: &KpiScope, by, period, kpis: &[Kpi]| Case {
        label: label.to_owned(),
        scope: scope.clone(),
        by,
        period,
        kpis: kpis.to_vec(),
    };
    let country = KpiScope::Everything;
    let one = KpiScope::Team(team.to_owned());
    let activity = [Kpi::K1, Kpi::K1p, Kpi::K2];
    vec![
        case("team, weeks, all KPIs", &one, GroupKind::Team, PeriodKind::Week, Kpi::ALL),
        case("team, weeks, K1 K1p K2", &one, GroupKind::Team, PeriodKind::Week, &activity),
        case("team, /tall people (K1p K2)", &one, GroupKind::JobSpecialist, PeriodKind::Month, &[Kpi::K1p, Kpi::K2]),
        case("country, K1 alone", &country, GroupKind::Team, PeriodKind::Week, &[Kpi::K1]),
        case("country, K2 alone", &country, GroupKind::Team, PeriodKind::Week, &[Kpi::K2]),
        case("country, weeks, K1 K1p K2", &country, GroupKind::Team, PeriodKind::Week, &activity),
        case("country, year, K3 K8", &country, GroupKind::Team, PeriodKind::Year, &[Kpi::K3, Kpi::K8]),
        case("country, year, all KPIs", &country, GroupKind::Team, PeriodKind::Year, Kpi::ALL),
    ]
}

async fn once(db: &Db, c: &Case, spec: &KpiSpec, facts: bool) -> Result<(f64, Vec<String>), CliError> {
    let t = Instant::now();
    let data = if facts {
        db.kpi_data_for(spec.from, spec.to, &c.scope, &c.kpis).await?
    } else {
        db.kpi_data_from_activities(spec.from, spec.to, &c.scope, &c.kpis).await?
    };
    let report = compute(&data, spec);
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    // Compared as printed (`{:?}` of f64 is exact), so "equal" means byte-identical output.
    let rows = report.rows.iter().map(|r| format!("{} {:?}", report.group_ids[r.group], r)).collect();
    Ok((ms, rows))
}

/// Prints each case's times both ways and answers them as JSON.
pub async fn compare(
    db: &Db,
    team: &str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    runs: usize,
) -> Result<Vec<serde_json::Value>, CliError> {
    if !db.facts_current().await? {
        return Err(CliError::Usage(
            "the facts are not built with this program's rules; run `jobbvei facts rebuild`".into(),
        ));
    }
    println!(
        "  facts against activities, in this process, alternating, {} runs each, min / median / max in ms:",
        runs.max(1)
    );
    let mut out = Vec::new();
    for c in cases(team) {
        let spec = KpiSpec { from, to, by: c.by, period: c.period, kpis: c.kpis.clone() };
        let (mut old, mut new) = (Vec::new(), Vec::new());
        let mut rows = 0;
        for run in 0..runs.max(1) {
            // Alternating which goes first, so neither always meets a warm cache.
            let order = if run % 2 == 0 { [false, true] } else { [true, false] };
            let mut got: [Vec<String>; 2] = [Vec::new(), Vec::new()];
            for facts in order {
                let (ms, r) = once(db, &c, &spec, facts).await?;
                if facts {
                    new.push(ms)
                } else {
                    old.push(ms)
                };
                got[usize::from(facts)] = r;
            }
            if got[0] != got[1] {
                let at = got[0].iter().zip(&got[1]).position(|(a, b)| a != b).unwrap_or(0);
                return Err(CliError::Check(format!(
                    "{}: facts and activities differ (first at row {at}: {:?} against {:?})",
                    c.label,
                    got[1].get(at),
                    got[0].get(at)
                )));
            }
            rows = got[0].len();
        }
        let (a, f) = (Spread::of(&old), Spread::of(&new));
        let speedup = a.median / f.median.max(1e-9);
        println!("  {:<30} activities {a}  facts {f}  {speedup:>6.1}×  ({rows} rows, equal)", c.label);
        out.push(serde_json::json!({
            "case": c.label, "rows": rows, "activities_ms": a.json(), "facts_ms": f.json(),
            "speedup": (speedup * 10.0).round() / 10.0,
        }));
    }
    Ok(out)
}
