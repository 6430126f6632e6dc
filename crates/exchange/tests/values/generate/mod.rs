//! Generated exchange files for the round-trip tests: every record type of versions 1.0 and
//! 1.1, with values drawn from the whole accepted range and its edges (1900-01-01,
//! 2100-12-31, instants at both ends, the longest texts and ids, text with newlines, tabs,
//! quotes, emoji and æøå, empty optional fields), reproducible from a seed.

mod casefile;
mod draw;
mod records;

use draw::Gen;
pub use draw::{longest_id, longest_text};
use serde_json::{Map, Value, json};

/// What every participant's records may refer to.
struct World {
    users: Vec<String>,
    teams: [&'static str; 3],
    employers: Vec<String>,
    contacts: Vec<(String, String)>,
}

/// The lines so far; `tail` goes last (activities refer to records of any participant).
struct Out {
    lines: Vec<String>,
    tail: Vec<String>,
}

/// The ids written for one participant, for the version 1.1 records about them.
struct Person {
    id: String,
    referral: Option<String>,
    courses: Vec<String>,
    jobs: Vec<String>,
}

/// One object with its keys in insertion order, leaving out absent values.
struct Obj(Map<String, Value>);

impl Obj {
    fn new(kind: &str) -> Obj {
        let mut m = Map::new();
        m.insert("type".into(), json!(kind));
        Obj(m)
    }

    fn put(mut self, k: &str, v: impl Into<Value>) -> Obj {
        self.0.insert(k.into(), v.into());
        self
    }

    fn opt<T: Into<Value>>(self, k: &str, v: Option<T>) -> Obj {
        match v {
            Some(v) => self.put(k, v),
            None => self,
        }
    }

    fn line(self) -> String {
        Value::Object(self.0).to_string()
    }
}

/// A whole exchange file of about `size` participants, in the order an import needs.
pub fn file(seed: u64, size: usize) -> String {
    let mut g = Gen::new(seed);
    let mut lines = Vec::new();
    let offices = ["0314", "4601"];
    for o in offices {
        lines.push(Obj::new("office").put("id", o).put("name", g.text()).line());
    }
    let teams = ["t æ 1", "t\"2", "t3"];
    for t in teams {
        let method = *g.pick(&["SE", "UO", "IPS"]);
        lines.push(
            Obj::new("team")
                .put("id", t)
                .put("office", *g.pick(&offices))
                .put("name", g.text())
                .put("method", method)
                .line(),
        );
    }
    let users: Vec<String> = (0..5).map(|i| format!("u{i}")).collect();
    for (i, u) in users.iter().enumerate() {
        let roles: Vec<&str> = ["jobbspesialist", "metodeveileder", "veileder", "leder", "analytiker", "admin"]
            .into_iter()
            .filter(|_| g.chance(40))
            .collect();
        let roles = if roles.is_empty() { vec!["jobbspesialist"] } else { roles };
        let fte = *g.pick(&[1.0, 0.5, 0.2, 0.75, 0.1, 0.05]);
        lines.push(
            Obj::new("user")
                .put("id", u.as_str())
                .put("name", g.text())
                .put("roles", roles)
                .opt("team", g.chance(80).then(|| *g.pick(&teams)))
                .put("fte", fte)
                .opt("username", g.chance(70).then(|| format!("bruker-{i}")))
                .line(),
        );
    }
    let employers: Vec<String> = (0..3).map(|i| format!("e{i}")).collect();
    let mut contacts = Vec::new();
    for e in &employers {
        let stage = g.chance(60).then(|| *g.pick(&["bli_kjent", "behov_kartlagt", "kandidat_presentert", "ansatt"]));
        lines.push(
            Obj::new("employer")
                .put("id", e.as_str())
                .put("orgnr", g.orgnr())
                .put("name", g.text())
                .opt("municipality", g.chance(50).then_some("0301"))
                .opt("industry", g.opt_text())
                .opt("stage", stage)
                .opt("holder", g.chance(50).then(|| g.pick(&users).clone()))
                .line(),
        );
        let k = format!("k-{e}");
        lines.push(
            Obj::new("employer_contact")
                .put("id", k.as_str())
                .put("employer", e.as_str())
                .put("name", g.text())
                .opt("decision_maker", g.opt_bool())
                .opt("phone", g.chance(50).then_some("+47 912 34 567"))
                .opt("email", g.chance(50).then_some("navn@eksempel.no"))
                .line(),
        );
        contacts.push((k, e.clone()));
    }
    let world = World { users, teams, employers, contacts };
    let mut out = Out { lines, tail: Vec::new() };
    for n in 0..size {
        // The first participant has every kind of record, and the longest values.
        let rich = n == 0;
        let person = records::participant(&mut g, n, rich, &world, &mut out);
        casefile::person(&mut g, &person, rich, &world, &mut out);
    }
    let Out { mut lines, tail } = out;
    lines.extend(tail);
    lines.join("\n") + "\n"
}
