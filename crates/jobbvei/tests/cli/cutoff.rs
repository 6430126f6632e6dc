//! `jobbvei user disable|enable` and `jobbvei token create|list|revoke` (issue 16, finding 6).

use super::*;

#[test]
fn users_are_disabled_and_tokens_named_listed_and_revoked() {
    let dir = Dir::new("cutoff");
    assert!(jobbvei(&dir.0, &["import", KPI]).status.success());
    let add = ["user", "add", "--username", "kari", "--name", "Kari Dahl", "--role", "jobbspesialist", "--team", "t1"];
    assert!(jobbvei(&dir.0, &add).status.success());

    let made = jobbvei(&dir.0, &["token", "create", "--username", "kari", "--name", "rapport-skript", "--days", "30"]);
    assert!(made.status.success(), "{}", text(&made.stderr));
    let printed = text(&made.stdout);
    let id = printed.split("API token ").nth(1).unwrap().split(' ').next().unwrap().to_owned();
    assert_eq!(id.len(), 16);
    let secret = printed.lines().last().unwrap().to_owned();
    assert_eq!(secret.len(), 64);
    assert!(jobbvei(&dir.0, &["token", "create", "--username", "kari"]).status.success(), "name and days default");
    for (args, message) in [
        (&["--days", "0"][..], "--days must be 1–365"),
        (&["--days", "366"][..], "--days must be 1–365"),
        (&["--name", " "][..], "--name must be 1–100 characters"),
    ] {
        let out = jobbvei(&dir.0, &[&["token", "create", "--username", "kari"][..], args].concat());
        assert_eq!(out.status.code(), Some(1));
        assert!(text(&out.stderr).contains(message), "{}", text(&out.stderr));
    }

    let list = text(&jobbvei(&dir.0, &["token", "list", "--username", "kari", "--format", "json"]).stdout);
    let rows: serde_json::Value = serde_json::from_str(&list).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let first = rows.iter().find(|r| r["id"] == id.as_str()).unwrap();
    assert_eq!((first["name"].as_str(), first["state"].as_str()), (Some("rapport-skript"), Some("active")));
    let created = chrono::DateTime::parse_from_rfc3339(first["created_at"].as_str().unwrap()).unwrap();
    let expires = chrono::DateTime::parse_from_rfc3339(first["expires_at"].as_str().unwrap()).unwrap();
    assert_eq!(expires - created, chrono::Duration::days(30));
    assert!(!list.contains(&secret), "the secret is never listed");
    let all = text(&jobbvei(&dir.0, &["token", "list"]).stdout);
    assert!(all.contains("rapport-skript") && all.contains("kari"), "{all}");

    let revoked = jobbvei(&dir.0, &["token", "revoke", "--id", &id]);
    assert_eq!(text(&revoked.stdout), format!("API token {id} is revoked\n"));
    let list = text(&jobbvei(&dir.0, &["token", "list", "--username", "kari", "--format", "json"]).stdout);
    assert!(list.contains(r#""state":"revoked""#), "{list}");
    let none = jobbvei(&dir.0, &["token", "revoke", "--id", "0000000000000000"]);
    assert!(text(&none.stderr).contains("no API token with id \"0000000000000000\""));

    let off = jobbvei(&dir.0, &["user", "disable", "--username", "kari"]);
    assert!(text(&off.stdout).contains("kari (kari) is disabled"), "{}", text(&off.stderr));
    let on = jobbvei(&dir.0, &["user", "enable", "--username", "kari"]);
    assert_eq!(text(&on.stdout), "kari (kari) is enabled again\n");
    let nobody = jobbvei(&dir.0, &["user", "disable", "--username", "ingen"]);
    assert!(text(&nobody.stderr).contains("no user with username \"ingen\""));

    let audit = text(&jobbvei(&dir.0, &["audit", "--format", "json"]).stdout);
    let actions: Vec<&str> = audit.lines().filter_map(|l| l.split("\"action\":\"").nth(1)?.split('"').next()).collect();
    assert_eq!(
        actions,
        [
            "import",
            "user_create",
            "token_create",
            "token_create",
            "token_list",
            "token_list",
            "token_revoke",
            "token_list",
            "user_disable",
            "user_enable"
        ],
        "{audit}"
    );
    assert!(!audit.contains(&secret));
}
