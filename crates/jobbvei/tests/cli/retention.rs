//! `jobbvei retention run` (issue 16, the person's rights) on demo data, both engines: the dry
//! run lists course ids and end dates and changes nothing; the real run removes the people it
//! listed and leaves every figure of past years as it was.

use super::*;

/// The reports whose figures must not move, over the demo's history (up to 2020-11-20).
const FIGURES: [&[&str]; 5] = [
    &[
        "report",
        "kpi",
        "--from",
        "2019-01-01",
        "--to",
        "2020-11-20",
        "--by",
        "job_specialist",
        "--period",
        "month",
        "--format",
        "json",
    ],
    &[
        "report",
        "outcomes",
        "--from",
        "2019-01-01",
        "--to",
        "2020-11-20",
        "--by",
        "job_specialist",
        "--split",
        "birth_year",
        "--format",
        "csv",
    ],
    &["report", "outcomes", "--from", "2019-01-01", "--to", "2020-11-20", "--by", "all", "--split", "interpreter"],
    &[
        "report",
        "survival",
        "--from",
        "2019-01-01",
        "--to",
        "2020-11-20",
        "--as-of",
        "2020-11-20",
        "--by",
        "norwegian_level",
    ],
    &["report", "referrals", "--from", "2019-01-01", "--to", "2020-11-20", "--by", "office", "--format", "csv"],
];

fn last_line(out: &Output) -> String {
    text(&out.stdout).lines().last().unwrap_or_default().to_owned()
}

fn check_retention(dir: &Path, db: &[&str]) {
    let run = |extra: &[&str]| jobbvei(dir, &[db, extra].concat());
    // Two years of history up to 2020-11-20: every course that has ended, ended before 2021-11-20.
    let demo = run(&["demo", "--scale", "small", "--seed", "3", "--as-of", "2020-11-20"]);
    assert!(demo.status.success(), "{}", text(&demo.stderr));
    // The default rule (10 years) reaches no one: the history starts in 2018.
    let ten = run(&["retention", "run", "--as-of", "2026-11-20", "--dry-run"]);
    assert!(ten.status.success(), "{}", text(&ten.stderr));
    assert_eq!(last_line(&ten), "would anonymise 0 participants with 0 courses (dry run: nothing changed)");

    let figures = || FIGURES.iter().map(|args| text(&run(args).stdout)).collect::<Vec<_>>();
    let before = figures();
    assert!(before.iter().all(|f| f.lines().count() >= 2), "the reports have figures: {before:?}");
    let export = || text(&run(&["export"]).stdout);
    let exported = export();

    let dry = run(&["retention", "run", "--as-of", "2026-11-20", "--years", "5", "--dry-run"]);
    assert!(dry.status.success(), "{}", text(&dry.stderr));
    let listed = text(&dry.stdout);
    assert!(listed.starts_with("courses of participants whose every course ended before 2021-11-20"), "{listed}");
    let people: std::collections::BTreeSet<String> =
        listed.lines().filter_map(|l| l.split("(participant ").nth(1)?.strip_suffix(')').map(str::to_owned)).collect();
    assert!(people.len() >= 5, "{listed}");
    let courses = listed.lines().filter(|l| l.starts_with("course ")).count();
    assert_eq!(
        last_line(&dry),
        format!("would anonymise {} participants with {courses} courses (dry run: nothing changed)", people.len())
    );
    assert_eq!(export(), exported, "the dry run changes nothing");
    // The people reached, as the export has them: no name or number of theirs on standard output.
    let theirs: Vec<serde_json::Value> = exported
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|r| r["type"] == "participant" && people.contains(r["id"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(theirs.len(), people.len());
    for p in &theirs {
        assert!(!listed.contains(p["fnr"].as_str().unwrap()) && !listed.contains(p["name"].as_str().unwrap()));
    }

    let real = run(&["retention", "run", "--as-of", "2026-11-20", "--years", "5"]);
    assert!(real.status.success(), "{}", text(&real.stderr));
    assert_eq!(last_line(&real), format!("anonymised {} participants with {courses} courses", people.len()));
    assert_eq!(figures(), before, "the figures of past years are the same");
    let after = export();
    for p in &theirs {
        assert!(!after.contains(p["fnr"].as_str().unwrap()), "the number is gone");
        let line = after.lines().find(|l| l.contains(&format!("\"id\":\"{}\"", p["id"].as_str().unwrap()))).unwrap();
        assert!(line.contains("\"name\":\"Anonymisert\"") && !line.contains("postal_code"), "{line}");
    }
    let again = run(&["retention", "run", "--as-of", "2026-11-20", "--years", "5", "--dry-run"]);
    assert_eq!(last_line(&again), "would anonymise 0 participants with 0 courses (dry run: nothing changed)");
    let audit = text(&run(&["audit", "--format", "json"]).stdout);
    assert_eq!(audit.matches("\"action\":\"anonymise\"").count(), people.len());
    assert_eq!(audit.matches("\"action\":\"retention_dry_run\"").count(), 3);
    assert_eq!(audit.matches("\"action\":\"retention_run\"").count(), 1);

    for (args, message) in [
        (&["--as-of", "2026-13-01"][..], "--as-of must be a date"),
        (&["--as-of", "2026-11-20", "--years", "0"][..], "--years must be 1–100"),
    ] {
        let out = run(&[&["retention", "run"][..], args].concat());
        assert_eq!(out.status.code(), Some(1));
        assert!(text(&out.stderr).contains(message), "{}", text(&out.stderr));
    }
}

#[test]
fn retention_removes_people_and_keeps_the_figures() {
    let dir = Dir::new("retention");
    check_retention(&dir.0, &[]);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let Some(pg) = rt.block_on(jobbvei_store::testing::postgres("retention")) else { return };
    let jobbvei_store::Location::Postgres(url) = pg.location.clone() else { unreachable!() };
    let pg_dir = Dir::new("retention-pg");
    check_retention(&pg_dir.0, &["--database-url", &url]);
    rt.block_on(pg.remove());
}
