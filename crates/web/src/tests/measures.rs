//! Measure requests through the pages: draft → send → decision → start, the veileder rule,
//! office quotas, and the audit trail of every step.

use super::*;

/// A second veileder in the office, not p1's.
async fn other_veileder(s: &Scratch) {
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_users(&[User {
        id: ExtId::parse("u-veileder2").unwrap(),
        name: "Annen veileder".into(),
        roles: vec![Role::Veileder],
        team: Some(ExtId::parse("t1").unwrap()),
        fte: Fte::FULL,
        username: Some("u-veileder2".into()),
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn measures(s: &Scratch) -> Vec<jobbvei_store::MeasureRecord> {
    s.db.participant_measures("p1").await.unwrap()
}

async fn status_of(s: &Scratch, id: &str) -> String {
    s.db.measure_record(id).await.unwrap().unwrap().measure.status.code().to_owned()
}

/// Saves a draft as the job specialist and returns its id.
async fn draft(app: &Router, s: &Scratch, cookie: &str, fields: &[(&str, &str)]) -> String {
    let before: Vec<String> = measures(s).await.iter().map(|m| m.measure.id.to_string()).collect();
    let r = send(app, post_form("/deltaker/p1/tiltak", Some(cookie), &body(fields))).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/deltaker/p1/tiltak"), "{}: {}", s.label, r.body);
    let after = measures(s).await;
    after.iter().map(|m| m.measure.id.to_string()).find(|id| !before.contains(id)).unwrap()
}

#[tokio::test]
async fn a_request_is_drafted_sent_declined_then_granted_and_started() {
    for s in jobbvei_store::testing::both("measures").await {
        seed(&s).await;
        other_veileder(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, js_csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let (vei, vei_csrf) = signed_in(&s, &clock, "u-veileder").await;
        let (vei2, vei2_csrf) = signed_in(&s, &clock, "u-veileder2").await;

        let record = send(&app, get("/deltaker/p1", Some(&js))).await;
        assert!(record.body.contains("href=\"/deltaker/p1/tiltak\""));
        let page = send(&app, get("/deltaker/p1/tiltak", Some(&js))).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Nytt utkast") && page.body.contains("Bakerassistent"));

        // Draft and send a truck licence course.
        let truck =
            [("csrf", js_csrf.as_str()), ("kind", "kurs_opplaering"), ("job", "j1"), ("note", "Truckførerbevis")];
        let m1 = draft(&app, &s, &js, &truck).await;
        assert_eq!(status_of(&s, &m1).await, "utkast");
        let r = send(&app, post_form(&format!("/tiltak/{m1}/send"), Some(&js), &body(&[("csrf", &js_csrf)]))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(status_of(&s, &m1).await, "sendt_veileder");
        // Sent is no longer a draft.
        let again = send(&app, post_form(&format!("/tiltak/{m1}/send"), Some(&js), &body(&[("csrf", &js_csrf)]))).await;
        assert_eq!(again.status, StatusCode::CONFLICT);

        // The veileder sees it waiting.
        let list = send(&app, get("/vedtak", Some(&vei))).await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains("Amina Yusuf") && list.body.contains("Truckførerbevis"), "{}", list.body);
        assert!(list.body.contains("href=\"/vedtak\""), "the nav shows Vedtak to a veileder");
        assert!(!send(&app, get("/vedtak", Some(&vei2))).await.body.contains("Amina Yusuf"));

        // Declining without a reason: the message is beside the field and nothing is stored.
        let decide = format!("/vedtak/{m1}");
        let r =
            send(&app, post_form(&decide, Some(&vei), &body(&[("csrf", &vei_csrf), ("decision", "avslatt")]))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("field-error\">Skriv en begrunnelse for avslaget."), "{}", r.body);
        assert!(r.body.contains("value=\"avslatt\" checked"), "the choice is kept");
        assert_eq!(status_of(&s, &m1).await, "sendt_veileder");
        // Not p1's veileder, and not a veileder at all, may not decide.
        let grant = |csrf: &str| body(&[("csrf", csrf), ("decision", "innvilget")]);
        let r = send(&app, post_form(&decide, Some(&vei2), &grant(&vei2_csrf))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        // Nor learn from a message about the form that the measure exists.
        let bad = body(&[("csrf", &vei2_csrf), ("decision", "kanskje")]);
        assert_eq!(send(&app, post_form(&decide, Some(&vei2), &bad)).await.status, StatusCode::FORBIDDEN);
        let r = send(&app, post_form(&decide, Some(&js), &grant(&js_csrf))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        // A form without its CSRF token is refused.
        let r = send(&app, post_form(&decide, Some(&vei), "decision=innvilget")).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(status_of(&s, &m1).await, "sendt_veileder");

        // A reason with a control character could not be exported and imported again.
        let bad = body(&[("csrf", &vei_csrf), ("decision", "avslatt"), ("reason", "Nei\u{7}takk")]);
        let r = send(&app, post_form(&decide, Some(&vei), &bad)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {}", s.label, r.body);
        assert!(r.body.contains("Feltet kan bare inneholde vanlig tekst."), "{}", r.body);
        // A NUL, which PostgreSQL cannot store, likewise.
        let nul = body(&[("csrf", &vei_csrf), ("decision", "avslatt"), ("reason", "Nei\u{0}takk")]);
        let r = send(&app, post_form(&decide, Some(&vei), &nul)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {}", s.label, r.body);
        assert_eq!(status_of(&s, &m1).await, "sendt_veileder");

        let reason = "Arbeidsgiver dekker kurset";
        let r = send(
            &app,
            post_form(&decide, Some(&vei), &body(&[("csrf", &vei_csrf), ("decision", "avslatt"), ("reason", reason)])),
        )
        .await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/vedtak"));
        let stored = s.db.measure_record(&m1).await.unwrap().unwrap().measure;
        assert_eq!(stored.status.code(), "avslatt");
        assert_eq!(
            (stored.reason.as_deref(), stored.decided_by.as_ref().map(|d| d.as_str())),
            (Some(reason), Some("u-veileder"))
        );

        // The job specialist is told on Min dag, and sees the history.
        let day = send(&app, get("/min-dag", Some(&js))).await;
        assert!(day.body.contains("Svar på tiltak") && day.body.contains("<strong>Avslått</strong>: Kurs/opplæring"));
        assert!(day.body.contains(reason), "{}", day.body);
        let page = send(&app, get("/deltaker/p1/tiltak", Some(&js))).await;
        assert!(page.body.contains("Begrunnelse for avslag: Arbeidsgiver dekker kurset"));
        assert!(page.body.contains("Sendt veileder · Bruker jobbspesialist"), "{}", page.body);

        // A new request: a mentor grant, granted and started.
        let mentor = [("csrf", js_csrf.as_str()), ("kind", "mentortilskudd"), ("hours", "20"), ("from", "2024-12-01")];
        let m2 = draft(&app, &s, &js, &mentor).await;
        send(&app, post_form(&format!("/tiltak/{m2}/send"), Some(&js), &body(&[("csrf", &js_csrf)]))).await;
        let r = send(&app, post_form(&format!("/vedtak/{m2}"), Some(&vei), &grant(&vei_csrf))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(status_of(&s, &m2).await, "innvilget");
        let start = body(&[("csrf", &js_csrf), ("step", "aktiv")]);
        let r = send(&app, post_form(&format!("/tiltak/{m2}/status"), Some(&js), &start)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(status_of(&s, &m2).await, "aktiv");
        let end = body(&[("csrf", &js_csrf), ("step", "avsluttet")]);
        send(&app, post_form(&format!("/tiltak/{m2}/status"), Some(&js), &end)).await;
        assert_eq!(status_of(&s, &m2).await, "avsluttet");
        let day = send(&app, get("/min-dag", Some(&js))).await;
        assert!(day.body.contains("<strong>Innvilget</strong>: Mentortilskudd"));

        // Every step is in the audit log, under the participant.
        let filter = jobbvei_store::AuditFilter { participant: Some("p1".into()), ..Default::default() };
        let log = s.db.audit_entries(&filter).await.unwrap();
        let steps: Vec<(&str, &str, &str)> = log
            .iter()
            .filter(|e| e.action.starts_with("measure_"))
            .map(|e| (e.action.as_str(), e.user_id.as_deref().unwrap_or(""), e.outcome.as_str()))
            .collect();
        let expected = [
            ("measure_utkast", "u-jobbspesialist", "ok"),
            ("measure_sendt_veileder", "u-jobbspesialist", "ok"),
            ("measure_sendt_veileder", "u-veileder2", "denied"),
            ("measure_sendt_veileder", "u-veileder2", "denied"),
            ("measure_avslatt", "u-veileder", "ok"),
            ("measure_utkast", "u-jobbspesialist", "ok"),
            ("measure_sendt_veileder", "u-jobbspesialist", "ok"),
            ("measure_innvilget", "u-veileder", "ok"),
            ("measure_aktiv", "u-jobbspesialist", "ok"),
            ("measure_avsluttet", "u-jobbspesialist", "ok"),
        ];
        assert_eq!(steps, expected, "{}", s.label);
        s.remove().await;
    }
}

#[tokio::test]
async fn a_full_quota_is_shown_and_the_draft_can_still_be_sent() {
    for s in jobbvei_store::testing::both("quota").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (leader, leader_csrf) = signed_in(&s, &clock, "u-leder").await;
        let (js, js_csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let (vei, _) = signed_in(&s, &clock, "u-veileder").await;

        let page = send(&app, get("/admin/kvoter", Some(&leader))).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Kontor: NAV Sagene") && page.body.contains("value=\"2024-11\""));
        // An administrator may name another office, but not one Jobbvei does not have.
        let (admin, _) = signed_in(&s, &clock, "u-admin").await;
        let other = send(&app, get("/admin/kvoter?kontor=0314", Some(&admin))).await;
        assert!(other.body.contains("Kontor: NAV Sagene"), "{}", s.label);
        let unknown = send(&app, get("/admin/kvoter?kontor=9999", Some(&admin))).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", s.label);
        assert!(unknown.body.contains("Jobbvei har ikke noe kontor med den koden."), "{}", s.label);
        assert!(page.body.contains("href=\"/admin/kvoter\""), "the nav shows Kvoter to a leader");
        // Bad input is explained and kept.
        let bad = body(&[("csrf", &leader_csrf), ("maned", "2024-11"), ("max_kurs_opplaering", "to")]);
        let r = send(&app, post_form("/admin/kvoter", Some(&leader), &bad)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Skriv et helt tall fra 0 til 999") && r.body.contains("value=\"to\""));
        let set = body(&[("csrf", &leader_csrf), ("maned", "2024-11"), ("max_kurs_opplaering", "1")]);
        let r = send(&app, post_form("/admin/kvoter", Some(&leader), &set)).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/admin/kvoter?maned=2024-11"));
        let page = send(&app, get("/admin/kvoter?maned=2024-11", Some(&leader))).await;
        assert!(page.body.contains("name=\"max_kurs_opplaering\" inputmode=\"numeric\" value=\"1\""), "{}", page.body);

        let course = [("csrf", js_csrf.as_str()), ("kind", "kurs_opplaering"), ("note", "Truckførerbevis")];
        let m1 = draft(&app, &s, &js, &course).await;
        let form = send(&app, get("/deltaker/p1/tiltak", Some(&js))).await;
        assert!(form.body.contains("Kurs/opplæring: 0 av 1 brukt denne måneden"), "{}", form.body);
        send(&app, post_form(&format!("/tiltak/{m1}/send"), Some(&js), &body(&[("csrf", &js_csrf)]))).await;

        let m2 = draft(&app, &s, &js, &course).await;
        let form = send(&app, get("/deltaker/p1/tiltak", Some(&js))).await;
        assert!(form.body.contains("1 av 1 brukt denne måneden – kvoten er full"), "{}", form.body);
        assert!(form.body.contains(&format!("action=\"/tiltak/{m2}/send\"")), "sending is still offered");
        let r = send(&app, post_form(&format!("/tiltak/{m2}/send"), Some(&js), &body(&[("csrf", &js_csrf)]))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(status_of(&s, &m2).await, "sendt_veileder");
        let after = send(&app, get("/deltaker/p1/tiltak", Some(&js))).await;
        assert!(after.body.contains("2 av 1 brukt denne måneden – kvoten er overskredet"), "{}", after.body);
        assert_eq!(after.body.matches("Over kvoten").count(), 1, "only the second send is marked");
        let list = send(&app, get("/vedtak", Some(&vei))).await;
        assert_eq!(list.body.matches("Over kontorets kvote").count(), 1);
        let leader_view = send(&app, get("/admin/kvoter", Some(&leader))).await;
        assert!(leader_view.body.contains("2 av 1 brukt i november 2024 – kvoten er overskredet"));
        assert!(!leader_view.body.contains("Amina"), "a leader sees counts, not persons");

        let log = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
        let quota = log.iter().find(|e| e.record_type.as_deref() == Some("measure_quota")).unwrap();
        assert_eq!(
            (quota.record_id.as_deref(), quota.fields.as_slice()),
            (Some("0314/2024-11"), &["kurs_opplaering".to_owned()][..])
        );
        s.remove().await;
    }
}

#[tokio::test]
async fn a_bad_draft_is_explained_kept_and_not_stored() {
    let s = jobbvei_store::testing::sqlite("measuredraft").await;
    seed(&s).await;
    let clock = TestClock::at(NOW);
    let app = app(&s, clock.clone());
    let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
    let bad = body(&[("csrf", &csrf), ("kind", "lonnstilskudd_midlertidig"), ("percent", "140"), ("to", "2025-13-01")]);
    let r = send(&app, post_form("/deltaker/p1/tiltak", Some(&js), &bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Skriv et tall større enn 0 og høyst 100.") && r.body.contains("value=\"140\""));
    assert!(r.body.contains("Skriv når tilskuddet skal starte.") && r.body.contains("Skriv datoen som åååå-mm-dd"));
    assert!(measures(&s).await.is_empty());
    // A draft can be edited until it is sent.
    let ok =
        [("csrf", csrf.as_str()), ("kind", "lonnstilskudd_midlertidig"), ("percent", "40"), ("from", "2024-12-01")];
    let m = draft(&app, &s, &js, &ok).await;
    let form = send(&app, get(&format!("/deltaker/p1/tiltak?utkast={m}"), Some(&js))).await;
    assert!(form.body.contains("Endre utkast") && form.body.contains(&format!("name=\"measure\" value=\"{m}\"")));
    let edit = body(&[
        ("csrf", &csrf),
        ("measure", &m),
        ("kind", "lonnstilskudd_midlertidig"),
        ("percent", "60"),
        ("from", "2024-12-01"),
    ]);
    send(&app, post_form("/deltaker/p1/tiltak", Some(&js), &edit)).await;
    assert_eq!(s.db.measure_record(&m).await.unwrap().unwrap().measure.percent, Some(60.0));
    // The veileder reads the page but may not draft.
    let (vei, vei_csrf) = signed_in(&s, &clock, "u-veileder").await;
    let page = send(&app, get("/deltaker/p1/tiltak", Some(&vei))).await;
    assert!(page.status == StatusCode::OK && !page.body.contains("Nytt utkast") && page.body.contains("60 %"));
    let r = send(
        &app,
        post_form("/deltaker/p1/tiltak", Some(&vei), &body(&[("csrf", &vei_csrf), ("kind", "arbeidstrening")])),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    s.remove().await;
}

#[tokio::test]
async fn a_confidential_participant_is_not_shown_to_the_veileder() {
    let s = jobbvei_store::testing::sqlite("measureconf").await;
    seed(&s).await;
    let mut p = s.db.participant_record("p1", 0).await.unwrap().unwrap().participant;
    p.confidential = Some(true);
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_participants(&[p]).await.unwrap();
    tx.commit().await.unwrap();
    let clock = TestClock::at(NOW);
    let app = app(&s, clock.clone());
    let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
    let m = draft(&app, &s, &js, &[("csrf", &csrf), ("kind", "arbeidstrening")]).await;
    send(&app, post_form(&format!("/tiltak/{m}/send"), Some(&js), &body(&[("csrf", &csrf)]))).await;
    let (vei, vei_csrf) = signed_in(&s, &clock, "u-veileder").await;
    let list = send(&app, get("/vedtak", Some(&vei))).await;
    assert!(!list.body.contains("Amina") && list.body.contains("1 søknad(er) gjelder fortrolige deltakere"));
    let grant = body(&[("csrf", &vei_csrf), ("decision", "innvilget")]);
    let r = send(&app, post_form(&format!("/vedtak/{m}"), Some(&vei), &grant)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(status_of(&s, &m).await, "sendt_veileder");
    s.remove().await;
}
