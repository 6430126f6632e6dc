//! The vocational profile, disclosure plan, support needs and plan through the pages: versions,
//! field errors, shielded health fields, and audit entries that name fields but never values.

use super::*;

/// Every audit entry, flattened to text, to look for values that must not be there.
async fn audit_text(s: &Scratch) -> String {
    let all = s.db.audit_entries(&jobbvei_store::AuditFilter::default()).await.unwrap();
    format!("{all:?}")
}

#[tokio::test]
async fn profile_versions_field_errors_and_shielded_health() {
    for s in jobbvei_store::testing::both("profile").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        // No profile yet: the page still answers.
        let r = send(&app, get("/deltaker/p1/profil", Some(&js))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", s.label);
        assert!(r.body.contains("Ingen yrkesprofil er lagret ennå") && r.body.contains("Ikke skriv helseopplysninger"));

        let first = body(&[
            ("csrf", &csrf),
            ("wanted_styrk", "5120, 7512"),
            ("industries", "Servering"),
            ("health_considerations", "ryggplager"),
            ("warning_signs", "trekker seg unna"),
        ]);
        let r = send(&app, post_form("/deltaker/p1/profil", Some(&js), &first)).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/deltaker/p1/profil"), "{}: {}", s.label, r.body);
        clock.advance_minutes(5);
        let second = body(&[
            ("csrf", &csrf),
            ("wanted_styrk", "5120"),
            ("industries", "Bakeri"),
            ("health_considerations", "ryggplager"),
        ]);
        let r = send(&app, post_form("/deltaker/p1/profil", Some(&js), &second)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.body);
        let versions = s.db.profile_versions("p1").await.unwrap();
        assert_eq!(versions.iter().map(|v| v.version).collect::<Vec<_>>(), vec![2, 1]);
        assert_eq!((versions[0].get("industries"), versions[1].get("industries")), ("Bakeri", "Servering"));
        assert_eq!(versions[1].get("wanted_styrk"), "5120,7512");
        let r = send(&app, get("/deltaker/p1/profil", Some(&js))).await;
        assert!(r.body.contains("Versjon 2") && r.body.contains("Bakeri") && r.body.contains("5120 Kokker"));
        assert!(r.body.contains("ryggplager") && r.body.contains("?versjon=1"));
        let r = send(&app, get("/deltaker/p1/profil?versjon=1", Some(&js))).await;
        assert!(r.body.contains("Servering"), "{}", s.label);

        // An unknown STYRK code: a message by the field, the typed text kept, nothing stored.
        let bad = body(&[("csrf", &csrf), ("wanted_styrk", "5120, 9999"), ("industries", "Lager")]);
        let r = send(&app, post_form("/deltaker/p1/profil", Some(&js), &bad)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", s.label);
        assert!(r.body.contains("«9999» er ikke en STYRK-08-kode") && r.body.contains("id=\"wanted_styrk-error\""));
        assert!(r.body.contains("value=\"5120, 9999\"") && r.body.contains(">Lager</textarea>"));
        assert_eq!(s.db.profile_versions("p1").await.unwrap().len(), 2);

        // The veileder reads the profile without the health fields and cannot change it.
        let (vl, vl_csrf) = signed_in(&s, &clock, "u-veileder").await;
        let r = send(&app, get("/deltaker/p1/profil", Some(&vl))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", s.label);
        assert!(r.body.contains("Bakeri") && r.body.contains("skjermet"));
        assert!(
            !r.body.contains("ryggplager")
                && !r.body.contains("trekker seg unna")
                && !r.body.contains("<form method=\"post\" action=\"/deltaker/p1/profil\"")
        );
        let r = send(&app, post_form("/deltaker/p1/profil", Some(&vl), &body(&[("csrf", &vl_csrf)]))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", s.label);
        assert_eq!(s.db.profile_versions("p1").await.unwrap().len(), 2);

        // A missing CSRF token changes nothing.
        let r = send(&app, post_form("/deltaker/p1/profil", Some(&js), "wanted_styrk=5120")).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", s.label);
        assert_eq!(s.db.profile_versions("p1").await.unwrap().len(), 2);

        let audit = audit_text(&s).await;
        assert!(audit.contains("update_profile") && audit.contains("health_considerations"));
        assert!(!audit.contains("ryggplager") && !audit.contains("Bakeri") && !audit.contains("Servering"));
        s.remove().await;
    }
}

#[tokio::test]
async fn disclosure_support_needs_and_plan() {
    for s in jobbvei_store::testing::both("profileplan").await {
        seed(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (js, csrf) = signed_in(&s, &clock, "u-jobbspesialist").await;
        for page in ["apenhet", "bistand", "plan"] {
            let r = send(&app, get(&format!("/deltaker/p1/{page}"), Some(&js))).await;
            assert_eq!(r.status, StatusCode::OK, "{}: {page}", s.label);
        }

        // Disclosure plan.
        let plan = body(&[("csrf", &csrf), ("may_tell", "Har hull i CV"), ("employer_contact_consent", "on")]);
        let r = send(&app, post_form("/deltaker/p1/apenhet", Some(&js), &plan)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.body);
        let d = s.db.disclosure("p1").await.unwrap().unwrap();
        assert!(d.employer_contact_consent && d.may_tell == "Har hull i CV");

        // Support need: add, then close.
        let bad = body(&[("csrf", &csrf), ("need", "flaks"), ("from_date", "2024-11-01"), ("given_by", "Kommunen")]);
        let r = send(&app, post_form("/deltaker/p1/bistand", Some(&js), &bad)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Velg et bistandsbehov") && r.body.contains("value=\"Kommunen\""));
        let need = body(&[("csrf", &csrf), ("need", "bolig"), ("from_date", "2024-11-01"), ("given_by", "Kommunen")]);
        let r = send(&app, post_form("/deltaker/p1/bistand", Some(&js), &need)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.body);
        let needs = s.db.support_needs("p1").await.unwrap();
        assert_eq!((needs.len(), needs[0].level.as_str(), needs[0].to), (1, "sosial", None));
        let r = send(&app, get("/deltaker/p1/bistand", Some(&js))).await;
        assert!(r.body.contains("Bolig") && r.body.contains("Sosialt") && r.body.contains("Avslutt i dag"));
        let close = body(&[("csrf", &csrf), ("need_id", &needs[0].id)]);
        let r = send(&app, post_form("/deltaker/p1/bistand/avslutt", Some(&js), &close)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.body);
        assert_eq!(s.db.support_needs("p1").await.unwrap()[0].to, Some(clock.today()));
        let r = send(&app, post_form("/deltaker/p1/bistand/avslutt", Some(&js), &close)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "an ended need cannot be ended again");

        // Plan: a goal, an activity under it, and a status change.
        let goal = body(&[
            ("csrf", &csrf),
            ("kind", "mal"),
            ("text", "Fast jobb i bakeri"),
            ("owner", "deltaker"),
            ("status", "planlagt"),
        ]);
        let r = send(&app, post_form("/deltaker/p1/plan", Some(&js), &goal)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.body);
        let goal_id = s.db.plan_items("p1").await.unwrap()[0].id.clone();
        let orphan = body(&[
            ("csrf", &csrf),
            ("kind", "delmal"),
            ("text", "Delmål"),
            ("owner", "deltaker"),
            ("status", "planlagt"),
        ]);
        let r = send(&app, post_form("/deltaker/p1/plan", Some(&js), &orphan)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Et delmål må høre til et mål."));
        let activity = body(&[
            ("csrf", &csrf),
            ("kind", "aktivitet"),
            ("parent", &goal_id),
            ("text", "Jobbsmak hos Bakeriet"),
            ("owner", "jobbspesialist"),
            ("deadline", "2024-12-01"),
            ("status", "planlagt"),
        ]);
        let r = send(&app, post_form("/deltaker/p1/plan", Some(&js), &activity)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.body);
        let items = s.db.plan_items("p1").await.unwrap();
        let act = items.iter().find(|i| i.kind == "aktivitet").unwrap();
        assert_eq!(act.parent_id.as_deref(), Some(goal_id.as_str()));
        let change = body(&[("csrf", &csrf), ("item_id", &act.id), ("status", "gjennomfores")]);
        let r = send(&app, post_form("/deltaker/p1/plan/status", Some(&js), &change)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", s.label, r.body);
        let r = send(&app, get("/deltaker/p1/plan", Some(&js))).await;
        assert!(
            r.body.contains("Jobbsmak hos Bakeriet")
                && r.body.contains("Gjennomføres")
                && r.body.contains("01.12.2024")
        );

        // The veileder reads but may not add.
        let (vl, vl_csrf) = signed_in(&s, &clock, "u-veileder").await;
        let r = send(&app, get("/deltaker/p1/plan", Some(&vl))).await;
        assert!(
            r.status == StatusCode::OK
                && r.body.contains("Fast jobb i bakeri")
                && !r.body.contains("Legg til i planen")
        );
        let r =
            send(&app, post_form("/deltaker/p1/plan", Some(&vl), &body(&[("csrf", &vl_csrf), ("kind", "mal")]))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        let audit = audit_text(&s).await;
        assert!(audit.contains("add_plan_item") && audit.contains("close_support_need") && audit.contains("may_tell"));
        for typed in ["Har hull i CV", "Kommunen", "Fast jobb i bakeri", "Jobbsmak hos Bakeriet"] {
            assert!(!audit.contains(typed), "{}: {typed} leaked into the audit log", s.label);
        }
        s.remove().await;
    }
}
