//! The batched reads of the busy pages (issue 17 item 5) answer as their one-at-a-time
//! originals do, on both engines: who may see each participant listed on an employer page,
//! the audit row a page read writes as one statement, the records beside each of a
//! participant's courses read at once, and the names and teams of a page's users.

use chrono::NaiveDate;
use jobbvei_domain::{
    Course, Education, EducationStatus, EndCause, Fnr, Method, OutreachAttempt, OutreachWay, Participant,
    PassivePeriod, Role,
};
use jobbvei_store::testing::both;
use jobbvei_store::{AuditEntry, AuditFilter};

use super::{id, office};

mod kept_day;
mod kept_timeline;
mod stamps;

fn participant(pid: &str, fnr: &str) -> Participant {
    Participant {
        id: id(pid),
        name: format!("Navn {pid}"),
        fnr: Fnr::parse(fnr).unwrap(),
        postal_code: None,
        birth_year: None,
        norwegian_level: None,
        interpreter: None,
        veileder: (pid == "p-open").then(|| id("u2")),
        confidential: (pid == "p-ended").then_some(true),
    }
}

fn course(cid: &str, pid: &str, staff: &str, start: &str, end: Option<&str>) -> Course {
    Course {
        id: id(cid),
        participant: id(pid),
        method: Method::Se,
        job_specialist: id(staff),
        start: start.parse().unwrap(),
        referred: None,
        end: end.map(|e| e.parse().unwrap()),
        end_cause: end.map(|_| EndCause::Other),
        end_cause_detail: None,
    }
}

fn user(uid: &str, team: &str) -> jobbvei_domain::User {
    jobbvei_domain::User {
        id: id(uid),
        name: format!("Bruker {uid}"),
        roles: vec![Role::JobSpecialist],
        team: Some(id(team)),
        fte: jobbvei_domain::Fte::FULL,
        username: Some(uid.into()),
    }
}

/// [`three_users_two_participants`], with course c1 of p-open held by u1 and c2 of p-old
/// held by u3.
async fn two_courses(tx: &mut jobbvei_store::Tx) {
    three_users_two_participants(tx).await;
    let courses = [course("c1", "p-open", "u1", "2023-01-02", None), course("c2", "p-old", "u3", "2023-01-02", None)];
    tx.upsert_courses(&courses).await.unwrap();
}

/// An office, team t1 with u1, u2 and u3, and the participants p-open (veileder u2) and
/// p-old, written in `tx`.
async fn three_users_two_participants(tx: &mut jobbvei_store::Tx) {
    tx.upsert_offices(&[office("0314", "NAV Sagene")]).await.unwrap();
    let team = jobbvei_domain::Team { id: id("t1"), office: id("0314"), name: "t1".into(), method: Method::Se };
    tx.upsert_teams(&[team]).await.unwrap();
    tx.upsert_users(&[user("u1", "t1"), user("u2", "t1"), user("u3", "t1")]).await.unwrap();
    tx.upsert_participants(&[participant("p-open", "15918511250"), participant("p-old", "15038512363")]).await.unwrap();
}

