//! The activity form that the quick log and the edit page share: what its selects offer, the
//! typed values with their messages, and turning what was typed into an activity. One set of
//! rules, so an activity cannot be edited into something the quick log would refuse.

use std::collections::HashMap;

use axum::response::Response;
use chrono::{NaiveDate, NaiveTime, Timelike};
use jobbvei_domain::activity::MAX_MINUTES;
use jobbvei_domain::bounds;
use jobbvei_domain::time::oslo_instant;
use jobbvei_domain::{Activity, ActivityKind, ActivityStatus, Channel, ExtId, Subcategory};

use super::caseload::scope;
use super::labels;
use crate::AppState;
use crate::access::may_write_participant;
use crate::auth::Viewer;
use crate::pages::internal_error;

const MAX_NOTE: usize = 2000;
const MAX_PLACE: usize = 200;

/// Messages by field name.
pub(crate) type Errors = HashMap<&'static str, String>;

/// What was typed, and the messages beside it; the form's templates read both.
#[derive(Default)]
pub(crate) struct Filled {
    pub form: HashMap<String, String>,
    pub errors: Errors,
}

impl Filled {
    pub fn value(&self, k: &str) -> &str {
        self.form.get(k).map_or("", String::as_str)
    }

    pub fn error(&self, k: &str) -> &str {
        self.errors.get(k).map_or("", String::as_str)
    }

    /// `selected` when field `k` holds `code`.
    pub fn sel(&self, k: &str, code: &str) -> &'static str {
        if self.value(k) == code { "selected" } else { "" }
    }

    /// `checked` for a radio button holding `code`, or a ticked checkbox when `code` is `on`.
    pub fn chk(&self, k: &str, code: &str) -> &'static str {
        if self.value(k) == code { "checked" } else { "" }
    }

    /// The messages in the form's order, each with the id of its field, for the ErrorSummary.
    pub fn summary(&self) -> Vec<(&'static str, &str)> {
        FIELDS.iter().filter_map(|k| self.errors.get(k).map(|m| (*k, m.as_str()))).collect()
    }

    /// The error classes of an Aksel form field for `k` (`aksel-text-field--error`, say), when
    /// it has a message.
    pub fn err_class(&self, k: &str, component: &str) -> String {
        if self.error(k).is_empty() { String::new() } else { format!(" aksel-{component}--error") }
    }

    /// `aria-invalid` and `aria-describedby` for field `k`: its hint (`hint` names it, or is
    /// empty) and, when it has one, its own message.
    pub fn aria(&self, k: &str, hint: &str) -> String {
        let error = (!self.error(k).is_empty()).then(|| format!("{k}-error"));
        let ids: Vec<String> = (!hint.is_empty()).then(|| hint.to_owned()).into_iter().chain(error.clone()).collect();
        let invalid = if error.is_some() { " aria-invalid=\"true\"" } else { "" };
        if ids.is_empty() { String::new() } else { format!("{invalid} aria-describedby=\"{}\"", ids.join(" ")) }
    }
}

impl Filled {
    /// Whether the less common fields (travel, status, note, out of office) start unfolded:
    /// when one of them has a message or holds something other than the quick log's default.
    pub fn more_open(&self) -> bool {
        let travel = |k: &str| !matches!(self.value(k).trim(), "" | "0");
        ["travel_to", "travel_from", "status", "note"].iter().any(|k| !self.error(k).is_empty())
            || travel("travel_to")
            || travel("travel_from")
            || !matches!(self.value("status"), "" | "gjennomfort")
            || !self.value("note").trim().is_empty()
            || self.value("out_of_office") != "on"
    }
}

/// The activity form's fields in the order the page shows them (the ids of their inputs).
const FIELDS: &[&str] = &[
    "kind",
    "participant",
    "employer",
    "channel",
    "place",
    "subcategory",
    "date",
    "time",
    "minutes",
    "travel_to",
    "travel_from",
    "status",
    "note",
];

