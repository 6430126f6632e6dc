//! `jobbvei backup` and `jobbvei restore` as an operator runs them (SQLite; the engines are
//! crossed in the exchange crate's tests).

use super::{Dir, FULL, jobbvei, text};

#[test]
fn backup_restore_copy_and_refusals() {
    let dir = Dir::new("backup");
    let source = dir.0.join("source");
    assert!(jobbvei(&source, &["import", FULL]).status.success());
    let file = dir.0.join("one.backup");
    let out = jobbvei(&source, &["backup", "--output", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!dir.0.join("one.partial").exists(), "the partial file was renamed");
    let first = std::fs::read(&file).unwrap();

    // The backup is audited in the source, after its snapshot.
    let audit = jobbvei(&source, &["audit", "--format", "csv"]);
    assert!(text(&audit.stdout).contains("backup"), "{}", text(&audit.stdout));

    // Restored into an empty database, backed up again: the same bytes.
    let target = dir.0.join("target");
    let out = jobbvei(&target, &["restore", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("restored "), "{}", text(&out.stdout));
    let again = dir.0.join("two.backup");
    assert!(jobbvei(&target, &["backup", "-o", again.to_str().unwrap()]).status.success());
    assert!(first == std::fs::read(&again).unwrap(), "backup → restore → backup is identical");

    // A second restore into the now occupied database is refused, in English, exit 1.
    let out = jobbvei(&target, &["restore", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("restore refused, nothing was written: the database is not empty"),
        "{}",
        text(&out.stderr)
    );

    // A damaged file is refused into an empty database, which stays empty.
    let damaged = dir.0.join("damaged.backup");
    let mut bytes = first.clone();
    let at = bytes.len() / 2;
    bytes[at] = if bytes[at] == b'x' { b'y' } else { b'x' };
    std::fs::write(&damaged, &bytes).unwrap();
    let empty = dir.0.join("empty");
    let out = jobbvei(&empty, &["restore", damaged.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("damaged"), "{}", text(&out.stderr));
    let out = jobbvei(&empty, &["restore", file.to_str().unwrap()]);
    assert!(out.status.success(), "the refused restore left nothing behind: {}", text(&out.stderr));

    // `-` reads the backup from standard input, as in `ssh host jobbvei backup -o - | jobbvei restore -`.
    let piped = dir.0.join("piped");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jobbvei"))
        .arg("--data-dir")
        .arg(&piped)
        .args(["restore", "-"])
        .env_remove("DATABASE_URL")
        .stdin(std::fs::File::open(&file).unwrap())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let third = dir.0.join("three.backup");
    assert!(jobbvei(&piped, &["backup", "-o", third.to_str().unwrap()]).status.success());
    assert!(first == std::fs::read(&third).unwrap(), "a restore from standard input is the same");

    // The online copy of a SQLite database opens as a database of its own.
    let copy = dir.0.join("copy.sqlite3");
    let out = jobbvei(&source, &["backup", "--sqlite-copy", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = jobbvei(&dir.0, &["--database-url", &format!("sqlite:{}", copy.display()), "user", "list"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("kari"), "{}", text(&out.stdout));
    let out = jobbvei(&source, &["backup", "--sqlite-copy", copy.to_str().unwrap()]);
    assert!(text(&out.stderr).contains("already exists"), "{}", text(&out.stderr));

    // One of the two targets is required.
    let out = jobbvei(&source, &["backup"]);
    assert!(!out.status.success());
}
