//! `jobbvei bench http` (issue 17): a read-only run over the chosen routes changes no record,
//! and the server it starts listens on loopback only.

use super::*;

#[test]
fn a_read_only_run_loads_the_chosen_routes_and_changes_nothing() {
    let dir = Dir::new("bench-http");
    assert!(jobbvei(&dir.0, &["demo", "--scale", "small", "--seed", "2"]).status.success());
    let before = text(&jobbvei(&dir.0, &["export"]).stdout);
    let args = ["bench", "http", "--sessions", "2", "--seconds", "2", "--read-only", "--routes", "tall,participant"];
    let out = jobbvei(&dir.0, &[&args[..], &["--bind", "127.0.0.1:0"]].concat());
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    let summary: serde_json::Value = serde_json::from_str(text(&out.stdout).lines().last().unwrap()).unwrap();
    assert_eq!((summary["errors"].as_u64(), summary["read_only"].as_bool()), (Some(0), Some(true)), "{summary}");
    let routes = summary["routes"].as_object().unwrap();
    assert_eq!(routes.keys().collect::<Vec<_>>(), ["participant", "tall"], "only the routes asked for");
    assert!(routes["tall"]["count"].as_u64().unwrap() > 0);
    assert_eq!(text(&jobbvei(&dir.0, &["export"]).stdout), before, "no record changed");

    let out = jobbvei(&dir.0, &["bench", "http", "--bind", "0.0.0.0:0", "--seconds", "1"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--bind: 0.0.0.0:0 is not a loopback address"), "{}", text(&out.stderr));
}
