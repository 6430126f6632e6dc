use jobbvei_domain::time::oslo_date;
use jobbvei_domain::{Activity, ActivityKind, ActivityStatus, Channel, Education, EducationStatus, EndedBy};
use jobbvei_domain::{FollowupArea, FollowupCheck, Job, JobForm, Measure, MeasureKind, MeasureStatus};
use jobbvei_domain::{PercentStep, StyrkCode, Subcategory};

use super::{Table, code, corrupt, ext_id, opt_code, opt_ext_id, opt_u32};
use crate::StoreError;
use crate::engine::{Binder, Col};

pub(crate) const ACTIVITY: Table = Table {
    name: "activity",
    columns: &[
        "id",
        "user_id",
        "kind",
        "start_at",
        "local_date",
        "minutes",
        "status",
        "channel",
        "out_of_office",
        "travel_to",
        "travel_from",
        "course_id",
        "employer_id",
        "contact_id",
        "decision_maker",
        "subcategory",
        "place",
        "note",
    ],
    key: &["id"],
};

pub(crate) fn bind_activity(b: &mut dyn Binder, a: &Activity) {
    b.text(a.id.as_str());
    b.text(a.user.as_str());
    b.text(a.kind.code());
    b.instant(a.start);
    b.date(oslo_date(a.start));
    b.int(i64::from(a.minutes));
    b.text(a.status.code());
    b.opt_text(a.channel.map(Channel::code));
    b.opt_bool(a.out_of_office);
    b.opt_int(a.travel_to.map(i64::from));
    b.opt_int(a.travel_from.map(i64::from));
    b.opt_text(a.course.as_ref().map(|c| c.as_str()));
    b.opt_text(a.employer.as_ref().map(|c| c.as_str()));
    b.opt_text(a.employer_contact.as_ref().map(|c| c.as_str()));
    b.opt_bool(a.decision_maker);
    b.opt_text(a.subcategory.map(Subcategory::code));
    b.opt_text(a.place.as_deref());
    b.opt_text(a.note.as_deref());
}

pub(crate) fn read_activity(r: &impl Col) -> Result<Activity, StoreError> {
    const T: &str = "activity";
    let minutes = r.int(5)?;
    Ok(Activity {
        id: ext_id(T, "id", r.text(0)?)?,
        user: ext_id(T, "user_id", r.text(1)?)?,
        kind: code(T, "kind", r.text(2)?, ActivityKind::parse)?,
        start: r.instant(3)?,
        minutes: u32::try_from(minutes).map_err(|_| corrupt(T, "minutes", &minutes.to_string()))?,
        status: code(T, "status", r.text(6)?, ActivityStatus::parse)?,
        channel: opt_code(T, "channel", r.opt_text(7)?, Channel::parse)?,
        out_of_office: r.opt_bool(8)?,
        travel_to: opt_u32(T, "travel_to", r.opt_int(9)?)?,
        travel_from: opt_u32(T, "travel_from", r.opt_int(10)?)?,
        course: opt_ext_id(T, "course_id", r.opt_text(11)?)?,
        employer: opt_ext_id(T, "employer_id", r.opt_text(12)?)?,
        employer_contact: opt_ext_id(T, "contact_id", r.opt_text(13)?)?,
        decision_maker: r.opt_bool(14)?,
        subcategory: opt_code(T, "subcategory", r.opt_text(15)?, Subcategory::parse)?,
        place: r.opt_text(16)?,
        note: r.opt_text(17)?,
    })
}

pub(crate) const JOB: Table = Table {
    name: "job",
    columns: &[
        "id",
        "course_id",
        "employer_id",
        "form",
        "start_date",
        "title",
        "styrk",
        "paid",
        "ordinary_terms",
        "hours_per_week",
        "probation_end",
        "planned_end",
        "end_date",
        "ended_by",
        "end_reason",
        "extensions",
    ],
    key: &["id"],
};

pub(crate) fn bind_job(b: &mut dyn Binder, j: &Job) {
    b.text(j.id.as_str());
    b.text(j.course.as_str());
    b.text(j.employer.as_str());
    b.text(j.form.code());
    b.date(j.start);
    b.opt_text(j.title.as_deref());
    b.opt_text(j.styrk.map(StyrkCode::as_str));
    b.opt_bool(j.paid);
    b.opt_bool(j.ordinary_terms);
    b.opt_float(j.hours_per_week);
    b.opt_date(j.probation_end);
    b.opt_date(j.planned_end);
    b.opt_date(j.end);
    b.opt_text(j.ended_by.map(EndedBy::code));
    b.opt_text(j.end_reason.as_deref());
    b.opt_int(j.extensions.map(i64::from));
}

/// Reads a job without its percentage history, which lives in `job_percent`.
pub(crate) fn read_job(r: &impl Col) -> Result<Job, StoreError> {
    const T: &str = "job";
    Ok(Job {
        id: ext_id(T, "id", r.text(0)?)?,
        course: ext_id(T, "course_id", r.text(1)?)?,
        employer: ext_id(T, "employer_id", r.text(2)?)?,
        form: code(T, "form", r.text(3)?, JobForm::parse)?,
        start: r.date(4)?,
        title: r.opt_text(5)?,
        styrk: opt_code(T, "styrk", r.opt_text(6)?, StyrkCode::parse)?,
        paid: r.opt_bool(7)?,
        ordinary_terms: r.opt_bool(8)?,
        percent: Vec::new(),
        hours_per_week: r.opt_float(9)?,
        probation_end: r.opt_date(10)?,
        planned_end: r.opt_date(11)?,
        end: r.opt_date(12)?,
        ended_by: opt_code(T, "ended_by", r.opt_text(13)?, EndedBy::parse)?,
        end_reason: r.opt_text(14)?,
        extensions: opt_u32(T, "extensions", r.opt_int(15)?)?,
    })
}

