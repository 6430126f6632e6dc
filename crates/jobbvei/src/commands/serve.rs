//! `jobbvei serve`

use std::sync::Arc;

use jobbvei_domain::time::SystemClock;
use jobbvei_store::Location;
use jobbvei_web::AppState;

use crate::cli::ServeArgs;
use crate::error::CliError;

pub async fn run(location: &Location, args: ServeArgs) -> Result<(), CliError> {
    let db = location.open().await?;
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .map_err(CliError::io(format!("could not listen on {}", args.bind)))?;
    tracing::info!(address = %args.bind, database = %location.describe(), "Jobbvei is listening");
    eprintln!("Jobbvei is running on http://{} ({})", args.bind, location.describe());
    jobbvei_web::serve(AppState { db: db.clone(), clock: Arc::new(SystemClock) }, listener)
        .await
        .map_err(CliError::io("the server stopped"))?;
    db.close().await;
    Ok(())
}
