//! `/varsler`: the signed-in user's notices, unread first and newest first, each linking to
//! its record, and (for job specialists and team leads) today's alerts under "Frister", the
//! same as Min dag shows, so nothing lives only there. Notices are marked read one by one or
//! all at once; a user only ever sees and marks their own.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_domain::Role;

use crate::AppState;
use crate::auth::Viewer;
use crate::forms::message;
use crate::pages::{internal_error, render};
use crate::paging::{PER_PAGE, PageParam, Pager};
use crate::workplace::myday::{AlertView, alert_views};
use crate::workplace::{audit_read, entry};

struct NoticeView {
    id: i64,
    when: String,
    text: String,
    link: String,
    unread: bool,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct ListPage {
    csrf: String,
    notices: Vec<NoticeView>,
    pager: Pager,
    unread: usize,
    /// `None` for roles without alerts (the veileder).
    deadlines: Option<Vec<AlertView>>,
}

pub(crate) async fn show(State(state): State<AppState>, viewer: Viewer, Query(p): Query<PageParam>) -> Response {
    let me = viewer.user.id.as_str();
    let with_alerts = viewer.has(Role::JobSpecialist) || viewer.has(Role::MethodSupervisor);
    let loaded = async {
        let rows = state.db.notifications(me).await?;
        let found = if with_alerts { Some(alert_views(&state, &viewer).await?) } else { None };
        let fields: &[&str] = if with_alerts { &["notifications", "alerts"] } else { &["notifications"] };
        audit_read(&state, entry(&state, &viewer, "read", ("notifications", me), fields)).await?;
        Ok::<_, jobbvei_store::StoreError>((rows, found))
    }
    .await;
    let (rows, deadlines) = match loaded {
        Ok(x) => x,
        Err(e) => {
            tracing::error!(error = %e, "notification list failed");
            return internal_error();
        }
    };
    let notices: Vec<NoticeView> = rows
        .into_iter()
        .map(|n| NoticeView {
            id: n.id,
            when: crate::dates::moment(n.created_at),
            text: n.text,
            link: n.link.unwrap_or_default(),
            unread: n.read_at.is_none(),
        })
        .collect();
    let unread = notices.iter().filter(|n| n.unread).count();
    let pager = Pager::new("Sider i beskjedene", notices.len(), PER_PAGE, p.side.as_deref(), "/varsler", &[]);
    let notices = pager.cut(notices, PER_PAGE);
    render(&ListPage { csrf: viewer.csrf.clone().unwrap_or_default(), notices, pager, unread, deadlines })
}

fn failed(e: &jobbvei_store::StoreError) -> Response {
    tracing::error!(error = %e, "could not mark notices read");
    internal_error()
}

/// `POST /varsler/{id}/lest`: marks one of the viewer's notices read.
pub(crate) async fn mark_read(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    crate::forms::CsrfForm(_form): crate::forms::CsrfForm,
) -> Response {
    let not_found = || message(StatusCode::NOT_FOUND, "Fant ikke varselet", "Fant ikke varselet.");
    let Ok(id) = id.parse::<i64>() else { return not_found() };
    let done = async {
        let mut tx = state.db.begin().await?;
        let mine = tx.mark_notification_read(viewer.user.id.as_str(), id, state.clock.now()).await?;
        tx.commit().await?;
        Ok::<_, jobbvei_store::StoreError>(mine)
    }
    .await;
    match done {
        // Someone else's notice is answered as if it did not exist.
        Ok(false) => not_found(),
        Ok(true) => Redirect::to("/varsler").into_response(),
        Err(e) => failed(&e),
    }
}

/// `POST /varsler/lest`: marks all the viewer's notices read.
pub(crate) async fn mark_all_read(
    State(state): State<AppState>,
    viewer: Viewer,
    crate::forms::CsrfForm(_form): crate::forms::CsrfForm,
) -> Response {
    let done = async {
        let mut tx = state.db.begin().await?;
        tx.mark_all_notifications_read(viewer.user.id.as_str(), state.clock.now()).await?;
        tx.commit().await
    }
    .await;
    match done {
        Ok(()) => Redirect::to("/varsler").into_response(),
        Err(e) => failed(&e),
    }
}
