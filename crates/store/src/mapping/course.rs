use jobbvei_domain::{Course, EndCause, Method, PassivePeriod, Phase, PhaseEntry, Referral, ReferralDecision};

use super::{Table, code, ext_id, opt_code};
use crate::StoreError;
use crate::engine::{Binder, Col};

pub(crate) const REFERRAL: Table = Table {
    name: "referral",
    columns: &["id", "participant_id", "veileder_id", "team_id", "sent", "decision", "decided", "reason"],
    key: &["id"],
};

pub(crate) fn bind_referral(b: &mut dyn Binder, r: &Referral) {
    b.text(r.id.as_str());
    b.text(r.participant.as_str());
    b.text(r.veileder.as_str());
    b.text(r.team.as_str());
    b.date(r.sent);
    b.opt_text(r.decision.map(ReferralDecision::code));
    b.opt_date(r.decided);
    b.opt_text(r.reason.as_deref());
}

pub(crate) fn read_referral(r: &impl Col) -> Result<Referral, StoreError> {
    Ok(Referral {
        id: ext_id("referral", "id", r.text(0)?)?,
        participant: ext_id("referral", "participant_id", r.text(1)?)?,
        veileder: ext_id("referral", "veileder_id", r.text(2)?)?,
        team: ext_id("referral", "team_id", r.text(3)?)?,
        sent: r.date(4)?,
        decision: opt_code("referral", "decision", r.opt_text(5)?, ReferralDecision::parse)?,
        decided: r.opt_date(6)?,
        reason: r.opt_text(7)?,
    })
}

pub(crate) const COURSE: Table = Table {
    name: "course",
    columns: &[
        "id",
        "participant_id",
        "method",
        "job_specialist_id",
        "start_date",
        "referred",
        "end_date",
        "end_cause",
        "end_cause_detail",
    ],
    key: &["id"],
};

pub(crate) fn bind_course(b: &mut dyn Binder, c: &Course) {
    b.text(c.id.as_str());
    b.text(c.participant.as_str());
    b.text(c.method.code());
    b.text(c.job_specialist.as_str());
    b.date(c.start);
    b.opt_date(c.referred);
    b.opt_date(c.end);
    b.opt_text(c.end_cause.map(EndCause::code));
    b.opt_text(c.end_cause_detail.as_deref());
}

pub(crate) fn read_course(r: &impl Col) -> Result<Course, StoreError> {
    Ok(Course {
        id: ext_id("course", "id", r.text(0)?)?,
        participant: ext_id("course", "participant_id", r.text(1)?)?,
        method: code("course", "method", r.text(2)?, Method::parse)?,
        job_specialist: ext_id("course", "job_specialist_id", r.text(3)?)?,
        start: r.date(4)?,
        referred: r.opt_date(5)?,
        end: r.opt_date(6)?,
        end_cause: opt_code("course", "end_cause", r.opt_text(7)?, EndCause::parse)?,
        end_cause_detail: r.opt_text(8)?,
    })
}

pub(crate) const PHASE: Table =
    Table { name: "course_phase", columns: &["course_id", "from_date", "phase"], key: &["course_id", "from_date"] };

pub(crate) fn bind_phase(b: &mut dyn Binder, p: &PhaseEntry) {
    b.text(p.course.as_str());
    b.date(p.from);
    b.text(p.phase.code());
}

pub(crate) fn read_phase(r: &impl Col) -> Result<PhaseEntry, StoreError> {
    Ok(PhaseEntry {
        course: ext_id("course_phase", "course_id", r.text(0)?)?,
        from: r.date(1)?,
        phase: code("course_phase", "phase", r.text(2)?, Phase::parse)?,
    })
}

pub(crate) const PASSIVE: Table = Table {
    name: "passive_period",
    columns: &["course_id", "from_date", "to_date", "reason"],
    key: &["course_id", "from_date"],
};

pub(crate) fn bind_passive(b: &mut dyn Binder, p: &PassivePeriod) {
    b.text(p.course.as_str());
    b.date(p.from);
    b.opt_date(p.to);
    b.opt_text(p.reason.as_deref());
}

pub(crate) fn read_passive(r: &impl Col) -> Result<PassivePeriod, StoreError> {
    Ok(PassivePeriod {
        course: ext_id("passive_period", "course_id", r.text(0)?)?,
        from: r.date(1)?,
        to: r.opt_date(2)?,
        reason: r.opt_text(3)?,
    })
}
