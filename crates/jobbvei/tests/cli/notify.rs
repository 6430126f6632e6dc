//! `jobbvei user add --email` and `jobbvei notify send` as a user runs them, against a fake
//! SMTP relay on loopback.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::thread::JoinHandle;

use super::{Dir, jobbvei, text};

/// A relay that takes one connection and returns the lines it received.
fn relay() -> (u16, JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut write = stream.try_clone().unwrap();
        let mut heard = Vec::new();
        write.write_all(b"220 fake ESMTP\r\n").unwrap();
        let mut in_data = false;
        for line in BufReader::new(stream).lines() {
            let line = line.unwrap();
            heard.push(line.clone());
            let reply = match line.as_str() {
                "." if in_data => {
                    in_data = false;
                    "250 queued"
                }
                _ if in_data => continue,
                "DATA" => {
                    in_data = true;
                    "354 go on"
                }
                "QUIT" => "221 bye",
                _ => "250 ok",
            };
            write.write_all(format!("{reply}\r\n").as_bytes()).unwrap();
            if line == "QUIT" {
                break;
            }
        }
        heard
    });
    (port, handle)
}

#[tokio::test]
async fn notify_send_mails_pending_notices_once_and_fails_while_the_relay_is_down() {
    let dir = Dir::new("notify");
    let add = ["user", "add", "--username", "vera", "--name", "Vera Veileder", "--role", "veileder"];
    let bad = jobbvei(&dir.0, &[&add[..], &["--email", "vera@nav.test>\r\nRCPT TO:<x@y"]].concat());
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("is not a plain e-mail address"), "{}", text(&bad.stderr));
    let ok = jobbvei(&dir.0, &[&add[..], &["--email", "vera@nav.test"]].concat());
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    // Changed, removed and set again with `user email`.
    let set = jobbvei(&dir.0, &["user", "email", "--username", "vera", "--email", "vera.v@nav.test"]);
    assert_eq!(text(&set.stdout), "e-mail address set for vera\n", "{}", text(&set.stderr));
    let none = jobbvei(&dir.0, &["user", "email", "--username", "vera"]);
    assert_eq!(text(&none.stdout), "e-mail address removed for vera\n");
    let who = jobbvei(&dir.0, &["user", "email", "--username", "nobody", "--email", "a@b.no"]);
    assert!(text(&who.stderr).contains("no user with username \"nobody\""));
    assert!(jobbvei(&dir.0, &["user", "email", "--username", "vera", "--email", "vera@nav.test"]).status.success());

    let db = jobbvei_store::Location::Sqlite(dir.0.join("jobbvei.sqlite3")).open().await.unwrap();
    assert_eq!(db.user_email("vera").await.unwrap().as_deref(), Some("vera@nav.test"));
    let mut tx = db.begin().await.unwrap();
    tx.add_notification(&jobbvei_store::NewNotification {
        user_id: "vera".into(),
        kind: "tiltak_sendt".into(),
        record: Some(("measure".into(), "m1".into())),
        link: Some("/vedtak".into()),
        text: "Arbeidstrening for Ola Nordmann venter på vedtak.".into(),
        created_at: chrono::DateTime::from_timestamp(1_732_000_000, 0).unwrap(),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let id = db.notifications("vera").await.unwrap()[0].id;
    db.close().await;

    let off = jobbvei(&dir.0, &["notify", "send", "--as-of", "2024-11-19"]);
    assert!(!off.status.success());
    assert!(text(&off.stderr).contains("no --smtp-host (or JOBBVEI_SMTP_HOST) given: e-mail is off"));

    let mail = |port: u16| {
        let port = port.to_string();
        let args = ["notify", "send", "--as-of", "2024-11-19", "--smtp-host", "127.0.0.1", "--smtp-port", &port];
        let rest = ["--smtp-from", "jobbvei@nav.test", "--public-url", "https://jobbvei.test/"];
        jobbvei(&dir.0, &[&args[..], &rest[..]].concat())
    };
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let down = mail(closed);
    assert!(!down.status.success());
    assert_eq!(text(&down.stdout), "sent 0 mail(s), 1 failed\n");
    assert!(text(&down.stderr).contains("1 mail(s) could not be sent; they stay pending"));

    let (port, heard) = relay();
    let up = mail(port);
    assert!(up.status.success(), "{}", text(&up.stderr));
    assert_eq!(text(&up.stdout), "sent 1 mail(s), 0 failed\n");
    let heard = heard.join().unwrap();
    assert_eq!(heard[..4], ["EHLO jobbvei.test", "MAIL FROM:<jobbvei@nav.test>", "RCPT TO:<vera@nav.test>", "DATA"]);
    assert!(heard.contains(&format!("https://jobbvei.test/varsler#varsel-{id}")));
    assert!(!heard.concat().contains("Ola") && !heard.concat().contains("Arbeidstrening"));

    // Nothing is left: the next run connects to no one.
    let again = mail(closed);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(text(&again.stdout), "sent 0 mail(s), 0 failed\n");
}
