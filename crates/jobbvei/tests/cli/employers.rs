//! `jobbvei employers release` (issue 15 part 1, docs/employer-pipeline.md): the daily round
//! by hand: the clock started for a relationship held with no claim recorded, the release at
//! exactly N days with the notice 14 days before, and a dry run that changes nothing.

use super::*;

fn employer_line(export: &str) -> String {
    export.lines().find(|l| l.contains(r#""type":"employer","id":"e1""#)).unwrap().to_owned()
}

fn export(dir: &Path) -> String {
    let out = jobbvei(dir, &["export"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn a_relationship_is_released_at_exactly_n_days_after_a_notice() {
    let dir = Dir::new("employers-release");
    assert!(jobbvei(&dir.0, &["import", FULL]).status.success());
    // e1 is held by js1 (last done contact 15 January 2024), with no claim recorded: the
    // first round starts the clock on 20 January, so with 90 days it is free on 19 April,
    // and js1 is told from 5 April.
    let run = |as_of: &str, more: &[&str]| {
        let out = jobbvei(&dir.0, &[&["employers", "release", "--as-of", as_of][..], more].concat());
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let dry = run("2024-01-20", &["--dry-run"]);
    assert!(dry.contains("would start clock for employer e1: no claim recorded for its holder"), "{dry}");
    let started = run("2024-01-20", &[]);
    assert!(started.starts_with("started clock for employer e1"), "{started}");
    assert!(!run("2024-01-21", &[]).contains("clock"), "started once");
    let quiet = run("2024-04-04", &[]);
    assert!(quiet.ends_with("0 released, 0 noticed, 0 stage(s) moved (90 days, as of 2024-04-04)\n"), "{quiet}");
    let dry = run("2024-04-05", &["--dry-run"]);
    assert!(
        dry.contains("would notice employer e1 holder js1: counting from 2024-01-20, release on 2024-04-19"),
        "{dry}"
    );
    assert!(dry.contains("dry run, nothing changed: 0 released, 1 noticed"), "{dry}");
    let told = run("2024-04-05", &[]);
    assert!(told.starts_with("noticed employer e1 holder js1"), "{told}");
    assert!(run("2024-04-05", &[]).contains("0 released, 0 noticed"), "told once");
    assert!(run("2024-04-18", &[]).contains("0 released, 0 noticed"), "day N-1 keeps it");
    assert!(employer_line(&export(&dir.0)).contains(r#""holder":"js1""#));

    let dry = run("2024-04-19", &["--dry-run"]);
    assert!(dry.contains("would release employer e1 from holder js1: counting from 2024-01-20"), "{dry}");
    assert!(employer_line(&export(&dir.0)).contains(r#""holder":"js1""#), "a dry run changes nothing");
    let released = run("2024-04-19", &[]);
    assert!(released.contains("released employer e1 from holder js1"), "{released}");
    assert!(released.ends_with("1 released, 0 noticed, 0 stage(s) moved (90 days, as of 2024-04-19)\n"));
    assert!(!employer_line(&export(&dir.0)).contains("holder"), "e1 is free");
    assert!(run("2024-04-20", &[]).contains("0 released"), "nothing left to release");

    let audit = text(&jobbvei(&dir.0, &["audit", "--format", "json"]).stdout);
    let release = audit
        .lines()
        .find(|l| l.contains(r#""record_type":"employer""#) && l.contains(r#""record":"e1""#))
        .unwrap_or_else(|| panic!("{audit}"));
    assert!(release.contains(r#""action":"update""#) && release.contains("holder"), "{release}");
    assert!(release.contains("cli"), "the round is the actor: {release}");
}

#[test]
fn the_release_period_is_configurable_and_bad_options_are_named() {
    let dir = Dir::new("employers-days");
    assert!(jobbvei(&dir.0, &["import", FULL]).status.success());
    for (args, message) in [
        (&["--as-of", "2024-13-01"][..], "--as-of must be a date YYYY-MM-DD"),
        (&["--as-of", "2024-04-01", "--days", "0"][..], "--days must be a whole number of days from 1 to 730"),
        (&["--as-of", "2024-04-01", "--days", "731"][..], "--days must be a whole number of days from 1 to 730"),
    ] {
        let out = jobbvei(&dir.0, &[&["employers", "release"][..], args].concat());
        assert!(!out.status.success());
        assert!(text(&out.stderr).contains(message), "{}", text(&out.stderr));
    }
    assert!(employer_line(&export(&dir.0)).contains(r#""holder":"js1""#), "nothing changed");
    assert!(jobbvei(&dir.0, &["employers", "release", "--as-of", "2024-01-15"]).status.success());
    // Counting from 15 January, 30 days: free on 14 February, told from 31 January.
    let out = jobbvei(&dir.0, &["employers", "release", "--as-of", "2024-02-13", "--days", "30"]);
    assert!(text(&out.stdout).contains("0 released, 1 noticed"), "{}", text(&out.stdout));
    let out = jobbvei(&dir.0, &["employers", "release", "--as-of", "2024-02-14", "--days", "30"]);
    assert!(text(&out.stdout).contains("1 released, 0 noticed"), "{}", text(&out.stdout));
}
