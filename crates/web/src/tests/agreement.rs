//! The collaboration with the veileder (issue 11 parts 3, 4 and 6) on both engines: the
//! three-party meeting and its cooperation agreement, the printable agreement, the interval
//! reports, and the veileder's list and pages without health details. The notices are in
//! `agreement_notices`.

use super::*;

mod notices;

pub(super) async fn post(app: &Router, who: &(String, String), path: &str, pairs: &[(&str, &str)]) -> Reply {
    let mut all = vec![("csrf", who.1.as_str())];
    all.extend_from_slice(pairs);
    send(app, post_form(path, Some(&who.0), &body(&all))).await
}

/// (kind, link, text) of a user's notices, newest first.
pub(super) async fn notices_of(s: &Scratch, user: &str) -> Vec<(String, Option<String>, String)> {
    s.db.notifications(user).await.unwrap().into_iter().map(|n| (n.kind, n.link, n.text)).collect()
}

/// A second veileder and job specialist in team t1, and a job specialist in another team.
pub(super) async fn more_people(s: &Scratch) {
    let id = |x: &str| ExtId::parse(x).unwrap();
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_teams(&[Team { id: id("t2"), office: id("0314"), name: "Team 2".into(), method: Method::Se }])
        .await
        .unwrap();
    for (user, name, role, team) in [
        ("u-veileder2", "Veileder To", Role::Veileder, "t1"),
        ("u-js2", "Jobbspesialist To", Role::JobSpecialist, "t1"),
        ("u-other", "Annen Jobbspesialist", Role::JobSpecialist, "t2"),
    ] {
        let u = User {
            id: id(user),
            name: name.into(),
            roles: vec![role],
            team: Some(id(team)),
            fte: Fte::FULL,
            username: Some(user.into()),
        };
        tx.upsert_users(&[u]).await.unwrap();
    }
    tx.commit().await.unwrap();
}

/// The agreement as recorded at a meeting on 18.11.2024.
const HELD: &[(&str, &str)] = &[
    ("meeting_date", "2024-11-18"),
    ("took_part.deltaker", "on"),
    ("took_part.jobbspesialist", "on"),
    ("took_part.veileder", "on"),
    ("consent_employers", "on"),
    ("consent_contacts", "on"),
    ("contacts", "Per Hansen, behandler på DPS"),
    ("roles_js.arbeidsgivere", "on"),
    ("roles_js.orientere", "on"),
    ("roles_veileder.vedtak", "on"),
    ("roles_participant.mote", "on"),
    ("roles_participant_text", "Sier fra i god tid"),
    ("interpreter_used", "on"),
    ("interpreter_language", "somali"),
    ("reach_channel", "sms"),
    ("reach_note", "Etter klokka 10"),
    ("meta_frequency", "annenhver_uke"),
    ("meta_channel", "telefon"),
    ("meta_disagreement", "Vi tar det opp med teamlederen"),
];

