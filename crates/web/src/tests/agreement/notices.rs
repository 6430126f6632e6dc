//! Notices at the stop points of a course and when the pair changes (issue 11 part 5), on
//! both engines: each to the other of the pair, with a link, never with health details;
//! and waiting to be mailed like every notice.

use super::*;

fn kinds(n: &[(String, Option<String>, String)]) -> Vec<&str> {
    n.iter().map(|(k, _, _)| k.as_str()).collect()
}

#[tokio::test]
async fn each_stop_point_tells_the_other_of_the_pair_without_health_details() {
    for s in jobbvei_store::testing::both("stop_points").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let l = &s.label;
        let js = signed_in(&s, &clock, "u-jobbspesialist").await;
        let vei = signed_in(&s, &clock, "u-veileder").await;
        let lead = signed_in(&s, &clock, "u-metodeveileder").await;
        let mut tx = s.db.begin().await.unwrap();
        tx.set_user_email("u-veileder", Some("veileder@nav.no")).await.unwrap();
        tx.commit().await.unwrap();

        // A paid job starts: the veileder is told. A jobbsmak is not a job: no notice.
        let paid = [
            ("employer", "Bakeriet AS"),
            ("form", "tidsbegrenset"),
            ("title", "Lagermedarbeider"),
            ("paid", "on"),
            ("ordinary_terms", "on"),
            ("start", "2024-10-14"),
        ];
        assert_eq!(post(&app, &js, "/forlop/c1/jobb", &paid).await.status, StatusCode::SEE_OTHER, "{l}");
        let taster =
            [("employer", "Bakeriet AS"), ("form", "jobbsmak"), ("title", "Smakebit"), ("start", "2024-10-01")];
        assert_eq!(post(&app, &js, "/forlop/c1/jobb", &taster).await.status, StatusCode::SEE_OTHER, "{l}");
        let got = notices_of(&s, "u-veileder").await;
        assert_eq!(
            got,
            vec![(
                "jobb_startet".to_owned(),
                Some("/deltaker/p1#jobbkjede".to_owned()),
                "Amina Yusuf har startet i jobb: Lagermedarbeider hos Bakeriet AS (tidsbegrenset) fra 14.10.2024."
                    .to_owned()
            )],
            "{l}"
        );

        // The placement and the job end; why they ended (free text) is never told.
        let jobs = s.db.course_jobs("c1").await.unwrap();
        let id_of = |t: &str| jobs.iter().find(|j| j.title.as_deref() == Some(t)).unwrap().id.to_string();
        let end = [("end", "2024-10-10"), ("ended_by", "utlopt"), ("end_reason", "Helseplager")];
        let r = post(&app, &js, &format!("/jobb/{}/avslutt", id_of("Smakebit")), &end).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let end = [("end", "2024-11-15"), ("ended_by", "arbeidstaker"), ("end_reason", "Sykmeldt")];
        assert_eq!(
            post(&app, &js, &format!("/jobb/{}/avslutt", id_of("Lagermedarbeider")), &end).await.status,
            StatusCode::SEE_OTHER
        );
        let got = notices_of(&s, "u-veileder").await;
        assert_eq!(kinds(&got), ["jobb_avsluttet", "utplassering_avsluttet", "jobb_startet"], "{l}");
        assert_eq!(
            got[1].2,
            "Utplasseringen til Amina Yusuf er avsluttet 10.10.2024 (avtalen løp ut): Smakebit hos Bakeriet AS (jobbsmak).",
            "{l}"
        );
        assert_eq!(
            got[0].2,
            "Jobben til Amina Yusuf er avsluttet 15.11.2024 (deltakeren sa opp): Lagermedarbeider hos Bakeriet AS \
             (tidsbegrenset).",
            "{l}"
        );

        // Passive for health reasons and back: the reason is not told.
        let r = post(
            &app,
            &js,
            "/forlop/c1/passiv",
            &[("from", "2024-11-04"), ("reason", "helse"), ("planned_to", "2024-12-01")],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        assert_eq!(post(&app, &js, "/forlop/c1/passiv", &[("to", "2024-11-18")]).await.status, StatusCode::SEE_OTHER);
        let got = notices_of(&s, "u-veileder").await;
        assert_eq!(kinds(&got)[..2], ["passiv_avsluttet", "passiv_startet"], "{l}");
        assert_eq!(got[1].2, "Forløpet til Amina Yusuf er passivt fra 04.11.2024, planlagt aktiv igjen 01.12.2024.");
        assert_eq!(got[0].2, "Forløpet til Amina Yusuf er aktivt igjen etter 18.11.2024.");
        assert_eq!(got[0].1.as_deref(), Some("/deltaker/p1#forlop-c1"));

        // A measure decided: the drafter is told (issue 5's notice, still in place).
        let m = [("kind", "kurs_opplaering"), ("job", "j1"), ("note", "Truck")];
        assert_eq!(post(&app, &js, "/deltaker/p1/tiltak", &m).await.status, StatusCode::SEE_OTHER);
        let m = s.db.participant_measures("p1").await.unwrap()[0].measure.id.to_string();
        assert_eq!(post(&app, &js, &format!("/tiltak/{m}/send"), &[]).await.status, StatusCode::SEE_OTHER);
        assert_eq!(
            post(&app, &vei, &format!("/vedtak/{m}"), &[("decision", "innvilget")]).await.status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(kinds(&notices_of(&s, "u-jobbspesialist").await), ["tiltak_innvilget"], "{l}");

        // The team lead ends the course: both of the pair are told. Then reopens it: both again.
        let end = [
            ("end", "2024-11-19"),
            ("end_cause", "annet"),
            ("end_cause_detail", "Flyttet"),
            ("follow_up_by", "veileder"),
            ("agreed", "x"),
        ];
        let r = post(&app, &lead, "/deltaker/p1/avslutt", &end).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let ended = notices_of(&s, "u-jobbspesialist").await;
        assert_eq!(
            ended[0],
            (
                "forlop_avsluttet".to_owned(),
                Some("/deltaker/p1/sluttrapport".to_owned()),
                "Forløpet til Amina Yusuf ble avsluttet 19.11.2024.".to_owned()
            ),
            "{l}"
        );
        assert_eq!(notices_of(&s, "u-veileder").await[0].0, "forlop_avsluttet", "{l}");
        let r = post(&app, &lead, "/forlop/c1/gjenapne", &[("reason", "vil_ha_hjelp_igjen")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let reopened = "Forløpet til Amina Yusuf er gjenåpnet. Årsak: Deltakeren vil ha hjelp igjen kort tid etter.";
        for user in ["u-jobbspesialist", "u-veileder"] {
            let first = &notices_of(&s, user).await[0];
            assert_eq!((first.0.as_str(), first.2.as_str()), ("forlop_gjenapnet", reopened), "{l}: {user}");
        }
        assert!(notices_of(&s, "u-metodeveileder").await.is_empty(), "{l}: the one who acts is not told");

        // Nothing about health in any notice; the veileder's wait for the mail round.
        for user in ["u-jobbspesialist", "u-veileder"] {
            for (_, _, text) in notices_of(&s, user).await {
                assert!(!text.to_lowercase().contains("helse") && !text.contains("Syk"), "{l}: {text}");
            }
        }
        let pending = s.db.pending_mail().await.unwrap();
        let mine = pending.iter().find(|p| p.user_id == "u-veileder").unwrap();
        assert_eq!(mine.ids.len(), notices_of(&s, "u-veileder").await.len(), "{l}");
        s.remove().await;
    }
}

#[tokio::test]
async fn a_new_veileder_or_job_specialist_and_the_ones_they_replace_are_told() {
    for s in jobbvei_store::testing::both("pair_change").await {
        seed(&s).await;
        more_people(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let l = &s.label;
        let js = signed_in(&s, &clock, "u-jobbspesialist").await;
        let lead = signed_in(&s, &clock, "u-metodeveileder").await;
        assert_eq!(post(&app, &js, "/forlop/c1/samarbeidsavtale", HELD).await.status, StatusCode::SEE_OTHER, "{l}");

        // The team lead changes the veileder: old, new and the job specialist are told.
        let edit =
            [("name", "Amina Yusuf"), ("postal_code", "0473"), ("birth_year", "1985"), ("veileder", "Veileder To")];
        let r = post(&app, &lead, "/deltaker/p1/endre", &edit).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let old = notices_of(&s, "u-veileder").await;
        assert_eq!(
            old[0],
            (
                "veileder_byttet".to_owned(),
                None,
                "Du er ikke lenger veileder for Amina Yusuf i Jobbvei. Ny veileder: Veileder To.".to_owned()
            ),
            "{l}: no link, since the old veileder may no longer read"
        );
        let new = notices_of(&s, "u-veileder2").await;
        assert_eq!(new.len(), 1, "{l}");
        assert_eq!(new[0].1.as_deref(), Some("/forlop/c1/samarbeidsavtale/utskrift"), "{l}: the agreement");
        assert!(
            new[0]
                .2
                .starts_with("Du er nå veileder for Amina Yusuf, som følges av jobbspesialist Bruker jobbspesialist.")
        );
        let to_js = notices_of(&s, "u-jobbspesialist").await;
        assert_eq!(to_js[0].2, "Veilederen for Amina Yusuf er byttet fra Bruker veileder til Veileder To.", "{l}");
        // The new veileder reads the agreement, which says it was made by the pair before.
        let vei2 = signed_in(&s, &clock, "u-veileder2").await;
        let print = send(&app, get("/forlop/c1/samarbeidsavtale/utskrift", Some(&vei2.0))).await;
        assert_eq!(print.status, StatusCode::OK, "{l}");
        assert!(print.body.contains("Denne avtalen ble laget med Bruker jobbspesialist og Bruker veileder."), "{l}");
        let vei = signed_in(&s, &clock, "u-veileder").await;
        assert_eq!(send(&app, get("/deltaker/p1", Some(&vei.0))).await.status, StatusCode::FORBIDDEN, "{l}");

        // The team lead gives the course to another job specialist: old, new and veileder told.
        let r = post(&app, &lead, "/forlop/c1/jobbspesialist", &[("job_specialist", "u-js2")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        assert_eq!(
            notices_of(&s, "u-jobbspesialist").await[0],
            (
                "jobbspesialist_byttet".to_owned(),
                Some("/deltaker/p1".to_owned()),
                "Amina Yusuf er flyttet fra deg til Jobbspesialist To.".to_owned()
            ),
            "{l}"
        );
        let js2 = notices_of(&s, "u-js2").await;
        assert_eq!(js2[0].1.as_deref(), Some("/forlop/c1/samarbeidsavtale/utskrift"), "{l}");
        assert!(js2[0].2.starts_with("Du er nå jobbspesialist for Amina Yusuf (overtatt fra Bruker jobbspesialist)."));
        assert_eq!(
            notices_of(&s, "u-veileder2").await[0].2,
            "Amina Yusuf har fått ny jobbspesialist: Jobbspesialist To."
        );
        // A new pair: the form offers them their own agreement, pre-filled from the last one.
        let js2_session = signed_in(&s, &clock, "u-js2").await;
        let form = send(&app, get("/forlop/c1/samarbeidsavtale", Some(&js2_session.0))).await;
        assert!(form.body.contains("Den forrige avtalen") && form.body.contains("id=\"meta_frequency\""), "{l}");

        // A confidential participant is not named to the veileder who leaves.
        let mut p = s.db.participant_record("p1", 0).await.unwrap().unwrap().participant;
        p.confidential = Some(true);
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_participants(&[p]).await.unwrap();
        tx.commit().await.unwrap();
        let back = [("name", "Amina Yusuf"), ("veileder", "Bruker veileder"), ("confidential", "on")];
        let r = post(&app, &lead, "/deltaker/p1/endre", &back).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        assert_eq!(
            notices_of(&s, "u-veileder2").await[0],
            (
                "veileder_byttet".to_owned(),
                None,
                "Du er ikke lenger veileder for en fortrolig deltaker i Jobbvei. Ny veileder: Bruker veileder."
                    .to_owned()
            ),
            "{l}"
        );
        let back_to_old = &notices_of(&s, "u-veileder").await[0];
        assert_eq!((back_to_old.1.as_deref(), back_to_old.2.contains("Amina")), (None, false), "{l}");
        s.remove().await;
    }
}
