//! The frame of a KPI load: offices, teams, staff, courses and jobs as the rules see them,
//! references turned into positions.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use jobbvei_domain::kpi::{CourseFact, JobFact, KpiData, StaffFact, TeamFact};
use jobbvei_domain::{JobForm, Role};

use super::{CourseRow, JobRow};
use crate::StoreError;
use crate::mapping::corrupt;

pub(super) fn frame(
    offices: Vec<String>,
    teams: Vec<(String, String)>,
    users: Vec<(String, Option<String>, f64, String)>,
    courses: Vec<CourseRow>,
    passive: Vec<(String, NaiveDate, Option<NaiveDate>)>,
    jobs: Vec<JobRow>,
    subsidised: Vec<String>,
) -> Result<KpiData, StoreError> {
    let office_index: HashMap<&str, usize> = offices.iter().enumerate().map(|(i, o)| (o.as_str(), i)).collect();
    let team_facts: Vec<TeamFact> = teams
        .iter()
        .map(|(id, office)| TeamFact { id: id.clone(), office: office_index.get(office.as_str()).copied() })
        .collect();
    let team_index: HashMap<&str, usize> = teams.iter().enumerate().map(|(i, (id, _))| (id.as_str(), i)).collect();
    let staff: Vec<StaffFact> = users
        .iter()
        .map(|(id, team, fte, roles)| StaffFact {
            id: id.clone(),
            team: team.as_deref().and_then(|t| team_index.get(t).copied()),
            fte: *fte,
            job_specialist: roles.split(',').any(|r| r == Role::JobSpecialist.code()),
            member: true,
        })
        .collect();
    let staff_index: HashMap<&str, usize> = staff.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    let mut course_facts: Vec<CourseFact> = courses
        .into_iter()
        .map(|(id, participant, js, start, end, referred, work)| CourseFact {
            id,
            participant,
            staff: staff_index.get(js.as_str()).copied(),
            start,
            end,
            referred,
            ended_to_work: work == Some(true),
            passive: Vec::new(),
        })
        .collect();
    let course_index: HashMap<String, usize> =
        course_facts.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
    for (course, from, to) in passive {
        if let Some(&c) = course_index.get(&course) {
            course_facts[c].passive.push((from, to));
        }
    }
    let subsidised: HashSet<String> = subsidised.into_iter().collect();
    let mut job_facts = Vec::with_capacity(jobs.len());
    for (id, course, start, end, form, paid, styrk, employer) in jobs {
        let Some(&c) = course_index.get(&course) else { continue };
        let form = JobForm::parse(&form).ok_or_else(|| corrupt("job", "form", &form))?;
        job_facts.push(JobFact {
            subsidised: subsidised.contains(&id),
            id,
            course: c,
            start,
            end,
            paid_work: !form.is_unpaid_placement() && paid == Some(true),
            styrk,
            employer,
        });
    }
    Ok(KpiData {
        offices,
        teams: team_facts,
        staff,
        courses: course_facts,
        jobs: job_facts,
        activities: Vec::new(),
        activity_refs: Vec::new(),
        days: None,
        marks: None,
    })
}
