//! Changing and closing activities: `/aktivitet/{id}` and `/aktivitet/{id}/status`.

use jobbvei_domain::{Activity, ActivityKind, ActivityStatus, Channel};

use super::*;

/// 2024-11-19 06:00 in Oslo: before the tests' now (08:06 in Oslo).
const PAST: i64 = NOW - 7_600;
/// 2024-11-19 11:00 in Oslo: later the same day.
const LATER: i64 = NOW + 10_400;

fn planned(id: &str, at: i64) -> Activity {
    Activity {
        id: ExtId::parse(id).unwrap(),
        user: ExtId::parse("u-jobbspesialist").unwrap(),
        kind: ActivityKind::ParticipantMeeting,
        start: DateTime::from_timestamp(at, 0).unwrap(),
        minutes: 60,
        status: ActivityStatus::Planned,
        channel: Some(Channel::Physical),
        out_of_office: Some(true),
        // Unset, as an import may leave them: saving the form unchanged must keep them so.
        travel_to: None,
        travel_from: None,
        course: Some(ExtId::parse("c1").unwrap()),
        employer: None,
        employer_contact: None,
        decision_maker: None,
        subcategory: None,
        place: Some("Kafé".into()),
        note: None,
    }
}

/// The seed plus m1 (planned, this morning) and m2 (planned, later today), both on p1.
async fn seeded(s: &Scratch) {
    seed(s).await;
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_activities(&[planned("m1", PAST), planned("m2", LATER)]).await.unwrap();
    tx.upsert_teams(&[Team {
        id: ExtId::parse("t2").unwrap(),
        office: ExtId::parse("0314").unwrap(),
        name: "To".into(),
        method: Method::Ips,
    }])
    .await
    .unwrap();
    let user = |id: &str, role: Role, team: &str| User {
        id: ExtId::parse(id).unwrap(),
        name: id.into(),
        roles: vec![role],
        team: Some(ExtId::parse(team).unwrap()),
        fte: Fte::FULL,
        username: Some(id.into()),
    };
    tx.upsert_users(&[
        user("js-team", Role::JobSpecialist, "t1"),
        user("js-other", Role::JobSpecialist, "t2"),
        user("mv-other", Role::MethodSupervisor, "t2"),
    ])
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// m1's form exactly as the edit page fills it in, with `changes` applied.
fn m1_form(csrf: &str, changes: &[(&str, &str)]) -> String {
    let mut pairs = vec![
        ("csrf", csrf),
        ("back", "/min-dag"),
        ("kind", "deltakermote"),
        ("participant", "p1"),
        ("employer", ""),
        ("channel", "fysisk"),
        ("out_of_office", "on"),
        ("subcategory", ""),
        ("date", "2024-11-19"),
        ("time", "06:00"),
        ("minutes", "60"),
        ("travel_to", "0"),
        ("travel_from", "0"),
        ("status", "planlagt"),
        ("place", "Kafé"),
        ("note", ""),
    ];
    for (k, v) in changes {
        match pairs.iter_mut().find(|(pk, _)| pk == k) {
            Some(p) => p.1 = v,
            None => pairs.push((k, v)),
        }
    }
    body(&pairs)
}

async fn stored(s: &Scratch, id: &str) -> Activity {
    s.db.activity(id).await.unwrap().unwrap()
}

/// (action, outcome, fields) of p1's audit entries, leaving out the reads that were let through.
async fn changes(s: &Scratch) -> Vec<(String, String, Vec<String>)> {
    let filter = jobbvei_store::AuditFilter { participant: Some("p1".into()), ..Default::default() };
    s.db.audit_entries(&filter)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action != "read" || e.outcome != "ok")
        .map(|e| (e.action, e.outcome, e.fields))
        .collect()
}

/// Fields to change in a form.
type Changes<'a> = &'a [(&'a str, &'a str)];

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

