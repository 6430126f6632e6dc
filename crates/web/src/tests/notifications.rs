//! Notices on both engines: each is written by its event for the right user, the list shows
//! only one's own, marking read, the header count, and the mail to a fake SMTP relay (what it
//! receives, retry after a failure, nothing when mail is off).

use std::sync::Mutex;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use super::*;
use crate::instance::Instance;
use crate::notify::mail::{MailConfig, send_pending, spawn};
use crate::notify::smtp::Relay;

async fn who(s: &Scratch, clock: &TestClock, user: &str) -> (String, String) {
    signed_in(s, clock, user).await
}

/// Drafts and sends a measure on p1 as the job specialist; returns its id.
async fn send_measure(app: &Router, s: &Scratch, js: &(String, String)) -> String {
    let fields = [("csrf", js.1.as_str()), ("kind", "kurs_opplaering"), ("job", "j1"), ("note", "Truckførerbevis")];
    let r = send(app, post_form("/deltaker/p1/tiltak", Some(&js.0), &body(&fields))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.body);
    let id = s.db.participant_measures("p1").await.unwrap()[0].measure.id.to_string();
    let r = send(app, post_form(&format!("/tiltak/{id}/send"), Some(&js.0), &body(&[("csrf", &js.1)]))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.body);
    id
}

/// (kind, link, text) of a user's notices in list order.
async fn notices(s: &Scratch, user: &str) -> Vec<(String, Option<String>, String)> {
    s.db.notifications(user).await.unwrap().into_iter().map(|n| (n.kind, n.link, n.text)).collect()
}

#[tokio::test]
async fn each_event_notifies_the_right_user_without_health_details() {
    for s in jobbvei_store::testing::both("notices").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let js = who(&s, &clock, "u-jobbspesialist").await;
        let vei = who(&s, &clock, "u-veileder").await;

        // Sent: the assigned veileder is told, nobody else.
        let m = send_measure(&app, &s, &js).await;
        let sent = (
            "tiltak_sendt".to_owned(),
            Some("/vedtak".to_owned()),
            "Kurs/opplæring for Amina Yusuf venter på vedtak.".to_owned(),
        );
        assert_eq!(notices(&s, "u-veileder").await, vec![sent.clone()], "{}", s.label);
        assert!(notices(&s, "u-jobbspesialist").await.is_empty());
        assert!(notices(&s, "u-metodeveileder").await.is_empty());

        // Declined with a reason: the drafter is told the outcome; the reason stays on the page.
        clock.advance_minutes(5);
        let reason = "Helsegrunner: sykemeldt";
        let fields = [("csrf", vei.1.as_str()), ("decision", "avslatt"), ("reason", reason)];
        let r = send(&app, post_form(&format!("/vedtak/{m}"), Some(&vei.0), &body(&fields))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.body);
        let declined = (
            "tiltak_avslatt".to_owned(),
            Some("/deltaker/p1/tiltak".to_owned()),
            "Kurs/opplæring for Amina Yusuf er avslått.".to_owned(),
        );
        assert_eq!(notices(&s, "u-jobbspesialist").await, vec![declined], "{}", s.label);
        assert_eq!(notices(&s, "u-veileder").await.len(), 1, "the decision tells only the drafter");

        // Course ended: the veileder is told who follows up now.
        clock.advance_minutes(5);
        let end = [
            ("csrf", js.1.as_str()),
            ("end", "2024-11-15"),
            ("end_cause", "arbeid"),
            ("follow_up_by", "NAV-veileder"),
            ("agreed", "Oppfølging av sykefravær hos fastlegen"),
        ];
        let r = send(&app, post_form("/deltaker/p1/avslutt", Some(&js.0), &body(&end))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.body);
        let ended = (
            "forlop_avsluttet".to_owned(),
            Some("/deltaker/p1/sluttrapport".to_owned()),
            "Forløpet til Amina Yusuf ble avsluttet 15.11.2024. Følger opp videre: NAV-veileder.".to_owned(),
        );
        assert_eq!(notices(&s, "u-veileder").await, vec![ended, sent], "{}: newest first", s.label);
        for user in ["u-veileder", "u-jobbspesialist"] {
            for (_, _, text) in notices(&s, user).await {
                assert!(!text.contains("syk") && !text.contains("Helse") && !text.contains("fastlege"), "{text}");
            }
        }

        // The header counts the unread.
        let page = send(&app, get("/vedtak", Some(&vei.0))).await;
        assert!(page.body.contains("href=\"/varsler\" id=\"varsler-lenke\">Varsler<span class=\"badge\">2<"));
        s.remove().await;
    }
}

