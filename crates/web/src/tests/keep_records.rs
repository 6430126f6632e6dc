//! The records kept beside a course: registering a participant with contact details,
//! educations, outreach attempts while passive with a planned reactivation, and the team
//! lead giving a course to another job specialist. Bad input is refused at the field and
//! changes nothing stored.

use super::*;

async fn post(app: &Router, cookie: &str, csrf: &str, path: &str, pairs: &[(&str, &str)]) -> Reply {
    let mut all = vec![("csrf", csrf)];
    all.extend_from_slice(pairs);
    send(app, post_form(path, Some(cookie), &body(&all))).await
}

fn error_of(body: &str, field: &str) -> String {
    let mark = format!("id=\"{field}-error\">");
    body.split(&mark).nth(1).and_then(|r| r.split('<').next()).unwrap_or("").to_owned()
}

#[tokio::test]
async fn a_participant_is_registered_with_contact_details_and_bad_input_is_refused() {
    for s in jobbvei_store::testing::both("keep_register").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let l = &s.label;
        let good = [
            ("name", "Kari Nordmann"),
            ("fnr", "010190 10046"),
            ("postal_code", "0454"),
            ("phone", "+47 912 34 567"),
            ("email", "kari@eksempel.no"),
            ("interpreter", "on"),
            ("interpreter_language", "tigrinja"),
            ("method", "SE"),
            ("start", "2024-11-18"),
        ];
        let with = |field: &'static str, value: &'static str| {
            good.iter().map(|(k, v)| if *k == field { (*k, value) } else { (*k, *v) }).collect::<Vec<_>>()
        };
        for (field, value, message) in [
            ("fnr", "01019010047", "Kontrollsifrene stemmer ikke. Sjekk fødselsnummeret."),
            ("fnr", "15038512363", "En deltaker med dette fødselsnummeret er allerede registrert."),
            ("postal_code", "0000", "Postnummeret finnes ikke."),
            ("phone", "123", "Skriv telefonnummeret med 8 siffer"),
            ("email", "kari@", "Skriv e-postadressen som navn@eksempel.no."),
            ("start", "32.13.2024", "Skriv datoen som dd.mm.åååå"),
        ] {
            let r = post(&app, &js, &csrf, "/deltaker/ny", &with(field, value)).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}: {field}={value}");
            assert!(error_of(&r.body, field).starts_with(message), "{l}: {field}: {}", error_of(&r.body, field));
            assert!(r.body.contains("value=\"Kari Nordmann\""), "{l}: what was typed stays");
        }
        assert!(s.db.participant_with_fnr("01019010046").await.unwrap().is_none(), "{l}: nothing stored");

        let r = post(&app, &js, &csrf, "/deltaker/ny", &good).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let id = r.location().trim_start_matches("/deltaker/").to_owned();
        let contact = s.db.participant_contact(&id).await.unwrap();
        assert_eq!(contact.phone.as_deref(), Some("+47 912 34 567"), "{l}");
        assert_eq!(contact.interpreter_language.as_deref(), Some("tigrinja"));
        let page = send(&app, get(&format!("/deltaker/{id}"), Some(&js))).await;
        assert!(page.body.contains("href=\"tel:+4791234567\""), "{l}");
        assert!(page.body.contains("href=\"mailto:kari@eksempel.no\""));
        assert!(page.body.contains("Ja (tigrinja)"));

        // An edit that changes only the e-mail is audited by that field's name.
        let edit = [
            ("name", "Kari Nordmann"),
            ("postal_code", "0454"),
            ("phone", "+47 912 34 567"),
            ("email", "kari.n@eksempel.no"),
            ("interpreter", "on"),
            ("interpreter_language", "tigrinja"),
        ];
        let r = post(&app, &js, &csrf, &format!("/deltaker/{id}/endre"), &edit).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let filter = jobbvei_store::AuditFilter { participant: Some(id.clone()), ..Default::default() };
        let log = s.db.audit_entries(&filter).await.unwrap();
        let update = log.iter().find(|e| e.action == "update").expect("the edit is audited");
        assert_eq!(update.fields, vec!["participant.email".to_owned()], "{l}");
        s.remove().await;
    }
}

