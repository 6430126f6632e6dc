//! The shared form page and the stylesheet as a user meets them: a required choice nobody has
//! made yet is shown as not made (the browser would otherwise submit the first option as if
//! chosen), and a fact list stacks on a phone.

use super::*;

/// The options of the select `name` on `page`: (value, marked selected).
fn options(page: &str, name: &str) -> Vec<(String, bool)> {
    let start = page
        .find(&format!("<select class=\"aksel-select__input aksel-body-short\" id=\"{name}\""))
        .unwrap_or_else(|| panic!("no select {name}:\n{page}"));
    let end = start + page[start..].find("</select>").unwrap();
    page[start..end]
        .split("<option")
        .skip(1)
        .map(|o| {
            let head = o.split('>').next().unwrap_or("");
            let value = head.split("value=\"").nth(1).and_then(|v| v.split('"').next()).unwrap_or("");
            (value.to_owned(), head.contains(" selected"))
        })
        .collect()
}

/// The one option marked selected, or what is wrong.
fn chosen(page: &str, name: &str) -> String {
    let marked: Vec<_> = options(page, name).into_iter().filter(|(_, s)| *s).map(|(v, _)| v).collect();
    assert_eq!(marked.len(), 1, "{name}: exactly one option marked selected, got {marked:?}");
    marked[0].clone()
}

