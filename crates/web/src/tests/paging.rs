//! Aksel's Pagination on the long lists: 25 rows a page, `?side=N`, the search and sort kept
//! in every page link, and a page that does not exist said and shown as the nearest one.

use super::*;

/// 55 employers "Firma 01" … "Firma 55" beside the seed's Bakeriet AS.
async fn fifty_five_employers(s: &Scratch) {
    let mut tx = s.db.begin().await.unwrap();
    let mut made = 0;
    let mut n = 0;
    while made < 55 {
        n += 1;
        // Not every eight digits have a mod-11 check digit: skip those.
        let Some(orgnr) = jobbvei_domain::Orgnr::from_eight(&format!("{}", 91_000_000 + n)) else { continue };
        made += 1;
        tx.upsert_employers(&[jobbvei_domain::Employer {
            id: ExtId::parse(&format!("f{made:02}")).unwrap(),
            orgnr,
            name: format!("Firma {made:02}"),
            municipality: None,
            industry: None,
            stage: None,
            holder: None,
        }])
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

/// The employer names in the list's table, in order.
fn names(body: &str) -> Vec<String> {
    let table = body.split("<tbody>").nth(1).and_then(|t| t.split("</tbody>").next()).unwrap_or("");
    table.split("\">").skip(1).filter_map(|c| c.split("</a>").next()).map(str::to_owned).collect()
}

#[tokio::test]
async fn page_two_of_fifty_five_employers_shows_rows_26_to_50_and_the_links_around_it() {
    for s in jobbvei_store::testing::both("paging").await {
        let l = &s.label;
        seed(&s).await;
        fifty_five_employers(&s).await;
        let clock = TestClock::at(NOW);
        let app = app(&s, clock.clone());
        let (cookie, _) = signed_in(&s, &clock, "u-jobbspesialist").await;
        let mut r = send(&app, get("/arbeidsgivere?q=firma&side=2", Some(&cookie))).await;
        assert_eq!(r.status, StatusCode::OK, "{l}");
        // Askama writes `&` in an attribute as `&#38;`; either is the same link.
        r.body = r.body.replace("&#38;", "&amp;");
        let expected: Vec<String> = (26..=50).map(|i| format!("Firma {i:02}")).collect();
        assert_eq!(names(&r.body), expected, "{l}");
        assert!(r.body.contains("Viser 26–50 av 55, side 2 av 3"), "{l}: {}", r.body);
        // Three pages: 1, 2 (current) and 3, and the search kept in each link.
        assert!(r.body.contains("href=\"/arbeidsgivere?q=firma\" rel=\"prev\""), "{l}: {}", r.body);
        assert!(r.body.contains("href=\"/arbeidsgivere?q=firma&amp;side=3\" rel=\"next\""), "{l}");
        assert!(r.body.contains("href=\"/arbeidsgivere?q=firma&amp;side=2\" aria-current=\"page\""), "{l}");
        let pagination = r.body.split("aksel-pagination__list").nth(1).unwrap_or("");
        assert_eq!(pagination.matches("aria-current=\"page\"").count(), 1, "{l}");
        // The first page has no "Forrige"; the last no "Neste" and its five rows.
        let first = send(&app, get("/arbeidsgivere?q=firma", Some(&cookie))).await.body;
        assert_eq!(names(&first).len(), 25, "{l}");
        assert!(!first.contains("rel=\"prev\"") && first.contains("rel=\"next\""), "{l}");
        let last = send(&app, get("/arbeidsgivere?q=firma&side=3", Some(&cookie))).await.body;
        assert_eq!(names(&last), ["Firma 51", "Firma 52", "Firma 53", "Firma 54", "Firma 55"], "{l}");
        assert!(last.contains("rel=\"prev\"") && !last.contains("rel=\"next\""), "{l}");
        // All 56 without a search (Bakeriet AS first): 25 + 25 + 6.
        let all = send(&app, get("/arbeidsgivere?side=3", Some(&cookie))).await.body;
        assert_eq!(names(&all).len(), 6, "{l}");
        // Past the end: the last page, and said; unreadable: the first, and said.
        let past = send(&app, get("/arbeidsgivere?q=firma&side=9", Some(&cookie))).await;
        assert_eq!(past.status, StatusCode::OK, "{l}");
        assert!(past.body.contains("Listen har 3 sider; viser den siste."), "{l}");
        assert_eq!(names(&past.body).len(), 5, "{l}");
        let bad = send(&app, get("/arbeidsgivere?q=firma&side=tre", Some(&cookie))).await;
        assert_eq!(bad.status, StatusCode::OK, "{l}");
        assert!(bad.body.contains("Sidetallet i adressen kunne ikke brukes; viser side 1."), "{l}");
        assert_eq!(names(&bad.body).first().map(String::as_str), Some("Firma 01"), "{l}");
        // One page needs no pagination.
        let one = send(&app, get("/arbeidsgivere?q=bakeriet", Some(&cookie))).await.body;
        assert!(!one.contains("aksel-pagination"), "{l}");
        s.remove().await;
    }
}

#[tokio::test]
async fn the_caseload_keeps_its_sort_and_filters_and_explains_a_wrong_page() {
    let s = jobbvei_store::testing::sqlite("paging-caseload").await;
    seed(&s).await;
    let clock = TestClock::at(NOW);
    let app = app(&s, clock.clone());
    let (cookie, _) = signed_in(&s, &clock, "u-metodeveileder").await;
    let r = send(&app, get("/portefolje?sorter=fase&merknad=med&side=x", Some(&cookie))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Sidetallet i adressen kunne ikke brukes; viser side 1."), "{}", r.body);
    // One course: one page, no pagination, and the sort and filter still apply.
    assert!(
        !r.body.contains("aksel-pagination")
            && r.body.contains("aria-sort=\"ascending\"><a href=\"/portefolje?sorter=fase")
    );
    s.remove().await;
}
