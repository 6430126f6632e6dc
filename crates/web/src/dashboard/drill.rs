//! `/tall/rader`: the rows behind one figure on `/tall` (DOMAIN.md §5), with the rule on top,
//! and `/tall/rader.csv` with the same rows. Rows are person-level data: a job specialist
//! drills into their own figures, a team lead into the team's and each member's; leaders and
//! analysts see figures only (see `docs/kpi-drilldown.md`). Every request is audited once,
//! naming the figure, group and period rather than each row.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use jobbvei_domain::kpi::rules::DONE_TEXT;
use jobbvei_domain::kpi::{Drill, FigureRow, GroupKind, Item, Kpi, KpiData, KpiSpec, PeriodKind, drill, periods};
use jobbvei_domain::{Role, bounds};
use jobbvei_store::KpiScope;

use super::numbers::{count_or_one, exact};
use super::{cell, nb, period_end};
use crate::AppState;
use crate::auth::Viewer;
use crate::forms::message;
use crate::pages::{internal_error, render};
use crate::workplace::labels;
use crate::workplace::{audit_read, entry};

#[derive(serde::Deserialize, Default)]
pub(crate) struct Params {
    kpi: Option<String>,
    /// `uke`, `maned` or `kvartal`, as on `/tall`.
    periode: Option<String>,
    /// The period's label (`2024-W47`, `2024-11`, `2024-Q4`); the current period when missing.
    tid: Option<String>,
    /// A team id or a job specialist's user id; the viewer's own figure's group when missing.
    gruppe: Option<String>,
    /// A range instead of a calendar period (a fidelity review's period): `YYYY-MM-DD`.
    fra: Option<String>,
    til: Option<String>,
    /// K7's mark (3, 6, 12) or K9's dimension (`yrker`, `arbeidsgivere`), to show one part.
    mnd: Option<String>,
    dimensjon: Option<String>,
}

/// What the viewer may drill into: the team they lead, or their own figures.
struct Reach {
    team: String,
    /// Leads `team`: the team and each of its members; else only `own` and `kpis`.
    lead: bool,
    own: String,
    kpis: &'static [Kpi],
}

fn reach(v: &Viewer) -> Option<Reach> {
    let team = v.user.team.as_ref()?.as_str().to_owned();
    let own = v.user.id.as_str().to_owned();
    if v.has(Role::MethodSupervisor) {
        return Some(Reach { team, lead: true, own, kpis: Kpi::ALL });
    }
    // A job specialist's page shows their own K1, K1p and K2, so those are the rows they get.
    v.has(Role::JobSpecialist).then_some(Reach { team, lead: false, own, kpis: &[Kpi::K1, Kpi::K1p, Kpi::K2] })
}

/// Whether the viewer may open rows at all: `/tall` links its figures to them.
pub(crate) fn may_drill(v: &Viewer) -> bool {
    reach(v).is_some()
}

/// A request, checked: the cell to list.
struct Ask {
    kpi: Kpi,
    spec: KpiSpec,
    group: String,
    label: String,
    /// `uke`, `maned`, `kvartal`, or empty for a range.
    periode: &'static str,
    at_months: Option<u8>,
    dimension: Option<&'static str>,
}

impl Ask {
    /// The audit log's name for the cell: figure, group and period, never a row.
    fn audit_id(&self) -> String {
        format!("{} {}:{} {}", self.kpi.code(), self.spec.by.code(), self.group, self.label)
    }
}

/// The first day of the period labelled `label`, when it is a label of `kind`.
fn period_start(kind: PeriodKind, label: &str) -> Option<NaiveDate> {
    let (year, rest) = label.split_once('-')?;
    let year: i32 = year.parse().ok()?;
    let start = match kind {
        PeriodKind::Week => {
            NaiveDate::from_isoywd_opt(year, rest.strip_prefix('W')?.parse().ok()?, chrono::Weekday::Mon)
        }
        PeriodKind::Month => NaiveDate::from_ymd_opt(year, rest.parse().ok()?, 1),
        PeriodKind::Quarter => {
            let q: u32 = rest.strip_prefix('Q')?.parse().ok()?;
            if !(1..=4).contains(&q) {
                return None;
            }
            NaiveDate::from_ymd_opt(year, 3 * (q - 1) + 1, 1)
        }
        _ => None,
    }
    .filter(|d| bounds::date_ok(*d))?;
    // Only the canonical spelling, so that the label shown is the one asked for.
    (periods(kind, start, start).first()?.label == label).then_some(start)
}

