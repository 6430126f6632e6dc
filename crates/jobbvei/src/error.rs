//! The command line's error: one message, printed once, in English.

use jobbvei_exchange::ExchangeError;
use jobbvei_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Exchange(#[from] ExchangeError),
    #[error("{0}")]
    Usage(String),
    /// A check that found something wrong (the details are already printed).
    #[error("{0}")]
    Check(String),
    #[error("{context}: {source}")]
    Io { context: String, source: std::io::Error },
}

impl CliError {
    pub fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> CliError {
        let context = context.into();
        move |source| CliError::Io { context, source }
    }
}