#[tokio::test]
async fn participants_access_in_a_batch_equals_one_at_a_time() {
    let day: NaiveDate = "2024-07-03".parse().unwrap();
    for s in both("pages_access").await {
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_offices(&[office("0314", "NAV Sagene")]).await.unwrap();
        let teams = ["t1", "t2"].map(|t| jobbvei_domain::Team {
            id: id(t),
            office: id("0314"),
            name: t.into(),
            method: Method::Se,
        });
        tx.upsert_teams(&teams).await.unwrap();
        tx.upsert_users(&[user("u1", "t1"), user("u2", "t2"), user("u3", "t2")]).await.unwrap();
        tx.upsert_participants(&[
            participant("p-open", "15918511250"),
            participant("p-ended", "45038512033"),
            participant("p-old", "15038512363"),
        ])
        .await
        .unwrap();
        tx.upsert_courses(&[
            // Two courses: one open, one ended within the handover days, both owners listed.
            course("c1", "p-open", "u1", "2023-01-02", None),
            course("c2", "p-open", "u3", "2022-01-03", Some("2024-07-01")),
            course("c3", "p-ended", "u2", "2023-05-02", Some("2024-06-28")),
            course("c4", "p-old", "u1", "2010-01-04", Some("2012-06-30")),
            // Planned to start after the day: it gives access, but nothing is written on it yet.
            course("c5", "p-ended", "u2", "2024-08-01", None),
        ])
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let ids: Vec<String> = ["p-old", "p-open", "p-none", "p-ended"].map(String::from).to_vec();
        let batch = s.db.participants_access(&ids, day).await.unwrap();
        assert_eq!(batch.len(), 3, "{}: the unknown participant is left out", s.label);
        for p in &ids {
            let one = s.db.participant_access(p, day).await.unwrap();
            assert_eq!(batch.get(p), one.as_ref(), "{}: {p}", s.label);
            // The participant page's one read: the same access, and the record as read alone.
            let page = s.db.participant_page(p, day, 10, &Default::default()).await.unwrap();
            assert_eq!(page.as_ref().map(|x| &x.access), one.as_ref(), "{}: {p}", s.label);
            let record = s.db.participant_record(p, 10).await.unwrap();
            let (page, record) = (page.map(|x| x.record), record);
            assert_eq!(
                page.as_ref().map(|r| (&r.participant, &r.courses, &r.contact)),
                record.as_ref().map(|r| (&r.participant, &r.courses, &r.contact)),
                "{}: {p}",
                s.label
            );
        }
        let open = &batch["p-open"];
        assert_eq!(open.owners.first().map(|o| (o.0.as_str(), o.2)), Some(("u1", true)), "{}", s.label);
        assert_eq!(open.owners.len(), 2, "{}", s.label);
        assert!(batch["p-ended"].confidential, "{}", s.label);
        assert!(s.db.participants_access(&[], day).await.unwrap().is_empty());

        // What the quick log writes on: the same access, and the course open on the day.
        let start: NaiveDate = "2023-01-02".parse().unwrap();
        for (p, want) in [("p-open", Some(("c1".to_owned(), start))), ("p-ended", None), ("p-old", None)] {
            let w = s.db.write_access(p, day).await.unwrap().expect(p);
            assert_eq!(Some(&w.access), batch.get(p), "{}: {p}", s.label);
            assert_eq!(w.open_course, want, "{}: {p}", s.label);
        }
        assert_eq!(s.db.write_access("p-none", day).await.unwrap(), None, "{}", s.label);
        s.remove().await;
    }
}

#[tokio::test]
async fn a_read_is_audited_by_one_statement() {
    for s in both("pages_audit").await {
        let entry = AuditEntry {
            at: chrono::DateTime::from_timestamp(1_733_000_000, 0).unwrap(),
            user_id: None,
            username: Some("kari".into()),
            role: Some("jobbspesialist".into()),
            action: "read".into(),
            record_type: Some("participant".into()),
            record_id: Some("p1".into()),
            fields: vec!["record".into(), "job_ads".into()],
            ip: None,
            outcome: "ok".into(),
        };
        s.db.audit_now(&entry).await.unwrap();
        let filter = AuditFilter { participant: Some("p1".into()), ..AuditFilter::default() };
        let found = s.db.audit_entries(&filter).await.unwrap();
        assert_eq!(found.len(), 1, "{}", s.label);
        assert_eq!((found[0].action.as_str(), found[0].fields.clone()), ("read", entry.fields.clone()), "{}", s.label);
        // Many at once, over more than one statement's hundred, each its own row in order.
        let many: Vec<AuditEntry> = (0..130)
            .map(|i| AuditEntry { record_id: Some(format!("q{i:03}")), fields: Vec::new(), ..entry.clone() })
            .collect();
        s.db.audit_all_now(&many).await.unwrap();
        s.db.audit_all_now(&[]).await.unwrap();
        let all = s.db.audit_entries(&AuditFilter::default()).await.unwrap();
        let ids: Vec<String> = all.iter().skip(1).filter_map(|e| e.record_id.clone()).collect();
        assert_eq!(ids, (0..130).map(|i| format!("q{i:03}")).collect::<Vec<_>>(), "{}", s.label);
        assert!(
            all.iter().skip(1).all(|e| e.fields.is_empty() && e.username.as_deref() == Some("kari")),
            "{}",
            s.label
        );
        s.remove().await;
    }
}

