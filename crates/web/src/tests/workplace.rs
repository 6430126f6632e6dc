//! The workplace pages: quick log to Min dag and the timeline, bad input, and who may see a
//! participant.

use super::*;

fn meeting(csrf: &str, extra: &str) -> String {
    format!(
        "csrf={csrf}&kind=arbeidsgivermote&participant=p1&employer=e1&channel=fysisk&decision_maker=on&out_of_office=on\
         &subcategory=jobbutvikling&date=2024-11-19&time=08%3A00&minutes=60&travel_to=15&travel_from=15\
         &status=gjennomfort&place=Hos+arbeidsgiver{extra}"
    )
}

async fn activity_count(s: &Scratch) -> i64 {
    s.db.table_counts().await.unwrap().iter().find(|c| c.table == "activity").unwrap().rows
}

#[tokio::test]
async fn a_logged_meeting_shows_on_my_day_and_in_the_timeline() {
    for s in jobbvei_store::testing::both("quicklog").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (cookie, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let form = send(&app, get("/logg", Some(&cookie))).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(
            form.body.contains("value=\"60\"")
                && form.body.contains("Amina Yusuf")
                && form.body.contains("Bakeriet AS")
        );
        let r =
            send(&app, post_form("/logg", Some(&cookie), &meeting(&csrf, "&note=%3Cscript%3Ealert(1)%3C%2Fscript%3E")))
                .await;
        let saved = "/logg?lagret=arbeidsgivermote&kl=19.11.2024+kl.+08.00";
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, saved), "{}: {}", s.label, r.body);
        let next = send(&app, get(saved, Some(&cookie))).await;
        assert!(next.body.contains("Lagret: Arbeidsgivermøte 19.11.2024 kl. 08.00. Klar for neste."), "{}", next.body);
        super::facts_agree(&s).await;
        let day = send(&app, get("/min-dag", Some(&cookie))).await;
        assert!(day.body.contains("kl. 08.00</time> Arbeidsgivermøte · Gjennomført"), "{}", day.body);
        assert!(day.body.contains("Amina Yusuf · Bakeriet AS"));
        let record = send(&app, get("/deltaker/p1", Some(&cookie))).await;
        assert!(
            record.body.contains("19.11.2024 kl. 08.00</time> Arbeidsgivermøte · Gjennomført · Fysisk, Jobbutvikling")
        );
        assert!(record.body.contains("150385*****") && !record.body.contains("15038512363"), "the fnr is masked");
        assert!(!record.body.contains("<script>alert"));
        let caseload = send(&app, get("/portefolje", Some(&cookie))).await;
        assert!(caseload.body.contains("Amina Yusuf") && caseload.body.contains("1 aktive og 0 passive"));
        let log =
            s.db.audit_entries(&jobbvei_store::AuditFilter { participant: Some("p1".into()), ..Default::default() })
                .await
                .unwrap();
        let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["create", "read"], "{}", s.label);
        s.remove().await;
    }
}

