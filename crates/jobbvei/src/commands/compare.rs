//! `jobbvei report compare`: two groups of the same kind compared after exact matching
//! (rule R4@1, docs/evaluation.md).
//!
//! JSON is one object: `rule`, `from`, `to`, `as_of`, `matched_on` (the four variables),
//! `strata` (how many of their combinations hold a matched pair), `groups` (group A, then
//! B, each with `group_kind`, `group_id`, `n`, `matched`, `dropped`, `status` — every §10
//! status in its order with `count` and `share` — and `survival`, the matched courses' curve
//! as `report survival` gives a group's) and `logrank` (`chi2`, `df`, `p`). What is
//! undefined is `null`.

use std::io::Write;

use jobbvei_domain::Method;
use jobbvei_domain::evaluation::{self, CompareKind, CompareReport, CompareSpec, GroupRef, Side, compare};
use jobbvei_domain::outcomes::OutcomeData;
use jobbvei_store::Location;

use crate::cli::CompareArgs;
use crate::commands::output::{json_num as num, json_text as text};
use crate::commands::survival::{curve_fields, logrank_json, window};
use crate::error::CliError;

/// The variables the groups are matched on, in the order §11 names them.
const MATCHED_ON: [&str; 4] = ["birth_year_band", "norwegian_level", "interpreter", "start_year"];

pub async fn run(location: &Location, args: CompareArgs) -> Result<(), CliError> {
    let (from, to, as_of) = window(&args.window)?;
    let a = group(&args.group_a, "--group-a")?;
    let b = group(&args.group_b, "--group-b")?;
    let spec = CompareSpec::new(from, to, as_of, a, b).map_err(|e| CliError::Usage(e.to_string()))?;
    let db = location.open().await?;
    // The outcome rule's data up to the as-of day: every course that started in the window
    // is open on a day of from..=as_of, and its status is read on the as-of day.
    let data = db.outcome_data(from, as_of).await;
    db.close().await;
    let data = data?;
    for (g, option) in [(spec.a(), "--group-a"), (spec.b(), "--group-b")] {
        known(&data, g, option)?;
    }
    let report = compare(&data, &spec);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    write_json(&spec, &report, &mut out).and_then(|()| out.flush()).map_err(CliError::io("could not write the report"))
}

/// `KIND:ID`.
fn group(arg: &str, option: &str) -> Result<GroupRef, CliError> {
    let usage = |m: String| CliError::Usage(format!("{option} {m}"));
    let (kind, id) = arg.split_once(':').ok_or_else(|| usage(format!("must be KIND:ID, got \"{arg}\"")))?;
    let kind = match CompareKind::parse(kind) {
        Some(k) => k,
        None if matches!(kind, "norwegian_level" | "start_year") => {
            return Err(usage(format!(
                "cannot compare by {kind}: the groups are matched on it, so no course would find a match"
            )));
        }
        None => return Err(usage(format!("must be KIND:ID with KIND one of {}", CompareKind::expected()))),
    };
    if id.trim().is_empty() {
        return Err(usage("has no ID after the colon".into()));
    }
    if kind == CompareKind::Method && Method::parse(id).is_none() {
        return Err(usage(format!("names no method: {id} (methods: {})", Method::expected())));
    }
    Ok(GroupRef { kind, id: id.to_owned() })
}

/// Refuses a team or office that is not in the database ([`evaluation::known`]).
fn known(data: &OutcomeData, g: &GroupRef, option: &str) -> Result<(), CliError> {
    if evaluation::known(data, g) {
        Ok(())
    } else {
        Err(CliError::Usage(format!("{option}: there is no {} {}", g.kind, g.id)))
    }
}

fn side_json(s: &Side) -> String {
    let status: Vec<String> = s
        .status
        .iter()
        .map(|x| format!("{{\"status\":{},\"count\":{},\"share\":{}}}", text(x.status.code()), x.count, num(x.share)))
        .collect();
    format!(
        "{{\"group_kind\":{},\"group_id\":{},\"n\":{},\"matched\":{},\"dropped\":{},\"status\":[{}],\"survival\":{{{}}}}}",
        text(s.group.kind.code()),
        text(&s.group.id),
        s.n,
        s.matched,
        s.dropped,
        status.join(","),
        curve_fields(&s.curve)
    )
}

/// One group per line, as `report survival` writes them.
fn write_json(spec: &CompareSpec, r: &CompareReport, out: &mut dyn Write) -> std::io::Result<()> {
    let matched_on: Vec<String> = MATCHED_ON.iter().map(|v| text(v)).collect();
    writeln!(
        out,
        "{{\"rule\":{},\"from\":\"{}\",\"to\":\"{}\",\"as_of\":\"{}\",\"matched_on\":[{}],\"strata\":{},\"groups\":[",
        text(r.rule),
        spec.window().from(),
        spec.window().to(),
        spec.window().as_of(),
        matched_on.join(","),
        r.strata
    )?;
    writeln!(out, "{},", side_json(&r.a))?;
    writeln!(out, "{}", side_json(&r.b))?;
    writeln!(out, "],\"logrank\":{}}}", logrank_json(r.logrank.as_ref()))
}
