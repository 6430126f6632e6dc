//! The research extract downloaded from `/effekt`: analysts alone, only when the operator
//! gave the server a key, POST with CSRF; the file is the one the store function behind
//! `jobbvei extract` makes, holds no name, national id, postal code or date, and is audited
//! as the CLI audits it.

use jobbvei_domain::evaluation::{COLUMNS, ExtractSpec, PseudonymKey};
use jobbvei_store::AuditFilter;

use super::*;

fn app_with_key(s: &Scratch, clock: Arc<TestClock>, key: &[u8]) -> Router {
    let key = Some(Arc::new(PseudonymKey::new(key.to_vec()).unwrap()));
    router(AppState {
        db: s.db.clone(),
        clock,
        oidc: None,
        guard: Default::default(),
        extract_key: key,
        suggestions: Default::default(),
        cases: Default::default(),
        timelines: Default::default(),
        days: Default::default(),
    })
}

async fn extracts(s: &Scratch) -> Vec<jobbvei_store::AuditEntry> {
    let log = s.db.audit_entries(&AuditFilter::default()).await.unwrap();
    log.into_iter().filter(|e| e.record_type.as_deref() == Some("research_extract")).collect()
}

const WINDOW: [(&str, &str); 2] = [("fra", "2024-01-01"), ("til", "2024-06-30")];

