//! Names for the drill-down's rows, which the KPI data holds as ids: participants, job
//! specialists, employers and the group asked about. A confidential participant is named
//! only to the team lead and the course's own job specialist (DOMAIN.md §2); anyone else
//! who reaches the row (a colleague who met an employer about them) sees that it is one.

use std::collections::HashMap;

use axum::response::Response;
use jobbvei_domain::kpi::GroupKind;
use jobbvei_store::{NameKind, StoreError};

use super::drill::RowView;
use crate::AppState;
use crate::names::Names;
use crate::pages::internal_error;

const CONFIDENTIAL: &str = "Fortrolig deltaker";

/// Replaces the ids in `rows` with names, for `viewer`; `lead` when the viewer leads the team.
async fn name(state: &AppState, viewer: &str, lead: bool, rows: &mut [RowView]) -> Result<(), StoreError> {
    let mut ids: Vec<String> = rows.iter().map(|r| r.participant_id.clone()).filter(|i| !i.is_empty()).collect();
    ids.sort();
    ids.dedup();
    let participants: HashMap<String, (String, bool)> = state
        .db
        .participants(&ids)
        .await?
        .into_iter()
        .map(|p| (p.id.as_str().to_owned(), (p.name.clone(), p.is_confidential())))
        .collect();
    let users = Names::load(state, NameKind::User, rows.iter().map(|r| r.staff.as_str())).await?;
    let employers = Names::load(state, NameKind::Employer, rows.iter().map(|r| r.employer.as_str())).await?;
    for r in rows.iter_mut() {
        if !r.participant_id.is_empty() {
            match participants.get(&r.participant_id) {
                Some((_, true)) if !lead && r.owner != viewer => {
                    r.participant = CONFIDENTIAL.into();
                    r.participant_id.clear();
                }
                Some((name, _)) => r.participant = name.clone(),
                None => r.participant = "Ukjent deltaker".into(),
            }
        }
        r.staff = users.of(&r.staff);
        r.employer = employers.of(&r.employer);
    }
    Ok(())
}

/// The rows by name and the name of the group asked about (a team or a job specialist).
pub(crate) async fn named(
    state: &AppState,
    viewer: &str,
    lead: bool,
    (by, group): (GroupKind, &str),
    mut rows: Vec<RowView>,
) -> Result<(String, Vec<RowView>), Response> {
    let found = async {
        name(state, viewer, lead, &mut rows).await?;
        crate::names::groups(state, by, &[group.to_owned()]).await
    }
    .await;
    match found {
        Ok(mut g) => Ok((g.pop().unwrap_or_default(), rows)),
        Err(e) => {
            tracing::error!(error = %e, "kpi row names failed");
            Err(internal_error())
        }
    }
}