const BAD: &str = "Ugyldig forespørsel";

/// Reads the query, filling in the viewer's own figure where a part is missing; the message
/// for what cannot be read, and `Err(None)` for a cell outside the viewer's reach.
fn ask(p: &Params, r: &Reach, today: NaiveDate) -> Result<Ask, Option<&'static str>> {
    let bad = |text: &'static str| Err(Some(text));
    let kpi = match p.kpi.as_deref().filter(|s| !s.is_empty()) {
        None => r.kpis[0],
        Some(code) => match Kpi::parse(code) {
            Some(k) => k,
            None => return bad("Ukjent tall. Bruk en kode fra Tall-siden, for eksempel K1p."),
        },
    };
    let group = p
        .gruppe
        .clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| if r.lead { r.team.clone() } else { r.own.clone() });
    let by = if group == r.team && r.lead { GroupKind::Team } else { GroupKind::JobSpecialist };
    let at_months = match p.mnd.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(m) => match m.parse::<u8>() {
            Ok(m) if [3, 6, 12].contains(&m) => Some(m),
            _ => return bad("Måneder etter start må være 3, 6 eller 12."),
        },
    };
    let dimension = match p.dimensjon.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some("yrker") => Some("styrk"),
        Some("arbeidsgivere") => Some("employer"),
        Some(_) => return bad("Dimensjonen må være yrker eller arbeidsgivere."),
    };
    let date = |s: &Option<String>| {
        s.as_deref().filter(|x| !x.is_empty()).map(|x| x.parse::<NaiveDate>().ok().filter(|d| bounds::date_ok(*d)))
    };
    let (spec, label, periode) = match (date(&p.fra), date(&p.til)) {
        (None, None) => {
            let (kind, periode) = match p.periode.as_deref() {
                Some("maned") => (PeriodKind::Month, "maned"),
                Some("kvartal") => (PeriodKind::Quarter, "kvartal"),
                None | Some("" | "uke") => (PeriodKind::Week, "uke"),
                Some(_) => return bad("Perioden må være uke, maned eller kvartal."),
            };
            let to = period_end(kind, today);
            let label = match p.tid.as_deref().filter(|s| !s.is_empty()) {
                Some(l) => l.to_owned(),
                None => periods(kind, today, today).first().map(|x| x.label.clone()).unwrap_or_default(),
            };
            let Some(from) = period_start(kind, &label) else {
                return bad(
                    "Ukjent periode. Bruk en periode fra Tall-siden, for eksempel 2024-W47, 2024-11 eller 2024-Q4.",
                );
            };
            if from > to {
                return bad("Perioden har ikke begynt ennå.");
            }
            (KpiSpec { from, to, by, period: kind, kpis: vec![kpi] }, label, periode)
        }
        (Some(Some(from)), Some(Some(to))) if from <= to => {
            (KpiSpec { from, to, by, period: PeriodKind::Range, kpis: vec![kpi] }, format!("{from}/{to}"), "")
        }
        _ => {
            return bad(
                "Fra og til må begge være datoer (ÅÅÅÅ-MM-DD) mellom 1900 og 2100, og fra kan ikke være etter til.",
            );
        }
    };
    // Out of reach: someone else's rows, or a figure the viewer's own page does not show. A
    // team lead's group is checked against the team once the data is loaded.
    let own = group == r.own && r.kpis.contains(&kpi);
    if !(r.lead || own) {
        return Err(None);
    }
    Ok(Ask { kpi, spec, group, label, periode, at_months, dimension })
}

