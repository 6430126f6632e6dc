//! Who is asking: passwords, sessions, API tokens, and the login and logout pages.

pub(crate) mod draft;
pub mod guard;
pub(crate) mod keys;
pub mod login;
pub mod oidc;
pub mod oidc_flow;
mod oidc_token;
pub mod secret;
pub mod session;
pub mod throttle;

pub use session::{MaybeViewer, Viewer};