#[tokio::test]
async fn educations_outreach_and_a_planned_reactivation_are_kept_from_the_pages() {
    for s in jobbvei_store::testing::both("keep_extras").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let l = &s.label;

        // Education: an end before the start is refused; then added and updated.
        let bad = [("level", "Fagbrev"), ("status", "pagar"), ("start", "2024-08-15"), ("end", "2024-06-01")];
        let r = post(&app, &js, &csrf, "/forlop/c1/utdanning", &bad).await;
        assert_eq!(error_of(&r.body, "end"), "Slutt kan ikke være før start (15.08.2024).", "{l}");
        assert!(s.db.course_educations("c1").await.unwrap().is_empty(), "{l}");
        let good = [
            ("level", "Fagbrev"),
            ("programme", "Barne- og ungdomsarbeider"),
            ("status", "pagar"),
            ("start", "2024-08-15"),
        ];
        assert_eq!(post(&app, &js, &csrf, "/forlop/c1/utdanning", &good).await.status, StatusCode::SEE_OTHER);
        let e = s.db.course_educations("c1").await.unwrap().remove(0);
        assert_eq!((e.level.as_str(), e.status.map(|s| s.code())), ("Fagbrev", Some("pagar")), "{l}");
        let done = [
            ("level", "Fagbrev"),
            ("programme", "Barne- og ungdomsarbeider"),
            ("status", "fullfort"),
            ("start", "2024-08-15"),
            ("end", "2024-11-01"),
        ];
        let r = post(&app, &js, &csrf, &format!("/utdanning/{}", e.id), &done).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let e = s.db.education(e.id.as_str()).await.unwrap().unwrap();
        assert_eq!((e.status.map(|s| s.code()), e.end), (Some("fullfort"), Some("2024-11-01".parse().unwrap())));

        // Passive with a planned reactivation; the page asks for the next outreach attempt.
        let passive = [("from", "2024-11-01"), ("reason", "ingen_kontakt"), ("planned_to", "2024-10-01")];
        let r = post(&app, &js, &csrf, "/forlop/c1/passiv", &passive).await;
        assert_eq!(error_of(&r.body, "planned_to"), "Datoen må være etter at den passive perioden starter.");
        assert!(s.db.course_passive_periods("c1").await.unwrap().is_empty(), "{l}: nothing stored");
        let passive = [("from", "2024-11-01"), ("reason", "ingen_kontakt"), ("planned_to", "2025-01-06")];
        assert_eq!(post(&app, &js, &csrf, "/forlop/c1/passiv", &passive).await.status, StatusCode::SEE_OTHER);
        let page = send(&app, get("/deltaker/p1", Some(&js))).await.body;
        assert!(page.contains("planlagt aktiv igjen 06.01.2025"), "{l}");
        assert!(page.contains("Neste kontaktforsøk: 15.11.2024 (forfalt)"), "{l}: 14 days after going passive");
        // Due 15 November, four days before today.
        let due = "Logg et kontaktforsøk (passivt forløp)</strong> <span class=\"aksel-tag aksel-tag--small\" \
                   data-variant=\"moderate\" data-color=\"warning\">4 dager over fristen</span> (15.11.2024)";
        let day = send(&app, get("/min-dag", Some(&js))).await.body;
        assert!(day.contains(due), "{l}: Min dag asks for it: {day}");

        // An attempt in the future is refused; one today moves the next to 14 days on.
        let r = post(&app, &js, &csrf, "/forlop/c1/kontaktforsok", &[("tried_on", "2024-11-20"), ("way", "sms")]).await;
        assert_eq!(error_of(&r.body, "tried_on"), "Et forsøk kan ikke være i fremtiden.", "{l}");
        let attempt = [("tried_on", "2024-11-19"), ("way", "hjemmebesok")];
        assert_eq!(post(&app, &js, &csrf, "/forlop/c1/kontaktforsok", &attempt).await.status, StatusCode::SEE_OTHER);
        let attempts = s.db.outreach_attempts("c1").await.unwrap();
        assert_eq!((attempts.len(), attempts[0].reached, attempts[0].way.code()), (1, false, "hjemmebesok"));
        let page = send(&app, get("/deltaker/p1", Some(&js))).await.body;
        assert!(page.contains("Neste kontaktforsøk: 03.12.2024</p>"), "{l}");
        assert!(page.contains("19.11.2024 · Hjemmebesøk · ikke nådd"), "{l}");
        assert!(!send(&app, get("/min-dag", Some(&js))).await.body.contains("Logg et kontaktforsøk"), "{l}");
        s.remove().await;
    }
}