/// What the form's selects offer.
pub(crate) struct Choices {
    pub participants: Vec<(String, String)>,
    pub employers: Vec<(String, String)>,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub subcategories: Vec<(&'static str, &'static str)>,
    pub statuses: Vec<(&'static str, &'static str)>,
}

impl Choices {
    /// What the employer field shows for a stored value: the employer's name for an id.
    pub fn employer_name<'a>(&'a self, value: &'a str) -> &'a str {
        self.employers.iter().find(|(id, _)| id == value).map_or(value, |(_, name)| name.as_str())
    }
}

/// The viewer's caseload and employers, for the selects.
pub(crate) async fn choices(state: &AppState, viewer: &Viewer) -> Result<Choices, jobbvei_store::StoreError> {
    let today = state.clock.today();
    let (_, who) = scope(state, viewer).await?;
    let participants = state.db.caseload_names(&who, today).await?;
    let employers = state.db.my_employers(viewer.user.id.as_str(), today - chrono::Duration::days(365)).await?;
    Ok(Choices {
        participants,
        employers,
        kinds: ActivityKind::ALL.iter().map(|k| (k.code(), labels::kind(k.code()))).collect(),
        subcategories: Subcategory::ALL.iter().map(|s| (s.code(), labels::subcategory(s.code()))).collect(),
        statuses: ActivityStatus::ALL.iter().map(|s| (s.code(), labels::status(s.code()))).collect(),
    })
}

