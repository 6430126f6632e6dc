//! Export: every record, type by type in [`TYPES`](crate::record::TYPES) order and by id
//! within a type, so that a re-import accepts it and two exports compare equal. The version 1.1
//! types come after every 1.0 type; a database without them exports a 1.0 file.

use std::io::Write;

use jobbvei_domain::time::to_oslo_rfc3339;
use jobbvei_domain::*;
use jobbvei_store::Db;

use crate::error::ExchangeError;
use crate::line::Line;

/// Writes the whole database, as one consistent snapshot, to `out`; returns the number
/// of records written.
pub async fn export(db: &Db, out: &mut dyn Write) -> Result<usize, ExchangeError> {
    let mut db = db.snapshot().await?;
    let mut n = 0usize;
    let mut put = |line: &mut Line| -> Result<(), ExchangeError> {
        out.write_all(line.finish())?;
        n += 1;
        Ok(())
    };
    db.each_office(|x| put(Line::new("office").str("id", x.id.as_str()).str("name", &x.name))).await?;
    db.each_team(|x| {
        put(Line::new("team")
            .str("id", x.id.as_str())
            .str("office", x.office.as_str())
            .str("name", &x.name)
            .str("method", x.method.code()))
    })
    .await?;
    db.each_user(|x| put(&mut user(&x))).await?;
    db.each_employer(|x| put(&mut employer(&x))).await?;
    db.each_contact(|x| {
        put(Line::new("employer_contact")
            .str("id", x.id.as_str())
            .str("employer", x.employer.as_str())
            .str("name", &x.name)
            .opt_bool("decision_maker", x.decision_maker)
            .opt_str("phone", x.phone.as_deref())
            .opt_str("email", x.email.as_deref()))
    })
    .await?;
    db.each_participant(|x| put(&mut participant(&x))).await?;
    db.each_referral(|x| put(&mut referral(&x))).await?;
    db.each_course(|x| put(&mut course(&x))).await?;
    db.each_phase(|x| {
        put(Line::new("phase").str("course", x.course.as_str()).str("phase", x.phase.code()).date("from", x.from))
    })
    .await?;
    db.each_passive_period(|x| {
        put(Line::new("passive")
            .str("course", x.course.as_str())
            .date("from", x.from)
            .opt_date("to", x.to)
            .opt_str("reason", x.reason.as_deref()))
    })
    .await?;
    db.each_job(|x| put(&mut job(&x))).await?;
    db.each_education(|x| {
        put(Line::new("education")
            .str("id", x.id.as_str())
            .str("course", x.course.as_str())
            .str("level", &x.level)
            .date("start", x.start)
            .opt_str("status", x.status.map(EducationStatus::code))
            .opt_str("programme", x.programme.as_deref())
            .opt_str("institution", x.institution.as_deref())
            .opt_date("end", x.end))
    })
    .await?;
    db.each_measure(|x| put(&mut measure(&x))).await?;
    db.each_activity(|x| put(&mut activity(&x))).await?;
    db.each_followup_check(|x| {
        put(Line::new("followup_check")
            .str("id", x.id.as_str())
            .str("course", x.course.as_str())
            .str("job", x.job.as_str())
            .date("due", x.due)
            .opt_date("done", x.done)
            .str_list("areas", x.areas.iter().map(|a| a.code()))
            .opt_str("note", x.note.as_deref()))
    })
    .await?;
    crate::casefile::export(&mut db, &mut put).await?;
    out.flush()?;
    db.rollback().await?;
    Ok(n)
}

fn user(x: &User) -> Line {
    let mut l = Line::new("user");
    l.str("id", x.id.as_str())
        .str("name", &x.name)
        .str_list("roles", x.roles.iter().map(|r| r.code()))
        .opt_str("team", x.team.as_ref().map(ExtId::as_str))
        .num("fte", x.fte.get())
        .opt_str("username", x.username.as_deref());
    l
}

fn employer(x: &Employer) -> Line {
    let mut l = Line::new("employer");
    l.str("id", x.id.as_str())
        .str("orgnr", x.orgnr.as_str())
        .str("name", &x.name)
        .opt_str("municipality", x.municipality.as_deref())
        .opt_str("industry", x.industry.as_deref())
        .opt_str("stage", x.stage.map(EmployerStage::code))
        .opt_str("holder", x.holder.as_ref().map(ExtId::as_str));
    l
}

fn participant(x: &Participant) -> Line {
    let mut l = Line::new("participant");
    l.str("id", x.id.as_str())
        .str("name", &x.name)
        .str("fnr", x.fnr.as_str())
        .opt_str("postal_code", x.postal_code.map(PostalCode::as_str))
        .opt_int("birth_year", x.birth_year.and_then(|y| u32::try_from(y).ok()))
        .opt_str("norwegian_level", x.norwegian_level.map(NorwegianLevel::code))
        .opt_bool("interpreter", x.interpreter)
        .opt_str("veileder", x.veileder.as_ref().map(ExtId::as_str))
        .opt_bool("confidential", x.confidential);
    l
}

