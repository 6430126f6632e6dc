//! `jobbvei facts check` and `jobbvei facts rebuild`: the day facts that K1, K1p and K2 are
//! summed from (docs/facts.md), compared with or computed again from the activities. The
//! output names users by id and days by date, never a person's name.

use jobbvei_domain::kpi::{DayCounts, day_rules};
use jobbvei_store::Location;

use crate::error::CliError;

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
    if problems.is_empty() {
        println!("the day facts agree with the activities");
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
    println!("rebuilt the facts of {days} days with activities (rules {})", day_rules());
    Ok(())
}
