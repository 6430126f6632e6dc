//! The frame every page shares: the base template's header and navigation, and the error
//! pages. A request's path and signed-in user are kept for the length of the request, so
//! page templates extend `base.html` without each carrying the viewer, and so an error from
//! any handler is shown in the same layout, with the navigation and a way back.

use std::sync::OnceLock;

use askama::Template;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::auth::Viewer;
use crate::pages::ViewerView;

/// What the frame knows of the request being answered.
struct PageContext {
    path: String,
    viewer: OnceLock<ViewerView>,
}

tokio::task_local! {
    static PAGE: PageContext;
}

/// Wraps every request (routes and fallback): keeps its path for the navigation, refuses an
/// address with a NUL character, puts axum's own refusals in Norwegian (`rejection`), and
/// turns an [`ErrorPage`] answer into the error page in the common layout.
pub(crate) async fn frame(req: Request, next: Next) -> Response {
    let context = PageContext { path: req.uri().path().to_owned(), viewer: OnceLock::new() };
    let api = req.uri().path().starts_with("/api/");
    let nul = req.uri().path_and_query().is_some_and(|pq| crate::rejection::holds_nul(pq.as_str()));
    PAGE.scope(context, async move {
        let mut res = match (nul, api) {
            (true, true) => crate::rejection::nul_problem(),
            (true, false) => crate::rejection::nul_page(),
            (false, _) => next.run(req).await,
        };
        if crate::rejection::is_axums(&res) {
            res = if api { crate::rejection::problem(res).await } else { crate::rejection::page(res.status()) };
        }
        match res.extensions().get::<ErrorPage>().cloned() {
            Some(page) => page.render(res),
            None => res,
        }
    })
    .await
}

/// Records who is signed in, for the header; called once the viewer is known.
pub(crate) fn set_viewer(v: &Viewer) {
    let _ = PAGE.try_with(|c| c.viewer.get_or_init(|| ViewerView::of(v)).name.len());
}

/// The signed-in user as the header shows them, if any.
pub(crate) fn viewer() -> Option<ViewerView> {
    PAGE.try_with(|c| c.viewer.get().cloned()).ok().flatten()
}

/// A link of the header's navigation.
pub(crate) struct NavLink {
    pub href: &'static str,
    pub label: &'static str,
    /// The section the request is in: marked `aria-current="page"`.
    pub current: bool,
    /// The unread notices, shown as a count on Varsler.
    pub badge: i64,
    /// An id for tests and anchors; only on the wide navigation, so the phone's menu repeats none.
    pub id: &'static str,
}

/// The navigation links the viewer's roles give, in the header's order.
pub(crate) fn nav(v: &ViewerView) -> Vec<NavLink> {
    let here = PAGE.try_with(|c| section(&c.path).to_owned()).unwrap_or_default();
    let mut links: Vec<(&'static str, &'static str)> = Vec::new();
    if v.case_role {
        links.extend([
            ("/min-dag", "Min dag"),
            ("/portefolje", "Portefølje"),
            ("/arbeidsgivere", "Arbeidsgivere"),
            ("/logg", "+ Logg"),
        ]);
    }
    let by_role = [
        (v.figures, "/tall", "Tall"),
        (v.outcomes, "/resultater", "Resultater"),
        (v.reviews, "/vurderinger", "Vurderinger"),
        (v.veileder, "/mine-deltakere", "Mine deltakere"),
        (v.veileder, "/vedtak", "Vedtak"),
        (v.referrals, "/henvisninger", "Henvisninger"),
        (v.quotas, "/admin/kvoter", "Kvoter"),
        (v.admin, "/admin/brukere", "Brukere"),
        (v.notices, "/varsler", "Varsler"),
    ];
    links.extend(by_role.into_iter().filter(|(shown, _, _)| *shown).map(|(_, href, label)| (href, label)));
    links
        .into_iter()
        .map(|(href, label)| NavLink {
            href,
            label,
            current: here == href,
            badge: if href == "/varsler" { v.unread } else { 0 },
            id: if href == "/varsler" { "varsler-lenke" } else { "" },
        })
        .collect()
}