fn referral(x: &Referral) -> Line {
    let mut l = Line::new("referral");
    l.str("id", x.id.as_str())
        .str("participant", x.participant.as_str())
        .str("veileder", x.veileder.as_str())
        .str("team", x.team.as_str())
        .date("sent", x.sent)
        .opt_str("decision", x.decision.map(ReferralDecision::code))
        .opt_date("decided", x.decided)
        .opt_str("reason", x.reason.as_deref());
    l
}

fn course(x: &Course) -> Line {
    let mut l = Line::new("course");
    l.str("id", x.id.as_str())
        .str("participant", x.participant.as_str())
        .str("method", x.method.code())
        .str("job_specialist", x.job_specialist.as_str())
        .date("start", x.start)
        .opt_date("referred", x.referred)
        .opt_date("end", x.end)
        .opt_str("end_cause", x.end_cause.map(EndCause::code))
        .opt_str("end_cause_detail", x.end_cause_detail.as_deref());
    l
}

fn job(x: &Job) -> Line {
    let mut l = Line::new("job");
    l.str("id", x.id.as_str())
        .str("course", x.course.as_str())
        .str("employer", x.employer.as_str())
        .str("form", x.form.code())
        .date("start", x.start)
        .opt_str("title", x.title.as_deref())
        .opt_str("styrk", x.styrk.map(StyrkCode::as_str))
        .opt_bool("paid", x.paid)
        .opt_bool("ordinary_terms", x.ordinary_terms);
    if !x.percent.is_empty() {
        l.obj_list("percent", &x.percent, |o, s| {
            o.date("from", s.from).num("percent", s.percent);
        });
    }
    l.opt_num("hours_per_week", x.hours_per_week)
        .opt_date("probation_end", x.probation_end)
        .opt_date("planned_end", x.planned_end)
        .opt_date("end", x.end)
        .opt_str("ended_by", x.ended_by.map(EndedBy::code))
        .opt_str("end_reason", x.end_reason.as_deref())
        .opt_int("extensions", x.extensions);
    l
}

fn measure(x: &Measure) -> Line {
    let mut l = Line::new("measure");
    l.str("id", x.id.as_str())
        .str("course", x.course.as_str())
        .str("kind", x.kind.code())
        .str("status", x.status.code())
        .opt_str("job", x.job.as_ref().map(ExtId::as_str))
        .opt_num("percent", x.percent)
        .opt_num("hours", x.hours)
        .opt_num("amount_nok", x.amount_nok)
        .opt_date("from", x.from)
        .opt_date("to", x.to)
        .opt_str("decided_by", x.decided_by.as_ref().map(ExtId::as_str))
        .opt_str("reason", x.reason.as_deref());
    l
}

fn activity(x: &Activity) -> Line {
    let mut l = Line::new("activity");
    l.str("id", x.id.as_str())
        .str("user", x.user.as_str())
        .str("kind", x.kind.code())
        .str("start", &to_oslo_rfc3339(x.start))
        .int("minutes", x.minutes)
        .str("status", x.status.code())
        .opt_str("channel", x.channel.map(Channel::code))
        .opt_bool("out_of_office", x.out_of_office)
        .opt_int("travel_to", x.travel_to)
        .opt_int("travel_from", x.travel_from)
        .opt_str("course", x.course.as_ref().map(ExtId::as_str))
        .opt_str("employer", x.employer.as_ref().map(ExtId::as_str))
        .opt_str("employer_contact", x.employer_contact.as_ref().map(ExtId::as_str))
        .opt_bool("decision_maker", x.decision_maker)
        .opt_str("subcategory", x.subcategory.map(Subcategory::code))
        .opt_str("place", x.place.as_deref())
        .opt_str("note", x.note.as_deref());
    l
}

/// One record as its exchange-format JSON object (with `"type"`), as the JSON API serves it.
/// Types that only travel in whole exports give `None`.
pub fn record_json(r: &crate::record::Record) -> Option<String> {
    use crate::record::Record;
    let mut line = match r {
        Record::User(x) => user(x),
        Record::Employer(x) => employer(x),
        Record::Participant(x) => participant(x),
        Record::Referral(x) => referral(x),
        Record::Course(x) => course(x),
        Record::Job(x) => job(x),
        Record::Measure(x) => measure(x),
        Record::Activity(x) => activity(x),
        _ => return None,
    };
    let bytes = line.finish();
    Some(String::from_utf8_lossy(&bytes[..bytes.len() - 1]).into_owned())
}