#[tokio::test]
async fn a_confidential_participant_is_not_named_to_the_veileder() {
    for s in jobbvei_store::testing::both("notices_conf").await {
        seed(&s).await;
        let mut p = s.db.participant_record("p1", 0).await.unwrap().unwrap().participant;
        p.confidential = Some(true);
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_participants(&[p]).await.unwrap();
        tx.commit().await.unwrap();
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let js = who(&s, &clock, "u-jobbspesialist").await;
        send_measure(&app, &s, &js).await;
        let end = [
            ("csrf", js.1.as_str()),
            ("end", "2024-11-15"),
            ("end_cause", "arbeid"),
            ("follow_up_by", "NAV-veileder"),
            ("agreed", "x"),
        ];
        let r = send(&app, post_form("/deltaker/p1/avslutt", Some(&js.0), &body(&end))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.body);
        let got = notices(&s, "u-veileder").await;
        assert_eq!(
            got,
            vec![
                (
                    "forlop_avsluttet".to_owned(),
                    None,
                    "Et forløp for en fortrolig deltaker ble avsluttet 15.11.2024. Jobbspesialisten tar kontakt \
                     utenfor Jobbvei."
                        .to_owned()
                ),
                (
                    "tiltak_sendt".to_owned(),
                    Some("/vedtak".to_owned()),
                    "Kurs/opplæring for en fortrolig deltaker venter på vedtak. Den behandles utenfor Jobbvei."
                        .to_owned()
                ),
            ],
            "{}",
            s.label
        );
        s.remove().await;
    }
}

/// Writes a notice directly, as an event would.
async fn notice(s: &Scratch, user: &str, text: &str, at: i64) -> i64 {
    let mut tx = s.db.begin().await.unwrap();
    tx.add_notification(&jobbvei_store::NewNotification {
        user_id: user.into(),
        kind: "tiltak_sendt".into(),
        record: Some(("measure".into(), "m1".into())),
        link: Some("/vedtak".into()),
        text: text.into(),
        created_at: DateTime::from_timestamp(at, 0).unwrap(),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
    s.db.notifications(user).await.unwrap().into_iter().find(|n| n.text == text).unwrap().id
}

#[tokio::test]
async fn the_list_shows_only_ones_own_and_marks_them_read() {
    for s in jobbvei_store::testing::both("notice_list").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let older = notice(&s, "u-jobbspesialist", "Eldre beskjed", NOW - 7200).await;
        let newer = notice(&s, "u-jobbspesialist", "Nyere beskjed", NOW - 3600).await;
        let theirs = notice(&s, "u-veileder", "Veileders beskjed", NOW - 60).await;
        let js = who(&s, &clock, "u-jobbspesialist").await;
        let vei = who(&s, &clock, "u-veileder").await;

        let page = send(&app, get("/varsler", Some(&js.0))).await;
        assert_eq!(page.status, StatusCode::OK, "{}", s.label);
        assert!(!page.body.contains("Veileders beskjed"));
        let (at_newer, at_older) = (page.body.find("Nyere beskjed").unwrap(), page.body.find("Eldre beskjed").unwrap());
        assert!(at_newer < at_older, "newest first");
        assert!(page.body.contains("<time>19.11.2024 kl. 07.06</time>"), "Oslo time: {}", page.body);
        assert!(page.body.contains("Marker alle som lest (2)") && page.body.contains("badge\">2<"));
        // Today's alerts under Frister, exactly two: c1 started 2024-01-01 without a K1 meeting
        // (due 30 days on), and j1 started 2024-06-01, so its 6-month status check
        // (2024-12-01) shows from 14 days before. Yesterday's meeting a1 keeps off the rest.
        let frister = &page.body[page.body.find("id=\"frister\"").unwrap()..];
        assert_eq!(frister.matches("<li>").count(), 2, "{frister}");
        assert!(frister.contains("<strong>Ingen arbeidsgiverkontakt etter 30 dager</strong> (31.01.2024)"));
        assert!(frister.contains("<strong>Statuskontroll skal gjøres</strong> (01.12.2024)"), "{frister}");
        // The veileder has no Frister section, and the read is audited.
        let vpage = send(&app, get("/varsler", Some(&vei.0))).await;
        assert!(vpage.body.contains("Veileders beskjed") && !vpage.body.contains("id=\"frister\""));
        let log = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
        assert!(log.iter().any(|e| e.action == "read" && e.record_type.as_deref() == Some("notifications")));

        // Someone else's notice cannot be marked, and a form without CSRF is refused.
        let mark = |id: i64| format!("/varsler/{id}/lest");
        let r = send(&app, post_form(&mark(theirs), Some(&js.0), &body(&[("csrf", &js.1)]))).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", s.label);
        assert_eq!(s.db.unread_notifications("u-veileder").await.unwrap(), 1);
        let r = send(&app, post_form(&mark(older), Some(&js.0), "")).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = send(&app, post_form("/varsler/x/lest", Some(&js.0), &body(&[("csrf", &js.1)]))).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);

        // Marking one read moves it below the unread.
        let r = send(&app, post_form(&mark(newer), Some(&js.0), &body(&[("csrf", &js.1)]))).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/varsler"));
        let list = s.db.notifications("u-jobbspesialist").await.unwrap();
        assert_eq!(
            list.iter().map(|n| (n.id, n.read_at.is_some())).collect::<Vec<_>>(),
            [(older, false), (newer, true)]
        );
        assert_eq!(list[1].read_at, Some(clock.now()));
        // Marking all: the header has no count left; the veileder's notice is untouched.
        let r = send(&app, post_form("/varsler/lest", Some(&js.0), &body(&[("csrf", &js.1)]))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(s.db.unread_notifications("u-jobbspesialist").await.unwrap(), 0);
        assert_eq!(s.db.unread_notifications("u-veileder").await.unwrap(), 1);
        let page = send(&app, get("/varsler", Some(&js.0))).await;
        assert!(!page.body.contains("class=\"badge\"") && !page.body.contains("Marker alle som lest"));
        s.remove().await;
    }
}

/// What a fake relay heard: one entry per connection, each the lines it received.
type Heard = Arc<Mutex<Vec<Vec<String>>>>;

/// A fake SMTP relay on 127.0.0.1:0. `greeting` is its first reply (e.g. 421 to refuse).
pub(super) async fn fake_relay(greeting: &'static str) -> (u16, Heard) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let heard: Heard = Arc::new(Mutex::new(Vec::new()));
    let log = heard.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let n = {
                let mut h = log.lock().unwrap();
                h.push(Vec::new());
                h.len() - 1
            };
            let log = log.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(format!("{greeting}\r\n").as_bytes()).await.unwrap();
                if !greeting.starts_with("220") {
                    return;
                }
                let mut in_data = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    log.lock().unwrap()[n].push(line.clone());
                    let reply = if in_data {
                        if line != "." {
                            continue;
                        }
                        in_data = false;
                        "250 2.0.0 queued"
                    } else if line.starts_with("EHLO") {
                        "250-fake.relay\r\n250 8BITMIME"
                    } else if line == "DATA" {
                        in_data = true;
                        "354 go ahead"
                    } else if line == "QUIT" {
                        "221 bye"
                    } else {
                        "250 ok"
                    };
                    write.write_all(format!("{reply}\r\n").as_bytes()).await.unwrap();
                    if line == "QUIT" {
                        break;
                    }
                }
            });
        }
    });
    (port, heard)
}

