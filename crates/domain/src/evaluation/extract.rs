//! The pseudonymised research extract of DOMAIN.md §11: one row per course of §10's
//! population, with the outcome fields, the background in bands, every date as days since
//! the course's start, and a keyed pseudonym in place of the person.
//!
//! The quasi-identifiers (birth-year band, Norwegian level, interpreter, county, method)
//! must form groups of at least k rows. The whole extract is generalised one step at a time
//! (the birth-year band widened from ten to twenty years, then the county widened to its
//! region) until at most [`MAX_SUPPRESSED_PERCENT`] of the rows are in groups smaller than
//! k, or no step is left; the rows still in such groups are then left out. Widening every
//! row alike (not only those of the small groups) keeps the bands from overlapping, so a
//! reader cannot narrow a row down by intersecting two bands.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::county::{county_of, region_of};
use super::pseudonym::PseudonymKey;
use crate::codes;
use crate::course::EndCause;
use crate::job::JobForm;
use crate::organisation::Method;
use crate::outcomes::{OutcomeCourse, OutcomeData, PercentBand, Split, Status, UNKNOWN, band, split_value};
use crate::survival::observe;

/// The extract's columns, in order.
pub const COLUMNS: [&str; 15] = [
    "pseudonym",
    "method",
    "birth_year_band",
    "norwegian_level",
    "interpreter",
    "county",
    "start_year",
    "days_to_first_paid_job",
    "event",
    "days_observed",
    "status",
    "status_job_form",
    "status_job_percent_band",
    "ended",
    "end_cause",
];

/// The most rows a generalisation step may leave out before the next step is tried.
pub const MAX_SUPPRESSED_PERCENT: usize = 5;

codes! {
    /// How far the quasi-identifiers were widened, in the order the steps are tried.
    pub enum Generalisation {
        None = "none",
        WideBirthBands = "birth_year_20",
        Regions = "birth_year_20_region",
    }
}

/// What the extract needs of a person, kept apart from the outcome data so that national
/// ids and postal codes are read for the extract alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub national_id: String,
    pub postal_code: Option<String>,
}

/// The window and k; made only by [`ExtractSpec::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtractSpec {
    from: NaiveDate,
    to: NaiveDate,
    k: usize,
}

impl ExtractSpec {
    pub fn new(from: NaiveDate, to: NaiveDate, k: usize) -> Result<ExtractSpec, &'static str> {
        if to < from {
            return Err("the window's last day is before its first");
        }
        if k < 2 {
            return Err("k must be at least 2: a group of one is a person");
        }
        Ok(ExtractSpec { from, to, k })
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn to(&self) -> NaiveDate {
        self.to
    }

    pub fn k(&self) -> usize {
        self.k
    }
}

/// One course, before generalisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractRow {
    pub pseudonym: String,
    pub method: Method,
    pub birth_year: Option<i32>,
    /// `ingen`, `A`, `B` or `ukjent`.
    pub norwegian_level: String,
    /// `ja`, `nei` or `ukjent`.
    pub interpreter: String,
    /// The two-digit county number; `None` when the postal code is missing or unknown.
    pub county: Option<&'static str>,
    pub start_year: i32,
    /// Days from the course's start to its first paid job, when that came by the window's
    /// last day and the course's end.
    pub days_to_first_paid_job: Option<u32>,
    /// Days from the course's start to its end or the window's last day, whichever is first.
    pub days_observed: u32,
    pub status: Status,
    pub status_job_form: Option<JobForm>,
    pub status_job_percent_band: Option<PercentBand>,
    pub ended: bool,
    pub end_cause: Option<EndCause>,
}

impl ExtractRow {
    fn birth_year_band(&self, g: Generalisation) -> String {
        let width = if g == Generalisation::None { 10 } else { 20 };
        self.birth_year.map_or_else(
            || UNKNOWN.to_owned(),
            |y| {
                let start = y.div_euclid(width) * width;
                format!("{start}-{}", start + width - 1)
            },
        )
    }

    fn place(&self, g: Generalisation) -> String {
        let place = match g {
            Generalisation::Regions => self.county.and_then(region_of).map(|r| r.code()),
            _ => self.county,
        };
        place.unwrap_or(UNKNOWN).to_owned()
    }

    /// The quasi-identifiers under `g`.
    fn quasi(&self, g: Generalisation) -> [String; 5] {
        [
            self.birth_year_band(g),
            self.norwegian_level.clone(),
            self.interpreter.clone(),
            self.place(g),
            self.method.code().to_owned(),
        ]
    }