/// Two courses of p-open, each with its own education, passive period (one with a planned
/// end) and outreach attempt, and a course of another participant with the same: the
/// participant's records are exactly the union of what the per-course reads give, and none
/// of the other participant's.
#[tokio::test]
async fn course_records_of_a_participant_equal_the_per_course_reads() {
    let d = |s: &str| -> NaiveDate { s.parse().unwrap() };
    for s in both("pages_course_records").await {
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_offices(&[office("0314", "NAV Sagene")]).await.unwrap();
        let team = jobbvei_domain::Team { id: id("t1"), office: id("0314"), name: "t1".into(), method: Method::Se };
        tx.upsert_teams(&[team]).await.unwrap();
        tx.upsert_users(&[user("u1", "t1"), user("u2", "t1")]).await.unwrap();
        tx.upsert_participants(&[participant("p-open", "15918511250"), participant("p-old", "15038512363")])
            .await
            .unwrap();
        tx.upsert_courses(&[
            course("c1", "p-open", "u1", "2023-01-02", None),
            course("c2", "p-open", "u1", "2022-01-03", Some("2022-12-30")),
            course("c9", "p-old", "u2", "2022-01-03", None),
        ])
        .await
        .unwrap();
        let education = |eid: &str, cid: &str, start: &str| Education {
            id: id(eid),
            course: id(cid),
            level: "vgs".into(),
            start: d(start),
            status: Some(EducationStatus::Ongoing),
            programme: None,
            institution: None,
            end: None,
        };
        tx.upsert_educations(&[
            education("e1", "c1", "2023-03-01"),
            education("e2", "c2", "2022-03-01"),
            education("e9", "c9", "2022-03-01"),
        ])
        .await
        .unwrap();
        let passive = |cid: &str, from: &str| PassivePeriod { course: id(cid), from: d(from), to: None, reason: None };
        tx.upsert_passive_periods(&[
            passive("c1", "2024-05-01"),
            passive("c2", "2022-06-01"),
            passive("c9", "2024-05-01"),
        ])
        .await
        .unwrap();
        tx.set_passive_plan("c1", d("2024-05-01"), d("2024-09-01")).await.unwrap();
        tx.set_passive_plan("c9", d("2024-05-01"), d("2024-10-01")).await.unwrap();
        let at = chrono::DateTime::from_timestamp(1_733_000_000, 0).unwrap();
        for (aid, cid, on) in [("o1", "c1", "2024-05-15"), ("o2", "c2", "2022-06-15"), ("o9", "c9", "2024-05-15")] {
            let a = OutreachAttempt {
                id: id(aid),
                course: id(cid),
                tried_on: d(on),
                way: OutreachWay::Phone,
                reached: false,
                user: id("u1"),
            };
            tx.add_outreach_attempt(&a, at).await.unwrap();
        }
        // Logged on p-open's course by its job specialist and by a colleague, whom the
        // page names from a look-up of its own.
        let logged = [stamps::activity("a1", "u1", Some("c1")), stamps::activity("a2", "u2", Some("c1"))];
        tx.upsert_activities(&logged).await.unwrap();
        // A job with a follow-up check on c1 and p-old's c9, and measures on all three courses.
        tx.upsert_employers(&[crate::employer("e1", "Bakeriet AS")]).await.unwrap();
        tx.upsert_jobs(&[crate::job("j1", "c1", "2024-01-08"), crate::job("j9", "c9", "2024-01-08")]).await.unwrap();
        let check = |fid: &str, cid: &str, jid: &str, due: &str| jobbvei_domain::FollowupCheck {
            id: id(fid),
            course: id(cid),
            job: id(jid),
            due: d(due),
            done: Some(d("2024-03-01")),
            areas: vec![jobbvei_domain::FollowupArea::Tasks],
            note: Some("Går fint".into()),
        };
        tx.upsert_followup_checks(&[check("f2", "c1", "j1", "2024-04-08"), check("f1", "c1", "j1", "2024-02-08")])
            .await
            .unwrap();
        tx.upsert_followup_checks(&[check("f9", "c9", "j9", "2024-02-08")]).await.unwrap();
        let measure = |mid: &str, cid: &str, from: &str| jobbvei_domain::Measure {
            id: id(mid),
            course: id(cid),
            kind: jobbvei_domain::MeasureKind::MentorGrant,
            status: jobbvei_domain::MeasureStatus::Granted,
            job: (cid == "c1").then(|| id("j1")),
            percent: Some(50.0),
            hours: Some(4.5),
            amount_nok: None,
            from: Some(d(from)),
            to: Some(d("2024-12-31")),
            decided_by: Some(id("u2")),
            reason: None,
        };
        let measures =
            [measure("m2", "c1", "2024-02-01"), measure("m1", "c2", "2022-02-01"), measure("m9", "c9", "2024-02-01")];
        tx.upsert_measures(&measures).await.unwrap();
        tx.commit().await.unwrap();

        let r = s.db.participant_course_records("p-open").await.unwrap();
        let mut educations = Vec::new();
        let mut attempts = Vec::new();
        let mut passive_periods = Vec::new();
        let mut plans = Vec::new();
        for c in ["c1", "c2"] {
            educations.extend(s.db.course_educations(c).await.unwrap());
            attempts.extend(s.db.outreach_attempts(c).await.unwrap());
            passive_periods.extend(s.db.course_passive_periods(c).await.unwrap());
            plans.extend(s.db.passive_plans(c).await.unwrap().into_iter().map(|(from, to)| (c.to_owned(), from, to)));
        }
        let ids = |e: &[Education]| e.iter().map(|x| x.id.as_str().to_owned()).collect::<Vec<_>>();
        assert_eq!(ids(&r.educations), ["e2", "e1"], "{}: by start", s.label);
        let mut sorted = educations.clone();
        sorted.sort_by_key(|e| e.start);
        assert_eq!(r.educations, sorted, "{}", s.label);
        let mut got = r.attempts.clone();
        got.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
        assert_eq!(got, attempts, "{}", s.label);
        let periods: Vec<PassivePeriod> = r.passive.iter().map(|p| p.period.clone()).collect();
        assert_eq!(periods, passive_periods, "{}", s.label);
        let planned: Vec<(String, NaiveDate, NaiveDate)> = r
            .passive
            .iter()
            .filter_map(|p| Some((p.period.course.as_str().to_owned(), p.period.from, p.planned_to?)))
            .collect();
        assert_eq!(planned, plans, "{}: c1's plan only", s.label);
        assert!(r.meetings.is_empty() && r.shared_reports.is_empty(), "{}", s.label);
        // The participant page reads the same records with the rest, in one statement.
        let page = s.db.participant_page("p-open", d("2024-07-03"), 10, &Default::default()).await.unwrap().unwrap();
        let b = &page.beside;
        assert_eq!((&b.educations, &b.attempts, &b.passive), (&r.educations, &r.attempts, &r.passive), "{}", s.label);
        assert_eq!((&b.meetings, &b.shared_reports), (&r.meetings, &r.shared_reports), "{}", s.label);
        // The measures by start and the checks by due date, of p-open's courses only.
        let mut want = s.db.course_measures("c2").await.unwrap();
        want.extend(s.db.course_measures("c1").await.unwrap());
        assert_eq!(page.measures, want, "{}: the measures as stored", s.label);
        assert_eq!(page.measures.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["m1", "m2"], "{}", s.label);
        let checks: Vec<_> = page.checks.iter().map(|c| (c.id.as_str(), c.due, c.done, c.note.as_deref())).collect();
        let want = [
            ("f1", d("2024-02-08"), Some(d("2024-03-01")), Some("Går fint")),
            ("f2", d("2024-04-08"), Some(d("2024-03-01")), Some("Går fint")),
        ];
        assert_eq!(checks, want, "{}", s.label);
        assert_eq!(page.checks[0].areas, [jobbvei_domain::FollowupArea::Tasks], "{}", s.label);
        let mut js: Vec<(&str, &str, Option<&str>)> =
            page.users.iter().map(|(u, x)| (u.as_str(), x.name.as_str(), x.team.as_deref())).collect();
        js.sort();
        let want = [("u1", "Bruker u1", Some("t1")), ("u2", "Bruker u2", Some("t1"))];
        assert_eq!(js, want, "{}: the courses' job specialist and the activities' owners", s.label);
        assert_eq!(page.record.activities.len(), 2, "{}", s.label);
        let alone = s.db.participant_page("p-open", d("2024-07-03"), 1, &Default::default()).await.unwrap().unwrap();
        let mut names: Vec<&str> = alone.users.keys().map(String::as_str).collect();
        names.sort();
        let mut want = vec!["u1", alone.record.activities[0].user.as_str()];
        want.dedup();
        assert_eq!(names, want, "{}: the job specialist and the one shown activity's owner", s.label);

        // The caseload's outreach flags: the same attempts for the courses asked.
        let courses: Vec<String> = ["c1", "c2"].map(String::from).to_vec();
        assert_eq!(s.db.attempts_of(&courses).await.unwrap(), attempts, "{}", s.label);
        assert!(s.db.attempts_of(&[]).await.unwrap().is_empty());

        // The names and teams of a page's users, as `names` answers the names; an unknown
        // user left out.
        let asked: Vec<String> = ["u2", "nobody", "u1", "u2"].map(String::from).to_vec();
        let users = s.db.users_with_teams(&asked).await.unwrap();
        let names = s.db.names(jobbvei_store::NameKind::User, &asked).await.unwrap();
        let mut got: Vec<(&str, &str, Option<&str>)> =
            users.iter().map(|(u, x)| (u.as_str(), x.name.as_str(), x.team.as_deref())).collect();
        got.sort();
        let want = [("u1", names["u1"].as_str(), Some("t1")), ("u2", names["u2"].as_str(), Some("t1"))];
        assert_eq!(got, want, "{}", s.label);
        assert!(s.db.users_with_teams(&[]).await.unwrap().is_empty());
        s.remove().await;
    }
}

