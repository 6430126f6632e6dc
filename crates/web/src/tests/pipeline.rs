//! The office's employer pipeline (crate::pipeline, docs/employer-pipeline.md) on both
//! engines: the board per role and its filters, claiming and releasing from it, the colleague
//! told who holds an employer, the stage moving forward by itself, and the daily round's
//! release at exactly N days with its notice 14 days before.

use chrono::NaiveDate;
use jobbvei_domain::{Activity, ActivityKind, ActivityStatus, Channel, Employer, EmployerStage, Orgnr};

use super::*;
use crate::pipeline::release::{Round, run};

fn id(x: &str) -> ExtId {
    ExtId::parse(x).unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn post(app: &Router, cookie: &str, csrf: &str, path: &str, pairs: &[(&str, &str)]) -> Reply {
    let mut all = vec![("csrf", csrf)];
    all.extend_from_slice(pairs);
    send(app, post_form(path, Some(cookie), &body(&all))).await
}

fn activity(aid: &str, user: &str, employer: &str, at: i64, status: ActivityStatus) -> Activity {
    Activity {
        id: id(aid),
        user: id(user),
        kind: ActivityKind::EmployerMeeting,
        start: DateTime::from_timestamp(at, 0).unwrap(),
        minutes: 30,
        status,
        channel: Some(Channel::Phone),
        out_of_office: None,
        travel_to: None,
        travel_from: None,
        course: None,
        employer: Some(id(employer)),
        employer_contact: None,
        decision_maker: None,
        subcategory: None,
        place: None,
        note: None,
    }
}

/// Kari Nordmann (u-js2) in the same team; Ola Fjern (u-js3) in another office, holding e2;
/// e3 free, met by the job specialist 10 days ago with a meeting planned tomorrow; e4 nobody's.
async fn office(s: &Scratch) {
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_offices(&[Office { id: id("4601"), name: "NAV Bergenhus".into() }]).await.unwrap();
    tx.upsert_teams(&[Team { id: id("t2"), office: id("4601"), name: "Bergen".into(), method: Method::Ips }])
        .await
        .unwrap();
    for (uid, name, team) in [("u-js2", "Kari Nordmann", "t1"), ("u-js3", "Ola Fjern", "t2")] {
        tx.upsert_users(&[User {
            id: id(uid),
            name: name.into(),
            roles: vec![Role::JobSpecialist],
            team: Some(id(team)),
            fte: Fte::FULL,
            username: Some(uid.into()),
        }])
        .await
        .unwrap();
    }
    let employer = |eid: &str, orgnr: &str, name: &str, stage: Option<EmployerStage>, holder: Option<&str>| Employer {
        id: id(eid),
        orgnr: Orgnr::parse(orgnr).unwrap(),
        name: name.into(),
        municipality: Some("0301".into()).filter(|_| eid == "e3"),
        industry: Some("Handel".into()).filter(|_| eid == "e3"),
        stage,
        holder: holder.map(id),
    };
    tx.upsert_employers(&[
        employer("e2", "974760673", "Fjernt Verksted AS", Some(EmployerStage::Acquainted), Some("u-js3")),
        employer("e3", "923609016", "Kafé Sør AS", Some(EmployerStage::NeedsMapped), None),
        employer("e4", "889640782", "Uberørt AS", None, None),
    ])
    .await
    .unwrap();
    tx.upsert_activities(&[
        activity("a-e3-done", "u-jobbspesialist", "e3", NOW - 10 * 86_400, ActivityStatus::Done),
        activity("a-e3-next", "u-jobbspesialist", "e3", NOW + 86_400, ActivityStatus::Planned),
        activity("a-e2", "u-js3", "e2", NOW - 86_400, ActivityStatus::Done),
    ])
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// The employer names a board page shows, in the order shown.
fn shown(body: &str) -> Vec<&'static str> {
    ["Bakeriet AS", "Fjernt Verksted AS", "Kafé Sør AS", "Uberørt AS"]
        .into_iter()
        .filter(|n| body.contains(&format!(">{n}<")))
        .collect()
}

#[tokio::test]
async fn the_board_shows_the_office_employers_by_stage_for_the_case_roles() {
    for s in jobbvei_store::testing::both("pipeline_board").await {
        seed(&s).await;
        office(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let l = &s.label;
        let (js, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let r = send(&app, get("/arbeidsgivere/tavle", Some(&js))).await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        // Bakeriet (held here) and Kafé Sør (met from here); not another office's or nobody's.
        assert_eq!(shown(&r.body), ["Bakeriet AS", "Kafé Sør AS"], "{l}");
        assert!(r.body.contains("NAV Sagene"), "{l}");
        assert!(r.body.contains("Bruker jobbspesialist (deg)"), "{l}");
        assert!(r.body.contains("<dt>Siste kontakt</dt><dd>09.11.2024</dd>"), "{l}: {}", r.body);
        assert!(r.body.contains("<dt>Neste kontakt</dt><dd>20.11.2024 kl. 08.06</dd>"), "{l}");
        assert!(r.body.contains("<dt>Deltakere der nå</dt><dd>1</dd>"), "{l}: the participant at Bakeriet");
        assert!(r.body.contains("<dt>Siste kontakt</dt><dd>Aldri</dd>"), "{l}");
        assert!(r.body.contains("id=\"col-behov_kartlagt\"") && r.body.contains("id=\"col-ikke_satt\""), "{l}");
        assert!(r.body.contains("aria-label=\"Ta relasjonen til Kafé Sør AS\""), "{l}");
        assert!(r.body.contains("aria-label=\"Slipp relasjonen til Bakeriet AS\""), "{l}");
        let audit = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
        assert!(audit.iter().any(|e| e.record_type.as_deref() == Some("employer_board")), "{l}: audited");

        let list = send(&app, get("/arbeidsgivere/tavle?visning=liste", Some(&js))).await;
        assert_eq!(list.status, StatusCode::OK, "{l}");
        assert!(list.body.contains("class=\"aksel-table aksel-table--small employer-board-list\""), "{l}");
        assert_eq!(shown(&list.body), ["Bakeriet AS", "Kafé Sør AS"], "{l}");
        assert!(list.body.contains("0301 Oslo"), "{l}: the municipality by name");

        let (lead, _) = signed_in(&s, &clock, "u-metodeveileder").await;
        let r = send(&app, get("/arbeidsgivere/tavle", Some(&lead))).await;
        assert_eq!((r.status, shown(&r.body)), (StatusCode::OK, vec!["Bakeriet AS", "Kafé Sør AS"]), "{l}");
        let (far, _) = signed_in(&s, &clock, "u-js3").await;
        let r = send(&app, get("/arbeidsgivere/tavle", Some(&far))).await;
        assert_eq!(shown(&r.body), ["Fjernt Verksted AS"], "{l}: the other office sees its own");
        for role in ["u-veileder", "u-leder", "u-analytiker"] {
            let (c, _) = signed_in(&s, &clock, role).await;
            assert_eq!(
                send(&app, get("/arbeidsgivere/tavle", Some(&c))).await.status,
                StatusCode::FORBIDDEN,
                "{l} {role}"
            );
        }
        let page = send(&app, get("/arbeidsgivere", Some(&js))).await;
        assert!(page.body.contains("href=\"/arbeidsgivere/tavle\""), "{l}: linked from the employers list");
        s.remove().await;
    }
}

#[tokio::test]
async fn the_board_filters_and_names_bad_values() {
    for s in jobbvei_store::testing::both("pipeline_filters").await {
        seed(&s).await;
        office(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let l = &s.label;
        let (js, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        for (query, expected) in [
            ("holder=ingen", vec!["Kafé Sør AS"]),
            ("holder=u-jobbspesialist", vec!["Bakeriet AS"]),
            ("bransje=handel", vec!["Kafé Sør AS"]),
            ("kommune=0301", vec!["Kafé Sør AS"]),
            ("trinn=behov_kartlagt", vec!["Kafé Sør AS"]),
            ("trinn=ikke_satt", vec!["Bakeriet AS"]),
            ("trinn=ansatt", vec![]),
            ("ingen_kontakt=10", vec!["Bakeriet AS", "Kafé Sør AS"]),
            ("ingen_kontakt=11", vec!["Bakeriet AS"]),
            ("visning=liste&holder=ingen&trinn=behov_kartlagt", vec!["Kafé Sør AS"]),
        ] {
            let r = send(&app, get(&format!("/arbeidsgivere/tavle?{query}"), Some(&js))).await;
            assert_eq!(r.status, StatusCode::OK, "{l} {query}");
            assert_eq!(shown(&r.body), expected, "{l} {query}");
        }
        for (query, message) in [
            ("kommune=abcd", "Kommunen må være et kommunenummer med fire sifre"),
            ("ingen_kontakt=0", "Skriv antall dager uten kontakt som et helt tall fra 1 til 3650."),
            ("ingen_kontakt=mange", "Skriv antall dager uten kontakt"),
            ("visning=kart", "Visningen må være «tavle» eller «liste»."),
            ("trinn=gift", "Velg et trinn fra listen."),
            ("holder=u-js3", "Velg en relasjonsholder fra listen."),
        ] {
            let r = send(&app, get(&format!("/arbeidsgivere/tavle?{query}"), Some(&js))).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l} {query}");
            assert!(r.body.contains(message), "{l} {query}: {}", r.body);
            assert!(shown(&r.body).is_empty(), "{l} {query}: no employers with a bad filter");
        }
        s.remove().await;
    }
}

#[tokio::test]
async fn a_job_specialist_claims_and_releases_from_the_board() {
    for s in jobbvei_store::testing::both("pipeline_claim").await {
        seed(&s).await;
        office(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let l = &s.label;
        let (kari, csrf) = signed_in(&s, &clock, "u-js2").await;
        let path = "/arbeidsgiver/e3/relasjonsholder";
        let r = post(&app, &kari, &csrf, path, &[("do", "ta"), ("tilbake", "tavle")]).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/arbeidsgivere/tavle#e-e3"), "{l}: {}", r.body);
        assert_eq!(s.db.employer("e3").await.unwrap().unwrap().holder, Some(id("u-js2")), "{l}");
        let held = s.db.held_employers(day("2024-11-19")).await.unwrap();
        let e3 = held.iter().find(|h| h.id == "e3").unwrap();
        assert_eq!(e3.held_since, Some(day("2024-11-19")), "{l}: the release counts from the claim");
        let board = send(&app, get("/arbeidsgivere/tavle", Some(&kari))).await;
        assert!(board.body.contains("aria-label=\"Slipp relasjonen til Kafé Sør AS\""), "{l}");
        assert!(
            !board.body.contains("relasjonen til Bakeriet AS\""),
            "{l}: a colleague's is neither taken nor released"
        );
        // A colleague's relationship is not taken, and a form without its token changes nothing.
        let r =
            post(&app, &kari, &csrf, "/arbeidsgiver/e1/relasjonsholder", &[("do", "ta"), ("tilbake", "tavle")]).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{l}");
        assert!(r.body.contains("Bruker jobbspesialist holder relasjonen allerede."), "{l}");
        let r = send(&app, post_form(path, Some(&kari), &body(&[("do", "slipp"), ("tilbake", "tavle")]))).await;
        assert_ne!(r.status, StatusCode::SEE_OTHER, "{l}: no CSRF token");
        assert_eq!(s.db.employer("e3").await.unwrap().unwrap().holder, Some(id("u-js2")), "{l}");
        let r = post(&app, &kari, &csrf, path, &[("do", "slipp"), ("tilbake", "tavle")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        assert_eq!(s.db.employer("e3").await.unwrap().unwrap().holder, None, "{l}");
        assert!(s.db.held_employers(day("2024-11-19")).await.unwrap().iter().all(|h| h.id != "e3"), "{l}");
        let audit = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
        let moves = audit
            .iter()
            .filter(|e| e.record_id.as_deref() == Some("e3") && e.fields == ["holder"] && e.outcome == "ok")
            .count();
        assert_eq!(moves, 2, "{l}: claim and release audited");
        s.remove().await;
    }
}

/// The quick log's form for an employer meeting, done an hour ago, by phone.
fn meeting(employer: &str, extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, String)> {
    let mut f: Vec<(&'static str, String)> = vec![
        ("kind", "arbeidsgivermote".into()),
        ("employer", employer.into()),
        ("date", "2024-11-19".into()),
        ("time", "07:00".into()),
        ("minutes", "30".into()),
        ("travel_to", "0".into()),
        ("travel_from", "0".into()),
        ("channel", "telefon".into()),
        ("status", "gjennomfort".into()),
    ];
    f.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    f
}

async fn log(app: &Router, cookie: &str, csrf: &str, form: &[(&'static str, String)]) -> Reply {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    post(app, cookie, csrf, "/logg", &pairs).await
}

#[tokio::test]
async fn a_colleague_logging_a_meeting_is_told_who_holds_the_employer() {
    for s in jobbvei_store::testing::both("pipeline_colleague").await {
        seed(&s).await;
        office(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let l = &s.label;
        let (kari, csrf) = signed_in(&s, &clock, "u-js2").await;
        let r = log(&app, &kari, &csrf, &meeting("Bakeriet AS", &[])).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        assert!(r.location().contains("&holdt=e1#holdes-av"), "{l}: {}", r.location());
        let page = send(&app, get(r.location(), Some(&kari))).await;
        assert!(
            page.body.contains(
                "Bruker jobbspesialist holder relasjonen til Bakeriet AS. Bruker jobbspesialist har fått beskjed om \
                 aktiviteten din."
            ),
            "{l}: {}",
            page.body
        );
        let notices = s.db.notifications("u-jobbspesialist").await.unwrap();
        let told: Vec<_> = notices.iter().filter(|n| n.kind == "arbeidsgiver_kontakt").collect();
        assert_eq!(told.len(), 1, "{l}");
        assert_eq!(
            told[0].text,
            "Kari Nordmann logget arbeidsgivermøte med Bakeriet AS 19.11.2024 kl. 07.00. Du holder relasjonen til \
             arbeidsgiveren.",
            "{l}"
        );
        assert_eq!(told[0].link.as_deref(), Some("/arbeidsgiver/e1"), "{l}");

        // The holder logging their own meeting, or anyone a free employer's, tells nobody.
        let (js, js_csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let r = log(&app, &js, &js_csrf, &meeting("Bakeriet AS", &[])).await;
        assert!(!r.location().contains("holdt="), "{l}");
        let r = log(&app, &kari, &csrf, &meeting("Kafé Sør AS", &[])).await;
        assert!(!r.location().contains("holdt="), "{l}");
        let after = s.db.notifications("u-jobbspesialist").await.unwrap();
        assert_eq!(after.iter().filter(|n| n.kind == "arbeidsgiver_kontakt").count(), 1, "{l}");
        // Moving that meeting to the held employer on the edit page tells the holder once; a
        // later correction of the same activity does not tell them again.
        let mine = s.db.activities_of("u-js2", 50, 0).await.unwrap();
        let cafe = mine.iter().find(|a| a.employer.as_ref().is_some_and(|e| e.as_str() == "e3")).unwrap();
        let path = format!("/aktivitet/{}", cafe.id.as_str());
        let moved = meeting("Bakeriet AS", &[]);
        let pairs: Vec<(&str, &str)> = moved.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = post(&app, &kari, &csrf, &path, &pairs).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let told = |n: &[jobbvei_store::Notification]| n.iter().filter(|n| n.kind == "arbeidsgiver_kontakt").count();
        assert_eq!(told(&s.db.notifications("u-jobbspesialist").await.unwrap()), 2, "{l}: told of the move");
        let again = meeting("Bakeriet AS", &[("note", "Rettet notat")]);
        let pairs: Vec<(&str, &str)> = again.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = post(&app, &kari, &csrf, &path, &pairs).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        assert_eq!(told(&s.db.notifications("u-jobbspesialist").await.unwrap()), 2, "{l}: not told again");
        // A stale or forged link names nobody who does not hold it.
        let page = send(&app, get("/logg?lagret=arbeidsgivermote&kl=x&holdt=e3", Some(&kari))).await;
        assert!(!page.body.contains("holder relasjonen til"), "{l}");
        s.remove().await;
    }
}

#[tokio::test]
async fn the_stage_moves_forward_when_the_data_says_so_and_never_back() {
    for s in jobbvei_store::testing::both("pipeline_stage").await {
        seed(&s).await;
        office(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let l = &s.label;
        let stage = |e: &'static str| {
            let db = s.db.clone();
            async move { db.employer(e).await.unwrap().unwrap().stage }
        };
        let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        // "Kandidat presentert" needs an employer.
        let mut no_employer = meeting("", &[("candidate_presented", "on")]);
        no_employer.retain(|(k, _)| *k != "employer");
        let r = log(&app, &js, &csrf, &no_employer).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("Velg arbeidsgiveren kandidaten ble presentert for."), "{l}");
        // A planned presentation moves nothing; a done one moves behov_kartlagt forward.
        let mut planned = meeting("Kafé Sør AS", &[("candidate_presented", "on")]);
        planned.retain(|(k, _)| *k != "status" && *k != "date");
        planned.extend([("status", "planlagt".to_owned()), ("date", "2024-11-25".to_owned())]);
        assert_eq!(log(&app, &js, &csrf, &planned).await.status, StatusCode::SEE_OTHER, "{l}");
        assert_eq!(stage("e3").await, Some(EmployerStage::NeedsMapped), "{l}");
        let r = log(&app, &js, &csrf, &meeting("Kafé Sør AS", &[("candidate_presented", "on")])).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        assert_eq!(stage("e3").await, Some(EmployerStage::CandidatePresented), "{l}");
        let audit = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
        assert!(
            audit.iter().any(|e| e.record_id.as_deref() == Some("e3")
                && e.fields == ["stage"]
                && e.user_id.as_deref() == Some("u-jobbspesialist")),
            "{l}: the automatic move is audited"
        );
        // By hand back to bli_kjent, then a presentation moves it forward again; set to ansatt
        // by hand, it stays there.
        let r = post(&app, &js, &csrf, "/arbeidsgiver/e3/relasjon", &[("stage", "ansatt")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        log(&app, &js, &csrf, &meeting("Kafé Sør AS", &[("candidate_presented", "on")])).await;
        assert_eq!(stage("e3").await, Some(EmployerStage::Hired), "{l}: never backwards");
        // Bakeriet has our participant in a paid job since June: any contact logged there
        // moves it to ansatt.
        assert_eq!(stage("e1").await, None, "{l}");
        log(&app, &js, &csrf, &meeting("Bakeriet AS", &[])).await;
        assert_eq!(stage("e1").await, Some(EmployerStage::Hired), "{l}");
        s.remove().await;
    }
}

#[tokio::test]
async fn the_round_releases_at_exactly_n_days_and_tells_the_holder_14_days_before() {
    for s in jobbvei_store::testing::both("pipeline_release").await {
        seed(&s).await;
        office(&s).await;
        let l = &s.label;
        // The holder of e1 last met it on 1 August and took it on 1 July: released on
        // 30 October (90 days after 1 August), told from 16 October. A colleague's contact
        // on 20 October does not keep it for the holder.
        let mut tx = s.db.begin().await.unwrap();
        let aug = DateTime::parse_from_rfc3339("2024-08-01T10:00:00+02:00").unwrap().timestamp();
        let oct = DateTime::parse_from_rfc3339("2024-10-20T10:00:00+02:00").unwrap().timestamp();
        tx.upsert_activities(&[
            activity("a-aug", "u-jobbspesialist", "e1", aug, ActivityStatus::Done),
            activity("a-oct", "u-js2", "e1", oct, ActivityStatus::Done),
        ])
        .await
        .unwrap();
        tx.set_hold("e1", Some("u-jobbspesialist"), day("2024-07-01")).await.unwrap();
        tx.commit().await.unwrap();
        let round = |as_of: &str, dry_run: bool| Round {
            as_of: day(as_of),
            now: DateTime::from_timestamp(NOW, 0).unwrap(),
            days: 90,
            dry_run,
            actor: "test:round".into(),
        };
        let holder = || {
            let db = s.db.clone();
            async move { db.employer("e1").await.unwrap().unwrap().holder }
        };
        let kinds = || {
            let db = s.db.clone();
            async move {
                db.notifications("u-jobbspesialist").await.unwrap().into_iter().map(|n| n.kind).collect::<Vec<_>>()
            }
        };

        let o = run(&s.db, &round("2024-10-15", false)).await.unwrap();
        assert!(o.noticed.is_empty() && o.released.is_empty(), "{l}: day N-15");
        // The paid job at Bakeriet moves its stage on the first round, and only then.
        assert_eq!(o.stages, [("e1".to_owned(), EmployerStage::Hired)], "{l}");
        let o = run(&s.db, &round("2024-10-16", false)).await.unwrap();
        assert_eq!(o.noticed.len(), 1, "{l}: day N-14");
        assert_eq!((o.noticed[0].since, o.noticed[0].release_on), (day("2024-08-01"), day("2024-10-30")), "{l}");
        assert!(run(&s.db, &round("2024-10-17", false)).await.unwrap().noticed.is_empty(), "{l}: told once");
        assert_eq!(kinds().await, ["arbeidsgiver_slippes"], "{l}");
        let told = &s.db.notifications("u-jobbspesialist").await.unwrap()[0];
        assert!(told.text.contains("Bakeriet AS blir ledig for andre 30.10.2024"), "{l}: {}", told.text);

        let o = run(&s.db, &round("2024-10-29", false)).await.unwrap();
        assert!(o.released.is_empty(), "{l}: day N-1 keeps it");
        assert_eq!(holder().await, Some(id("u-jobbspesialist")), "{l}");
        let o = run(&s.db, &round("2024-10-30", true)).await.unwrap();
        assert_eq!(o.released.len(), 1, "{l}: a dry run says it would");
        assert_eq!(holder().await, Some(id("u-jobbspesialist")), "{l}: and changes nothing");
        let o = run(&s.db, &round("2024-10-30", false)).await.unwrap();
        assert_eq!(o.released.len(), 1, "{l}: day N");
        assert_eq!(holder().await, None, "{l}");
        assert_eq!(kinds().await, ["arbeidsgiver_sluppet", "arbeidsgiver_slippes"], "{l}");
        assert!(o.stages.is_empty(), "{l}");
        let audit = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
        let by_round: Vec<_> = audit.iter().filter(|e| e.username.as_deref() == Some("test:round")).collect();
        assert_eq!(by_round.len(), 2, "{l}: the stage move and the release");
        assert!(by_round.iter().all(|e| e.record_id.as_deref() == Some("e1") && e.user_id.is_none()), "{l}");
        assert!(run(&s.db, &round("2024-10-31", false)).await.unwrap().released.is_empty(), "{l}");

        // A relationship with neither contact nor claim date starts its clock on the round.
        let mut tx = s.db.begin().await.unwrap();
        assert!(tx.move_employer_holder("e4", None, Some("u-js2")).await.unwrap());
        tx.commit().await.unwrap();
        let o = run(&s.db, &round("2024-11-01", false)).await.unwrap();
        assert_eq!(o.clocks_started, ["e4"], "{l}");
        let held = s.db.held_employers(day("2024-11-01")).await.unwrap();
        assert_eq!(held.iter().find(|h| h.id == "e4").unwrap().held_since, Some(day("2024-11-01")), "{l}");
        assert!(run(&s.db, &round("2025-01-29", false)).await.unwrap().released.is_empty(), "{l}");
        assert_eq!(run(&s.db, &round("2025-01-30", false)).await.unwrap().released.len(), 1, "{l}");
        s.remove().await;
    }
}
