//! The engine alone: each KPI per team and ISO week as hand-written SQL (the files beside this
//! one) run by the engine's own shell, against `jobbvei report kpi` run as a child process.
//! Before anything is timed the two must agree row by row, so the ratio compares two ways
//! of computing the same figures.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

use chrono::NaiveDate;
use jobbvei_store::Location;

use crate::error::CliError;

/// One comparison: the `--kpi` list given to Jobbvei and the SQL files that compute the same.
pub struct Case {
    pub label: &'static str,
    pub kpi: &'static str,
    files: &'static [(&'static str, &'static str)],
}

macro_rules! sql {
    ($engine:literal, $name:literal) => {
        ($name, include_str!(concat!($engine, "/", $name, ".sql")))
    };
}

const SQLITE: [(&str, &str); 5] =
    [sql!("sqlite", "k1"), sql!("sqlite", "k2"), sql!("sqlite", "k3"), sql!("sqlite", "k5"), sql!("sqlite", "k6")];
const POSTGRES: [(&str, &str); 5] = [
    sql!("postgres", "k1"),
    sql!("postgres", "k2"),
    sql!("postgres", "k3"),
    sql!("postgres", "k5"),
    sql!("postgres", "k6"),
];

/// K1 alone, K2 alone, K3, K5 (a and b), K6, and those together.
pub fn cases(location: &Location) -> Vec<Case> {
    let files: &'static [(&str, &str); 5] = match location {
        Location::Sqlite(_) => &SQLITE,
        Location::Postgres(_) => &POSTGRES,
    };
    let one = |label, kpi, i: usize| Case { label, kpi, files: &files[i..=i] };
    vec![
        one("K1", "K1", 0),
        one("K2", "K2", 1),
        one("K3", "K3", 2),
        one("K5 (K5a, K5b)", "K5", 3),
        one("K6", "K6", 4),
        Case { label: "K1+K2+K3+K5+K6", kpi: "K1,K2,K3,K5,K6", files: &files[..] },
    ]
}

impl Case {
    pub fn sql(&self, from: NaiveDate, to: NaiveDate) -> String {
        let mut sql = String::new();
        for (_, text) in self.files {
            sql.push_str(&text.replace("{from}", &from.to_string()).replace("{to}", &to.to_string()));
            sql.push('\n');
        }
        sql
    }

    pub fn file_names(&self) -> Vec<&'static str> {
        self.files.iter().map(|(name, _)| *name).collect()
    }
}

pub fn shell(location: &Location) -> &'static str {
    match location {
        Location::Sqlite(_) => "sqlite3",
        Location::Postgres(_) => "psql",
    }
}

/// The engine's shell reading `sql` on standard input.
fn baseline_command(location: &Location) -> Command {
    match location {
        Location::Sqlite(path) => {
            let mut c = Command::new("sqlite3");
            c.arg("-readonly").arg(path);
            c
        }
        Location::Postgres(url) => {
            let mut c = Command::new("psql");
            c.args(["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", url]);
            c
        }
    }
}

/// `jobbvei report kpi` per team and week over `from..=to`, as a child process of this binary.
fn jobbvei_command(location: &Location, case: &Case, from: NaiveDate, to: NaiveDate) -> Result<Command, CliError> {
    let exe = std::env::current_exe().map_err(CliError::io("could not find the jobbvei binary"))?;
    let url = match location {
        Location::Sqlite(path) => format!("sqlite:{}", path.display()),
        Location::Postgres(url) => url.clone(),
    };
    let mut c = Command::new(exe);
    c.arg("--database-url").arg(url).args(["report", "kpi", "--by", "team", "--period", "week", "--format", "csv"]);
    c.arg("--from").arg(from.to_string()).arg("--to").arg(to.to_string()).arg("--kpi").arg(case.kpi);
    c.env_remove("RUST_LOG");
    Ok(c)
}

/// Runs `cmd` (with `input` on standard input), returning its wall time in ms and its output.
fn run(mut cmd: Command, input: Option<&str>, what: &str) -> Result<(f64, String), CliError> {
    cmd.stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let t = Instant::now();
    let mut child = cmd.spawn().map_err(CliError::io(format!("could not run {what}")))?;
    if let (Some(sql), Some(mut stdin)) = (input, child.stdin.take()) {
        stdin.write_all(sql.as_bytes()).map_err(CliError::io(format!("could not write to {what}")))?;
    }
    let out = child.wait_with_output().map_err(CliError::io(format!("could not run {what}")))?;
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    if !out.status.success() {
        return Err(CliError::Usage(format!("{what} failed: {}", String::from_utf8_lossy(&out.stderr).trim())));
    }
    Ok((ms, String::from_utf8_lossy(&out.stdout).into_owned()))
}

/// A figure's fields as both sides print them: value, numerator, denominator and K5a's
/// subsidised count (`None` where blank).
type Fields = [Option<f64>; 4];
type Key = (String, String, String);

fn number(s: &str, line: &str) -> Result<Option<f64>, CliError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse().map(Some).map_err(|_| CliError::Usage(format!("bench kpi: \"{s}\" is not a number in \"{line}\"")))
}