/// One row as shown and exported. People and employers are read as ids and shown by name
/// once [`super::drill_names::name`] has looked them up.
pub(crate) struct RowView {
    /// Sorts the rows; exported as ISO, shown as `dd.mm.åååå` in `date`.
    pub day: Option<NaiveDate>,
    pub date: String,
    what: String,
    id: String,
    /// For the link to the participant's page.
    pub participant_id: String,
    pub participant: String,
    course: String,
    /// The course's job specialist, who may see a confidential participant's name.
    pub owner: String,
    pub employer: String,
    pub staff: String,
    numerator: String,
    denominator: String,
    /// Unrounded, for the CSV.
    numerator_exact: String,
    denominator_exact: String,
    part: String,
    note: String,
}

/// A count as itself, anything else with one decimal (`numbers`).
fn num(v: f64) -> String {
    count_or_one(Some(v))
}

fn part(r: &FigureRow) -> String {
    match (r.at_months, r.dimension) {
        (Some(m), _) => format!("{m} mnd"),
        (_, Some("styrk")) => "yrker".into(),
        (_, Some(_)) => "arbeidsgivere".into(),
        _ => String::new(),
    }
}

fn view(data: &KpiData, kpi: Kpi, r: &FigureRow) -> RowView {
    // (participant, course, the course's job specialist), as ids.
    let course_of = |c: usize| {
        let course = &data.courses[c];
        let staff = course.staff.map(|s| data.staff[s].id.clone()).unwrap_or_default();
        (course.participant.clone(), course.id.clone(), staff)
    };
    let (what, id, (participant, course, owner), employer, staff) = match r.item {
        Item::Activity(i) => {
            let a = &data.activities[i];
            let refs = data.activity_refs.get(i);
            let on = a.course.map(course_of).unwrap_or_default();
            let id = refs.map(|x| x.id.clone()).unwrap_or_default();
            let employer = refs.and_then(|x| x.employer.clone()).unwrap_or_default();
            (labels::kind(a.kind.code()).to_owned(), id, on, employer, data.staff[a.staff].id.clone())
        }
        Item::Course(c) => {
            let on = course_of(c);
            let staff = on.2.clone();
            ("Forløp".into(), data.courses[c].id.clone(), on, String::new(), staff)
        }
        Item::Job(j) => {
            let job = &data.jobs[j];
            let on = course_of(job.course);
            let staff = on.2.clone();
            ("Jobb".into(), job.id.clone(), on, job.employer.clone(), staff)
        }
        Item::Staff(s) => {
            let st = &data.staff[s];
            let what = format!("Stillingsandel {} %", num(st.fte * 100.0));
            (what, String::new(), Default::default(), String::new(), st.id.clone())
        }
    };
    let mut notes: Vec<String> = Vec::new();
    match (kpi, r.measure) {
        (Kpi::K3, Some(days)) => notes.push(format!("{} dager til første møte", num(days))),
        (Kpi::K8, Some(months)) => notes.push(format!("{} av 6 måneder med oppfølging", num(months))),
        _ => {}
    }
    if r.apart && kpi == Kpi::K5a {
        notes.push("med lønnstilskudd".into());
    }
    notes.extend(r.reason.map(str::to_owned));
    RowView {
        day: r.date,
        date: r.date.map(crate::dates::day).unwrap_or_default(),
        what,
        id,
        participant_id: participant.clone(),
        participant,
        course,
        owner,
        employer,
        staff,
        numerator: num(r.numerator),
        denominator: num(r.denominator),
        numerator_exact: exact(Some(r.numerator)),
        denominator_exact: exact(Some(r.denominator)),
        part: part(r),
        note: notes.join("; "),
    }
}

/// The figure(s) of the cell as shown above the rows: (part, value, numerator, denominator).
type FigureLine = (String, String, String, String);

#[derive(Template)]
#[template(path = "kpi_rows.html")]
struct RowsPage {
    code: &'static str,
    name: &'static str,
    rule: String,
    text: &'static str,
    done: &'static str,
    group: String,
    label: String,
    figures: Vec<FigureLine>,
    rows: Vec<RowView>,
    csv: String,
    back: String,
}

