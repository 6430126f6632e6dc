//! Keeping employers from the pages (crate::keep::employer, contact, relation, requirement):
//! register, correct, contacts, stage, who holds the relationship and what the employer
//! requires, with bad input refused at the field and nothing stored, on both engines.

use super::*;

async fn post(app: &Router, cookie: &str, csrf: &str, path: &str, pairs: &[(&str, &str)]) -> Reply {
    let mut all = vec![("csrf", csrf)];
    all.extend_from_slice(pairs);
    send(app, post_form(path, Some(cookie), &body(&all))).await
}

/// Audit entries on records of this type, oldest first.
async fn audited(s: &Scratch, record_type: &str) -> Vec<jobbvei_store::AuditEntry> {
    let mut log = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
    log.retain(|e| e.record_type.as_deref() == Some(record_type) && e.action != "read");
    log
}

async fn exported(s: &Scratch) -> String {
    let mut out = Vec::new();
    jobbvei_exchange::export(&s.db, &mut out).await.unwrap();
    String::from_utf8(out).unwrap()
}

/// A second job specialist in team t1, and one in another team.
async fn colleagues(s: &Scratch) {
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_teams(&[Team {
        id: ExtId::parse("t2").unwrap(),
        office: ExtId::parse("0314").unwrap(),
        name: "To".into(),
        method: Method::Ips,
    }])
    .await
    .unwrap();
    for (id, name, team) in [("u-js2", "Kari Nordmann", "t1"), ("u-js3", "Ola Fjern", "t2")] {
        tx.upsert_users(&[User {
            id: ExtId::parse(id).unwrap(),
            name: name.into(),
            roles: vec![Role::JobSpecialist],
            team: Some(ExtId::parse(team).unwrap()),
            fte: Fte::FULL,
            username: Some(id.into()),
        }])
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn an_employer_is_registered_corrected_and_exported_and_bad_numbers_are_refused() {
    for s in jobbvei_store::testing::both("employer_register").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let l = &s.label;

        let list = send(&app, get("/arbeidsgivere", Some(&js))).await;
        assert!(list.body.contains("href=\"/arbeidsgiver/ny\""), "{l}");
        let form = send(&app, get("/arbeidsgiver/ny", Some(&js))).await;
        assert_eq!(form.status, StatusCode::OK, "{l}");
        assert!(
            form.body.contains("Organisasjonsnummer") && form.body.contains("<option value=\"0301\">Oslo</option>")
        );

        // A wrong check digit: 422, the message at the field, what was typed kept, nothing stored.
        let bad = [("orgnr", "974 760 674"), ("name", "Rema Sagene"), ("municipality", "0301"), ("hold", "on")];
        let r = post(&app, &js, &csrf, "/arbeidsgiver/ny", &bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("id=\"orgnr-error\">Organisasjonsnummeret er ikke gyldig: kontrollsifferet stemmer ikke.")
        );
        assert!(r.body.contains("value=\"Rema Sagene\""), "{l}: what was typed stays");
        let r = post(
            &app,
            &js,
            &csrf,
            "/arbeidsgiver/ny",
            &[("orgnr", "97476067"), ("name", "X"), ("municipality", "9999")],
        )
        .await;
        assert!(r.body.contains("id=\"orgnr-error\">Organisasjonsnummeret har 9 siffer."), "{l}");
        assert!(r.body.contains("id=\"municipality-error\">Kommunenummeret finnes ikke i kommunelisten."));
        assert_eq!(s.db.employers_matching("", 100, 0).await.unwrap().len(), 1, "{l}: nothing stored");
        assert!(audited(&s, "employer").await.is_empty());

        // The same organisation number twice: refused with a link to the employer that has it.
        let r = post(&app, &js, &csrf, "/arbeidsgiver/ny", &[("orgnr", "912345688"), ("name", "Bakeriet")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("Bakeriet AS er allerede registrert med dette organisasjonsnummeret."), "{}", r.body);
        assert!(r.body.contains("<a href=\"/arbeidsgiver/e1\">Gå til Bakeriet AS</a>"), "{l}");

        // Registered: the registering job specialist holds it, and the export has it.
        let good = [
            ("orgnr", "974 760 673"),
            ("name", "Rema Sagene"),
            ("municipality", "0301"),
            ("industry", "Varehandel"),
            ("stage", "bli_kjent"),
            ("hold", "on"),
        ];
        let r = post(&app, &js, &csrf, "/arbeidsgiver/ny", &good).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let e = s.db.employer_by_orgnr("974760673").await.unwrap().unwrap();
        assert_eq!(r.location(), format!("/arbeidsgiver/{}", e.id));
        assert_eq!(
            (e.name.as_str(), e.municipality.as_deref(), e.industry.as_deref()),
            ("Rema Sagene", Some("0301"), Some("Varehandel"))
        );
        assert_eq!(
            (e.stage.map(|x| x.code()), e.holder.as_ref().map(|h| h.as_str())),
            (Some("bli_kjent"), Some("u-jobbspesialist"))
        );
        let line = exported(&s).await.lines().find(|x| x.contains("974760673")).map(str::to_owned).unwrap_or_default();
        assert!(line.contains("\"type\":\"employer\"") && line.contains("\"name\":\"Rema Sagene\""), "{l}: {line}");
        let page = send(&app, get(&format!("/arbeidsgiver/{}", e.id), Some(&js))).await;
        assert!(page.body.contains("0301 Oslo") && page.body.contains("Bruker jobbspesialist</strong> (deg)"), "{l}");

        // Corrected: only the changed fields are audited; a number another employer has is refused.
        let path = format!("/arbeidsgiver/{}/endre", e.id);
        let r = post(&app, &js, &csrf, &path, &[("orgnr", "912345688"), ("name", "Rema 1000 Sagene")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("Bakeriet AS er allerede registrert"));
        let fix = [
            ("orgnr", "974760673"),
            ("name", "Rema 1000 Sagene"),
            ("municipality", "0301"),
            ("industry", "Varehandel"),
        ];
        assert_eq!(post(&app, &js, &csrf, &path, &fix).await.status, StatusCode::SEE_OTHER, "{l}");
        let fixed = s.db.employer(e.id.as_str()).await.unwrap().unwrap();
        assert_eq!((fixed.name.as_str(), fixed.stage, fixed.holder), ("Rema 1000 Sagene", e.stage, e.holder.clone()));
        let log = audited(&s, "employer").await;
        assert_eq!(log.iter().map(|x| x.action.as_str()).collect::<Vec<_>>(), ["create", "update"], "{l}");
        assert_eq!(log[1].fields, ["name"], "{l}");
        s.remove().await;
    }
}

#[tokio::test]
async fn the_quick_log_registers_an_employer_and_comes_back_with_it_chosen() {
    for s in jobbvei_store::testing::both("employer_quicklog").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let l = &s.label;
        let log = send(&app, get("/logg?deltaker=p1", Some(&js))).await;
        let link = "/arbeidsgiver/ny?neste=%2Flogg%3Fdeltaker%3Dp1";
        assert!(log.body.contains(&format!("href=\"{link}\">Registrer ny arbeidsgiver")), "{l}");
        let form = send(&app, get(link, Some(&js))).await;
        assert!(form.body.contains(&format!("action=\"{link}\"")) && form.body.contains("href=\"/logg?deltaker=p1\""));
        // A number already registered offers that employer to the quick log.
        let r = post(&app, &js, &csrf, link, &[("orgnr", "912345688"), ("name", "Bakeriet")]).await;
        let body = r.body.replace("&#38;", "&amp;");
        assert!(
            body.contains("<a href=\"/logg?arbeidsgiver=e1&amp;deltaker=p1\">Bruk Bakeriet AS i loggen</a>"),
            "{l}"
        );
        // Registered without holding it: the quick log still has it chosen.
        let r = post(&app, &js, &csrf, link, &[("orgnr", "974760673"), ("name", "Rema Sagene")]).await;
        let e = s.db.employer_by_orgnr("974760673").await.unwrap().unwrap();
        assert_eq!(e.holder, None, "{l}");
        assert_eq!(r.location(), format!("/logg?arbeidsgiver={}&deltaker=p1", e.id), "{l}");
        let back = send(&app, get(r.location(), Some(&js))).await;
        assert!(
            back.body.contains(
                "list=\"employer-list\" autocomplete=\"off\" aria-describedby=\"employer-hint\" value=\"Rema Sagene\""
            ),
            "{l}"
        );
        assert!(back.body.contains("<option value=\"p1\" selected>"), "{l}: the participant is kept");
        // Somewhere other than the quick log is never a place to go next.
        let r = post(
            &app,
            &js,
            &csrf,
            "/arbeidsgiver/ny?neste=https%3A%2F%2Fevil.example",
            &[("orgnr", "812345672"), ("name", "Ærlig")],
        )
        .await;
        assert!(r.location().starts_with("/arbeidsgiver/e-"), "{l}: {}", r.location());
        s.remove().await;
    }
}

#[tokio::test]
async fn contacts_stage_and_requirements_are_kept_from_the_employer_page() {
    for s in jobbvei_store::testing::both("employer_contacts").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let l = &s.label;
        let page = send(&app, get("/arbeidsgiver/e1", Some(&js))).await;
        for action in
            ["/arbeidsgiver/e1/endre", "/arbeidsgiver/e1/kontakt", "/arbeidsgiver/e1/relasjon", "/arbeidsgiver/e1/krav"]
        {
            assert!(page.body.contains(action), "{l}: {action}");
        }

        // A contact person: a bad e-mail is refused; then added and changed.
        let bad = [("name", "Per Hansen"), ("phone", "1234"), ("email", "per@")];
        let r = post(&app, &js, &csrf, "/arbeidsgiver/e1/kontakt", &bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("id=\"phone-error\">Skriv et telefonnummer med 8 siffer"));
        assert!(r.body.contains("id=\"email-error\">Skriv en gyldig e-postadresse"));
        assert!(s.db.employer_page("e1", 10).await.unwrap().contacts.is_empty(), "{l}: nothing stored");
        let good = [
            ("name", "Per Hansen"),
            ("decision_maker", "on"),
            ("phone", "+47 22 33 44 55"),
            ("email", "per@bakeriet.no"),
        ];
        assert_eq!(
            post(&app, &js, &csrf, "/arbeidsgiver/e1/kontakt", &good).await.status,
            StatusCode::SEE_OTHER,
            "{l}"
        );
        let contacts = s.db.employer_page("e1", 10).await.unwrap().contacts;
        assert_eq!(contacts.len(), 1, "{l}");
        let c = &contacts[0];
        assert_eq!((c.decision_maker, c.phone.as_deref()), (Some(true), Some("+47 22 33 44 55")));
        let page = send(&app, get("/arbeidsgiver/e1", Some(&js))).await;
        assert!(page.body.contains("<a href=\"tel:+4722334455\">+47 22 33 44 55</a>"), "{l}");
        assert!(page.body.contains("<a href=\"mailto:per@bakeriet.no\">per@bakeriet.no</a>"), "{l}");
        let edit = format!("/arbeidsgiver/e1/kontakt?kontakt={}", c.id);
        assert!(send(&app, get(&edit, Some(&js))).await.body.contains("value=\"per@bakeriet.no\""), "{l}");
        let changed = [("name", "Per Hansen"), ("phone", "22 33 44 66"), ("email", "per@bakeriet.no")];
        assert_eq!(post(&app, &js, &csrf, &edit, &changed).await.status, StatusCode::SEE_OTHER, "{l}");
        let again = s.db.employer_contact(c.id.as_str()).await.unwrap().unwrap();
        assert_eq!((again.decision_maker, again.phone.as_deref()), (Some(false), Some("22 33 44 66")), "{l}");
        let log = audited(&s, "employer_contact").await;
        assert_eq!(log.len(), 2, "{l}");
        assert_eq!((log[0].action.as_str(), log[1].action.as_str()), ("create", "update"));
        assert_eq!(log[1].fields, ["decision_maker", "phone"], "{l}");
        assert_eq!(
            send(&app, get("/arbeidsgiver/e1/kontakt?kontakt=ingen", Some(&js))).await.status,
            StatusCode::NOT_FOUND
        );

        // The stage moves back and forth; a code not in the list is refused.
        let r = post(&app, &js, &csrf, "/arbeidsgiver/e1/relasjon", &[("stage", "kandidat_presentert")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        let r = post(&app, &js, &csrf, "/arbeidsgiver/e1/relasjon", &[("stage", "venner")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("id=\"stage-error\">Velg et trinn i listen."));
        assert_eq!(s.db.employer("e1").await.unwrap().unwrap().stage.map(|x| x.code()), Some("kandidat_presentert"));
        post(&app, &js, &csrf, "/arbeidsgiver/e1/relasjon", &[("stage", "behov_kartlagt")]).await;
        let page = send(&app, get("/arbeidsgiver/e1", Some(&js))).await;
        assert!(page.body.contains("<option value=\"behov_kartlagt\" selected>Behov kartlagt</option>"), "{l}");

        // Requirements: added, refused twice or blank, removed; never exported.
        for text in ["Førerkort klasse B", "Norsk B1"] {
            let r = post(&app, &js, &csrf, "/arbeidsgiver/e1/krav", &[("requirement", text)]).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        }
        let r = post(&app, &js, &csrf, "/arbeidsgiver/e1/krav", &[("requirement", "norsk b1")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body.contains("id=\"requirement-error\">Kravet står allerede på listen.")
                && r.body.contains("value=\"norsk b1\"")
        );
        let r = post(&app, &js, &csrf, "/arbeidsgiver/e1/krav", &[("requirement", " ")]).await;
        assert!(r.body.contains("Skriv hva arbeidsgiveren krever."), "{l}");
        let reqs = s.db.employer_requirements("e1").await.unwrap();
        assert_eq!(reqs.iter().map(|x| x.text.as_str()).collect::<Vec<_>>(), ["Førerkort klasse B", "Norsk B1"], "{l}");
        assert!(!exported(&s).await.contains("Førerkort"), "{l}: requirements stay out of the export");
        let r = post(&app, &js, &csrf, "/arbeidsgiver/e1/krav/fjern", &[("krav", &reqs[0].id)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        post(&app, &js, &csrf, "/arbeidsgiver/e1/krav/fjern", &[("krav", &reqs[0].id)]).await;
        assert_eq!(s.db.employer_requirements("e1").await.unwrap().len(), 1, "{l}");
        let actions: Vec<String> =
            audited(&s, "employer").await.into_iter().map(|e| format!("{} {}", e.action, e.fields.join(","))).collect();
        assert_eq!(
            actions,
            ["update stage", "update stage", "create requirement", "create requirement", "delete requirement"],
            "{l}"
        );
        s.remove().await;
    }
}

#[tokio::test]
async fn the_relationship_is_claimed_released_and_given_and_never_taken_silently() {
    for s in jobbvei_store::testing::both("employer_holder").await {
        seed(&s).await;
        colleagues(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let (kari, kari_csrf) = signed_in(&s, &clock, "u-js2").await;
        let (ola, ola_csrf) = signed_in(&s, &clock, "u-js3").await;
        let (lead, lead_csrf) = signed_in(&s, &clock, "u-metodeveileder").await;
        let l = &s.label;
        let holder = || async { s.db.employer("e1").await.unwrap().unwrap().holder.map(|h| h.to_string()) };
        let path = "/arbeidsgiver/e1/relasjonsholder";

        // Held by u-jobbspesialist: Kari's claim is refused, saying who holds it.
        let r = post(&app, &kari, &kari_csrf, path, &[("do", "ta")]).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{l}");
        assert!(r.body.contains("Bruker jobbspesialist holder relasjonen allerede."), "{l}");
        assert_eq!(post(&app, &kari, &kari_csrf, path, &[("do", "slipp")]).await.status, StatusCode::FORBIDDEN);
        assert_eq!(
            post(&app, &kari, &kari_csrf, path, &[("do", "gi"), ("holder", "u-js2")]).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(holder().await.as_deref(), Some("u-jobbspesialist"), "{l}");
        // The page offers only the moves each may make.
        let page = send(&app, get("/arbeidsgiver/e1", Some(&kari))).await;
        assert!(!page.body.contains("value=\"ta\"") && !page.body.contains("value=\"slipp\""), "{l}");
        assert!(page.body.contains("Be Bruker jobbspesialist slippe den"), "{l}");
        let page = send(&app, get("/arbeidsgiver/e1", Some(&lead))).await;
        assert!(page.body.contains("value=\"slipp\"") && page.body.contains("Gi relasjonen til noen i teamet"), "{l}");

        // Released, then Kari claims it; the page names her.
        assert_eq!(post(&app, &js, &csrf, path, &[("do", "slipp")]).await.status, StatusCode::SEE_OTHER, "{l}");
        assert_eq!(holder().await, None);
        assert_eq!(post(&app, &kari, &kari_csrf, path, &[("do", "ta")]).await.status, StatusCode::SEE_OTHER, "{l}");
        let page = send(&app, get("/arbeidsgiver/e1", Some(&js))).await;
        assert!(page.body.contains("Holdes av</dt><dd>Kari Nordmann</dd>"), "{l}");

        // The team lead gives it back within the team, and may release it; not to another team.
        let r = post(&app, &lead, &lead_csrf, path, &[("do", "gi"), ("holder", "u-js3")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        let r = post(&app, &lead, &lead_csrf, path, &[("do", "gi"), ("holder", "u-jobbspesialist")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        assert_eq!(holder().await.as_deref(), Some("u-jobbspesialist"));
        // Someone in another team cannot take it, and the team lead cannot take it from them.
        let r = post(&app, &ola, &ola_csrf, path, &[("do", "ta")]).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{l}");
        assert_eq!(post(&app, &lead, &lead_csrf, path, &[("do", "slipp")]).await.status, StatusCode::SEE_OTHER);
        assert_eq!(post(&app, &ola, &ola_csrf, path, &[("do", "ta")]).await.status, StatusCode::SEE_OTHER);
        let r = post(&app, &lead, &lead_csrf, path, &[("do", "ta")]).await;
        assert!(r.status == StatusCode::CONFLICT && r.body.contains("Ola Fjern holder relasjonen allerede."), "{l}");
        assert_eq!(holder().await.as_deref(), Some("u-js3"));

        let moves = audited(&s, "employer").await;
        let ok = moves.iter().filter(|e| e.outcome == "ok" && e.fields == ["holder"]).count();
        let denied = moves.iter().filter(|e| e.outcome == "denied").count();
        assert_eq!((ok, denied), (5, 2), "{l}");
        s.remove().await;
    }
}

#[tokio::test]
async fn a_veileder_reads_employers_and_changes_none() {
    for s in jobbvei_store::testing::both("employer_roles").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (vl, csrf) = signed_in(&s, &clock, "u-veileder").await;
        let l = &s.label;
        let page = send(&app, get("/arbeidsgiver/e1", Some(&vl))).await;
        assert_eq!(page.status, StatusCode::OK, "{l}");
        assert!(
            !page.body.contains("relasjonsholder") && !page.body.contains("/kontakt") && !page.body.contains("/krav")
        );
        assert!(!send(&app, get("/arbeidsgivere", Some(&vl))).await.body.contains("/arbeidsgiver/ny"));
        let tries: [(&str, &[(&str, &str)]); 5] = [
            ("/arbeidsgiver/ny", &[("orgnr", "974760673"), ("name", "Rema")]),
            ("/arbeidsgiver/e1/relasjonsholder", &[("do", "ta")]),
            ("/arbeidsgiver/e1/relasjon", &[("stage", "ansatt")]),
            ("/arbeidsgiver/e1/kontakt", &[("name", "Per")]),
            ("/arbeidsgiver/e1/krav", &[("requirement", "Norsk B1")]),
        ];
        for (path, pairs) in tries {
            assert_eq!(post(&app, &vl, &csrf, path, pairs).await.status, StatusCode::FORBIDDEN, "{l}: {path}");
        }
        let e1 = s.db.employer("e1").await.unwrap().unwrap();
        assert_eq!((e1.stage, e1.holder.map(|h| h.to_string())), (None, Some("u-jobbspesialist".into())), "{l}");
        assert!(s.db.employer_by_orgnr("974760673").await.unwrap().is_none());
        assert!(
            s.db.employer_requirements("e1").await.unwrap().is_empty()
                && s.db.employer_page("e1", 1).await.unwrap().contacts.is_empty()
        );
        s.remove().await;
    }
}
