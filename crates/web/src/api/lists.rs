//! `GET /api/v1/courses` and `GET /api/v1/jobs`: the courses and jobs of the participants the
//! participant list shows the caller, by id, paged like the other lists.

use axum::extract::{Query, State};
use axum::response::Response;
use jobbvei_exchange::Record;

use super::{Page, array, internal, listed_participants, record};
use crate::AppState;
use crate::auth::Viewer;
use crate::workplace::{audit_read, entry};

pub(crate) async fn courses(State(state): State<AppState>, v: Viewer, Query(page): Query<Page>) -> Response {
    let listed = async {
        let ids = listed_participants(&state, &v).await?;
        let list = state.db.courses_of(&ids, page.limit(), page.offset()).await?;
        audit_read(&state, entry(&state, &v, "read", ("course_list", v.user.id.as_str()), &["courses"])).await?;
        Ok::<_, jobbvei_store::StoreError>(list)
    }
    .await;
    match listed {
        Ok(list) => array(list.into_iter().filter_map(|c| record(&Record::Course(c))).collect()),
        Err(e) => {
            tracing::error!(error = %e, "course list failed");
            internal()
        }
    }
}

pub(crate) async fn jobs(State(state): State<AppState>, v: Viewer, Query(page): Query<Page>) -> Response {
    let listed = async {
        let ids = listed_participants(&state, &v).await?;
        let list = state.db.jobs_of(&ids, page.limit(), page.offset()).await?;
        audit_read(&state, entry(&state, &v, "read", ("job_list", v.user.id.as_str()), &["jobs"])).await?;
        Ok::<_, jobbvei_store::StoreError>(list)
    }
    .await;
    match listed {
        Ok(list) => array(list.into_iter().filter_map(|j| record(&Record::Job(j))).collect()),
        Err(e) => {
            tracing::error!(error = %e, "job list failed");
            internal()
        }
    }
}
