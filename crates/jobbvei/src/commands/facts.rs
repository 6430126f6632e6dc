//! `jobbvei facts check` and `jobbvei facts rebuild`: the day facts that K1, K1p and K2 are
//! summed from and the course and job facts that K3 and K8 read (docs/facts.md), compared
//! with or computed again from the records. The output names users, courses and jobs by id
//! and days by date, never a person's name.

use jobbvei_domain::kpi::{DayCounts, day_rules};
use jobbvei_store::{Location, MarkCheck};

use crate::error::CliError;

/// A job fact's months, counted from 1: `1,2,4`, or `none`.
fn months(bits: i64) -> String {
    if bits == 0 {
        return "none".into();
    }
    if !(0..64).contains(&bits) {
        return format!("invalid ({bits})");
    }
    (0..6).filter(|i| bits & (1 << i) != 0).map(|i| (i + 1).to_string()).collect::<Vec<_>>().join(",")
}

fn marks_problems(m: &MarkCheck, problems: &mut Vec<String>) {
    let (k3, k8) = MarkCheck::code_rules();
    for (name, stored, ours) in [("course", &m.course_rules, k3), ("job", &m.job_rules, k8)] {
        match stored {
            Some(r) if *r == ours => {}
            Some(r) => problems.push(format!("the {name} facts were built with rules {r}, this program uses {ours}")),
            None => problems.push(format!("the {name} facts were never built (no rule version stored)")),
        }
    }
    for d in &m.courses {
        let date = |d: Option<chrono::NaiveDate>| d.map_or("none".to_owned(), |d| d.to_string());
        println!("course {}: first K1p meeting stored {}, computed {}", d.course, date(d.stored), date(d.computed));
    }
    for d in &m.jobs {
        println!("job {}: months with follow-up stored {}, computed {}", d.job, months(d.stored), months(d.computed));
    }
    let listed = (m.courses.len() + m.jobs.len()) as u64;
    if m.total_differences > listed {
        println!("… and {} more course and job differences", m.total_differences - listed);
    }
    if m.total_differences > 0 {
        problems.push(format!("{} of the courses and jobs differ from their activities", m.total_differences));
    }
    let (k3, k8) = MarkCheck::code_rules();
    println!("checked {} courses and {} jobs (rules {k3}, {k8})", m.courses_checked, m.jobs_checked);
}

fn counts(c: Option<DayCounts>) -> String {
    match c {
        None => "none".into(),
        Some(c) => {
            format!("activities={} k1={} k1p={} k2_minutes={}", c.activities, c.k1, c.k1p, c.k2_minutes)
        }
    }
}

pub async fn check(location: &Location) -> Result<(), CliError> {
    let db = location.open().await?;
    let result = db.check_facts().await;
    db.close().await;
    let check = result?;
    let ours = day_rules();
    let mut problems = Vec::new();
    match &check.stored_rules {
        Some(r) if *r == ours => {}
        Some(r) => problems.push(format!("the facts were built with rules {r}, this program uses {ours}")),
        None => problems.push("the facts were never built (no rule version stored)".to_owned()),
    }
    for d in &check.differences {
        println!("user {} on {}: stored {}, computed {}", d.user, d.day, counts(d.stored), counts(d.computed));
    }
    let listed = check.differences.len() as u64;
    if check.total_differences > listed {
        println!("… and {} more differences", check.total_differences - listed);
    }
    if check.total_differences > 0 {
        problems.push(format!("{} of the days differ from their activities", check.total_differences));
    }
    println!("checked {} days with activities (rules {ours})", check.days_checked);
    marks_problems(&check.marks, &mut problems);
    if problems.is_empty() {
        println!("the day, course and job facts agree with the records");
        Ok(())
    } else {
        Err(CliError::Check(format!("{}; `jobbvei facts rebuild` computes them again", problems.join("; "))))
    }
}

pub async fn rebuild(location: &Location) -> Result<(), CliError> {
    let db = location.open().await?;
    let result = db.rebuild_facts().await;
    db.close().await;
    let days = result?;
    let (k3, k8) = MarkCheck::code_rules();
    println!(
        "rebuilt the facts of {days} days with activities (rules {}) and of every course and job ({k3}, {k8})",
        day_rules()
    );
    Ok(())
}