    /// The row's cells in [`COLUMNS`] order under `g`.
    pub fn cells(&self, g: Generalisation) -> [String; 15] {
        let [band, level, interpreter, place, method] = self.quasi(g);
        let flag = |b: bool| if b { "1" } else { "0" }.to_owned();
        let or_blank = |v: Option<&str>| v.unwrap_or("").to_owned();
        [
            self.pseudonym.clone(),
            method,
            band,
            level,
            interpreter,
            place,
            self.start_year.to_string(),
            self.days_to_first_paid_job.map_or_else(String::new, |d| d.to_string()),
            flag(self.days_to_first_paid_job.is_some()),
            self.days_observed.to_string(),
            self.status.code().to_owned(),
            or_blank(self.status_job_form.map(JobForm::code)),
            or_blank(self.status_job_percent_band.map(PercentBand::code)),
            flag(self.ended),
            or_blank(self.end_cause.map(EndCause::code)),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extract {
    pub spec: ExtractSpec,
    pub generalisation: Generalisation,
    /// The rows kept, in the order of their cells (the pseudonym first), which says nothing
    /// of the order the courses were recorded in.
    pub rows: Vec<ExtractRow>,
    /// The smallest quasi-identifier group among the rows kept; `None` when none are.
    pub k_reached: Option<usize>,
    /// The courses of the population that were left out.
    pub suppressed: usize,
}

impl Extract {
    /// What the audit log holds of an extract, the same wherever it is made (the CLI, the
    /// effect page): the window, the k asked and reached, the rows written and left out and
    /// how far the background was widened. Counts and codes only, never a row.
    pub fn audit_fields(&self) -> Vec<String> {
        vec![
            format!("from={}", self.spec.from),
            format!("to={}", self.spec.to),
            format!("k={}", self.spec.k),
            format!("k_reached={}", self.k_reached.map_or_else(|| "none".to_owned(), |k| k.to_string())),
            format!("rows={}", self.rows.len()),
            format!("suppressed={}", self.suppressed),
            format!("generalisation={}", self.generalisation),
        ]
    }

    /// The extract as CSV: a header of [`COLUMNS`] and one line per row. Every cell is a
    /// code or a number, so none needs quoting.
    pub fn csv(&self) -> String {
        let mut out = COLUMNS.join(",");
        out.push('\n');
        for row in &self.rows {
            out.push_str(&row.cells(self.generalisation).join(","));
            out.push('\n');
        }
        out
    }
}

fn row(course: &OutcomeCourse, identity: &Identity, key: &PseudonymKey, to: NaiveDate) -> ExtractRow {
    let background = |s: Split| split_value(s, &course.background, course.method);
    let paid = course.jobs.iter().filter(|j| j.is_paid_work()).map(|j| j.start);
    let observed = observe(course.start, course.end, paid, to);
    let horizon = course.end.map_or(to, |e| e.min(to));
    let status = course.status(to);
    let status_job = if status == Status::Work { course.status_job(to) } else { None };
    ExtractRow {
        pseudonym: key.pseudonym(&identity.national_id),
        method: course.method,
        birth_year: course.background.birth_year,
        norwegian_level: background(Split::NorwegianLevel),
        interpreter: background(Split::Interpreter),
        county: identity.postal_code.as_deref().and_then(county_of),
        start_year: course.start.year(),
        days_to_first_paid_job: observed.filter(|o| o.event).map(|o| o.days),
        days_observed: u32::try_from((horizon - course.start).num_days()).unwrap_or(0),
        status,
        status_job_form: status_job.map(|j| j.form),
        status_job_percent_band: status_job.map(|j| band(j.percent_for(to))),
        ended: course.is_ended_by(to),
        end_cause: if course.is_ended_by(to) { course.end_cause } else { None },
    }
}

/// The sizes of the quasi-identifier groups under `g`, and each row's group.
fn group_sizes(rows: &[ExtractRow], g: Generalisation) -> (Vec<usize>, Vec<usize>) {
    let mut index: HashMap<[String; 5], usize> = HashMap::new();
    let mut sizes = Vec::new();
    let of_row = rows
        .iter()
        .map(|r| {
            let next = index.len();
            let i = *index.entry(r.quasi(g)).or_insert(next);
            if i == sizes.len() {
                sizes.push(0);
            }
            sizes[i] += 1;
            i
        })
        .collect();
    (sizes, of_row)
}

/// The extract of the courses of `data` open on a day of the window, each read on the
/// window's last day. `identities` holds each course's person by course id; a course
/// without one is left out (and counted so).
pub fn extract(
    data: &OutcomeData,
    identities: &HashMap<String, Identity>,
    key: &PseudonymKey,
    spec: &ExtractSpec,
) -> Extract {
    let (from, to) = (spec.from, spec.to);
    let population = data.courses.iter().filter(|c| c.start <= to && c.end.is_none_or(|e| e >= from));
    let mut missing = 0;
    let mut rows: Vec<ExtractRow> = Vec::new();
    for course in population {
        match identities.get(&course.id) {
            Some(identity) => rows.push(row(course, identity, key, to)),
            None => missing += 1,
        }
    }
    let too_small = |g: Generalisation| {
        let (sizes, of_row) = group_sizes(&rows, g);
        of_row.iter().map(|&i| sizes[i] < spec.k).collect::<Vec<bool>>()
    };
    let mut chosen = Generalisation::None;
    let mut left_out = too_small(chosen);
    for &g in &Generalisation::ALL[1..] {
        if left_out.iter().filter(|s| **s).count() * 100 <= rows.len() * MAX_SUPPRESSED_PERCENT {
            break;
        }
        chosen = g;
        left_out = too_small(g);
    }
    let suppressed = left_out.iter().filter(|s| **s).count();
    let mut kept: Vec<ExtractRow> = rows.into_iter().zip(left_out).filter(|(_, out)| !out).map(|(r, _)| r).collect();
    kept.sort_by_cached_key(|r| r.cells(chosen));
    let (sizes, _) = group_sizes(&kept, chosen);
    Extract {
        spec: *spec,
        generalisation: chosen,
        k_reached: sizes.into_iter().min(),
        rows: kept,
        suppressed: suppressed + missing,
    }
}
