//! What the participant page shows of the job chain: every job with its terms, dated
//! percentages, probation, planned and actual end; the picture (`chain`); the unpaid
//! placements with their purpose and extensions; and the follow-up checks after hiring.

use std::collections::HashMap;

use chrono::NaiveDate;
use jobbvei_domain::{FollowupCheck, Job, Measure, MeasureKind, MeasureStatus};
use jobbvei_store::ParticipantPageData;

use super::chain::{self, Band, Link, date, percent};
use super::labels;
use crate::course_end::area_label;
use crate::measures::kind_label;

/// Everything about the chain that the participant record does not hold.
pub(crate) struct ChainData {
    /// Every course's jobs with their percentage history, by start.
    pub jobs: Vec<Job>,
    pub measures: Vec<Measure>,
    pub checks: Vec<FollowupCheck>,
    /// (job id, purpose) of the placements that have one.
    pub purposes: Vec<(String, String)>,
    /// Employer id → name.
    pub employers: HashMap<String, String>,
}

/// The chain from what the page read at once (`Db::participant_page`): the record's jobs by
/// start, the measures by start and the checks by due date.
pub(crate) fn of(page: &ParticipantPageData) -> ChainData {
    let mut jobs = page.record.jobs.clone();
    jobs.sort_by(|a, b| (a.start, a.id.as_str()).cmp(&(b.start, b.id.as_str())));
    let mut measures = page.measures.clone();
    measures.sort_by(|a, b| (a.from, a.id.as_str()).cmp(&(b.from, b.id.as_str())));
    let mut checks = page.checks.clone();
    checks.sort_by(|a, b| (a.due, a.id.as_str()).cmp(&(b.due, b.id.as_str())));
    let employers = page.employers.iter().cloned().collect();
    ChainData { jobs, measures, checks, purposes: page.purposes.clone(), employers }
}

/// One row of the table beside the picture.
pub(crate) struct JobRow {
    /// For the job's actions (percentage, end, follow-up check).
    pub id: String,
    /// Ongoing, so it can still be changed and ended.
    pub open: bool,
    pub n: usize,
    pub title: String,
    pub form: &'static str,
    pub work: bool,
    pub employer: String,
    pub styrk: String,
    pub terms: String,
    pub period: String,
    pub percent: String,
    pub probation_end: String,
    pub planned_end: String,
    pub ended: String,
    pub measures: String,
}

/// An unpaid placement with its form; the typed values and messages when a save failed.
pub(crate) struct PlacementView {
    pub job_id: String,
    pub n: usize,
    pub title: String,
    pub form: &'static str,
    pub purpose: String,
    pub extensions: u32,
    pub planned_end: String,
    pub ended: bool,
    pub purpose_value: String,
    pub purpose_error: String,
    pub end_value: String,
    pub end_error: String,
}

pub(crate) struct CheckView {
    pub job: String,
    pub due: String,
    pub state: String,
    pub areas: String,
    pub note: String,
}

/// What a failed placement form sends back to the page.
#[derive(Debug, Default)]
pub(crate) struct PlacementInput {
    pub job: String,
    pub form: HashMap<String, String>,
    pub errors: HashMap<&'static str, String>,
}

fn title(j: &Job) -> String {
    j.title.clone().unwrap_or_else(|| "Uten tittel".into())
}

/// The measures drawn and listed with a job: those granted, running or ended.
fn job_measures<'a>(d: &'a ChainData, j: &Job) -> impl Iterator<Item = &'a Measure> {
    let id = j.id.clone();
    d.measures.iter().filter(move |m| {
        m.job.as_ref() == Some(&id)
            && matches!(m.status, MeasureStatus::Granted | MeasureStatus::Active | MeasureStatus::Ended)
    })
}

fn measure_label(m: &Measure) -> String {
    let mut s = kind_label(m.kind).to_owned();
    if matches!(m.kind, MeasureKind::TemporaryWageSubsidy | MeasureKind::PermanentWageSubsidy)
        && let Some(p) = m.percent
    {
        s.push(' ');
        s.push_str(&percent(p));
    }
    s
}

fn ended_by(j: &Job) -> Option<&'static str> {
    j.ended_by.map(|b| match b.code() {
        "arbeidstaker" => "avsluttet av arbeidstaker",
        "arbeidsgiver" => "avsluttet av arbeidsgiver",
        "gjensidig" => "avsluttet av begge",
        _ => "utløpt",
    })
}

/// The picture's input.
pub(crate) fn links(d: &ChainData) -> Vec<Link> {
    d.jobs
        .iter()
        .map(|j| Link {
            label: format!("{} · {}", short_form(j), title(j)),
            unpaid: j.form.is_unpaid_placement(),
            start: j.start,
            end: j.end,
            ended_by: ended_by(j),
            probation_end: j.probation_end,
            planned_end: j.planned_end,
            steps: j.percent.iter().map(|s| (s.from, s.percent)).collect(),
            bands: job_measures(d, j)
                .map(|m| Band { label: measure_label(m), from: m.from.unwrap_or(j.start), to: m.to })
                .collect(),
        })
        .collect()
}

/// The form without the "(ulønnet, ikke arbeid)" tail, which the picture says its own way.
fn short_form(j: &Job) -> &'static str {
    let full = labels::job_form(j.form.code());
    full.split(" (").next().unwrap_or(full)
}

