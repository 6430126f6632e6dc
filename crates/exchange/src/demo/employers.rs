//! Employers and their contact people, each held by one job specialist.

use std::collections::HashSet;
use std::ops::Range;

use jobbvei_domain::{Employer, EmployerContact, EmployerStage, Orgnr, PostalCode};

use super::organisation::{EmployerInfo, Org};
use super::rng::Rng;
use super::texts::EMPLOYER_KINDS;
use super::{Params, ext, names, stream};
use crate::record::Record;

const STAGES: &[(u32, EmployerStage)] = &[
    (35, EmployerStage::Acquainted),
    (25, EmployerStage::NeedsMapped),
    (15, EmployerStage::CandidatePresented),
    (25, EmployerStage::Hired),
];

pub fn build(seed: u64, params: &Params, org: &mut Org, sink: &mut dyn FnMut(Record)) {
    let kind_weights: Vec<u32> = EMPLOYER_KINDS.iter().map(|(w, _)| *w).collect();
    let mut used_orgnr = HashSet::new();
    let mut contact_count = 0;
    for j in 0..org.js.len() {
        let Some(info) = org.js.get(j) else { continue };
        let holder = info.user.clone();
        let postal = org.offices.get(info.office).map(|o| o.postal.as_slice()).unwrap_or(&[]);
        let start = org.employers.len();
        let mut rng = Rng::derive(seed, stream::EMPLOYER, j as u64);
        for _ in 0..params.employers_per_js {
            let e = org.employers.len();
            let kind_index = rng.weighted(&kind_weights);
            let Some((_, kind)) = EMPLOYER_KINDS.get(kind_index) else {
                continue;
            };
            let pc = rng.pick(postal).and_then(|c| PostalCode::parse(c));
            let place = pc.map(|p| names::title_case(p.place().place)).unwrap_or_else(|| "Sentrum".to_string());
            let pattern = rng.pick_or(kind.patterns, "{s} AS");
            let name = pattern.replace("{p}", &place).replace("{s}", names::surname(&mut rng));
            let orgnr = unique_orgnr(&mut rng, &mut used_orgnr);
            let id = ext(format!("e{}", e + 1));
            let contacts = 1 + rng.weighted(&[40, 40, 20]);
            let mut decision_makers = 0u8;
            for c in 0..contacts {
                let p = if c == 0 { 0.85 } else { 0.25 };
                if rng.chance(p) {
                    decision_makers |= 1 << c;
                }
            }
            let Some(orgnr) = orgnr else { continue };
            let mut domain = names::slug(&name);
            domain.truncate(30);
            sink(Record::Employer(Employer {
                id: id.clone(),
                orgnr,
                name,
                municipality: pc.map(|p| p.place().municipality.to_string()),
                industry: Some(kind.industry.to_string()),
                stage: Some(rng.weighted_pick(STAGES, EmployerStage::Acquainted)),
                holder: Some(holder.clone()),
            }));
            org.employers.push(EmployerInfo {
                id,
                kind: kind_index,
                first_contact: contact_count,
                contacts,
                decision_makers,
                domain,
            });
            contact_count += contacts;
        }
        let end = org.employers.len();
        if let Some(info) = org.js.get_mut(j) {
            info.employers = start..end;
        }
    }
    // Team members are contiguous, so a team's employers form one range.
    let ranges: Vec<(usize, Range<usize>)> = org.js.iter().map(|j| (j.team, j.employers.clone())).collect();
    for info in &mut org.js {
        let mates = ranges.iter().filter(|(t, _)| *t == info.team);
        let start = mates.clone().map(|(_, r)| r.start).min().unwrap_or(info.employers.start);
        let end = mates.map(|(_, r)| r.end).max().unwrap_or(info.employers.end);
        info.team_employers = start..end;
    }
    for (e, info) in org.employers.iter().enumerate() {
        let mut rng = Rng::derive(seed, stream::CONTACT, e as u64);
        for c in 0..info.contacts {
            let id = ext(format!("ec{}", info.first_contact + c + 1));
            let other = rng.chance(0.12);
            let name = names::person_name(&mut rng, other);
            let phone = format!("9{:07}", rng.below(10_000_000));
            let local: Vec<String> = name.split(' ').map(names::slug).collect();
            let email = rng.chance(0.6).then(|| format!("{}@{}.example.no", local.join("."), info.domain));
            sink(Record::EmployerContact(EmployerContact {
                id: id.clone(),
                employer: info.id.clone(),
                name,
                decision_maker: Some(info.decision_makers & (1 << c) != 0),
                phone: Some(phone),
                email,
            }));
            org.contacts.push(id);
        }
    }
}

/// A fresh organisation number starting with 8 or 9 (the ranges Brønnøysund uses).
fn unique_orgnr(rng: &mut Rng, used: &mut HashSet<u32>) -> Option<Orgnr> {
    const SPAN: u32 = 20_000_000;
    let mut offset = rng.below(u64::from(SPAN)) as u32;
    for _ in 0..1000 {
        let candidate = 80_000_000 + offset;
        if !used.contains(&candidate)
            && let Some(orgnr) = Orgnr::from_eight(&format!("{candidate:08}"))
        {
            used.insert(candidate);
            return Some(orgnr);
        }
        offset = (offset + 1) % SPAN;
    }
    None
}
