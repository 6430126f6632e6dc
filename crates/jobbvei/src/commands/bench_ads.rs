//! `jobbvei bench ads`: matching `--ads` open job ads against every participant with a
//! vocational profile (load and ranking apart), and one participant's page (their profile,
//! the open ads of their counties, the top 10) for a spread of participants. The ads are
//! generated beside the demo employers' own first; the database must hold demo data.

use std::collections::HashMap;
use std::time::Instant;

use jobbvei_domain::ads::{Ad, Wish, rank};
use jobbvei_domain::codelist::PostalCode;
use jobbvei_store::{AdFilter, Db, Location, MatchProfile};

use crate::cli::BenchArgs;
use crate::commands::demo::parse_date;
use crate::error::CliError;

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

fn wish(p: &MatchProfile) -> Wish {
    let home = p
        .postal_code
        .as_deref()
        .filter(|_| !p.confidential)
        .and_then(PostalCode::parse)
        .map(|c| c.place().municipality);
    Wish::from_profile(&p.wanted_styrk, &p.industries, &p.hours, &p.geography, &p.driving_licence, home)
}

pub async fn run(location: &Location, args: &BenchArgs) -> Result<(), CliError> {
    let db = location.open().await?;
    let result = measure(&db, args).await;
    db.close().await;
    let engine = match location {
        Location::Sqlite(_) => "sqlite",
        Location::Postgres(_) => "postgres",
    };
    let m = result?;
    println!("bench ads: engine {engine}, as of {}", args.as_of);
    println!("  open ads                 : {:>8}   (generated {} in {:.1} s)", m.open, m.generated, m.generate_s);
    println!("  participants w/ profile  : {:>8}   ({} suggestions in all)", m.profiles, m.suggestions);
    println!("  all: load ads+profiles   : {:>8.1} ms", m.load_ms);
    println!("  all: rank (top 10 each)  : {:>8.1} ms", m.rank_ms);
    println!("  all: total               : {:>8.1} ms", m.load_ms + m.rank_ms);
    println!("  one page (n={:>3})         : median {:.1} ms, max {:.1} ms", m.pages.len(), m.page_median, m.page_max);
    Ok(())
}

struct Measured {
    generated: usize,
    generate_s: f64,
    open: usize,
    profiles: usize,
    suggestions: usize,
    load_ms: f64,
    rank_ms: f64,
    pages: Vec<f64>,
    page_median: f64,
    page_max: f64,
}

async fn measure(db: &Db, args: &BenchArgs) -> Result<Measured, CliError> {
    let today = parse_date(&args.as_of, "--as-of")?;
    let started = Instant::now();
    // About one generated ad in six is inactive, stopped or expired on the day.
    let want = args.ads * 6 / 5;
    let (generated, _) = crate::commands::demo_ads::load(db, args.seed, today, Some(want)).await?;
    let generate_s = started.elapsed().as_secs_f64();

    let t = Instant::now();
    let ads = db.open_ads(today, &AdFilter::default()).await?;
    let profiles = db.match_profiles(None).await?;
    let load_ms = ms(t);
    let t = Instant::now();
    // Ads by (county, 2-digit STYRK-08 group): what `rank` would leave out is never looked at.
    let mut index: HashMap<(&str, &str), Vec<&Ad>> = HashMap::new();
    for ad in &ads {
        let county = ad.municipality.as_deref().and_then(|m| m.get(..2));
        if let (Some(c), Some(g)) = (county, ad.styrk.as_deref().and_then(|s| s.get(..2))) {
            index.entry((c, g)).or_default().push(ad);
        }
    }
    let mut suggestions = 0;
    for p in &profiles {
        let w = wish(p);
        let (counties, groups) = (w.counties(), w.groups());
        let ranked = if counties.is_empty() || groups.is_empty() {
            rank(&w, &ads, today, 10)
        } else {
            let cells = counties.iter().flat_map(|c| groups.iter().map(move |g| (c.as_str(), g.as_str())));
            rank(&w, cells.flat_map(|k| index.get(&k).into_iter().flatten().copied()), today, 10)
        };
        suggestions += ranked.len();
    }
    let rank_ms = ms(t);

    let step = (profiles.len() / 50).max(1);
    let mut pages = Vec::new();
    for p in profiles.iter().step_by(step).take(50) {
        let t = Instant::now();
        let one = db.match_profiles(Some(std::slice::from_ref(&p.participant_id))).await?;
        let Some(profile) = one.first() else { continue };
        let w = wish(profile);
        let (counties, groups) = (w.counties(), w.groups());
        let filter = AdFilter {
            counties: (!counties.is_empty()).then_some(counties.as_slice()),
            groups: (!groups.is_empty()).then_some(groups.as_slice()),
        };
        let local = db.open_ads(today, &filter).await?;
        std::hint::black_box(rank(&w, &local, today, 10));
        pages.push(ms(t));
    }
    let mut sorted = pages.clone();
    sorted.sort_by(f64::total_cmp);
    Ok(Measured {
        generated,
        generate_s,
        open: ads.len(),
        profiles: profiles.len(),
        suggestions,
        load_ms,
        rank_ms,
        page_median: sorted.get(sorted.len() / 2).copied().unwrap_or(0.0),
        page_max: sorted.last().copied().unwrap_or(0.0),
        pages,
    })
}