/// Three wrong numbers side by side: each field is marked invalid and described by its own
/// message, and the error summary at the top links to each field.
#[tokio::test]
async fn each_wrong_number_gets_its_own_message_on_its_own_field() {
    let s = jobbvei_store::testing::sqlite("own-messages").await;
    seed(&s).await;
    let clock = TestClock::at(NOW);
    let app = app(&s, clock.clone());
    let (cookie, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
    let body = format!("{}&travel_to=x&travel_from=-1", meeting(&csrf, "").replace("minutes=60", "minutes=abc"));
    let r = send(&app, post_form("/logg", Some(&cookie), &body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut messages = Vec::new();
    for (field, label) in [("minutes", "Minutter"), ("travel_to", "Reise dit"), ("travel_from", "Reise fra")] {
        let input = r.body.split(&format!("id=\"{field}\"")).nth(1).and_then(|r| r.split('>').next()).unwrap_or("");
        assert!(
            input.contains(&format!("aria-invalid=\"true\" aria-describedby=\"{field}-error\"")),
            "{field}: {input}"
        );
        let message = r.body.split(&format!("id=\"{field}-error\">")).nth(1).and_then(|r| r.split('<').next()).unwrap();
        assert!(message.starts_with(label), "{field}: {message}");
        assert!(
            r.body.contains(&format!("<li><a class=\"aksel-link\" href=\"#{field}\">{message}</a></li>")),
            "{field}"
        );
        messages.push(message.to_owned());
    }
    messages.dedup();
    assert_eq!(messages.len(), 3, "three different messages: {messages:?}");
    assert!(r.body.contains("class=\"aksel-error-summary\" tabindex=\"-1\""), "the summary can take the focus");
}

#[tokio::test]
async fn bad_input_is_explained_and_nothing_is_stored() {
    let s = jobbvei_store::testing::sqlite("badinput").await;
    seed(&s).await;
    let clock = TestClock::at(NOW);
    let app = app(&s, clock.clone());
    let (cookie, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
    let before = activity_count(&s).await;
    let body = meeting(&csrf, "").replace("minutes=60", "minutes=abc").replace("place=Hos+arbeidsgiver", "place=");
    let r = send(&app, post_form("/logg", Some(&cookie), &body)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Minutter: skriv et helt antall minutter mellom 0 og 1440."));
    assert!(r.body.contains("Et fysisk møte trenger et sted."));
    assert!(r.body.contains("value=\"abc\""), "what was typed is kept");
    // Done in the future is refused.
    let later = meeting(&csrf, "").replace("time=08%3A00", "time=23%3A00");
    let r = send(&app, post_form("/logg", Some(&cookie), &later)).await;
    assert!(r.body.contains("kan ikke være gjennomført før det har skjedd"));
    // Someone else's participant.
    let r = send(
        &app,
        post_form("/logg", Some(&cookie), &meeting(&csrf, "").replace("participant=p1", "participant=p404")),
    )
    .await;
    assert!(r.body.contains("Velg en deltaker fra porteføljen din."));
    // Choices no list offers are refused, not read as the default.
    for (from, to, message) in [
        ("status=gjennomfort", "status=ferdig", "Velg en status fra listen."),
        ("channel=fysisk", "channel=brev", "Velg fysisk, digitalt eller telefon."),
        ("subcategory=jobbutvikling", "subcategory=annet", "Velg en underkategori fra listen."),
    ] {
        let r = send(&app, post_form("/logg", Some(&cookie), &meeting(&csrf, "").replace(from, to))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{to}");
        assert!(r.body.contains(message), "{to}");
    }
    // A 5 MB field: refused whole, in Norwegian.
    let huge = meeting(&csrf, &format!("&note={}", "x".repeat(5 * 1024 * 1024)));
    let r = send(&app, post_form("/logg", Some(&cookie), &huge)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("Skjemaet inneholdt for mye tekst"));
    // Without the session's CSRF token.
    let r = send(&app, post_form("/logg", Some(&cookie), &meeting("feil", ""))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(activity_count(&s).await, before);
    s.remove().await;
}

#[tokio::test]
async fn only_entitled_users_open_a_participant() {
    for s in jobbvei_store::testing::both("entitled").await {
        seed(&s).await;
        let id = |x: &str| ExtId::parse(x).unwrap();
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_teams(&[Team { id: id("t2"), office: id("0314"), name: "Annet team".into(), method: Method::Ips }])
            .await
            .unwrap();
        let other = |uid: &str, role: Role, team: &str| User {
            id: id(uid),
            name: uid.into(),
            roles: vec![role],
            team: Some(id(team)),
            fte: Fte::FULL,
            username: Some(uid.into()),
        };
        tx.upsert_users(&[
            other("vl-other", Role::Veileder, "t2"),
            other("js-team", Role::JobSpecialist, "t1"),
            other("js-other", Role::JobSpecialist, "t2"),
            other("mv-other", Role::MethodSupervisor, "t2"),
        ])
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let status = |user: &'static str| {
            let (s, app, clock) = (&s, app.clone(), clock.clone());
            async move {
                let (cookie, _) = signed_in(s, &clock, user).await;
                send(&app, get("/deltaker/p1", Some(&cookie))).await.status
            }
        };
        for (user, expected) in [
            ("u-jobbspesialist", StatusCode::OK),
            ("u-metodeveileder", StatusCode::OK),
            ("u-veileder", StatusCode::OK),
            ("js-team", StatusCode::OK),
            ("vl-other", StatusCode::FORBIDDEN),
            ("js-other", StatusCode::FORBIDDEN),
            ("mv-other", StatusCode::FORBIDDEN),
        ] {
            assert_eq!(status(user).await, expected, "{}: {user}", s.label);
        }
        // Confidential: the owner and the team lead only.
        let mut record = s.db.participant_record("p1", 0).await.unwrap().unwrap().participant;
        record.confidential = Some(true);
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_participants(&[record]).await.unwrap();
        tx.commit().await.unwrap();
        for (user, expected) in [
            ("u-jobbspesialist", StatusCode::OK),
            ("u-metodeveileder", StatusCode::OK),
            ("u-veileder", StatusCode::FORBIDDEN),
            ("js-team", StatusCode::FORBIDDEN),
        ] {
            assert_eq!(status(user).await, expected, "{}: confidential, {user}", s.label);
        }
        let (cookie, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let page = send(&app, get("/deltaker/p1", Some(&cookie))).await;
        assert!(page.body.contains("Fortrolig") && !page.body.contains("OSLO"), "no whereabouts shown");
        let log =
            s.db.audit_entries(&jobbvei_store::AuditFilter { participant: Some("p1".into()), ..Default::default() })
                .await
                .unwrap();
        assert_eq!(log.iter().filter(|e| e.outcome == "denied").count(), 5, "{}", s.label);
        s.remove().await;
    }
}

#[tokio::test]
async fn the_employer_register_searches_any_case_and_shows_jobs_by_permission() {
    let s = jobbvei_store::testing::sqlite("employers").await;
    seed(&s).await;
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_employers(&[jobbvei_domain::Employer {
        id: ExtId::parse("e2").unwrap(),
        orgnr: jobbvei_domain::Orgnr::parse("812345672").unwrap(),
        name: "Ærlig Øl & Å-mat".into(),
        municipality: Some("0301".into()),
        industry: Some("Reiseliv og mat".into()),
        stage: Some(jobbvei_domain::EmployerStage::Acquainted),
        holder: None,
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let clock = TestClock::at(NOW);
    let app = app(&s, clock.clone());
    let (cookie, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
    for q in ["%C3%A6rlig", "%C3%86RLIG", "%C3%B8l", "%C3%85-MAT"] {
        let r = send(&app, get(&format!("/arbeidsgivere?q={q}"), Some(&cookie))).await;
        assert!(r.body.contains("Ærlig Øl &amp; Å-mat") || r.body.contains("Ærlig Øl &#38; Å-mat"), "{q}: {}", r.body);
        assert!(!r.body.contains("Bakeriet AS"), "{q}");
    }
    let page = send(&app, get("/arbeidsgiver/e1", Some(&cookie))).await;
    assert!(page.body.contains("Bakerassistent") && page.body.contains("href=\"/deltaker/p1\">Amina Yusuf"));
    // Someone who may not see p1 sees the job but not who holds it.
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_users(&[User {
        id: ExtId::parse("vl9").unwrap(),
        name: "Annen".into(),
        roles: vec![Role::Veileder],
        team: None,
        fte: Fte::FULL,
        username: Some("vl9".into()),
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let (other, _) = signed_in(&s, &clock, "vl9").await;
    let page = send(&app, get("/arbeidsgiver/e1", Some(&other))).await;
    assert!(page.body.contains("Bakerassistent") && !page.body.contains("Amina"));
    assert_eq!(send(&app, get("/arbeidsgiver/e404", Some(&cookie))).await.status, StatusCode::NOT_FOUND);
    s.remove().await;
}

/// The lines of the participant page's timeline.
fn timeline_lines(html: &str) -> usize {
    let list = html.split("<ol class=\"timeline\">").nth(1).and_then(|r| r.split("</ol>").next()).unwrap_or("");
    list.matches("<li><time>").count()
}

/// The timeline shows the newest 50 activities and links to the longer list (up to 200),
/// which shows the older ones too; both reads are audited.
#[tokio::test]
async fn the_timeline_shows_the_newest_fifty_and_links_to_the_older() {
    for s in jobbvei_store::testing::both("timeline").await {
        seed(&s).await;
        // 60 participant meetings a day apart, all older than the seed's one of yesterday:
        // 61 activities on p1, the 50th newest on 30 September, the 51st on 29 September.
        let older: Vec<jobbvei_domain::Activity> = (1..=60)
            .map(|i| {
                let mut a = participant_meeting(&format!("t{i}"));
                a.start = DateTime::from_timestamp(NOW - (i + 1) * 86_400, 0).unwrap();
                a
            })
            .collect();
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_activities(&older).await.unwrap();
        tx.commit().await.unwrap();
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (cookie, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let short = send(&app, get("/deltaker/p1", Some(&cookie))).await;
        assert_eq!(short.status, StatusCode::OK, "{}", s.label);
        assert_eq!(timeline_lines(&short.body), 50, "{}", s.label);
        assert!(short.body.contains("30.09.2024 kl. 09.06") && !short.body.contains("29.09.2024 kl. 09.06"));
        assert!(short.body.contains("<a href=\"/deltaker/p1?tidslinje=alle#tidslinje\">Vis eldre aktiviteter</a>"));
        let long = send(&app, get("/deltaker/p1?tidslinje=alle", Some(&cookie))).await;
        assert_eq!(long.status, StatusCode::OK, "{}", s.label);
        assert_eq!(timeline_lines(&long.body), 61, "{}", s.label);
        assert!(long.body.contains("29.09.2024 kl. 09.06") && long.body.contains("19.09.2024 kl. 09.06"));
        assert!(!long.body.contains("Vis eldre aktiviteter") && long.body.contains("Vis bare de nyeste"));
        let log =
            s.db.audit_entries(&jobbvei_store::AuditFilter { participant: Some("p1".into()), ..Default::default() })
                .await
                .unwrap();
        assert_eq!(log.iter().filter(|e| e.action == "read").count(), 2, "{}", s.label);
        s.remove().await;
    }
}

/// A done participant meeting of u-jobbspesialist on p1's course c1.
fn participant_meeting(id: &str) -> jobbvei_domain::Activity {
    let x = |s: &str| ExtId::parse(s).unwrap();
    jobbvei_domain::Activity {
        id: x(id),
        user: x("u-jobbspesialist"),
        kind: jobbvei_domain::ActivityKind::ParticipantMeeting,
        start: DateTime::from_timestamp(NOW, 0).unwrap(),
        minutes: 30,
        status: jobbvei_domain::ActivityStatus::Done,
        channel: Some(jobbvei_domain::Channel::Physical),
        out_of_office: Some(false),
        travel_to: None,
        travel_from: None,
        course: Some(x("c1")),
        employer: None,
        employer_contact: None,
        decision_maker: None,
        subcategory: None,
        place: None,
        note: None,
    }
}