pub(crate) const JOB_PERCENT: Table =
    Table { name: "job_percent", columns: &["job_id", "from_date", "percent"], key: &["job_id", "from_date"] };

pub(crate) fn bind_job_percent(b: &mut dyn Binder, (job, step): &(&str, PercentStep)) {
    b.text(job);
    b.date(step.from);
    b.float(step.percent);
}

pub(crate) fn read_job_percent(r: &impl Col) -> Result<(String, PercentStep), StoreError> {
    Ok((r.text(0)?, PercentStep { from: r.date(1)?, percent: r.float(2)? }))
}

pub(crate) const EDUCATION: Table = Table {
    name: "education",
    columns: &["id", "course_id", "level", "start_date", "status", "programme", "institution", "end_date"],
    key: &["id"],
};

pub(crate) fn bind_education(b: &mut dyn Binder, e: &Education) {
    b.text(e.id.as_str());
    b.text(e.course.as_str());
    b.text(&e.level);
    b.date(e.start);
    b.opt_text(e.status.map(EducationStatus::code));
    b.opt_text(e.programme.as_deref());
    b.opt_text(e.institution.as_deref());
    b.opt_date(e.end);
}

pub(crate) fn read_education(r: &impl Col) -> Result<Education, StoreError> {
    Ok(Education {
        id: ext_id("education", "id", r.text(0)?)?,
        course: ext_id("education", "course_id", r.text(1)?)?,
        level: r.text(2)?,
        start: r.date(3)?,
        status: opt_code("education", "status", r.opt_text(4)?, EducationStatus::parse)?,
        programme: r.opt_text(5)?,
        institution: r.opt_text(6)?,
        end: r.opt_date(7)?,
    })
}

pub(crate) const MEASURE: Table = Table {
    name: "measure",
    columns: &[
        "id",
        "course_id",
        "kind",
        "status",
        "job_id",
        "percent",
        "hours",
        "amount_nok",
        "from_date",
        "to_date",
        "decided_by",
        "reason",
    ],
    key: &["id"],
};

pub(crate) fn bind_measure(b: &mut dyn Binder, m: &Measure) {
    b.text(m.id.as_str());
    b.text(m.course.as_str());
    b.text(m.kind.code());
    b.text(m.status.code());
    b.opt_text(m.job.as_ref().map(|j| j.as_str()));
    b.opt_float(m.percent);
    b.opt_float(m.hours);
    b.opt_float(m.amount_nok);
    b.opt_date(m.from);
    b.opt_date(m.to);
    b.opt_text(m.decided_by.as_ref().map(|u| u.as_str()));
    b.opt_text(m.reason.as_deref());
}

pub(crate) fn read_measure(r: &impl Col) -> Result<Measure, StoreError> {
    const T: &str = "measure";
    Ok(Measure {
        id: ext_id(T, "id", r.text(0)?)?,
        course: ext_id(T, "course_id", r.text(1)?)?,
        kind: code(T, "kind", r.text(2)?, MeasureKind::parse)?,
        status: code(T, "status", r.text(3)?, MeasureStatus::parse)?,
        job: opt_ext_id(T, "job_id", r.opt_text(4)?)?,
        percent: r.opt_float(5)?,
        hours: r.opt_float(6)?,
        amount_nok: r.opt_float(7)?,
        from: r.opt_date(8)?,
        to: r.opt_date(9)?,
        decided_by: opt_ext_id(T, "decided_by", r.opt_text(10)?)?,
        reason: r.opt_text(11)?,
    })
}

pub(crate) const FOLLOWUP: Table = Table {
    name: "followup_check",
    columns: &["id", "course_id", "job_id", "due", "done", "areas", "note"],
    key: &["id"],
};

pub(crate) fn bind_followup(b: &mut dyn Binder, f: &FollowupCheck) {
    b.text(f.id.as_str());
    b.text(f.course.as_str());
    b.text(f.job.as_str());
    b.date(f.due);
    b.opt_date(f.done);
    let areas: Vec<&str> = f.areas.iter().map(|a| a.code()).collect();
    b.text(&areas.join(","));
    b.opt_text(f.note.as_deref());
}

pub(crate) fn read_followup(r: &impl Col) -> Result<FollowupCheck, StoreError> {
    const T: &str = "followup_check";
    let areas_text = r.text(5)?;
    let areas = areas_text
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|a| FollowupArea::parse(a).ok_or_else(|| corrupt(T, "areas", &areas_text)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(FollowupCheck {
        id: ext_id(T, "id", r.text(0)?)?,
        course: ext_id(T, "course_id", r.text(1)?)?,
        job: ext_id(T, "job_id", r.text(2)?)?,
        due: r.date(3)?,
        done: r.opt_date(4)?,
        areas,
        note: r.opt_text(6)?,
    })
}
