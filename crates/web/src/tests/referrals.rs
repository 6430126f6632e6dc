//! Referral and intake on both engines: the veileder refers, the team lead rejects one with
//! a reason and accepts another (the course starts at the three-party meeting), the veileder
//! is told; who may see what; overdue referrals; and the zero-exclusion page against the
//! numbers `jobbvei report referrals` prints for the same file.

use jobbvei_domain::ReferralDecision;
use jobbvei_store::ReferralFilter;

use super::*;

const FILE: &str = include_str!("../../../jobbvei/tests/fixtures/referrals.jsonl");

/// Team t2 with its own job specialist, and a second veileder.
async fn others(s: &Scratch) {
    let id = |x: &str| ExtId::parse(x).unwrap();
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_teams(&[Team { id: id("t2"), office: id("0314"), name: "Team to".into(), method: Method::Ips }])
        .await
        .unwrap();
    for (user, role, team) in [("u-js2", Role::JobSpecialist, Some(id("t2"))), ("u-veileder2", Role::Veileder, None)] {
        tx.upsert_users(&[User {
            id: id(user),
            name: format!("Bruker {user}"),
            roles: vec![role],
            team,
            fte: Fte::FULL,
            username: Some(user.into()),
        }])
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

fn referral_form(csrf: &str, extra: &[(&str, &str)]) -> String {
    let mut pairs = vec![
        ("csrf", csrf),
        ("team", "t1"),
        ("why_now", "Har fullført norskkurs og vil prøve seg i arbeid."),
        ("wish", "Vil jobbe i butikk, gjerne 50 prosent."),
        ("support_needs", "Trenger hjelp med transport."),
        ("preferred_method", ""),
        ("step", "send"),
    ];
    for (k, v) in extra {
        pairs.retain(|(key, _)| key != k);
        pairs.push((k, v));
    }
    body(&pairs)
}

async fn notices(s: &Scratch, user: &str) -> Vec<jobbvei_store::Notification> {
    s.db.notifications(user).await.unwrap()
}

#[tokio::test]
async fn a_veileder_refers_and_the_team_lead_rejects_one_and_accepts_another() {
    for s in jobbvei_store::testing::both("referrals").await {
        seed(&s).await;
        others(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (vl, vl_csrf) = signed_in(&s, &clock, "u-veileder").await;
        let (lead, lead_csrf) = signed_in(&s, &clock, "u-metodeveileder").await;

        let r = send(&app, get("/henvisning/ny", Some(&vl))).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("Ikke skriv helseopplysninger") && r.body.contains("Team (NAV Sagene)"), "{}", r.body);
        assert!(r.body.contains("Amina Yusuf"), "the veileder's own participant can be chosen");

        // Bad input changes nothing: a wrong check digit; a participant already in a course.
        let bad = referral_form(&vl_csrf, &[("name", "Nora Nilsen"), ("fnr", "01019010047")]);
        let r = send(&app, post_form("/henvisning/ny", Some(&vl), &bad)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Kontrollsifrene stemmer ikke"), "{}", r.body);
        let in_course = referral_form(&vl_csrf, &[("participant", "p1")]);
        let r = send(&app, post_form("/henvisning/ny", Some(&vl), &in_course)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("allerede et åpent forløp"), "{}", r.body);
        let no_wish = referral_form(&vl_csrf, &[("name", "Nora Nilsen"), ("fnr", "01019010046"), ("wish", "")]);
        let r = send(&app, post_form("/henvisning/ny", Some(&vl), &no_wish)).await;
        assert!(r.body.contains("Skriv deltakerens eget ønske om arbeid"), "{}", r.body);
        assert!(s.db.referral_lines(ReferralFilter::Veileder("u-veileder")).await.unwrap().is_empty());
        assert_eq!(s.db.participant_with_fnr("01019010046").await.unwrap(), None);

        // A new participant, sent at once: the team lead is told.
        let new = referral_form(&vl_csrf, &[("name", "Nora Nilsen"), ("fnr", "01019010046")]);
        let r = send(&app, post_form("/henvisning/ny", Some(&vl), &new)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let first = r.location().trim_start_matches("/henvisning/").to_owned();
        let line = s.db.referral_line(&first).await.unwrap().unwrap();
        assert_eq!((line.participant_name.as_str(), line.sent), ("Nora Nilsen", Some("2024-11-19".parse().unwrap())));
        let told = notices(&s, "u-metodeveileder").await;
        assert!(told.iter().any(|n| n.kind == "henvisning_sendt" && n.text.contains("Nora Nilsen")), "{told:?}");
        let r = send(&app, get("/henvisninger", Some(&lead))).await;
        assert!(r.body.contains("Nora Nilsen") && r.body.contains("sendt i dag"), "{}", r.body);

        // Who may see it: the team's job specialist reads it; another team's and another veileder do not.
        let (js, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let page = send(&app, get(&format!("/henvisning/{first}"), Some(&js))).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Vil jobbe i butikk"));
        for other in ["u-js2", "u-veileder2"] {
            let (c, _) = signed_in(&s, &clock, other).await;
            let r = send(&app, get(&format!("/henvisning/{first}"), Some(&c))).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{other}");
            assert!(!r.body.contains("Nora Nilsen"));
        }
        let (vl2, _) = signed_in(&s, &clock, "u-veileder2").await;
        assert!(!send(&app, get("/henvisninger", Some(&vl2))).await.body.contains("Nora Nilsen"));

        // A rejection needs a reason from the list and a text; without, nothing changes.
        let path = format!("/henvisning/{first}/avvis");
        let text = "Ønsker å vente til etter sommeren. Ta kontakt igjen i august.";
        for (form, message) in [
            (body(&[("csrf", &lead_csrf), ("reason", ""), ("text", text)]), "Velg en grunn fra listen."),
            (body(&[("csrf", &lead_csrf), ("reason", "ikke_motivert_na"), ("text", " ")]), "Skriv en begrunnelse"),
        ] {
            let r = send(&app, post_form(&path, Some(&lead), &form)).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(r.body.contains(message), "{}", r.body);
        }
        assert_eq!(s.db.referral_line(&first).await.unwrap().unwrap().decision, None);
        let form = body(&[("csrf", &lead_csrf), ("reason", "ikke_motivert_na"), ("text", text)]);
        assert_eq!(send(&app, post_form(&path, Some(&lead), &form)).await.status, StatusCode::SEE_OTHER);
        let line = s.db.referral_line(&first).await.unwrap().unwrap();
        assert_eq!(
            (line.decision, line.reason.as_deref()),
            (Some(ReferralDecision::Rejected), Some("ikke_motivert_na"))
        );
        // The veileder is told, with the reason; the text is on the page, not in the notice.
        let told = notices(&s, "u-veileder").await;
        let n = told.iter().find(|n| n.kind == "henvisning_avvist").unwrap();
        assert!(n.text.contains("Ikke motivert for arbeid nå") && !n.text.contains("sommeren"), "{}", n.text);
        let page = send(&app, get(&format!("/henvisning/{first}"), Some(&vl))).await;
        assert!(page.body.contains("Avvist 19.11.2024: Ikke motivert for arbeid nå") && page.body.contains("sommeren"));
        // Answered once: a second answer is refused.
        let r = send(&app, post_form(&format!("/henvisning/{first}/aksepter"), Some(&lead), &form)).await;
        assert!(r.body.contains("allerede besvart"), "{}", r.body);

        // A draft the team lead cannot see until the veileder asks to talk it over, then sent.
        let draft = referral_form(&vl_csrf, &[("name", "Omar Ali"), ("fnr", "02029010075"), ("step", "utkast")]);
        let r = send(&app, post_form("/henvisning/ny", Some(&vl), &draft)).await;
        let second = r.location().trim_start_matches("/henvisning/").to_owned();
        assert!(send(&app, get("/henvisninger", Some(&vl))).await.body.contains("Utkast"));
        assert_eq!(send(&app, get(&format!("/henvisning/{second}"), Some(&lead))).await.status, StatusCode::FORBIDDEN);
        let edit = format!("/henvisning/{second}/endre");
        let consult = referral_form(&vl_csrf, &[("step", "drofting")]);
        assert_eq!(send(&app, post_form(&edit, Some(&vl), &consult)).await.status, StatusCode::SEE_OTHER);
        assert!(notices(&s, "u-metodeveileder").await.iter().any(|n| n.kind == "henvisning_drofting"));
        assert_eq!(send(&app, get(&format!("/henvisning/{second}"), Some(&lead))).await.status, StatusCode::OK);
        let sent = referral_form(&vl_csrf, &[("preferred_method", "IPS")]);
        assert_eq!(send(&app, post_form(&edit, Some(&vl), &sent)).await.status, StatusCode::SEE_OTHER);
        assert!(send(&app, get(&edit, Some(&vl))).await.body.contains("er sendt og kan ikke endres"));

        // Accepting: the job specialist and the meeting; the course starts that day.
        let accept = format!("/henvisning/{second}/aksepter");
        let r = send(&app, get(&accept, Some(&lead))).await;
        assert!(r.body.contains("Bruker jobbspesialist") && !r.body.contains("Bruker u-js2"), "{}", r.body);
        let early = body(&[
            ("csrf", &lead_csrf),
            ("job_specialist", "u-jobbspesialist"),
            ("meeting", "2024-11-01"),
            ("method", "IPS"),
        ]);
        let r = send(&app, post_form(&accept, Some(&lead), &early)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("kan ikke være før henvisningen ble sendt"));
        let ok = body(&[
            ("csrf", &lead_csrf),
            ("job_specialist", "u-jobbspesialist"),
            ("meeting", "26.11.2024"),
            ("method", "IPS"),
        ]);
        assert_eq!(send(&app, post_form(&accept, Some(&lead), &ok)).await.status, StatusCode::SEE_OTHER);
        let line = s.db.referral_line(&second).await.unwrap().unwrap();
        assert_eq!(line.decision, Some(ReferralDecision::Accepted));
        assert_eq!(line.course_start, Some("2024-11-26".parse().unwrap()));
        let record = s.db.participant_record(&line.participant_id, 0).await.unwrap().unwrap();
        let course = &record.courses[0];
        assert_eq!((course.method, course.referred), (Method::Ips, Some("2024-11-19".parse().unwrap())));
        assert_eq!(course.job_specialist.as_str(), "u-jobbspesialist");
        let phases = s.db.course_phases(course.id.as_str()).await.unwrap();
        assert_eq!(phases[0].phase, jobbvei_domain::Phase::Referred);
        let told = notices(&s, "u-veileder").await;
        let n = told.iter().find(|n| n.kind == "henvisning_akseptert").unwrap();
        assert!(n.text.contains("Bruker jobbspesialist") && n.text.contains("26.11.2024"), "{}", n.text);
        assert!(notices(&s, "u-jobbspesialist").await.iter().any(|n| n.kind == "henvisning_tildelt"));
        // Now in a course: a new referral for the same person is refused.
        let again = referral_form(&vl_csrf, &[("participant", &line.participant_id)]);
        let r = send(&app, post_form("/henvisning/ny", Some(&vl), &again)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

        // Each step is audited on the participant.
        let log = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
        for action in ["referral_send", "referral_reject", "referral_draft", "referral_consult", "referral_accept"] {
            assert!(
                log.iter().any(|e| e.action == action && e.record_type.as_deref() == Some("participant")),
                "{action}"
            );
        }
        // The 1.0 referral record carries the code; the team lead's text goes only in the
        // person's 1.1 record (`referral_detail`), which an office moving everything needs.
        let mut out = Vec::new();
        jobbvei_exchange::export(&s.db, &mut out).await.unwrap();
        let out = String::from_utf8(out).unwrap();
        let referrals: Vec<&str> = out.lines().filter(|l| l.starts_with("{\"type\":\"referral\"")).collect();
        assert!(
            referrals
                .iter()
                .any(|l| l.contains(&format!("\"id\":\"{first}\"")) && l.contains("\"reason\":\"ikke_motivert_na\""))
        );
        assert!(referrals.iter().all(|l| !l.contains("sommeren") && !l.contains("transport")), "{out}");
        let details: Vec<&str> = out.lines().filter(|l| l.starts_with("{\"type\":\"referral_detail\"")).collect();
        assert!(details.iter().any(|l| l.contains("sommeren") || l.contains("transport")), "{out}");
        s.remove().await;
    }
}

#[tokio::test]
async fn a_referral_unanswered_for_fourteen_days_shows_for_the_lead_and_the_veileder() {
    for s in jobbvei_store::testing::both("referrals-overdue").await {
        seed(&s).await;
        let id = |x: &str| ExtId::parse(x).unwrap();
        let mut tx = s.db.begin().await.unwrap();
        let referral = |rid: &str, sent: &str| jobbvei_domain::Referral {
            id: id(rid),
            participant: id("p1"),
            veileder: id("u-veileder"),
            team: id("t1"),
            sent: sent.parse().unwrap(),
            decision: None,
            decided: None,
            reason: None,
        };
        tx.upsert_referrals(&[referral("h-old", "2024-11-01"), referral("h-new", "2024-11-10")]).await.unwrap();
        tx.commit().await.unwrap();
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let day = send(&app, get("/min-dag", Some(&lead))).await;
        assert!(day.body.contains("henvisninger-venter") && day.body.contains("har ventet 18 dager"), "{}", day.body);
        assert!(day.body.contains("/henvisning/h-old") && !day.body.contains("/henvisning/h-new"));
        let (vl, _) = signed_in(&s, &clock, "u-veileder").await;
        let mine = send(&app, get("/mine-deltakere", Some(&vl))).await;
        assert!(mine.body.contains("1 av henvisningene dine har ventet på svar i 14 dager eller mer"), "{}", mine.body);
        let list = send(&app, get("/henvisninger", Some(&vl))).await;
        assert!(list.body.contains("venter-lenge") && list.body.contains("18 dager"), "{}", list.body);
        // A job specialist has no Min dag entry for referrals.
        let (js, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        assert!(!send(&app, get("/min-dag", Some(&js))).await.body.contains("henvisninger-venter"));
        s.remove().await;
    }
}

/// The cell of `group` in column `key` on the page.
fn cell(page: &str, group: &str, key: &str) -> String {
    let row = page.split(&format!("<tr id=\"gruppe-{group}\">")).nth(1).unwrap().split("</tr>").next().unwrap();
    let td = row.split(&format!("data-felt=\"{key}\">")).nth(1).unwrap();
    td.split('<').next().unwrap().to_owned()
}

#[tokio::test]
async fn the_zero_exclusion_page_shows_the_numbers_of_the_cli() {
    use jobbvei_domain::referrals::report::{ReferralGroup, ReferralSpec, compute};
    for s in jobbvei_store::testing::both("referrals-report").await {
        jobbvei_exchange::import_reader(&s.db, std::io::Cursor::new(FILE), |_| {}).await.unwrap();
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let window = "?fra=2024-01-01&til=2024-03-31";
        let (lead, _) = signed_in(&s, &clock, "ml1").await;
        let page = send(&app, get(&format!("/tall/henvisninger{window}"), Some(&lead))).await.body;
        // What `jobbvei report referrals --by team` prints for t1 (tests/cli/referrals.rs):
        // sent 4, accepted 1, rejected 2, unanswered 1, share 66.67, medians 3 (n 3) and 7 (n 1).
        let shown: Vec<String> = crate::referrals::report::COLUMNS.iter().map(|(k, _)| cell(&page, "t1", k)).collect();
        assert_eq!(shown, ["4", "1", "2", "1", "67 %", "3 (n = 3)", "7 (n = 1)"], "{page}");
        assert!(page.contains("data-grunn=\"t1-aktiv_rus\">1<") && page.contains("data-grunn=\"t1-annet\">1<"));
        assert!(!page.contains("gruppe-t2"), "a team lead sees the own team");
        assert!(page.contains("Regel R3@1"));
        // The same function the CLI runs gives each shown value.
        let (from, to) = ("2024-01-01".parse().unwrap(), "2024-03-31".parse().unwrap());
        let data = s.db.referral_report_data(from, to).await.unwrap();
        let report = compute(&data, &ReferralSpec { from, to, by: ReferralGroup::Team });
        let t1 = &report.figures[0];
        assert_eq!(cell(&page, "t1", "sendt"), t1.sent.to_string());
        assert_eq!(cell(&page, "t1", "andel_avvist"), format!("{} %", t1.rejected_share.unwrap().round()));

        // The rows behind: the team lead's own team, by the same rule.
        let rows = send(&app, get(&format!("/tall/henvisninger/rader{window}"), Some(&lead))).await.body;
        for name in ["Amina", "Jonas", "Dina", "Ali"] {
            assert!(rows.contains(name), "{name}");
        }
        assert!(!rows.contains("Sara") && rows.contains("Annet: Ønsker skole først; senere"));
        let rejected = send(&app, get(&format!("/tall/henvisninger/rader{window}&utfall=avvist"), Some(&lead))).await;
        assert!(rejected.body.contains("Jonas") && !rejected.body.contains("Amina"));

        // A leader sees the office's teams and the office, small numbers hidden.
        let (leader, _) = signed_in(&s, &clock, "le1").await;
        let page = send(&app, get(&format!("/tall/henvisninger{window}"), Some(&leader))).await.body;
        assert_eq!(cell(&page, "t1", "sendt"), "under 5");
        assert_eq!(cell(&page, "0314", "sendt"), "5");
        assert_eq!(cell(&page, "0314", "avvist"), "under 5");
        assert_eq!(cell(&page, "0314", "andel_avvist"), "");
        assert!(page.contains("gruppe-t2") && !page.contains("gruppe-t3"));
        assert!(!page.contains("/tall/henvisninger/rader"), "no rows for a leader");
        let r = send(&app, get(&format!("/tall/henvisninger/rader{window}"), Some(&leader))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(send(&app, get("/tall", Some(&leader))).await.body.contains("href=\"/tall/henvisninger\""));
        s.remove().await;
    }
}
