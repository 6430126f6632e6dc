//! Jobbvei's web server: sign-in, the pages, the JSON API and `/healthz`. Who may reach
//! what is decided in [`access`], in one table the tests walk.
//!
//! Handlers never show an internal error: they log it and answer with a plain page.

pub mod access;
mod ads;
pub mod api;
mod assets;
pub mod auth;
mod collaboration;
mod course_end;
mod dashboard;
mod dates;
mod effect;
mod forms;
mod headers;
pub mod innsyn;
pub mod instance;
mod keep;
mod layout;
mod measures;
mod names;
pub mod notify;
pub mod open_ads;
mod pages;
mod paging;
pub mod pipeline;
mod problem;
mod profile;
mod referrals;
mod rejection;
mod results;
mod reviews;
pub mod suggestions;
mod svg;
mod workplace;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use jobbvei_domain::time::Clock;
use jobbvei_store::Db;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    /// Sign-in with a NAV account, when configured.
    pub oidc: Option<Arc<auth::oidc::Oidc>>,
    /// Cookie security, where client addresses come from, and the sign-in throttle.
    pub guard: Arc<auth::guard::Guard>,
    /// The key that pseudonymises the research extract, read from the operator's file at
    /// start; `None` when none was given, and the effect page then offers no extract.
    pub extract_key: Option<Arc<jobbvei_domain::evaluation::PseudonymKey>>,
    /// Each participant's ranked job ads, used while what they were ranked from is unchanged.
    pub suggestions: Arc<suggestions::SuggestionCache>,
    /// Each user's and team's caseload with its flags, used while their stamps are unchanged.
    pub cases: Arc<workplace::kept_cases::CaseCache>,
    /// Each participant's timeline, used while its courses' stamps are unchanged.
    pub timelines: Arc<jobbvei_store::KeptTimelines>,
    /// Each user's Min dag activities, used while their stamp is unchanged.
    pub days: Arc<jobbvei_store::KeptDays>,
}

pub fn router(state: AppState) -> Router {
    guarded(routes(), state)
}

/// The routes with the layers every request passes: the access gate on each matched route
/// (keyed on `access::ROUTES`), the page frame, the body limit and the security headers.
fn guarded(routes: Router<AppState>, state: AppState) -> Router {
    routes
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), access::enforce))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn(layout::frame))
        .layer(axum::extract::DefaultBodyLimit::max(headers::MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(state.clone(), headers::security_headers))
        .with_state(state)
}