/// The quick log's employer list: those the user holds and those of their activities since
/// the day asked, each once, by name; not a colleague's, nor older ones.
#[tokio::test]
async fn my_employers_are_held_and_lately_met_by_name() {
    use jobbvei_domain::{Activity, ActivityKind, ActivityStatus, Employer, Orgnr};
    let employer = |eid: &str, name: &str, holder: Option<&str>| Employer {
        id: id(eid),
        orgnr: Orgnr::parse("912345688").unwrap(),
        name: name.into(),
        municipality: None,
        industry: None,
        stage: None,
        holder: holder.map(id),
    };
    let met = |aid: &str, user: &str, at: &str, eid: &str| Activity {
        id: id(aid),
        user: id(user),
        kind: ActivityKind::EmployerMeeting,
        start: at.parse().unwrap(),
        minutes: 60,
        status: ActivityStatus::Done,
        channel: None,
        out_of_office: None,
        travel_to: None,
        travel_from: None,
        course: None,
        employer: Some(id(eid)),
        employer_contact: None,
        decision_maker: None,
        subcategory: None,
        place: None,
        note: None,
    };
    for s in both("pages_my_employers").await {
        let mut tx = s.db.begin().await.unwrap();
        tx.upsert_offices(&[office("0314", "NAV Sagene")]).await.unwrap();
        let team = jobbvei_domain::Team { id: id("t1"), office: id("0314"), name: "t1".into(), method: Method::Se };
        tx.upsert_teams(&[team]).await.unwrap();
        tx.upsert_users(&[user("u1", "t1"), user("u2", "t1")]).await.unwrap();
        tx.upsert_employers(&[
            employer("e-held", "Øst Bakeri", Some("u1")),
            employer("e-met", "Bakeriet AS", None),
            employer("e-both", "Crux Verksted", Some("u1")),
            employer("e-old", "Gamle Sag", None),
            employer("e-other", "Annens Kafé", Some("u2")),
            employer("e-twin", "Bakeriet AS", None),
        ])
        .await
        .unwrap();
        tx.upsert_activities(&[
            met("a1", "u1", "2024-06-03T09:00:00Z", "e-met"),
            met("a2", "u1", "2024-06-04T09:00:00Z", "e-met"),
            met("a3", "u1", "2024-05-02T09:00:00Z", "e-both"),
            met("a4", "u1", "2023-01-02T09:00:00Z", "e-old"),
            met("a5", "u2", "2024-06-03T09:00:00Z", "e-other"),
            met("a6", "u1", "2024-06-05T09:00:00Z", "e-twin"),
        ])
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let list = s.db.my_employers("u1", "2023-07-01".parse().unwrap()).await.unwrap();
        let ids: Vec<&str> = list.iter().map(|(i, _)| i.as_str()).collect();
        assert_eq!(ids, ["e-met", "e-twin", "e-both", "e-held"], "{}", s.label);
        assert_eq!(list[3].1, "Øst Bakeri", "{}", s.label);
        assert!(s.db.my_employers("u9", "2023-07-01".parse().unwrap()).await.unwrap().is_empty(), "{}", s.label);
        s.remove().await;
    }
}
