//! Who is asking: passwords, sessions, API tokens and the roles they carry.

pub mod secret;