/// The query that asks for this cell again, for the CSV link.
fn query(a: &Ask) -> String {
    let mut q = format!("kpi={}&gruppe={}", a.kpi.code(), enc(&a.group));
    if a.periode.is_empty() {
        q.push_str(&format!("&fra={}&til={}", a.spec.from, a.spec.to));
    } else {
        q.push_str(&format!("&periode={}&tid={}", a.periode, enc(&a.label)));
    }
    if let Some(m) = a.at_months {
        q.push_str(&format!("&mnd={m}"));
    }
    if let Some(d) = a.dimension {
        q.push_str(if d == "styrk" { "&dimensjon=yrker" } else { "&dimensjon=arbeidsgivere" });
    }
    q
}

/// Percent-encodes a query value (ids are plain, but nothing typed is trusted).
pub(crate) fn enc(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Checks, audits and loads a request; the answer to send instead when it cannot be shown.
async fn load(
    state: &AppState,
    v: &Viewer,
    p: &Params,
    _path: &str,
    action: &str,
) -> Result<(Ask, KpiData, Drill), Response> {
    let Some(r) = reach(v) else {
        return Err(deny(state, v, action, "no team").await);
    };
    let a = match ask(p, &r, state.clock.today()) {
        Ok(a) => a,
        Err(Some(text)) => return Err(message(StatusCode::BAD_REQUEST, BAD, text)),
        Err(None) => {
            // What was asked for, cut short: the audit log keeps ids, not whatever was typed.
            let id = format!("{} {}", p.kpi.as_deref().unwrap_or(""), p.gruppe.as_deref().unwrap_or(""));
            let id: String = id.trim().chars().take(60).collect();
            return Err(deny(state, v, action, &id).await);
        }
    };
    let failed = |e: jobbvei_store::StoreError| {
        tracing::error!(error = %e, "kpi rows failed");
        internal_error()
    };
    let data =
        state.db.kpi_data_with_refs(a.spec.from, a.spec.to, &KpiScope::Team(r.team.clone())).await.map_err(failed)?;
    // A team lead reaches the team's own members only; the loaded staff list has everyone.
    let team = data.teams.iter().position(|t| t.id == r.team);
    let member = data.staff.iter().any(|s| s.id == a.group && team.is_some() && s.team == team);
    let found =
        if a.spec.by == GroupKind::Team || member { drill(&data, &a.spec, a.kpi, &a.group, &a.label) } else { None };
    let Some(mut d) = found else {
        return Err(deny(state, v, action, &a.audit_id()).await);
    };
    d.figures.retain(|f| {
        a.at_months.is_none_or(|m| f.at_months == Some(m)) && a.dimension.is_none_or(|x| f.dimension == Some(x))
    });
    d.rows.retain(|f| {
        a.at_months.is_none_or(|m| f.at_months.is_none_or(|x| x == m))
            && a.dimension.is_none_or(|x| f.dimension.is_none_or(|y| y == x))
    });
    audit_read(state, entry(state, v, action, ("kpi_rows", &a.audit_id()), &[])).await.map_err(failed)?;
    Ok((a, data, d))
}

async fn deny(state: &AppState, v: &Viewer, action: &str, what: &str) -> Response {
    let mut e = entry(state, v, action, ("kpi_rows", what), &[]);
    e.outcome = "denied".into();
    if let Err(err) = audit_read(state, e).await {
        tracing::error!(error = %err, "could not audit a denial");
    }
    message(StatusCode::FORBIDDEN, "Ingen tilgang", "Du har ikke tilgang til radene bak dette tallet.")
}

/// Rows by date, then by the record's id, so that both engines list them alike.
fn views(data: &KpiData, a: &Ask, d: &Drill) -> Vec<RowView> {
    let mut rows: Vec<(bool, RowView)> =
        d.rows.iter().map(|r| (matches!(r.item, Item::Staff(_)), view(data, a.kpi, r))).collect();
    rows.sort_by(|x, y| (x.0, &x.1.day, &x.1.id, &x.1.part).cmp(&(y.0, &y.1.day, &y.1.id, &y.1.part)));
    rows.into_iter().map(|(_, r)| r).collect()
}

/// The rows with names instead of ids, and the group's name.
async fn named(
    state: &AppState,
    v: &Viewer,
    data: &KpiData,
    a: &Ask,
    d: &Drill,
) -> Result<(String, Vec<RowView>), Response> {
    let lead = reach(v).is_some_and(|r| r.lead);
    super::drill_names::named(state, v.user.id.as_str(), lead, (a.spec.by, &a.group), views(data, a, d)).await
}

pub(crate) async fn show(State(state): State<AppState>, viewer: Viewer, Query(p): Query<Params>) -> Response {
    let (a, data, d) = match load(&state, &viewer, &p, "/tall/rader", "read").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (group, rows) = match named(&state, &viewer, &data, &a, &d).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let rule = a.kpi.rule();
    let figures = d
        .figures
        .iter()
        .map(|f| {
            let part = match (f.at_months, f.dimension) {
                (Some(m), _) => format!("{m} mnd"),
                (_, Some("styrk")) => "yrker".into(),
                (_, Some(_)) => "arbeidsgivere".into(),
                _ => String::new(),
            };
            (part, nb(f.value), count_or_one(f.numerator), count_or_one(f.denominator))
        })
        .collect();
    let done = if matches!(a.kpi, Kpi::K1 | Kpi::K1p | Kpi::K2 | Kpi::K8) { DONE_TEXT } else { "" };
    let back =
        if a.periode.is_empty() { "/tall".to_owned() } else { format!("/tall?periode={}#{}", a.periode, a.kpi.code()) };
    render(&RowsPage {
        code: a.kpi.code(),
        name: rule.name,
        rule: rule.id(),
        text: rule.text,
        done,
        group,
        // A range is shown as dates; a calendar period keeps its DOMAIN.md label (`2024-W47`).
        label: if a.periode.is_empty() {
            format!("{}–{}", crate::dates::day(a.spec.from), crate::dates::day(a.spec.to))
        } else {
            a.label.clone()
        },
        figures,
        rows,
        csv: format!("/tall/rader.csv?{}", query(&a)),
        back,
    })
}

/// The same rows for Norwegian Excel: UTF-8 with BOM, `;`, decimal comma.
pub(crate) async fn csv(State(state): State<AppState>, viewer: Viewer, Query(p): Query<Params>) -> Response {
    let (a, data, d) = match load(&state, &viewer, &p, "/tall/rader.csv", "export").await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (group, rows) = match named(&state, &viewer, &data, &a, &d).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let rule = a.kpi.rule().id();
    let mut out = String::from(
        "\u{feff}kpi;regel;gruppe;periode;dato;type;id;deltaker;forlop;arbeidsgiver;jobbspesialist;teller;nevner;gjelder;merknad\r\n",
    );
    for r in rows {
        // Dates in ISO for the spreadsheet to read as dates; people and employers by name.
        let day = r.day.map(crate::dates::iso).unwrap_or_default();
        let fields = [
            a.kpi.code(),
            &rule,
            &group,
            &a.label,
            &day,
            &r.what,
            &r.id,
            &r.participant,
            &r.course,
            &r.employer,
            &r.staff,
            &r.numerator_exact,
            &r.denominator_exact,
            &r.part,
            &r.note,
        ];
        out.push_str(&fields.iter().map(|f| cell(f)).collect::<Vec<_>>().join(";"));
        out.push_str("\r\n");
    }
    // `jobbvei-rader-K1p-team-t1-2024-W47.csv`: the figure, its group and its period.
    let name = super::export::file_name(&format!("{}-{}-{}", a.kpi.code(), a.spec.by.code(), a.group), &a.label)
        .replacen("jobbvei-tall-", "jobbvei-rader-", 1);
    (
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        out,
    )
        .into_response()
}