#[tokio::test]
async fn the_three_party_meeting_is_planned_then_recorded_and_printed_and_bad_input_changes_nothing() {
    for s in jobbvei_store::testing::both("agreement").await {
        seed(&s).await;
        more_people(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let l = &s.label;
        let js = signed_in(&s, &clock, "u-jobbspesialist").await;
        let vei = signed_in(&s, &clock, "u-veileder").await;

        // Reachable from the course; this pair has no course together before, so the pair's
        // own agreement is offered.
        let page = send(&app, get("/deltaker/p1", Some(&js.0))).await;
        assert!(page.body.contains("href=\"/forlop/c1/samarbeidsavtale\">Registrer trepartssamtale"), "{l}");
        let form = send(&app, get("/forlop/c1/samarbeidsavtale", Some(&js.0))).await;
        assert_eq!(form.status, StatusCode::OK, "{l}");
        assert!(
            form.body.contains("name=\"took_part.deltaker\" checked") && form.body.contains("id=\"meta_frequency\"")
        );

        // Planned: a date ahead is enough, and the veileder is told.
        let r = post(&app, &js, "/forlop/c1/samarbeidsavtale", &[("meeting_date", "2024-12-02")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        assert_eq!(r.location(), "/forlop/c1/samarbeidsavtale/utskrift");
        let planned = (
            "trepartssamtale_planlagt".to_owned(),
            Some("/forlop/c1/samarbeidsavtale/utskrift".to_owned()),
            "Trepartssamtale med Amina Yusuf er planlagt 02.12.2024.".to_owned(),
        );
        assert_eq!(notices_of(&s, "u-veileder").await, vec![planned.clone()], "{l}");
        assert!(notices_of(&s, "u-jobbspesialist").await.is_empty(), "{l}: not told of one's own step");
        let print = send(&app, get("/forlop/c1/samarbeidsavtale/utskrift", Some(&vei.0))).await;
        assert!(print.body.contains("Vi skal ha en samtale sammen 02.12.2024"), "{l}");

        // Held, but without the participant or a role split; an interpreter without a
        // language; contacts without consent: each at its field, nothing stored.
        let bad = [
            ("meeting_date", "2024-11-18"),
            ("took_part.jobbspesialist", "on"),
            ("interpreter_used", "on"),
            ("contacts", "Per Hansen"),
        ];
        let r = post(&app, &js, "/forlop/c1/samarbeidsavtale", &bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        for (field, text) in [
            ("took_part", "En trepartssamtale har deltakeren med."),
            ("roles_js", "Kryss av eller skriv hva jobbspesialisten gjør."),
            ("roles_participant", "Kryss av eller skriv hva deltakeren gjør."),
            ("interpreter_language", "Skriv hvilket språk tolken brukte."),
            ("consent_contacts", "Kryss av for samtykket"),
        ] {
            assert!(r.body.contains(&format!("id=\"{field}-error\">{text}")), "{l}: {field}");
        }
        assert!(r.body.contains("name=\"took_part.jobbspesialist\" checked"), "{l}: what was typed stays");
        let r = post(&app, &js, "/forlop/c1/samarbeidsavtale", &[("meeting_date", "2023-12-01")]).await;
        assert!(r.body.contains("Samtalen kan ikke være før forløpet startet (01.01.2024)."), "{l}");
        let stored = s.db.course_agreements("c1").await.unwrap();
        assert_eq!((stored.len(), stored[0].meeting_date.to_string()), (1, "2024-12-02".to_owned()), "{l}");

        // Recorded: the same agreement, now held; the veileder is told it is registered.
        let r = post(&app, &js, "/forlop/c1/samarbeidsavtale", HELD).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let stored = s.db.course_agreements("c1").await.unwrap();
        assert_eq!(stored.len(), 1, "{l}: one agreement per pair");
        let a = &stored[0];
        assert_eq!((a.veileder_id.as_deref(), a.meta_offered), (Some("u-veileder"), true), "{l}");
        assert_eq!(a.job_specialist.codes, ["arbeidsgivere", "orientere"]);
        assert_eq!(a.meta.frequency.as_deref(), Some("annenhver_uke"));
        let recorded = (
            "samarbeidsavtale".to_owned(),
            Some("/forlop/c1/samarbeidsavtale/utskrift".to_owned()),
            "Samarbeidsavtalen med Amina Yusuf fra trepartssamtalen 18.11.2024 er registrert.".to_owned(),
        );
        assert_eq!(notices_of(&s, "u-veileder").await, vec![recorded, planned], "{l}");

        // Printed in plain words; the veileder sees that there is consent, not who.
        let print = send(&app, get("/forlop/c1/samarbeidsavtale/utskrift", Some(&js.0))).await;
        for text in [
            "Vi møttes 18.11.2024. Til stede: du, Bruker jobbspesialist (jobbspesialist), Bruker veileder (veileder i NAV).",
            "Jobbspesialisten kan kontakte arbeidsgivere for deg.",
            "Vi kan snakke med Per Hansen, behandler på DPS.",
            "Finner og kontakter arbeidsgivere",
            "Sier fra i god tid",
            "Vi brukte tolk på somali.",
            "SMS. Etter klokka 10.",
            "Annenhver uke",
            "href=\"/forlop/c1/samarbeidsavtale\">Endre avtalen",
        ] {
            assert!(print.body.contains(text), "{l}: {text}");
        }
        let print = send(&app, get("/forlop/c1/samarbeidsavtale/utskrift", Some(&vei.0))).await;
        assert_eq!(print.status, StatusCode::OK, "{l}");
        assert!(print.body.contains("navnene står i utskriften til deg") && !print.body.contains("Per Hansen"), "{l}");
        assert!(!print.body.contains("Endre avtalen"), "{l}: the veileder reads");
        assert!(send(&app, get("/deltaker/p1", Some(&js.0))).await.body.contains("Trepartssamtale 18.11.2024</a>"));

        // Another team's job specialist reaches neither the form nor the print.
        let other = signed_in(&s, &clock, "u-other").await;
        assert_eq!(
            send(&app, get("/forlop/c1/samarbeidsavtale/utskrift", Some(&other.0))).await.status,
            StatusCode::FORBIDDEN
        );
        let r = post(&app, &other, "/forlop/c1/samarbeidsavtale", HELD).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{l}");

        // A second course of the same pair: they have worked together, nothing more offered.
        let mut tx = s.db.begin().await.unwrap();
        let mut p2 = s.db.participant_record("p1", 0).await.unwrap().unwrap().participant;
        (p2.id, p2.name, p2.fnr) =
            (ExtId::parse("p2").unwrap(), "Ola Berg".into(), jobbvei_domain::Fnr::parse("01019010046").unwrap());
        let mut c2 = s.db.course("c1").await.unwrap().unwrap();
        (c2.id, c2.participant) = (ExtId::parse("c2").unwrap(), p2.id.clone());
        tx.upsert_participants(&[p2]).await.unwrap();
        tx.upsert_courses(&[c2]).await.unwrap();
        tx.commit().await.unwrap();
        let form = send(&app, get("/forlop/c2/samarbeidsavtale", Some(&js.0))).await;
        assert!(form.status == StatusCode::OK && !form.body.contains("id=\"meta_frequency\""), "{l}");

        // An ended course takes no agreement: the message, and nothing changes.
        let end = [
            ("end", "2024-11-19"),
            ("end_cause", "arbeid"),
            ("follow_up_by", "veileder"),
            ("agreed", "Veileder følger opp"),
        ];
        assert_eq!(post(&app, &js, "/deltaker/p1/avslutt", &end).await.status, StatusCode::SEE_OTHER, "{l}");
        let form = send(&app, get("/forlop/c1/samarbeidsavtale", Some(&js.0))).await;
        assert!(form.body.contains("Forløpet er avsluttet. En teamleder må gjenåpne det"), "{l}");
        let mut changed = HELD.to_vec();
        changed[0] = ("meeting_date", "2024-11-19");
        let r = post(&app, &js, "/forlop/c1/samarbeidsavtale", &changed).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("id=\"meeting_date-error\">Forløpet er avsluttet."), "{l}");
        assert_eq!(s.db.course_agreements("c1").await.unwrap(), stored, "{l}: nothing changed");

        // Audited by field name, never by value.
        let filter = jobbvei_store::AuditFilter { participant: Some("p1".into()), ..Default::default() };
        let log = s.db.audit_entries(&filter).await.unwrap();
        assert!(log.iter().any(|e| e.fields.contains(&"cooperation_agreement".to_owned())), "{l}");
        assert!(log.iter().any(|e| e.fields.contains(&"agreement.roles".to_owned())), "{l}");
        assert!(!format!("{log:?}").contains("Hansen"), "{l}");
        s.remove().await;
    }
}

#[tokio::test]
async fn an_interval_report_is_drafted_from_the_data_written_shared_and_printed() {
    for s in jobbvei_store::testing::both("interval").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let l = &s.label;
        let js = signed_in(&s, &clock, "u-jobbspesialist").await;
        let vei = signed_in(&s, &clock, "u-veileder").await;
        // An employer meeting for the participant in the third period (July–September).
        let mut tx = s.db.begin().await.unwrap();
        let mut a = s.db.activity("a1").await.unwrap().unwrap();
        a.id = ExtId::parse("a2").unwrap();
        a.kind = jobbvei_domain::ActivityKind::EmployerMeeting;
        a.start = "2024-08-12T08:00:00Z".parse().unwrap();
        a.employer = Some(ExtId::parse("e1").unwrap());
        a.subcategory = Some(jobbvei_domain::Subcategory::JobSupport);
        tx.upsert_activities(&[a]).await.unwrap();
        tx.commit().await.unwrap();

        // The latest complete period by default; every period listed.
        let r = send(&app, get("/forlop/c1/intervallrapport", Some(&js.0))).await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        assert!(
            r.body.contains("Intervallrapport 3: Amina Yusuf") && r.body.contains("01.07.2024 – 30.09.2024"),
            "{l}"
        );
        assert!(r.body.contains("4. 01.10.2024 – 31.12.2024</a> · pågår"), "{l}");
        for text in [
            "12.08.2024</td><td>Bakeriet AS</td><td>Arbeidsgivermøte, Jobbstøtte",
            "Bakerassistent",
            "Utkast laget fra",
        ] {
            assert!(r.body.contains(text), "{l}: {text}");
        }
        assert!(r.body.contains("og 1 kontakt med arbeidsgivere for deg"), "{l}");
        // The veileder waits for it to be shared.
        let r = send(&app, get("/forlop/c1/intervallrapport?nr=3", Some(&vei.0))).await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        assert!(r.body.contains("har ikke delt denne rapporten") && !r.body.contains("Bakeriet"), "{l}");
        assert_eq!(
            send(&app, get("/forlop/c1/intervallrapport?nr=9", Some(&js.0))).await.status,
            StatusCode::NOT_FOUND
        );

        // Written and shared; without a summary it is refused.
        let form = send(&app, get("/forlop/c1/intervallrapport/endre?nr=3", Some(&js.0))).await;
        assert!(form.body.contains("name=\"nr\" value=\"3\"") && form.body.contains("name=\"share\" checked"), "{l}");
        let r = post(&app, &js, "/forlop/c1/intervallrapport/endre", &[("nr", "3"), ("summary", ""), ("share", "on")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(r.body.contains("id=\"summary-error\">Skriv hva som har skjedd i perioden."));
        assert!(s.db.interval_notes("c1").await.unwrap().is_empty(), "{l}");
        let words = [
            ("nr", "3"),
            ("summary", "Amina har vært på jobbstøtte."),
            ("next_steps", "Øke til 60 %."),
            ("share", "on"),
        ];
        let r = post(&app, &js, "/forlop/c1/intervallrapport/endre", &words).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/forlop/c1/intervallrapport?nr=3"), "{l}");
        let told = (
            "intervallrapport_delt".to_owned(),
            Some("/forlop/c1/intervallrapport?nr=3".to_owned()),
            "Intervallrapport 3 for Amina Yusuf (01.07.2024 – 30.09.2024) er delt med deg.".to_owned(),
        );
        assert_eq!(notices_of(&s, "u-veileder").await, vec![told], "{l}");
        let r = send(&app, get("/forlop/c1/intervallrapport?nr=3", Some(&vei.0))).await;
        assert!(r.body.contains("Amina har vært på jobbstøtte.") && r.body.contains("Øke til 60 %."), "{l}");
        assert!(r.body.contains("Delt med veilederen 19.11.2024") && r.body.contains("Bakeriet AS"), "{l}");
        assert!(!r.body.contains("Skriv og del"), "{l}: the veileder reads");

        // Without a veileder there is no one to share with.
        let mut p = s.db.participant_record("p1", 0).await.unwrap().unwrap().participant;
        p.veileder = None;
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_participants(&[p]).await.unwrap();
        tx.commit().await.unwrap();
        let r = post(&app, &js, "/forlop/c1/intervallrapport/endre", &[("nr", "2"), ("summary", "x"), ("share", "on")])
            .await;
        assert!(r.body.contains("id=\"share-error\">Deltakeren har ingen veileder i NAV å dele med."), "{l}");
        assert_eq!(s.db.interval_notes("c1").await.unwrap().len(), 1, "{l}");
        s.remove().await;
    }
}

#[tokio::test]
async fn the_veileder_sees_their_list_and_the_participant_without_health_details() {
    for s in jobbvei_store::testing::both("veileder_health").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let l = &s.label;
        let js = signed_in(&s, &clock, "u-jobbspesialist").await;
        let vei = signed_in(&s, &clock, "u-veileder").await;
        // Health in every place it can be kept.
        let mut values: Vec<String> = jobbvei_domain::profile::PROFILE_FIELDS.iter().map(|_| String::new()).collect();
        for (f, v) in jobbvei_domain::profile::PROFILE_FIELDS.iter().zip(values.iter_mut()) {
            if f.special {
                *v = format!("HELSEMERKE {}", f.name);
            }
        }
        let mut tx = s.db.begin().await.unwrap();
        tx.save_profile_version("p1", clock.now(), "u-jobbspesialist", &values).await.unwrap();
        tx.set_disclosure(&jobbvei_store::Disclosure {
            participant_id: "p1".into(),
            may_tell: "HELSEMERKE kan si".into(),
            must_not_tell: "HELSEMERKE diagnose".into(),
            employer_contact_consent: true,
            network_contacts: "HELSEMERKE psykolog".into(),
            updated_at: clock.now(),
            updated_by: "u-jobbspesialist".into(),
        })
        .await
        .unwrap();
        tx.add_support_need(&jobbvei_store::SupportNeedRow {
            id: "b1".into(),
            participant_id: "p1".into(),
            level: "individ".into(),
            need: "psykisk_helse".into(),
            from: "2024-02-01".parse().unwrap(),
            to: None,
            given_by: "HELSEMERKE DPS".into(),
        })
        .await
        .unwrap();
        let mut meeting = s.db.activity("a1").await.unwrap().unwrap();
        (meeting.id, meeting.kind) = (ExtId::parse("a3").unwrap(), jobbvei_domain::ActivityKind::NetworkMeeting);
        let mut next = s.db.activity("a1").await.unwrap().unwrap();
        next.id = ExtId::parse("a4").unwrap();
        next.start = DateTime::from_timestamp(NOW + 2 * 86_400, 0).unwrap();
        next.status = jobbvei_domain::ActivityStatus::Planned;
        tx.upsert_activities(&[meeting, next]).await.unwrap();
        tx.commit().await.unwrap();
        let check = [
            ("done", "2024-11-19"),
            ("area_arbeidsoppgaver", "on"),
            ("area_helse", "on"),
            ("note", "HELSEMERKE notat"),
        ];
        assert_eq!(post(&app, &js, "/jobb/j1/kontroll", &check).await.status, StatusCode::SEE_OTHER, "{l}");
        assert_eq!(
            post(&app, &js, "/forlop/c1/passiv", &[("from", "2024-11-04"), ("reason", "helse")]).await.status,
            StatusCode::SEE_OTHER
        );
        let measure = [("kind", "kurs_opplaering"), ("job", "j1"), ("note", "Truck")];
        assert_eq!(post(&app, &js, "/deltaker/p1/tiltak", &measure).await.status, StatusCode::SEE_OTHER, "{l}");
        let m = s.db.participant_measures("p1").await.unwrap()[0].measure.id.to_string();
        assert_eq!(post(&app, &js, &format!("/tiltak/{m}/send"), &[]).await.status, StatusCode::SEE_OTHER, "{l}");

        // The job specialist sees it all; the veileder none of it, on any page.
        let page = send(&app, get("/deltaker/p1", Some(&js.0))).await;
        assert!(
            page.body.contains("Passiv: Helse eller behandling") && page.body.contains("Nettverks-/helsemøte"),
            "{l}"
        );
        assert!(page.body.contains("Arbeidsoppgaver, Helse"), "{l}");
        for path in [
            "/deltaker/p1",
            "/deltaker/p1/profil",
            "/deltaker/p1/apenhet",
            "/deltaker/p1/bistand",
            "/deltaker/p1/plan",
            "/deltaker/p1/sluttrapport",
            "/deltaker/p1/oppfolgingsplan",
            "/forlop/c1/samarbeidsavtale/utskrift",
            "/forlop/c1/intervallrapport",
            "/mine-deltakere",
        ] {
            let r = send(&app, get(path, Some(&vei.0))).await;
            assert_eq!(r.status, StatusCode::OK, "{l}: {path}");
            for health in [
                "HELSEMERKE",
                "Psykisk helse",
                "Helse eller behandling",
                "helsemøte",
                ", Helse",
                "Helse, ",
                "<li>Helse</li>",
            ] {
                assert!(!r.body.contains(health), "{l}: {path} shows {health}");
            }
        }
        let page = send(&app, get("/deltaker/p1", Some(&vei.0))).await;
        assert!(
            page.body.contains(
                "class=\"aksel-tag aksel-tag--small\" data-variant=\"moderate\" data-color=\"warning\">Passiv"
            ) && page.body.contains("Nettverksmøte"),
            "{l}"
        );
        let support = send(&app, get("/deltaker/p1/bistand", Some(&vei.0))).await;
        assert!(support.body.contains("1 behov gjelder helse og vises bare for jobbspesialisten"), "{l}");
        let plan = send(&app, get("/deltaker/p1/apenhet", Some(&vei.0))).await;
        assert!(plan.body.contains("<dd>Ja</dd>") && plan.body.contains("<dd>skjermet</dd>"), "{l}: consent shown");

        // The list: next meeting, the job, the request to decide and today's alerts.
        let list = send(&app, get("/mine-deltakere", Some(&vei.0))).await;
        let row = list.body.split("<tbody>").nth(1).unwrap().split("</tr>").next().unwrap();
        assert!(row.contains("21.11.2024 kl. 08.06 (Deltakermøte)"), "{l}: {row}");
        assert!(row.contains("Bakerassistent, Bakeriet AS (Fast)"), "{l}: {row}");
        assert!(row.contains("<a href=\"/vedtak\">1</a>"), "{l}: {row}");
        assert!(row.contains("Ingen arbeidsgiverkontakt etter 30 dager 31.01.2024"), "{l}: {row}");
        assert!(list.body.contains("1 tiltak venter på vedtak"), "{l}");
        s.remove().await;
    }
}