/// The picture, with a text alternative that lists the chain: drawn twice, wide for a desktop
/// and narrow with larger text for a phone; the stylesheet shows one of them.
pub(crate) fn picture(d: &ChainData, today: NaiveDate) -> String {
    let links = links(d);
    let summary = format!(
        "{} ledd i jobbkjeden. {}",
        links.len(),
        links.iter().enumerate().map(|(i, l)| chain::row_text(i + 1, l)).collect::<Vec<_>>().join("; ")
    );
    let wide = chain::svg(&links, today, &summary);
    if wide.is_empty() {
        return wide;
    }
    format!(
        "<div class=\"chain-wide\">{wide}</div><div class=\"chain-phone\">{}</div>",
        chain::svg_phone(&links, today, &summary)
    )
}

pub(crate) fn rows(d: &ChainData) -> Vec<JobRow> {
    d.jobs
        .iter()
        .enumerate()
        .map(|(i, j)| {
            let terms = [
                match j.paid {
                    Some(true) => "Lønnet",
                    Some(false) => "Ulønnet",
                    None => "",
                },
                match j.ordinary_terms {
                    Some(true) => "ordinære lønns- og arbeidsvilkår",
                    Some(false) => "ikke ordinære vilkår",
                    None => "",
                },
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
            let mut percent_text =
                j.percent.iter().map(|s| format!("{} fra {}", percent(s.percent), date(s.from))).collect::<Vec<_>>();
            if let Some(h) = j.hours_per_week {
                percent_text.push(format!("{} t/uke", h.to_string().replace('.', ",")));
            }
            let ended = match j.end {
                Some(e) => {
                    let mut s = date(e);
                    if let Some(by) = ended_by(j) {
                        s.push_str(&format!(", {by}"));
                    }
                    if let Some(r) = &j.end_reason {
                        s.push_str(&format!(": {r}"));
                    }
                    s
                }
                None => "Pågår".into(),
            };
            JobRow {
                id: j.id.as_str().to_owned(),
                open: j.end.is_none(),
                n: i + 1,
                title: title(j),
                form: labels::job_form(j.form.code()),
                work: j.is_paid_work(),
                employer: d.employers.get(j.employer.as_str()).cloned().unwrap_or_default(),
                styrk: j
                    .styrk
                    .map(|s| match s.occupation() {
                        Some(o) => format!("{} {}", s.as_str(), o.name),
                        None => s.as_str().to_owned(),
                    })
                    .unwrap_or_default(),
                terms,
                period: format!("{} – {}", date(j.start), j.end.map(date).unwrap_or_else(|| "pågår".into())),
                percent: percent_text.join(" → "),
                probation_end: j.probation_end.map(date).unwrap_or_default(),
                planned_end: j.planned_end.map(date).unwrap_or_default(),
                ended,
                measures: job_measures(d, j)
                    .map(|m| {
                        let span = format!(
                            "{} – {}",
                            m.from.map(date).unwrap_or_default(),
                            m.to.map(date).unwrap_or_default()
                        );
                        format!("{} ({}, {span})", measure_label(m), crate::measures::status_label(m.status))
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            }
        })
        .collect()
}

pub(crate) fn placements(d: &ChainData, input: Option<&PlacementInput>) -> Vec<PlacementView> {
    d.jobs
        .iter()
        .enumerate()
        .filter(|(_, j)| j.form.is_unpaid_placement())
        .map(|(i, j)| {
            let purpose =
                d.purposes.iter().find(|(id, _)| id == j.id.as_str()).map(|(_, p)| p.clone()).unwrap_or_default();
            let mine = input.filter(|x| x.job == j.id.as_str());
            let typed = |k: &str| mine.and_then(|x| x.form.get(k)).cloned();
            let error = |k: &str| mine.and_then(|x| x.errors.get(k)).cloned().unwrap_or_default();
            PlacementView {
                job_id: j.id.to_string(),
                n: i + 1,
                title: title(j),
                form: labels::job_form(j.form.code()),
                purpose_value: typed("purpose").unwrap_or_else(|| purpose.clone()),
                purpose,
                extensions: j.extensions.unwrap_or(0),
                planned_end: j.planned_end.map(date).unwrap_or_default(),
                ended: j.end.is_some(),
                purpose_error: error("purpose"),
                end_value: typed("planned_end").unwrap_or_default(),
                end_error: error("planned_end"),
            }
        })
        .collect()
}

/// The follow-up checks; notes and the area "Helse" only for the case roles, since they
/// touch on health.
pub(crate) fn checks(d: &ChainData, today: NaiveDate, show_notes: bool) -> Vec<CheckView> {
    d.checks
        .iter()
        .map(|c| CheckView {
            job: d
                .jobs
                .iter()
                .enumerate()
                .find(|(_, j)| j.id == c.job)
                .map(|(i, j)| format!("{}. {}", i + 1, title(j)))
                .unwrap_or_default(),
            due: date(c.due),
            state: match c.done {
                Some(done) => format!("Gjennomført {}", date(done)),
                None if c.due >= today => "Planlagt".into(),
                None => "Ikke gjennomført".into(),
            },
            areas: c
                .areas
                .iter()
                .filter(|a| show_notes || **a != jobbvei_domain::FollowupArea::Health)
                .map(|a| area_label(*a))
                .collect::<Vec<_>>()
                .join(", "),
            note: if show_notes { c.note.clone().unwrap_or_default() } else { String::new() },
        })
        .collect()
}
