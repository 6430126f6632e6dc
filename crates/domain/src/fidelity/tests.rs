use super::*;

fn kv() -> &'static Instrument {
    instrument("kvalitetsveileder").unwrap()
}

fn ips() -> &'static Instrument {
    instrument("ips-25").unwrap()
}

fn seqf() -> &'static Instrument {
    instrument("seqf").unwrap()
}

fn prefill(ins: &Instrument, number: u32) -> &Prefill {
    ins.item(number).unwrap().prefill.first().unwrap()
}

/// Asserts `value → score` for each pair.
fn assert_scores(p: &Prefill, cases: &[(f64, Option<u8>)]) {
    for (value, expected) in cases {
        assert_eq!(p.score(*value), *expected, "{} = {value}", p.measure);
    }
}

fn label(ins: &Instrument, total: u32) -> Option<&str> {
    ins.total_band(total).map(|b| b.label.as_str())
}

#[test]
fn every_file_loads() {
    let all = load_all().unwrap();
    assert_eq!(all.len(), FILES.len());
    assert_eq!(instruments(), all.as_slice());
    let keys: Vec<String> = all.iter().map(Instrument::key).collect();
    assert_eq!(keys, ["kvalitetsveileder@2019", "ips-25@2019", "seqf@2018"]);
    assert_eq!(instrument_version("seqf", "2018").unwrap().name, seqf().name);
    assert!(instrument_version("seqf", "2017").is_none());
    assert!(instrument("nope").is_none());
}

#[test]
fn item_and_area_counts() {
    assert_eq!(kv().items.len(), 16);
    assert_eq!(kv().part_items("organisasjon").count(), 6);
    assert_eq!(kv().part_items("tjenester").count(), 10);
    assert_eq!(ips().items.len(), 25);
    assert_eq!(ips().part_items("bemanning").count(), 3);
    assert_eq!(ips().part_items("organisering").count(), 8);
    assert_eq!(ips().part_items("tjenester").count(), 14);
    assert_eq!(seqf().areas.len(), 9);
}

#[test]
fn every_item_has_five_anchors_and_a_source() {
    for ins in instruments() {
        for item in &ins.items {
            let ctx = format!("{} item {}", ins.key(), item.number);
            assert!(item.anchors.iter().all(|a| !a.trim().is_empty()), "{ctx}");
            assert!(!item.source.trim().is_empty(), "{ctx}");
            assert!(!item.title.trim().is_empty() && !item.criterion.trim().is_empty(), "{ctx}");
            assert_eq!(item.anchor(1), Some(item.anchors[0].as_str()));
            assert_eq!(item.anchor(5), Some(item.anchors[4].as_str()));
            assert_eq!(item.anchor(0), None);
            assert_eq!(item.anchor(6), None);
        }
    }
}

#[test]
fn kvalitetsveileder_totals_and_bands() {
    let kv = kv();
    assert_eq!((kv.min_total(), kv.max_total()), (16, 80));
    for (total, expected) in [
        (80, "svært god"),
        (73, "svært god"),
        (72, "god"),
        (61, "god"),
        (60, "akseptabel"),
        (49, "akseptabel"),
        (48, "lite implementert"),
        (16, "lite implementert"),
    ] {
        assert_eq!(label(kv, total), Some(expected), "total {total}");
    }
    assert_eq!(label(kv, 15), None);
    assert_eq!(label(kv, 81), None);
    let all_threes: Vec<(u32, u8)> = (1..=16).map(|n| (n, 3)).collect();
    assert_eq!(kv.total(&all_threes), Some(48));
    assert_eq!(kv.total(&all_threes[1..]), None);
    let mut bad = all_threes.clone();
    bad[0].1 = 6;
    assert_eq!(kv.total(&bad), None);
    bad[0] = (2, 3);
    assert_eq!(kv.total(&bad), None);
}

#[test]
fn ips_bands() {
    let ips = ips();
    assert_eq!((ips.min_total(), ips.max_total()), (25, 125));
    for (total, expected) in [
        (125, "eksemplarisk"),
        (115, "eksemplarisk"),
        (114, "god"),
        (100, "god"),
        (99, "akseptabel"),
        (74, "akseptabel"),
        (73, "ikke IPS"),
        (25, "ikke IPS"),
    ] {
        assert_eq!(label(ips, total), Some(expected), "total {total}");
    }
}