/// Participant p2 without a course, referred by u-veileder to t1 and waiting (h1).
async fn waiting_referral(s: &Scratch) {
    let id = |x: &str| ExtId::parse(x).unwrap();
    let mut tx = s.db.begin().await.unwrap();
    tx.upsert_participants(&[jobbvei_domain::Participant {
        id: id("p2"),
        name: "Jonas Berg".into(),
        fnr: jobbvei_domain::Fnr::parse("15918511250").unwrap(),
        postal_code: None,
        birth_year: Some(1985),
        norwegian_level: None,
        interpreter: None,
        veileder: Some(id("u-veileder")),
        confidential: None,
    }])
    .await
    .unwrap();
    tx.upsert_referrals(&[jobbvei_domain::Referral {
        id: id("h1"),
        participant: id("p2"),
        veileder: id("u-veileder"),
        team: id("t1"),
        sent: "2024-11-01".parse().unwrap(),
        decision: None,
        decided: None,
        reason: None,
    }])
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn a_required_choice_without_a_value_starts_unchosen() {
    for s in jobbvei_store::testing::both("form-selects").await {
        seed(&s).await;
        waiting_referral(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (lead, lead_csrf) = signed_in(&s, &clock, "u-metodeveileder").await;
        let (vl, _) = signed_in(&s, &clock, "u-veileder").await;
        let (js, _) = signed_in(&s, &clock, "u-jobbspesialist").await;

        // Accepting: the team lead must pick the job specialist; the method has its default.
        let r = send(&app, get("/henvisning/h1/aksepter", Some(&lead))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(options(&r.body, "job_specialist")[0], (String::new(), true), "{}", r.body);
        assert_eq!(chosen(&r.body, "job_specialist"), "");
        assert_eq!(chosen(&r.body, "method"), "SE", "the team's method stays the default");
        // What the browser submits untouched is refused, and no course is made.
        let untouched =
            body(&[("csrf", &lead_csrf), ("job_specialist", ""), ("meeting", "2024-11-25"), ("method", "SE")]);
        let r = send(&app, post_form("/henvisning/h1/aksepter", Some(&lead), &untouched)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("Velg jobbspesialist."), "{}", r.body);
        assert_eq!(chosen(&r.body, "job_specialist"), "", "the refused form still shows no choice");
        assert_eq!(s.db.open_courses("p2").await.unwrap(), 0);

        // Rejecting: no reason is offered as if chosen.
        let r = send(&app, get("/henvisning/h1/avvis", Some(&lead))).await;
        assert_eq!(chosen(&r.body, "reason"), "");

        // A new referral: the team is the veileder's to choose.
        let r = send(&app, get("/henvisning/ny", Some(&vl))).await;
        assert_eq!(chosen(&r.body, "team"), "");
        assert_eq!(chosen(&r.body, "step"), "send", "a default the form sets on purpose stays");
        assert_eq!(options(&r.body, "participant")[0], (String::new(), false), "an optional choice: «Ikke valgt»");

        // Going passive: «Helse eller behandling» heads the list and must not be stored unasked.
        let r = send(&app, get("/forlop/c1/passiv", Some(&js))).await;
        assert_eq!(options(&r.body, "reason")[1].0, "helse");
        assert_eq!(chosen(&r.body, "reason"), "");
        s.remove().await;
    }
}

/// The rules of the `{ … }` block `rest` starts with, by matching braces.
fn block(rest: &str) -> &str {
    let mut depth = 0;
    for (i, ch) in rest.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' if depth == 1 => return &rest[..=i],
            '}' => depth -= 1,
            _ => {}
        }
    }
    rest
}

#[tokio::test]
async fn a_fact_list_stacks_on_a_phone() {
    for s in jobbvei_store::testing::both("facts-css").await {
        let app = app(&s, TestClock::at(NOW));
        let css = send(&app, get("/static/jobbvei.css", None)).await.body;
        let phone: String = css.split("@media (max-width: 480px)").skip(1).map(block).collect();
        let facts = phone.split(".facts {").nth(1).and_then(|r| r.split('}').next()).unwrap_or("");
        assert!(facts.contains("grid-template-columns: minmax(0, 1fr)"), "one column under 480 px: {phone}");
        s.remove().await;
    }
}

/// Aksel's CSS, the fonts, the script and the icon come from the binary, with their types and
/// a year's cache; the pages link them by a hashed URL; the CSP still allows no inline code.
#[tokio::test]
async fn aksel_css_fonts_script_and_icon_are_served_from_the_binary() {
    let s = jobbvei_store::testing::sqlite("assets").await;
    let app = app(&s, TestClock::at(NOW));
    let jobbvei_css = send(&app, get("/static/jobbvei.css", None)).await;
    let fonts: Vec<&str> = jobbvei_css.body.split("url(").skip(1).filter_map(|r| r.split(')').next()).collect();
    assert_eq!(fonts.len(), 4, "{fonts:?}");
    let mut assets: Vec<(&str, &str)> = vec![
        ("/static/aksel.css", "text/css; charset=utf-8"),
        ("/static/jobbvei.css", "text/css; charset=utf-8"),
        ("/static/jobbvei.js", "text/javascript; charset=utf-8"),
        ("/favicon.ico", "image/x-icon"),
    ];
    assets.extend(fonts.iter().map(|f| (*f, "font/woff2")));
    for (path, kind) in assets {
        let r = send(&app, get(path, None)).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.headers.get("content-type").unwrap(), kind, "{path}");
        assert_eq!(r.headers.get("cache-control").unwrap(), "public, max-age=31536000, immutable", "{path}");
        assert!(!r.body.is_empty(), "{path}");
        if kind == "font/woff2" {
            assert!(r.body.starts_with("wOF2"), "{path} is a woff2 file");
        }
    }
    let aksel = send(&app, get("/static/aksel.css", None)).await.body;
    assert!(aksel.contains(".aksel-internalheader") && aksel.contains(".aksel-error-summary"));
    assert!(!aksel.contains("url(http") && !aksel.contains("@font-face"), "nothing from cdn.nav.no");
    assert_eq!(send(&app, get("/static/fonts/other.woff2", None)).await.status, StatusCode::NOT_FOUND);
    let page = send(&app, get("/logg-inn", None)).await;
    for link in ["/static/aksel.css?v=", "/static/jobbvei.css?v=", "/static/jobbvei.js?v="] {
        assert!(page.body.contains(link), "{link}");
    }
    let csp = page.headers.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(
        csp.contains("font-src 'self'") && csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    s.remove().await;
}

/// An address or form axum cannot read (a word for a number, a field twice, bytes that are
/// not UTF-8, a body of the wrong type) gets the layout's Norwegian page, not axum's English
/// text; the API answers the same as problem+json.
#[tokio::test]
async fn requests_axum_cannot_read_are_answered_in_norwegian() {
    for s in jobbvei_store::testing::both("rejections").await {
        unreadable(&s).await;
        s.remove().await;
    }
}

async fn unreadable(s: &Scratch) {
    seed(s).await;
    let clock = TestClock::at(NOW);
    let app = app(s, clock.clone());
    let (cookie, _) = signed_in(s, &clock, "u-metodeveileder").await;
    for path in ["/deltaker/p1/profil?versjon=abc", "/resultater?fra=2024-01-01&fra=2024-02-01", "/deltaker/%FF"] {
        let r = send(&app, get(path, Some(&cookie))).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(r.headers["content-type"].to_str().unwrap().starts_with("text/html"), "{path}");
        assert!(r.body.contains("Jobbvei kunne ikke lese adressen eller skjemaet"), "{path}: {}", r.body);
        assert!(!r.body.contains("Failed") && !r.body.contains("Invalid"), "{path}: {}", r.body);
        assert!(r.body.contains("Logg ut"), "{path}: shown in the layout, signed in");
    }
    let twice = Request::post("/logg-inn")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("brukernavn=a&brukernavn=b&passord=x"))
        .unwrap();
    let r = send(&app, twice).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Jobbvei kunne ikke lese adressen eller skjemaet"), "{}", r.body);
    let r = send(&app, get("/api/v1/participants?limit=abc", Some(&cookie))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    let problem: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!((problem["status"].as_u64(), problem["title"].as_str()), (Some(400), Some("Bad Request")));
    assert!(problem["detail"].as_str().unwrap().contains("limit"), "{}", r.body);
    // A NUL character, which PostgreSQL cannot store, is refused before any look-up or write.
    let activities =
        || async { s.db.table_counts().await.unwrap().into_iter().find(|c| c.table == "activity").unwrap().rows };
    let before = activities().await;
    let (js, csrf) = signed_in(s, &clock, "u-jobbspesialist").await;
    for path in ["/arbeidsgivere?q=a%00b", "/deltaker/p%00"] {
        let r = send(&app, get(path, Some(&js))).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}: {path}", s.label);
        assert!(r.body.contains("et nulltegn"), "{}: {path}: {}", s.label, r.body);
    }
    let r = send(&app, get("/api/v1/participants/p%00", Some(&js))).await;
    assert_eq!(
        (r.status, r.headers["content-type"].to_str().unwrap()),
        (StatusCode::BAD_REQUEST, "application/problem+json")
    );
    let note = format!(
        "csrf={csrf}&kind=deltakermote&participant=p1&channel=digital&date=2024-11-19&time=07%3A00&minutes=30\
         &status=gjennomfort"
    );
    // In a form, the field says what is wrong with it; a typed employer is never looked up.
    for extra in ["&note=a%00b", "&employer=Bakeriet%00"] {
        let r = send(&app, post_form("/logg", Some(&js), &format!("{note}{extra}"))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}: {extra}: {}", s.label, r.body);
        assert!(r.body.contains("Feltet kan bare inneholde vanlig tekst."), "{}: {extra}", s.label);
    }
    let login = Request::post("/logg-inn")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("brukernavn=u-jobbspesialist%00&passord=x&csrf=x"))
        .unwrap();
    assert_ne!(send(&app, login).await.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", s.label);
    assert_eq!(activities().await, before, "{}", s.label);
}