/// ` aria-current="page"` on the navigation link of the section the request is in.
pub(crate) fn current(link: &str) -> &'static str {
    let here = PAGE.try_with(|c| section(&c.path) == link).unwrap_or(false);
    if here { " aria-current=\"page\"" } else { "" }
}

/// The navigation link a path belongs under: a participant's pages are part of the caseload.
fn section(path: &str) -> &str {
    const SECTIONS: &[(&str, &str)] = &[
        ("/min-dag", "/min-dag"),
        ("/portefolje", "/portefolje"),
        ("/deltaker", "/portefolje"),
        ("/aktivitet", "/portefolje"),
        ("/jobb", "/portefolje"),
        ("/forlop", "/portefolje"),
        ("/utdanning", "/portefolje"),
        ("/mine-deltakere", "/mine-deltakere"),
        ("/arbeidsgiver", "/arbeidsgivere"),
        ("/arbeidsgivere", "/arbeidsgivere"),
        ("/logg", "/logg"),
        ("/tall", "/tall"),
        ("/resultater", "/resultater"),
        ("/vurdering", "/vurderinger"),
        ("/vurderinger", "/vurderinger"),
        ("/vedtak", "/vedtak"),
        ("/admin/kvoter", "/admin/kvoter"),
        ("/admin/brukere", "/admin/brukere"),
        ("/varsler", "/varsler"),
        ("/henvisning", "/henvisninger"),
        ("/henvisninger", "/henvisninger"),
        ("/meg/nokler", "/meg/nokler"),
    ];
    let under = |prefix: &str| path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    SECTIONS.iter().find(|(prefix, _)| under(prefix)).map_or("", |(_, link)| link)
}

/// An answer that is shown as an error page in the layout. Handlers build it with
/// [`error_page`]; the frame renders it, so each error page is written once.
#[derive(Debug, Clone)]
pub(crate) struct ErrorPage {
    pub title: &'static str,
    pub text: String,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate<'a> {
    status: u16,
    title: &'a str,
    text: &'a str,
}

impl ErrorPage {
    fn render(self, res: Response) -> Response {
        let status = res.status();
        let (mut parts, _) = res.into_parts();
        parts.extensions.remove::<ErrorPage>();
        let page = ErrorTemplate { status: status.as_u16(), title: self.title, text: &self.text };
        let html = page.render().unwrap_or_else(|e| {
            tracing::error!(error = %e, "error page template failed");
            "<!doctype html><html lang=\"nb\"><title>Feil</title><p>Noe gikk galt.</p></html>".to_owned()
        });
        parts.headers.remove(axum::http::header::CONTENT_LENGTH);
        let mut out = (status, Html(html)).into_response();
        for (k, v) in parts.headers {
            if let Some(k) = k
                && !out.headers().contains_key(&k)
            {
                out.headers_mut().insert(k, v);
            }
        }
        out
    }
}

/// An error page with a fixed title and a message (fixed text or a message about the
/// request, never an internal detail).
pub(crate) fn error_page(status: StatusCode, title: &'static str, text: impl Into<String>) -> Response {
    let mut res = status.into_response();
    res.extensions_mut().insert(ErrorPage { title, text: text.into() });
    res
}

#[cfg(test)]
mod tests {
    use super::section;

    #[test]
    fn participant_pages_belong_to_the_caseload() {
        assert_eq!(section("/deltaker/p1/profil"), "/portefolje");
        assert_eq!(section("/arbeidsgiver/e1"), "/arbeidsgivere");
        assert_eq!(section("/arbeidsgivere"), "/arbeidsgivere");
        assert_eq!(section("/logg"), "/logg");
        assert_eq!(section("/logg-inn"), "");
        assert_eq!(section("/"), "");
    }
}