#[test]
fn k3_rapid_job_search() {
    let p = prefill(kv(), 9);
    assert_eq!((p.measure, p.target), (Measure::K3MedianDays, PrefillTarget::Item));
    assert_scores(
        p,
        &[
            (0.0, Some(5)),
            (30.0, Some(5)),
            (30.5, Some(4)),
            (31.0, Some(4)),
            (60.0, Some(4)),
            (60.5, Some(3)),
            (61.0, Some(3)),
            (150.0, Some(3)),
            (151.0, Some(2)),
            (270.0, Some(2)),
            (270.5, Some(1)),
            (271.0, Some(1)),
            (1000.0, Some(1)),
            (f64::NAN, None),
        ],
    );
}

#[test]
fn k1p_frequent_employer_contact() {
    let p = prefill(kv(), 11);
    assert_eq!(p.measure, Measure::K1pPerFteWeek);
    assert_scores(
        p,
        &[
            (0.0, Some(1)),
            (1.0, Some(1)),
            (1.99, Some(1)),
            (2.0, Some(2)),
            (2.5, Some(2)),
            (3.0, Some(2)),
            (3.5, Some(2)),
            (3.99, Some(2)),
            (4.0, Some(3)),
            (4.5, Some(3)),
            (5.0, Some(4)),
            (5.99, Some(4)),
            (6.0, Some(5)),
            (12.0, Some(5)),
        ],
    );
}

#[test]
fn k2_services_outside_the_office() {
    let p = prefill(kv(), 16);
    assert_eq!(p.measure, Measure::K2Percent);
    assert_scores(
        p,
        &[
            (0.0, Some(1)),
            (9.99, Some(1)),
            (10.0, Some(2)),
            (20.0, Some(2)),
            (20.5, Some(2)),
            (21.0, Some(3)),
            (30.0, Some(3)),
            (30.5, Some(3)),
            (31.0, Some(4)),
            (40.0, Some(4)),
            (40.01, Some(5)),
            (41.0, Some(5)),
            (100.0, Some(5)),
        ],
    );
}

#[test]
fn k9_breadth_of_job_types() {
    let p = prefill(kv(), 13);
    assert_eq!(p.measure, Measure::K9DistinctStyrkShare);
    assert_scores(
        p,
        &[
            (49.9, Some(1)),
            (50.0, Some(2)),
            (59.0, Some(2)),
            (59.5, Some(2)),
            (60.0, Some(3)),
            (69.0, Some(3)),
            (70.0, Some(4)),
            (84.0, Some(4)),
            (84.5, Some(4)),
            (85.0, Some(5)),
            (100.0, Some(5)),
            (100.5, None),
        ],
    );
}

#[test]
fn element_prefills() {
    let caseload = prefill(kv(), 1);
    assert_eq!((caseload.measure, caseload.target), (Measure::CaseloadPerFte, PrefillTarget::Element(1)));
    assert_scores(caseload, &[(11.9, Some(0)), (12.0, Some(1)), (20.0, Some(1)), (20.1, Some(0))]);
    let followup = prefill(kv(), 15);
    assert_eq!((followup.measure, followup.target), (Measure::K8FollowupMonths, PrefillTarget::Element(2)));
    assert_scores(followup, &[(0.0, Some(0)), (50.0, Some(0)), (50.1, Some(1)), (100.0, Some(1))]);
}

#[test]
fn ips_caseload_and_partial_prefills() {
    let caseload = prefill(ips(), 1);
    assert_eq!(caseload.measure, Measure::CaseloadPerFte);
    assert_scores(
        caseload,
        &[
            (12.0, Some(5)),
            (20.0, Some(5)),
            (20.5, Some(4)),
            (21.0, Some(4)),
            (25.0, Some(4)),
            (26.0, Some(3)),
            (30.0, Some(3)),
            (31.0, Some(2)),
            (40.0, Some(2)),
            (41.0, Some(1)),
        ],
    );
    // Only the verified top anchor suggests a score; below it the reviewer decides.
    assert_scores(prefill(ips(), 15), &[(30.0, Some(5)), (31.0, None)]);
    assert_scores(prefill(ips(), 17), &[(6.0, Some(5)), (5.9, None)]);
    assert_scores(prefill(ips(), 24), &[(65.0, Some(5)), (64.9, None)]);
    assert_scores(prefill(ips(), 19), &[(90.0, None)]);
}