/// Jobbvei's CSV rows with a numerator (the others are groups without data in the week).
fn jobbvei_rows(csv: &str) -> Result<BTreeMap<Key, Fields>, CliError> {
    let mut rows = BTreeMap::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() != 12 {
            return Err(CliError::Usage(format!("bench kpi: unexpected report line \"{line}\"")));
        }
        let numerator = number(f[6], line)?;
        if numerator.is_none() {
            continue;
        }
        let fields = [number(f[5], line)?, numerator, number(f[7], line)?, number(f[11], line)?];
        rows.insert((f[0].to_owned(), f[3].to_owned(), f[4].to_owned()), fields);
    }
    Ok(rows)
}

/// The baseline's rows: `kpi|team|week|value|numerator|denominator|extra`.
fn baseline_rows(out: &str) -> Result<BTreeMap<Key, Fields>, CliError> {
    let mut rows = BTreeMap::new();
    for line in out.lines().filter(|l| !l.is_empty()) {
        let f: Vec<&str> = line.split('|').collect();
        if f.len() != 7 {
            return Err(CliError::Usage(format!("bench kpi: unexpected baseline line \"{line}\"")));
        }
        let fields = [number(f[3], line)?, number(f[4], line)?, number(f[5], line)?, number(f[6], line)?];
        if rows.insert((f[0].to_owned(), f[1].to_owned(), f[2].to_owned()), fields).is_some() {
            return Err(CliError::Usage(format!("bench kpi: the baseline gives \"{line}\" twice")));
        }
    }
    Ok(rows)
}

/// Equal up to the last bits of a float: the two sum FTE in different orders.
fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
        _ => false,
    }
}

/// The differences between the two outputs, described; empty when they agree row by row.
fn differences(ours: &str, theirs: &str) -> Result<(usize, Vec<String>), CliError> {
    let (ours, theirs) = (jobbvei_rows(ours)?, baseline_rows(theirs)?);
    let mut diffs = Vec::new();
    for (key, a) in &ours {
        match theirs.get(key) {
            None => diffs.push(format!("{key:?}: Jobbvei {a:?}, baseline has no row")),
            Some(b) if !a.iter().zip(b).all(|(x, y)| same(*x, *y)) => {
                diffs.push(format!("{key:?}: Jobbvei {a:?}, baseline {b:?}"))
            }
            Some(_) => {}
        }
    }
    for (key, b) in &theirs {
        if !ours.contains_key(key) {
            diffs.push(format!("{key:?}: baseline {b:?}, Jobbvei has no value"));
        }
    }
    Ok((ours.len(), diffs))
}

/// Wall times of the two sides, in ms.
pub struct Timing {
    pub rows: usize,
    pub jobbvei: Vec<f64>,
    pub baseline: Vec<f64>,
}

/// Proves that the baseline gives Jobbvei's figures row by row (an error otherwise), then
/// times both as whole processes, alternating, `runs` times each.
pub fn compare(
    location: &Location,
    case: &Case,
    from: NaiveDate,
    to: NaiveDate,
    runs: usize,
) -> Result<Timing, CliError> {
    let sql = case.sql(from, to);
    let jobbvei = || jobbvei_command(location, case, from, to);
    let (_, ours) = run(jobbvei()?, None, "jobbvei report kpi")?;
    let (_, theirs) = run(baseline_command(location), Some(&sql), shell(location))?;
    let (rows, diffs) = differences(&ours, &theirs)?;
    if !diffs.is_empty() {
        let shown: Vec<&String> = diffs.iter().take(10).collect();
        return Err(CliError::Usage(format!(
            "bench kpi: the baseline for {} differs from Jobbvei in {} of {rows} figures; first: {shown:#?}",
            case.label,
            diffs.len()
        )));
    }
    let mut t = Timing { rows, jobbvei: Vec::new(), baseline: Vec::new() };
    for _ in 0..runs.max(1) {
        t.jobbvei.push(run(jobbvei()?, None, "jobbvei report kpi")?.0);
        t.baseline.push(run(baseline_command(location), Some(&sql), shell(location))?.0);
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_agree_only_when_every_figure_does() {
        let ours = "kpi,rule,group_kind,group_id,period,value,numerator,denominator,at_months,dimension,passive,subsidised\n\
                    K1,K1@1,team,t1,2025-W01,0.7,1,1.4285714285714286,,,,\n\
                    K1,K1@1,team,t2,2025-W01,,,,,,,\n";
        assert_eq!(differences(ours, "K1|t1|2025-W01|0.7|1|1.42857142857143|\n").unwrap(), (1, vec![]));
        assert_eq!(differences(ours, "K1|t1|2025-W01|0.7|2|1.42857142857143|\n").unwrap().1.len(), 1);
        // A group without data must have no row in the baseline, not a zero.
        assert_eq!(
            differences(ours, "K1|t1|2025-W01|0.7|1|1.42857142857143|\nK1|t2|2025-W01|0|0|1|\n").unwrap().1.len(),
            1
        );
        assert_eq!(differences(ours, "").unwrap().1.len(), 1);
    }
}
