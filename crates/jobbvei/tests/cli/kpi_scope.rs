//! `report kpi --team/--office/--user`: rows only for what was asked for, on both engines.

use super::{Dir, jobbvei, text};

const SCOPE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/kpi_scope.jsonl");

/// The (group, value) of each row of K1 over one week (2024-W10), `--by by` with `scope`.
fn rows(dir: &Dir, url: Option<&str>, by: &str, scope: &[&str]) -> Vec<(String, String)> {
    let db: Vec<&str> = url.map(|u| vec!["--database-url", u]).unwrap_or_default();
    let args = ["report", "kpi", "--from", "2024-03-04", "--to", "2024-03-10", "--period", "week", "--kpi", "K1"];
    let out = jobbvei(&dir.0, &[&db[..], &args[..], &["--format", "csv", "--by", by], scope].concat());
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[3].to_owned(), f[5].to_owned())
        })
        .collect()
}

fn check(dir: &Dir, url: Option<&str>) {
    let r = |by, scope: &[&str]| rows(dir, url, by, scope);
    let pairs = |v: &[(&str, &str)]| v.iter().map(|(g, x)| (g.to_string(), x.to_string())).collect::<Vec<_>>();
    // Unscoped: every group, with t3's digital meeting counting as data but not as K1.
    assert_eq!(r("team", &[]), pairs(&[("t1", "1.3333333333333333"), ("t2", "1"), ("t3", "0")]));
    assert_eq!(r("office", &[]), pairs(&[("0314", "1.2"), ("0315", "0")]));
    assert_eq!(r("job_specialist", &[]).len(), 4);
    // One team: its row, its office's row from its members alone (2 meetings ÷ 1.5 FTE), its
    // job specialists (not the leader, not the other teams' people).
    assert_eq!(r("team", &["--team", "t1"]), pairs(&[("t1", "1.3333333333333333")]));
    assert_eq!(r("office", &["--team", "t1"]), pairs(&[("0314", "1.3333333333333333")]));
    assert_eq!(r("job_specialist", &["--team", "t1"]), pairs(&[("js1", "1"), ("js2", "2")]));
    assert_eq!(r("all", &["--team", "t1"]), pairs(&[("all", "1.3333333333333333")]));
    // One office: its two teams, its three job specialists.
    assert_eq!(r("team", &["--office", "0314"]), pairs(&[("t1", "1.3333333333333333"), ("t2", "1")]));
    assert_eq!(r("office", &["--office", "0314"]), pairs(&[("0314", "1.2")]));
    assert_eq!(r("job_specialist", &["--office", "0314"]).len(), 3);
    // One user: theirs, and their team's and office's rows from their work alone.
    assert_eq!(r("job_specialist", &["--user", "js3"]), pairs(&[("js3", "1")]));
    assert_eq!(r("team", &["--user", "js3"]), pairs(&[("t2", "1")]));
    assert_eq!(r("office", &["--user", "js3"]), pairs(&[("0314", "1")]));
    // Nothing of the kind: a clear message, no rows.
    let db: Vec<&str> = url.map(|u| vec!["--database-url", u]).unwrap_or_default();
    let args = ["report", "kpi", "--from", "2024-03-04", "--to", "2024-03-10", "--period", "week", "--by", "team"];
    for (flag, id, what) in [("--team", "t9", "team"), ("--office", "9999", "office"), ("--user", "nobody", "user")] {
        let out = jobbvei(&dir.0, &[&db[..], &args[..], &[flag, id]].concat());
        assert!(!out.status.success() && out.stdout.is_empty());
        assert!(text(&out.stderr).contains(&format!("no {what} with id \"{id}\"")), "{}", text(&out.stderr));
    }
    let both = jobbvei(&dir.0, &[&db[..], &args[..], &["--team", "t1", "--user", "js1"]].concat());
    assert!(!both.status.success());
}

#[test]
fn scoped_kpi_reports_have_rows_only_for_what_was_asked_for() {
    let dir = Dir::new("kpi-scope");
    assert!(jobbvei(&dir.0, &["import", SCOPE]).status.success());
    check(&dir, None);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let Some(pg) = rt.block_on(jobbvei_store::testing::postgres("kpi_scope")) else { return };
    let jobbvei_store::Location::Postgres(url) = pg.location.clone() else { unreachable!() };
    let import = jobbvei(&dir.0, &["--database-url", url.as_str(), "import", SCOPE]);
    assert!(import.status.success(), "{}", text(&import.stderr));
    check(&dir, Some(&url));
    rt.block_on(pg.remove());
}