#[test]
fn element_counting_items_list_their_elements() {
    let kv = kv();
    for (number, elements) in [(1, 4), (2, 4), (3, 5), (4, 4), (5, 4), (7, 4), (10, 4), (15, 5)] {
        assert_eq!(kv.item(number).unwrap().elements.len(), elements, "item {number}");
    }
}

#[test]
fn seqf_areas_weights_and_additions() {
    let s = seqf();
    assert_eq!(s.scoring, Scoring::WeightedAreas);
    let maxima: Vec<u32> = s.areas.iter().map(|a| a.max_score).collect();
    assert_eq!(maxima, [20, 15, 15, 20, 25, 30, 20, 5, 5]);
    let weights: Vec<u32> = s.areas.iter().map(|a| a.weight).collect();
    assert_eq!(weights, [10, 10, 10, 10, 25, 10, 10, 5, 10]);
    assert_eq!(s.max_total(), 155);
    assert!(s.bands.is_empty() && s.total_band(100).is_none());
    let alone: Vec<u8> = s.areas.iter().filter(|a| a.usable_alone).map(|a| a.number).collect();
    assert_eq!(alone, [5]);
    let five: Vec<&str> = s.items.iter().filter(|i| i.area == Some(5)).map(|i| i.code.as_str()).collect();
    assert_eq!(five, ["5A", "5B", "5C", "5D", "5E"]);
    let proposals: Vec<u8> = s.additions.iter().filter_map(|a| a.proposal).collect();
    assert_eq!(proposals, [1, 2, 3, 4, 5, 6, 7]);
    assert!(s.items.iter().all(|i| i.anchor_source == AnchorSource::Paraphrase));
}

#[test]
fn seqf_weighted_percent() {
    let s = seqf();
    let full: Vec<(u8, u32)> = s.areas.iter().map(|a| (a.number, a.max_score)).collect();
    assert_eq!(s.weighted_percent(&full), Some(100.0));
    let none: Vec<(u8, u32)> = s.areas.iter().map(|a| (a.number, 0)).collect();
    assert_eq!(s.weighted_percent(&none), Some(0.0));
    // Area 5 alone: its own share.
    assert_eq!(s.weighted_percent(&[(5, 20)]), Some(80.0));
    // Area 1 at full score (10 %) and area 5 at 0 (25 %): 10 / 35.
    let v = s.weighted_percent(&[(1, 20), (5, 0)]).unwrap();
    assert!((v - 1000.0 / 35.0).abs() < 1e-9);
    assert_eq!(s.weighted_percent(&[]), None);
    assert_eq!(s.weighted_percent(&[(5, 26)]), None);
    assert_eq!(s.weighted_percent(&[(10, 1)]), None);
    assert_eq!(s.weighted_percent(&[(5, 1), (5, 2)]), None);
    assert_eq!(kv().weighted_percent(&[(1, 1)]), None);
}

#[test]
fn malformed_files_are_rejected() {
    let good = FILES[0].1;
    let cases = [
        ("not json", "{"),
        ("unknown key", &good.replacen("\"revised\"", "\"revsed\"", 1) as &str),
        ("four anchors", &good.replacen("\"5\": \"Alle fire kjennetegnene er oppfylt.\"", "\"6\": \"x\"", 1)),
        (
            "overlapping bands",
            &good.replacen(
                "{ \"score\": 4, \"min\": 31, \"max\": 60 }",
                "{ \"score\": 4, \"min\": 30, \"max\": 60 }",
                1,
            ),
        ),
        ("gap in total bands", &good.replacen("\"min\": 61, \"max\": 72", "\"min\": 62, \"max\": 72", 1)),
        ("unknown measure", &good.replacen("\"k2_percent\"", "\"k2_prosent\"", 1)),
        ("bad element", &good.replacen("{ \"element\": 2 }", "{ \"element\": 6 }", 1)),
    ];
    for (what, text) in cases {
        assert_ne!(text, good, "{what}: the replacement did not apply");
        assert!(parse::instrument("test.json", text).is_err(), "{what} was accepted");
    }
    let seqf_text = FILES[2].1;
    let bad_weight = seqf_text.replacen("\"weight\": 25", "\"weight\": 20", 1);
    assert!(parse::instrument("seqf.json", &bad_weight).unwrap_err().contains("sum to 95"));
}

#[test]
fn every_file_in_the_data_folder_is_embedded() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/instruments");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    on_disk.sort();
    let mut embedded: Vec<String> = FILES.iter().map(|(name, _)| (*name).to_owned()).collect();
    embedded.sort();
    assert_eq!(on_disk, embedded);
}
