use super::*;
use crate::ads::AdStatus;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn ad(uuid: &str, styrk: &str, municipality: &str, extent: Extent) -> Ad {
    Ad {
        uuid: uuid.to_owned(),
        status: AdStatus::Active,
        changed_ms: 0,
        title: format!("Annonse {uuid}"),
        employer_name: "Arbeidsgiver".into(),
        orgnr: None,
        styrk: Some(styrk.to_owned()),
        styrk_raw: styrk.to_owned(),
        municipality: Some(municipality.to_owned()),
        place_raw: String::new(),
        extent,
        requires_licence: false,
        industry: StyrkCode::parse(styrk)
            .and_then(|c| c.occupation())
            .map(|o| format!("{}; {}", o.category, o.subcategory).to_lowercase())
            .unwrap_or_default(),
        published: Some(day("2026-11-01")),
        expires: Some(day("2026-12-31")),
        application_url: String::new(),
        contacts: Vec::new(),
    }
}

/// Waiter in Hamar or home in Løten, part time, no licence, no cleaning.
fn wish() -> Wish {
    Wish::from_profile("5131", "Restaurant, ikke renhold", "Deltid, ca. 60 %", "Hamar", "Nei", Some("3412"))
}

#[test]
fn the_profile_is_read_from_its_free_text() {
    let w = wish();
    assert_eq!(w.styrk, vec!["5131"]);
    assert_eq!(w.municipalities, vec!["3403", "3412"]);
    assert_eq!(w.counties(), vec!["34"]);
    assert_eq!(w.groups(), vec!["51"]);
    assert_eq!(w.extent, Some(Extent::Part));
    assert_eq!(w.licence, Some(false));
    assert_eq!(w.avoid, vec!["renhold"]);
    assert_eq!(Wish::from_profile("", "", "100 %", "", "Klasse B", None).extent, Some(Extent::Full));
    assert_eq!(Wish::from_profile("", "", "", "", "Klasse B", None).licence, Some(true));
}

#[test]
fn ranking_follows_the_hand_computed_order() {
    let today = day("2026-12-03");
    let newer = Ad { published: Some(day("2026-11-20")), ..ad("a2", "5131", "3403", Extent::Part) };
    let licence = Ad { requires_licence: true, ..ad("d", "5131", "3403", Extent::Part) };
    let group_only = Ad { styrk: Some("51".into()), ..ad("k", "5131", "3403", Extent::Part) };
    let inactive = Ad { status: AdStatus::Inactive, ..ad("i", "5131", "3403", Extent::Part) };
    let expired = Ad { expires: Some(day("2026-12-02")), ..ad("j", "5131", "3403", Extent::Part) };
    let ads = vec![
        ad("e", "5120", "3413", Extent::Unknown), // cook, Stange: group 51, county → (2,1,1,1)
        ad("b", "5132", "3412", Extent::Full),    // bartender, Løten: group 513, home → (3,2,1,0)
        ad("a", "5131", "3403", Extent::Part),    // waiter, Hamar, part time → (4,2,1,2)
        ad("f", "5151", "3403", Extent::Part),    // cleaning lead: avoided industry → out
        ad("g", "5131", "4601", Extent::Part),    // Bergen: other county → out
        ad("h", "8322", "3403", Extent::Part),    // driver: other occupation → out
        ad("c", "5131", "3405", Extent::Either),  // Lillehammer: county → (4,1,1,2)
        licence,                                  // → (4,2,0,2)
        group_only,                               // → (2,2,1,2)
        inactive,
        expired,
        newer, // as a, but newer → before a
    ];
    let w = wish();
    let ranked = rank(&w, &ads, today, 10);
    let order: Vec<&str> = ranked.iter().map(|s| s.ad.uuid.as_str()).collect();
    assert_eq!(order, vec!["a2", "a", "d", "c", "b", "k", "e"]);
    let reasons: Vec<&str> = ranked.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(
        reasons,
        vec![
            "samme yrke, samme kommune, deltid",
            "samme yrke, samme kommune, deltid",
            "samme yrke, samme kommune, deltid, krever førerkort",
            "samme yrke, samme fylke, deltid",
            "samme yrkesgruppe, samme kommune, annen arbeidstid (heltid)",
            "beslektet yrke, samme kommune, deltid",
            "beslektet yrke, samme fylke",
        ]
    );
    assert_eq!(rank(&w, &ads, today, 3).iter().map(|s| s.ad.uuid.as_str()).collect::<Vec<_>>(), vec!["a2", "a", "d"]);
}

#[test]
fn a_profile_without_wishes_takes_every_open_ad() {
    let today = day("2026-12-03");
    let ads = vec![ad("x", "8322", "4601", Extent::Full), ad("y", "5131", "0301", Extent::Part)];
    let ranked = rank(&Wish::default(), &ads, today, 10);
    assert_eq!(ranked.len(), 2);
    assert_eq!(ranked[0].fit, Fit { occupation: 0, place: 0, licence: 1, hours: 1 });
}
