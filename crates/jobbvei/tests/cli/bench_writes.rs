//! `jobbvei bench writes` (issue 16, finding 7): concurrent writers through the pages and the
//! API get through without a single error, and the command cleans up after itself.

use super::*;

#[test]
fn concurrent_writers_all_get_through() {
    let dir = Dir::new("bench-writes");
    assert!(jobbvei(&dir.0, &["demo", "--scale", "small", "--seed", "2"]).status.success());
    let out = jobbvei(&dir.0, &["bench", "writes", "--sessions", "4", "--seconds", "3"]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    let summary: serde_json::Value = serde_json::from_str(text(&out.stdout).lines().last().unwrap()).unwrap();
    assert_eq!(summary["errors"], 0);
    for route in ["quick-log", "api-activity"] {
        assert!(summary["routes"][route]["count"].as_u64().unwrap() > 4, "{route}: {summary}");
    }
    let tokens = text(&jobbvei(&dir.0, &["token", "list", "--format", "json"]).stdout);
    assert!(!tokens.contains("\"active\""), "the benchmark's tokens are revoked: {tokens}");
}