pub(super) fn config(port: u16) -> MailConfig {
    MailConfig {
        relay: Relay { host: "127.0.0.1".into(), port, helo: "jobbvei.test".into(), timeout: Duration::from_secs(5) },
        from: "jobbvei@nav.test".into(),
        base_url: "https://jobbvei.test".into(),
    }
}

async fn emails(s: &Scratch) {
    let mut tx = s.db.begin().await.unwrap();
    tx.set_user_email("u-veileder", Some("veileder@nav.test")).await.unwrap();
    tx.set_user_email("u-jobbspesialist", Some("js@nav.test")).await.unwrap();
    tx.commit().await.unwrap();
}

fn day() -> chrono::NaiveDate {
    "2024-11-19".parse().unwrap()
}

#[tokio::test]
async fn the_relay_gets_counts_and_links_only_and_each_mail_once() {
    for s in jobbvei_store::testing::both("notice_mail").await {
        seed(&s).await;
        emails(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let js = who(&s, &clock, "u-jobbspesialist").await;
        send_measure(&app, &s, &js).await;
        let id = s.db.notifications("u-veileder").await.unwrap()[0].id;
        let (port, heard) = fake_relay("220 fake.relay ESMTP").await;

        let out = send_pending(&s.db, &config(port), clock.now(), day(), true).await.unwrap();
        assert_eq!((out.sent, out.failed), (2, 0), "{}", s.label);
        let heard = heard.lock().unwrap().clone();
        assert_eq!(heard.len(), 2);
        // Users in id order: the job specialist's alert digest (the two deadlines of the list
        // test), then the veileder's notice.
        let envelope = |c: &Vec<String>| c.iter().take(4).cloned().collect::<Vec<_>>();
        assert_eq!(
            envelope(&heard[0]),
            ["EHLO jobbvei.test", "MAIL FROM:<jobbvei@nav.test>", "RCPT TO:<js@nav.test>", "DATA"]
        );
        assert_eq!(
            envelope(&heard[1]),
            ["EHLO jobbvei.test", "MAIL FROM:<jobbvei@nav.test>", "RCPT TO:<veileder@nav.test>", "DATA"]
        );
        assert_eq!(heard[1].iter().rev().take(2).cloned().collect::<Vec<_>>(), ["QUIT", "."]);
        let body = |c: &Vec<String>| {
            let start = c.iter().position(|l| l.is_empty()).unwrap() + 1;
            c[start..c.len() - 2].to_vec()
        };
        assert_eq!(
            body(&heard[1]),
            [
                "Du har 1 nytt varsel i Jobbvei:".to_owned(),
                format!("https://jobbvei.test/varsler#varsel-{id}"),
                String::new(),
                "Hva varslene gjelder, ser du i Jobbvei etter innlogging. Denne e-posten kan ikke besvares.".to_owned(),
            ]
        );
        assert!(heard[1].contains(&"Subject: Jobbvei: 1 nytt varsel".to_owned()));
        assert!(heard[0].contains(&"Subject: Jobbvei: 2 frister i dag".to_owned()), "{:?}", heard[0]);
        assert!(heard[0].contains(&"Du har 2 frister i dag: https://jobbvei.test/varsler#frister".to_owned()));
        let all = heard.concat().join("\n");
        for secret in ["15038512363", "Amina", "Yusuf", "Truckf", "Kurs", "p1"] {
            assert!(!all.contains(secret), "{secret} in the mail: {all}");
        }

        // Marked: the next round sends nothing.
        assert!(s.db.pending_mail().await.unwrap().is_empty());
        let (port2, heard2) = fake_relay("220 fake.relay ESMTP").await;
        let out = send_pending(&s.db, &config(port2), clock.now(), day(), true).await.unwrap();
        assert_eq!((out.sent, out.failed), (0, 0));
        assert!(heard2.lock().unwrap().is_empty());
        s.remove().await;
    }
}

#[tokio::test]
async fn a_failing_relay_leaves_everything_for_the_next_round() {
    for s in jobbvei_store::testing::both("notice_retry").await {
        seed(&s).await;
        emails(&s).await;
        let id = notice(&s, "u-veileder", "Beskjed", NOW - 60).await;
        let clock = TestClock::at(NOW);

        // The relay refuses the connection, then nobody listens at all.
        let (busy, heard) = fake_relay("421 4.3.2 try later").await;
        let out = send_pending(&s.db, &config(busy), clock.now(), day(), true).await.unwrap();
        assert_eq!((out.sent, out.failed), (0, 1), "{}: a relay that is down stops the round", s.label);
        assert_eq!(heard.lock().unwrap().len(), 1);
        let closed = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let out = send_pending(&s.db, &config(closed), clock.now(), day(), true).await.unwrap();
        assert_eq!((out.sent, out.failed), (0, 1));
        let pending = s.db.pending_mail().await.unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!((pending[0].user_id.as_str(), pending[0].ids.as_slice()), ("u-veileder", &[id][..]));
        assert_eq!(s.db.digests_due(day()).await.unwrap().len(), 2, "no digest is marked done either");

        // A working relay later gets both.
        let (port, heard) = fake_relay("220 ok").await;
        let out = send_pending(&s.db, &config(port), clock.now(), day(), true).await.unwrap();
        assert_eq!((out.sent, out.failed), (2, 0));
        assert_eq!(heard.lock().unwrap().len(), 2);
        assert!(s.db.pending_mail().await.unwrap().is_empty());
        assert!(s.db.digests_due(day()).await.unwrap().is_empty());
        s.remove().await;
    }
}

#[tokio::test]
async fn without_a_relay_nothing_is_attempted_and_with_one_the_task_mails() {
    let s = jobbvei_store::testing::sqlite("notice_off").await;
    seed(&s).await;
    emails(&s).await;
    notice(&s, "u-veileder", "Beskjed", NOW - 60).await;
    let clock = TestClock::at(NOW);
    let (port, heard) = fake_relay("220 ok").await;
    assert!(spawn(s.db.clone(), clock.clone(), None, Instance::new()).is_none());
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(heard.lock().unwrap().is_empty());
    assert_eq!(s.db.pending_mail().await.unwrap().len(), 1);

    // On, the first round runs at once: the notice and the job specialist's digest.
    let task = spawn(s.db.clone(), clock.clone(), Some(config(port)), Instance::new()).unwrap();
    for _ in 0..100 {
        if s.db.pending_mail().await.unwrap().is_empty() && s.db.digests_due(day()).await.unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    task.abort();
    assert!(s.db.pending_mail().await.unwrap().is_empty());
    assert_eq!(heard.lock().unwrap().len(), 2);
    s.remove().await;
}