#[tokio::test]
async fn only_the_team_lead_gives_a_course_to_another_job_specialist() {
    for s in jobbvei_store::testing::both("keep_reassign").await {
        seed(&s).await;
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_users(&[User {
            id: ExtId::parse("u-js2").unwrap(),
            name: "Jonas Jobbspesialist".into(),
            roles: vec![Role::JobSpecialist],
            team: Some(ExtId::parse("t1").unwrap()),
            fte: Fte::FULL,
            username: Some("u-js2".into()),
        }])
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let l = &s.label;
        let (js, js_csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let r = post(&app, &js, &js_csrf, "/forlop/c1/jobbspesialist", &[("job_specialist", "u-js2")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{l}");
        let (lead, csrf) = signed_in(&s, &clock, "u-metodeveileder").await;
        let form = send(&app, get("/forlop/c1/jobbspesialist", Some(&lead))).await;
        assert!(form.body.contains(">Jonas Jobbspesialist</option>"), "{l}: members by name");
        let r = post(&app, &lead, &csrf, "/forlop/c1/jobbspesialist", &[("job_specialist", "u-veileder")]).await;
        assert_eq!(error_of(&r.body, "job_specialist"), "Velg et av valgene i listen.", "{l}");
        let r = post(&app, &lead, &csrf, "/forlop/c1/jobbspesialist", &[("job_specialist", "u-js2")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        assert_eq!(s.db.course("c1").await.unwrap().unwrap().job_specialist.as_str(), "u-js2");
        s.remove().await;
    }
}

#[tokio::test]
async fn the_quick_log_takes_an_employer_by_name_and_a_meeting_ahead_can_only_be_cancelled() {
    for s in jobbvei_store::testing::both("keep_quicklog").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let l = &s.label;
        let form = send(&app, get("/logg", Some(&js))).await.body;
        assert!(form.contains("list=\"employer-list\""), "{l}: a searchable field, not a select");
        assert!(form.contains("Sted <span class=\"muted\">(må fylles ut for fysiske møter)</span>"), "{l}");
        let meeting = |employer: &'static str, date: &'static str, status: &'static str| {
            vec![
                ("kind", "arbeidsgivermote"),
                ("participant", "p1"),
                ("employer", employer),
                ("channel", "fysisk"),
                ("place", "Bakeriet"),
                ("date", date),
                ("time", "09:00"),
                ("minutes", "45"),
                ("status", status),
            ]
        };
        let r = post(&app, &js, &csrf, "/logg", &meeting("Ukjent Bedrift AS", "2024-11-18", "gjennomfort")).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("Fant ingen arbeidsgiver med det navnet."), "{l}");
        assert!(r.body.contains("value=\"Ukjent Bedrift AS\""), "{l}: what was typed stays");
        let r = post(&app, &js, &csrf, "/logg", &meeting("bakeriet as", "2024-11-18", "gjennomfort")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let r = post(&app, &js, &csrf, "/logg", &meeting("912 345 688", "2024-11-25", "planlagt")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let record = s.db.participant_record("p1", 50).await.unwrap().unwrap();
        let logged: Vec<_> = record.activities.iter().filter(|a| a.place.as_deref() == Some("Bakeriet")).collect();
        assert_eq!(logged.len(), 2, "{l}");
        assert!(logged.iter().all(|a| a.employer.as_ref().map(|e| e.as_str()) == Some("e1")), "{l}");
        let ahead = logged.iter().find(|a| a.status.code() == "planlagt").unwrap();
        let page = send(&app, get("/deltaker/p1", Some(&js))).await.body;
        let close = page.split(&format!("action=\"/aktivitet/{}/status\"", ahead.id)).nth(1).unwrap();
        let close = close.split("</form>").next().unwrap();
        assert!(!close.contains("value=\"gjennomfort\""), "{l}: no «Gjennomført» before it has happened");
        assert!(close.contains("value=\"avlyst\""), "{l}: it can be cancelled");
        s.remove().await;
    }
}

#[tokio::test]
async fn a_veileder_sees_their_own_participants_with_the_job_specialist_by_name() {
    for s in jobbvei_store::testing::both("veileder_list").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let l = &s.label;
        let (veileder, _) = signed_in(&s, &clock, "u-veileder").await;
        let page = send(&app, get("/mine-deltakere", Some(&veileder))).await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        assert!(page.body.contains("href=\"/mine-deltakere\" aria-current=\"page\""), "{l}: in the menu, marked");
        let row = page.body.split("<tbody>").nth(1).unwrap().split("</tr>").next().unwrap();
        assert!(row.contains("<a href=\"/deltaker/p1\">"), "{l}: {row}");
        assert!(row.contains("<td>Bruker jobbspesialist</td>"), "{l}: the job specialist by name: {row}");
        assert!(!row.contains("u-jobbspesialist"), "{l}: never the id");
        let (js, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        assert_eq!(send(&app, get("/mine-deltakere", Some(&js))).await.status, StatusCode::FORBIDDEN, "{l}");
        s.remove().await;
    }
}

#[tokio::test]
async fn a_job_cannot_end_before_it_started_and_a_refused_end_stores_nothing() {
    for s in jobbvei_store::testing::both("keep_job_end").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let l = &s.label;
        let before = s.db.job("j1").await.unwrap();
        let r =
            post(&app, &js, &csrf, "/jobb/j1/avslutt", &[("end", "2024-05-31"), ("ended_by", "arbeidsgiver")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert_eq!(error_of(&r.body, "end"), "Sluttdatoen kan ikke være før jobben startet (01.06.2024).", "{l}");
        let r = post(&app, &js, &csrf, "/jobb/j1/avslutt", &[("end", "2024-10-01"), ("ended_by", "sparket")]).await;
        assert_eq!(error_of(&r.body, "ended_by"), "Velg et av valgene i listen.", "{l}");
        assert_eq!(s.db.job("j1").await.unwrap(), before, "{l}: nothing stored");
        s.remove().await;
    }
}
