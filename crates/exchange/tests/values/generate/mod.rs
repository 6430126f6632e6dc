//! Generated exchange files for the round-trip tests: every record type, with values drawn
//! from the whole accepted range and its edges (1900-01-01, 2100-12-31, instants at both
//! ends, text with newlines, tabs, quotes and æøå), reproducible from a seed.

use chrono::{Duration, NaiveDate};
use jobbvei_domain::bounds::{FIRST_DAY, LAST_DAY};
use jobbvei_domain::{Fnr, Method};
use serde_json::{Map, Value, json};

/// splitmix64: small, fast and the same on every machine.
pub struct Gen(u64);

impl Gen {
    pub fn new(seed: u64) -> Gen {
        Gen(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// A date on or after `from`; one in four is an edge of the range.
    fn date_from(&mut self, from: NaiveDate) -> NaiveDate {
        let span = (LAST_DAY - from).num_days();
        match self.below(8) {
            0 => from,
            1 => LAST_DAY,
            _ => from + Duration::days((self.next() % (span as u64 + 1)) as i64),
        }
    }

    fn date(&mut self) -> NaiveDate {
        self.date_from(FIRST_DAY)
    }

    fn opt_date_from(&mut self, from: NaiveDate) -> Option<NaiveDate> {
        self.chance(50).then(|| self.date_from(from))
    }

    /// An instant as a source might write it: any offset, the edges of the range included.
    fn instant(&mut self) -> String {
        match self.below(8) {
            0 => "1900-01-01T00:00:00+01:00".into(),
            1 => "2100-12-31T23:59:59+01:00".into(),
            2 => "2024-10-27T02:30:00+02:00".into(),
            _ => {
                // A day away from the edges, so that no offset moves it out of the range.
                let day = FIRST_DAY + Duration::days(1 + (self.next() % 73_046) as i64);
                let (h, m, s) = (self.below(24), self.below(60), self.below(60));
                let offset = self.pick(&["Z", "+01:00", "+02:00", "-14:00", "+14:00", "+05:45", "-03:30"]);
                format!("{day}T{h:02}:{m:02}:{s:02}{offset}")
            }
        }
    }

    fn text(&mut self) -> String {
        let pieces = [
            "Linje én\nlinje to",
            "med\ttabulator",
            "æøå ÆØÅ",
            "\"sitat\" og \\ skråstrek",
            "emoji 🙂",
            "vanlig tekst",
            "  mellomrom rundt  ",
            "</script><b>",
        ];
        let n = 1 + self.below(3);
        (0..n).map(|_| *self.pick(&pieces)).collect::<Vec<_>>().join(" ")
    }

    fn opt_text(&mut self) -> Option<String> {
        self.chance(60).then(|| self.text())
    }

    fn opt_bool(&mut self) -> Option<bool> {
        match self.below(3) {
            0 => None,
            1 => Some(true),
            _ => Some(false),
        }
    }

    fn orgnr(&mut self) -> String {
        loop {
            let d: Vec<u32> =
                (0..8).map(|i| if i == 0 { 8 + self.below(2) as u32 } else { self.below(10) as u32 }).collect();
            let sum: u32 = d.iter().zip([3, 2, 7, 6, 5, 4, 3, 2]).map(|(a, w)| a * w).sum();
            let check = match 11 - sum % 11 {
                11 => 0,
                10 => continue,
                c => c,
            };
            return d.iter().chain([check].iter()).map(u32::to_string).collect();
        }
    }

    fn fnr(&mut self, n: usize) -> String {
        loop {
            let (day, month, year) = (1 + self.below(28), 1 + self.below(12), self.below(100));
            // The individual number is n itself, so no two participants share a number.
            let nine = format!("{day:02}{month:02}{year:02}{:03}", n % 1000);
            if let Some(f) = Fnr::from_nine(&nine) {
                return f.as_str().to_owned();
            }
        }
    }
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

fn day(d: NaiveDate) -> String {
    d.to_string()
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
    let mut tail = Vec::new();
    for n in 0..size {
        participant(&mut g, n, &users, &teams, &employers, &contacts, &mut lines, &mut tail);
    }
    lines.extend(tail);
    lines.join("\n") + "\n"
}

#[allow(clippy::too_many_arguments)]
fn participant(
    g: &mut Gen,
    n: usize,
    users: &[String],
    teams: &[&str],
    employers: &[String],
    contacts: &[(String, String)],
    lines: &mut Vec<String>,
    activities: &mut Vec<String>,
) {
    let p = format!("p{n}");
    let birth_year = g.chance(60).then(|| *g.pick(&[1900, 2100, 1985, 1999]));
    lines.push(
        Obj::new("participant")
            .put("id", p.as_str())
            .put("name", g.text())
            .put("fnr", g.fnr(n))
            .opt("postal_code", g.chance(50).then(|| *g.pick(&["0473", "0010", "0001"])))
            .opt("birth_year", birth_year)
            .opt("norwegian_level", g.chance(50).then(|| *g.pick(&["ingen", "A1", "A2+", "B1", "B2+"])))
            .opt("interpreter", g.opt_bool())
            .opt("veileder", g.chance(50).then(|| g.pick(users).clone()))
            .opt("confidential", g.opt_bool())
            .line(),
    );
    if g.chance(50) {
        let sent = g.date();
        let decision = g.chance(70).then(|| *g.pick(&["akseptert", "avvist"]));
        let reason = if decision == Some("avvist") { Some(g.text()) } else { g.opt_text() };
        lines.push(
            Obj::new("referral")
                .put("id", format!("r{n}"))
                .put("participant", p.as_str())
                .put("veileder", g.pick(users).as_str())
                .put("team", *g.pick(teams))
                .put("sent", day(sent))
                .opt("decision", decision)
                .opt("decided", decision.and_then(|_| g.opt_date_from(sent)).map(day))
                .opt("reason", reason)
                .line(),
        );
    }
    for k in 0..g.below(3) {
        let c = format!("c{n}-{k}");
        let method = *g.pick(&[Method::Se, Method::Uo, Method::Ips]);
        let start = g.date();
        let end = g.opt_date_from(start);
        let cause = end.and_then(|_| g.chance(70).then(|| *g.pick(&["arbeid", "utdanning", "annet"])));
        let detail = if cause == Some("annet") { Some(g.text()) } else { None };
        let referred = (g.chance(40) && start >= FIRST_DAY + Duration::days(30)).then(|| start - Duration::days(30));
        lines.push(
            Obj::new("course")
                .put("id", c.as_str())
                .put("participant", p.as_str())
                .put("method", method.code())
                .put("job_specialist", g.pick(users).as_str())
                .put("start", day(start))
                .opt("referred", referred.map(day))
                .opt("end", end.map(day))
                .opt("end_cause", cause)
                .opt("end_cause_detail", detail)
                .line(),
        );
        let mut from = start;
        for _ in 0..g.below(3) {
            let phase = g.pick(method.phases()).code();
            lines.push(Obj::new("phase").put("course", c.as_str()).put("phase", phase).put("from", day(from)).line());
            if from == LAST_DAY {
                break;
            }
            from = g.date_from(from + Duration::days(1));
        }
        if g.chance(30) {
            let from = g.date();
            lines.push(
                Obj::new("passive")
                    .put("course", c.as_str())
                    .put("from", day(from))
                    .opt("to", g.opt_date_from(from).map(day))
                    .opt("reason", g.opt_text())
                    .line(),
            );
        }
        course_records(g, &c, users, employers, contacts, lines, activities);
    }
}

fn course_records(
    g: &mut Gen,
    c: &str,
    users: &[String],
    employers: &[String],
    contacts: &[(String, String)],
    lines: &mut Vec<String>,
    activities: &mut Vec<String>,
) {
    let mut jobs = Vec::new();
    for k in 0..g.below(3) {
        let j = format!("j-{c}-{k}");
        let form =
            *g.pick(&["jobbsmak", "arbeidstrening", "tilkalling", "tidsbegrenset", "fast", "laerling", "selvstendig"]);
        let unpaid = form == "jobbsmak" || form == "arbeidstrening";
        let start = g.date();
        let mut steps = Vec::new();
        let mut from = start;
        for _ in 0..g.below(4) {
            steps.push(json!({"from": day(from), "percent": *g.pick(&[0.0, 20.0, 33.3, 50.0, 100.0])}));
            if from == LAST_DAY {
                break;
            }
            from = g.date_from(from + Duration::days(1));
        }
        let end = g.opt_date_from(start);
        let paid = if unpaid { g.chance(50).then_some(false) } else { g.opt_bool() };
        lines.push(
            Obj::new("job")
                .put("id", j.as_str())
                .put("course", c)
                .put("employer", g.pick(employers).as_str())
                .put("form", form)
                .put("start", day(start))
                .opt("title", g.opt_text())
                .opt("styrk", g.chance(50).then(|| *g.pick(&["7512", "0110", "0210"])))
                .opt("paid", paid)
                .opt("ordinary_terms", g.opt_bool())
                .opt("percent", (!steps.is_empty()).then_some(steps))
                .opt("hours_per_week", g.chance(50).then(|| *g.pick(&[0.0, 37.5, 100.0, 7.25])))
                .opt("probation_end", g.opt_date_from(start).map(day))
                .opt("planned_end", g.opt_date_from(start).map(day))
                .opt("end", end.map(day))
                .opt("ended_by", end.and_then(|_| g.chance(50).then(|| *g.pick(&["arbeidstaker", "utlopt"]))))
                .opt("end_reason", g.opt_text())
                .opt("extensions", g.chance(30).then(|| g.below(5) as u64))
                .line(),
        );
        jobs.push(j);
    }
    if g.chance(40) {
        let start = g.date();
        lines.push(
            Obj::new("education")
                .put("id", format!("u-{c}"))
                .put("course", c)
                .put("level", g.text())
                .put("start", day(start))
                .opt("status", g.chance(50).then(|| *g.pick(&["planlagt", "pagar", "fullfort", "avbrutt", "sokt"])))
                .opt("programme", g.opt_text())
                .opt("institution", g.opt_text())
                .opt("end", g.opt_date_from(start).map(day))
                .line(),
        );
    }
    if g.chance(40) {
        let status = *g.pick(&["utkast", "sendt_veileder", "innvilget", "avslatt", "aktiv", "avsluttet"]);
        let from = g.chance(60).then(|| g.date());
        lines.push(
            Obj::new("measure")
                .put("id", format!("m-{c}"))
                .put("course", c)
                .put(
                    "kind",
                    *g.pick(&[
                        "lonnstilskudd_midlertidig",
                        "mentortilskudd",
                        "inkluderingstilskudd",
                        "kurs_opplaering",
                    ]),
                )
                .put("status", status)
                .opt("job", (!jobs.is_empty() && g.chance(50)).then(|| g.pick(&jobs).clone()))
                .opt("percent", g.chance(50).then(|| *g.pick(&[0.0, 40.0, 67.5, 100.0])))
                .opt("hours", g.chance(50).then(|| *g.pick(&[0.0, 12.5, 1000.0])))
                .opt("amount_nok", g.chance(50).then(|| *g.pick(&[0.0, 12500.5, 1_000_000.0])))
                .opt("from", from.map(day))
                .opt("to", from.and_then(|f| g.opt_date_from(f)).map(day))
                .opt("decided_by", g.chance(50).then(|| g.pick(users).clone()))
                .opt("reason", if status == "avslatt" { Some(g.text()) } else { g.opt_text() })
                .line(),
        );
    }
    for k in 0..g.below(4) {
        let (employer, contact) = match g.below(3) {
            0 => (None, None),
            1 => {
                let (k, e) = g.pick(contacts).clone();
                (Some(e), Some(k))
            }
            _ => (Some(g.pick(employers).clone()), None),
        };
        activities.push(
            Obj::new("activity")
                .put("id", format!("a-{c}-{k}"))
                .put("user", g.pick(users).as_str())
                .put(
                    "kind",
                    *g.pick(&["deltakermote", "arbeidsgivermote", "trekantsamtale", "telefon_sms_epost", "annet"]),
                )
                .put("start", g.instant())
                .put("minutes", *g.pick(&[0, 1, 45, 1440]))
                .put("status", *g.pick(&["planlagt", "gjennomfort", "deltaker_uteble", "avlyst"]))
                .opt("channel", g.chance(60).then(|| *g.pick(&["fysisk", "digital", "telefon"])))
                .opt("out_of_office", g.opt_bool())
                .opt("travel_to", g.chance(40).then(|| *g.pick(&[0, 15, 1440])))
                .opt("travel_from", g.chance(40).then(|| *g.pick(&[0, 20])))
                .opt("course", g.chance(70).then_some(c))
                .opt("employer", employer)
                .opt("employer_contact", contact)
                .opt("decision_maker", g.opt_bool())
                .opt(
                    "subcategory",
                    g.chance(50).then(|| *g.pick(&["jobbutvikling", "relasjonsbygging", "jobbstotte", "oppfolging"])),
                )
                .opt("place", g.opt_text())
                .opt("note", g.opt_text())
                .line(),
        );
    }
    if let Some(job) = jobs.first().filter(|_| g.chance(50)) {
        let due = g.date();
        let areas: Vec<&str> =
            ["stillingsprosent", "helse", "bolig", "karriere"].into_iter().filter(|_| g.chance(50)).collect();
        lines.push(
            Obj::new("followup_check")
                .put("id", format!("f-{c}"))
                .put("course", c)
                .put("job", job.as_str())
                .put("due", day(due))
                .opt("done", g.opt_date_from(due).map(day))
                .put("areas", areas)
                .opt("note", g.opt_text())
                .line(),
        );
    }
}
