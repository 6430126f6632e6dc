//! `/meg/nokler`: the signed-in user's own API tokens, with their names and dates, and a
//! button to revoke each. The secrets are never shown again (only their hashes are kept);
//! tokens are made on the command line (`jobbvei token create`). Someone else's token is
//! answered as if it did not exist.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jobbvei_store::TokenState;

use crate::AppState;
use crate::auth::Viewer;
use crate::forms::{CsrfForm, message};
use crate::pages::{internal_error, render};
use crate::workplace::entry;

struct KeyView {
    id: String,
    name: String,
    created: String,
    expires: String,
    last_used: String,
    state: &'static str,
    active: bool,
}

#[derive(Template)]
#[template(path = "my_keys.html")]
struct KeysPage {
    csrf: String,
    keys: Vec<KeyView>,
}

fn state_text(s: TokenState) -> &'static str {
    match s {
        TokenState::Active => "I bruk",
        TokenState::Expired => "Utløpt",
        TokenState::Revoked => "Trukket tilbake",
    }
}

pub(crate) async fn show(State(state): State<AppState>, viewer: Viewer) -> Response {
    let tokens = match state.db.api_tokens(Some(viewer.user.id.as_str())).await {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = %e, "token list failed");
            return internal_error();
        }
    };
    let now = state.clock.now();
    let keys = tokens
        .iter()
        .map(|t| {
            let s = t.state(now);
            KeyView {
                id: t.id.clone(),
                name: t.name.clone(),
                created: crate::dates::day_of(t.created_at),
                expires: t.expires_at.map(crate::dates::day_of).unwrap_or_else(|| "–".into()),
                last_used: t.last_used_at.map(crate::dates::moment).unwrap_or_else(|| "Aldri".into()),
                state: state_text(s),
                active: s == TokenState::Active,
            }
        })
        .collect();
    render(&KeysPage { csrf: viewer.csrf.clone().unwrap_or_default(), keys })
}

/// `POST /meg/nokler/{id}/trekk-tilbake`: revokes one of the viewer's own tokens at once.
pub(crate) async fn revoke(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    CsrfForm(_form): CsrfForm,
) -> Response {
    let me = viewer.user.id.as_str();
    let done = async {
        let mut tx = state.db.begin().await?;
        let mine = tx.revoke_api_token(&id, Some(me), state.clock.now()).await?;
        if mine {
            tx.audit(&entry(&state, &viewer, "token_revoke", ("api_token", &id), &["revoked_at"])).await?;
        }
        tx.commit().await?;
        Ok::<_, jobbvei_store::StoreError>(mine)
    }
    .await;
    match done {
        Ok(true) => Redirect::to("/meg/nokler").into_response(),
        Ok(false) => message(StatusCode::NOT_FOUND, "Fant ikke nøkkelen", "Fant ikke nøkkelen."),
        Err(e) => {
            tracing::error!(error = %e, "could not revoke a token");
            internal_error()
        }
    }
}