/// Every route and its handler. Each must also be listed in `access::ROUTES`, or the gate
/// refuses it to everyone (a test reads this function and compares).
fn routes() -> Router<AppState> {
    use collaboration::{agreement_page as agreement, interval_page as interval};
    Router::new()
        .route("/", get(pages::start))
        .route("/healthz", get(pages::healthz))
        .route("/hjelp/kpi", get(pages::kpi_help))
        .route("/static/jobbvei.css", get(assets::jobbvei_css))
        .route("/static/aksel.css", get(assets::aksel_css))
        .route("/static/jobbvei.js", get(assets::jobbvei_js))
        .route("/favicon.ico", get(assets::favicon))
        .route("/static/fonts/source-sans-3-latin-400-normal.woff2", get(assets::font_400_normal))
        .route("/static/fonts/source-sans-3-latin-400-italic.woff2", get(assets::font_400_italic))
        .route("/static/fonts/source-sans-3-latin-600-normal.woff2", get(assets::font_600_normal))
        .route("/static/fonts/source-sans-3-latin-700-normal.woff2", get(assets::font_700_normal))
        .route("/logg-inn", get(auth::login::show).post(auth::login::submit))
        .route("/logg-inn/oidc/start", get(auth::oidc_flow::start))
        .route("/logg-inn/oidc", get(auth::oidc_flow::callback))
        .route("/logg-ut", post(auth::login::logout))
        .route("/admin/brukere", get(pages::admin_users))
        .route("/meg/nokler", get(auth::keys::show))
        .route("/meg/nokler/{id}/trekk-tilbake", post(auth::keys::revoke))
        .route("/api/openapi.json", get(api::openapi::serve))
        .route("/api/v1/meg", get(pages::me))
        .route("/api/v1/participants", get(api::participants).post(api::create_participant))
        .route("/api/v1/participants/{id}", get(api::participant).put(api::update_participant))
        .route("/api/v1/courses", get(api::courses).post(api::create_course))
        .route("/api/v1/courses/{id}", get(api::course).put(api::update_course))
        .route("/api/v1/jobs", get(api::jobs).post(api::create_job))
        .route("/api/v1/jobs/{id}", get(api::job).put(api::update_job))
        .route("/api/v1/activities", get(api::activities).post(api::create_activity))
        .route("/api/v1/activities/{id}", get(api::activity).put(api::update_activity))
        .route("/api/v1/employers", get(api::employers).post(api::create_employer))
        .route("/api/v1/employers/{id}", get(api::employer).put(api::update_employer))
        .route("/min-dag", get(workplace::myday::show))
        .route("/tall", get(dashboard::show))
        .route("/tall.csv", get(dashboard::csv))
        .route("/tall/rader", get(dashboard::drill::show))
        .route("/tall/rader.csv", get(dashboard::drill::csv))
        .route("/resultater", get(results::show))
        .route("/resultater/forlop", get(results::courses::show))
        .route("/resultater/ips", get(results::ips::show))
        .route("/effekt", get(effect::show))
        .route("/effekt/uttrekk", post(effect::download))
        .route("/resultater/ips.csv", get(results::ips::download))
        .route("/portefolje", get(workplace::caseload::show))
        .route("/mine-deltakere", get(workplace::veileder::show))
        .route("/logg", get(workplace::quicklog::show).post(workplace::quicklog::submit))
        .route("/deltaker/ny", get(keep::participant::new_form).post(keep::participant::create))
        .route("/deltaker/{id}", get(workplace::participant::show))
        .route("/deltaker/{id}/endre", get(keep::participant::edit_form).post(keep::participant::edit))
        .route("/deltaker/{id}/forlop", get(keep::participant::course_form).post(keep::participant::start_course))
        .route("/aktivitet/{id}", get(workplace::meeting::show).post(workplace::meeting::submit))
        .route("/aktivitet/{id}/status", post(workplace::meeting::close))
        .route("/deltaker/{id}/avslutt", get(course_end::end::show).post(course_end::end::submit))
        .route("/deltaker/{id}/sluttrapport", get(course_end::report::show))
        .route("/deltaker/{id}/innsyn", get(innsyn::page::show))
        .route("/deltaker/{id}/oppfolgingsplan", get(course_end::plan::show))
        .route("/forlop/{id}/fase", get(keep::phase::show).post(keep::phase::save))
        .route("/forlop/{id}/passiv", get(keep::passive::show).post(keep::passive::save))
        .route("/forlop/{id}/gjenapne", get(keep::reopen::show).post(keep::reopen::save))
        .route("/forlop/{id}/jobb", get(keep::job::show).post(keep::job::save))
        .route("/jobb/{id}/prosent", get(keep::job_change::show_percent).post(keep::job_change::save_percent))
        .route("/jobb/{id}/avslutt", get(keep::job_change::show_end).post(keep::job_change::save_end))
        .route("/jobb/{id}/kontroll", get(keep::check::show).post(keep::check::save))
        .route("/forlop/{id}/utdanning", get(keep::education::new_form).post(keep::education::create))
        .route("/utdanning/{id}", get(keep::education::edit_form).post(keep::education::edit))
        .route("/forlop/{id}/kontaktforsok", get(keep::outreach::show).post(keep::outreach::save))
        .route("/forlop/{id}/jobbspesialist", get(keep::reassign::show).post(keep::reassign::save))
        .route("/jobb/{id}/formal", post(workplace::placement::purpose))
        .route("/jobb/{id}/forleng", post(workplace::placement::extend))
        .route("/arbeidsgivere", get(workplace::employers::search))
        .route("/arbeidsgivere/tavle", get(pipeline::board::show))
        .route("/arbeidsgiver/{id}", get(workplace::employers::show))
        // Keeping employers, their contacts, relationship and requirements (crate::keep).
        .route("/arbeidsgiver/ny", get(keep::employer::new_form).post(keep::employer::create))
        .route("/arbeidsgiver/{id}/endre", get(keep::employer::edit_form).post(keep::employer::edit))
        .route("/arbeidsgiver/{id}/kontakt", get(keep::contact::show).post(keep::contact::save))
        .route("/arbeidsgiver/{id}/relasjon", post(keep::relation::stage))
        .route("/arbeidsgiver/{id}/relasjonsholder", post(keep::relation::holder))
        .route("/arbeidsgiver/{id}/krav", post(keep::requirement::add))
        .route("/arbeidsgiver/{id}/krav/fjern", post(keep::requirement::remove))
        .route("/deltaker/{id}/tiltak", get(measures::page::show).post(measures::page::save))
        .route("/deltaker/{id}/profil", get(profile::vocational::show).post(profile::vocational::save))
        .route("/deltaker/{id}/apenhet", get(profile::disclosure::show).post(profile::disclosure::save))
        .route("/deltaker/{id}/bistand", get(profile::support::show).post(profile::support::add))
        .route("/deltaker/{id}/bistand/avslutt", post(profile::support::close))
        .route("/deltaker/{id}/plan", get(profile::plan::show).post(profile::plan::add))
        .route("/deltaker/{id}/plan/status", post(profile::plan::set_status))
        .route("/deltaker/{id}/annonser", post(ads::mark))
        .route("/tiltak/{id}/send", post(measures::steps::send))
        .route("/tiltak/{id}/status", post(measures::steps::advance))
        .route("/varsler", get(notify::list::show))
        .route("/varsler/lest", post(notify::list::mark_all_read))
        .route("/varsler/{id}/lest", post(notify::list::mark_read))
        .route("/vedtak", get(measures::decisions::show))
        .route("/vedtak/{id}", post(measures::decisions::decide))
        .route("/admin/kvoter", get(measures::quotas::show).post(measures::quotas::save))
        // Referral and intake, and the zero-exclusion figures (crate::referrals).
        .route("/henvisninger", get(referrals::list::show))
        .route("/henvisning/ny", get(referrals::form::new_form).post(referrals::form::create))
        .route("/henvisning/{id}", get(referrals::view::show))
        .route("/henvisning/{id}/endre", get(referrals::form::edit_form).post(referrals::form::edit))
        .route("/henvisning/{id}/aksepter", get(referrals::intake::accept_form).post(referrals::intake::accept))
        .route("/henvisning/{id}/avvis", get(referrals::intake::reject_form).post(referrals::intake::reject))
        .route("/tall/henvisninger", get(referrals::report::show))
        .route("/tall/henvisninger/rader", get(referrals::report_rows::show))
        // The collaboration with the veileder (issue 11): agreement and interval reports.
        .route("/forlop/{id}/samarbeidsavtale", get(agreement::show).post(agreement::save))
        .route("/forlop/{id}/samarbeidsavtale/utskrift", get(collaboration::agreement_print::show))
        .route("/forlop/{id}/intervallrapport", get(interval::show))
        .route("/forlop/{id}/intervallrapport/endre", get(interval::edit_form).post(interval::save))
        .route("/vurderinger", get(reviews::list::show).post(reviews::list::open))
        .route("/vurderinger/team/{id}", get(reviews::team::show))
        .route("/vurdering/{id}", get(reviews::review::show))
        .route("/vurdering/{id}/poeng", post(reviews::review::score))
        .route("/vurdering/{id}/konsensus", post(reviews::review::consensus))
        .route("/vurdering/{id}/status", post(reviews::review::status))
        .route("/vurdering/{id}/revisor", post(reviews::review::add_reviewer))
        .route("/vurdering/{id}/rapport", get(reviews::report::show))
        .route("/vurdering/{id}/tiltak", post(reviews::report::add_action))
        .route("/vurdering/{id}/tiltak/utfort", post(reviews::report::mark_done))
}

/// Serves until Ctrl-C or SIGTERM.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    // The open job ads are read ahead (crate::open_ads), so the first participant page and
    // Min dag after a start do not wait for the whole read; they wait for it only if it
    // has not finished when they ask.
    let ahead = state.clone();
    tokio::spawn(async move {
        if let Err(e) = ahead.suggestions.open.read_ahead(&ahead.db, ahead.clock.today()).await {
            tracing::warn!(error = %e, "could not read the open job ads ahead");
        }
    });
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown()).await
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}

#[cfg(test)]
mod tests;
