//! This process among several app instances on one database: the name it holds leases
//! under. Random per start, so a restarted instance never mistakes an old lease for its own
//! (it waits for it to run out, as any other instance would).

use std::sync::Arc;

/// One running instance's name in `job_lease.holder`.
#[derive(Debug, Clone)]
pub struct Instance(Arc<str>);

impl Instance {
    /// A fresh name: the process id (to find it in the logs) and a random part.
    pub fn new() -> Instance {
        let random = crate::auth::secret::new_token().map(|t| t.chars().take(12).collect::<String>());
        let random =
            random.unwrap_or_else(|_| format!("{:x}", std::time::UNIX_EPOCH.elapsed().unwrap_or_default().as_nanos()));
        Instance(format!("{}-{random}", std::process::id()).into())
    }

    pub fn id(&self) -> &str {
        &self.0
    }
}

impl Default for Instance {
    fn default() -> Self {
        Instance::new()
    }
}
