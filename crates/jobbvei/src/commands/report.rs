//! `jobbvei report kpi`: rows of key figures as JSON or CSV.
//!
//! JSON is an array with one object per line: `kpi`, `rule`, `group_kind`, `group_id`,
//! `period`, `value`, `numerator`, `denominator`, and where they apply `at_months` (K7),
//! `dimension` (K9), `passive` (K4) and `subsidised` (K5a). CSV has the same columns,
//! comma-separated with a dot for decimals, for scripts; spreadsheets get their own export.

use std::io::Write;

use jobbvei_domain::kpi::{GroupKind, Kpi, KpiReport, KpiRow, KpiSpec, PeriodKind, compute};
use jobbvei_store::{KpiScope, Location};

use crate::cli::{FormatArg, GroupArg, KpiArgs, PeriodArg};
use crate::commands::demo::parse_date;
use crate::commands::output::{csv_cell, json_num as num, json_text as text};
use crate::error::CliError;

pub async fn kpi(location: &Location, args: KpiArgs) -> Result<(), CliError> {
    let (from, to) = (parse_date(&args.from, "--from")?, parse_date(&args.to, "--to")?);
    if to < from {
        return Err(CliError::Usage("--to must not be before --from".into()));
    }
    let kpis = parse_kpis(args.kpi.as_deref())?;
    let spec = KpiSpec { from, to, by: group(args.by), period: period(args.period), kpis };
    let scope = match (args.team, args.office, args.user) {
        (Some(t), _, _) => KpiScope::Team(t),
        (_, Some(o), _) => KpiScope::Office(o),
        (_, _, Some(u)) => KpiScope::User(u),
        _ => KpiScope::Everything,
    };
    let db = location.open().await?;
    let data = async {
        let (what, id) = match &scope {
            KpiScope::Everything => return Ok(db.kpi_data_for(from, to, &scope, &spec.kpis).await?),
            KpiScope::Team(t) => ("team", t),
            KpiScope::Office(o) => ("office", o),
            KpiScope::User(u) => ("user", u),
        };
        if !db.exists(what, id).await? {
            return Err(CliError::Usage(format!("no {what} with id \"{id}\"")));
        }
        Ok(db.kpi_data_for(from, to, &scope, &spec.kpis).await?)
    }
    .await;
    db.close().await;
    // A scoped load holds only the scope's people, teams and offices: the rows are theirs.
    let report = compute(&data?, &spec);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        FormatArg::Json => write_json(&report, &mut out),
        FormatArg::Csv => write_csv(&report, &mut out),
    };
    written.and_then(|()| out.flush()).map_err(CliError::io("could not write the report"))
}

fn parse_kpis(list: Option<&str>) -> Result<Vec<Kpi>, CliError> {
    let Some(list) = list else { return Ok(Kpi::ALL.to_vec()) };
    let mut out = Vec::new();
    for item in list.split(',').filter(|s| !s.trim().is_empty()) {
        let kpis = Kpi::parse_list_item(item).ok_or_else(|| {
            CliError::Usage(format!(
                "unknown KPI \"{}\" in --kpi; expected K1, K1p, K2, K3, K4, K5, K5a, K5b, K6, K7, K8 or K9",
                item.trim()
            ))
        })?;
        for k in kpis {
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
    if out.is_empty() {
        return Err(CliError::Usage("--kpi names no KPI".into()));
    }
    Ok(out)
}

pub(crate) fn group(g: GroupArg) -> GroupKind {
    match g {
        GroupArg::JobSpecialist => GroupKind::JobSpecialist,
        GroupArg::Team => GroupKind::Team,
        GroupArg::Office => GroupKind::Office,
        GroupArg::All => GroupKind::All,
    }
}

fn period(p: PeriodArg) -> PeriodKind {
    match p {
        PeriodArg::Week => PeriodKind::Week,
        PeriodArg::Month => PeriodKind::Month,
        PeriodArg::Quarter => PeriodKind::Quarter,
        PeriodArg::Year => PeriodKind::Year,
    }
}

fn write_json(r: &KpiReport, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(b"[")?;
    for (i, row) in r.rows.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        let mut line = format!(
            "{{\"kpi\":{},\"rule\":{},\"group_kind\":{},\"group_id\":{},\"period\":{},\"value\":{},\"numerator\":{},\"denominator\":{}",
            text(row.kpi.code()),
            text(&row.kpi.rule().id()),
            text(r.group_kind.code()),
            text(&r.group_ids[row.group]),
            text(&r.periods[row.period].label),
            num(row.value),
            num(row.numerator),
            num(row.denominator),
        );
        extras(row, |k, v| line.push_str(&format!(",\"{k}\":{v}")));
        line.push('}');
        out.write_all(line.as_bytes())?;
    }
    out.write_all(if r.rows.is_empty() { b"]\n" } else { b"\n]\n" })
}

/// The fields only some KPIs have.
fn extras(row: &KpiRow, mut put: impl FnMut(&str, String)) {
    if let Some(m) = row.at_months {
        put("at_months", m.to_string());
    }
    if let Some(d) = row.dimension {
        put("dimension", text(d));
    }
    if row.kpi == Kpi::K4 {
        put("passive", num(row.passive));
    }
    if row.kpi == Kpi::K5a {
        put("subsidised", num(row.subsidised));
    }
}

fn write_csv(r: &KpiReport, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "kpi,rule,group_kind,group_id,period,value,numerator,denominator,at_months,dimension,passive,subsidised"
    )?;
    let blank = |v: Option<f64>| if v.is_none() { String::new() } else { num(v) };
    for row in &r.rows {
        writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{}",
            row.kpi.code(),
            row.kpi.rule().id(),
            r.group_kind.code(),
            csv_cell(&r.group_ids[row.group]),
            r.periods[row.period].label,
            blank(row.value),
            blank(row.numerator),
            blank(row.denominator),
            row.at_months.map(|m| m.to_string()).unwrap_or_default(),
            row.dimension.unwrap_or(""),
            blank(row.passive),
            blank(row.subsidised),
        )?;
    }
    Ok(())
}
