//! What `jobbvei bench http` may be pointed at: the pages it loads (`--routes`), where its
//! own server listens (`--bind`) and which running servers it drives (`--target`). Both
//! addresses must be loopback: the sessions are real users' sign-ins over plain http.

use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, ToSocketAddrs};

use crate::error::CliError;

/// Any free port on loopback.
pub(crate) const LOOPBACK_ANY: SocketAddr = SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0));

/// A page the benchmark can load; `--routes` picks them by name, in the order a session
/// requests them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    Caseload,
    Participant,
    QuickLog,
    /// The quick log's form (`GET /logg`), pre-filled with a participant.
    QuickLogForm,
    Figures,
    Employer,
    MyDay,
}

/// How many routes there are: the size of a worker's tally.
pub(crate) const ROUTE_COUNT: usize = 7;
const ALL_ROUTES: [Route; ROUTE_COUNT] = [
    Route::Caseload,
    Route::Participant,
    Route::QuickLog,
    Route::QuickLogForm,
    Route::Figures,
    Route::Employer,
    Route::MyDay,
];
const DEFAULT_ROUTES: &str = "caseload,participant,quick-log";
const READ_ONLY_ROUTES: &str = "caseload,participant";

impl Route {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Route::Caseload => "caseload",
            Route::Participant => "participant",
            Route::QuickLog => "quick-log",
            Route::QuickLogForm => "quick-log-form",
            Route::Figures => "tall",
            Route::Employer => "employer",
            Route::MyDay => "my-day",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// The routes of `--routes`, checked: known names, none twice, no write under `--read-only`.
pub(crate) fn parse_routes(list: Option<&str>, read_only: bool) -> Result<Vec<Route>, CliError> {
    let names = || ALL_ROUTES.iter().map(|r| r.name()).collect::<Vec<_>>().join(", ");
    let list = list.unwrap_or(if read_only { READ_ONLY_ROUTES } else { DEFAULT_ROUTES });
    let mut routes = Vec::new();
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let route = ALL_ROUTES
            .into_iter()
            .find(|r| r.name() == name)
            .ok_or_else(|| CliError::Usage(format!("--routes: unknown route \"{name}\" (known: {})", names())))?;
        if routes.contains(&route) {
            return Err(CliError::Usage(format!("--routes: {name} is listed twice")));
        }
        if read_only && route == Route::QuickLog {
            return Err(CliError::Usage("--read-only changes nothing, so --routes cannot hold quick-log".into()));
        }
        routes.push(route);
    }
    if routes.is_empty() {
        return Err(CliError::Usage(format!("--routes names no route (known: {})", names())));
    }
    Ok(routes)
}

/// `--bind`: a loopback address only, since the sessions are real users' sign-ins over
/// plain http.
pub(crate) fn parse_bind(bind: &str) -> Result<SocketAddr, CliError> {
    let addr: SocketAddr = bind.parse().map_err(|_| {
        CliError::Usage(format!("--bind: \"{bind}\" is not an address and port such as 127.0.0.1:8090"))
    })?;
    if !addr.ip().is_loopback() {
        return Err(CliError::Usage(format!(
            "--bind: {addr} is not a loopback address; the benchmark signs real users in over plain http, so its \
             server listens on 127.0.0.1 or ::1 only"
        )));
    }
    Ok(addr)
}

/// `--target`: `http://HOST:PORT` of a server on this machine (a loopback address).
pub(crate) fn parse_target(url: &str) -> Result<SocketAddr, CliError> {
    let bad = |why: &str| CliError::Usage(format!("--target {url}: {why}"));
    let rest =
        url.strip_prefix("http://").ok_or_else(|| bad("give a plain http:// URL such as http://127.0.0.1:8080"))?;
    let host_port = rest.trim_end_matches('/');
    if host_port.contains('/') {
        return Err(bad("give the server's root URL, without a path"));
    }
    let addrs: Vec<SocketAddr> =
        host_port.to_socket_addrs().map_err(|_| bad("give a host and port such as http://127.0.0.1:8080"))?.collect();
    let addr = addrs.into_iter().find(|a| a.ip().is_loopback()).ok_or_else(|| {
        bad("not a loopback address; the benchmark's sessions are real sign-ins over plain http, so it only drives servers on this machine")
    })?;
    Ok(addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(e: CliError) -> String {
        e.to_string()
    }

    #[test]
    fn routes_default_to_the_three_and_read_only_drops_the_write() {
        let names = |r: Vec<Route>| r.iter().map(|r| r.name()).collect::<Vec<_>>();
        assert_eq!(names(parse_routes(None, false).unwrap()), ["caseload", "participant", "quick-log"]);
        assert_eq!(names(parse_routes(None, true).unwrap()), ["caseload", "participant"]);
        assert_eq!(names(parse_routes(Some("tall, employer,my-day"), true).unwrap()), ["tall", "employer", "my-day"]);
        assert_eq!(names(parse_routes(Some("quick-log-form"), true).unwrap()), ["quick-log-form"]);
        let e = usage(parse_routes(Some("quick-log"), true).unwrap_err());
        assert!(e.contains("--read-only"), "{e}");
        let e = usage(parse_routes(Some("tall,kart"), false).unwrap_err());
        assert!(e.contains("unknown route \"kart\"") && e.contains("caseload, participant"), "{e}");
        assert!(usage(parse_routes(Some("tall,tall"), false).unwrap_err()).contains("twice"));
        assert!(parse_routes(Some(" , "), false).is_err());
    }

    #[test]
    fn bind_and_targets_are_loopback_only() {
        assert_eq!(parse_bind("127.0.0.1:8090").unwrap().port(), 8090);
        assert!(parse_bind("[::1]:0").is_ok());
        let e = usage(parse_bind("0.0.0.0:8090").unwrap_err());
        assert!(e.contains("not a loopback address"), "{e}");
        assert!(usage(parse_bind("10.1.2.3:80").unwrap_err()).contains("loopback"));
        assert!(usage(parse_bind("localhost").unwrap_err()).contains("not an address and port"));
        assert_eq!(parse_target("http://127.0.0.1:8081/").unwrap().port(), 8081);
        assert!(usage(parse_target("https://127.0.0.1:8081").unwrap_err()).contains("plain http://"));
        assert!(usage(parse_target("http://127.0.0.1:8081/tall").unwrap_err()).contains("without a path"));
        assert!(usage(parse_target("http://192.0.2.1:80").unwrap_err()).contains("loopback"));
    }
}