#[tokio::test]
async fn analysts_download_the_extract_audited_and_without_identities() {
    for s in jobbvei_store::testing::both("effect_extract").await {
        effect_seed(&s).await;
        let clock = TestClock::at(NOW);
        let key = [7_u8; 32];
        let app = app_with_key(&s, clock.clone(), &key);
        let l = &s.label;
        let (analyst, csrf) = signed_in(&s, &clock, "u-analytiker").await;
        let page = send(&app, get("/effekt", Some(&analyst))).await;
        assert!(
            page.body.contains("action=\"/effekt/uttrekk\"") && page.body.contains("Last ned uttrekk (CSV)"),
            "{l}"
        );

        let form = |k: &str, csrf: &str| body(&[("csrf", csrf), WINDOW[0], WINDOW[1], ("k", k)]);
        let r = send(&app, post_form("/effekt/uttrekk", Some(&analyst), &form("2", &csrf))).await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        assert_eq!(r.headers["content-type"], "text/csv; charset=utf-8");
        assert_eq!(
            r.headers["content-disposition"],
            "attachment; filename=\"jobbvei-uttrekk-2024-01-01-2024-06-30-k2.csv\""
        );
        assert_eq!(r.headers["cache-control"], "no-store");
        // The very file the CLI's store function makes under the same key.
        let spec = ExtractSpec::new("2024-01-01".parse().unwrap(), "2024-06-30".parse().unwrap(), 2).unwrap();
        let x = s.db.research_extract(&spec, &PseudonymKey::new(key.to_vec()).unwrap()).await.unwrap();
        assert_eq!(r.body, x.csv(), "{l}");
        assert!(x.rows.len() >= 10, "{l}: {} rows", x.rows.len());
        let mut lines = r.body.lines();
        assert_eq!(lines.next().unwrap(), COLUMNS.join(","));
        // No name, national id, postal code, employer or date; the pseudonym is a hash.
        let people = s.db.extract_identities(spec.from(), spec.to()).await.unwrap();
        for line in lines {
            let cells: Vec<&str> = line.split(',').collect();
            assert!(cells[0].len() == 64 && cells[0].bytes().all(|b| b.is_ascii_hexdigit()), "{l}: {line}");
            let rest = cells[1..].join(",");
            for person in people.values() {
                assert!(!line.contains(&person.national_id), "{l}: {line}");
                assert!(person.postal_code.as_ref().is_none_or(|p| !rest.contains(p.as_str())), "{l}: {line}");
            }
            for word in ["Deltaker", "Etternavn", "Amina", "Yusuf", "Bakeriet", "2024-", "01.", "/"] {
                assert!(!line.contains(word), "{l}: {word} in {line}");
            }
        }
        let audited = extracts(&s).await;
        assert_eq!(audited.len(), 1, "{l}");
        let e = &audited[0];
        assert_eq!((e.action.as_str(), e.record_id.as_deref(), e.outcome.as_str()), ("export", None, "ok"), "{l}");
        assert_eq!((e.username.as_deref(), e.role.as_deref()), (Some("u-analytiker"), Some("analytiker")), "{l}");
        assert_eq!(e.fields, x.audit_fields(), "{l}");
        assert_eq!(e.at, clock.now(), "{l}");

        // Another key gives other pseudonyms of the same people.
        let other = app_with_key(&s, clock.clone(), &[8_u8; 40]);
        let r2 = send(&other, post_form("/effekt/uttrekk", Some(&analyst), &form("2", &csrf))).await;
        let first = |b: &str| b.lines().nth(1).unwrap().split(',').next().unwrap().to_owned();
        assert_ne!(first(&r2.body), first(&r.body), "{l}");
        assert_eq!(r2.body.lines().count(), r.body.lines().count(), "{l}");

        // Bad input: the page again with the message, nothing handed out or audited.
        let before = extracts(&s).await.len();
        for (pairs, message) in [
            (body(&[("csrf", &csrf), WINDOW[0], WINDOW[1], ("k", "1")]), "Skriv k som et helt tall fra 2 til 100."),
            (body(&[("csrf", &csrf), WINDOW[0], WINDOW[1], ("k", "fem")]), "Skriv k som et helt tall fra 2 til 100."),
            (
                body(&[("csrf", &csrf), ("fra", "2024-07-01"), ("til", "2024-06-30")]),
                "Til-datoen kan ikke være før fra-datoen.",
            ),
            (body(&[("csrf", &csrf), ("fra", "31.02.2024"), ("til", "2024-06-30")]), "Skriv datoene som dd.mm.åååå"),
            (body(&[("csrf", &csrf), ("til", "2024-06-30")]), "Velg perioden for uttrekket."),
        ] {
            let r = send(&app, post_form("/effekt/uttrekk", Some(&analyst), &pairs)).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}: {pairs}");
            assert!(r.body.contains(message) && r.body.contains("id=\"uttrekk-error\""), "{l}: {pairs}");
        }
        // A form without the session's CSRF token is refused.
        let r = send(&app, post_form("/effekt/uttrekk", Some(&analyst), &form("5", "feil"))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{l}");
        assert!(!r.body.contains("pseudonym,"), "{l}");
        // Every other role is refused, the team lead and the leader included.
        for who in ["u-metodeveileder", "u-leder", "u-jobbspesialist", "u-admin"] {
            let (c, t) = signed_in(&s, &clock, who).await;
            let r = send(&app, post_form("/effekt/uttrekk", Some(&c), &form("5", &t))).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{l}: {who}");
            let page = send(&app, get("/effekt", Some(&c))).await;
            assert!(!page.body.contains("/effekt/uttrekk"), "{l}: {who}");
        }
        assert_eq!(extracts(&s).await.len(), before, "{l}");
        s.remove().await;
    }
}

#[tokio::test]
async fn without_a_key_the_page_says_so_and_offers_no_download() {
    let s = jobbvei_store::testing::sqlite("effect_nokey").await;
    effect_seed(&s).await;
    let clock = TestClock::at(NOW);
    let app = app(&s, clock.clone());
    let (analyst, csrf) = signed_in(&s, &clock, "u-analytiker").await;
    let page = send(&app, get("/effekt", Some(&analyst))).await;
    assert!(page.body.contains("Driftsansvarlig har ikke satt opp nøkkelen for forskningsuttrekket"));
    assert!(!page.body.contains("Last ned uttrekk"));
    let r =
        send(&app, post_form("/effekt/uttrekk", Some(&analyst), &body(&[("csrf", &csrf), WINDOW[0], WINDOW[1]]))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Driftsansvarlig har ikke satt opp nøkkelen") && !r.body.contains("pseudonym,"));
    assert!(extracts(&s).await.is_empty());
    s.remove().await;
}
