//! Offices, teams, users and employers: the fixed frame every course is generated into.

use std::collections::HashSet;
use std::ops::Range;

use jobbvei_domain::{ExtId, Fte, Method, Office, PostalCode, Role, Team, User};

use super::names;
use super::rng::Rng;
use super::{Params, ext, stream};
use crate::record::Record;

pub struct OfficeInfo {
    /// The municipality's name as people write it, for team and institution names.
    pub place: String,
    /// Postal codes around the office, where its participants live and its employers are.
    pub postal: Vec<&'static str>,
    pub veileders: Vec<ExtId>,
}

pub struct TeamInfo {
    pub id: ExtId,
    pub office: usize,
    pub method: Method,
}

pub struct JsInfo {
    pub user: ExtId,
    pub team: usize,
    pub office: usize,
    pub fte: f64,
    /// The employers whose relationship this job specialist holds.
    pub employers: Range<usize>,
    /// The employers held by anyone in the team, shared when it suits a participant.
    pub team_employers: Range<usize>,
}

pub struct EmployerInfo {
    pub id: ExtId,
    pub kind: usize,
    pub first_contact: usize,
    pub contacts: usize,
    /// Bit `i` set when contact `i` can decide on hiring.
    pub decision_makers: u8,
    /// Domain part of the contacts' e-mail addresses.
    pub domain: String,
}

pub struct Org {
    pub offices: Vec<OfficeInfo>,
    pub teams: Vec<TeamInfo>,
    pub js: Vec<JsInfo>,
    pub employers: Vec<EmployerInfo>,
    pub contacts: Vec<ExtId>,
}

/// Municipality numbers in postal-code order (roughly south to north), each with its postal codes.
fn municipalities() -> Vec<(&'static str, Vec<&'static str>)> {
    let mut out: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
    for &code in PostalCode::all_codes() {
        let Some(pc) = PostalCode::parse(code) else {
            continue;
        };
        let m = pc.place().municipality;
        match out.iter_mut().find(|(mm, _)| *mm == m) {
            Some((_, codes)) => codes.push(code),
            None => out.push((m, vec![code])),
        }
    }
    out
}

fn office_frame(params: &Params) -> Vec<(ExtId, String, String, Vec<&'static str>)> {
    let all = municipalities();
    let n = params.offices;
    let mut out = Vec::with_capacity(n);
    let mut used = HashSet::new();
    for i in 0..n {
        let mut k = if all.is_empty() { 0 } else { i * all.len() / n.max(1) };
        while all.get(k).is_some_and(|(m, _)| used.contains(m)) {
            k += 1;
        }
        let (id, place, postal) = match all.get(k) {
            Some((m, codes)) => {
                used.insert(*m);
                let place = codes
                    .first()
                    .and_then(|c| PostalCode::parse(c))
                    .map(|p| names::title_case(p.place().municipality_name))
                    .unwrap_or_else(|| format!("Kommune {m}"));
                let mut postal = codes.clone();
                if postal.len() < 3 {
                    // A small municipality: add the neighbouring codes so addresses vary.
                    let all_codes = PostalCode::all_codes();
                    let at = all_codes.iter().position(|c| Some(c) == codes.first()).unwrap_or(0);
                    let lo = at.saturating_sub(5);
                    let hi = (at + 6).min(all_codes.len());
                    postal = all_codes.get(lo..hi).map(<[&str]>::to_vec).unwrap_or(postal);
                }
                (m.to_string(), place, postal)
            }
            None => (format!("{:04}", 1000 + i), format!("Sted {}", i + 1), Vec::new()),
        };
        let name = format!("NAV {place}");
        out.push((ext(id), name, place, postal));
    }
    out
}