/// The form's fields as a stored activity fills them in, for the edit page.
pub(crate) fn fields_of(a: &Activity, participant: Option<&str>) -> HashMap<String, String> {
    let local = a.start.with_timezone(&chrono_tz::Europe::Oslo);
    let on = |b: Option<bool>| if b == Some(true) { "on" } else { "" };
    let code = |c: Option<&'static str>| c.unwrap_or("").to_owned();
    [
        ("kind", a.kind.code().to_owned()),
        ("participant", participant.unwrap_or("").to_owned()),
        ("employer", a.employer.as_ref().map(|e| e.as_str().to_owned()).unwrap_or_default()),
        ("channel", code(a.channel.map(|c| c.code()))),
        ("decision_maker", on(a.decision_maker).to_owned()),
        ("out_of_office", on(a.out_of_office).to_owned()),
        ("subcategory", code(a.subcategory.map(|s| s.code()))),
        ("date", local.date_naive().to_string()),
        ("time", format!("{:02}:{:02}", local.hour(), local.minute())),
        ("minutes", a.minutes.to_string()),
        ("travel_to", a.travel_to.unwrap_or(0).to_string()),
        ("travel_from", a.travel_from.unwrap_or(0).to_string()),
        ("status", a.status.code().to_owned()),
        ("place", a.place.clone().unwrap_or_default()),
        ("note", a.note.clone().unwrap_or_default()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// Whole minutes between 0 and a day, or a message on `key` that names its own field, so three
/// wrong numbers side by side get three different messages.
pub(crate) fn minutes(form: &HashMap<String, String>, key: &'static str, errors: &mut Errors) -> u32 {
    match form.get(key).map(|s| s.trim()).unwrap_or("0").parse::<u32>() {
        Ok(n) if n <= MAX_MINUTES => n,
        _ => {
            let what = match key {
                "travel_to" => "Reise dit",
                "travel_from" => "Reise fra",
                _ => "Minutter",
            };
            errors.insert(key, format!("{what}: skriv et helt antall minutter mellom 0 og 1440."));
            0
        }
    }
}

/// Jobbsporet's rule: a meeting cannot be done (or missed) before its time.
pub(crate) fn not_yet(
    status: ActivityStatus,
    start: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    status.is_done() && start > now
}

pub(crate) const NOT_YET: &str = "Et møte kan ikke være gjennomført før det har skjedd.";

/// The participant an edited activity already belongs to, with its course. While the form
/// keeps that participant, the course is kept too, even if it has ended since.
pub(crate) struct Kept {
    pub participant: String,
    pub course: ExtId,
    pub course_start: NaiveDate,
}

/// The checked form: everything of an activity except its id and who logged it.
pub(crate) struct Draft {
    kind: ActivityKind,
    start: chrono::DateTime<chrono::Utc>,
    minutes: u32,
    status: ActivityStatus,
    channel: Option<Channel>,
    out_of_office: bool,
    travel_to: u32,
    travel_from: u32,
    course: Option<ExtId>,
    employer: Option<ExtId>,
    decision_maker: bool,
    subcategory: Option<Subcategory>,
    place: Option<String>,
    note: Option<String>,
    /// "Kandidat presentert": kept beside the activity (`activity_candidate`), not in it.
    candidate_presented: bool,
}

impl Draft {
    pub fn candidate_presented(&self) -> bool {
        self.candidate_presented
    }

    /// The employer the form names, found from what was typed (a name or an org. number).
    pub fn employer(&self) -> Option<&ExtId> {
        self.employer.as_ref()
    }

    pub fn into_activity(self, id: ExtId, user: ExtId, employer_contact: Option<ExtId>) -> Activity {
        Activity {
            id,
            user,
            kind: self.kind,
            start: self.start,
            minutes: self.minutes,
            status: self.status,
            channel: self.channel,
            out_of_office: Some(self.out_of_office),
            travel_to: Some(self.travel_to),
            travel_from: Some(self.travel_from),
            course: self.course,
            employer: self.employer,
            employer_contact,
            decision_maker: Some(self.decision_maker),
            subcategory: self.subcategory,
            place: self.place,
            note: self.note,
        }
    }
}

/// Checks the form. `Ok(Err(..))` is bad input, with a message per field; `Err` is an
/// internal error already turned into a page.
pub(crate) async fn read(
    state: &AppState,
    viewer: &Viewer,
    form: &HashMap<String, String>,
    kept: Option<&Kept>,
) -> Result<Result<Draft, Errors>, Response> {
    let mut errors = Errors::new();
    let field = |k: &str| form.get(k).map(|s| s.trim().to_owned()).unwrap_or_default();
    let kind = ActivityKind::parse(&field("kind"));
    if kind.is_none() {
        errors.insert("kind", "Velg hva slags aktivitet det var.".into());
    }
    // Left out, a choice takes its default; a value no choice has is refused, not replaced.
    let status = match field("status").as_str() {
        "" => ActivityStatus::Done,
        code => ActivityStatus::parse(code).unwrap_or_else(|| {
            errors.insert("status", "Velg en status fra listen.".into());
            ActivityStatus::Done
        }),
    };
    let channel = Channel::parse(&field("channel"));
    if channel.is_none() && !field("channel").is_empty() {
        errors.insert("channel", "Velg fysisk, digitalt eller telefon.".into());
    }
    let subcategory = Subcategory::parse(&field("subcategory"));
    if subcategory.is_none() && !field("subcategory").is_empty() {
        errors.insert("subcategory", "Velg en underkategori fra listen.".into());
    }
    let date = NaiveDate::parse_from_str(&field("date"), "%Y-%m-%d").ok();
    let time = NaiveTime::parse_from_str(&field("time"), "%H:%M").ok();
    let start = match (date, time) {
        (Some(d), Some(t)) if bounds::date_ok(d) => oslo_instant(d, t.hour(), t.minute()),
        (Some(_), Some(_)) => {
            errors.insert("date", crate::dates::out_of_range());
            None
        }
        _ => None,
    };
    if start.is_none() && !errors.contains_key("date") {
        errors.insert("date", "Skriv dato og klokkeslett, for eksempel 2024-03-04 og 09:30.".into());
    }
    let minutes_spent = minutes(form, "minutes", &mut errors);
    if minutes_spent == 0 && !errors.contains_key("minutes") {
        errors.insert("minutes", "Varigheten må være minst 1 minutt.".into());
    }
    let (travel_to, travel_from) = (minutes(form, "travel_to", &mut errors), minutes(form, "travel_from", &mut errors));
    // A text area sends line breaks as \r\n; stored text keeps \n only (bounds::plain_text).
    let place = field("place").replace("\r\n", "\n");
    let note = field("note").replace("\r\n", "\n");
    if place.chars().count() > MAX_PLACE {
        errors.insert("place", format!("Stedet kan ha høyst {MAX_PLACE} tegn."));
    }
    if note.chars().count() > MAX_NOTE {
        errors.insert("note", format!("Notatet kan ha høyst {MAX_NOTE} tegn."));
    }
    for (key, text) in [("place", &place), ("note", &note)] {
        if !bounds::plain_text(text) {
            errors.entry(key).or_insert_with(|| "Feltet kan bare inneholde vanlig tekst.".into());
        }
    }
    // Jobbsporet's rules: a physical meeting needs a place; a meeting cannot be done before its time.
    if channel == Some(Channel::Physical) && place.is_empty() && kind != Some(ActivityKind::PhoneSmsEmail) {
        errors.insert("place", "Et fysisk møte trenger et sted.".into());
    }
    if start.is_some_and(|s| not_yet(status, s, state.clock.now())) {
        errors.insert("status", NOT_YET.into());
    }
    let participant = field("participant");
    let mut course = None;
    if let Some(k) = kept.filter(|k| k.participant == participant) {
        course = Some((k.course.clone(), k.course_start));
    } else if !participant.is_empty() {
        match state.db.write_access(&participant, state.clock.today()).await {
            Ok(Some(w)) if may_write_participant(viewer, &w.access) => {
                course = w.open_course.and_then(|(id, start)| Some((ExtId::parse(&id).ok()?, start)));
                if course.is_none() {
                    errors.insert("participant", "Deltakeren har ikke et åpent forløp.".into());
                }
            }
            Ok(_) => {
                errors.insert("participant", "Velg en deltaker fra porteføljen din.".into());
            }
            Err(e) => {
                tracing::error!(error = %e, "access lookup failed");
                return Err(internal_error());
            }
        }
    }
    if let (Some((_, course_start)), Some(d)) = (&course, date)
        && d < *course_start
        && kind == Some(ActivityKind::EmployerMeeting)
    {
        errors.insert("date", "Et arbeidsgivermøte kan ikke være før forløpet startet.".into());
    }
    let employer = field("employer");
    let employer = if employer.is_empty() {
        None
    } else {
        match super::employer_name::resolve(&state.db, &employer).await {
            Ok(Ok(id)) => Some(id),
            Ok(Err(message)) => {
                errors.insert("employer", message.into());
                None
            }
            Err(e) => {
                tracing::error!(error = %e, "employer lookup failed");
                return Err(internal_error());
            }
        }
    };
    let candidate_presented = form.get("candidate_presented").is_some_and(|v| v == "on");
    if candidate_presented && employer.is_none() && !errors.contains_key("employer") {
        errors.insert("employer", "Velg arbeidsgiveren kandidaten ble presentert for.".into());
    }
    let (Some(kind), Some(start), true) = (kind, start, errors.is_empty()) else {
        return Ok(Err(errors));
    };
    Ok(Ok(Draft {
        kind,
        start,
        minutes: minutes_spent,
        status,
        channel,
        out_of_office: form.get("out_of_office").is_some_and(|v| v == "on"),
        travel_to,
        travel_from,
        course: course.map(|(c, _)| c),
        employer,
        decision_maker: form.get("decision_maker").is_some_and(|v| v == "on"),
        subcategory,
        place: (!place.is_empty()).then_some(place),
        note: (!note.is_empty()).then_some(note),
        candidate_presented,
    }))
}
