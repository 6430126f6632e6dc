use super::*;

const UUID: &str = "10584075-1e5c-4a83-bf49-c80bcab83018";

fn orgnr() -> String {
    Orgnr::from_eight("92345678").map(|o| o.as_str().to_owned()).expect("orgnr")
}

/// A feed entry as the feed serves it for an item's url.
fn entry(uuid: &str, status: &str, changed: &str, title: &str) -> String {
    serde_json::json!({
        "uuid": uuid,
        "status": status,
        "sistEndret": changed,
        "json": {
            "uuid": uuid,
            "title": title,
            "published": "2026-11-20T08:00:00Z",
            "expires": "2026-12-20T00:00:00Z",
            "workLocations": [{"postalCode": "2301", "municipal": "HAMAR", "county": "INNLANDET"}],
            "contactList": [{"name": "Kari Kontakt", "email": "kari@example.no", "phone": "12345678"}],
            "categoryList": [{"categoryType": "STYRK08NAV", "code": "5131.03", "name": "Servitør"}],
            "occupationCategories": [{"level1": "Reiseliv og mat", "level2": "Restaurant"}],
            "employer": {"name": "Kafé Hamar AS", "orgnr": orgnr()},
            "extent": "Deltid",
            "description": "Du må ha førerkort klasse B."
        }
    })
    .to_string()
}

#[test]
fn an_entry_maps_to_styrk_and_municipality() {
    let ad = parse_entry(&entry(UUID, "ACTIVE", "2026-11-20T08:00:00.123Z", "Servitør"), 1).expect("ad");
    assert_eq!(ad.uuid, UUID);
    assert_eq!(ad.status, AdStatus::Active);
    assert_eq!(ad.styrk.as_deref(), Some("5131"));
    assert_eq!(ad.municipality.as_deref(), Some("3403"));
    assert_eq!(ad.orgnr, Some(orgnr()));
    assert_eq!(ad.extent, Extent::Part);
    assert!(ad.requires_licence);
    assert!(ad.industry.contains("restaurant"));
    assert_eq!(ad.expires, NaiveDate::from_ymd_opt(2026, 12, 20));
    assert_eq!(ad.contacts.len(), 1);
}

#[test]
fn the_latest_entry_wins_whatever_the_line_order() {
    let text = [
        entry(UUID, "ACTIVE", "2026-11-22T08:00:00Z", "Nyeste"),
        entry(UUID, "ACTIVE", "2026-11-20T08:00:00Z", "Eldst"),
        entry(UUID, "ACTIVE", "2026-11-21T08:00:00Z", "Midt"),
    ]
    .join("\n");
    let r = read_lines(&text, 1);
    assert_eq!((r.ads.len(), r.entries, r.bad.len()), (1, 3, 0));
    assert_eq!(r.ads[0].title, "Nyeste");
}

#[test]
fn an_ad_no_longer_active_shows_no_contact_details() {
    for status in ["STOPPED", "INACTIVE"] {
        let ad = parse_entry(&entry(UUID, status, "2026-11-22T08:00:00Z", "Stoppet"), 1).expect("ad");
        assert!(ad.contacts.is_empty(), "{status}");
        assert_ne!(ad.status, AdStatus::Active);
    }
    let stopped = read_lines(
        &[entry(UUID, "ACTIVE", "2026-11-20T08:00:00Z", "a"), entry(UUID, "STOPPED", "2026-11-21T08:00:00Z", "")]
            .join("\n"),
        1,
    );
    assert_eq!(stopped.ads[0].status, AdStatus::Stopped);
    assert!(stopped.ads[0].contacts.is_empty());
}

#[test]
fn unknown_occupation_and_place_are_kept_and_flagged() {
    let line = entry(UUID, "ACTIVE", "2026-11-20T08:00:00Z", "Ukjent")
        .replace("5131.03", "9999.01")
        .replace("\"Restaurant\"", "\"Noe helt annet\"")
        .replace("2301", "0000")
        .replace("HAMAR", "ATLANTIS");
    let ad = parse_entry(&line, 1).expect("kept");
    assert!(ad.styrk_unknown() && ad.municipality_unknown());
    assert!(ad.styrk_raw.contains("9999.01"));
    assert!(ad.place_raw.contains("ATLANTIS"));
}

#[test]
fn a_category_alone_gives_the_group_its_codes_share() {
    let line = entry(UUID, "ACTIVE", "2026-11-20T08:00:00Z", "Restaurant").replace("STYRK08NAV", "JANZZ");
    assert_eq!(parse_entry(&line, 1).expect("ad").styrk.as_deref(), Some("513"));
}

#[test]
fn bad_lines_say_line_field_and_what() {
    let good = entry(UUID, "ACTIVE", "2026-11-20T08:00:00Z", "ok");
    let text = [
        good.clone(),
        "{not json".to_owned(),
        good.replace(&format!("\"uuid\":\"{UUID}\""), "\"x\":1"),
        good.replace(&orgnr(), "123456789"),
        good.replace("ACTIVE", "PAUSED"),
    ]
    .join("\n");
    let r = read_lines(&text, 1);
    assert_eq!(r.ads.len(), 1);
    let msgs: Vec<String> = r.bad.iter().map(ToString::to_string).collect();
    assert!(msgs[0].starts_with("line 2: json: not valid JSON"), "{}", msgs[0]);
    assert_eq!(msgs[1], "line 3: uuid: missing");
    assert_eq!(msgs[2], "line 4: json.employer.orgnr: \"123456789\" is not an organisation number");
    assert_eq!(msgs[3], "line 5: status: \"PAUSED\" is not ACTIVE, INACTIVE or STOPPED");
}

#[test]
fn nav_ad_format_is_read_too() {
    let ad = serde_json::json!({
        "uuid": UUID, "status": "ACTIVE", "updated": "2021-03-23T17:09:58.457413", "title": "Pedagogisk leder",
        "locationList": [{"postalCode": "7994", "municipal": "LEKA", "municipalCode": "5052"}],
        "categoryList": [{"code": "2342.07", "categoryType": "STYRK08NAV"}],
        "properties": {"extent": "Heltid_og_Deltid", "jobtitle": "Pedagogisk leder"},
        "employer": {"name": "SENTRALADMINISTRASJON"}
    });
    let ad = parse_entry(&ad.to_string(), 1).expect("ad");
    assert_eq!((ad.styrk.as_deref(), ad.municipality.as_deref()), (Some("2342"), Some("5052")));
    assert_eq!(ad.extent, Extent::Either);
}
