//! Notices (varsler, issue 5 items 2, 4 and 5): the veileder is told of a request to decide
//! and of a course that ended, the job specialist of a decision. They are written with their
//! event (`notices`), listed on `/varsler` beside today's alerts (`list`), counted in the page
//! header, and announced by e-mail when an SMTP relay is configured (`mail`, `smtp`).
//! The stop points of a course and changes of the pair (issue 11) are told to the pair
//! that follows it (`pair`, `people`). See docs/notifications.md and docs/collaboration.md.

pub(crate) mod list;
pub mod mail;
pub(crate) mod notices;
pub(crate) mod pair;
pub(crate) mod people;
pub mod smtp;

use jobbvei_domain::{Role, User};

use crate::auth::Viewer;

/// The roles that receive notices: the ones that follow participants or decide for them.
pub const NOTICE_ROLES: &[Role] = crate::access::READ_ROLES;

/// The header shows their unread count (read with the session, `Db::session`).
pub(crate) fn receives(u: &User) -> bool {
    NOTICE_ROLES.iter().any(|r| u.roles.contains(r))
}

pub(crate) fn receives_notices(v: &Viewer) -> bool {
    receives(&v.user)
}
