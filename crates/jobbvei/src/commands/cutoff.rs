//! Cutting access off: `jobbvei user disable|enable` and `jobbvei token create|list|revoke`.
//! Each change is audited in its own transaction, with the operating-system user as actor.

use chrono::Duration;
use jobbvei_domain::User;
use jobbvei_domain::time::{Clock, SystemClock};
use jobbvei_store::{ApiToken, Db, Location, NewApiToken};
use jobbvei_web::auth::secret::{new_token, token_hash};

use super::users::cli_audit;
use crate::cli::{ListFormat, TokenCreateArgs, TokenListArgs, TokenRevokeArgs, UserNameArgs};
use crate::error::CliError;

/// Longest a token may be made to live.
pub const MAX_TOKEN_DAYS: i64 = 365;

async fn user_named(db: &Db, username: &str) -> Result<User, CliError> {
    db.user_by_username(username).await?.ok_or_else(|| CliError::Usage(format!("no user with username \"{username}\"")))
}

/// Disables (`disable`) or enables a user.
pub async fn disable(location: &Location, args: UserNameArgs, disable: bool) -> Result<(), CliError> {
    let db = location.open().await?;
    let result = async {
        let user = user_named(&db, &args.username).await?;
        let now = SystemClock.now();
        let mut tx = db.begin().await?;
        tx.set_user_disabled(user.id.as_str(), disable.then_some(now)).await?;
        let action = if disable { "user_disable" } else { "user_enable" };
        tx.audit(&cli_audit(action, Some("user"), Some(user.id.as_str()), &["disabled"])).await?;
        tx.commit().await?;
        Ok::<_, CliError>(user)
    }
    .await;
    db.close().await;
    let user = result?;
    if disable {
        println!("{} ({}) is disabled: sign-in, sessions and API tokens are refused", args.username, user.id);
    } else {
        println!("{} ({}) is enabled again", args.username, user.id);
    }
    Ok(())
}

pub async fn create_token(location: &Location, args: TokenCreateArgs) -> Result<(), CliError> {
    let name = args.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(CliError::Usage("--name must be 1–100 characters without control characters".into()));
    }
    if !(1..=MAX_TOKEN_DAYS).contains(&args.days) {
        return Err(CliError::Usage(format!("--days must be 1–{MAX_TOKEN_DAYS}")));
    }
    let random = |_| CliError::Usage("the system's random source failed".into());
    let token = new_token().map_err(random)?;
    let id = new_token().map_err(random)?[..16].to_owned();
    let db = location.open().await?;
    let result = async {
        let user = user_named(&db, &args.username).await?;
        let now = SystemClock.now();
        let new = NewApiToken {
            id: id.clone(),
            token_hash: token_hash(&token),
            user_id: user.id.as_str().to_owned(),
            name,
            created_at: now,
            expires_at: now + Duration::days(args.days),
        };
        let mut tx = db.begin().await?;
        tx.create_api_token(&new).await?;
        tx.audit(&cli_audit("token_create", Some("api_token"), Some(&id), &["user", "name", "expires_at"])).await?;
        tx.commit().await?;
        Ok::<_, CliError>((user, new.expires_at))
    }
    .await;
    db.close().await;
    let (user, expires) = result?;
    println!(
        "API token {id} for {} ({}), valid until {}; it is shown only this once:",
        args.username,
        user.id,
        expires.format("%Y-%m-%d %H:%M UTC")
    );
    println!("{token}");
    Ok(())
}

pub async fn list_tokens(location: &Location, args: TokenListArgs) -> Result<(), CliError> {
    let db = location.open().await?;
    let result = async {
        let owner = match &args.username {
            Some(u) => Some(user_named(&db, u).await?),
            None => None,
        };
        let tokens = db.api_tokens(owner.as_ref().map(|u| u.id.as_str())).await?;
        let mut tx = db.begin().await?;
        tx.audit(&cli_audit("token_list", Some("user"), owner.as_ref().map(|u| u.id.as_str()), &[])).await?;
        tx.commit().await?;
        Ok::<_, CliError>(tokens)
    }
    .await;
    db.close().await;
    let tokens = result?;
    let now = SystemClock.now();
    let day = |t: Option<chrono::DateTime<chrono::Utc>>| t.map_or("-".to_owned(), |t| t.format("%Y-%m-%d").to_string());
    match args.format {
        ListFormat::Text => {
            println!(
                "{:<16} {:<16} {:<24} {:<10} {:<10} {:<10} state",
                "id", "user", "name", "created", "expires", "last used"
            );
            for t in &tokens {
                println!(
                    "{:<16} {:<16} {:<24} {:<10} {:<10} {:<10} {}",
                    t.id,
                    t.username.as_deref().unwrap_or(&t.user_id),
                    t.name,
                    day(Some(t.created_at)),
                    day(t.expires_at),
                    day(t.last_used_at),
                    t.state(now).code()
                );
            }
        }
        ListFormat::Json => {
            let rows: Vec<serde_json::Value> = tokens.iter().map(|t| token_json(t, now)).collect();
            println!("{}", serde_json::Value::Array(rows));
        }
    }
    Ok(())
}

fn token_json(t: &ApiToken, now: chrono::DateTime<chrono::Utc>) -> serde_json::Value {
    serde_json::json!({
        "id": t.id, "user": t.user_id, "username": t.username, "name": t.name,
        "created_at": t.created_at.to_rfc3339(), "expires_at": t.expires_at.map(|e| e.to_rfc3339()),
        "last_used_at": t.last_used_at.map(|e| e.to_rfc3339()), "revoked_at": t.revoked_at.map(|e| e.to_rfc3339()),
        "state": t.state(now).code(),
    })
}

pub async fn revoke_token(location: &Location, args: TokenRevokeArgs) -> Result<(), CliError> {
    let id = args.id.trim().to_owned();
    let db = location.open().await?;
    let result = async {
        let mut tx = db.begin().await?;
        if !tx.revoke_api_token(&id, None, SystemClock.now()).await? {
            tx.rollback().await?;
            return Err(CliError::Usage(format!("no API token with id \"{id}\"")));
        }
        tx.audit(&cli_audit("token_revoke", Some("api_token"), Some(&id), &["revoked_at"])).await?;
        tx.commit().await?;
        Ok::<_, CliError>(())
    }
    .await;
    db.close().await;
    result?;
    println!("API token {id} is revoked");
    Ok(())
}