#[tokio::test]
async fn an_edit_changes_exactly_the_changed_fields_and_audits_their_names() {
    for s in jobbvei_store::testing::both("meeting-edit").await {
        seeded(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (cookie, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let page = send(&app, get("/aktivitet/m1", Some(&cookie))).await;
        assert_eq!(page.status, StatusCode::OK, "{}", s.label);
        for filled in ["value=\"60\"", "value=\"Kafé\"", "value=\"2024-11-19\"", "value=\"06:00\"", "Lukk møtet"] {
            assert!(page.body.contains(filled), "{}: {filled}", s.label);
        }
        assert!(page.body.contains("<option value=\"deltakermote\" selected>"), "{}", s.label);
        let seen = crate::workplace::meeting::fingerprint(&planned("m1", PAST));
        assert!(page.body.contains(&format!("name=\"seen\" value=\"{seen}\"")), "{}", s.label);
        // Saved as shown: nothing changes, the unset fields stay unset, and nothing is audited as changed.
        let r = send(&app, post_form("/aktivitet/m1", Some(&cookie), &m1_form(&csrf, &[("seen", &seen)]))).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/min-dag"), "{}: {}", s.label, r.body);
        assert_eq!(stored(&s, "m1").await, planned("m1", PAST), "{}", s.label);
        assert!(changes(&s).await.is_empty(), "{}", s.label);
        // Three fields changed.
        let form = m1_form(&csrf, &[("minutes", "90"), ("place", "Hos arbeidsgiver"), ("note", "Ny plan")]);
        let r = send(&app, post_form("/aktivitet/m1", Some(&cookie), &form)).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/min-dag"), "{}: {}", s.label, r.body);
        let mut expected = planned("m1", PAST);
        expected.minutes = 90;
        expected.place = Some("Hos arbeidsgiver".into());
        expected.note = Some("Ny plan".into());
        assert_eq!(stored(&s, "m1").await, expected, "{}", s.label);
        assert_eq!(
            changes(&s).await,
            [(
                "update_activity".to_owned(),
                "ok".to_owned(),
                strings(&["activity.minutes", "activity.place", "activity.note"])
            )],
            "{}",
            s.label
        );
        // A form opened before that change is refused whole.
        let stale = m1_form(&csrf, &[("seen", &seen), ("minutes", "10")]);
        let r = send(&app, post_form("/aktivitet/m1", Some(&cookie), &stale)).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", s.label);
        assert!(r.body.contains("Noen andre endret aktiviteten"));
        assert_eq!(stored(&s, "m1").await, expected, "{}", s.label);
        assert_eq!(changes(&s).await.len(), 1, "{}", s.label);
        // The other activities are untouched.
        assert_eq!(stored(&s, "m2").await, planned("m2", LATER), "{}", s.label);
        // The team lead may change it too; from the timeline, back to the participant.
        let (lead, lead_csrf) = signed_in(&s, &clock, "u-metodeveileder").await;
        assert_eq!(send(&app, get("/aktivitet/m1?fra=deltaker", Some(&lead))).await.status, StatusCode::OK);
        let form = m1_form(
            &lead_csrf,
            &[("minutes", "90"), ("place", "Hos arbeidsgiver"), ("note", "Ny plan"), ("time", "06:30")],
        )
        .replace("back=%2Fmin-dag", "back=%2Fdeltaker%2Fp1");
        let r = send(&app, post_form("/aktivitet/m1", Some(&lead), &form)).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/deltaker/p1"), "{}: {}", s.label, r.body);
        assert_eq!(stored(&s, "m1").await.start, DateTime::from_timestamp(PAST + 1_800, 0).unwrap());
        assert_eq!(changes(&s).await.last().unwrap().2, strings(&["activity.start"]), "{}", s.label);
        super::facts_agree(&s).await;
        s.remove().await;
    }
}

/// The edit form shows the employer by name; saving it unchanged keeps the meeting's contact
/// person, and another employer drops it (the contact belongs to the first).
#[tokio::test]
async fn an_edit_keeps_the_employer_contact_while_the_employer_stays() {
    for s in jobbvei_store::testing::both("meeting-contact").await {
        seeded(&s).await;
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_employers(&[jobbvei_domain::Employer {
            id: ExtId::parse("e2").unwrap(),
            orgnr: jobbvei_domain::Orgnr::parse("974760673").unwrap(),
            name: "Sykehuset".into(),
            municipality: None,
            industry: None,
            stage: None,
            holder: None,
        }])
        .await
        .unwrap();
        tx.upsert_contacts(&[jobbvei_domain::EmployerContact {
            id: ExtId::parse("ec1").unwrap(),
            employer: ExtId::parse("e1").unwrap(),
            name: "Kari Leder".into(),
            decision_maker: Some(true),
            phone: None,
            email: None,
        }])
        .await
        .unwrap();
        let mut m1 = planned("m1", PAST);
        m1.kind = ActivityKind::EmployerMeeting;
        m1.employer = Some(ExtId::parse("e1").unwrap());
        m1.employer_contact = Some(ExtId::parse("ec1").unwrap());
        tx.upsert_activities(&[m1.clone()]).await.unwrap();
        tx.commit().await.unwrap();
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (cookie, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let page = send(&app, get("/aktivitet/m1", Some(&cookie))).await;
        assert!(page.body.contains("value=\"Bakeriet AS\""), "{}: {}", s.label, page.body);
        let as_shown = [("kind", "arbeidsgivermote"), ("employer", "Bakeriet AS"), ("note", "Avtalt hospitering")];
        let r = send(&app, post_form("/aktivitet/m1", Some(&cookie), &m1_form(&csrf, &as_shown))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.body);
        let mut expected = m1.clone();
        expected.note = Some("Avtalt hospitering".into());
        assert_eq!(stored(&s, "m1").await, expected, "{}", s.label);
        let moved = [("kind", "arbeidsgivermote"), ("employer", "Sykehuset"), ("note", "Avtalt hospitering")];
        let r = send(&app, post_form("/aktivitet/m1", Some(&cookie), &m1_form(&csrf, &moved))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.body);
        let after = stored(&s, "m1").await;
        assert_eq!((after.employer.unwrap().as_str(), after.employer_contact), ("e2", None), "{}", s.label);
        s.remove().await;
    }
}

#[tokio::test]
async fn a_closed_meeting_leaves_the_open_list_on_min_dag() {
    for s in jobbvei_store::testing::both("meeting-close").await {
        seeded(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (cookie, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let day = send(&app, get("/min-dag", Some(&cookie))).await;
        assert!(day.body.contains("Planlagte møter som ikke er lukket"), "{}", s.label);
        assert!(day.body.contains("action=\"/aktivitet/m1/status\"") && day.body.contains("href=\"/aktivitet/m1\""));
        let close = body(&[("csrf", &csrf), ("back", "/min-dag"), ("minutes", "75"), ("status", "gjennomfort")]);
        let r = send(&app, post_form("/aktivitet/m1/status", Some(&cookie), &close)).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/min-dag"), "{}: {}", s.label, r.body);
        let mut expected = planned("m1", PAST);
        expected.status = ActivityStatus::Done;
        expected.minutes = 75;
        assert_eq!(stored(&s, "m1").await, expected, "{}", s.label);
        assert_eq!(
            changes(&s).await,
            [("close_activity".to_owned(), "ok".to_owned(), strings(&["activity.minutes", "activity.status"]))],
            "{}",
            s.label
        );
        let day = send(&app, get("/min-dag", Some(&cookie))).await;
        assert!(!day.body.contains("Planlagte møter som ikke er lukket"), "{}: {}", s.label, day.body);
        assert!(!day.body.contains("action=\"/aktivitet/m1/status\""), "{}", s.label);
        assert!(day.body.contains("kl. 06.00</time> Deltakermøte · Gjennomført"), "{}", s.label);
        // Closing it again is refused and changes nothing.
        let r = send(
            &app,
            post_form(
                "/aktivitet/m1/status",
                Some(&cookie),
                &body(&[("csrf", &csrf), ("minutes", "30"), ("status", "avlyst")]),
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", s.label);
        assert!(r.body.contains("Møtet er allerede lukket."));
        assert_eq!(stored(&s, "m1").await.minutes, 75);
        // Cancelling from the timeline goes back there and keeps the planned length.
        let record = send(&app, get("/deltaker/p1", Some(&cookie))).await;
        assert!(record.body.contains("action=\"/aktivitet/m2/status\""), "{}", s.label);
        assert!(record.body.contains("href=\"/aktivitet/m1?fra=deltaker\""), "{}", s.label);
        let cancel = body(&[("csrf", &csrf), ("back", "/deltaker/p1"), ("minutes", "5"), ("status", "avlyst")]);
        let r = send(&app, post_form("/aktivitet/m2/status", Some(&cookie), &cancel)).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/deltaker/p1"), "{}: {}", s.label, r.body);
        let m2 = stored(&s, "m2").await;
        assert_eq!((m2.status, m2.minutes), (ActivityStatus::Cancelled, 60), "{}", s.label);
        super::facts_agree(&s).await;
        s.remove().await;
    }
}

#[tokio::test]
async fn a_meeting_in_the_future_cannot_be_marked_done() {
    for s in jobbvei_store::testing::both("meeting-future").await {
        seeded(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (cookie, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        for status in ["gjennomfort", "deltaker_uteble"] {
            let close = body(&[("csrf", &csrf), ("minutes", "45"), ("status", status)]);
            let r = send(&app, post_form("/aktivitet/m2/status", Some(&cookie), &close)).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {status}", s.label);
            assert!(r.body.contains("Møtet har ikke skjedd ennå"), "{}: {}", s.label, r.body);
            assert!(r.body.contains("value=\"45\""), "what was typed is kept");
        }
        // Nor through the edit form.
        let form = m1_form(&csrf, &[("time", "11:00"), ("status", "gjennomfort")]);
        let r = send(&app, post_form("/aktivitet/m2", Some(&cookie), &form)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", s.label);
        assert!(r.body.contains("Et møte kan ikke være gjennomført før det har skjedd."));
        assert_eq!(stored(&s, "m2").await, planned("m2", LATER), "{}", s.label);
        // Once its time has come, it can.
        clock.advance_minutes(4 * 60);
        let (cookie, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let close = body(&[("csrf", &csrf), ("minutes", "45"), ("status", "gjennomfort")]);
        let r = send(&app, post_form("/aktivitet/m2/status", Some(&cookie), &close)).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/min-dag"), "{}: {}", s.label, r.body);
        assert_eq!(stored(&s, "m2").await.status, ActivityStatus::Done);
        s.remove().await;
    }
}

#[tokio::test]
async fn only_the_owner_and_the_team_lead_may_change_an_activity() {
    for s in jobbvei_store::testing::both("meeting-access").await {
        seeded(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        for user in ["js-other", "js-team", "mv-other"] {
            let (cookie, csrf) = signed_in(&s, &clock, user).await;
            let r = send(&app, get("/aktivitet/m1", Some(&cookie))).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}: {user}", s.label);
            assert!(!r.body.contains("Kafé") && !r.body.contains("Amina"), "a denial shows nothing");
            let form = m1_form(&csrf, &[("minutes", "5")]);
            assert_eq!(
                send(&app, post_form("/aktivitet/m1", Some(&cookie), &form)).await.status,
                StatusCode::FORBIDDEN
            );
            let close = body(&[("csrf", &csrf), ("minutes", "5"), ("status", "gjennomfort")]);
            let r = send(&app, post_form("/aktivitet/m1/status", Some(&cookie), &close)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}: {user}", s.label);
        }
        // The veileder reads the timeline, but the route is not theirs.
        let (cookie, _) = signed_in(&s, &clock, "u-veileder").await;
        assert_eq!(send(&app, get("/aktivitet/m1", Some(&cookie))).await.status, StatusCode::FORBIDDEN);
        let record = send(&app, get("/deltaker/p1", Some(&cookie))).await;
        assert!(record.status == StatusCode::OK && !record.body.contains("/aktivitet/m1"), "{}", s.label);
        assert_eq!(stored(&s, "m1").await, planned("m1", PAST), "{}", s.label);
        // Three users, three attempts each, all audited as denied on p1.
        let denied: Vec<_> = changes(&s).await.into_iter().filter(|(_, outcome, _)| outcome == "denied").collect();
        assert_eq!(denied.len(), 9, "{}: {denied:?}", s.label);
        let routes = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
        let by_route = routes.iter().filter(|e| e.outcome == "denied" && e.record_type.as_deref() == Some("route"));
        assert_eq!(by_route.count(), 1, "{}: the veileder's denial", s.label);
        assert_eq!(send(&app, get("/aktivitet/m404", Some(&cookie))).await.status, StatusCode::FORBIDDEN);
        let (own, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        assert_eq!(send(&app, get("/aktivitet/m404", Some(&own))).await.status, StatusCode::NOT_FOUND);
        // A colleague covering for the owner may change what they logged, until the
        // participant is confidential: then only the participant's owner and team lead see it.
        let mut covered = planned("m3", PAST);
        covered.user = ExtId::parse("js-team").unwrap();
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_activities(&[covered]).await.unwrap();
        tx.commit().await.unwrap();
        let (colleague, _) = signed_in(&s, &clock, "js-team").await;
        assert_eq!(send(&app, get("/aktivitet/m3", Some(&colleague))).await.status, StatusCode::OK, "{}", s.label);
        let mut p1 = s.db.participant_record("p1", 0).await.unwrap().unwrap().participant;
        p1.confidential = Some(true);
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_participants(&[p1]).await.unwrap();
        tx.commit().await.unwrap();
        let r = send(&app, get("/aktivitet/m3", Some(&colleague))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}: confidential", s.label);
        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        assert_eq!(send(&app, get("/aktivitet/m3", Some(&lead))).await.status, StatusCode::OK, "{}", s.label);
        // The participant's own job specialist did not log it.
        assert_eq!(send(&app, get("/aktivitet/m3", Some(&own))).await.status, StatusCode::FORBIDDEN, "{}", s.label);
        s.remove().await;
    }
}

#[tokio::test]
async fn bad_input_is_explained_and_leaves_the_activity_unchanged() {
    for s in jobbvei_store::testing::both("meeting-bad").await {
        seeded(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (cookie, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        // (change, message, what stays in the form)
        let cases: [(Changes, &str, &str); 4] = [
            (&[("minutes", "-5")], "Minutter: skriv et helt antall minutter mellom 0 og 1440.", "value=\"-5\""),
            (&[("kind", "flyging")], "Velg hva slags aktivitet det var.", "value=\"Kafé\""),
            (&[("travel_to", "2000"), ("place", "")], "Et fysisk møte trenger et sted.", "value=\"2000\""),
            (&[("participant", "p404")], "Velg en deltaker fra porteføljen din.", "value=\"60\""),
        ];
        for (change, message, kept) in cases {
            let r = send(&app, post_form("/aktivitet/m1", Some(&cookie), &m1_form(&csrf, change))).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {change:?}", s.label);
            assert!(r.body.contains(message), "{}: {change:?}: {}", s.label, r.body);
            assert!(r.body.contains(kept), "{}: {change:?}: what was typed is kept", s.label);
        }
        let close = |minutes: &str, status: &str| body(&[("csrf", &csrf), ("minutes", minutes), ("status", status)]);
        for (minutes, status, message) in [
            ("-5", "gjennomfort", "Skriv hvor mange minutter møtet varte, mellom 1 og 1440."),
            ("0", "gjennomfort", "Skriv hvor mange minutter møtet varte, mellom 1 og 1440."),
            ("60", "planlagt", "Velg Gjennomført, Deltaker møtte ikke eller Avlyst."),
            ("60", "ferdig", "Velg Gjennomført, Deltaker møtte ikke eller Avlyst."),
        ] {
            let r = send(&app, post_form("/aktivitet/m1/status", Some(&cookie), &close(minutes, status))).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {minutes} {status}", s.label);
            assert!(r.body.contains(message), "{}: {minutes} {status}: {}", s.label, r.body);
        }
        // A 5 MB field is refused whole by the body limit, in Norwegian.
        let huge = m1_form(&csrf, &[("note", &"x".repeat(5 * 1024 * 1024))]);
        let r = send(&app, post_form("/aktivitet/m1", Some(&cookie), &huge)).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", s.label);
        assert!(r.body.contains("Skjemaet inneholdt for mye tekst"));
        // Without the session's CSRF token.
        let r = send(&app, post_form("/aktivitet/m1", Some(&cookie), &m1_form("feil", &[("minutes", "5")]))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r =
            send(&app, post_form("/aktivitet/m1/status", Some(&cookie), &close("5", "avlyst").replace(&csrf, "feil")))
                .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(stored(&s, "m1").await, planned("m1", PAST), "{}", s.label);
        assert!(changes(&s).await.is_empty(), "{}", s.label);
        s.remove().await;
    }
}