pub fn build(seed: u64, params: &Params, sink: &mut dyn FnMut(Record)) -> Org {
    let mut rng = Rng::derive(seed, stream::ORG, 0);
    let frame = office_frame(params);
    let mut offices = Vec::with_capacity(frame.len());
    let mut office_ids = Vec::with_capacity(frame.len());
    for (id, name, place, postal) in frame {
        sink(Record::Office(Office { id: id.clone(), name }));
        office_ids.push(id);
        offices.push(OfficeInfo { place, postal, veileders: Vec::new() });
    }

    // Teams: methods rotate so every larger scale has SE, UO and IPS; the seed picks the start.
    let methods = [Method::Uo, Method::Se, Method::Ips];
    let offset = rng.index(methods.len());
    let mut teams = Vec::new();
    let mut team_sizes = Vec::new();
    for (o, office_id) in office_ids.iter().enumerate() {
        let count = params.teams_per_office.get(o % params.teams_per_office.len().max(1)).copied().unwrap_or(1);
        for k in 0..count {
            let t = teams.len();
            let method = methods.get((t + offset) % methods.len()).copied().unwrap_or(Method::Uo);
            let id = ext(format!("t{}", t + 1));
            let place = offices.get(o).map(|x| x.place.as_str()).unwrap_or("");
            let label = match method {
                Method::Ips => "IPS-team",
                Method::Se => "SE-team",
                Method::Uo => "Jobbteam",
            };
            let name = if count > 1 { format!("{label} {place} {}", k + 1) } else { format!("{label} {place}") };
            sink(Record::Team(Team { id: id.clone(), office: office_id.clone(), name, method }));
            teams.push(TeamInfo { id, office: o, method });
            let size = params.js_per_team.get(t % params.js_per_team.len().max(1)).copied().unwrap_or(5);
            team_sizes.push(size);
        }
    }

    let mut users = UserMaker { n: 0, sink, rng: Rng::derive(seed, stream::ORG, 1) };
    let mut js = Vec::new();
    let (mut n_leader, mut n_mv, mut n_js, mut n_vl) = (0, 0, 0, 0);
    for (o, office) in offices.iter_mut().enumerate() {
        // A user has at most one team; placing the leader in the office's first team is what
        // ties the leader to an office for the office reports.
        let first_team = teams.iter().find(|t| t.office == o).map(|t| t.id.clone());
        n_leader += 1;
        users.make(vec![Role::Leader], first_team, 1.0, format!("leder{n_leader}"));
        for (t, team) in teams.iter().enumerate().filter(|(_, t)| t.office == o) {
            n_mv += 1;
            users.make(vec![Role::MethodSupervisor], Some(team.id.clone()), 1.0, format!("mv{n_mv}"));
            let size = team_sizes.get(t).copied().unwrap_or(5);
            for k in 0..size {
                n_js += 1;
                // Every team has one part-timer, so FTE-weighted figures are visibly not head counts.
                let fte = if k + 1 == size && size > 1 {
                    users.rng.pick_or(&[0.5, 0.8], 0.8)
                } else if users.rng.chance(0.08) {
                    0.8
                } else {
                    1.0
                };
                let user = users.make(vec![Role::JobSpecialist], Some(team.id.clone()), fte, format!("js{n_js}"));
                js.push(JsInfo { user, team: t, office: o, fte, employers: 0..0, team_employers: 0..0 });
            }
        }
        for _ in 0..params.veileders_per_office {
            n_vl += 1;
            let user = users.make(vec![Role::Veileder], None, 1.0, format!("vl{n_vl}"));
            office.veileders.push(user);
        }
    }
    for a in 0..params.analysts {
        users.make(vec![Role::Analyst], None, 1.0, format!("analytiker{}", a + 1));
    }
    users.make(vec![Role::Admin], None, 1.0, "admin".to_string());

    let mut org = Org { offices, teams, js, employers: Vec::new(), contacts: Vec::new() };
    super::employers::build(seed, params, &mut org, users.sink);
    org
}

struct UserMaker<'a> {
    n: usize,
    sink: &'a mut dyn FnMut(Record),
    rng: Rng,
}

impl UserMaker<'_> {
    fn make(&mut self, roles: Vec<Role>, team: Option<ExtId>, fte: f64, username: String) -> ExtId {
        self.n += 1;
        let id = ext(format!("u{}", self.n));
        let other = self.rng.chance(0.1);
        let name = names::person_name(&mut self.rng, other);
        let fte = Fte::new(fte).unwrap_or_default();
        (self.sink)(Record::User(User { id: id.clone(), name, roles, team, fte, username: Some(username) }));
        id
    }
}
